using System;
using System.Threading;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Generation
{
    /// <summary>What MSBuild tells the generator (compiler-visible properties set by the package's props and targets).</summary>
    internal sealed record GeneratorSettings(
        bool Enabled,
        string? ProjectDirectory,
        ReviewDate? BuildDate,
        bool Json,
        bool Markdown,
        bool Sarif,
        bool ThreatDragon,
        string SourceLinkBase)
    {
        public static GeneratorSettings Read(AnalyzerConfigOptionsProvider provider, CancellationToken cancellationToken)
        {
            var options = provider.GlobalOptions;
            string? Get(string name) => options.TryGetValue("build_property." + name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

            var enabled = !string.Equals(Get("GenerateThreatModel"), "false", StringComparison.OrdinalIgnoreCase);
            var formats = (Get("ThreatModelFormatList") ?? "json,md,sarif,threatdragon").ToLowerInvariant();
            bool Wants(params string[] names)
            {
                foreach (var token in formats.Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                {
                    if (Array.IndexOf(names, token) >= 0 || token == "all")
                    {
                        return true;
                    }
                }

                return false;
            }

            ReviewDate? buildDate = ReviewDate.TryParse(Get("ThreatAnalyzersBuildDate"), out var date) ? date : null;
            var linkBase = (Get("ThreatModelSourceLinkBase") ?? string.Empty).Replace('\\', '/');
            if (linkBase.Length > 0 && !linkBase.EndsWith("/", StringComparison.Ordinal))
            {
                linkBase += "/";
            }

            return new GeneratorSettings(
                enabled,
                Get("MSBuildProjectDirectory"),
                buildDate,
                Wants("json"),
                Wants("md", "markdown"),
                Wants("sarif"),
                Wants("threatdragon", "td"),
                linkBase);
        }
    }
}
