using System;

namespace ThreatAnalyzers.Build
{
    /// <summary>
    /// The compiler's <c>ErrorLog</c> value, <c>path[,version=1|1.0|2|2.1]</c> (as csc's /errorlog takes it); without a
    /// version the compiler writes SARIF 1.0.
    /// </summary>
    internal sealed class ErrorLogSetting
    {
        private const string VersionKey = "version=";

        private ErrorLogSetting(string path, string? version)
        {
            Path = path;
            Version = version;
        }

        public string Path { get; }

        /// <summary>The version as written, or null when none was (SARIF 1.0).</summary>
        public string? Version { get; }

        /// <summary>"2" and "2.1" both make the compiler write SARIF 2.1.0.</summary>
        public bool IsSarif21 => Version is "2" or "2.1";

        /// <summary>Null when ErrorLog is empty.</summary>
        public static ErrorLogSetting? Parse(string? value)
        {
            var text = (value ?? string.Empty).Trim();
            if (text.Length == 0)
            {
                return null;
            }

            var comma = text.LastIndexOf(',');
            if (comma >= 0)
            {
                var option = text.Substring(comma + 1).Trim();
                if (option.StartsWith(VersionKey, StringComparison.OrdinalIgnoreCase))
                {
                    return new ErrorLogSetting(Unquote(text.Substring(0, comma)), option.Substring(VersionKey.Length).Trim());
                }
            }

            return new ErrorLogSetting(Unquote(text), null);
        }

        private static string Unquote(string path) => path.Trim().Trim('"');
    }
}
