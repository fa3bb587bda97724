using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Json.Schema;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// The artifacts of a small portal: the model analyzer's intermediate model, and the four formats rendered from the model
    /// as the build step renders them: valid against their schemas, deterministic, and not in the assembly.
    /// </summary>
    public class ArtifactTests
    {
        private static readonly string[] Portal =
        {
            """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;
            using Portal;
            using ThreatAnalyzers;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddDbContext<PortalDb>(o => o.UseSqlite("Data Source=portal.db"));
            var app = builder.Build();
            app.MapGet("/customers/{id}", (int id, PortalDb db) => db.Customers.FindAsync(id));
            app.MapPost("/customers", (Customer c, CustomerService service) => service.Register(c)).RequireAuthorization();
            app.MapGet("/tiers", [AcceptsRisk("TA1001", "Public price list", Owner = "Team Portal", Expires = "2027-06-30")] () => new[] { "gold" });
            app.Run();
            """,
            """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            namespace Portal
            {
                [HandlesPii]
                public class Customer { public int Id { get; set; } public string Email { get; set; } }

                [DataStore("Customer database")]
                public class PortalDb : DbContext { public DbSet<Customer> Customers { get; set; } }

                [ExternalEntity("Credit bureau")]
                [EncryptedInTransit]
                public class CreditBureau(HttpClient http)
                {
                    public Task Check(Customer customer) => http.PostAsync("v1/check", null);
                }

                public class CustomerService(PortalDb db, CreditBureau bureau, ILogger<CustomerService> logger)
                {
                    public async Task Register(Customer customer)
                    {
                        logger.LogInformation("Registering a customer");
                        db.Customers.Add(customer);
                        await db.SaveChangesAsync();
                        await bureau.Check(customer);
                    }
                }

                [TrustBoundary("Payment provider")]
                [Mitigates("TA1001", "HMAC signature on every callback")]
                public class PaymentWebhook
                {
                    public bool Receive(string body) => body.Length > 0;
                }
            }
            """,
        };

        [Fact]
        public void ThreatDragonExport_PassesTheThreatDragonSchema_Strictly()
        {
            var threatDragon = ThreatDragonRenderer.Render(ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication).BuiltModel());
            AssertValid("threat-dragon-v2.schema.json", threatDragon);
            Assert.DoesNotContain("null", threatDragon.Split('\n').Select(l => l.Trim().TrimEnd(',')).Where(l => l.EndsWith("null", StringComparison.Ordinal)));
        }

        [Fact]
        public void JsonModel_PassesItsPublishedSchema()
            => AssertValid("threat-model.schema.json", ModelJsonRenderer.Render(ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication).BuiltModel()));

        [Fact]
        public void IntermediateModel_IsTheModel_WithEachFlowsViaMethods()
        {
            var harness = ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication);
            Assert.Equal(ModelJsonRenderer.Render(harness.BuiltModel(), intermediate: true), harness.Artifacts()[ModelJsonRenderer.IntermediateFileName]);
            var model = harness.Model();
            Assert.Equal(new[] { "M:Portal.CustomerService.Register(Portal.Customer)" }, model.Flow("POST /customers", "Customer database")!.Value.Via());
            Assert.Equal(new[] { "M:Portal.CustomerService.Register(Portal.Customer)" }, model.Flow("POST /customers", "Logs")!.Value.Via());
            Assert.Equal(new[] { "M:Program.{Main}$(System.String[])" }, model.Flow("Customer database", "GET /customers/{id}")!.Value.Via());
            Assert.Empty(model.Flow("Client", "POST /customers")!.Value.Via());
        }

        [Fact]
        public void ThreatDragonExport_PlacesEveryElementInsideItsBoundaryBox()
        {
            var harness = ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication);
            var model = harness.Model();
            var td = JsonDocument.Parse(ThreatDragonRenderer.Render(harness.BuiltModel())).RootElement;
            var cells = td.GetProperty("detail").GetProperty("diagrams")[0].GetProperty("cells").EnumerateArray().ToList();
            var boxes = cells.Where(c => c.GetProperty("data").GetProperty("type").GetString() == "tm.BoundaryBox").ToList();
            var nodes = cells.Where(c => c.GetProperty("shape").GetString() is "actor" or "process" or "store").ToList();
            var boundaryNames = model.GetProperty("boundaries").EnumerateArray().ToDictionary(b => b.GetProperty("id").GetString()!, b => b.GetProperty("name").GetString()!);

            Assert.Equal(model.GetProperty("boundaries").GetArrayLength(), boxes.Count);
            Assert.Equal(model.GetProperty("elements").GetArrayLength(), nodes.Count);
            foreach (var element in model.GetProperty("elements").EnumerateArray())
            {
                var node = nodes.Single(n => n.GetProperty("data").GetProperty("name").GetString() == element.GetProperty("name").GetString());
                var box = boxes.Single(b => b.GetProperty("data").GetProperty("name").GetString() == boundaryNames[element.GetProperty("boundary").GetString()!]);
                var containing = boxes.Where(b => Inside(node, b)).ToList();
                Assert.True(containing.Count == 1 && Inside(node, box),
                    $"{element.GetProperty("name").GetString()} must lie inside exactly its own boundary box");
            }

            var flows = cells.Where(c => c.GetProperty("shape").GetString() == "flow").ToList();
            Assert.Equal(model.GetProperty("flows").GetArrayLength(), flows.Count);
            var ids = cells.Select(c => c.GetProperty("id").GetString()).ToHashSet();
            Assert.All(flows, f => Assert.Contains(f.GetProperty("source").GetProperty("cell").GetString(), ids));
            Assert.All(flows, f => Assert.Contains(f.GetProperty("target").GetProperty("cell").GetString(), ids));
        }

        [Fact]
        public void Sarif_HasTheRuleMetadataOfTheCompilation()
        {
            var sarif = JsonDocument.Parse(SarifRenderer.Render(ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication).BuiltModel(), projectPathFromRepositoryRoot: null)).RootElement;
            Assert.Equal("2.1.0", sarif.GetProperty("version").GetString());
            var run = sarif.GetProperty("runs")[0];
            var rule = run.GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().Single(r => r.GetProperty("id").GetString() == "TA1001");
            Assert.Equal(RuleCatalog.Find("TA1001")!.HelpLink, rule.GetProperty("helpUri").GetString());
            Assert.Equal("Spoofing", rule.GetProperty("properties").GetProperty("category").GetString());
            Assert.Contains("CWE-306", rule.GetProperty("properties").GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
            Assert.Equal("8.0", rule.GetProperty("properties").GetProperty("security-severity").GetString());
        }

        [Fact]
        public void Markdown_DrawsTheBoundariesAsSubgraphs_AndPiiOnTheEdges()
        {
            var markdown = MarkdownRenderer.Render(ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication).BuiltModel(), "../../../../");
            Assert.Contains("```mermaid\nflowchart LR\n", markdown, StringComparison.Ordinal);
            Assert.Contains("subgraph b_internet[\"Internet\"]", markdown, StringComparison.Ordinal);
            Assert.Contains("subgraph b_payment_provider[\"Payment provider\"]", markdown, StringComparison.Ordinal);
            Assert.Contains("[(\"Customer database\")]", markdown, StringComparison.Ordinal);
            Assert.Contains("-->|\"PII\"|", markdown, StringComparison.Ordinal);
            Assert.Contains("[File0.cs:11](../../../../File0.cs#L11)", markdown, StringComparison.Ordinal);
            // The personal-data inventory: the model without threats (the model analyzer's), so no state rests on a rule's silence;
            // the log line carries no personal data, so nothing is logged.
            var inventory = markdown.Substring(markdown.IndexOf("## Personal-data inventory", StringComparison.Ordinal));
            Assert.Contains("The threats are unknown in this build", inventory, StringComparison.Ordinal);
            Assert.Contains("| Customer database | data store | Clinic | stores | at rest: not declared, TA4003 not evaluated; in transit: not declared, TA4002 not evaluated | — | not declared | — |", inventory, StringComparison.Ordinal);
            Assert.Contains("| Credit bureau | external entity | External services | receives | encrypted in transit ([EncryptedInTransit]) | — | — | — |", inventory, StringComparison.Ordinal);
            Assert.Contains("| GET /customers/{id} | process | Clinic | receives, sends | — | **none** | not declared, TA3001 not evaluated | — |", inventory, StringComparison.Ordinal);
            Assert.Contains("| POST /customers | process | Clinic | receives, sends | — | required | not declared, TA3001 not evaluated | — |", inventory, StringComparison.Ordinal);
            Assert.DoesNotContain("| Logs |", inventory, StringComparison.Ordinal);
        }

        [Fact]
        public void Artifacts_AreDeterministic_WhateverTheOrderOfFiles_AndHoldNoAbsolutePath()
        {
            var first = ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication).Artifacts();
            var again = ModelHarness.Run(Portal, kind: OutputKind.ConsoleApplication).Artifacts();
            var reordered = ModelHarness.Run(
                ModelHarness.CreateCompilation(Portal, kind: OutputKind.ConsoleApplication)
                    .RemoveAllSyntaxTrees()
                    .AddSyntaxTrees(ModelHarness.CreateCompilation(Portal, kind: OutputKind.ConsoleApplication).SyntaxTrees.Reverse())).Artifacts();

            Assert.Equal(new[] { ModelJsonRenderer.IntermediateFileName }, first.Keys);
            foreach (var (name, content) in first)
            {
                Assert.Equal(content, again[name]);
                Assert.Equal(content, reordered[name]);
                Assert.DoesNotContain(ModelHarness.ProjectDirectory, content, StringComparison.Ordinal);
            }
        }

        [Fact]
        public async System.Threading.Tasks.Task AFileWhoseReadingThrows_LeavesNoModel_NotOneWithoutThatFile()
        {
            // The driver reports a callback's exception (AD0001) and goes on with the other files and the compilation's end:
            // a model reported then would lack the file's facts and be taken for complete.
            var compilation = ModelHarness.CreateCompilation(Portal, kind: OutputKind.ConsoleApplication);
            var failing = compilation.SyntaxTrees.First();
            var analyzer = new ThreatAnalyzers.Modeling.ThreatModelAnalyzer(tree =>
            {
                if (tree == failing)
                {
                    throw new InvalidOperationException("boom");
                }
            });

            var diagnostics = await compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(analyzer)).GetAnalyzerDiagnosticsAsync();

            var failure = Assert.Single(diagnostics, d => d.Id == "AD0001");
            Assert.StartsWith("Analyzer 'ThreatAnalyzers.Modeling.ThreatModelAnalyzer' threw an exception", failure.GetMessage(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
            Assert.DoesNotContain(diagnostics, d => d.Id == "TA0000");
            Assert.Equal(new[] { "TA0000" }, ModelHarness.Run(compilation).Diagnostics.Select(d => d.Id));
        }

        [Fact]
        public async System.Threading.Tasks.Task ModelDiagnostic_IsNotConfigurable_AndAnIdeShapedAnalysisOfADocumentNeverReportsIt()
        {
            // No severity setting, NoWarn or -warnaserror changes it: it neither fails a build nor gets lost.
            Assert.Contains(WellKnownDiagnosticTags.NotConfigurable, ThreatAnalyzers.Modeling.ModelDiagnostic.Descriptor.CustomTags);
            Assert.Contains(WellKnownDiagnosticTags.CompilationEnd, ThreatAnalyzers.Modeling.ModelDiagnostic.Descriptor.CustomTags);
            Assert.Equal(DiagnosticSeverity.Info, ThreatAnalyzers.Modeling.ModelDiagnostic.Descriptor.DefaultSeverity);

            // An editor asks for one document's diagnostics: the model is reported at the compilation's end, which that never reaches.
            var compilation = ModelHarness.CreateCompilation(Portal, kind: OutputKind.ConsoleApplication);
            var analyzers = compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatAnalyzers.Modeling.ThreatModelAnalyzer()));
            foreach (var tree in compilation.SyntaxTrees)
            {
                Assert.Empty(await analyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, default));
            }

            Assert.Equal(new[] { "TA0000" }, ModelHarness.Run(compilation).Diagnostics.Select(d => d.Id));
        }

        [Fact]
        public void CompiledAssembly_HoldsNoThreatsAndNoRiskAcceptances()
        {
            var compilation = ModelHarness.CreateCompilation(Portal, kind: OutputKind.ConsoleApplication);
            // The model leaves the compiler as a diagnostic (TA0000), not as source: nothing is added to the compilation.
            Assert.Equal(new[] { "TA0000" }, ModelHarness.Run(compilation).Diagnostics.Select(d => d.Id));

            using var stream = new MemoryStream();
            var emitted = compilation.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var bytes = stream.ToArray();
            foreach (var secret in new[] { "Unauthenticated entry point", "Public price list", "HMAC signature", "Team Portal", "threat-model" })
            {
                Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(secret)), $"'{secret}' is in the assembly (UTF-8)");
                Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(secret)), $"'{secret}' is in the assembly (UTF-16)");
            }
        }

        private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

        /// <summary>
        /// Each schema is loaded once, in a registry of its own: the schema library's global registry keys schemas by their
        /// $id, and other tests load the same schemas concurrently.
        /// </summary>
        private static JsonSchema LoadSchema(string schemaFile)
            => Schemas.GetOrAdd(schemaFile, file => new Lazy<JsonSchema>(() =>
            {
                // Threat Dragon's schema carries OpenAPI's "nullable" hint, which JSON Schema does not know (and JsonSchema.Net refuses).
                // It only ever allows a null; dropping it makes the validation stricter, never looser.
                var text = System.Text.RegularExpressions.Regex.Replace(
                    File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", file)), @",\s*""nullable""\s*:\s*true", string.Empty);
                Assert.DoesNotContain("\"nullable\"", text, StringComparison.Ordinal);
                return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            })).Value;

        internal static void AssertValid(string schemaFile, string json)
        {
            var schema = LoadSchema(schemaFile);
            using var document = JsonDocument.Parse(json);
            var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            var errors = (result.Details ?? new System.Collections.Generic.List<EvaluationResults>())
                .Where(d => d.Errors is not null)
                .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
            Assert.True(result.IsValid, string.Join("\n", errors.Take(20)));
        }

        private static bool Inside(JsonElement node, JsonElement box)
        {
            double X(JsonElement e) => e.GetProperty("position").GetProperty("x").GetDouble();
            double Y(JsonElement e) => e.GetProperty("position").GetProperty("y").GetDouble();
            double W(JsonElement e) => e.GetProperty("size").GetProperty("width").GetDouble();
            double H(JsonElement e) => e.GetProperty("size").GetProperty("height").GetDouble();
            return X(node) >= X(box) && Y(node) >= Y(box) && X(node) + W(node) <= X(box) + W(box) && Y(node) + H(node) <= Y(box) + H(box);
        }

        private static bool Contains(byte[] haystack, byte[] needle)
        {
            for (var i = 0; i <= haystack.Length - needle.Length; i++)
            {
                if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
