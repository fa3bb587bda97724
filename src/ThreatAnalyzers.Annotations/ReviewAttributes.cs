using System;
using System.Diagnostics;

namespace ThreatAnalyzers
{
    /// <summary>
    /// The named threat is mitigated here: the analyzers stop reporting it on this member, on the members of this type,
    /// or (on the assembly) everywhere.
    /// </summary>
    /// <remarks>
    /// Review material, not part of the product: the attribute is conditional on a symbol nobody defines, so the compiler
    /// reads it but does not write it into the assembly. Shipped binaries do not list how threats were handled.
    /// </remarks>
    [Conditional("THREATANALYZERS_REVIEW_METADATA")]
    [AttributeUsage(
        AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method |
        AttributeTargets.Property | AttributeTargets.Field,
        AllowMultiple = true, Inherited = false)]
    public sealed class MitigatesAttribute : Attribute
    {
        /// <summary>Creates the annotation.</summary>
        /// <param name="threatId">The rule ID of the threat, for example "TA1001".</param>
        /// <param name="how">How the threat is mitigated, for reviewers.</param>
        public MitigatesAttribute(string threatId, string how)
        {
            ThreatId = threatId;
            How = how;
        }

        /// <summary>The rule ID of the threat, for example "TA1001".</summary>
        public string ThreatId { get; }

        /// <summary>How the threat is mitigated.</summary>
        public string How { get; }
    }

    /// <summary>
    /// The named threat is a known, accepted risk here until <see cref="Expires"/>: the analyzers stop reporting it until then,
    /// and report TA0002 once the date has passed.
    /// </summary>
    /// <remarks>
    /// Review material, not part of the product: the attribute is conditional on a symbol nobody defines, so the compiler
    /// reads it but does not write it into the assembly. Shipped binaries do not list accepted risks.
    /// </remarks>
    [Conditional("THREATANALYZERS_REVIEW_METADATA")]
    [AttributeUsage(
        AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method |
        AttributeTargets.Property | AttributeTargets.Field,
        AllowMultiple = true, Inherited = false)]
    public sealed class AcceptsRiskAttribute : Attribute
    {
        /// <summary>Creates the annotation.</summary>
        /// <param name="threatId">The rule ID of the threat, for example "TA1001".</param>
        /// <param name="justification">Why the risk is acceptable, for reviewers and auditors.</param>
        public AcceptsRiskAttribute(string threatId, string justification)
        {
            ThreatId = threatId;
            Justification = justification;
        }

        /// <summary>The rule ID of the threat, for example "TA1001".</summary>
        public string ThreatId { get; }

        /// <summary>Why the risk is acceptable.</summary>
        public string Justification { get; }

        /// <summary>Who accepted the risk and answers for it (a person or a team).</summary>
        public string? Owner { get; set; }

        /// <summary>The last day the acceptance holds, as "yyyy-MM-dd". Without it the acceptance does not expire.</summary>
        public string? Expires { get; set; }
    }
}
