using System;
using System.Text.RegularExpressions;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Build
{
    /// <summary>
    /// Says in each artifact why it is incomplete (the compile failed, the log had no model, the analyzers did not run):
    /// threat-model.json and threat-model.sarif get an <c>incompleteReason</c> next to their <c>threatsState</c>
    /// (docs/threat-model.schema.json; a SARIF run's property bag), threat-model.md a note under its title, Threat
    /// Dragon's summary a sentence in its description. Applied to the renderers' output, which is deterministic, so the
    /// renderers need not know about the build.
    /// </summary>
    internal static class IncompleteNote
    {
        public const string Field = "incompleteReason";

        private static readonly Regex ThreatsStateLine = new("^(?<indent>[ ]*)\"threatsState\": \"[a-z]+\"(?<comma>,?)$", RegexOptions.Multiline | RegexOptions.CultureInvariant);

        private const string DragonSummary = "\"description\": \"Derived from the code of ";

        public static string Add(string fileName, string rendered, string? reason)
        {
            if (string.IsNullOrWhiteSpace(reason))
            {
                return rendered;
            }

            switch (fileName)
            {
                case MarkdownRenderer.FileName:
                    var title = rendered.IndexOf("\n\n", StringComparison.Ordinal);
                    return title < 0
                        ? "> **Incomplete.** " + reason + "\n\n" + rendered
                        : rendered.Substring(0, title + 2) + "> **Incomplete.** " + reason + "\n\n" + rendered.Substring(title + 2);
                case ThreatDragonRenderer.FileName:
                    var summary = rendered.IndexOf(DragonSummary, StringComparison.Ordinal);
                    return summary < 0
                        ? rendered
                        : rendered.Insert(summary + "\"description\": \"".Length, JsonText(reason!) + " ");
                default:
                    var line = ThreatsStateLine.Match(rendered);
                    if (!line.Success)
                    {
                        return rendered;
                    }

                    var indent = line.Groups["indent"].Value;
                    var hadComma = line.Groups["comma"].Value.Length > 0;
                    var field = indent + "\"" + Field + "\": \"" + JsonText(reason!) + "\"" + (hadComma ? "," : string.Empty);
                    var end = line.Index + line.Length;
                    return rendered.Substring(0, end) + (hadComma ? string.Empty : ",") + "\n" + field + rendered.Substring(end);
            }
        }

        /// <summary>The text as it goes between the quotes of a JSON string.</summary>
        private static string JsonText(string text)
        {
            var quoted = Json.Write(text).TrimEnd('\n');
            return quoted.Substring(1, quoted.Length - 2);
        }
    }
}
