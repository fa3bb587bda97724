using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// The calls and assignments of a whole compilation by the simple name of what they call or assign. A name's nodes in a
    /// file are found from where the file's text spells the name (<see cref="TreeNames"/>: the token there, then the call
    /// or assignment around it), on first need, and kept with the tree per name, so a compilation after an edit searches
    /// only the edited file again; no file is walked whole for a name (the names asked are setup calls that few files
    /// write, and walking every node of every file cost more than all the searches of their texts). A name asked of the
    /// compilation is looked up in each file (the answer kept per name), never by merging every file's parts, which would
    /// cost every compilation, that is every edit, the whole program. Only a file whose text may spell identifiers
    /// otherwise (a Unicode escape or a formatting character), and a question about every name a predicate takes, walk a
    /// file whole (<see cref="TreeIndex"/>), the latter only in the files that spell one of the words the question gives.
    /// Application-wide conventions (authorization and authentication setup, service and validator registrations,
    /// antiforgery setup, Map calls naming a handler method, the call sites of a mapping method) look their candidates up
    /// here instead of each walking the compilation again; only the candidates are then bound.
    /// </summary>
    internal sealed class SyntaxIndex
    {
        private static readonly ConditionalWeakTable<Compilation, SyntaxIndex> Instances = new();

        private static readonly IReadOnlyList<InvocationExpressionSyntax> NoInvocations = Array.Empty<InvocationExpressionSyntax>();
        private static readonly IReadOnlyList<AssignmentExpressionSyntax> NoAssignments = Array.Empty<AssignmentExpressionSyntax>();

        private readonly Compilation compilation;
        private readonly Lazy<IReadOnlyDictionary<SyntaxTree, int>> treeOrder;
        private readonly ConcurrentDictionary<string, IReadOnlyList<InvocationExpressionSyntax>> invocationsByName = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<string, IReadOnlyList<AssignmentExpressionSyntax>> assignmentsByName = new(StringComparer.Ordinal);

        private SyntaxIndex(Compilation compilation)
        {
            this.compilation = compilation;
            treeOrder = new Lazy<IReadOnlyDictionary<SyntaxTree, int>>(
                () => compilation.SyntaxTrees.Select((tree, index) => (tree, index)).ToDictionary(pair => pair.tree, pair => pair.index),
                LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public static SyntaxIndex Of(Compilation compilation) => Instances.GetValue(compilation, c => new SyntaxIndex(c));

        /// <summary>Every call whose invoked name is <paramref name="name"/> (<c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name(...)</c>), in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsNamed(string name, CancellationToken cancellationToken)
            => invocationsByName.TryGetValue(name, out var known)
                ? known
                : invocationsByName.GetOrAdd(name, InEveryTree(name, (named, n, ct) => named.Invocations(n, ct), NoInvocations, cancellationToken));

        /// <summary>Every call whose invoked name is one of <paramref name="names"/>, in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsNamed(IEnumerable<string> names, CancellationToken cancellationToken)
            => InOrder(names.SelectMany(name => InvocationsNamed(name, cancellationToken)), cancellationToken);

        /// <summary>
        /// Every call whose invoked name satisfies <paramref name="accepts"/>, in tree and source order, from the files whose
        /// text spells one of <paramref name="spelledAny"/>: the words must be such that every call the caller keeps after
        /// its own filtering is in a file that spells one (no word: no call).
        /// </summary>
        /// <param name="accepts">Which invoked names are wanted.</param>
        /// <param name="spelledAny">Words one of which any file holding a call the caller keeps spells (its name, or a word its receiver or arguments must have).</param>
        /// <param name="ignoreCase">Whether the words are looked for in any case.</param>
        /// <param name="cancellationToken">The cancellation token.</param>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsWhere(Func<string, bool> accepts, IReadOnlyCollection<string> spelledAny, bool ignoreCase, CancellationToken cancellationToken)
        {
            var found = new List<InvocationExpressionSyntax>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (!spelledAny.Any(word => TreeNames.Of(tree, cancellationToken).Spells(word, ignoreCase, cancellationToken)))
                {
                    continue;
                }

                foreach (var pair in TreeIndex.Of(tree, cancellationToken).Invocations)
                {
                    if (accepts(pair.Key))
                    {
                        found.AddRange(pair.Value);
                    }
                }
            }

            return InOrder(found, cancellationToken);
        }

        /// <summary>Every assignment to a member or variable named <paramref name="name"/> (<c>x.Name = …</c>, <c>Name = …</c>), in tree and source order.</summary>
        public IReadOnlyList<AssignmentExpressionSyntax> AssignmentsTo(string name, CancellationToken cancellationToken)
            => assignmentsByName.TryGetValue(name, out var known)
                ? known
                : assignmentsByName.GetOrAdd(name, InEveryTree(name, (named, n, ct) => named.Assignments(n, ct), NoAssignments, cancellationToken));

        /// <summary>Whether the file calls a method by one of these simple names (its part of the index, kept with the tree).</summary>
        public static bool TreeMentions(SyntaxTree tree, IEnumerable<string> names, CancellationToken cancellationToken)
        {
            var named = TreeNames.Of(tree, cancellationToken);
            return names.Any(name => named.Invocations(name, cancellationToken).Count > 0);
        }

        /// <summary>Nodes of the index sorted by file, then position, so results never depend on the order names are looked up in.</summary>
        public IReadOnlyList<T> InOrder<T>(IEnumerable<T> nodes, CancellationToken cancellationToken)
            where T : SyntaxNode
        {
            var order = treeOrder.Value;
            // Two nodes that start together (a.B().C() holds a.B()) keep the order they came in (the sort is stable, and each
            // file's part holds them as its walk met them); every caller's answer is the same in either order.
            return nodes.OrderBy(n => order.TryGetValue(n.SyntaxTree, out var index) ? index : int.MaxValue).ThenBy(n => n.SpanStart).ToList();
        }

        /// <summary>The simple name a call invokes, or null (a delegate in an indexer, a parenthesized lambda…).</summary>
        public static string? InvokedName(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        /// <summary>The nodes of one name from each file's part, in tree order (each part holds its file's in source order).</summary>
        private IReadOnlyList<T> InEveryTree<T>(string name, Func<TreeNames, string, CancellationToken, IReadOnlyList<T>> part, IReadOnlyList<T> none, CancellationToken cancellationToken)
        {
            List<T>? found = null;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var nodes = part(TreeNames.Of(tree, cancellationToken), name, cancellationToken);
                if (nodes.Count > 0)
                {
                    (found ??= new List<T>()).AddRange(nodes);
                }
            }

            return found ?? none;
        }

        /// <summary>
        /// One file's calls and assignments of the names asked of it, each name's found on first need and kept with the
        /// tree (an edit searches only the edited file again): each place the text spells the name whole as an identifier,
        /// the call whose invoked name it is or the assignment whose target it names, in the order a walk of the tree
        /// meets them. A file whose text may spell identifiers otherwise (a Unicode escape or a formatting character) is
        /// walked whole instead.
        /// </summary>
        private sealed class TreeNames
        {
            private static readonly ConditionalWeakTable<SyntaxTree, TreeNames> Cache = new();

            private readonly SyntaxTree tree;

            // One lock and few buckets: a file is asked about a few dozen names, rarely by two threads at once.
            private readonly ConcurrentDictionary<string, (IReadOnlyList<InvocationExpressionSyntax> Invocations, IReadOnlyList<AssignmentExpressionSyntax> Assignments)> byName
                = new(concurrencyLevel: 1, capacity: 16, StringComparer.Ordinal);

            private readonly bool spellsOtherwise;

            /// <summary>The words <see cref="Spells"/> is asked in any case (one question of the whole compilation asks them), made on first need.</summary>
            private ConcurrentDictionary<string, bool>? spelledInAnyCase;

            /// <summary>
            /// The file's text while something holds it: a text read from a large file or changed by an edit makes a new
            /// string each time it is asked, and a file is searched for each name asked of it.
            /// </summary>
            private WeakReference<string>? heldText;

            /// <summary>
            /// The words of the file's text (every run of identifier characters, comments and strings included) as a Bloom
            /// filter of <see cref="WordBits"/> bits, two per word: a name no run of the text spells is answered without
            /// searching the text, so asking every file about each of hundreds of names (the call sites of each mapping
            /// method) costs a look-up per file, not a search of the whole program per name. A false "may" only costs the
            /// search.
            /// </summary>
            private readonly ulong[] words = new ulong[WordBits / 64];

            private const int WordBits = 8192;

            private TreeNames(SyntaxTree tree, CancellationToken cancellationToken)
            {
                this.tree = tree;
                var text = Text(cancellationToken);
                spellsOtherwise = SourceMentions.MaySpellIdentifiersOtherwise(tree, text);
                for (var start = 0; start < text.Length;)
                {
                    if (!IsWordCharacter(text[start]))
                    {
                        start++;
                        continue;
                    }

                    var end = start;
                    var hash = unchecked((int)2166136261);
                    while (end < text.Length && IsWordCharacter(text[end]))
                    {
                        hash = unchecked((hash ^ text[end]) * 16777619);
                        end++;
                    }

                    AddWord(hash);
                    start = end;
                }
            }

            public static TreeNames Of(SyntaxTree tree, CancellationToken cancellationToken)
                => Cache.TryGetValue(tree, out var known) ? known : Cache.GetValue(tree, t => new TreeNames(t, cancellationToken));

            public IReadOnlyList<InvocationExpressionSyntax> Invocations(string name, CancellationToken cancellationToken)
                => Named(name, cancellationToken).Invocations;

            public IReadOnlyList<AssignmentExpressionSyntax> Assignments(string name, CancellationToken cancellationToken)
                => Named(name, cancellationToken).Assignments;

            /// <summary>
            /// Whether the file's text spells the word (any file whose text may spell identifiers otherwise does, in any case);
            /// in exact case, the answer the rest of the analyzers keep with the tree (<see cref="SourceMentions.Spells(SyntaxTree, string, CancellationToken)"/>).
            /// </summary>
            public bool Spells(string word, bool ignoreCase, CancellationToken cancellationToken)
            {
                if (!ignoreCase)
                {
                    return SourceMentions.Spells(tree, word, cancellationToken);
                }

                var known = LazyInitializer.EnsureInitialized(ref spelledInAnyCase, () => new ConcurrentDictionary<string, bool>(1, 8, StringComparer.Ordinal))!;
                if (known.TryGetValue(word, out var spelled))
                {
                    return spelled;
                }

                spelled = spellsOtherwise || Text(cancellationToken).IndexOf(word, StringComparison.OrdinalIgnoreCase) >= 0;
                return known.GetOrAdd(word, spelled);
            }

            /// <summary>The file's text (for a text read from a string or a small file, the tree's own string, not a copy).</summary>
            private string Text(CancellationToken cancellationToken)
            {
                if (heldText is not null && heldText.TryGetTarget(out var known))
                {
                    return known;
                }

                var read = tree.GetText(cancellationToken).ToString();
                heldText = new WeakReference<string>(read);
                return read;
            }

            private static bool IsWordCharacter(char c)
                => c == '_' || char.IsLetterOrDigit(c)
                   || (c > '\u007F' && CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark
                       or UnicodeCategory.ConnectorPunctuation or UnicodeCategory.LetterNumber);

            private void AddWord(int hash)
            {
                var (first, second) = BitsOf(hash);
                words[first >> 6] |= 1UL << (first & 63);
                words[second >> 6] |= 1UL << (second & 63);
            }

            /// <summary>Whether some run of the text may be the name (false only where none is).</summary>
            private bool MaySpellWord(string name)
            {
                var hash = unchecked((int)2166136261);
                foreach (var c in name)
                {
                    if (!IsWordCharacter(c))
                    {
                        // Not one run of word characters: the filter cannot tell.
                        return true;
                    }

                    hash = unchecked((hash ^ c) * 16777619);
                }

                var (first, second) = BitsOf(hash);
                return (words[first >> 6] & (1UL << (first & 63))) != 0 && (words[second >> 6] & (1UL << (second & 63))) != 0;
            }

            /// <summary>A word's two bits: the low and the high bits of its hash.</summary>
            private static (int First, int Second) BitsOf(int hash)
                => (hash & (WordBits - 1), (int)((uint)hash >> 19) & (WordBits - 1));

            private (IReadOnlyList<InvocationExpressionSyntax> Invocations, IReadOnlyList<AssignmentExpressionSyntax> Assignments) Named(string name, CancellationToken cancellationToken)
            {
                if (byName.TryGetValue(name, out var known))
                {
                    return known;
                }

                // Most files spell none of the names asked of them: nothing is searched, nor kept.
                if (!spellsOtherwise && !MaySpellWord(name))
                {
                    return (NoInvocations, NoAssignments);
                }

                if (spellsOtherwise)
                {
                    var index = TreeIndex.Of(tree, cancellationToken);
                    return byName.GetOrAdd(name, (
                        index.Invocations.TryGetValue(name, out var invocations) ? invocations : NoInvocations,
                        index.Assignments.TryGetValue(name, out var assignments) ? assignments : NoAssignments));
                }

                List<InvocationExpressionSyntax>? calls = null;
                List<AssignmentExpressionSyntax>? assigned = null;
                var text = Text(cancellationToken);
                var root = tree.GetRoot(cancellationToken);
                for (var at = name.Length == 0 ? -1 : text.IndexOf(name, StringComparison.Ordinal); at >= 0;)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var token = root.FindToken(at);
                    if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name && token.Span.Contains(at)
                        && token.Parent is SimpleNameSyntax simple)
                    {
                        // What the index keys a call or an assignment by: x.Name, x?.Name or Name itself.
                        ExpressionSyntax named = simple.Parent switch
                        {
                            MemberAccessExpressionSyntax member when member.Name == simple => member,
                            MemberBindingExpressionSyntax binding when binding.Name == simple => binding,
                            _ => simple,
                        };
                        switch (named.Parent)
                        {
                            case InvocationExpressionSyntax invocation when invocation.Expression == named:
                                (calls ??= new List<InvocationExpressionSyntax>()).Add(invocation);
                                break;
                            case AssignmentExpressionSyntax assignment when assignment.Left == named:
                                (assigned ??= new List<AssignmentExpressionSyntax>()).Add(assignment);
                                break;
                        }
                    }

                    // The rest of this token cannot spell the name again as a whole identifier; a place in the trivia before
                    // a token (a comment, a directive) goes on at the token, which may itself be the name.
                    var next = at < token.SpanStart ? token.SpanStart : Math.Max(at + 1, token.Span.End);
                    at = next < text.Length ? text.IndexOf(name, next, StringComparison.Ordinal) : -1;
                }

                return byName.GetOrAdd(name, (InWalkOrder(calls) ?? NoInvocations, InWalkOrder(assigned) ?? NoAssignments));
            }

            /// <summary>A walk meets an outer node before one that starts where it does inside it (a.B().B(): the second call first).</summary>
            private static IReadOnlyList<T>? InWalkOrder<T>(List<T>? nodes)
                where T : SyntaxNode
            {
                nodes?.Sort((x, y) => x.SpanStart != y.SpanStart ? x.SpanStart.CompareTo(y.SpanStart) : y.Span.Length.CompareTo(x.Span.Length));
                return nodes;
            }
        }

        /// <summary>
        /// One file's calls and assignments of every name, from a walk of the whole tree: only for a file whose text may spell
        /// identifiers otherwise, and for a question about every name a predicate takes in the files that spell its words.
        /// Kept as long as the file's tree lives: a compilation after an edit shares every other tree with the one before.
        /// </summary>
        private sealed class TreeIndex
        {
            private static readonly ConditionalWeakTable<SyntaxTree, TreeIndex> Cache = new();

            public Dictionary<string, List<InvocationExpressionSyntax>> Invocations { get; } = new(StringComparer.Ordinal);

            public Dictionary<string, List<AssignmentExpressionSyntax>> Assignments { get; } = new(StringComparer.Ordinal);

            public static TreeIndex Of(SyntaxTree tree, CancellationToken cancellationToken)
            {
                if (Cache.TryGetValue(tree, out var known))
                {
                    return known;
                }

                var index = new TreeIndex();
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
                {
                    switch (node)
                    {
                        case InvocationExpressionSyntax invocation when InvokedName(invocation.Expression) is { } invoked:
                            Add(index.Invocations, invoked, invocation);
                            break;
                        case AssignmentExpressionSyntax assignment when InvokedName(assignment.Left) is { } assigned:
                            Add(index.Assignments, assigned, assignment);
                            break;
                    }
                }

                // Cancellation above leaves nothing half-built in the cache; two threads building the same tree keep one.
                return Cache.GetValue(tree, _ => index);
            }
        }

        private static void Add<T>(Dictionary<string, List<T>> index, string name, T node)
        {
            if (!index.TryGetValue(name, out var list))
            {
                index[name] = list = new List<T>();
            }

            list.Add(node);
        }
    }
}
