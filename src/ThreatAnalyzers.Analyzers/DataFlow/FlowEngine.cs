using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The flow engine of one compilation. Rules ask it which values of some kind reach sinks of some kind, unsanitized for
    /// them, in the method they analyze; it answers with paths. Callees are summarized on demand and memoized (bottom-up);
    /// a summary is a pure function of the method and the call depth still allowed, so findings never depend on the order
    /// in which methods were analyzed; recursion terminates as the allowed depth shrinks; a call deeper than the
    /// configured limit is marked in the findings instead of being followed.
    /// </summary>
    internal sealed class FlowEngine
    {
        private readonly ConcurrentDictionary<IMethodSymbol, SummaryCache> summaries = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> models = new();
        private readonly ConcurrentDictionary<ISymbol, DeclaredKinds> declaredOn = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, bool> boundFromTheRequest = new(SymbolEqualityComparer.Default);
        private readonly Implementations implementations;
        private readonly ConcurrentDictionary<string, Dictionary<IMethodSymbol, IInvocationOperation>> methodGroupHandlersByName = new(StringComparer.Ordinal);
        private readonly Lazy<Dictionary<string, List<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>>> mapCallsByArgumentName;

        private FlowEngine(Compilation compilation, FlowOptionsByFile options, EntryPointRecognizer entryPoints, DataClassification classification, ResourceRecognizer resources, ReferencedSummaries? referenced = null)
        {
            Compilation = compilation;
            Referenced = referenced ?? ReferencedSummaries.None;
            OptionsByFile = options;
            Catalog = FlowCatalog.Create(compilation);
            Annotations = entryPoints.Annotations;
            Classification = classification;
            EntryPoints = entryPoints;
            Resources = resources;
            PersonalData = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PersonalDataAttribute");
            DataClassificationAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute");
            implementations = new Implementations(compilation, SemanticModelFor);
            Services = new Frameworks.AspNetCore.ServiceParameters(compilation, SemanticModelFor);
            DbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
            mapCallsByArgumentName = new(MapCallsByArgumentName, LazyThreadSafetyMode.ExecutionAndPublication);
            Privileges = new Frameworks.PrivilegeMembers(compilation, resources.EntityFrameworkCore);
            Mediators = Frameworks.Mediator.MediatorDispatch.Create(compilation);
        }

        /// <summary>The mediators the compilation references: a Send is answered by the summary of the request's handler.</summary>
        public Frameworks.Mediator.MediatorDispatch? Mediators { get; }

        /// <summary>Which members of persisted types grant privilege when written (<see cref="SinkKind.Privilege"/>).</summary>
        public Frameworks.PrivilegeMembers Privileges { get; }

        /// <summary>Which entry-point parameters are filled from dependency injection, not from the request (registrations found once).</summary>
        public Frameworks.AspNetCore.ServiceParameters Services { get; }

        public INamedTypeSymbol? DbContext { get; }

        public Compilation Compilation { get; }

        /// <summary>Each file's limits and switches (.editorconfig sections and global configs).</summary>
        public FlowOptionsByFile OptionsByFile { get; }

        /// <summary>The options of the file that holds <paramref name="node"/>.</summary>
        public FlowOptions OptionsFor(SyntaxNode? node) => OptionsByFile.For(node?.SyntaxTree);

        public FlowCatalog Catalog { get; }

        public AnnotationTypes Annotations { get; }

        public DataClassification Classification { get; }

        public EntryPointRecognizer EntryPoints { get; }

        /// <summary>Which types are annotated data stores and external entities.</summary>
        public ResourceRecognizer Resources { get; }

        public INamedTypeSymbol? PersonalData { get; }

        /// <summary>What referenced projects recorded about their public methods (their flow records), applied to calls into them.</summary>
        public ReferencedSummaries Referenced { get; }

        public INamedTypeSymbol? DataClassificationAttribute { get; }

        /// <summary>
        /// Whether a minimal-API parameter of this type (neither an interface nor object, nor a registered service) can be
        /// bound from the request: not HTTP plumbing (<c>Microsoft.AspNetCore.Http.*</c>), options or logging
        /// (<c>Microsoft.Extensions.*</c>), a cancellation token, the user, a DbContext or an annotated store or entity.
        /// Answered once per type: every reference to such a parameter asks (looked up before the factory, whose closure
        /// would be allocated at every ask).
        /// </summary>
        public bool MayBeBoundFromTheRequest(ITypeSymbol type)
            => boundFromTheRequest.TryGetValue(type, out var known) ? known : boundFromTheRequest.GetOrAdd(type, t =>
            {
                // Read without its nullable annotation: ClaimsPrincipal? is the user as much as ClaimsPrincipal is (and types
                // that differ only in nullability get one answer, whichever is asked first).
                var name = t.WithNullableAnnotation(NullableAnnotation.None).ToDisplayString();
                if (name.StartsWith("Microsoft.AspNetCore.Http.", StringComparison.Ordinal) || name.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal)
                    || name == "System.Threading.CancellationToken" || name == "System.Security.Claims.ClaimsPrincipal")
                {
                    return false;
                }

                return t is not INamedTypeSymbol named
                       || (!named.InheritsFromOrEquals(DbContext) && Resources.Annotated.AnnotatedElementOf(named, null) is null);
            });

        /// <summary>
        /// What a symbol's own declaration classifies it as: [HandlesPii], Identity's [PersonalData] or a compliance
        /// classification is personal data, [HandlesSecrets] a secret (on a record's positional property, its parameter's
        /// attributes count). Read once per symbol: every reference to it asks (looked up first, as above).
        /// </summary>
        public DeclaredKinds DeclaredOn(ISymbol symbol)
            => declaredOn.TryGetValue(symbol, out var known) ? known : declaredOn.GetOrAdd(symbol, s =>
                (s.HasClassification(Annotations.HandlesPii) || s.Has(PersonalData) || s.HasClassification(DataClassificationAttribute) ? DeclaredKinds.Pii : DeclaredKinds.None)
                | (s.HasClassification(Annotations.HandlesSecrets) ? DeclaredKinds.Secrets : DeclaredKinds.None));

        public static FlowEngine Create(Compilation compilation, FlowOptions options) => Create(compilation, FlowOptionsByFile.Uniform(options));

        public static FlowEngine Create(Compilation compilation, FlowOptionsByFile options)
        {
            var entryPoints = EntryPointRecognizer.Create(compilation);
            var classification = new DataClassification(entryPoints.Annotations, compilation);
            return new FlowEngine(compilation, options, entryPoints, classification, new ResourceRecognizer(compilation, entryPoints.Annotations, classification));
        }

        /// <summary>An engine sharing what the caller already resolved for the compilation (the model's extraction context).</summary>
        public static FlowEngine Create(Compilation compilation, FlowOptionsByFile options, EntryPointRecognizer entryPoints, DataClassification classification, ResourceRecognizer resources, ReferencedSummaries? referenced = null)
            => new(compilation, options, entryPoints, classification, resources, referenced);

        /// <summary>
        /// The rule API: every value whose facts match <paramref name="reaches"/> that gets to a sink of <paramref name="sinks"/>
        /// unsanitized for it, in the body being analyzed (directly, or through the methods it calls).
        /// </summary>
        public ImmutableArray<FlowFinding> Find(IOperation body, ISymbol? owner, Func<FlowFact, bool> reaches, SinkKind sinks, CancellationToken cancellationToken)
        {
            var analysis = Analyze(body, owner, cancellationToken);
            return analysis.Findings.Where(f => (f.Kind & sinks) != 0 && reaches(f.Fact)).ToImmutableArray();
        }

        /// <summary>
        /// The findings of one operation block. A method's whole body is evaluated once for its callers' summaries and its
        /// own findings alike: a summary at one call more than the file's limit is exactly the analysis of the body with
        /// that limit, so a body a caller already summarized (completely) is not evaluated again.
        /// </summary>
        public IReadOnlyList<FlowFinding> FindingsOf(IOperation body, ISymbol? owner, CancellationToken cancellationToken)
        {
            if (owner is IMethodSymbol { MethodKind: not MethodKind.AnonymousFunction } method
                && SymbolEqualityComparer.Default.Equals(method.OriginalDefinition, method)
                && BodyOf(method, cancellationToken) is { } whole && IsWholeBody(whole, body))
            {
                return Summarize(method, OptionsFor(body.Syntax).MaxCallDepth + 1, cancellationToken).Findings;
            }

            return Analyze(body, owner, cancellationToken).Findings;
        }

        /// <summary>
        /// Whether an operation block (the driver hands a method's block or expression body, apart from parameter default
        /// values and a constructor's <c>: this(…)</c>/<c>: base(…)</c>) is all of the body a summary evaluates.
        /// </summary>
        internal static bool IsWholeBody(IOperation whole, IOperation block) => whole switch
        {
            _ when whole.Syntax == block.Syntax => true,
            IConstructorBodyOperation { Initializer: not null } => false,
            IMethodBodyBaseOperation { BlockBody: { } only, ExpressionBody: null } => only.Syntax == block.Syntax,
            IMethodBodyBaseOperation { BlockBody: null, ExpressionBody: { } only } => only.Syntax == block.Syntax,
            _ => false,
        };

        /// <summary>Evaluates one body: the facts of every value in it, its summary, and its findings.</summary>
        public IntraproceduralAnalysis Analyze(IOperation body, ISymbol? owner, CancellationToken cancellationToken)
        {
            var analysis = new IntraproceduralAnalysis(this, owner as IMethodSymbol, cancellationToken);
            analysis.Run(body);
            return analysis;
        }

        /// <summary>
        /// The summary of a method with a body in this compilation (and of what implements or overrides it), following its
        /// calls at most <paramref name="remainingDepth"/> deep, or the one a referenced project recorded for it; null when
        /// nothing answers the call (a library method): then what goes in may come out.
        /// </summary>
        public MethodSummary? SummaryOf(IMethodSymbol method, int remainingDepth, CancellationToken cancellationToken)
        {
            // The construction a call names decides which implementations answer it (ContractKeys); its definition, the rest.
            var called = method.ReducedFrom ?? method;
            method = called.OriginalDefinition;
            var targets = new List<IMethodSymbol>();
            // Declared in this compilation: a project the IDE references as a compilation (its source is not ours to bind)
            // is answered like an assembly, by its record, as the command-line build answers it.
            if (!method.IsAbstract && method.DeclaringSyntaxReferences.Length > 0 && SymbolEqualityComparer.Default.Equals(method.ContainingAssembly, Compilation.Assembly))
            {
                targets.Add(method);
            }

            if (method.IsAbstract || method.IsVirtual || method.ContainingType?.TypeKind == TypeKind.Interface || method.IsOverride)
            {
                targets.AddRange(implementations.Of(called));
            }

            if (targets.Count == 0)
            {
                // A method of a referenced project that recorded its summary (nothing in this compilation answers it).
                return Referenced.SummaryOf(called);
            }

            if (targets.Count == 1)
            {
                return Summarize(targets[0], remainingDepth, cancellationToken);
            }

            // Any implementation may answer: the call does what any of them does.
            var returns = FactSet.Empty;
            var sinks = ImmutableArray.CreateBuilder<SinkReach>();
            var limits = FlowLimits.None;
            var height = 0;
            foreach (var target in targets.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
            {
                var summary = Summarize(target, remainingDepth, cancellationToken);
                returns = returns.Union(summary.Returns);
                sinks.AddRange(summary.Sinks);
                limits |= summary.Limits;
                height = Math.Max(height, summary.Height);
            }

            return new MethodSummary(returns, sinks.ToImmutable(), limits, height);
        }

        /// <summary>
        /// A pure function of the method and the depth still allowed, so results never depend on which analyses ran first.
        /// Recursion terminates because the allowed depth shrinks with every call. A summary that needed no cut is the
        /// method's whole summary, and serves every depth from its <see cref="MethodSummary.Height"/> up.
        /// </summary>
        private MethodSummary Summarize(IMethodSymbol method, int remainingDepth, CancellationToken cancellationToken)
        {
            if (remainingDepth <= 0)
            {
                return MethodSummary.CallDepthReached;
            }

            var cache = summaries.GetOrAdd(method, _ => new SummaryCache());
            if (cache.TryGet(remainingDepth, out var known))
            {
                return known;
            }

            var body = BodyOf(method, cancellationToken);
            if (body is null)
            {
                return MethodSummary.Empty;
            }

            var analysis = new IntraproceduralAnalysis(this, method, cancellationToken, remainingDepth: remainingDepth - 1);
            analysis.Run(body);
            var summary = analysis.ToSummary();
            cache.Add(remainingDepth, summary);
            return summary;
        }

        /// <summary>The summaries of one method by allowed depth.</summary>
        private sealed class SummaryCache
        {
            private readonly object gate = new();
            private readonly Dictionary<int, MethodSummary> byDepth = new();
            private MethodSummary? complete;
            private int completeFrom = int.MaxValue;

            public bool TryGet(int depth, out MethodSummary summary)
            {
                lock (gate)
                {
                    if (complete is not null && depth >= completeFrom)
                    {
                        summary = complete;
                        return true;
                    }

                    return byDepth.TryGetValue(depth, out summary!);
                }
            }

            public void Add(int depth, MethodSummary summary)
            {
                lock (gate)
                {
                    byDepth[depth] = summary;
                    if (!summary.DepthLimited && summary.Height < completeFrom)
                    {
                        complete = summary;
                        completeFrom = summary.Height;
                    }
                }
            }
        }

        /// <summary>The bound body of a method declared in this compilation (shared with the entry-point reach analysis).</summary>
        internal IOperation? BodyOf(IMethodSymbol method, CancellationToken cancellationToken)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                if (!Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                var operation = SemanticModelFor(syntax.SyntaxTree).GetOperation(syntax, cancellationToken);
                if (operation is ILocalFunctionOperation localFunction)
                {
                    // A local function is summarized on its own body, so its returns are its own.
                    return localFunction.Body ?? localFunction.IgnoredBody;
                }

                if (operation is not null)
                {
                    return operation;
                }
            }

            return null;
        }

        /// <summary>
        /// The Map call that names <paramref name="method"/> as its handler (<c>app.MapPost("/x", Handle)</c>), if one does:
        /// the method's request-bound parameters are then untrusted, and its findings are threats of that endpoint.
        /// </summary>
        public IInvocationOperation? MappingOf(IMethodSymbol method)
        {
            if (!EntryPoints.CanFindRouteMappings || method.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction))
            {
                return null;
            }

            var handlers = methodGroupHandlersByName.TryGetValue(method.Name, out var known)
                ? known
                : methodGroupHandlersByName.GetOrAdd(method.Name, FindMethodGroupHandlers(method.Name));
            return handlers.TryGetValue(method.OriginalDefinition, out var mapping) ? mapping : null;
        }

        /// <summary>
        /// The Map… calls of the compilation (its syntax index) that have an argument written as a name (<c>Handle</c>,
        /// <c>Handlers.Handle</c>), by every identifier their arguments spell outside lambdas (a handler may also be
        /// written <c>(Delegate)Handle</c>, <c>new RequestDelegate(Handle)</c> or <c>Handle&lt;T&gt;</c>): read from syntax
        /// once per compilation, nothing bound. Not sorted: <see cref="FindMethodGroupHandlers"/> keeps the mapping first in
        /// syntax order whichever order it meets them in.
        /// </summary>
        private Dictionary<string, List<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>> MapCallsByArgumentName()
        {
            var byName = new Dictionary<string, List<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>>(StringComparer.Ordinal);
            var index = Analysis.SyntaxIndex.Of(Compilation);
            foreach (var call in Frameworks.AspNetCore.RouteMapping.MethodNames.SelectMany(name => index.InvocationsNamed(name, CancellationToken.None)))
            {
                var arguments = call.ArgumentList.Arguments;
                if (!arguments.Any(a => a.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax or Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax))
                {
                    continue;
                }

                foreach (var argument in arguments)
                {
                    foreach (var token in argument.Expression.DescendantTokens(node => node is not Microsoft.CodeAnalysis.CSharp.Syntax.AnonymousFunctionExpressionSyntax))
                    {
                        if (!token.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.IdentifierToken))
                        {
                            continue;
                        }

                        if (!byName.TryGetValue(token.ValueText, out var calls))
                        {
                            byName[token.ValueText] = calls = new List<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>();
                        }

                        if (calls.Count == 0 || calls[calls.Count - 1] != call)
                        {
                            calls.Add(call);
                        }
                    }
                }
            }

            return byName;
        }

        /// <summary>
        /// The methods by this name that a Map call of the compilation names as its handler, found once per name: only the
        /// Map… calls whose arguments spell the name are bound (binding every Map call that names some method cost each
        /// edit the whole program); a handler method is always spelled in the call that maps it.
        /// </summary>
        private Dictionary<IMethodSymbol, IInvocationOperation> FindMethodGroupHandlers(string name)
        {
            var found = new Dictionary<IMethodSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
            if (EntryPoints.AspNetCore is not { } aspNetCore || !mapCallsByArgumentName.Value.TryGetValue(name, out var candidates))
            {
                return found;
            }

            foreach (var call in candidates)
            {
                if (SemanticModelFor(call.SyntaxTree).GetOperation(call) is IInvocationOperation invocation
                    && Frameworks.AspNetCore.RouteMapping.TryCreate(invocation, aspNetCore, out var mapping)
                    && mapping.Handler is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } handler
                    && handler.DeclaringSyntaxReferences.Length > 0)
                {
                    // The first mapping in syntax order, so the result never depends on the order trees are visited in.
                    var key = handler.OriginalDefinition;
                    if (!found.TryGetValue(key, out var known) || Earlier(invocation.Syntax, known.Syntax))
                    {
                        found[key] = invocation;
                    }
                }
            }

            return found;
        }

        private static bool Earlier(SyntaxNode a, SyntaxNode b)
        {
            var byPath = string.CompareOrdinal(a.SyntaxTree.FilePath, b.SyntaxTree.FilePath);
            return byPath != 0 ? byPath < 0 : a.SpanStart < b.SpanStart;
        }

        // Summaries need the bodies of callees in other documents; models are shared with the compiler by the driver.
        // One model per tree, so a body bound for one summary is not bound again for the next.
#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer
        internal SemanticModel SemanticModelFor(SyntaxTree tree) => models.GetOrAdd(tree, t => Compilation.GetSemanticModel(t));
#pragma warning restore RS1030

        /// <summary>The methods of this compilation that implement or override an interface member or a virtual method.</summary>
        internal IReadOnlyList<IMethodSymbol> ImplementationsOf(IMethodSymbol method)
            => implementations.Of(method);
    }

    /// <summary>The classes of data a declaration itself names (<see cref="FlowEngine.DeclaredOn"/>).</summary>
    [Flags]
    internal enum DeclaredKinds : byte
    {
        None = 0,
        Pii = 1,
        Secrets = 2,
    }

    /// <summary>Operations compared by identity: each node of an operation tree is its own value.</summary>
    internal sealed class OperationIdentity : IEqualityComparer<IOperation>
    {
        public static OperationIdentity Comparer { get; } = new();

        public bool Equals(IOperation? x, IOperation? y) => ReferenceEquals(x, y);

        public int GetHashCode(IOperation operation) => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(operation);
    }
}
