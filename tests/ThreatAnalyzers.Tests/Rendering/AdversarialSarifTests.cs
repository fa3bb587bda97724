using System;
using System.IO;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Tests.Sarif;
using Xunit;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>threat-model.sarif with hostile text everywhere still passes GitHub's ingestion rules (Sarif.Multitool, see <see cref="SarifMultitool"/>).</summary>
    public sealed class AdversarialSarifTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "threatanalyzers-sarif-" + Guid.NewGuid().ToString("N"));

        public AdversarialSarifTests() => Directory.CreateDirectory(folder);

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Theory]
        [InlineData("")]
        [InlineData(" \n\t")]
        [InlineData("a|b \"q\" [x](y) <b>z</b> `c` #35; %% -->\r\n\u2028 😀 \uD83D")]
        public void Sarif_WithHostileText_PassesGitHubsValidation(string text)
        {
            var sarif = Path.Combine(folder, "threat-model.sarif");
            File.WriteAllText(sarif, SarifRenderer.Render(AdversarialModels.Everywhere(text), "src/" + text));

            var errors = SarifMultitool.ValidationErrors(sarif, out var allFindings);

            Assert.True(errors.Count == 0, string.Join("\n", errors) + "\n\nAll its findings:\n" + allFindings);
        }
    }
}
