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
        /// Whether an identifier of the file is written with a Unicode escape (<c>Read\u004Cine</c>) or a formatting
        /// character, which the compiler drops from identifiers (<c>Read&lt;U+200B&gt;Line</c> is <c>ReadLine</c>): the
        /// file's text may then not show a name its code uses. Escapes in literals, comments and directives do not count
        /// (a parser of <c>\u</c> escapes writes them in its strings).
        /// </summary>
        public static bool MaySpellIdentifiersOtherwise(SyntaxTree tree, string text)
            => OtherSpellings.TryGetValue(tree, out var known) ? known.Value : KeepOtherSpellings(tree, text);

        /// <summary>
        /// The first answer for a tree, kept with it. Apart from the lookup above, which every check after the first
        /// answers: a callback capturing the answer allocates where its method starts, so this one runs only on a miss.
        /// </summary>
        private static bool KeepOtherSpellings(SyntaxTree tree, string text)
        {
            var answer = MaySpellIdentifiersOtherwise(tree.GetRoot(), text);
            return OtherSpellings.GetValue(tree, _ => new StrongBox<bool>(answer)).Value;
        }

        /// <summary>The answer per file, kept with its tree: every compile-start check asks it of every file.</summary>
        private static readonly ConditionalWeakTable<SyntaxTree, StrongBox<bool>> OtherSpellings = new();

        /// <summary>
        /// The text is searched; only where it holds an escape or a formatting character is the syntax asked, at that
        /// position alone (the path from the root to one token), and a literal, comment or directive found there is
        /// skipped whole.
        /// </summary>
        private static bool MaySpellIdentifiersOtherwise(SyntaxNode root, string text)
        {
            for (var position = 0; position < text.Length; position++)
            {
                var c = text[position];
                var hiding = (c == '\\' && position + 1 < text.Length && text[position + 1] is 'u' or 'U')
                             || (c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format);
                if (!hiding)
                {
                    continue;
                }

                var token = root.FindToken(position);
                if (token.Span.Contains(position))
                {
                    if (!IsLiteral(token.Kind()))
                    {
                        return true;
                    }

                    position = token.Span.End - 1;
                    continue;
                }

                // Trivia (a comment, a directive, disabled text, a documentation comment): not code that names anything.
                var trivia = root.FindTrivia(position);
                if (!trivia.Span.Contains(position))
                {
                    // Neither a token nor trivia holds it (never seen): taken as an identifier, the safe answer.
                    return true;
                }

                position = trivia.Span.End - 1;
            }

            return false;
        }

        private static bool IsLiteral(SyntaxKind kind)
            => kind is SyntaxKind.StringLiteralToken or SyntaxKind.CharacterLiteralToken or SyntaxKind.InterpolatedStringTextToken
                or SyntaxKind.SingleLineRawStringLiteralToken or SyntaxKind.MultiLineRawStringLiteralToken or SyntaxKind.Utf8StringLiteralToken
                or SyntaxKind.Utf8SingleLineRawStringLiteralToken or SyntaxKind.Utf8MultiLineRawStringLiteralToken;

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
        {
            var memo = Spellings.GetValue(tree, _ => new WordMemo());
            if (memo.TryGet(word, out var known))
            {
                return known;
            }

            text ??= tree.GetText(cancellationToken).ToString();
            List<string>? identifiers = null;
            var found = SpelledIn(tree, text, word, ref identifiers, cancellationToken);

            // Two threads asking the same word both read the text; neither waits for the other.
            memo.Add(word, found);
            return found;
        }

        /// <summary>
        /// Which of a list of at most 64 words (a bit per word, by its index) the file spells, of those asked, as
        /// <see cref="Spells(SyntaxTree, string, CancellationToken)"/> says. For a list asked of every file of a
        /// compilation: the answers are kept with the tree as two masks, one small object per file, where the per-word
        /// memo above keeps an entry per word.
        /// </summary>
        /// <param name="tree">The file.</param>
        /// <param name="text">The tree's text.</param>
        /// <param name="words">The words, none empty, at most 64.</param>
        /// <param name="asked">The words asked (bit <c>i</c> for <c>words[i]</c>).</param>
        /// <param name="cancellationToken">Cancellation.</param>
        public static ulong SpelledAmong(SyntaxTree tree, string text, IReadOnlyList<string> words, ulong asked, CancellationToken cancellationToken)
        {
            if (words.Count > 64)
            {
                throw new ArgumentException("At most 64 words are asked together.", nameof(words));
            }

            var holder = ListSpellings.GetValue(tree, _ => new ListMemo());
            var kept = Volatile.Read(ref holder.Answers);
            // The answers kept for this list (another list, of a compilation whose catalog differs or of another group of
            // 64 words, has its own).
            var keptAt = -1;
            for (var at = 0; at < kept.Length && keptAt < 0; at++)
            {
                keptAt = SameWords(kept[at].Words, words) ? at : -1;
            }

            var known = keptAt >= 0 ? kept[keptAt] : null;
            var spelled = known is null ? 0UL : known.Spelled & asked;
            var unknown = known is null ? asked : asked & ~known.Asked;
            if (unknown == 0)
            {
                return spelled;
            }

            List<string>? identifiers = null;
            for (var index = 0; index < words.Count; index++)
            {
                if ((unknown & (1UL << index)) != 0 && SpelledIn(tree, text, words[index], ref identifiers, cancellationToken))
                {
                    spelled |= 1UL << index;
                }
            }

            // Kept by replacing the lists' answers: a thread that loses the race asks the text again next time, never waits.
            // A few lists are kept, the oldest dropped first.
            var answers = new ListAnswers(words, (known?.Asked ?? 0) | unknown, (known?.Spelled ?? 0) | spelled);
            var others = kept.Length - (keptAt >= 0 ? 1 : 0);
            var dropped = Math.Max(0, others - (MaxListsKept - 1));
            var next = new ListAnswers[others - dropped + 1];
            var filled = 0;
            for (var at = 0; at < kept.Length; at++)
            {
                if (at != keptAt && dropped-- <= 0)
                {
                    next[filled++] = kept[at];
                }
            }

            next[filled] = answers;
            Interlocked.CompareExchange(ref holder.Answers, next, kept);
            return spelled;
        }

        private static bool SameWords(IReadOnlyList<string> kept, IReadOnlyList<string> asked)
        {
            if (ReferenceEquals(kept, asked))
            {
                return true;
            }

            if (kept.Count != asked.Count)
            {
                return false;
            }

            for (var index = 0; index < kept.Count; index++)
            {
                if (!string.Equals(kept[index], asked[index], StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Whether the text spells the word, or (where the file may spell identifiers otherwise) one of its identifiers does, read once per file.</summary>
        private static bool SpelledIn(SyntaxTree tree, string text, string word, ref List<string>? identifiers, CancellationToken cancellationToken)
        {
            if (text.IndexOf(word, StringComparison.Ordinal) >= 0)
            {
                return true;
            }

            if (!MaySpellIdentifiersOtherwise(tree, text))
            {
                return false;
            }

            identifiers ??= tree.GetRoot(cancellationToken).DescendantTokens()
                .Where(token => token.IsKind(SyntaxKind.IdentifierToken))
                .Select(token => token.ValueText)
                .ToList();
            foreach (var identifier in identifiers)
            {
                if (identifier.IndexOf(word, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static readonly ConditionalWeakTable<SyntaxTree, ListMemo> ListSpellings = new();

        private const int MaxListsKept = 4;

        /// <summary>The answers for the last few word lists asked of one file (<see cref="SpelledAmong"/>).</summary>
        private sealed class ListMemo
        {
            public ListAnswers[] Answers = Array.Empty<ListAnswers>();
        }

        private sealed class ListAnswers
        {
            public ListAnswers(IReadOnlyList<string> words, ulong asked, ulong spelled)
            {
                Words = words;
                Asked = asked;
                Spelled = spelled;
            }

            public IReadOnlyList<string> Words { get; }

            public ulong Asked { get; }

            public ulong Spelled { get; }
        }

        private static readonly ConditionalWeakTable<SyntaxTree, WordMemo> Spellings = new();

        /// <summary>
        /// The words asked of one file so far (a few dozen, the same ones in every compilation), with their answers. Read
        /// without a lock from a published snapshot; an answer is added under the lock into spare room, the array doubling
        /// when full (it used to be copied whole for every new word: 11.7 MB a pass on the 997-file corpus), and kept as
        /// long as the tree at about the size the words need.
        /// </summary>
        private sealed class WordMemo
        {
            private readonly object gate = new();
            private volatile Snapshot current = new(new (string, bool)[4], 0);

            public bool TryGet(string word, out bool spelled)
            {
                var snapshot = current;
                for (var i = 0; i < snapshot.Count; i++)
                {
                    if (string.Equals(snapshot.Answers[i].Word, word, StringComparison.Ordinal))
                    {
                        spelled = snapshot.Answers[i].Spelled;
                        return true;
                    }
                }

                spelled = false;
                return false;
            }

            public void Add(string word, bool spelled)
            {
                lock (gate)
                {
                    if (TryGet(word, out _))
                    {
                        return;
                    }

                    var answers = current.Answers;
                    var count = current.Count;
                    if (count == answers.Length)
                    {
                        Array.Resize(ref answers, answers.Length * 2);
                    }

                    // The slot is written before the snapshot that counts it is published; readers see only counted slots.
                    answers[count] = (word, spelled);
                    current = new Snapshot(answers, count + 1);
                }
            }

            private sealed class Snapshot
            {
                public Snapshot((string Word, bool Spelled)[] answers, int count)
                {
                    Answers = answers;
                    Count = count;
                }

                public (string Word, bool Spelled)[] Answers { get; }

                public int Count { get; }
            }
        }

        private static string[] Wanted(IEnumerable<string> words)
            => words.Where(word => !string.IsNullOrEmpty(word)).Distinct(StringComparer.Ordinal).ToArray();
    }
}
