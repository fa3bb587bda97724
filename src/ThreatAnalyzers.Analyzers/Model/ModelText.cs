using System;
using System.Text;

namespace ThreatAnalyzers.Model
{
    /// <summary>The model's naming rules, shared by the model analyzer, the build step's join and the renderers.</summary>
    internal static class ModelText
    {
        /// <summary>The boundary of entities the code calls that no annotation places elsewhere.</summary>
        public const string ExternalServicesBoundary = "External services";

        /// <summary>The id of the one "Logs" data store every logging call writes to (renderers mark it as a log).</summary>
        public const string LogsElementId = "store:logs";

        /// <summary>The name the Logs store is drawn with.</summary>
        public const string LogsElementName = "Logs";

        /// <summary>Whether an element is the Logs store (STRIDE per element adds Repudiation to it; renderers mark it).</summary>
        public static bool IsLogs(string elementId) => elementId == LogsElementId;

        /// <summary>The prefix of the ids of the callers of entry points ("client:" and the boundary's slug).</summary>
        public const string ClientIdPrefix = "client:";

        /// <summary>Whether an element is the caller of entry points from a boundary (the Internet's Client), not a service the code calls.</summary>
        public static bool IsClient(string elementId) => elementId.StartsWith(ClientIdPrefix, StringComparison.Ordinal);

        /// <summary>The boundary web entry points face unless [TrustBoundary] names another.</summary>
        public const string InternetBoundary = "Internet";

        /// <summary>A path relative to the project folder, with forward slashes; never an absolute path.</summary>
        public static SourceLocation? Relative(SourceLocation? location, string? projectDirectory)
        {
            if (location is null)
            {
                return null;
            }

            var path = location.Path.Replace('\\', '/');
            var root = projectDirectory?.Replace('\\', '/').TrimEnd('/');
            if (!string.IsNullOrEmpty(root) && path.StartsWith(root + "/", StringComparison.OrdinalIgnoreCase))
            {
                path = path.Substring(root!.Length + 1);
            }
            else if (path.StartsWith("/", StringComparison.Ordinal) || (path.Length > 2 && path[1] == ':'))
            {
                path = path.Substring(path.LastIndexOf('/') + 1);
            }

            return new SourceLocation(path, location.Line);
        }

        /// <summary>
        /// A lower-case ASCII id of ASCII letters, digits and single dashes, never empty; a letter or digit of another script
        /// is written by its code ("中文" is "u4e2d-u6587"), so every id passes the schema's pattern and two names differ
        /// in their ids as they do in their letters.
        /// </summary>
        public static string Slug(string name)
        {
            var builder = new StringBuilder(name.Length);
            foreach (var c in name.ToLowerInvariant())
            {
                if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
                {
                    builder.Append(c);
                }
                else if (char.IsLetterOrDigit(c) || char.IsSurrogate(c))
                {
                    builder.Append("-u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture)).Append('-');
                }
                else
                {
                    builder.Append('-');
                }
            }

            var parts = builder.ToString().Split(new[] { '-' }, StringSplitOptions.RemoveEmptyEntries);
            return parts.Length == 0 ? "boundary" : string.Join("-", parts);
        }
    }
}
