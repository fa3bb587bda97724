using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Configuration
{
    /// <summary>
    /// What MSBuild tells the analyzers (through CompilerVisibleProperty; analyzers never read the clock or the disk).
    /// </summary>
    internal sealed class BuildSettings
    {
        /// <summary>The MSBuild property the package's props file sets to today's date, yyyy-MM-dd.</summary>
        public const string BuildDateProperty = "ThreatAnalyzersBuildDate";

        private BuildSettings(string? buildDateText, ReviewDate? buildDate)
        {
            BuildDateText = buildDateText;
            BuildDate = buildDate;
        }

        /// <summary>The property as written, or null when it is not set (the analyzers were added without the package's props).</summary>
        public string? BuildDateText { get; }

        /// <summary>The build date, or null when it is not set or not a date (then nothing expires).</summary>
        public ReviewDate? BuildDate { get; }

        /// <summary>Set, but not a yyyy-MM-dd date: worth telling the user, since expiries cannot be checked.</summary>
        public bool BuildDateIsMalformed => BuildDateText is not null && BuildDate is null;

        public static BuildSettings Read(AnalyzerOptions options)
        {
            options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property." + BuildDateProperty, out var text);
            if (string.IsNullOrWhiteSpace(text))
            {
                return new BuildSettings(null, null);
            }

            text = text!.Trim();
            return ReviewDate.TryParse(text, out var date) ? new BuildSettings(text, date) : new BuildSettings(text, null);
        }
    }
}
