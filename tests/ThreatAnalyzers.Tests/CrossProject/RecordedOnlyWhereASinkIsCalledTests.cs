using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Modeling;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.CrossProject
{
    /// <summary>
    /// The flow recorder binds only the bodies that call a sink by name, or a method that does (read from each file's text
    /// once, kept with its tree): what it records must be what it would record by walking every public method.
    /// </summary>
    public class RecordedOnlyWhereASinkIsCalledTests
    {
        [Fact]
        public async Task MethodsReachingASinkThroughHelpers_ConstructorsAndInterfaces_AreRecorded_OthersAreNot()
        {
            var (record, _) = await CrossProjectHarness.RecordOfAsync("""
                using System.Collections.Generic;
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public interface ISink { void Put(string value); }

                    public sealed class LoggingSink(ILogger<LoggingSink> logger) : ISink
                    {
                        public void Put(string value) => Emit<string>(value);

                        private void Emit<T>(T value) => logger.LogInformation("Put {Value}", value);
                    }

                    public sealed class Forwarder(ISink sink)
                    {
                        // Through the interface, by name: ISink.Put is what LoggingSink.Put implements.
                        public void Forward(string value) => sink.Put(value.Trim());

                        // Three calls away: Relay → Hop → Forward → Put → Emit → LogInformation.
                        public void Relay(string value) { Hop(value); }

                        private void Hop(string value)
                        {
                            Forward(value);
                        }
                    }

                    public sealed class Audited
                    {
                        // A constructor: known by its type's name, as `new Audited(…)` calls it.
                        public Audited(ILogger logger, string subject) => logger.LogWarning("Audit {Subject}", subject);
                    }

                    public static class Text
                    {
                        // Calls nothing that reaches a sink: not recorded.
                        public static string Normalize(string value) => value.Trim().ToUpperInvariant();

                        public static List<string> Words(string value) => new List<string>(value.Split(' '));
                    }
                }
                """);

            var (_, methods) = FlowRecord.Read(record!);
            var names = methods.Select(m => m.Name).ToHashSet();
            Assert.Contains("LoggingSink.Put", names);
            Assert.Contains("ISink.Put", names);
            Assert.Contains("Forwarder.Forward", names);
            Assert.Contains("Forwarder.Relay", names);
            Assert.Contains("Audited..ctor", names);
            Assert.DoesNotContain("Text.Normalize", names);
            Assert.DoesNotContain("Text.Words", names);
        }

        /// <summary>Calls that do not write the sink's name where its parenthesis is: each is still seen.</summary>
        [Fact]
        public async Task CallsNotNamedBeforeTheirParenthesis_StillMakeAMethodReach()
        {
            var (record, _) = await CrossProjectHarness.RecordOfAsync("""
                using Microsoft.Extensions.Logging;
                using Audit = Shop.Data.AuditWriter;

                namespace Shop.Data
                {
                    public class AuditWriter
                    {
                        public AuditWriter(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", subject);
                    }

                    public class TargetTyped
                    {
                        public void Write(ILogger logger, string subject) { AuditWriter writer = new(logger, subject); }
                    }

                    public class Aliased
                    {
                        public void Write(ILogger logger, string subject) { var writer = new Audit(logger, subject); }
                    }

                    public class Derived : AuditWriter
                    {
                        public Derived(ILogger logger, string subject) : base(logger, subject) { }
                    }

                    public class Commented
                    {
                        public void Write(ILogger logger, string subject)
                        {
                            logger.LogInformation // the subject, for the audit
                                ("Audit {Subject}", subject);
                        }
                    }
                }
                """);

            var names = FlowRecord.Read(record!).Methods.Select(m => m.Name).ToHashSet();
            Assert.Contains("Derived..ctor", names);
            Assert.Contains("Commented.Write", names);
        }

        /// <summary>
        /// Which bodies may reach a sink, asked directly: a call through a target-typed new or a using alias of a type whose
        /// constructor reaches one (the flow engine's summaries do not follow a constructor's arguments into its body yet,
        /// so such a method's record would be empty either way: the gate must still let it through).
        /// </summary>
        [Fact]
        public void TargetTypedAndAliasedConstructions_MayReach_AMethodCallingNothing_DoesNot()
        {
            var reaching = ReachingIn(out var compilation, ThreatAnalyzers.Tests.Verifiers.TestReferences.WebWithLibraries, """
                    using Microsoft.Extensions.Logging;
                    using Audit = Shop.Data.AuditWriter;

                    namespace Shop.Data
                    {
                        public class AuditWriter
                        {
                            public AuditWriter(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", subject);
                        }

                        public class Writers
                        {
                            public void TargetTyped(ILogger logger, string subject) { AuditWriter writer = new(logger, subject); }

                            public void Aliased(ILogger logger, string subject) { var writer = new Audit(logger, subject); }

                            public string Quiet(string subject) => subject.Trim();
                        }
                    }
                    """);
            var writers = compilation.GetTypeByMetadataName("Shop.Data.Writers")!;
            bool MayReach(string name) => reaching.MayReach((Microsoft.CodeAnalysis.IMethodSymbol)writers.GetMembers(name).Single());

            Assert.True(MayReach("TargetTyped"));
            Assert.True(MayReach("Aliased"));
            Assert.False(MayReach("Quiet"));
        }

        /// <summary>
        /// Escapes in a file's strings (a parser of escapes) leave its bodies' calls read from the text: a body that calls
        /// no sink does not reach. A call whose name is followed by whitespace the compiler counts and the text's own
        /// definition did not (U+FEFF, U+001A) still reaches, as does a call written with an escaped name.
        /// </summary>
        [Fact]
        public void EscapesInStrings_LeaveCallsRead_AndEveryWayOfWritingACallStillReaches()
        {
            var reaching = ReachingIn(out var compilation, ThreatAnalyzers.Tests.Verifiers.TestReferences.WebWithLibraries, """
                    using Microsoft.Extensions.Logging;

                    namespace Shop.Data
                    {
                        public class Escapes
                        {
                            public string Quiet(string text) => text.Replace("\u00e9", "e");

                            public void ByteOrderMark(ILogger logger, string text) => logger.LogInformation {BOM}(text);

                            public void Substitute(ILogger logger, string text) => logger.LogInformation{SUB}(text);
                        }
                    }
                    """.Replace("{BOM}", "\uFEFF").Replace("{SUB}", "\u001A"), """
                    using Microsoft.Extensions.Logging;

                    namespace Shop.Data
                    {
                        public class EscapedNames
                        {
                            public void Escaped(ILogger logger, string text) => logger.Log\u0049nformation(text);

                            public string Quiet(string text) => text.Trim();
                        }
                    }
                    """);
            bool MayReach(string type, string name)
                => reaching.MayReach((Microsoft.CodeAnalysis.IMethodSymbol)compilation.GetTypeByMetadataName("Shop.Data." + type)!.GetMembers(name).Single());

            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
            Assert.False(MayReach("Escapes", "Quiet"));
            Assert.True(MayReach("Escapes", "ByteOrderMark"));
            Assert.True(MayReach("Escapes", "Substitute"));
            Assert.True(MayReach("EscapedNames", "Escaped"));
        }

        /// <summary>
        /// <c>Replace</c>, <c>Split</c> and <c>Add</c> are also the names of <c>Regex</c>'s and a process argument list's
        /// sinks: they count only where some file writes <c>Regex</c> or <c>ArgumentList</c> (and <c>Replace</c>, a static
        /// method of <c>File</c>, where some file writes <c>File</c>).
        /// </summary>
        [Theory]
        [InlineData("", false, false)]
        [InlineData("public static class Patterns { public static readonly System.Text.RegularExpressions.Regex Digits = new(\"[0-9]+\"); }", true, false)]
        [InlineData("public static class Shell { public static void Arg(System.Diagnostics.ProcessStartInfo start, string a) => start.ArgumentList.Add(a); }", false, true)]
        public void ACommonNameOfASink_MayReach_OnlyWhereTheWordItNeedsIsWritten(string elsewhere, bool regexNamesReach, bool addReaches)
        {
            var reaching = ReachingIn(out var compilation, ThreatAnalyzers.Tests.Verifiers.TestReferences.Library, """
                using System.Collections.Generic;

                namespace Shop.Text
                {
                    public class Words
                    {
                        private readonly List<string> kept = new();

                        public string Clean(string value) => value.Replace(",", " ");

                        public string[] Split(string value) => value.Split(' ');

                        public void Keep(string value) => kept.Add(value);
                    }
                }
                """, elsewhere);
            var words = compilation.GetTypeByMetadataName("Shop.Text.Words")!;
            bool MayReach(string name) => reaching.MayReach((Microsoft.CodeAnalysis.IMethodSymbol)words.GetMembers(name).Single());

            Assert.Equal(regexNamesReach, MayReach("Clean"));
            Assert.Equal(regexNamesReach, MayReach("Split"));
            Assert.Equal(addReaches, MayReach("Keep"));
        }

        /// <summary>A static sink is written with its type's name: qualified, or once in a <c>using static</c> of another file.</summary>
        [Fact]
        public void AStaticSink_CalledUnderAUsingStaticInAnotherFile_MayReach()
        {
            var reaching = ReachingIn(out var compilation, ThreatAnalyzers.Tests.Verifiers.TestReferences.Library, """
                namespace Shop.Text
                {
                    public class Reader
                    {
                        public string Read(string path) => ReadAllText(path);
                    }
                }
                """, "global using static System.IO.File;");

            var reader = compilation.GetTypeByMetadataName("Shop.Text.Reader")!;
            Assert.True(reaching.MayReach((Microsoft.CodeAnalysis.IMethodSymbol)reader.GetMembers("Read").Single()));
        }

        /// <summary>
        /// What each file calls is kept with its tree: in the next compilation (an edit) only the edited file is read
        /// again, and a method whose chain to the sink ran through the edited file no longer reaches.
        /// </summary>
        [Fact]
        public void AnEditedFile_IsReadAgain_AndAChainThroughItIsJoinedAnew_TheOtherFilesAreNotReadAgain()
        {
            var helperLogs = """
                using Microsoft.Extensions.Logging;
                namespace Shop.Data { public static class AuditLog { public static void Note(ILogger logger, string text) => logger.LogInformation(text); } }
                """;
            var reaching = ReachingIn(out var compilation, ThreatAnalyzers.Tests.Verifiers.TestReferences.WebWithLibraries, """
                using Microsoft.Extensions.Logging;
                namespace Shop.Data { public class Orders { public void Place(ILogger logger, string email) => AuditLog.Note(logger, email); } }
                """, helperLogs);
            var orders = compilation.SyntaxTrees.First();
            var helper = compilation.SyntaxTrees.Last();
            var ordersCalls = FileCalls.Of(orders, default);
            bool Places(Microsoft.CodeAnalysis.Compilation c, SinkReachingNames r)
                => r.MayReach((Microsoft.CodeAnalysis.IMethodSymbol)c.GetTypeByMetadataName("Shop.Data.Orders")!.GetMembers("Place").Single());
            Assert.True(Places(compilation, reaching));

            var edited = compilation.ReplaceSyntaxTree(helper, helper.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(helperLogs.Replace("logger.LogInformation(text)", "text.Trim()"))));
            var afterEdit = SinkReachingNames.Create(edited, FlowCatalog.Create(edited), ReferencedSummaries.None, default);

            Assert.Same(ordersCalls, FileCalls.Of(edited.SyntaxTrees.First(), default));
            Assert.NotSame(FileCalls.Of(helper, default), FileCalls.Of(edited.SyntaxTrees.Last(), default));
            Assert.False(Places(edited, afterEdit));
        }

        /// <summary>
        /// The threads that ask share the reading of the files (each takes the next one not taken): whatever the threads
        /// and their timing, the join gives what one thread reading every file gives.
        /// </summary>
        [Fact]
        public async Task FilesReadByManyThreads_GiveWhatOneThreadReadingThemAllGives()
        {
            var files = Enumerable.Range(0, 40).Select(i => $$"""
                using Microsoft.Extensions.Logging;
                namespace Shop.Data
                {
                    public class Step{{i}}
                    {
                        public void Run(ILogger logger, string value) => {{(i == 0 ? "logger.LogInformation(value)" : $"new Step{i - 1}().Run(logger, value)")}};
                        public string Quiet(string value) => value.Trim();
                    }
                }
                """).ToArray();
            var compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "Shop",
                files.Select((text, i) => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, path: $"/src/Shop/Step{i}.cs")),
                ThreatAnalyzers.Tests.Verifiers.TestReferences.WebWithLibraries,
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
            var catalog = FlowCatalog.Create(compilation);
            var reading = SinkReachingNames.Start(compilation, catalog, ReferencedSummaries.None);
            var helpers = Enumerable.Range(0, 8).Select(_ => System.Threading.Tasks.Task.Run(() => reading.Help(default))).ToArray();
            var shared = reading.Finish(default);
            await Task.WhenAll(helpers);
            var alone = SinkReachingNames.Start(compilation, catalog, ReferencedSummaries.None).Finish(default);

            var methods = Enumerable.Range(0, 40).SelectMany(i => compilation.GetTypeByMetadataName($"Shop.Data.Step{i}")!.GetMembers().OfType<Microsoft.CodeAnalysis.IMethodSymbol>()).ToList();
            Assert.All(methods, method => Assert.Equal(alone.MayReach(method), shared.MayReach(method)));
            Assert.Equal(40, methods.Count(method => method.Name == "Run" && shared.MayReach(method)));
            Assert.DoesNotContain(methods, method => method.Name == "Quiet" && shared.MayReach(method));
        }

        /// <summary>Which bodies of a library made of these files may reach a sink.</summary>
        private static SinkReachingNames ReachingIn(
            out Microsoft.CodeAnalysis.Compilation compilation,
            System.Collections.Immutable.ImmutableArray<Microsoft.CodeAnalysis.MetadataReference> references,
            params string[] files)
        {
            compilation = Microsoft.CodeAnalysis.CSharp.CSharpCompilation.Create(
                "Shop",
                files.Select((text, i) => Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(text, path: $"/src/Shop/File{i}.cs")),
                references,
                new Microsoft.CodeAnalysis.CSharp.CSharpCompilationOptions(Microsoft.CodeAnalysis.OutputKind.DynamicallyLinkedLibrary));
            return SinkReachingNames.Create(compilation, FlowCatalog.Create(compilation), ReferencedSummaries.None, default);
        }

        [Fact]
        public async Task AMethodCallingOnlyAMethodOfTheSameNameAsASink_IsLookedAtButNotRecorded()
        {
            // "Add" is the name of a sink's method: the text says "may", the binder says it is a list's.
            var (record, _) = await CrossProjectHarness.RecordOfAsync("""
                using System.Collections.Generic;

                namespace Shop.Data
                {
                    public sealed class Bag
                    {
                        private readonly List<string> items = new();

                        public void Keep(string value) => items.Add(value);
                    }
                }
                """);

            Assert.Empty(FlowRecord.Read(record!).Methods);
        }

        /// <summary>
        /// Where the rules' flow analysis runs (a web app), the recorder asks the rules' own question of each public body
        /// (a sink called, or a callee whose summary reaches one) and reads no file's text for its gate: the record is what
        /// the gate gives, method for method.
        /// </summary>
        [Fact]
        public async Task WhereTheRulesSummarizeTheBodies_TheRecordIsWhatTheTextGateGives_AndNoFileIsRead()
        {
            const string Services = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;

                namespace Shop.Web
                {
                    public sealed class Audit(ILogger<Audit> logger)
                    {
                        public void Note(string email) => logger.LogInformation("Contact changed to {Email}", email);
                    }

                    public sealed class Orders(Audit audit, HttpClient http)
                    {
                        public void Place(string email) => audit.Note(email.Trim());

                        public Task Send(string body) => http.PostAsync("https://partner.example.com/orders", new StringContent(body));

                        public static string Normalize(string value) => value.Trim().ToUpperInvariant();
                    }
                }
                """;
            const string Program = """
                using Microsoft.AspNetCore.Builder;
                using Shop.Web;

                var app = WebApplication.Create();
                app.MapPost("/orders", (string email, Orders orders) => orders.Place(email));
                app.Run();
                """;
            CSharpCompilation Web() => ModelHarness.CreateCompilation(new[] { Services, Program }, kind: OutputKind.ConsoleApplication, assemblyName: "Shop.Web");

            // No annotation is written, so the gate reads every file's calls when it runs.
            var gated = Web();
            var throughTheGate = await RecordAsync(gated, new RecorderAlone(rulesSummarizeBodies: false));
            Assert.All(gated.SyntaxTrees, tree => Assert.True(FileCalls.WasRead(tree)));
            var recorded = FlowRecord.Read(throughTheGate).Methods.Select(method => method.Name).ToList();
            Assert.Contains("Audit.Note", recorded);
            Assert.Contains("Orders.Place", recorded);
            Assert.DoesNotContain("Orders.Normalize", recorded);

            var shared = Web();
            Assert.Equal(throughTheGate, await RecordAsync(shared, new RecorderAlone(rulesSummarizeBodies: true)));
            Assert.DoesNotContain(shared.SyntaxTrees, FileCalls.WasRead);

            // The shared pass decides so for a web app, and its record is the same.
            var shipped = Web();
            Assert.Equal(throughTheGate, await RecordAsync(shipped, new ThreatRulesAnalyzer()));
            Assert.DoesNotContain(shipped.SyntaxTrees, FileCalls.WasRead);

            // The sample declares [DataStore] and [ExternalEntity] (any call may then be a sink, so there is no text gate
            // and each public body is walked): the rules' question records the same methods there too.
            var sampleWalked = await RecordAsync(SampleModelTests.SampleCompilation(), new RecorderAlone(rulesSummarizeBodies: false));
            Assert.True(FlowRecord.Read(sampleWalked).Methods.Length >= 5, sampleWalked);
            Assert.Equal(sampleWalked, await RecordAsync(SampleModelTests.SampleCompilation(), new RecorderAlone(rulesSummarizeBodies: true)));
        }

        /// <summary>
        /// A body that only sets a member of a persisted type that grants privilege (<c>user.IsAdmin = isAdmin</c>) hands the
        /// caller's value to a sink (TA6004's): the text gate lets it through, as the rules' question does, so a library no
        /// flow rule looks at records it too.
        /// </summary>
        [Fact]
        public async Task ABodyThatSetsAPrivilegeGrantingMember_IsRecorded_ThroughEitherGate()
        {
            const string Library = """
                using Microsoft.EntityFrameworkCore;

                namespace Shop.Data
                {
                    public class AppUser
                    {
                        public int Id { get; set; }
                        public string Name { get; set; } = "";
                        public bool IsAdmin { get; set; }
                    }

                    public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                    {
                        public DbSet<AppUser> Users => Set<AppUser>();
                    }

                    public static class Accounts
                    {
                        public static void Promote(AppUser user, bool isAdmin) { user.IsAdmin = isAdmin; }

                        public static void Rename(AppUser user, string name) { user.Name = name; }
                    }
                }
                """;
            CSharpCompilation Data() => ModelHarness.CreateCompilation(new[] { Library }, assemblyName: "Shop.Data");

            var gated = Data();
            var throughTheGate = await RecordAsync(gated, new RecorderAlone(rulesSummarizeBodies: false));
            Assert.All(gated.SyntaxTrees, tree => Assert.True(FileCalls.WasRead(tree)));
            var recorded = FlowRecord.Read(throughTheGate).Methods;
            var promote = Assert.Single(recorded);
            Assert.Equal("Accounts.Promote", promote.Name);
            Assert.Contains(promote.Sinks, sink => sink.Parameter == 1 && (sink.Kind & SinkKind.Privilege) != 0);

            Assert.Equal(throughTheGate, await RecordAsync(Data(), new RecorderAlone(rulesSummarizeBodies: true)));
        }

        /// <summary>A sink property set as an element of a deconstruction is seen by either gate, as the flow engine sees it.</summary>
        [Fact]
        public async Task ASinkPropertySetByADeconstruction_IsRecorded_ThroughEitherGate()
        {
            const string Library = """
                using System.Data.Common;

                namespace Shop.Data
                {
                    public static class Queries
                    {
                        public static void Prepare(DbCommand command, string sql)
                        {
                            int timeout;
                            (command.CommandText, timeout) = (sql, 30);
                            command.CommandTimeout = timeout;
                        }
                    }
                }
                """;
            CSharpCompilation Data() => ModelHarness.CreateCompilation(new[] { Library }, assemblyName: "Shop.Data");

            var throughTheGate = await RecordAsync(Data(), new RecorderAlone(rulesSummarizeBodies: false));
            var prepare = Assert.Single(FlowRecord.Read(throughTheGate).Methods);
            Assert.Equal("Queries.Prepare", prepare.Name);
            Assert.Contains(prepare.Sinks, sink => sink.Parameter == 1 && (sink.Kind & SinkKind.SqlText) != 0);
            Assert.Equal(throughTheGate, await RecordAsync(Data(), new RecorderAlone(rulesSummarizeBodies: true)));
        }

        /// <summary>
        /// The shipped analyzer asks the record's question in the rules' own walk of each body: constructors with
        /// <c>: base(…)</c> and <c>: this(…)</c> (no operation block is all of their body) and a file where every flow rule is switched off (the
        /// rules walk nothing there) are still asked, and its record is the one the recorder on its own gives.
        /// </summary>
        [Fact]
        public async Task TheShippedAnalyzer_RecordsWhatTheRecorderAloneRecords_WithRulesOffAndBaseInitializers()
        {
            const string Library = """
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public class Named(string name) { public string Name { get; } = name; }

                    public sealed class Customer : Named
                    {
                        public Customer(ILogger<Customer> logger, string email) : base(email) => logger.LogInformation("Customer {Email}", email);

                        public Customer(ILogger<Customer> logger, string email, string phone) : this(logger, email) => logger.LogInformation("Phone {Phone}", phone);
                    }

                    public static class Audit
                    {
                        public static void Note(ILogger logger, string text) => logger.LogInformation("Note {Text}", text);

                        public static int Length(string text) => text.Length;
                    }
                }
                """;
            CSharpCompilation Data(bool rulesOff)
            {
                var compilation = ModelHarness.CreateCompilation(new[] { Library }, assemblyName: "Shop.Data");
                return rulesOff
                    ? compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(
                        ThreatRules.All.OfType<FlowRule>().Select(rule => new KeyValuePair<string, ReportDiagnostic>(rule.Definition.Id, ReportDiagnostic.Suppress))))
                    : compilation;
            }

            var alone = await RecordAsync(Data(rulesOff: false), new RecorderAlone(rulesSummarizeBodies: true));
            var recorded = FlowRecord.Read(alone).Methods.Select(method => method.Name).ToList();
            Assert.Contains("Audit.Note", recorded);
            Assert.Equal(2, recorded.Count(name => name.StartsWith("Customer.", System.StringComparison.Ordinal)));
            Assert.DoesNotContain("Audit.Length", recorded);

            // The rules' flow analysis runs on this library (so the record comes from the rules' walk, not the text gate).
            var analyzed = new BodiesAnalyzed();
            Assert.Equal(alone, await RecordAsync(Data(rulesOff: false), new ThreatRulesAnalyzer(ThreatRules.All, analyzed)));
            Assert.Contains("Note", analyzed.Owners.Keys);
            Assert.Equal(alone, await RecordAsync(Data(rulesOff: true), new ThreatRulesAnalyzer()));
        }

        /// <summary>The owners of the bodies the rules' flow analysis analyzed.</summary>
        private sealed class BodiesAnalyzed : IAnalysisObserver
        {
            public ConcurrentDictionary<string, bool> Owners { get; } = new();

            public void StateCreated(CompilationAnalysis analysis)
            {
            }

            public void BodyAnalyzed(ISymbol owner, SyntaxNode body) => Owners.TryAdd(owner.Name, true);

            public void BodyWalked(ISymbol owner, bool aroundWords)
            {
            }
        }

        private static async Task<string> RecordAsync(Compilation compilation, DiagnosticAnalyzer analyzer)
        {
            var options = new Dictionary<string, string>
            {
                ["build_property.ThreatAnalyzersBuildDate"] = ThreatAnalyzers.Tests.Verifiers.TestSetup.BuildDate,
                ["build_property." + SummaryRecorder.Property] = "true",
            };
            var diagnostics = await compilation
                .WithAnalyzers(
                    ImmutableArray.Create(analyzer),
                    new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new CrossProjectHarness.Options(options)), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return diagnostics.Single(d => d.Id == SummaryRecorder.Id).Properties[SummaryRecorder.RecordProperty]!;
        }

        /// <summary>The recorder on the shared state, with the gate chosen by the test.</summary>
#pragma warning disable RS1001 // Test analyzer, handed to the driver directly.
        private sealed class RecorderAlone(bool rulesSummarizeBodies) : DiagnosticAnalyzer
#pragma warning restore RS1001
        {
            public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(SummaryRecorder.Descriptor);

            public override void Initialize(AnalysisContext context)
            {
                context.EnableConcurrentExecution();
                context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
                context.RegisterCompilationStartAction(start =>
                {
                    var recorder = new SummaryRecorder(CompilationAnalysis.Create(start.Compilation, start.Options), rulesSummarizeBodies, start.CancellationToken);
                    start.RegisterOperationBlockAction(recorder.Record);
                    start.RegisterCompilationEndAction(recorder.Report);
                });
            }
        }
    }
}
