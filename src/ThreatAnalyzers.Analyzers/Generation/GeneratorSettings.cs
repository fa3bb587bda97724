using System;
using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreatAnalyzers.Generation
{
    /// <summary>
    /// What MSBuild tells the generator (compiler-visible properties set by the package's props): whether to model at all,
    /// the project folder that locations are made relative to, and the system's name (ThreatModelSystemName, which the
    /// package's targets default to the project's name; without it, the assembly's name). Formats and links are the build step's business: it
    /// renders the artifacts after joining the model with the compiler's diagnostics.
    /// </summary>
    internal sealed record GeneratorSettings(bool Enabled, string? ProjectDirectory, string? SystemName = null)
    {
        public static GeneratorSettings Read(AnalyzerConfigOptionsProvider provider, CancellationToken cancellationToken)
        {
            var options = provider.GlobalOptions;
            string? Get(string name) => options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

            return new GeneratorSettings(
                !string.Equals(Get("GenerateThreatModel"), "false", StringComparison.OrdinalIgnoreCase),
                Get("MSBuildProjectDirectory"),
                Get("ThreatModelSystemName"));
        }
    }
}
