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
            => OtherSpellings.TryGetValue(tree, out var known) ? known.Value : KeepOtherSpellings(tree, text);

        /// <summary>
        /// The first answer for a tree, kept with it. Apart from the lookup above, which every check after the first
        /// answers: a callback capturing the answer allocates where its method starts, so this one runs only on a miss.
        /// </summary>
        private static bool KeepOtherSpellings(SyntaxTree tree, string text)
        {
            var answer = MaySpellIdentifiersOtherwise(text);
            return OtherSpellings.GetValue(tree, _ => new StrongBox<bool>(answer)).Value;
        }

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
        /// Whether any file calls a method (never a constructor) by one of these simple names: the text search first, then the syntax of only
        /// the files whose text names one (each file's part of the syntax index, kept with its tree), never the index of
        /// the whole compilation.
        /// </summary>
        public static bool AnyTreeCalls(Compilation compilation, IEnumerable<string> names, CancellationToken cancellationToken)
        {
            var wanted = Wanted(names);
            var called = new CalledNames(wanted, mayNameTypes: false);
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
            var missing = new List<string>(Wanted(parts));
            var found = new HashSet<string>(StringComparer.Ordinal);
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (missing.Count == 0)
                {
                    break;
                }

                var text = tree.GetText(cancellationToken).ToString();
                for (var index = missing.Count - 1; index >= 0; index--)
                {
                    if (Spells(tree, text, missing[index], cancellationToken))
                    {
                        found.Add(missing[index]);
                        missing.RemoveAt(index);
                    }
                }
            }

            return found;
        }

        /// <summary>
        /// Whether the file spells the word anywhere: in its text, or, where the file may spell identifiers otherwise, as
        /// part of an identifier. Each answer is kept with the tree (a function of its text alone), so the next
        /// compilation, after an edit, asks the text of the edited file only.
        /// </summary>
        public static bool Spells(SyntaxTree tree, string word, CancellationToken cancellationToken)
            => Spells(tree, null, word, cancellationToken);

        /// <inheritdoc cref="Spells(SyntaxTree, string, CancellationToken)"/>
        /// <param name="text">The tree's text, where the caller has it already.</param>
        public static bool Spells(SyntaxTree tree, string? text, string word, CancellationToken cancellationToken)
            => TryRecall(Volatile.Read(ref Spellings.GetValue(tree, _ => new WordMemo()).Answers), word, out var answer)
                ? answer
                : Spells(tree, text, new[] { word }, cancellationToken)[0];

        /// <summary>The answer kept for the word, if the file was asked it before.</summary>
        private static bool TryRecall((string Word, bool Spelled)[] known, string word, out bool answer)
        {
            foreach (var (asked, spelled) in known)
            {
                if (string.Equals(asked, word, StringComparison.Ordinal))
                {
                    answer = spelled;
                    return true;
                }
            }

            answer = false;
            return false;
        }

        /// <summary>
        /// Which of the words the file spells (as <see cref="Spells(SyntaxTree, string, CancellationToken)"/> says),
        /// asked together: where the file may spell identifiers otherwise its tokens are walked once for all of them, and
        /// the answers are kept with the tree in one step (asked one by one, a file's memo was copied once per word).
        /// </summary>
        /// <param name="tree">The file.</param>
        /// <param name="text">The tree's text, where the caller has it already.</param>
        /// <param name="words">The words, none empty.</param>
        /// <param name="cancellationToken">Cancellation.</param>
        public static bool[] Spells(SyntaxTree tree, string? text, IReadOnlyList<string> words, CancellationToken cancellationToken)
        {
            var answers = new bool[words.Count];
            var memo = Spellings.GetValue(tree, _ => new WordMemo());
            var known = Volatile.Read(ref memo.Answers);
            List<int>? unknown = null;
            for (var index = 0; index < words.Count; index++)
            {
                if (!TryRecall(known, words[index], out answers[index]))
                {
                    (unknown ??= new List<int>()).Add(index);
                }
            }

            if (unknown is null)
            {
                return answers;
            }

            text ??= tree.GetText(cancellationToken).ToString();
            List<string>? identifiers = null;
            foreach (var index in unknown)
            {
                var word = words[index];
                var found = text.IndexOf(word, StringComparison.Ordinal) >= 0;
                if (!found && MaySpellIdentifiersOtherwise(tree, text))
                {
                    identifiers ??= tree.GetRoot(cancellationToken).DescendantTokens()
                        .Where(token => token.IsKind(SyntaxKind.IdentifierToken))
                        .Select(token => token.ValueText)
                        .ToList();
                    found = identifiers.Any(identifier => identifier.IndexOf(word, StringComparison.Ordinal) >= 0);
                }

                answers[index] = found;
            }

            // Kept by replacing the array: a thread that loses the race asks the text again next time, never waits.
            var more = new (string, bool)[known.Length + unknown.Count];
            Array.Copy(known, more, known.Length);
            for (var added = 0; added < unknown.Count; added++)
            {
                more[known.Length + added] = (words[unknown[added]], answers[unknown[added]]);
            }

            Interlocked.CompareExchange(ref memo.Answers, more, known);
            return answers;
        }

        private static readonly ConditionalWeakTable<SyntaxTree, WordMemo> Spellings = new();

        /// <summary>The words asked of one file so far (few, and the same ones in every compilation), with their answers.</summary>
        private sealed class WordMemo
        {
            public (string Word, bool Spelled)[] Answers = Array.Empty<(string, bool)>();
        }

        private static string[] Wanted(IEnumerable<string> words)
            => words.Where(word => !string.IsNullOrEmpty(word)).Distinct(StringComparer.Ordinal).ToArray();
    }
}
