using System;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreatAnalyzers.Modeling
{
    /// <summary>
    /// What MSBuild tells the model (compiler-visible properties set by the package's props): whether to model at all,
    /// the project folder that locations are made relative to, and the system's name (ThreatModelSystemName, which the
    /// package's targets default to the project's name; without it, the assembly's name). Formats and links are the build
    /// step's business: it renders the artifacts after joining the model with the compiler's diagnostics.
    /// </summary>
    internal sealed record ModelSettings(bool Enabled, string? ProjectDirectory, string? SystemName = null)
    {
        public static ModelSettings Read(AnalyzerConfigOptionsProvider provider)
        {
            var options = provider.GlobalOptions;
            string? Get(string name) => options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

            return new ModelSettings(
                !string.Equals(Get("GenerateThreatModel"), "false", StringComparison.OrdinalIgnoreCase),
                Get("MSBuildProjectDirectory"),
                Get("ThreatModelSystemName"));
        }
    }
}
