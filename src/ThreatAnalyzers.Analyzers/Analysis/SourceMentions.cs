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
    /// by that name; a file whose text may spell a name otherwise is asked through its syntax). A "yes" still needs the
    /// precise answer from the syntax index or the binder.
    /// </summary>
    internal static class SourceMentions
    {
        /// <summary>A backslash-u escape or any character outside ASCII (formatting characters are all above it).</summary>
        private static bool MaySpellIdentifiersOtherwise(string text)
        {
            if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            foreach (var c in text)
            {
                if (c > '\u007F')
                {
                    return true;
                }
            }

            return false;
        }

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

                // An identifier may be spelled with Unicode escapes (Read\u004Cine) or hold formatting characters the
                // compiler drops: the text does not show its name, so the file's syntax must answer.
                if (MaySpellIdentifiersOtherwise(text) && SyntaxIndex.TreeMentions(tree, wanted, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
