using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// A threat rule: its definition, and the question it asks of the shared analysis. Rules never walk code themselves;
    /// <see cref="ThreatRulesAnalyzer"/> runs the one pass and hands each rule the facts it asks for.
    /// </summary>
    internal abstract class ThreatRule
    {
        protected ThreatRule(RuleDefinition definition) => Definition = definition;

        public RuleDefinition Definition { get; }
    }

    /// <summary>A rule about entry points: asked once for every entry point the shared pass recognizes.</summary>
    internal abstract class EntryPointRule : ThreatRule
    {
        protected EntryPointRule(RuleDefinition definition)
            : base(definition)
        {
        }

        public abstract void Analyze(EntryPointContext context);
    }

    /// <summary>A rule about values reaching sinks: asked for the findings of each body's one flow analysis.</summary>
    internal abstract class FlowRule : ThreatRule
    {
        protected FlowRule(RuleDefinition definition)
            : base(definition)
        {
        }

        /// <summary>Whether the rule can find anything in this compilation at all (its sources exist); if not, it is not asked.</summary>
        public virtual bool AppliesTo(CompilationAnalysis analysis) => true;

        /// <summary>The sinks the rule is about.</summary>
        public abstract SinkKind Sinks { get; }

        /// <summary>
        /// The kinds of data the rule is about (what <see cref="Reaches"/> can accept): where no value of any of them can
        /// arise in the compilation (no request, no classified data), no flow analysis is set up for the rule.
        /// </summary>
        public virtual ImmutableArray<FactKind> FactKinds => AnyData;

        /// <summary>Input from outside a trust boundary.</summary>
        protected static ImmutableArray<FactKind> UntrustedInput { get; } = ImmutableArray.Create(FactKind.Untrusted);

        /// <summary>Personal data and secrets.</summary>
        protected static ImmutableArray<FactKind> SensitiveData { get; } = ImmutableArray.Create(FactKind.Pii, FactKind.Secrets);

        private static ImmutableArray<FactKind> AnyData { get; } = ImmutableArray.Create(FactKind.Untrusted, FactKind.Pii, FactKind.Secrets);

        /// <summary>Whether a value with this fact at such a sink is a finding of the rule.</summary>
        public abstract bool Reaches(FlowFact fact);

        public abstract void Report(FlowContext context, FlowFinding finding);

        /// <summary>
        /// All of one body's findings that are the rule's (<see cref="Sinks"/> and <see cref="Reaches"/>), in the engine's
        /// order, handed over at once so a rule can merge the findings of one sink into one diagnostic. By default each is
        /// reported on its own.
        /// </summary>
        public virtual void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var finding in findings)
            {
                Report(context, finding);
            }
        }

        /// <summary>
        /// Whether the rule holds some findings back until every body has been analyzed (<see cref="ReportAtCompilationEnd"/>):
        /// a finding on a declaration that flows in other members found (TA4003's one per store, on the store), which the
        /// driver counts as non-local and an analysis of one document (the IDE's, after each edit) drops, so its message is
        /// not worked out there.
        /// </summary>
        public virtual bool ReportsAtCompilationEnd => false;

        /// <summary>Reports the findings held back, once every body has been analyzed (a build, or full-solution analysis).</summary>
        public virtual void ReportAtCompilationEnd(CompilationAnalysis analysis, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
        }
    }

    /// <summary>
    /// A rule about how something is written or configured (a token validation switch, a literal secret, a serializer
    /// setting): asked for each operation of the kinds it names, from the shared pass's one operation walk.
    /// </summary>
    internal abstract class OperationRule : ThreatRule
    {
        protected OperationRule(RuleDefinition definition)
            : base(definition)
        {
        }

        /// <summary>Whether the rule can find anything in this compilation at all (the types it looks for exist); if not, it is not asked.</summary>
        public virtual bool AppliesTo(CompilationAnalysis analysis) => true;

        /// <summary>The operations the rule looks at.</summary>
        public abstract ImmutableArray<OperationKind> OperationKinds { get; }

        /// <summary>
        /// Parts of identifiers at least one of which the compilation's source must spell for the rule to find anything
        /// (the types and members it looks for are named where they are used, derived from or aliased). Empty: the rule
        /// is asked wherever it applies. A type from a referenced assembly that derives from one of them under another
        /// name is not seen where no source file names the base (<c>docs/architecture.md</c>).
        /// </summary>
        public virtual ImmutableArray<string> NamedInSource => ImmutableArray<string>.Empty;

        /// <summary>
        /// Text every operation the rule reports on spells within the body that holds it (a string literal's quote, the
        /// name of the method a call invokes): a body whose text has none of them is not walked for the rule. Empty: every
        /// body is.
        /// </summary>
        public virtual ImmutableArray<string> SpelledInBody => ImmutableArray<string>.Empty;

        /// <summary>
        /// Whether the rule may report something around this token, which spells one of its <see cref="SpelledInBody"/>
        /// words, read from the token alone (a string literal's value, the exact name of an identifier). Asked, when a body
        /// is analyzed, for the places its text spells a word (until one answers yes, or for each place when the walk will
        /// visit only the operations around them): a body with no such token is not walked for the rule.
        /// </summary>
        public virtual bool MayReportAt(SyntaxToken token) => true;

        public abstract void Analyze(OperationRuleContext context);
    }

    /// <summary>
    /// A rule about declarations (a type and the members it declares: what its generated or written ToString prints):
    /// asked once per symbol of the kinds it names, from the shared pass's one symbol action for all such rules.
    /// </summary>
    internal abstract class SymbolRule : ThreatRule
    {
        protected SymbolRule(RuleDefinition definition)
            : base(definition)
        {
        }

        /// <summary>Whether the rule can find anything in this compilation at all (the annotations it reads exist); if not, it is not asked.</summary>
        public virtual bool AppliesTo(CompilationAnalysis analysis) => true;

        /// <summary>The symbols the rule looks at.</summary>
        public abstract ImmutableArray<SymbolKind> SymbolKinds { get; }

        public abstract void Analyze(SymbolRuleContext context);
    }

    /// <summary>One declared symbol handed to a <see cref="SymbolRule"/>.</summary>
    internal sealed class SymbolRuleContext
    {
        private readonly Action<Diagnostic> report;

        public SymbolRuleContext(CompilationAnalysis analysis, ISymbol symbol, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Analysis = analysis;
            Symbol = symbol;
            this.report = report;
            CancellationToken = cancellationToken;
        }

        public CompilationAnalysis Analysis { get; }

        public ISymbol Symbol { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>Reports a threat of the application (a declaration belongs to no entry point); <paramref name="scope"/> holds the symbols whose review annotations apply.</summary>
        public void Report(ThreatRule rule, Location location, IEnumerable<ISymbol> scope, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Analysis.Reporter.Report(report, rule.Definition.Descriptor, location, Array.Empty<Location>(), scope, ThreatElement.Application, properties, messageArgs);
    }

    /// <summary>One operation handed to an <see cref="OperationRule"/>.</summary>
    internal sealed class OperationRuleContext
    {
        private readonly Action<Diagnostic> report;

        public OperationRuleContext(CompilationAnalysis analysis, IOperation operation, ISymbol containingSymbol, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Analysis = analysis;
            Operation = operation;
            ContainingSymbol = containingSymbol;
            this.report = report;
            CancellationToken = cancellationToken;
        }

        public CompilationAnalysis Analysis { get; }

        public IOperation Operation { get; }

        /// <summary>The member whose code holds the operation (its review annotations apply).</summary>
        public ISymbol ContainingSymbol { get; }

        public CancellationToken CancellationToken { get; }

        /// <summary>Reports a threat of the element the operation belongs to (its entry point, else the application).</summary>
        public void Report(ThreatRule rule, Location location, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Report(rule, location, Array.Empty<Location>(), Analysis.ElementOf(Operation, ContainingSymbol, CancellationToken), properties, messageArgs);

        public void Report(ThreatRule rule, Location location, IEnumerable<Location> additional, ThreatElement element, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Analysis.Reporter.Report(report, rule.Definition.Descriptor, location, additional, new[] { ContainingSymbol }, element, properties, messageArgs);
    }

    /// <summary>An entry point found by the shared pass, where it was declared or mapped.</summary>
    internal sealed class EntryPointContext
    {
        private readonly Action<Diagnostic> report;

        public EntryPointContext(CompilationAnalysis analysis, EntryPoint entryPoint, string processId, Location location, ImmutableArray<ISymbol> scope, IInvocationOperation? mapping, Action<Diagnostic> report, CancellationToken cancellationToken, INamedTypeSymbol? inheritedBy = null)
        {
            InheritedBy = inheritedBy;
            Analysis = analysis;
            EntryPoint = entryPoint;
            ProcessId = processId;
            Location = location;
            Scope = scope;
            Mapping = mapping;
            this.report = report;
            CancellationToken = cancellationToken;
        }

        public CompilationAnalysis Analysis { get; }

        public EntryPoint EntryPoint { get; }

        /// <summary>The id of the entry point's process in the model.</summary>
        public string ProcessId { get; }

        /// <summary>Where a finding about the entry point goes: the method's name, or the Map call's method name.</summary>
        public Location Location { get; }

        /// <summary>The symbols whose review annotations apply (the handler, the method that maps the route).</summary>
        public ImmutableArray<ISymbol> Scope { get; }

        /// <summary>The Map call, for a minimal-API endpoint.</summary>
        public IInvocationOperation? Mapping { get; }

        /// <summary>The concrete controller, for an action it inherits from a base class (the finding sits on its name).</summary>
        public INamedTypeSymbol? InheritedBy { get; }

        /// <summary>The code that handles the requests: the method, or the Map call's lambda or method.</summary>
        public ISymbol? Handler => Mapping is null ? (Scope.IsDefaultOrEmpty ? null : Scope[0]) : Analysis.EntryPoints.HandlerOf(Mapping);

        public CancellationToken CancellationToken { get; }

        public void Report(ThreatRule rule, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Analysis.Reporter.Report(report, rule.Definition.Descriptor, Location, Array.Empty<Location>(), Scope,
                new ThreatElement(ProcessId, EntryPoint.Name, ElementKinds.Process), properties, messageArgs);

        /// <summary>Reports a threat of the entry point at a place in its handler's code (a response expression), with related places.</summary>
        public void Report(ThreatRule rule, Location location, IEnumerable<Location> additional, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Analysis.Reporter.Report(report, rule.Definition.Descriptor, location, additional, Scope,
                new ThreatElement(ProcessId, EntryPoint.Name, ElementKinds.Process), properties, messageArgs);
    }

    /// <summary>One body's flow analysis, shared by every flow rule.</summary>
    internal sealed class FlowContext
    {
        private readonly Action<Diagnostic> report;

        public FlowContext(CompilationAnalysis analysis, ISymbol owner, Action<Diagnostic> report, CancellationToken cancellationToken)
        {
            Analysis = analysis;
            Owner = owner;
            this.report = report;
            CancellationToken = cancellationToken;
        }

        public CompilationAnalysis Analysis { get; }

        /// <summary>The method (or property, constructor…) whose body was analyzed.</summary>
        public ISymbol Owner { get; }

        public CancellationToken CancellationToken { get; }

        public void Report(ThreatRule rule, Location location, IEnumerable<Location> additional, ThreatElement element, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Analysis.Reporter.Report(report, rule.Definition.Descriptor, location, additional, new[] { Owner }, element, properties, messageArgs);

        /// <summary>Reports where review annotations on <paramref name="flagged"/> (a store's type, say) settle the finding, as well as on the method analyzed.</summary>
        public void Report(ThreatRule rule, Location location, IEnumerable<Location> additional, IEnumerable<ISymbol> flagged, ThreatElement element, ImmutableDictionary<string, string?>? properties, params object[] messageArgs)
            => Analysis.Reporter.Report(report, rule.Definition.Descriptor, location, additional, flagged, element, properties, messageArgs);

        /// <summary>The entry point whose code holds <paramref name="location"/> (a minimal-API handler, an action), else the application.</summary>
        public ThreatElement ElementAt(Location location) => Analysis.ElementAt(location, Owner, CancellationToken);
    }

    /// <summary>The model element a finding is a threat of.</summary>
    internal readonly record struct ThreatElement(string Id, string Name, string Kind)
    {
        /// <summary>The application as a whole (configuration in startup code): the artifact puts it on the system's boundary element.</summary>
        public static ThreatElement Application { get; } = new(string.Empty, string.Empty, ElementKinds.Process);
    }
}
