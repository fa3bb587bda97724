using System;
using System.Collections.Generic;
using System.Linq;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Build
{
    /// <summary>What renderers need to know about where the artifact and the project sit.</summary>
    /// <param name="SourceLinkBase">The Markdown's source-link base: the path from the artifact's folder to the project folder.</param>
    /// <param name="ProjectPathFromRepositoryRoot">The project folder relative to the repository root; null when no root is known.</param>
    internal sealed record ArtifactPlacement(string SourceLinkBase, string? ProjectPathFromRepositoryRoot);

    /// <summary>One artifact format: the names ThreatModelFormats accepts for it, its file, its renderer.</summary>
    internal sealed class ArtifactFormat
    {
        public ArtifactFormat(string name, string[] aliases, string fileName, Func<ThreatModel, ArtifactPlacement, string> render)
        {
            Name = name;
            Aliases = aliases;
            FileName = fileName;
            Render = render;
        }

        public string Name { get; }

        public string[] Aliases { get; }

        public string FileName { get; }

        public Func<ThreatModel, ArtifactPlacement, string> Render { get; }
    }

    internal static class ArtifactFormats
    {
        public static readonly IReadOnlyList<ArtifactFormat> All = new[]
        {
            new ArtifactFormat("json", Array.Empty<string>(), ModelJsonRenderer.FileName, (model, _) => ModelJsonRenderer.Render(model)),
            new ArtifactFormat("md", new[] { "markdown" }, MarkdownRenderer.FileName, (model, placement) => MarkdownRenderer.Render(model, placement.SourceLinkBase)),
            new ArtifactFormat("sarif", Array.Empty<string>(), SarifRenderer.FileName, (model, placement) => SarifRenderer.Render(model, placement.ProjectPathFromRepositoryRoot)),
            new ArtifactFormat("threatdragon", new[] { "td" }, ThreatDragonRenderer.FileName, (model, _) => ThreatDragonRenderer.Render(model)),
        };

        public static string AcceptedValues => string.Join(", ", All.Select(f => f.Name)) + " (or all)";

        /// <summary>
        /// The formats named in ThreatModelFormats (';' or ',' separated, any case); nothing named means all. Each name
        /// that is no format is handed to <paramref name="reportUnknown"/> and skipped.
        /// </summary>
        public static IReadOnlyCollection<ArtifactFormat> Parse(IEnumerable<string>? values, Action<string> reportUnknown)
        {
            var tokens = (values ?? Array.Empty<string>())
                .SelectMany(v => (v ?? string.Empty).Split(new[] { ';', ',', ' ' }, StringSplitOptions.RemoveEmptyEntries))
                .ToList();
            if (tokens.Count == 0)
            {
                return All.ToList();
            }

            var chosen = new List<ArtifactFormat>();
            foreach (var token in tokens)
            {
                if (string.Equals(token, "all", StringComparison.OrdinalIgnoreCase))
                {
                    chosen.AddRange(All);
                    continue;
                }

                var format = All.FirstOrDefault(f => string.Equals(f.Name, token, StringComparison.OrdinalIgnoreCase)
                                                      || f.Aliases.Any(a => string.Equals(a, token, StringComparison.OrdinalIgnoreCase)));
                if (format is null)
                {
                    reportUnknown(token);
                }
                else
                {
                    chosen.Add(format);
                }
            }

            return chosen.Distinct().ToList();
        }
    }
}
