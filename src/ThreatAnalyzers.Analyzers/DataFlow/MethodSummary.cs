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
    internal sealed record SinkReach(int Parameter, SinkKind Kind, string Sink, Location SinkLocation, ImmutableArray<string> Via, string? Member, SinkKind SanitizedFor);

    /// <summary>
    /// What a method does with data, computed once per compilation and reused by every caller: which parameters reach
    /// which sinks, and what the return value carries (its own sources, and which parameters flow into it).
    /// </summary>
    internal sealed class MethodSummary
    {
        public MethodSummary(FactSet returns, ImmutableArray<SinkReach> sinks, bool truncated)
        {
            Returns = returns;
            Sinks = sinks;
            Truncated = truncated;
        }

        public static MethodSummary Empty { get; } = new(FactSet.Empty, ImmutableArray<SinkReach>.Empty, truncated: false);

        /// <summary>A summary cut short by a limit: what it misses is said in findings' properties.</summary>
        public static MethodSummary LimitReached { get; } = new(FactSet.Empty, ImmutableArray<SinkReach>.Empty, truncated: true);

        public FactSet Returns { get; }

        public ImmutableArray<SinkReach> Sinks { get; }

        public bool Truncated { get; }
    }

    /// <summary>A value of some kind reaching a sink unsanitized for it: what a rule gets from the engine.</summary>
    /// <param name="Fact">What reached the sink, with its origin and the methods it came through.</param>
    /// <param name="Kind">The sink's kind.</param>
    /// <param name="Sink">How messages name the sink.</param>
    /// <param name="ReportLocation">Where to report, always in the method analyzed: the sink's argument, or the argument of the call that starts the chain to it.</param>
    /// <param name="SinkLocation">The sink's argument, possibly in another method.</param>
    /// <param name="Via">The methods between the report location and the sink, outermost first.</param>
    /// <param name="LimitReached">A limit cut the analysis of a callee short.</param>
    internal sealed record FlowFinding(FlowFact Fact, SinkKind Kind, string Sink, Location ReportLocation, Location SinkLocation, ImmutableArray<string> Via, bool LimitReached)
    {
        public bool IsInterprocedural => !Via.IsEmpty;

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
