using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>A sink that a parameter of a method reaches, inside it or further down its calls.</summary>
    /// <param name="Parameter">The parameter's ordinal.</param>
    /// <param name="Kind">The sink's kind.</param>
    /// <param name="Sink">How messages name the sink.</param>
    /// <param name="SinkLocation">The sink's argument.</param>
    /// <param name="Via">The methods between this one and the sink, outermost first.</param>
    /// <param name="Member">Only this member of the argument reaches it (p.Email), or null for the whole argument.</param>
    /// <param name="SanitizedFor">Sink kinds the value was made safe for on the way.</param>
    /// <param name="SinkMethod">The documentation-comment id of the method that holds the sink.</param>
    internal sealed record SinkReach(int Parameter, SinkKind Kind, string Sink, Location SinkLocation, ImmutableArray<string> Via, string? Member, SinkKind SanitizedFor, string? SinkMethod);

    /// <summary>
    /// What a method does with data, computed once per compilation and reused by every caller: which parameters reach
    /// which sinks, and what the return value carries (its own sources, and which parameters flow into it).
    /// </summary>
    internal sealed class MethodSummary
    {
        public MethodSummary(FactSet returns, ImmutableArray<SinkReach> sinks, FlowLimits limits, int height, ImmutableArray<FlowFinding> findings = default)
        {
            Returns = returns;
            Sinks = sinks;
            Limits = limits;
            Height = height;
            Findings = findings.IsDefault ? ImmutableArray<FlowFinding>.Empty : findings;
        }

        /// <summary>A method of this compilation without a body: no sinks, nothing returned; what any allowed depth of 1 or more gives (height 1).</summary>
        public static MethodSummary Empty { get; } = new(FactSet.Empty, ImmutableArray<SinkReach>.Empty, FlowLimits.None, height: 1);

        /// <summary>A call deeper than the allowed depth: not followed, and findings that may miss it say so.</summary>
        public static MethodSummary CallDepthReached { get; } = new(FactSet.Empty, ImmutableArray<SinkReach>.Empty, FlowLimits.CallDepth, height: 1);

        public FactSet Returns { get; }

        /// <summary>
        /// What the evaluation of the method's own body found (values of its own sources reaching sinks). The method's
        /// operation block is this same evaluation, so the pass reports these instead of evaluating the body again.
        /// </summary>
        public ImmutableArray<FlowFinding> Findings { get; }

        public ImmutableArray<SinkReach> Sinks { get; }

        /// <summary>The limits reached while summarizing (here or in callees).</summary>
        public FlowLimits Limits { get; }

        /// <summary>
        /// For a summary not cut short: the smallest allowed depth at which summarizing the method gives this same
        /// summary. 1 for a body whose calls need no summary, else one more than the greatest height among the summaries
        /// its calls used (0 for one a referenced project recorded, which answers at any depth). Such a summary serves
        /// every depth from its height up, so callers asking at those depths, in any order, never have the body evaluated
        /// again (a summary cut short is still evaluated once per depth).
        /// </summary>
        public int Height { get; }

        /// <summary>Cut short by the call depth: a summary at a larger depth may say more.</summary>
        public bool DepthLimited => (Limits & FlowLimits.CallDepth) != 0;
    }

    /// <summary>
    /// The engine's limits, named on every finding they may have changed (never silent): the call depth
    /// (threat_analyzers.flow.max_call_depth), facts per value (<see cref="FactSet.Limit"/>), passes over one body
    /// (a fixpoint not reached in time), and expression nesting.
    /// </summary>
    [System.Flags]
    internal enum FlowLimits
    {
        None = 0,
        CallDepth = 1 << 0,
        FactsPerValue = 1 << 1,
        Passes = 1 << 2,
        ExpressionDepth = 1 << 3,
    }

    /// <summary>A value of some kind reaching a sink unsanitized for it: what a rule gets from the engine.</summary>
    /// <param name="Fact">What reached the sink, with its origin and the methods it came through.</param>
    /// <param name="Kind">The sink's kind.</param>
    /// <param name="Sink">How messages name the sink.</param>
    /// <param name="ReportLocation">Where to report, always in the method analyzed: the sink's argument, or the argument of the call that starts the chain to it.</param>
    /// <param name="SinkLocation">The sink's argument, possibly in another method.</param>
    /// <param name="Via">The methods between the report location and the sink, outermost first.</param>
    /// <param name="Limits">The limits reached in the analysis that produced it (this body's or a callee's).</param>
    /// <param name="SinkMethod">The documentation-comment id of the method that holds the sink (the model's flow into the sink's store comes from it).</param>
    internal sealed record FlowFinding(FlowFact Fact, SinkKind Kind, string Sink, Location ReportLocation, Location SinkLocation, ImmutableArray<string> Via, FlowLimits Limits, string? SinkMethod)
    {
        public bool IsInterprocedural => !Via.IsEmpty;

        public bool LimitReached => Limits != FlowLimits.None;

        /// <summary>The arguments of TA4001's message, in one place so the diagnostic and the threat model say the same.</summary>
        public object[] MessageArguments()
            => new object[]
            {
                Fact.Origin,
                Fact.ClassName + (Fact.Inferred ? ", inferred from its name" : string.Empty),
                Sink,
                Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", Via),
            };
    }
}
