using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// Whether a compilation's source spells a name, searching each file's text first: far cheaper than walking the
    /// syntax, and a safe first answer (code that never writes a name cannot use it by that name; a file whose text may
    /// spell a name otherwise is asked through its syntax). A "yes" may still need the binder.
    /// </summary>
    internal static class SourceMentions
    {
        /// <summary>
        /// A Unicode escape (<c>Read\u004Cine</c>) or a formatting character, which the compiler drops from identifiers
        /// (<c>Read&lt;U+200B&gt;Line</c> is <c>ReadLine</c>): the file's text may not show a name its code uses.
        /// </summary>
        public static bool MaySpellIdentifiersOtherwise(SyntaxTree tree, string text)
            => OtherSpellings.GetValue(tree, _ => new StrongBox<bool>(MaySpellIdentifiersOtherwise(text))).Value;

        /// <summary>The answer per file, kept with its tree: every compile-start check asks it of every file.</summary>
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> OtherSpellings = new();

        private static bool MaySpellIdentifiersOtherwise(string text)
        {
            if (text.IndexOf("\\u", StringComparison.Ordinal) >= 0 || text.IndexOf("\\U", StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            foreach (var c in text)
            {
                if (c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether any file calls a method by one of these simple names: the text search first, then the syntax of only
        /// the files whose text names one (each file's part of the syntax index, kept with its tree), never the index of
        /// the whole compilation.
        /// </summary>
        public static bool AnyTreeCalls(Compilation compilation, IEnumerable<string> names, CancellationToken cancellationToken)
        {
            var wanted = Wanted(names);
            var called = new CalledNames(wanted);
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                if ((called.AnyCalledIn(text, 0, text.Length) || MaySpellIdentifiersOtherwise(tree, text)) && SyntaxIndex.TreeMentions(tree, wanted, cancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Which of these parts of identifiers some file spells (<c>Certificate</c> in
        /// <c>ServerCertificateCustomValidationCallback</c>): one pass over the files for all of them, stopping once every
        /// part is found.
        /// </summary>
        public static ISet<string> NamedParts(Compilation compilation, IEnumerable<string> parts, CancellationToken cancellationToken)
        {
            var missing = new HashSet<string>(Wanted(parts), StringComparer.Ordinal);
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (missing.Count == 0)
                {
                    break;
                }

                var text = tree.GetText(cancellationToken).ToString();
                foreach (var part in missing.Where(part => text.IndexOf(part, StringComparison.Ordinal) >= 0).ToList())
                {
                    found.Add(part);
                    missing.Remove(part);
                }

                if (missing.Count > 0 && MaySpellIdentifiersOtherwise(tree, text))
                {
                    foreach (var token in tree.GetRoot(cancellationToken).DescendantTokens())
                    {
                        if (token.IsKind(SyntaxKind.IdentifierToken))
                        {
                            foreach (var part in missing.Where(part => token.ValueText.IndexOf(part, StringComparison.Ordinal) >= 0).ToList())
                            {
                                found.Add(part);
                                missing.Remove(part);
                            }
                        }
                    }
                }
            }

            return found;
        }

        private static string[] Wanted(IEnumerable<string> words)
            => words.Where(word => !string.IsNullOrEmpty(word)).Distinct(StringComparer.Ordinal).ToArray();
    }
}
