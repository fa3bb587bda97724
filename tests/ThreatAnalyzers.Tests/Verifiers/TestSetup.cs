using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>What every analyzer and code-fix test shares: references, the build date, the output kind.</summary>
    public static class TestSetup
    {
        /// <summary>The build date tests run "on", so that expiry tests do not depend on the clock.</summary>
        public const string BuildDate = "2026-06-15";

        public static void Apply(SolutionState state, ImmutableArray<MetadataReference> references, string? buildDate, OutputKind outputKind)
        {
            state.AdditionalReferences.AddRange(references);
            state.OutputKind = outputKind;
            if (buildDate is not null)
            {
                state.AnalyzerConfigFiles.Add(("/.globalconfig", $"""
                    is_global = true
                    build_property.ThreatAnalyzersBuildDate = {buildDate}
                    """));
            }
        }
    }
}
