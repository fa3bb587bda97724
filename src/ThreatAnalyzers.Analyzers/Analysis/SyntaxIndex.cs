using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// The calls and assignments of a whole compilation by the simple name of what they call or assign. Each file's part
    /// is found in one walk over its tree on first need and kept with the tree, so a compilation after an edit walks only
    /// the edited file again; a name asked of the compilation is looked up in each file's part (the answer kept per
    /// name), never by merging every file's parts, which would cost every compilation, that is every edit, the whole
    /// program.
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
                : invocationsByName.GetOrAdd(name, InEveryTree(name, index => index.Invocations, NoInvocations, cancellationToken));

        /// <summary>Every call whose invoked name is one of <paramref name="names"/>, in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsNamed(IEnumerable<string> names, CancellationToken cancellationToken)
            => InOrder(names.SelectMany(name => InvocationsNamed(name, cancellationToken)), cancellationToken);

        /// <summary>Every call whose invoked name satisfies <paramref name="accepts"/>, in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsWhere(Func<string, bool> accepts, CancellationToken cancellationToken)
        {
            var found = new List<InvocationExpressionSyntax>();
            foreach (var tree in compilation.SyntaxTrees)
            {
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
                : assignmentsByName.GetOrAdd(name, InEveryTree(name, index => index.Assignments, NoAssignments, cancellationToken));

        /// <summary>Whether the file calls a method by one of these simple names (its part of the index, kept with the tree).</summary>
        public static bool TreeMentions(SyntaxTree tree, IEnumerable<string> names, CancellationToken cancellationToken)
        {
            var index = TreeIndex.Of(tree, cancellationToken);
            return names.Any(index.Invocations.ContainsKey);
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
        private IReadOnlyList<T> InEveryTree<T>(string name, Func<TreeIndex, Dictionary<string, List<T>>> part, IReadOnlyList<T> none, CancellationToken cancellationToken)
        {
            List<T>? found = null;
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (part(TreeIndex.Of(tree, cancellationToken)).TryGetValue(name, out var nodes))
                {
                    (found ??= new List<T>()).AddRange(nodes);
                }
            }

            return found ?? none;
        }

        /// <summary>
        /// One file's calls and assignments by name, kept as long as the file's tree lives: a compilation after an edit
        /// shares every other tree with the one before, so only the edited file is walked again.
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
