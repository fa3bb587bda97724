using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Modeling;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The personal-data inventory of builds made in memory the way the build step makes them (model analyzer, shared pass,
    /// suppressor, join), so its findings are the ones the build reports; among them the bar: the CustomerPortal
    /// sample's Markdown inventory names the database, the S3 bucket, the logs and the external service with their states.
    /// </summary>
    public class PersonalDataInventoryFromTheBuildTests
    {
        /// <summary>
        /// TA4001 as the build reports it: the e-mail address logged (open) is in the PII table, the API key logged under an
        /// accepted risk in the secrets table, each on the Logs with its status — the finding's data class decides the table.
        /// </summary>
        [Fact]
        public async Task LoggedPiiAndLoggedSecret_EachInItsClassTable_WithTheFindingsStatus()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Portal
                {
                    public class Customer
                    {
                        public int Id { get; set; }
                        [HandlesPii] public string Email { get; set; }
                    }

                    public class Partner
                    {
                        [HandlesSecrets] public string ApiKey { get; set; }
                    }

                    public class Accounts(ILogger<Accounts> logger)
                    {
                        [TrustBoundary("Partner network")]
                        [Authenticated]
                        public void Register(Customer customer) => logger.LogInformation("Registered {Email}", customer.Email);

                        [TrustBoundary("Partner network")]
                        [Authenticated]
                        [AcceptsRisk("TA4001", "The partner's key is a public test key", Owner = "Team Portal", Expires = "2099-12-31")]
                        public void Connect(Partner partner) => logger.LogInformation("Connected with {Key}", partner.ApiKey);
                    }
                }
                """,
            });

            var pii = build.Model.Threats.Single(t => t.RuleId == RuleIdentifiers.SensitiveDataWrittenToLog && t.Status == ThreatStatuses.Open);
            var secret = build.Model.Threats.Single(t => t.RuleId == RuleIdentifiers.SensitiveDataWrittenToLog && t.Status == ThreatStatuses.Accepted);
            Assert.Equal(new[] { DataClasses.Pii }, pii.DataClasses);
            Assert.Equal(new[] { DataClasses.Secrets }, secret.DataClasses);

            var inventory = PersonalDataInventory.Of(build.Model);
            InventoryEntry Logs(string dataClass) => inventory.Single(c => c.DataClass == dataClass).Elements.Single(e => e.Element == ModelText.LogsElementId);
            Assert.Equal(new[] { pii.Id }, Logs(DataClasses.Pii).Threats);
            Assert.Equal(new[] { secret.Id }, Logs(DataClasses.Secrets).Threats);

            var markdown = MarkdownRenderer.Render(build.Model, "../");
            var secrets = markdown.Substring(markdown.IndexOf("### secrets\n", StringComparison.Ordinal));
            var piiTable = markdown.Substring(0, markdown.IndexOf("### secrets\n", StringComparison.Ordinal));
            Assert.Contains("| Logs | data store | Portal | logs | — | — | — | TA4001 open at [File0.cs:" + pii.Location!.Line, piiTable, StringComparison.Ordinal);
            Assert.Contains("| Logs | data store | Portal | logs | — | — | — | TA4001 accepted at [File0.cs:" + secret.Location!.Line, secrets, StringComparison.Ordinal);
            Assert.DoesNotContain("TA4001 accepted", piiTable, StringComparison.Ordinal);
        }

        [Fact]
        public async Task CustomerPortal_MarkdownInventory_NamesTheDatabaseTheBucketTheLogsAndTheCreditBureau_WithTheirStates()
        {
            var folder = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal");
            var separator = Path.DirectorySeparatorChar;
            var sources = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(separator + "obj" + separator, StringComparison.Ordinal) && !f.Contains(separator + "bin" + separator, StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(File.ReadAllText)
                .Prepend(SampleModelTests.ImplicitUsings)
                .ToArray();
            var build = await ThreatModelHarness.RunAsync(sources, kind: OutputKind.ConsoleApplication);

            var markdown = MarkdownRenderer.Render(build.Model, "../");
            var section = markdown.Substring(markdown.IndexOf("## Personal-data inventory\n", StringComparison.Ordinal));
            Assert.StartsWith("## Personal-data inventory\n\nPer class of data, every element", section, StringComparison.Ordinal);
            Assert.Contains("### PII\n\n| element | kind | boundary | role | encryption | authentication | audit | other findings |\n", section, StringComparison.Ordinal);
            var rows = section.Split('\n').Where(l => l.StartsWith("| ", StringComparison.Ordinal)).ToList();
            string Row(string element) => Assert.Single(rows, r => r.StartsWith("| " + element + " |", StringComparison.Ordinal));

            // The EF Core context ([DataStore], [EncryptedAtRest]) and the S3 bucket ([EncryptedAtRest], [EncryptedInTransit]).
            Assert.StartsWith("| Customer database | data store | Portal | stores | encrypted at rest ([EncryptedAtRest]); in transit: ", Row("Customer database"), StringComparison.Ordinal);
            Assert.StartsWith("| Customer documents bucket | data store | Portal | stores | encrypted at rest ([EncryptedAtRest]); encrypted in transit ([EncryptedInTransit]) | — | not declared |", Row("Customer documents bucket"), StringComparison.Ordinal);

            // The logs: the customer's e-mail address written to them (TA4001, open), where the build reported it.
            var logged = build.Model.Threats.Single(t => t.RuleId == RuleIdentifiers.SensitiveDataWrittenToLog && t.Message.StartsWith("'change.Email'", StringComparison.Ordinal));
            Assert.Equal(ThreatStatuses.Open, logged.Status);
            Assert.StartsWith("| Logs | data store | Portal | logs | — | — | — | ", Row("Logs"), StringComparison.Ordinal);
            Assert.Contains("TA4001 open at [" + logged.Location!.Path + ":36](../" + logged.Location.Path + "#L36)", Row("Logs"), StringComparison.Ordinal);

            // The credit bureau, the external service the portal sends applicants' names and birth dates to ([EncryptedInTransit]).
            Assert.StartsWith("| Credit bureau | external entity | External services | receives | encrypted in transit ([EncryptedInTransit]) |", Row("Credit bureau"), StringComparison.Ordinal);

            // The entry points that serve personal data without authentication carry their TA1001 finding; the authenticated ones say so.
            Assert.Contains("| **none**: TA1001 open at ", Row("GET /api/documents/{customerId:int}/{name}"), StringComparison.Ordinal);
            Assert.Contains("| **none**: TA1001 open at ", Row("POST /api/credit-checks"), StringComparison.Ordinal);
            Assert.Contains("| **none**: TA1001 open at ", Row("ReportsController.ExportCustomers"), StringComparison.Ordinal);
            Assert.Contains("| receives, sends | — | required |", Row("GET /api/customers/{id:int}"), StringComparison.Ordinal);

            // The JSON says the same, valid against its schema.
            var json = ModelJsonRenderer.Render(build.Model);
            ArtifactTests.AssertValid("threat-model.schema.json", json);
            ArtifactTests.AssertValid("threat-dragon-v2.schema.json", ThreatDragonRenderer.Render(build.Model));
            var logs = PersonalDataInventory.Of(build.Model).Single(c => c.DataClass == DataClasses.Pii).Elements.Single(e => e.Element == ModelText.LogsElementId);
            Assert.Contains(logged.Id, logs.Threats);
        }
    }
}
