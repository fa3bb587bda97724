using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// Whether any file of a compilation contains a word at all, by a search of its text: far cheaper than walking the
    /// syntax, and a safe first answer to "can this compilation call X?" (code that never writes a name cannot call it
    /// by that name). A "yes" still needs the precise answer from the syntax index or the binder.
    /// </summary>
    internal static class SourceMentions
    {
        public static bool AnyTreeMentions(Compilation compilation, IEnumerable<string> words, CancellationToken cancellationToken)
        {
            var wanted = words.Where(word => !string.IsNullOrEmpty(word)).Distinct(StringComparer.Ordinal).ToArray();
            if (wanted.Length == 0)
            {
                return false;
            }

            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                foreach (var word in wanted)
                {
                    if (text.IndexOf(word, StringComparison.Ordinal) >= 0)
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
