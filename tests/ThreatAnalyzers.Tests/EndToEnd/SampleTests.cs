using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The README's main command, <c>dotnet build samples/CustomerPortal</c>, shows exactly the sample's deliberate threats:
    /// nothing on the secured, public-on-purpose, mitigated or accepted endpoints.
    /// </summary>
    public class SampleTests
    {
        [Fact]
        public async Task CustomerPortal_ShowsItsDeliberateThreats_AndNothingElse()
        {
            var project = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal", "CustomerPortal.csproj");
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                           ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

            // The solution build has restored and built everything this depends on; compile the sample itself again.
            var (exitCode, output) = await DotNetCli.RunAsync(DotNetCli.RepoRoot, packages,
                "build", project, "-c", DotNetCli.Configuration, "--no-restore", "--no-dependencies", "--no-incremental",
                "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(exitCode == 0, output);

            var threats = Regex.Matches(output, @"(?<file>[\w]+\.cs)\((?<line>\d+),(?<column>\d+)\): \w+ (?<id>TA\d{4}): (?<message>[^\[]+?) \(http")
                .Select(m => $"{m.Groups["file"].Value}({m.Groups["line"].Value},{m.Groups["column"].Value}) {m.Groups["id"].Value}: {m.Groups["message"].Value}")
                .Distinct()
                .OrderBy(t => t, StringComparer.Ordinal)
                .ToList();

            Assert.Equal(
                new[]
                {
                    "AdminController.cs(31,38) TA1001: Entry point 'ReportsController.ExportCustomers' receives data from 'Internet', requires no authentication and reads personal data from 'Customer database'",
                    "CustomerEndpoints.cs(36,47) TA4001: 'change.Email' (PII) reaches ILogger.LogInformation via CustomerAudit.ContactChanged → CustomerAudit.Write",
                    "Program.cs(41,5) TA1001: Entry point 'GET /api/documents/{customerId:int}/{name}' receives data from 'Internet', requires no authentication and reads personal data from 'Customer documents bucket'",
                    "Program.cs(45,5) TA1001: Entry point 'POST /api/credit-checks' receives data from 'Internet', requires no authentication and calls 'Credit bureau'",
                },
                threats);

            // The artifact: the DFD of the seed scenario, Internet -> API -> relational store / S3 / external service.
            var folder = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal", "bin", DotNetCli.Configuration, "net10.0", "threat-model");
            Assert.Equal(
                new[] { "threat-model.json", "threat-model.md", "threat-model.sarif", "threat-model.threatdragon.json" },
                Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal));
            var model = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "threat-model.json"))).RootElement;
            Assert.Equal("internet", model.Element("Client").GetProperty("boundary").GetString());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/customers", "Customer database")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer database", "GET /api/customers/{id:int}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer documents bucket", "GET /api/documents/{customerId:int}/{name}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/documents/{customerId:int}/{name}", "Customer documents bucket")!.Value.Strings("dataClasses"));
            Assert.Equal("external-services", model.Flow("POST /api/credit-checks", "Credit bureau")!.Value.GetProperty("crossesBoundary").GetString());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/credit-checks", "Credit bureau")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Client", "POST /api/credit-checks")!.Value.Strings("dataClasses"));
            Assert.Equal("internet", model.Flow("Client", "POST /api/credit-checks")!.Value.GetProperty("crossesBoundary").GetString());

            // The diagram agrees with TA4001: the deliberate PII logging is PII on the flow into Logs; the safe logging is not.
            Assert.Equal(new[] { "pii" }, model.Flow("PUT /api/customers/{id:int}/email", "Logs")!.Value.Strings("dataClasses"));
            Assert.Empty(model.Flow("POST /api/customers", "Logs")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("GET /api/customers/{id:int}", "Client")!.Value.Strings("dataClasses"));

            // The anonymous CSV export sends customers' personal data to anyone (bytes made from them).
            Assert.Equal(new[] { "pii" }, model.Flow("ReportsController.ExportCustomers", "Client")!.Value.Strings("dataClasses"));

            // Endpoints that answer only with a status send nothing back; a delete by id writes no personal data.
            foreach (var statusOnly in new[] { "AdminController.Delete", "PUT /api/customers/{id:int}/email", "POST /api/documents/{customerId:int}/{name}", "POST /webhooks/payments" })
            {
                Assert.Null(model.Flow(statusOnly, "Client"));
            }

            Assert.Null(model.Flow("Customer database", "AdminController.Delete"));
            Assert.Empty(model.Flow("AdminController.Delete", "Customer database")!.Value.Strings("dataClasses"));

            // Accepted: the newsletter's campaign upgrade link; mitigated: the signed payment webhook (both critical, both reviewed).
            var statuses = model.Threats().Select(t => t.GetProperty("status").GetString()).OrderBy(s => s, StringComparer.Ordinal);
            Assert.Equal(new[] { "accepted", "mitigated", "open", "open", "open", "open" }, statuses);

            // Every diagnostic is a threat of the element it concerns: the PII logging is a threat of the Logs store.
            var logged = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == "TA4001");
            Assert.Equal("store:logs", logged.GetProperty("element").GetString());
            Assert.Equal("Customers/CustomerEndpoints.cs", logged.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal(36, logged.GetProperty("location").GetProperty("line").GetInt32());
            Assert.Equal("'change.Email' (PII) reaches ILogger.LogInformation via CustomerAudit.ContactChanged → CustomerAudit.Write", logged.GetProperty("message").GetString());
            Assert.Contains("```mermaid", File.ReadAllText(Path.Combine(folder, "threat-model.md")), StringComparison.Ordinal);
            Generation.ArtifactTests.AssertValid("threat-dragon-v2.schema.json", File.ReadAllText(Path.Combine(folder, "threat-model.threatdragon.json")));
            Generation.ArtifactTests.AssertValid("threat-model.schema.json", File.ReadAllText(Path.Combine(folder, "threat-model.json")));
        }
    }
}
