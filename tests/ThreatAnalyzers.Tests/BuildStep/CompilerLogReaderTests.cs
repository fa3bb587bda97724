using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Reporting.Findings;
using ThreatAnalyzers.Tests.EndToEnd;
using Xunit;

namespace ThreatAnalyzers.Tests.BuildStep
{
    /// <summary>
    /// The compiler's SARIF 2.1 log read back into our findings: a log in exactly the shapes the compiler writes
    /// (docs: toolchain facts, "What that log records"), and a log the real compiler writes in a test.
    /// </summary>
    public class CompilerLogReaderTests
    {
        private static readonly string[] OurRules = { "TA1001", "TA4001" };

        /// <summary>A compiler log: our diagnostics open, reviewed (our suppressor), under #pragma, [SuppressMessage] and another suppressor; someone else's rule.</summary>
        internal const string Log = """
            {
              "$schema": "http://json.schemastore.org/sarif-2.1.0",
              "version": "2.1.0",
              "runs": [
                {
                  "results": [
                    {
                      "ruleId": "CA1050",
                      "level": "note",
                      "message": { "text": "Declare types in namespaces" },
                      "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Program.cs" }, "region": { "startLine": 9, "startColumn": 14 } } } ]
                    },
                    {
                      "ruleId": "TA1001",
                      "ruleIndex": 3,
                      "level": "warning",
                      "message": { "text": "Entry point 'GET /open' receives data from 'Internet' but requires no authentication" },
                      "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/My%20Api/Program.cs" }, "region": { "startLine": 3, "startColumn": 5, "endLine": 3, "endColumn": 11 } } } ],
                      "properties": {
                        "warningLevel": 1,
                        "customProperties": {
                          "ThreatAnalyzers.Element": "entry:get-open",
                          "ThreatAnalyzers.ElementName": "GET /open",
                          "ThreatAnalyzers.ElementKind": "process",
                          "ThreatAnalyzers.Status": "open",
                          "ThreatAnalyzers.Fix": "RequireAuthorization"
                        }
                      }
                    },
                    {
                      "ruleId": "TA1001",
                      "level": "warning",
                      "message": { "text": "Entry point 'PartnerApi.Legacy' receives data from 'Partner network' but requires no authentication" },
                      "suppressions": [ { "kind": "inSource", "properties": { "suppressionType": "DiagnosticSuppressor { Suppression Id: TAS0001, Suppression Justification: A [Mitigates] or [AcceptsRisk] annotation settles this threat }" } } ],
                      "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Partner.cs" }, "region": { "startLine": 23, "startColumn": 19 } } } ],
                      "properties": {
                        "customProperties": {
                          "ThreatAnalyzers.Element": "entry:partnerapi-legacy",
                          "ThreatAnalyzers.Status": "accepted",
                          "ThreatAnalyzers.Justification": "Legacy partner, contract ends soon",
                          "ThreatAnalyzers.Owner": "Integrations",
                          "ThreatAnalyzers.Expires": "2027-01-31"
                        }
                      }
                    },
                    {
                      "ruleId": "TA4001",
                      "level": "warning",
                      "message": { "text": "'p.Email' (PII) reaches ILogger.LogInformation via Audit.Write" },
                      "suppressions": [ { "kind": "inSource", "properties": { "suppressionType": "Pragma Directive" } } ],
                      "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Audit.cs" }, "region": { "startLine": 40, "startColumn": 9 } } } ],
                      "relatedLocations": [
                        { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Patients.cs" }, "region": { "startLine": 12, "startColumn": 5 } } },
                        { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Audit.cs" }, "region": { "startLine": 41, "startColumn": 9 } } }
                      ],
                      "properties": {
                        "customProperties": {
                          "ThreatAnalyzers.Element": "store:logs",
                          "ThreatAnalyzers.Status": "open",
                          "ThreatAnalyzers.LimitReached": "depth",
                          "ThreatAnalyzers.DataClasses": "secrets, pii",
                          "ThreatAnalyzers.SinkMethod": "M:Clinic.Audit.Write(System.String)"
                        }
                      }
                    },
                    {
                      "ruleId": "TA1001",
                      "level": "warning",
                      "message": { "text": "Entry point 'PartnerApi.Receive' receives data from 'Partner network' but requires no authentication" },
                      "suppressions": [ { "kind": "inSource", "justification": "Reviewed by the partner team", "properties": { "suppressionType": "SuppressMessageAttribute" } } ],
                      "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Partner.cs" }, "region": { "startLine": 13, "startColumn": 19 } } } ],
                      "properties": { "customProperties": { "ThreatAnalyzers.Element": "entry:partnerapi-receive", "ThreatAnalyzers.Status": "open" } }
                    },
                    {
                      "ruleId": "TA1001",
                      "level": "warning",
                      "message": { "text": "Entry point 'Generated.Hook' receives data from 'Internet' but requires no authentication" },
                      "suppressions": [ { "kind": "inSource", "properties": { "suppressionType": "DiagnosticSuppressor { Suppression Id: GEN0001, Suppression Justification: Generated code is reviewed upstream }" } } ],
                      "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Clinic/Generated.cs" }, "region": { "startLine": 7, "startColumn": 1 } } } ]
                    }
                  ],
                  "tool": { "driver": { "name": "Microsoft (R) Visual C# Compiler", "rules": [ { "id": "TA1001" } ] } },
                  "columnKind": "utf16CodeUnits"
                }
              ]
            }
            """;

