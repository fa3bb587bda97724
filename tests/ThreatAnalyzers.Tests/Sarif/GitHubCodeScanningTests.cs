using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.Sarif
{
    /// <summary>
    /// threat-model.sarif as GitHub code scanning would take it: Microsoft's SARIF Multitool with GitHub's ingestion rules
    /// (GHxxxx) and SARIF's own (SARIFxxxx) finds no error. Needs the Multitool: see <see cref="SarifMultitool"/>.
    /// </summary>
    public sealed class GitHubCodeScanningTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "threatanalyzers-sarif-" + Guid.NewGuid().ToString("N"));

        public GitHubCodeScanningTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Theory]
        [InlineData(ThreatsStates.Complete, "src/Clinic")]
        [InlineData(ThreatsStates.Complete, null)]
        [InlineData(ThreatsStates.Unknown, "src/Clinic")]
        public void Sarif_PassesGitHubsValidation_WithoutAnError(string threatsState, string? projectPath)
        {
            var sarif = Path.Combine(folder, "threat-model.sarif");
            File.WriteAllText(sarif, SarifRenderer.Render(SarifModels.EveryStatus(threatsState), projectPath));

            var errors = SarifMultitool.ValidationErrors(sarif, out var allFindings);

            Assert.True(errors.Count == 0, "Sarif.Multitool validate --rule-kind \"Gh;Sarif\" reported errors:\n" + string.Join("\n", errors) + "\n\nAll its findings:\n" + allFindings);
        }

        /// <summary>The package's real rules, with their real titles, descriptions and links, on the same threats.</summary>
        [Fact]
        public void Sarif_WithThePackagesRuleCatalog_PassesGitHubsValidation_WithoutAnError()
        {
            var catalog = RuleCatalog.All.Where(r => r.IsThreat).Select(r => r.ToInfo(evaluated: true)).ToList();
            var model = SarifModels.EveryStatus();
            model = model with
            {
                Rules = catalog.ToEquatableArray(),
                Threats = model.Threats.Select((t, i) => t with { RuleId = catalog[i % catalog.Count].Id }).ToEquatableArray(),
            };
            var sarif = Path.Combine(folder, "threat-model.sarif");
            File.WriteAllText(sarif, SarifRenderer.Render(model, "src/Clinic"));

            var errors = SarifMultitool.ValidationErrors(sarif, out var allFindings);

            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n\nAll its findings:\n" + allFindings);
        }

        /// <summary>The check above means something only if the validator, as run here, does catch what GitHub refuses.</summary>
        [Fact]
        public void Validator_CatchesWhatGitHubRefuses_ARuleWithoutHelp_AndAResultWithoutLocation()
        {
            var sarif = Path.Combine(folder, "threat-model.sarif");
            using var document = JsonDocument.Parse(SarifRenderer.Render(SarifModels.EveryStatus(), "src/Clinic"));
            var log = JsonNode.Parse(document.RootElement.GetRawText())!;
            log["runs"]![0]!["tool"]!["driver"]!["rules"]![0]!.AsObject().Remove("help");
            log["runs"]![0]!["results"]![0]!.AsObject().Remove("locations");
            File.WriteAllText(sarif, log.ToJsonString());

            var errors = SarifMultitool.ValidationErrors(sarif, out _);

            Assert.Contains(errors, e => e.StartsWith("error GH2012: Error_MissingHelp", StringComparison.Ordinal));
            Assert.Contains(errors, e => e.StartsWith("error GH1015: Error_MissingLocationsArray", StringComparison.Ordinal));
        }
    }
}
