using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// What every renderer does to the text users give (annotation arguments, routes, file names, the assembly name)
    /// before its own escaping: names that would show nothing get a visible placeholder, and text that UTF-8 cannot carry
    /// is replaced. TA0001 reports such names, but a build can lower it: the artifacts must stay valid all the same.
    /// </summary>
    internal static class RenderedText
    {
        /// <summary>
        /// The name written for a system, boundary or element whose name shows nothing (empty, whitespace, control or
        /// format characters only): the JSON schema wants a name, and a diagram box with no title cannot be told apart.
        /// </summary>
        public const string Unnamed = "(unnamed)";

        /// <summary>A name as the artifacts write it: the placeholder when it shows nothing, else the name, well-formed.</summary>
        public static string Name(string? name) => name is null || !Visible(name) ? Unnamed : WellFormed(name);

        /// <summary>Whether the text has a character that shows: not whitespace, a control or a format character (U+200B, U+FEFF, …).</summary>
        public static bool Visible(string text)
        {
            foreach (var c in text)
            {
                if (!char.IsWhiteSpace(c) && !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The text with each lone surrogate (which UTF-8 cannot encode) replaced by U+FFFD; the same instance when it has none.</summary>
        public static string WellFormed(string text)
        {
            StringBuilder? builder = null;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }

                if (char.IsSurrogate(c))
                {
                    builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                    builder.Append('\uFFFD');
                    continue;
                }

                builder?.Append(c);
            }

            return builder?.ToString() ?? text;
        }

        /// <summary>Whether a character ends a line somewhere: in Markdown (CR, LF), in C# (also U+0085, U+2028, U+2029), in JavaScript.</summary>
        public static bool BreaksLine(char c) => c is '\r' or '\n' or '\u0085' or '\u2028' or '\u2029';

        /// <summary>The text on one line: every line break and control character a space.</summary>
        public static string OneLine(string text)
        {
            StringBuilder? builder = null;
            for (var i = 0; i < text.Length; i++)
            {
                if (BreaksLine(text[i]) || char.IsControl(text[i]))
                {
                    builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                    builder.Append(' ');
                }
                else
                {
                    builder?.Append(text[i]);
                }
            }

            return builder?.ToString() ?? text;
        }

        /// <summary>
        /// Each boundary id once, with its name: two [TrustBoundary] names can slug to one id ("Partner net" and
        /// "partner-net"); their elements share the zone, so the zone shows both names.
        /// </summary>
        public static Dictionary<string, string> BoundaryNames(ThreatModel model)
        {
            var names = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var group in model.Boundaries.GroupBy(b => b.Id, StringComparer.Ordinal))
            {
                names[group.Key] = string.Join(" / ", group.Select(b => Name(b.Name)).Distinct(StringComparer.Ordinal));
            }

            return names;
        }

        /// <summary>
        /// A boundary id as threat-model.json's schema wants it (lower-case ASCII letters and digits in dash-separated runs):
        /// unchanged when it is one already (every slug the model makes is), else made one the way the model makes slugs.
        /// Kept for models read from elsewhere (an older intermediate, a hand-written file).
        /// </summary>
        public static string BoundaryId(string id) => IsBoundaryId(id) ? id : ModelText.Slug(id);

        private static bool IsBoundaryId(string id)
        {
            if (id.Length == 0 || id[0] == '-' || id[id.Length - 1] == '-' || id.Contains("--"))
            {
                return false;
            }

            return id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
        }

        /// <summary>The name of the boundary with that id; the id itself when the model has no such boundary.</summary>
        public static string BoundaryName(Dictionary<string, string> names, string id) => names.TryGetValue(id, out var name) ? name : Name(id);
    }
}