        [Fact]
        public void Read_TakesOurRulesOnly_WithMessageLocationAndProperties()
        {
            var findings = CompilerLogReader.Read(Log, OurRules);

            // Sorted by file and line: the compiler's own order depends on its concurrent analyzers.
            Assert.Equal(new[] { "Audit.cs:40 TA4001", "Generated.cs:7 TA1001", "Program.cs:3 TA1001", "Partner.cs:13 TA1001", "Partner.cs:23 TA1001" }, findings.Select(f => $"{Path.GetFileName(f.Location!.Path)}:{f.Location.Line} {f.RuleId}"));
            var open = At(3);
            Assert.Equal("Entry point 'GET /open' receives data from 'Internet' but requires no authentication", open.Message);
            Assert.Equal(new SourceLocation(Path.GetFullPath("/src/Clinic/My Api/Program.cs"), 3), open.Location);
            Assert.Equal("entry:get-open", open.Element);
            Assert.Equal("GET /open", open.ElementName);
            Assert.Equal(ElementKinds.Process, open.ElementKind);
            Assert.Equal(ThreatStatuses.Open, open.Status);
            Assert.Null(open.SuppressedBy);
            Assert.Null(open.Justification);
            Assert.Equal(string.Empty, open.LimitReached);
            Assert.Empty(open.DataClasses);
            Assert.Empty(open.Related);
        }

        [Fact]
        public void Read_OurSuppressorIsTheReviewDecision_NotASuppression()
        {
            var accepted = At(23);

            Assert.Equal(ThreatStatuses.Accepted, accepted.Status);
            Assert.Null(accepted.SuppressedBy);
            Assert.Equal("Legacy partner, contract ends soon", accepted.Justification);
            Assert.Equal("Integrations", accepted.Owner);
            Assert.Equal("2027-01-31", accepted.Expires);
        }

        [Fact]
        public void Read_Pragma_IsSuppressedBy_WithFlowDetails()
        {
            var logged = At(40);

            Assert.Equal("pragma", logged.SuppressedBy);
            Assert.Equal(ThreatStatuses.Open, logged.Status);
            Assert.Null(logged.Justification);
            Assert.Equal(new[] { new SourceLocation(Path.GetFullPath("/src/Clinic/Patients.cs"), 12), new SourceLocation(Path.GetFullPath("/src/Clinic/Audit.cs"), 41) }, logged.Related);
            Assert.Equal("depth", logged.LimitReached);
            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, logged.DataClasses);
            Assert.Equal("M:Clinic.Audit.Write(System.String)", logged.SinkMethod);
        }

        [Fact]
        public void Read_SuppressMessage_GivesItsJustification()
        {
            var reviewed = At(13);

            Assert.Equal("SuppressMessage", reviewed.SuppressedBy);
            Assert.Equal("Reviewed by the partner team", reviewed.Justification);
            Assert.Equal(ThreatStatuses.Open, reviewed.Status);
        }

        [Fact]
        public void Read_AnotherSuppressor_IsNamedWithItsJustification_AndMissingPropertiesStayEmpty()
        {
            var generated = At(7);

            Assert.Equal("DiagnosticSuppressor GEN0001", generated.SuppressedBy);
            Assert.Equal("Generated code is reviewed upstream", generated.Justification);
            Assert.Equal(ThreatStatuses.Open, generated.Status);
            Assert.Null(generated.Element);
        }

        private static ReportedFinding At(int line) => CompilerLogReader.Read(Log, OurRules).Single(f => f.Location!.Line == line);

        [Fact]
        public void Read_SarifV1_SaysHowToSetErrorLog()
        {
            var error = Assert.Throws<JsonFormatException>(() => CompilerLogReader.Read("""
                { "$schema": "http://json.schemastore.org/sarif-1.0.0", "version": "1.0.0", "runs": [ { "results": [] } ] }
                """, OurRules));
            Assert.Equal("$.version: SARIF 1.0.0, not 2.1.0; ErrorLog must be '<path>,version=2.1'", error.Message);
        }

