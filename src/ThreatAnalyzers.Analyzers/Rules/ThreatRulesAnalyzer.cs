using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// The one semantic pass every threat rule shares. Per compilation: one <see cref="CompilationAnalysis"/>. Per
    /// method symbol and per Map call: entry points recognized once, handed to every entry-point rule. Per body: at
    /// most one flow analysis, and only when the body may reach a sink, handed to every flow rule. Everything is
    /// reported from the symbol, operation or body being analyzed, so findings show live for the document being edited,
    /// except what a flow rule holds back for the compilation's end (<see cref="FlowRule.ReportsAtCompilationEnd"/>: a
    /// finding on a declaration that flows in other members found, which an analysis of one document would drop).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThreatRulesAnalyzer : DiagnosticAnalyzer
    {
        private readonly ImmutableArray<EntryPointRule> entryPointRules;
        private readonly ImmutableArray<FlowRule> flowRules;
        private readonly ImmutableArray<OperationRule> operationRules;
        private readonly ImmutableArray<SymbolRule> symbolRules;
        private readonly IAnalysisObserver? observer;

        public ThreatRulesAnalyzer()
            : this(ThreatRules.All, observer: null)
        {
        }

        /// <summary>For tests: other rule sets, and an observer of the pass's work.</summary>
        internal ThreatRulesAnalyzer(ImmutableArray<ThreatRule> rules, IAnalysisObserver? observer)
        {
            entryPointRules = rules.OfType<EntryPointRule>().ToImmutableArray();
            flowRules = rules.OfType<FlowRule>().ToImmutableArray();
            operationRules = rules.OfType<OperationRule>().ToImmutableArray();
            symbolRules = rules.OfType<SymbolRule>().ToImmutableArray();
            this.observer = observer;
            SupportedDiagnostics = rules.Select(r => r.Definition.Descriptor).Append(SummaryRecorder.Descriptor).ToImmutableArray();
        }

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; }

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var analysis = CompilationAnalysis.Create(start.Compilation, start.Options);
                observer?.StateCreated(analysis);
                var recognizer = analysis.EntryPoints;
                if (!entryPointRules.IsEmpty && recognizer.CanFindMethodEntryPoints)
                {
                    start.RegisterSymbolAction(c => AnalyzeMethod(c, analysis), SymbolKind.Method);
                }

                if (!entryPointRules.IsEmpty && recognizer.AspNetCore is { HasMvc: true })
                {
                    start.RegisterSymbolAction(c => AnalyzeInheritedActions(c, analysis), SymbolKind.NamedType);
                }

                // Map calls and the operation rules' operations are found in one walk per body (below), not by an
                // operation action: a callback per literal, call and assignment costs more in the driver than the walk.
                var mapsRoutes = !entryPointRules.IsEmpty && recognizer.CanFindRouteMappings;
                var applying = operationRules.Where(rule => rule.AppliesTo(analysis)).ToImmutableArray();
                var named = SourceMentions.NamedParts(start.Compilation, applying.SelectMany(rule => rule.NamedInSource), start.CancellationToken);
                var operationRulesHere = applying.Where(rule => rule.NamedInSource.IsEmpty || rule.NamedInSource.Any(named.Contains)).ToImmutableArray();
                var walk = mapsRoutes || !operationRulesHere.IsEmpty ? new OperationWalk(mapsRoutes, operationRulesHere) : null;

                // One symbol action for all declaration rules, over the kinds some applicable rule looks at.
                var symbolRulesHere = symbolRules.Where(rule => rule.AppliesTo(analysis)).ToImmutableArray();
                if (!symbolRulesHere.IsEmpty)
                {
                    var symbolKinds = symbolRulesHere.SelectMany(rule => rule.SymbolKinds).Distinct().ToArray();
                    start.RegisterSymbolAction(c => AnalyzeDeclaration(c, analysis, symbolRulesHere), symbolKinds);
                }

                // No flow analysis is set up where no flow rule can find anything: no sink referenced, or no value of the
                // kinds of data it is about can arise (a library that neither takes requests nor classifies data).
                var kindsThatArise = new[] { FactKind.Untrusted, FactKind.Pii, FactKind.Secrets }
                    .Where(kind => analysis.CanArise(kind, start.CancellationToken)).ToImmutableHashSet();
                var applicable = flowRules.Where(rule => rule.AppliesTo(analysis) && rule.FactKinds.Any(kindsThatArise.Contains)).ToImmutableArray();
                if (applicable.IsEmpty || (!analysis.Flow.Catalog.HasAnySink && analysis.Flow.Referenced.IsEmpty))
                {
                    applicable = ImmutableArray<FlowRule>.Empty;
                }

                // The flow record of the project's public methods, for the projects that reference it (when the build asks).
                // Where the rules' flow analysis runs, it asks the record's question in its own walk of each body.
                var recorder = SummaryRecorder.IsOn(start.Options)
                    ? new SummaryRecorder(analysis, rulesSummarizeBodies: !applicable.IsEmpty, start.CancellationToken)
                    : null;

                // Two actions, so that a failure in one (reported by the driver as AD0001) does not cost the other its findings.
                if (walk is not null)
                {
                    start.RegisterOperationBlockAction(c => Walk(c, analysis, walk));
                }

                if (!applicable.IsEmpty)
                {
                    start.RegisterOperationBlockAction(c => AnalyzeBodies(c, analysis, applicable, recorder));
                    var holdingBack = applicable.Where(rule => rule.ReportsAtCompilationEnd).ToImmutableArray();
                    if (!holdingBack.IsEmpty)
                    {
                        start.RegisterCompilationEndAction(end =>
                        {
                            foreach (var rule in holdingBack)
                            {
                                rule.ReportAtCompilationEnd(analysis, end.ReportDiagnostic, end.CancellationToken);
                            }
                        });
                    }
                }
                else if (recorder is not null)
                {
                    start.RegisterOperationBlockAction(recorder.Record);
                }

                if (recorder is not null)
                {
                    start.RegisterCompilationEndAction(recorder.Report);
                }
            });
        }

        private void AnalyzeMethod(SymbolAnalysisContext context, CompilationAnalysis analysis)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (analysis.EntryPoints.Recognize(method, context.CancellationToken) is not { } entryPoint)
            {
                return;
            }

            var location = method.Locations.FirstOrDefault(l => l.IsInSource);
            if (location is null)
            {
                return;
            }

            var entry = new EntryPointContext(analysis, entryPoint, ElementIds.ProcessOf(method), location, ImmutableArray.Create<ISymbol>(method), mapping: null, context.ReportDiagnostic, context.CancellationToken);
            foreach (var rule in entryPointRules)
            {
                rule.Analyze(entry);
            }
        }

        /// <summary>Actions a concrete controller inherits from abstract or generic base controllers: reported on the controller's name.</summary>
        private void AnalyzeInheritedActions(SymbolAnalysisContext context, CompilationAnalysis analysis)
        {
            var controller = (INamedTypeSymbol)context.Symbol;
            if (controller.TypeKind != TypeKind.Class || controller.IsAbstract || controller.BaseType is not { DeclaringSyntaxReferences.Length: > 0 }
                || controller.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
            {
                return;
            }

            foreach (var (method, entryPoint) in analysis.EntryPoints.InheritedActions(controller, context.CancellationToken))
            {
                var entry = new EntryPointContext(analysis, entryPoint, ElementIds.ProcessOfInherited(controller, method), location,
                    ImmutableArray.Create<ISymbol>(method, controller), mapping: null, context.ReportDiagnostic, context.CancellationToken, inheritedBy: controller);
                foreach (var rule in entryPointRules)
                {
                    rule.Analyze(entry);
                }
            }
        }

        private void AnalyzeMapping(IInvocationOperation invocation, BlockScope block, CompilationAnalysis analysis)
        {
            if (analysis.EntryPoints.Recognize(invocation, block.CancellationToken) is not { } entryPoint)
            {
                return;
            }

            // Review annotations may sit on the handler lambda or method, or on the method that maps the route.
            var scope = analysis.EntryPoints.HandlerOf(invocation) is { } handler
                ? ImmutableArray.Create(handler, block.Owner)
                : ImmutableArray.Create(block.Owner);
            var entry = new EntryPointContext(
                analysis,
                entryPoint,
                ElementIds.ProcessOfRoute(block.Owner, entryPoint.Name),
                NameLocation(invocation),
                scope,
                invocation,
                block.Report,
                block.CancellationToken);
            foreach (var rule in entryPointRules)
            {
                rule.Analyze(entry);
            }
        }

        /// <summary>
        /// One walk over the body's operations for the Map calls and every switched-on operation rule; the kinds any of
        /// them looks at are a table lookup, so the walk costs little where a body holds nothing of interest. Where every
        /// rule the body is walked for names what it spells, only the operations around those words are visited.
        /// </summary>
        private void Walk(OperationBlockAnalysisContext context, CompilationAnalysis analysis, OperationWalk walk)
        {
            var enabled = walk.EnabledIn(context.FilterTree, context.Compilation, context.CancellationToken);
            var selection = enabled.In(context.OperationBlocks, context.CancellationToken, out var anchors);
            if (selection.Rules.IsEmpty && !walk.MapsRoutes)
            {
                return;
            }

            // What the rules' contexts need of the block, made once: a delegate to the context's ReportDiagnostic (a struct's
            // method) boxes a copy of the whole context, which per operation costs more than the rules' questions.
            var scope = new BlockScope(context.OwningSymbol, context.OperationBlocks, context.ReportDiagnostic, context.CancellationToken);
            observer?.BodyWalked(context.OwningSymbol, aroundWords: anchors is not null);
            if (anchors is not null)
            {
                WalkAround(scope, analysis, selection, anchors);
                return;
            }

            // An explicit stack, not recursion (a long chain of + nests thousands deep) nor DescendantsAndSelf (an
            // iterator per block and per level), reused by the thread's walks.
            var pending = OperationStack.ForThisThread();
            try
            {
                foreach (var block in context.OperationBlocks)
                {
                    context.CancellationToken.ThrowIfCancellationRequested();
                    WalkAll(block, pending, scope, analysis, selection, walk.MapsRoutes);
                }
            }
            finally
            {
                pending.Clear();
            }
        }

        /// <summary>Every operation from <paramref name="root"/> down, in source order, each asked of the selected rules.</summary>
        private void WalkAll(IOperation root, OperationStack pending, BlockScope scope, CompilationAnalysis analysis, RuleSelection selection, bool mapsRoutes)
        {
            pending.Push(root);
            while (!pending.IsEmpty)
            {
                var operation = pending.Pop();
                pending.PushChildrenOf(operation);
                Visit(operation, scope, analysis, selection, mapsRoutes);
            }
        }

        private void Visit(IOperation operation, BlockScope scope, CompilationAnalysis analysis, RuleSelection selection, bool mapsRoutes)
        {
            var kind = (int)operation.Kind;
            if (kind >= selection.Interest.Length || !selection.Interest[kind])
            {
                return;
            }

            if (mapsRoutes && operation is IInvocationOperation invocation)
            {
                AnalyzeMapping(invocation, scope, analysis);
            }

            OperationRuleContext? operationContext = null;
            foreach (var rule in selection.RulesFor[kind])
            {
                operationContext ??= new OperationRuleContext(analysis, operation, scope.Owner, scope.Report, scope.CancellationToken);
                rule.Analyze(operationContext);
            }
        }

        /// <summary>
        /// The walk where every selected rule names what its findings spell (<see cref="OperationRule.SpelledInBody"/>):
        /// for each place the body spells one of the words, the operations whose syntax contains it, and everything inside
        /// the innermost of them (a string literal is a piece of an interpolated string whose syntax has no quote; an
        /// omitted argument's default has the whole call as its syntax). One descent for all the places: an operation is
        /// examined with the places its parent holds that it may hold too (a bit each: at most <see cref="EnabledRules.MaxAnchors"/>),
        /// so each operation is asked once with no set of those visited.
        /// </summary>
        private void WalkAround(BlockScope scope, CompilationAnalysis analysis, RuleSelection selection, List<TextSpan> anchors)
        {
            System.Diagnostics.Debug.Assert(anchors.Count <= EnabledRules.MaxAnchors && EnabledRules.MaxAnchors <= 32, "each place is a bit of a uint");
            var all = anchors.Count == 32 ? uint.MaxValue : (1u << anchors.Count) - 1;

            // The thread's stacks and list, reused by its walks (one per body walked: allocating them each time cost more
            // than the walk of a small body).
            var buffers = AroundBuffers.ForThisThread();
            var pending = buffers.Pending;
            var children = buffers.Children;
            var below = OperationStack.ForThisThread();
            pending.Clear();
            try
            {
                foreach (var block in scope.Blocks)
                {
                    pending.Push((block, all));
                }

                while (pending.Count > 0)
                {
                    scope.CancellationToken.ThrowIfCancellationRequested();
                    var (operation, offered) = pending.Pop();
                    var held = PlacesIn(operation.Syntax.Span, anchors, offered);
                    if (held == 0)
                    {
                        continue;
                    }

                    Visit(operation, scope, analysis, selection, mapsRoutes: false);
                    children.Clear();
                    var covered = ChildrenHolding(operation, anchors, held, children);
                    if ((held & ~covered) != 0)
                    {
                        // A place no child holds: everything inside this operation is asked (its children included).
                        below.PushChildrenOf(operation);
                        while (!below.IsEmpty)
                        {
                            var inside = below.Pop();
                            below.PushChildrenOf(inside);
                            Visit(inside, scope, analysis, selection, mapsRoutes: false);
                        }

                        continue;
                    }

                    foreach (var (child, itsAnchors) in children)
                    {
                        pending.Push((child, itsAnchors));
                    }
                }
            }
            finally
            {
                pending.Clear();
                children.Clear();
                below.Clear();
            }
        }

        /// <summary>Which of the places <paramref name="among"/> names (a bit each) the span holds.</summary>
        private static uint PlacesIn(TextSpan span, List<TextSpan> anchors, uint among)
        {
            var held = 0u;
            for (var a = 0; a < anchors.Count; a++)
            {
                if ((among & (1u << a)) != 0 && span.Contains(anchors[a]))
                {
                    held |= 1u << a;
                }
            }

            return held;
        }

        /// <summary>
        /// The children of <paramref name="operation"/> whose syntax holds one of the places <paramref name="held"/> names,
        /// each once with the places it holds; returns the places some child holds. A word in a comment (outside the token)
        /// is in no operation.
        /// </summary>
        private static uint ChildrenHolding(IOperation operation, List<TextSpan> anchors, uint held, List<(IOperation Child, uint Anchors)> children)
        {
            var covered = 0u;
            if (operation is IBlockOperation block && block.Operations.Length > 8)
            {
                var statements = block.Operations;
                for (var a = 0; a < anchors.Count; a++)
                {
                    if ((held & (1u << a)) == 0)
                    {
                        continue;
                    }

                    var anchor = anchors[a];
                    int low = 0, high = statements.Length - 1;
                    while (low < high)
                    {
                        // The first statement that ends after the anchor starts.
                        var middle = (low + high) / 2;
                        if (statements[middle].Syntax.Span.End <= anchor.Start)
                        {
                            low = middle + 1;
                        }
                        else
                        {
                            high = middle;
                        }
                    }

                    // Statements are in source order and do not overlap, but an implicit one may share its neighbour's syntax.
                    for (var i = low; i < statements.Length && statements[i].Syntax.SpanStart <= anchor.Start; i++)
                    {
                        if (statements[i].Syntax.Span.Contains(anchor))
                        {
                            Add(children, statements[i], 1u << a);
                            covered |= 1u << a;
                        }
                    }
                }

                return covered;
            }

            foreach (var child in operation.ChildOperations)
            {
                var holds = PlacesIn(child.Syntax.Span, anchors, held);
                if (holds != 0)
                {
                    children.Add((child, holds));
                    covered |= holds;
                }
            }

            return covered;

            static void Add(List<(IOperation Child, uint Anchors)> found, IOperation child, uint bit)
            {
                for (var i = 0; i < found.Count; i++)
                {
                    if (ReferenceEquals(found[i].Child, child))
                    {
                        found[i] = (child, found[i].Anchors | bit);
                        return;
                    }
                }

                found.Add((child, bit));
            }
        }

        /// <summary>What the per-body walk looks for; which operation rules are switched on is read once per file.</summary>
        private sealed class OperationWalk
        {
            private readonly ImmutableArray<OperationRule> rules;
            private readonly ConcurrentDictionary<SyntaxTree, EnabledRules> enabledByTree = new();

            /// <summary>The selections of rules bodies are walked for, by a mask of <see cref="rules"/>: shared by every file.</summary>
            private readonly ConcurrentDictionary<long, RuleSelection> selections = new();

            public OperationWalk(bool mapsRoutes, ImmutableArray<OperationRule> rules)
            {
                MapsRoutes = mapsRoutes;
                this.rules = rules;
            }

            public bool MapsRoutes { get; }

            /// <summary>Where each of these rules (a subset of the walk's, in its order) is in the walk's, for the masks <see cref="SelectionOf"/> is asked with.</summary>
            public int[] IndexesOf(ImmutableArray<OperationRule> subset) => subset.Select(rule => rules.IndexOf(rule)).ToArray();

            /// <summary>
            /// What a body is walked for when it is walked for the rules of <paramref name="mask"/> (bits of the walk's rules,
            /// among the file's <paramref name="enabled"/> ones): made once per compilation and set of rules, not once per
            /// file (its tables by operation kind cost more than a small file's walk).
            /// </summary>
            /// <remarks>Called for every body: a lookup, nothing allocated once the selection is known.</remarks>
            public RuleSelection SelectionOf(long mask, ImmutableArray<OperationRule> enabled)
            {
                if (rules.Length > 63)
                {
                    // More rules than a mask holds (never with today's catalog): every body walked for all its file enables.
                    return new RuleSelection(enabled, MapsRoutes);
                }

                if (selections.TryGetValue(mask, out var known))
                {
                    return known;
                }

                var chosen = rules.Where((_, i) => (mask & (1L << i)) != 0).ToImmutableArray();
                return selections.GetOrAdd(mask, new RuleSelection(chosen, MapsRoutes));
            }

            public EnabledRules EnabledIn(SyntaxTree tree, Compilation compilation, CancellationToken cancellationToken)
            {
                if (enabledByTree.TryGetValue(tree, out var known))
                {
                    return known;
                }

                var enabled = rules.Where(rule => IsEnabled(rule, tree, compilation, cancellationToken)).ToImmutableArray();
                return enabledByTree.GetOrAdd(tree, new EnabledRules(this, enabled, tree));
            }
        }

        /// <summary>
        /// The operation rules switched on in one file. A rule that names what a body must spell is walked for in a body only
        /// where the body spells one of those words in a token the rule may report from: a body whose words are all in
        /// comments, log templates or sentences is not walked for it. Each body's text is searched when it is analyzed, and
        /// only as far as the answer needs (the first such token, or the anchors up to <see cref="MaxAnchors"/>): searching
        /// every file whole up front found every string literal of a library, most of them in bodies no rule then asked about.
        /// </summary>
        private sealed class EnabledRules
        {
            /// <summary>More words than this in a body, and it is walked whole: the walk around each costs more than that (and each is a bit of a <see cref="uint"/> in <see cref="WalkAround"/>).</summary>
            internal const int MaxAnchors = 32;

            private readonly OperationWalk walk;
            private readonly ImmutableArray<OperationRule> rules;
            private readonly int[] indexes;

            /// <summary>The file's enabled rules as bits of the walk's (every one of them selected).</summary>
            private readonly long allEnabled;
            private readonly SyntaxTree tree;

            /// <summary>The file's text, read by the first body that needs it (threads racing read the same text).</summary>
            private string? wholeText;
            private readonly bool anyGated;
            private readonly bool allGated;

            public EnabledRules(OperationWalk walk, ImmutableArray<OperationRule> rules, SyntaxTree tree)
            {
                this.walk = walk;
                this.rules = rules;
                indexes = walk.IndexesOf(rules);
                foreach (var index in indexes)
                {
                    allEnabled |= index < 64 ? 1L << index : 0;
                }
                this.tree = tree;

                // A selection is a mask of at most 31 rules; with more, every body is walked for all of them.
                anyGated = rules.Length <= 31 && rules.Any(rule => !rule.SpelledInBody.IsEmpty);
                allGated = anyGated && !walk.MapsRoutes && rules.All(rule => !rule.SpelledInBody.IsEmpty);
            }

            /// <summary>
            /// The rules a body is walked for (a rule that names what it spells only where the body has some in a token it may
            /// report from), and, when all of them name words and the body has few, where they are (else null: walk it all).
            /// </summary>
            public RuleSelection In(ImmutableArray<IOperation> blocks, CancellationToken cancellationToken, out List<TextSpan>? anchors)
            {
                anchors = null;
                var mask = -1;
                if (anyGated)
                {
                    mask = 0;

                    // The file's text whole, searched within each block's span: a copy of every body cost more than the
                    // search. Kept for the file's other bodies (for a text read from a string or a small file it is the
                    // tree's own string; a large or edited file's is a copy, kept as long as the compilation's analysis).
                    var text = wholeText ??= tree.GetText(cancellationToken).ToString();

                    // Anchors are gathered only where every rule is gated; past MaxAnchors they are dropped (walk it all).
                    var places = allGated ? new List<TextSpan>() : null;
                    for (var i = 0; i < rules.Length; i++)
                    {
                        if (rules[i].SpelledInBody.IsEmpty || Spells(rules[i], blocks, text, ref places))
                        {
                            mask |= 1 << i;
                        }
                    }

                    if (places is not null && mask != 0)
                    {
                        places.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Length.CompareTo(b.Length));
                        anchors = places;
                    }
                }

                if (mask == -1)
                {
                    return walk.SelectionOf(allEnabled, rules);
                }

                // The bits of this file's enabled rules, as bits of the walk's.
                var walkMask = 0L;
                for (var i = 0; i < rules.Length; i++)
                {
                    if ((mask & (1 << i)) != 0)
                    {
                        walkMask |= 1L << indexes[i];
                    }
                }

                return walk.SelectionOf(walkMask, rules);
            }

            /// <summary>
            /// Whether the blocks spell one of the rule's words in a token it may report from; while <paramref name="places"/>
            /// is kept, every such place is added to it (each once), and it is dropped once there are more than <see cref="MaxAnchors"/>.
            /// </summary>
            private static bool Spells(OperationRule rule, ImmutableArray<IOperation> blocks, string text, ref List<TextSpan>? places)
            {
                var found = false;
                for (var b = 0; b < blocks.Length; b++)
                {
                    var block = blocks[b].Syntax;
                    var end = block.Span.End;
                    foreach (var word in rule.SpelledInBody)
                    {
                        for (var position = IndexIn(text, word, block.SpanStart, end); position >= 0;)
                        {
                            var token = block.FindToken(position);
                            var next = position + word.Length;
                            if (token.Span.Contains(position))
                            {
                                if (rule.MayReportAt(token))
                                {
                                    found = true;
                                    if (places is null)
                                    {
                                        return true;
                                    }

                                    var place = new TextSpan(position, word.Length);
                                    if (!places.Contains(place))
                                    {
                                        if (places.Count == MaxAnchors)
                                        {
                                            places = null;
                                            return true;
                                        }

                                        places.Add(place);
                                    }
                                }

                                // One place per token: an operation's syntax holds all of a token or none of it (a long
                                // string's inner quotes are not asked again).
                                next = Math.Max(next, token.Span.End);
                            }

                            position = IndexIn(text, word, next, end);
                        }
                    }
                }

                return found;
            }

            /// <summary>Where the word first occurs wholly between <paramref name="start"/> and <paramref name="end"/>, or -1.</summary>
            private static int IndexIn(string text, string word, int start, int end)
                => end - start < word.Length ? -1 : text.IndexOf(word, start, end - start, StringComparison.Ordinal);
        }

        /// <summary>The stack and list of <see cref="WalkAround"/>, one of each per thread, emptied by each walk.</summary>
        private sealed class AroundBuffers
        {
            [ThreadStatic]
            private static AroundBuffers? forThisThread;

            public Stack<(IOperation Operation, uint Anchors)> Pending { get; } = new();

            public List<(IOperation Child, uint Anchors)> Children { get; } = new();

            public static AroundBuffers ForThisThread() => forThisThread ??= new AroundBuffers();
        }

        /// <summary>What the rules' contexts need of one operation block, made once per block.</summary>
        private sealed class BlockScope(ISymbol owner, ImmutableArray<IOperation> blocks, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            public ISymbol Owner { get; } = owner;

            public ImmutableArray<IOperation> Blocks { get; } = blocks;

            public Action<Diagnostic> Report { get; } = report;

            public CancellationToken CancellationToken { get; } = cancellationToken;
        }

        private sealed class RuleSelection
        {
            public RuleSelection(ImmutableArray<OperationRule> rules, bool mapsRoutes)
            {
                Rules = rules;
                var kinds = rules.SelectMany(rule => rule.OperationKinds).Concat(mapsRoutes ? new[] { OperationKind.Invocation } : Array.Empty<OperationKind>()).ToList();
                Interest = new bool[kinds.Count == 0 ? 0 : kinds.Max(k => (int)k) + 1];
                foreach (var kind in kinds)
                {
                    Interest[(int)kind] = true;
                }

                RulesFor = new OperationRule[Interest.Length][];
                for (var kind = 0; kind < RulesFor.Length; kind++)
                {
                    RulesFor[kind] = rules.Where(rule => rule.OperationKinds.Contains((OperationKind)kind)).ToArray();
                }
            }

            public ImmutableArray<OperationRule> Rules { get; }

            /// <summary>Indexed by <see cref="OperationKind"/>: whether the walk stops at an operation of that kind.</summary>
            public bool[] Interest { get; }

            /// <summary>Indexed by <see cref="OperationKind"/>: the rules that look at operations of that kind, in the rules' order.</summary>
            public OperationRule[][] RulesFor { get; }
        }

        private static void AnalyzeDeclaration(SymbolAnalysisContext context, CompilationAnalysis analysis, ImmutableArray<SymbolRule> rules)
        {
            if (context.Symbol.Locations.FirstOrDefault(l => l.IsInSource)?.SourceTree is not { } tree)
            {
                return;
            }

            SymbolRuleContext? symbolContext = null;
            foreach (var rule in rules)
            {
                if (rule.SymbolKinds.Contains(context.Symbol.Kind) && IsEnabled(rule, tree, context.Compilation, context.CancellationToken))
                {
                    symbolContext ??= new SymbolRuleContext(analysis, context.Symbol, context.ReportDiagnostic, context.CancellationToken);
                    rule.Analyze(symbolContext);
                }
            }
        }

        private void AnalyzeBodies(OperationBlockAnalysisContext context, CompilationAnalysis analysis, ImmutableArray<FlowRule> applicable, SummaryRecorder? recorder)
        {
            var cancellationToken = context.CancellationToken;
            var enabled = applicable.Where(rule => IsEnabled(rule, context.FilterTree, context.Compilation, cancellationToken)).ToImmutableArray();
            var kinds = enabled.Aggregate(SinkKind.None, (acc, rule) => acc | rule.Sinks);

            // The flow record asks of a public method's whole body whether it reaches a sink of any kind, in the same walk as
            // the rules' gate. The two were separate actions, so that a failure in one cost the other nothing; they still
            // cost each other nothing: a failure in either is held until both are done, then thrown (the driver reports it
            // as AD0001 all the same), the rules' first.
            ExceptionDispatchInfo? rulesFailure = null, recordFailure = null;
            RecordCandidate? recording = null;
            try
            {
                recording = recorder?.CandidateFor(context.OwningSymbol, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                recordFailure = ExceptionDispatchInfo.Capture(exception);
            }

            var flow = enabled.IsEmpty ? null : new FlowContext(analysis, context.OwningSymbol, context.ReportDiagnostic, cancellationToken);
            bool wholeBodyWalked = false, recordIt = false;
            try
            {
                foreach (var body in context.OperationBlocks)
                {
                    bool mayReach;
                    if (recording is not null && !wholeBodyWalked && FlowEngine.IsWholeBody(recording.Body, body))
                    {
                        try
                        {
                            (mayReach, recordIt) = analysis.MayReachSinks(body, kinds, SinkKind.All, cancellationToken);
                            wholeBodyWalked = true;
                        }
                        catch (Exception exception) when (exception is not OperationCanceledException)
                        {
                            // Failed on the record's question, or on the rules' (then the rules' own question fails again).
                            recordFailure = ExceptionDispatchInfo.Capture(exception);
                            recording = null;
                            mayReach = analysis.MayReachSink(body, kinds, cancellationToken);
                        }
                    }
                    else
                    {
                        mayReach = analysis.MayReachSink(body, kinds, cancellationToken);
                    }

                    if (!mayReach || flow is null)
                    {
                        continue;
                    }

                    observer?.BodyAnalyzed(context.OwningSymbol, body.Syntax);
                    var found = analysis.Flow.FindingsOf(body, context.OwningSymbol, cancellationToken);
                    if (found.Count == 0)
                    {
                        continue;
                    }

                    // A loop, not a query per rule: most bodies have no finding for most rules, and then nothing is allocated.
                    foreach (var rule in enabled)
                    {
                        List<FlowFinding>? findings = null;
                        foreach (var finding in found)
                        {
                            if ((finding.Kind & rule.Sinks) != 0 && rule.Reaches(finding.Fact))
                            {
                                (findings ??= new List<FlowFinding>()).Add(finding);
                            }
                        }

                        if (findings is not null)
                        {
                            rule.ReportAll(flow, findings);
                        }
                    }
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                rulesFailure = ExceptionDispatchInfo.Capture(exception);
            }

            if (recording is not null)
            {
                try
                {
                    // A body no operation block is all of (a constructor with ': base(…)' or ': this(…)'), or one the rules
                    // failed on before reaching it, is asked on its own.
                    if (wholeBodyWalked ? recordIt : analysis.MayReachSink(recording.Body, SinkKind.All, cancellationToken))
                    {
                        recorder!.RecordSummary(recording, cancellationToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    recordFailure = ExceptionDispatchInfo.Capture(exception);
                }
            }

            (rulesFailure ?? recordFailure)?.Throw();
        }

        /// <summary>A rule switched off for this file (severity none) costs nothing: its question is not asked.</summary>
        private static bool IsEnabled(ThreatRule rule, SyntaxTree tree, Compilation compilation, CancellationToken cancellationToken)
        {
            var id = rule.Definition.Id;
            var options = compilation.Options;
            if (options.SyntaxTreeOptionsProvider is { } provider
                && (provider.TryGetDiagnosticValue(tree, id, cancellationToken, out var severity) || provider.TryGetGlobalDiagnosticValue(id, cancellationToken, out severity)))
            {
                return severity != ReportDiagnostic.Suppress;
            }

            return !(options.SpecificDiagnosticOptions.TryGetValue(id, out var specific) && specific == ReportDiagnostic.Suppress);
        }

        /// <summary>The squiggle goes on the method name of the Map call: <c>app.MapGet(...)</c> underlines <c>MapGet</c>.</summary>
        private static Location NameLocation(IInvocationOperation invocation)
            => invocation.Syntax is InvocationExpressionSyntax syntax
                ? syntax.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name.GetLocation(),
                    SimpleNameSyntax name => name.GetLocation(),
                    _ => syntax.GetLocation(),
                }
                : invocation.Syntax.GetLocation();
    }

    /// <summary>What the shared pass did, for tests that prove it did each thing once.</summary>
    internal interface IAnalysisObserver
    {
        void StateCreated(CompilationAnalysis analysis);

        void BodyAnalyzed(ISymbol owner, SyntaxNode body);

        /// <summary>The operation rules' walk visited the owner's blocks: only around the words its rules spell, or whole.</summary>
        void BodyWalked(ISymbol owner, bool aroundWords);
    }

    /// <summary>The threat rules of the package, each in its own file.</summary>
    internal static class ThreatRules
    {
        public static ImmutableArray<ThreatRule> All { get; } = ImmutableArray.Create<ThreatRule>(
            new UnauthenticatedEntryPointRule(),
            new NoExplicitAuthenticationDecisionRule(),
            new SensitiveDataWrittenToLogRule(),
            new TokenValidationDisabledRule(),
            new CertificateValidationDisabledRule(),
            new WeakAuthenticationConfigurationRule(),
            new InsecureDeserializationRule(),
            new XmlExternalEntitiesRule(),
            new HardCodedSecretRule(),
            new PredictableSecurityValueRule(),
            new MissingAntiforgeryRule(),
            new InputWithoutValidationRule(),
            new SqlFromUntrustedInputRule(),
            new OverPostingRule(),
            new PathTraversalRule(),
            new OpenRedirectRule(),
            new CrossSiteScriptingRule(),
            new IdentityFromClientValueRule(),
            new SensitiveDataSentWithoutEncryptionRule(),
            new SensitiveDataStoredWithoutEncryptionRule(),
            new ServerSideRequestForgeryRule(),
            new WeakCryptographyRule(),
            new ExceptionDetailsReturnedRule(),
            new SensitiveDataServedWithoutAuthenticationRule(),
            new SecretReturnedToCallerRule(),
            new SensitiveMemberPrintedByToStringRule(),
            new AccountEnumerationRule(),
            new StateChangeWithoutAuditTrailRule(),
            new LogForgingRule(),
            new EntryPointWithoutRateLimitingRule(),
            new UnboundedRequestInputRule(),
            new RegexWithoutTimeoutRule(),
            new UntrustedResourceUseRule(),
            new CommandInjectionRule(),
            new UntrustedTypeNameRule(),
            new AuthorizationOverriddenByAllowAnonymousRule(),
            new PrivilegedOperationWithWeakerAuthorizationRule(),
            new PrivilegeSetFromRequestRule(),
            new ObjectLevelAuthorizationMissingRule());
    }
}
