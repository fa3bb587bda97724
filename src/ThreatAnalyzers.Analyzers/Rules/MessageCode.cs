using System.Text;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// Code quoted in a diagnostic's message: on one line (a build log cuts a message at its first line break, help link
    /// and project with it), whitespace runs collapsed, and long code shortened.
    /// </summary>
    internal static class MessageCode
    {
        public const int MaxLength = 80;

        public static string Of(SyntaxNode node) => Of(node.ToString());

        public static string Of(string code)
        {
            var builder = new StringBuilder(code.Length);
            var space = false;
            foreach (var c in code)
            {
                if (char.IsWhiteSpace(c) || char.IsControl(c))
                {
                    space = builder.Length > 0;
                    continue;
                }

                if (space)
                {
                    builder.Append(' ');
                    space = false;
                }

                builder.Append(c);
            }

            return builder.Length > MaxLength ? builder.ToString(0, MaxLength - 3) + "..." : builder.ToString();
        }
    }
}
