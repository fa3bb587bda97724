using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// The calls and assignments of a whole compilation by the simple name of what they call or assign, found in one
    /// walk over every tree on first need (each file's part is kept with its tree, so a compilation after an edit walks
    /// only the edited file again). Application-wide conventions (authorization and authentication setup,
    /// service and validator registrations, antiforgery setup, Map calls naming a handler method, the call sites of a
    /// mapping method) look their candidates up here instead of each walking the compilation again; only the candidates
    /// are then bound.
    /// </summary>
    internal sealed class SyntaxIndex
    {
        private static readonly ConditionalWeakTable<Compilation, SyntaxIndex> Instances = new();

        private static readonly IReadOnlyList<InvocationExpressionSyntax> NoInvocations = Array.Empty<InvocationExpressionSyntax>();
        private static readonly IReadOnlyList<AssignmentExpressionSyntax> NoAssignments = Array.Empty<AssignmentExpressionSyntax>();

        private readonly Compilation compilation;
        private readonly object gate = new();
        private Built? built;

        private SyntaxIndex(Compilation compilation) => this.compilation = compilation;

        public static SyntaxIndex Of(Compilation compilation) => Instances.GetValue(compilation, c => new SyntaxIndex(c));

        /// <summary>Every call whose invoked name is <paramref name="name"/> (<c>x.Name(...)</c>, <c>Name(...)</c>, <c>x?.Name(...)</c>), in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsNamed(string name, CancellationToken cancellationToken)
            => Get(cancellationToken).Invocations.TryGetValue(name, out var found) ? found : NoInvocations;

        /// <summary>Every call whose invoked name is one of <paramref name="names"/>, in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsNamed(IEnumerable<string> names, CancellationToken cancellationToken)
            => InOrder(names.SelectMany(name => InvocationsNamed(name, cancellationToken)), cancellationToken);

        /// <summary>Every call whose invoked name satisfies <paramref name="accepts"/>, in tree and source order.</summary>
        public IReadOnlyList<InvocationExpressionSyntax> InvocationsWhere(Func<string, bool> accepts, CancellationToken cancellationToken)
            => InOrder(Get(cancellationToken).Invocations.Where(pair => accepts(pair.Key)).SelectMany(pair => pair.Value), cancellationToken);

        /// <summary>Every assignment to a member or variable named <paramref name="name"/> (<c>x.Name = …</c>, <c>Name = …</c>), in tree and source order.</summary>
        public IReadOnlyList<AssignmentExpressionSyntax> AssignmentsTo(string name, CancellationToken cancellationToken)
            => Get(cancellationToken).Assignments.TryGetValue(name, out var found) ? found : NoAssignments;

        /// <summary>Whether the file calls a method by one of these simple names (its part of the index, kept with the tree).</summary>
        public static bool TreeMentions(SyntaxTree tree, IEnumerable<string> names, CancellationToken cancellationToken)
        {
            var index = TreeIndex.Of(tree, cancellationToken);
            return names.Any(index.Invocations.ContainsKey);
        }

        /// <summary>Nodes of the index sorted as a walk over the compilation's trees would meet them, so results never depend on lookup order.</summary>
        public IReadOnlyList<T> InOrder<T>(IEnumerable<T> nodes, CancellationToken cancellationToken)
            where T : SyntaxNode
        {
            var order = Get(cancellationToken).TreeOrder;
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

        private Built Get(CancellationToken cancellationToken)
        {
            if (Volatile.Read(ref built) is { } known)
            {
                return known;
            }

            lock (gate)
            {
                return built ??= Build(cancellationToken);
            }
        }

        private Built Build(CancellationToken cancellationToken)
        {
            var invocations = new Dictionary<string, List<InvocationExpressionSyntax>>(StringComparer.Ordinal);
            var assignments = new Dictionary<string, List<AssignmentExpressionSyntax>>(StringComparer.Ordinal);
            var treeOrder = new Dictionary<SyntaxTree, int>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                treeOrder[tree] = treeOrder.Count;
                var ofTree = TreeIndex.Of(tree, cancellationToken);
                foreach (var pair in ofTree.Invocations)
                {
                    AddRange(invocations, pair.Key, pair.Value);
                }

                foreach (var pair in ofTree.Assignments)
                {
                    AddRange(assignments, pair.Key, pair.Value);
                }
            }

            return new Built(
                invocations.ToDictionary(p => p.Key, p => (IReadOnlyList<InvocationExpressionSyntax>)p.Value, StringComparer.Ordinal),
                assignments.ToDictionary(p => p.Key, p => (IReadOnlyList<AssignmentExpressionSyntax>)p.Value, StringComparer.Ordinal),
                treeOrder);
        }

        private static void AddRange<T>(Dictionary<string, List<T>> index, string name, List<T> nodes)
        {
            if (!index.TryGetValue(name, out var list))
            {
                index[name] = list = new List<T>(nodes.Count);
            }

            list.AddRange(nodes);
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

        private sealed class Built
        {
            public Built(IReadOnlyDictionary<string, IReadOnlyList<InvocationExpressionSyntax>> invocations, IReadOnlyDictionary<string, IReadOnlyList<AssignmentExpressionSyntax>> assignments, IReadOnlyDictionary<SyntaxTree, int> treeOrder)
            {
                Invocations = invocations;
                Assignments = assignments;
                TreeOrder = treeOrder;
            }

            public IReadOnlyDictionary<string, IReadOnlyList<InvocationExpressionSyntax>> Invocations { get; }

            public IReadOnlyDictionary<string, IReadOnlyList<AssignmentExpressionSyntax>> Assignments { get; }

            public IReadOnlyDictionary<SyntaxTree, int> TreeOrder { get; }
        }
    }
}