        [Theory]
        [InlineData("{ \"runs\": [] }", "$: not a SARIF log (no 'version'); ErrorLog must be '<path>,version=2.1'")]
        [InlineData("{ \"version\": \"2.1.0\" }", "$: required property 'runs' is missing")]
        [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"TA1001\", \"locations\": [ 5 ] } ] } ] }", "$.runs[0].results[0].locations[0]: expected an object, found a number")]
        [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ { \"ruleId\": \"TA1001\", \"properties\": { \"customProperties\": { \"ThreatAnalyzers.Status\": 1 } } } ] } ] }", "$.runs[0].results[0].properties.customProperties.ThreatAnalyzers.Status: expected a string, found a number")]
        [InlineData("{ \"version\": \"2.1.0\", \"runs\": [ { \"results\": [ ", "line 1, column 48: unexpected end of input, expected a value")]
        public void Read_ForeignOrBrokenJson_IsAClearError(string json, string message)
            => Assert.Equal(message, Assert.Throws<JsonFormatException>(() => CompilerLogReader.Read(json, OurRules)).Message);

        [Fact]
        public void ReadLog_NoResults_IsNoFindings_AndOurAnalyzersRanOnlyIfTheLogListsOurRules()
        {
            var skipped = CompilerLogReader.ReadLog("""{ "version": "2.1.0", "runs": [ { "results": [], "tool": { "driver": { "name": "csc", "rules": [ { "id": "CS8618" } ] } } } ] }""", OurRules);
            Assert.Empty(skipped.Findings);
            Assert.False(skipped.AnalyzersRan);

            var clean = CompilerLogReader.ReadLog("""{ "version": "2.1.0", "runs": [ { "results": [], "tool": { "driver": { "name": "csc", "rules": [ { "id": "TA4001" } ] } } } ] }""", OurRules);
            Assert.Empty(clean.Findings);
            Assert.True(clean.AnalyzersRan);

            Assert.True(CompilerLogReader.ReadLog(Log, OurRules).AnalyzersRan);
        }

        /// <summary>
        /// The real compiler, our real analyzer: the log it writes for an open threat, one under #pragma and one under
        /// [SuppressMessage] reads back as three findings with the right suppressions.
        /// </summary>
        [Fact]
        public async Task Read_TheRealCompilersLog()
        {
            var root = Path.Combine(Path.GetTempPath(), "threatanalyzers-log-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(root);
            try
            {
                var bin = AppContext.BaseDirectory;
                File.WriteAllText(Path.Combine(root, "nuget.config"), """
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration><packageSources><clear /></packageSources></configuration>
                    """);
                File.WriteAllText(Path.Combine(root, "Probe.csproj"), $"""
                    <Project Sdk="Microsoft.NET.Sdk.Web">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <Nullable>disable</Nullable>
                        <ImplicitUsings>enable</ImplicitUsings>
                      </PropertyGroup>
                      <ItemGroup>
                        <Reference Include="{Path.Combine(bin, "ThreatAnalyzers.Annotations.dll")}" />
                        <Analyzer Include="{Path.Combine(bin, "ThreatAnalyzers.Analyzers.dll")}" />
                      </ItemGroup>
                    </Project>
                    """);
                File.WriteAllText(Path.Combine(root, "Program.cs"), """
                    using System.Diagnostics.CodeAnalysis;
                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapPost("/open", (string note) => File.WriteAllText("notes.txt", note));
                    #pragma warning disable TA1001 // legacy route
                    app.MapPost("/pragma", (string note) => File.WriteAllText("notes.txt", note));
                    #pragma warning restore TA1001
                    app.Run();

                    public class PartnerApi
                    {
                        [ThreatAnalyzers.TrustBoundary("Partner network")]
                        [SuppressMessage("Security", "TA1001", Justification = "Reviewed by the partner team")]
                        public void Receive(string order) => File.WriteAllText("orders.txt", order);
                    }
                    """);
                var log = Path.Combine(root, "obj", "compiler.sarif");
                var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                               ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

                var (exitCode, output) = await DotNetCli.RunAsync(root, packages, "build", "--disable-build-servers", "-nodeReuse:false", "-p:ErrorLog=" + log + "%2Cversion=2.1");
                Assert.True(exitCode == 0, output);

                var findings = CompilerLogReader.Read(File.ReadAllText(log), OurRules);

                var program = Path.Combine(root, "Program.cs");
                Assert.Equal(
                    new[]
                    {
                        (new SourceLocation(program, 3), (string?)null, (string?)null),
                        (new SourceLocation(program, 5), "pragma", null),
                        (new SourceLocation(program, 13), "SuppressMessage", "Reviewed by the partner team"),
                    },
                    findings.Select(f => (f.Location!, f.SuppressedBy, f.Justification)));
                Assert.Equal("Entry point 'POST /open' receives data from 'Internet', requires no authentication and changes files (File.WriteAllText)", findings[0].Message);
                Assert.All(findings, f => Assert.Equal(ThreatStatuses.Open, f.Status));

                // RunAnalyzers=false: no analyzer runs (the model analyzer neither), and the log shows it.
                var (skippedExit, skippedOutput) = await DotNetCli.RunAsync(root, packages, "build", "--no-incremental", "--disable-build-servers", "-nodeReuse:false", "-p:RunAnalyzers=false", "-p:ErrorLog=" + log + "%2Cversion=2.1");
                Assert.True(skippedExit == 0, skippedOutput);
                Assert.False(CompilerLogReader.ReadLog(File.ReadAllText(log), OurRules).AnalyzersRan);
            }
            finally
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is not worth failing the run for.
                }
            }
        }
    }
}
