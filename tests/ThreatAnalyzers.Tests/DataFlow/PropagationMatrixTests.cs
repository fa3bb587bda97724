using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.DataFlow
{
    /// <summary>
    /// The flow engine's propagation matrix: every form of propagation, each as a program where the value reaches the sink
    /// (found) and a safe variant (silent). Asked through the same API rules use: values of a kind reaching sinks of a kind.
    /// </summary>
    public class PropagationMatrixTests
    {
        private const string SensitiveToLog = "sensitive→log";
        private const string UntrustedToSql = "untrusted→sql";
        private const string UntrustedToProcess = "untrusted→process";
        private const string UntrustedToPath = "untrusted→path";
        private const string UntrustedToRegex = "untrusted→regex";
        private const string UntrustedToSqlOrHtml = "untrusted→sql|html";

        private const string Types = """
            using System;
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Http;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            public class Customer { public int Id { get; set; } [HandlesPii] public string Email { get; set; } public string Tier { get; set; } }
            public record Person([property: HandlesPii] string Name, int Age);
            public class Credentials { public string User { get; set; } [HandlesSecrets] public string Password { get; set; } }
            public class Dto { public string Value { get; set; } public int Number { get; set; } }
            public class Db : DbContext { public DbSet<Customer> Customers { get; set; } }
            public interface IAuditor { void Write(string value); }
            public class LogAuditor(ILogger<LogAuditor> logger) : IAuditor { public void Write(string value) => logger.LogInformation("{Value}", value); }
            public class SilentAuditor : IAuditor { public void Write(string value) { } }
            public abstract class Notifier { public abstract void Send(string value); }
            public class LogNotifier(ILogger<LogNotifier> logger) : Notifier { public override void Send(string value) => logger.LogInformation("{Value}", value); }
            public class QuietNotifier : Notifier { public override void Send(string value) { } }
            public interface IFinder { string Find(int id); }
            public class RequestFinder(HttpRequest request) : IFinder { public string Find(int id) => request.Query["q"]; }
            public static class Validation
            {
                [Validates] public static string Clean(string value) => value;
                [Validates] public static void Check(string value) { if (value.Length > 10) throw new ArgumentException("too long"); }
            }
            public static class Text
            {
                public static string Mask(this string value) => value;
                public static T Same<T>(T value) => value;
            }
            """;

        public static IEnumerable<object[]> Rows() => Matrix.Select(row => new object[] { row.Name, true }).Concat(Matrix.Select(row => new object[] { row.Name, false }));

        [Fact]
        public void TheMatrixHasAtLeastSixtyForms() => Assert.True(Matrix.Count >= 60, $"{Matrix.Count} forms");

        [Theory]
        [MemberData(nameof(Rows))]
        public void Propagation(string form, bool positive)
        {
            var row = Matrix.Single(r => r.Name == form);
            var findings = Run(positive ? row.Members : row.SafeMembers ?? row.Members, positive ? row.Body : row.SafeBody, row.Query, row.Options);
            if (positive)
            {
                Assert.True(findings.Count > 0, $"{form}: the value should reach the sink");
            }
            else
            {
                Assert.True(findings.Count == 0, $"{form}: the safe variant should stay silent, found: {string.Join("; ", findings.Select(f => f.Fact.Origin + " -> " + f.Sink))}");
            }
        }

        [Fact]
        public void LimitReached_IsSaidOnTheFinding()
        {
            var findings = Run(
                """
                void Log(string value) => logger.LogInformation("{Value}", value);
                void A(string value) => B(value);
                void B(string value) => C(value);
                void C(string value) => logger.LogInformation("{Value}", value);
                """,
                "Log(customer.Email); A(customer.Email);",
                SensitiveToLog,
                new FlowOptions(MaxCallDepth: 2, InferSensitiveNames: false));
            var finding = Assert.Single(findings);
            Assert.True(finding.LimitReached);
            Assert.Equal(new[] { "Case.Log" }, finding.Via);
        }

        [Fact]
        public void Paths_NameEveryMethodBetweenSourceAndSink()
        {
            var finding = Assert.Single(Run(
                """
                string Contact(Customer c) => Pick(c);
                string Pick(Customer c) => c.Email;
                void Audit(string value) => Write(value);
                void Write(string value) => logger.LogInformation("{Value}", value);
                """,
                "Audit(Contact(customer));",
                SensitiveToLog));
            Assert.Equal("c.Email", finding.Fact.Origin);
            Assert.Equal(new[] { "Case.Contact", "Case.Pick", "Case.Audit", "Case.Write" }, finding.Via);
            Assert.Equal("ILogger.LogInformation", finding.Sink);
        }

        private static List<FlowFinding> Run(string members, string body, string query, FlowOptions? options = null)
        {
            var source = $$"""
                using System;
                using System.Collections.Generic;
                using System.Data.Common;
                using System.Diagnostics;
                using System.IO;
                using System.Linq;
                using System.Net;
                using System.Text;
                using System.Text.RegularExpressions;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.AspNetCore.Http;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                public partial class Case
                {
                    private readonly ILogger<Case> logger = null!;
                    private readonly DbCommand command = null!;
                    private readonly DbConnection connection = null!;
                    private readonly Db db = null!;

                    [TrustBoundary("Internet")]
                    [Authenticated]
                    public async Task Run(Customer customer, Person person, Credentials credentials, string text, HttpRequest request)
                    {
                        await Task.CompletedTask;
                        {{body}}
                    }

                    {{members}}

                    [LoggerMessage(Level = LogLevel.Information, Message = "Email {Email}")]
                    static partial void LogEmail(ILogger logger, string email);
                }
                """;
            var compilation = CSharpCompilation.Create(
                "Matrix",
                new[] { CSharpSyntaxTree.ParseText(source, path: "/Case.cs"), CSharpSyntaxTree.ParseText(Types, path: "/Types.cs") },
                TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));

            var engine = FlowEngine.Create(compilation, options ?? FlowOptions.Default);
            var (filter, sinks) = query switch
            {
                SensitiveToLog => ((Func<FlowFact, bool>)(f => f.IsSensitive), SinkKind.Log),
                UntrustedToSql => (f => f.Kind == FactKind.Untrusted, SinkKind.SqlText),
                UntrustedToProcess => (f => f.Kind == FactKind.Untrusted, SinkKind.ProcessStart),
                UntrustedToPath => (f => f.Kind == FactKind.Untrusted, SinkKind.FilePath),
                UntrustedToRegex => (f => f.Kind == FactKind.Untrusted, SinkKind.RegexPattern),
                UntrustedToSqlOrHtml => (f => f.Kind == FactKind.Untrusted, SinkKind.SqlText | SinkKind.Html),
                _ => throw new ArgumentException(query),
            };

            // Every body of the class, as the analyzer sees each method.
            var findings = new List<FlowFinding>();
            var tree = compilation.SyntaxTrees.First();
            var model = compilation.GetSemanticModel(tree);
            foreach (var declaration in tree.GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.MethodDeclarationSyntax>())
            {
                if (model.GetOperation(declaration) is { } operation)
                {
                    findings.AddRange(engine.Find(operation, model.GetDeclaredSymbol(declaration), filter, sinks, CancellationToken.None));
                }
            }

            return findings;
        }

        private sealed record Row(string Name, string Query, string Body, string SafeBody, string Members = "", string? SafeMembers = null, FlowOptions? Options = null);

        private static readonly List<Row> Matrix = new()
        {
            // Sensitive data into logs: propagation forms.
            new("member read", SensitiveToLog, "logger.LogInformation(\"{E}\", customer.Email);", "logger.LogInformation(\"{E}\", customer.Tier);"),
            new("local variable", SensitiveToLog, "var e = customer.Email; logger.LogInformation(e);", "var e = customer.Tier; logger.LogInformation(e);"),
            new("assignment chain", SensitiveToLog, "var a = customer.Email; var b = a; string c; c = b; logger.LogInformation(c);", "var a = customer.Tier; var b = a; string c; c = b; logger.LogInformation(c);"),
            new("reassigned variable", SensitiveToLog, "var v = \"x\"; v = customer.Email; logger.LogInformation(v);", "var v = customer.Email; var w = \"x\"; logger.LogInformation(w);"),
            new("concatenation", SensitiveToLog, "logger.LogInformation(\"to \" + customer.Email);", "logger.LogInformation(\"to \" + customer.Id);"),
            new("compound assignment", SensitiveToLog, "var m = \"to \"; m += customer.Email; logger.LogInformation(m);", "var m = \"to \"; m += customer.Tier; logger.LogInformation(m);"),
            new("interpolation", SensitiveToLog, "logger.LogInformation($\"to {customer.Email}\");", "logger.LogInformation($\"to {customer.Id}\");"),
            new("string.Format", SensitiveToLog, "logger.LogInformation(string.Format(\"{0}\", customer.Email));", "logger.LogInformation(string.Format(\"{0}\", customer.Id));"),
            new("string.Concat", SensitiveToLog, "logger.LogInformation(string.Concat(\"a\", customer.Email));", "logger.LogInformation(string.Concat(\"a\", customer.Tier));"),
            new("StringBuilder", SensitiveToLog, "var sb = new StringBuilder(); sb.Append(\"a\").Append(customer.Email); logger.LogInformation(sb.ToString());", "var sb = new StringBuilder(); sb.Append(\"a\").Append(customer.Tier); logger.LogInformation(sb.ToString());"),
            new("library string calls", SensitiveToLog, "logger.LogInformation(customer.Email.Trim().ToUpperInvariant());", "logger.LogInformation(customer.Tier.Trim().ToUpperInvariant());"),
            new("length of a value is not the value", SensitiveToLog, "logger.LogInformation(customer.Email.Substring(1));", "logger.LogInformation(\"{L}\", customer.Email.Length);"),
            new("List.Add then Join", SensitiveToLog, "var list = new List<string>(); list.Add(customer.Email); logger.LogInformation(string.Join(\",\", list));", "var list = new List<string>(); list.Add(customer.Tier); logger.LogInformation(string.Join(\",\", list));"),
            new("collection initializer", SensitiveToLog, "var list = new List<string> { customer.Email }; logger.LogInformation(list.First());", "var list = new List<string> { customer.Tier }; logger.LogInformation(list.First());"),
            new("LINQ projection", SensitiveToLog, "var e = new[] { customer }.Select(c => c.Email).ToList(); logger.LogInformation(\"{E}\", e);", "var ids = new[] { customer }.Select(c => c.Id).ToList(); logger.LogInformation(\"{E}\", ids);"),
            new("LINQ filter keeps elements", SensitiveToLog, "var e = new[] { customer.Email }.Where(x => x.Length > 0).ToArray(); logger.LogInformation(\"{E}\", e);", "var n = new[] { customer.Email }.Count(x => x.Length > 0); logger.LogInformation(\"{N}\", n);"),
            new("dictionary indexer", SensitiveToLog, "var d = new Dictionary<string, string>(); d[\"e\"] = customer.Email; logger.LogInformation(d[\"e\"]);", "var d = new Dictionary<string, string>(); d[\"e\"] = customer.Tier; logger.LogInformation(d[\"e\"]);"),
            new("array element", SensitiveToLog, "var a = new string[2]; a[0] = customer.Email; logger.LogInformation(a[1]);", "var a = new string[2]; a[0] = customer.Tier; logger.LogInformation(a[1]);"),
            new("object initializer", SensitiveToLog, "var dto = new Dto { Value = customer.Email }; logger.LogInformation(\"{D}\", dto);", "var dto = new Dto { Value = customer.Tier }; logger.LogInformation(\"{D}\", dto);"),
            new("member write and read back", SensitiveToLog, "var dto = new Dto(); dto.Value = customer.Email; logger.LogInformation(dto.Value);", "var dto = new Dto(); dto.Value = customer.Email; logger.LogInformation(\"{N}\", dto.Number);"),
            new("constructor arguments", SensitiveToLog, "var t = Tuple.Create(customer.Email, 1); logger.LogInformation(\"{T}\", t);", "var t = Tuple.Create(customer.Tier, 1); logger.LogInformation(\"{T}\", t);"),
            new("anonymous object", SensitiveToLog, "logger.LogInformation(\"{@X}\", new { customer.Email });", "logger.LogInformation(\"{@X}\", new { customer.Id });"),
            new("record positional member", SensitiveToLog, "logger.LogInformation(person.Name);", "logger.LogInformation(\"{A}\", person.Age);"),
            new("record with", SensitiveToLog, "var older = person with { Age = 3 }; logger.LogInformation(\"{P}\", older);", "var older = person with { Age = 3 }; logger.LogInformation(\"{A}\", older.Age);"),
            new("tuple element", SensitiveToLog, "var pair = (customer.Email, customer.Id); logger.LogInformation(pair.Item1);", "var pair = (customer.Tier, customer.Id); logger.LogInformation(pair.Item1);"),
            new("deconstruction", SensitiveToLog, "var (e, id) = (customer.Email, customer.Id); logger.LogInformation(e);", "var (e, id) = (customer.Email, customer.Id); logger.LogInformation(\"{Id}\", id);"),
            new("await", SensitiveToLog, "var e = await Task.FromResult(customer.Email); logger.LogInformation(e);", "var e = await Task.FromResult(customer.Tier); logger.LogInformation(e);"),
            new("lambda capturing the value", SensitiveToLog, "Action a = () => logger.LogInformation(customer.Email); a();", "Action a = () => logger.LogInformation(customer.Tier); a();"),
            new("lambda returning the value", SensitiveToLog, "Func<string> f = () => customer.Email; logger.LogInformation(f());", "Func<string> f = () => customer.Tier; logger.LogInformation(f());"),
            new("local function", SensitiveToLog, "string Wrap(string s) => \"[\" + s + \"]\"; logger.LogInformation(Wrap(customer.Email));", "string Wrap(string s) => \"[\" + s + \"]\"; logger.LogInformation(Wrap(customer.Tier));"),
            new("conditional", SensitiveToLog, "var v = customer.Id > 0 ? customer.Email : \"none\"; logger.LogInformation(v);", "var v = customer.Id > 0 ? customer.Tier : \"none\"; logger.LogInformation(v);"),
            new("coalesce", SensitiveToLog, "logger.LogInformation(customer.Email ?? \"none\");", "logger.LogInformation(customer.Tier ?? \"none\");"),
            new("switch expression", SensitiveToLog, "var v = customer.Id switch { 1 => customer.Email, _ => \"x\" }; logger.LogInformation(v);", "var v = customer.Id switch { 1 => customer.Tier, _ => \"x\" }; logger.LogInformation(v);"),
            new("foreach", SensitiveToLog, "foreach (var e in new[] { customer.Email }) { logger.LogInformation(e); }", "foreach (var e in new[] { customer.Tier }) { logger.LogInformation(e); }"),
            new("loop-carried value", SensitiveToLog, "var v = \"\"; for (var i = 0; i < 2; i++) { logger.LogInformation(v); v = customer.Email; }", "var v = \"\"; for (var i = 0; i < 2; i++) { logger.LogInformation(v); v = customer.Tier; }"),
            new("whole classified object", SensitiveToLog, "logger.LogInformation(\"{@C}\", customer);", "logger.LogInformation(\"{@C}\", new Dto());"),
            new("members of a classified object", SensitiveToLog, "var c = customer; logger.LogInformation(c.Email);", "var c = customer; logger.LogInformation(\"{Id}\", c.Id);"),
            new("[HandlesPii] parameter", SensitiveToLog, "Note(\"x\");", "Note(\"x\");", "void Note([HandlesPii] string note) => logger.LogInformation(note);", "void Note(string note) => logger.LogInformation(note);"),
            new("[HandlesPii] return value", SensitiveToLog, "logger.LogInformation(Lookup());", "logger.LogInformation(Lookup());", "[return: HandlesPii] string Lookup() => \"a@b.c\";", "string Lookup() => \"a@b.c\";"),
            new("Identity [PersonalData]", SensitiveToLog, "logger.LogInformation(new User().Phone);", "logger.LogInformation(new User().Phone);", "class User { [Microsoft.AspNetCore.Identity.PersonalData] public string Phone { get; set; } }", "class User { public string Phone { get; set; } }"),
            new("secrets", SensitiveToLog, "logger.LogInformation(credentials.Password);", "logger.LogInformation(credentials.User);"),
            new("Serilog", SensitiveToLog, "Serilog.Log.Information(\"{E}\", customer.Email);", "Serilog.Log.Information(\"{E}\", customer.Tier);"),
            new("Console", SensitiveToLog, "Console.WriteLine(customer.Email);", "Console.WriteLine(customer.Tier);"),
            new("Debug", SensitiveToLog, "Debug.WriteLine(customer.Email);", "Debug.WriteLine(customer.Tier);"),
            new("Trace", SensitiveToLog, "Trace.TraceInformation(customer.Email);", "Trace.TraceInformation(customer.Tier);"),
            new("[LoggerMessage] method", SensitiveToLog, "LogEmail(logger, customer.Email);", "LogEmail(logger, customer.Tier);"),

            // Interprocedural, both directions, dispatch.
            new("sink in the callee", SensitiveToLog, "Audit(customer.Email);", "Audit(customer.Tier);", "void Audit(string s) => logger.LogInformation(s);"),
            new("sink two calls down", SensitiveToLog, "A(customer.Email);", "A(customer.Tier);", "void A(string s) => B(\"p:\" + s); void B(string s) => logger.LogInformation(s);"),
            new("source in the callee", SensitiveToLog, "logger.LogInformation(Contact(customer));", "logger.LogInformation(Contact(customer));", "string Contact(Customer c) => c.Email;", "string Contact(Customer c) => c.Tier;"),
            new("source two calls down", SensitiveToLog, "logger.LogInformation(A(customer));", "logger.LogInformation(A(customer));", "string A(Customer c) => B(c); string B(Customer c) => c.Email;", "string A(Customer c) => B(c); string B(Customer c) => c.Tier;"),
            new("object passed, member logged in callee", SensitiveToLog, "Show(new Dto { Value = customer.Email });", "Show(new Dto { Value = customer.Tier });", "void Show(Dto d) => logger.LogInformation(d.Value);"),
            new("classified object passed, safe member logged in callee", SensitiveToLog, "Show(customer);", "ShowId(customer);", "void Show(Customer c) => logger.LogInformation(c.Email);", "void ShowId(Customer c) => logger.LogInformation(\"{Id}\", c.Id);"),
            new("through an interface", SensitiveToLog, "IAuditor a = new SilentAuditor(); a.Write(customer.Email);", "IAuditor a = new SilentAuditor(); a.Write(customer.Tier);"),
            new("through a virtual method", SensitiveToLog, "Notifier n = new QuietNotifier(); n.Send(customer.Email);", "Notifier n = new QuietNotifier(); n.Send(customer.Tier);"),
            new("async callee", SensitiveToLog, "await AuditAsync(customer.Email);", "await AuditAsync(customer.Tier);", "async Task AuditAsync(string s) { await Task.Yield(); logger.LogInformation(s); }"),
            new("extension method", SensitiveToLog, "logger.LogInformation(customer.Email.Mask());", "logger.LogInformation(customer.Tier.Mask());"),
            new("generic method", SensitiveToLog, "logger.LogInformation(Text.Same(customer.Email));", "logger.LogInformation(Text.Same(customer.Tier));"),
            new("recursion terminates", SensitiveToLog, "Loop(customer.Email, 3);", "Loop(customer.Tier, 3);", "void Loop(string s, int n) { if (n > 0) Loop(s, n - 1); else logger.LogInformation(s); }"),
            new("mutual recursion terminates", SensitiveToLog, "Ping(customer.Email, 3);", "Ping(customer.Tier, 3);", "void Ping(string s, int n) { if (n > 0) Pong(s, n - 1); } void Pong(string s, int n) { logger.LogInformation(s); Ping(s, n); }"),

            // Untrusted data into sinks, and sanitizers per kind.
            new("request into SQL text", UntrustedToSql, "command.CommandText = \"select * from t where x = '\" + request.Query[\"q\"] + \"'\";", "command.CommandText = \"select * from t where x = @x\";"),
            new("int.Parse sanitizes", UntrustedToSql, "command.CommandText = \"select * from t where id = \" + request.Query[\"id\"];", "command.CommandText = \"select * from t where id = \" + int.Parse(request.Query[\"id\"]);"),
            new("Guid.Parse sanitizes", UntrustedToSql, "command.CommandText = \"select \" + text;", "command.CommandText = \"select \" + Guid.Parse(text);"),
            new("enum parse sanitizes", UntrustedToSql, "command.CommandText = \"select \" + text;", "command.CommandText = \"select \" + Enum.Parse<DayOfWeek>(text);"),
            new("bool parse sanitizes", UntrustedToSql, "command.CommandText = \"select \" + text;", "command.CommandText = \"select \" + bool.Parse(text);"),
            new("[Validates] return value", UntrustedToSql, "command.CommandText = \"select \" + text;", "command.CommandText = \"select \" + Validation.Clean(text);"),
            new("[Validates] checked argument", UntrustedToSql, "command.CommandText = \"select \" + text;", "Validation.Check(text); command.CommandText = \"select \" + text;"),
            new("HTML encoding is not SQL-safe", UntrustedToSqlOrHtml, "command.CommandText = \"select \" + WebUtility.HtmlEncode(text);", "((Microsoft.AspNetCore.Mvc.ControllerBase)null!).Content(WebUtility.HtmlEncode(text));"),
            new("console input into a process", UntrustedToProcess, "Process.Start(Console.ReadLine());", "Process.Start(\"notepad\");"),
            // A value put into a collection held in a member is in that member, not in the object's other members.
            new("Add to a member's collection, read back", UntrustedToPath, "var post = new Post(); post.Comments.Add(text); File.ReadAllText(\"/data/\" + post.Comments[0]);", "var post = new Post(); post.Comments.Add(text); File.ReadAllText(\"/data/\" + post.ID + \".xml\");", "public class Post { public string ID { get; set; } public List<string> Comments { get; } = new(); public string[] Slots { get; } = new string[2]; }"),
            new("Insert into a member's collection", UntrustedToPath, "var post = new Post(); post.Comments.Insert(0, text); File.ReadAllText(string.Join(\"/\", post.Comments));", "var post = new Post(); post.Comments.Insert(0, text); File.ReadAllText(Path.Combine(\"/data\", $\"{post.ID}.xml\"));", "public class Post { public string ID { get; set; } public List<string> Comments { get; } = new(); public string[] Slots { get; } = new string[2]; }"),
            new("AddRange to a member's collection", UntrustedToPath, "var post = new Post(); post.Comments.AddRange(new[] { text }); File.ReadAllText(post.Comments.First());", "var post = new Post(); post.Comments.AddRange(new[] { text }); File.ReadAllText(post.ID);", "public class Post { public string ID { get; set; } public List<string> Comments { get; } = new(); public string[] Slots { get; } = new string[2]; }"),
            new("indexer set on a member's collection", UntrustedToPath, "var post = new Post(); post.Comments[0] = text; File.ReadAllText(post.Comments[1]);", "var post = new Post(); post.Comments[0] = text; File.ReadAllText(post.ID);", "public class Post { public string ID { get; set; } public List<string> Comments { get; } = new(); public string[] Slots { get; } = new string[2]; }"),
            new("array element in a member", UntrustedToPath, "var post = new Post(); post.Slots[0] = text; File.ReadAllText(post.Slots[1]);", "var post = new Post(); post.Slots[0] = text; File.ReadAllText(post.ID);", "public class Post { public string ID { get; set; } public List<string> Comments { get; } = new(); public string[] Slots { get; } = new string[2]; }"),
            new("Add to a member's collection, whole object logged", SensitiveToLog, "var post = new Post(); post.Comments.Add(customer.Email); logger.LogInformation(\"{P}\", post);", "var post = new Post(); post.Comments.Add(customer.Email); logger.LogInformation(post.ID);", "public class Post { public string ID { get; set; } public List<string> Comments { get; } = new(); public string[] Slots { get; } = new string[2]; }"),
            new("request into a file path", UntrustedToPath, "File.ReadAllText(\"/data/\" + request.Query[\"f\"]);", "File.ReadAllText(\"/data/\" + Path.GetFileName(request.Query[\"f\"]));"),
            new("entry point parameter into a regex", UntrustedToRegex, "Regex.IsMatch(\"abc\", text);", "Regex.IsMatch(\"abc\", Regex.Escape(text));"),
            new("untrusted source behind an interface", UntrustedToSql, "IFinder f = new RequestFinder(request); command.CommandText = \"select \" + f.Find(1);", "IFinder f = new RequestFinder(request); command.CommandText = \"select \" + f.Find(1).Length;"),
            new("Dapper SQL", UntrustedToSql, "connection.Query<Customer>(\"select * from c where e = '\" + text + \"'\");", "connection.Query<Customer>(\"select * from c where e = @e\", new { e = text });"),
            new("EF Core FromSqlRaw", UntrustedToSql, "db.Customers.FromSqlRaw(\"select * from c where e = '\" + text + \"'\").ToList();", "db.Customers.FromSqlRaw(\"select * from c\").ToList();"),
            new("answer of an [ExternalEntity] into SQL", UntrustedToSql, "command.CommandText = \"select \" + new Bureau().Score();", "command.CommandText = \"select \" + new Bureau().Score().Length;", "[ExternalEntity(\"Bureau\")] class Bureau { public string Score() => \"1\"; }"),
            new("minimal API handler parameter into SQL", UntrustedToSql,
                "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder().Build(), \"/q\", (string q) => { command.CommandText = \"select \" + q; });",
                "Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions.MapGet(Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder().Build(), \"/q\", (int q) => { command.CommandText = \"select \" + q; });"),
            new("parameter member into SQL", UntrustedToSql, "command.CommandText = \"select \" + customer.Tier;", "command.CommandText = \"select \" + customer.Id.ToString();"),
        };
    }
}
