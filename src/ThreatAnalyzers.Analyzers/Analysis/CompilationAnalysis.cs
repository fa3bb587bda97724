using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Configuration;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Reporting;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// Everything the threat rules share about one compilation, built once whatever the number of rules: known types
    /// (annotations, framework packs), the entry-point recognizer with its application-wide authorization scan, data
    /// classification, the framework conventions for stores and entities, the flow engine with its memoized summaries,
    /// the review annotations and the build's settings. Safe to use from concurrent callbacks.
    /// </summary>
    internal sealed class CompilationAnalysis
    {
        private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), SinkKind> reachesSinks = new(MethodAndDepth.Comparer);

        private CompilationAnalysis(Compilation compilation, AnalyzerOptions options)
        {
            Compilation = compilation;
            // The recognizers are the model analyzer's too: one of each per compilation, so the application-wide scans and
            // the per-type caches behind them are built once for both (an edited document's first analysis pays them once).
            var shared = Extraction.ExtractionContext.For(compilation);
            EntryPoints = shared.EntryPoints;
            Classification = shared.Classification;
            Resources = shared.Resources;
            Mediators = shared.Mediators;
            Settings = BuildSettings.Read(options);
            Flow = FlowEngine.Create(compilation, FlowOptionsByFile.From(options.AnalyzerConfigOptionsProvider), EntryPoints, Classification, Resources,
                ReferencedSummaries.From(options, compilation.Assembly, CancellationToken.None));
            Reporter = new ThreatReporter(EntryPoints.Annotations, Settings, compilation);
            reach = new System.Lazy<ReachAnalysis>(() => new ReachAnalysis(this), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private readonly System.Lazy<ReachAnalysis> reach;

        public Compilation Compilation { get; }

        public AnnotationTypes Annotations => EntryPoints.Annotations;

        public EntryPointRecognizer EntryPoints { get; }

        public DataClassification Classification { get; }

        public ResourceRecognizer Resources { get; }

        /// <summary>The mediators the compilation references (MediatR, Mediator): a Send reaches the request's handler.</summary>
        public Frameworks.Mediator.MediatorDispatch? Mediators { get; }

        public BuildSettings Settings { get; }

        public FlowEngine Flow { get; }

        /// <summary>What entry points reach (stores written, entities called, privileged operations, personal data): set up on first need.</summary>
        public ReachAnalysis Reach => reach.Value;

        /// <summary>The one way every rule reports: the review decision and the element go on each diagnostic.</summary>
        public ThreatReporter Reporter { get; }

        public static CompilationAnalysis Create(Compilation compilation, AnalyzerOptions options) => new(compilation, options);

        /// <summary>
        /// Whether a value carrying <paramref name="kind"/> can arise anywhere in the compilation. Untrusted data comes in
        /// at entry points (a web or Lambda framework, or a [TrustBoundary]), through a source that is read (a request's
        /// Query) or a source method the code calls by name (Console.ReadLine, HttpClient.GetStringAsync). Personal data
        /// and secrets need a way to classify them: our annotations, Identity's [PersonalData], compliance
        /// classifications, or the opt-in name heuristic. A library with none of these has nothing for a flow rule to find.
        /// </summary>
        public bool CanArise(FactKind kind, CancellationToken cancellationToken)
        {
            switch (kind)
            {
                case FactKind.Untrusted:
                    return EntryPoints.CanFindMethodEntryPoints || EntryPoints.CanFindRouteMappings || Flow.Catalog.HasUntrustedSourceToRead
                           || (Flow.Catalog.UntrustedSourceMethods.Count > 0
                               && SourceMentions.AnyTreeCalls(Compilation, Flow.Catalog.UntrustedSourceMethods, cancellationToken));
                case FactKind.Pii:
                case FactKind.Secrets:
                    var usage = AnnotationUsage.Of(Compilation);
                    return (Annotations.HandlesPii is not null && usage.MayUse("HandlesPii"))
                           || (Annotations.HandlesSecrets is not null && usage.MayUse("HandlesSecrets"))
                           || Flow.PersonalData is not null || Flow.DataClassificationAttribute is not null
                           || Flow.OptionsByFile.AnyFileInfersSensitiveNames(Compilation);
                default:
                    return true;
            }
        }

        /// <summary>
        /// The model element code belongs to: the minimal-API endpoint whose handler lambda holds it, else the entry
        /// point that <paramref name="owner"/> is, else the application (startup code, helpers). Asked only for findings.
        /// </summary>
        public ThreatElement ElementOf(IOperation operation, ISymbol owner, CancellationToken cancellationToken)
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                // A handler passed as Delegate is converted from its natural type: argument → conversion → delegate creation → lambda.
                if (current is IAnonymousFunctionOperation && current.Parent is IDelegateCreationOperation creation
                    && AboveConversions(creation) is IArgumentOperation { Parent: IInvocationOperation mapping }
                    && EntryPoints.Recognize(mapping, cancellationToken) is { } endpoint)
                {
                    return new ThreatElement(ElementIds.ProcessOfRoute(owner, endpoint.Name), endpoint.Name, Model.ElementKinds.Process);
                }

                // A local function named as the handler (app.MapGet("/x", Handle) with Handle declared in the same body).
                if (current is ILocalFunctionOperation local && Flow.MappingOf(local.Symbol) is { } named
                    && EntryPoints.Recognize(named, cancellationToken) is { } namedEndpoint)
                {
                    return new ThreatElement(ElementIds.ProcessOfRoute(owner, namedEndpoint.Name), namedEndpoint.Name, Model.ElementKinds.Process);
                }
            }

            return ElementOfMethod(owner, cancellationToken);
        }

        private static IOperation? AboveConversions(IOperation operation)
        {
            var parent = operation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent;
        }

        /// <summary>The entry point a method is (an action, a handler named by a Map call), else the application.</summary>
        private ThreatElement ElementOfMethod(ISymbol owner, CancellationToken cancellationToken)
        {
            if (owner is not IMethodSymbol method)
            {
                return ThreatElement.Application;
            }

            if (EntryPoints.Recognize(method, cancellationToken) is { } entryPoint)
            {
                return new ThreatElement(ElementIds.ProcessOf(method), entryPoint.Name, Model.ElementKinds.Process);
            }

            if (Flow.MappingOf(method) is { } mapping && EntryPoints.Recognize(mapping, cancellationToken) is { } endpoint
                && Flow.SemanticModelFor(mapping.Syntax.SyntaxTree).GetEnclosingSymbol(mapping.Syntax.SpanStart, cancellationToken) is { } mappedIn)
            {
                return new ThreatElement(ElementIds.ProcessOfRoute(mappedIn, endpoint.Name), endpoint.Name, Model.ElementKinds.Process);
            }

            return ThreatElement.Application;
        }

        /// <summary>The same for a finding's location in the body of <paramref name="owner"/>.</summary>
        public ThreatElement ElementAt(Location location, ISymbol owner, CancellationToken cancellationToken)
        {
            if (location.SourceTree is { } tree && Compilation.ContainsSyntaxTree(tree))
            {
                var node = tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                if (Flow.SemanticModelFor(tree).GetOperation(node, cancellationToken) is { } operation)
                {
                    return ElementOf(operation, owner, cancellationToken);
                }
            }

            return ElementOfMethod(owner, cancellationToken);
        }

        /// <summary>
        /// Whether the flow engine may find anything in this body: it calls a sink, or a method of the compilation whose
        /// summary reaches one (summaries are shared, so this costs what the analysis would have cost anyway). A body that
        /// touches nothing of interest is not analyzed at all. Only sinks of <paramref name="kinds"/> (those some applicable
        /// rule asks about) count.
        /// </summary>
        public bool MayReachSink(IOperation body, SinkKind kinds, CancellationToken cancellationToken)
            => MayReachSinks(body, kinds, SinkKind.None, cancellationToken).First;

        /// <summary>
        /// <see cref="MayReachSink"/> asked of one body for two sets of kinds in one walk (the rules' kinds, and every kind
        /// for the flow record), which stops once both are answered. <see cref="SinkKind.None"/> is answered no at once.
        /// </summary>
        public (bool First, bool Second) MayReachSinks(IOperation body, SinkKind first, SinkKind second, CancellationToken cancellationToken)
        {
            // Where the second set holds the first (every kind holds the rules' kinds), a body that reaches the first reaches
            // the second, and an operation that reaches none of the first is asked about the second's other kinds only.
            var secondHoldsFirst = (first & ~second) == SinkKind.None;
            var secondAsked = secondHoldsFirst ? second & ~first : second;
            bool reachesFirst = false, reachesSecond = false;

            // The thread's stack (no walk runs inside this one: callees' summaries never use it), not DescendantsAndSelf,
            // whose iterator and stack are allocated for every body asked (and the stack not returned to its pool when the
            // walk stops early).
            var pending = OperationStack.ForThisThread();
            pending.Push(body);
            try
            {
                while (!pending.IsEmpty)
                {
                    var operation = pending.Pop();
                    pending.PushChildrenOf(operation);

                    // Each operation is asked once about every kind still open (most reach none); only one that reaches some
                    // is asked again, to tell which set it answers.
                    var askFirst = reachesFirst ? SinkKind.None : first;
                    var askSecond = reachesSecond ? SinkKind.None : secondAsked;
                    if ((askFirst | askSecond) != SinkKind.None && Reaches(operation, askFirst | askSecond, body, cancellationToken))
                    {
                        var hitFirst = askFirst != SinkKind.None && (askSecond == SinkKind.None || Reaches(operation, askFirst, body, cancellationToken));
                        if (hitFirst)
                        {
                            reachesFirst = true;
                            reachesSecond |= secondHoldsFirst && second != SinkKind.None;
                        }

                        // What reaches the union and not the first set reaches the second (each check is "a kind of the set").
                        if (askSecond != SinkKind.None && !reachesSecond && (!hitFirst || Reaches(operation, askSecond, body, cancellationToken)))
                        {
                            reachesSecond = true;
                        }
                    }

                    if ((reachesFirst || first == SinkKind.None) && (reachesSecond || second == SinkKind.None))
                    {
                        break;
                    }
                }
            }
            finally
            {
                pending.Clear();
            }

            return (reachesFirst, reachesSecond);
        }

        /// <summary>Whether one operation of a body is a sink of <paramref name="kinds"/>, or a call whose callee's summary reaches one.</summary>
        private bool Reaches(IOperation operation, SinkKind kinds, IOperation body, CancellationToken cancellationToken)
        {
            var target = operation switch
            {
                IInvocationOperation invocation => invocation.TargetMethod,
                IObjectCreationOperation creation => creation.Constructor,
                _ => null,
            };

            if (target is null)
            {
                // A property that is a sink when set (HttpContext.User, ContentResult.Content).
                if (operation is IPropertyReferenceOperation property && IsWritten(operation)
                    && IsSinkOf(Flow.Catalog.SinksOf(property.Property), kinds))
                {
                    return true;
                }

                // A member of a persisted type that grants privilege (TA6004).
                return (kinds & SinkKind.Privilege) != 0 && operation is IMemberReferenceOperation { Member: IPropertySymbol or IFieldSymbol } written
                       && IsWritten(operation) && Flow.Privileges.Grants(written.Member);
            }

            return IsSinkOf(Flow.Catalog.SinksOf(target), kinds, operation)
                   || ((kinds & SinkKind.Log) != 0 && Flow.Catalog.IsLoggerMessage(target))
                   || ((kinds & SinkKind.Identity) != 0 && Frameworks.AspNetCore.PrivilegedOperations.IsPrivileged(target, Annotations, EntryPoints.AspNetCore))
                   || (operation is IInvocationOperation call && Resources.Annotated.SinkOf(target, call.Instance?.Type as INamedTypeSymbol) is { } annotated && (annotated.Kind & kinds) != 0)
                   || (CalleeReachesSink(target, Flow.OptionsFor(body.Syntax).MaxCallDepth, cancellationToken) & kinds) != 0
                   || (Mediators is not null && Frameworks.Mediator.MediatorDispatch.MayDispatch(target) && operation is IInvocationOperation { Arguments.Length: > 0 } dispatch
                       && Mediators.HandlerOf(target, dispatch.Arguments[0].Value.WithoutConversions().Type) is { } handle
                       && (CalleeReachesSink(handle, Flow.OptionsFor(body.Syntax).MaxCallDepth, cancellationToken) & kinds) != 0);
        }

        /// <summary>
        /// Whether an assignment writes the operation: it is the assignment's target, or an element (at any depth) of the
        /// tuple a deconstruction assigns to (<c>(command.CommandText, timeout) = (sql, 30)</c>).
        /// </summary>
        internal static bool IsWritten(IOperation operation)
        {
            var target = operation;
            while (target.Parent is ITupleOperation tuple)
            {
                target = tuple;
            }

            return target.Parent is IAssignmentOperation assignment && assignment.Target == target;
        }

        private static bool IsSinkOf(IReadOnlyList<SinkRow> rows, SinkKind kinds, IOperation? call = null)
        {
            foreach (var row in rows)
            {
                if ((row.Kind & kinds) != 0 && !(row.Kind == SinkKind.LogMessage && HasConstantText(row, call)))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A log call whose message is a constant (a message template: nearly every log call) puts nothing into the text of
        /// the message, so it gives TA3002 no reason to analyze the body.
        /// </summary>
        private static bool HasConstantText(SinkRow row, IOperation? call)
        {
            if (call is not IInvocationOperation invocation)
            {
                return false;
            }

            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter is { } parameter && System.Array.IndexOf(row.Parameters, parameter.Name) >= 0 && !argument.Value.ConstantValue.HasValue)
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The kinds of sink a callee's summary reaches (every kind when its summary was cut by a limit).</summary>
        private SinkKind CalleeReachesSink(IMethodSymbol target, int depth, CancellationToken cancellationToken)
        {
            // As called: the construction decides which implementations (or which referenced project's record) answer, as
            // it does for the analysis this gate is for.
            var called = target.ReducedFrom ?? target;
            var definition = called.OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.Length == 0 && !definition.IsAbstract && !definition.IsVirtual
                && definition.ContainingType?.TypeKind != TypeKind.Interface && !Flow.Referenced.Has(called))
            {
                return SinkKind.None;
            }

            if (reachesSinks.TryGetValue((called, depth), out var known))
            {
                return known;
            }

            // A callee whose summary was cut by the depth limit may still reach a sink: the analysis will say so.
            var summary = Flow.SummaryOf(called, depth, cancellationToken);
            var reaches = summary is null ? SinkKind.None
                : summary.Limits != FlowLimits.None ? SinkKind.All
                : summary.Sinks.Aggregate(SinkKind.None, (k, s) => k | s.Kind);
            reachesSinks.TryAdd((called, depth), reaches);
            return reaches;
        }
    }

    /// <summary>Compares (method, depth) keys by symbol identity.</summary>
    internal static class MethodAndDepth
    {
        public static IEqualityComparer<(IMethodSymbol Method, int Depth)> Comparer { get; } = new KeyComparer();

        private sealed class KeyComparer : IEqualityComparer<(IMethodSymbol Method, int Depth)>
        {
            public bool Equals((IMethodSymbol Method, int Depth) x, (IMethodSymbol Method, int Depth) y)
                => x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Method, y.Method);

            public int GetHashCode((IMethodSymbol Method, int Depth) key)
                => (SymbolEqualityComparer.Default.GetHashCode(key.Method) * 31) + key.Depth;
        }
    }
}
