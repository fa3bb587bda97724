using System;
using System.Collections.Generic;

namespace ThreatAnalyzers.Model
{
    internal enum ThreatStatus
    {
        /// <summary>Nobody said anything: the threat is reported.</summary>
        Open,

        /// <summary>A [Mitigates] names it: not reported.</summary>
        Mitigated,

        /// <summary>A valid [AcceptsRisk] that has not expired names it: not reported.</summary>
        Accepted,
    }

    /// <summary>
    /// The one shared decision every rule goes through: given the review annotations in scope of a finding, is it open,
    /// mitigated or accepted? Pure, so the diagnostics and (later) the threat-model artifact decide the same way.
    /// </summary>
    internal readonly record struct ThreatDisposition(ThreatStatus Status, ReviewAnnotation? Because)
    {
        public static ThreatDisposition Decide(string ruleId, IEnumerable<ReviewAnnotation> inScope, ReviewDate? buildDate)
        {
            ReviewAnnotation? acceptance = null;
            foreach (var annotation in inScope)
            {
                if (!Names(annotation, ruleId) || !annotation.HasText)
                {
                    continue;
                }

                if (annotation.Kind == ReviewKind.Mitigation)
                {
                    return new ThreatDisposition(ThreatStatus.Mitigated, annotation);
                }

                // An acceptance with a date we cannot read, or that has passed, no longer holds.
                if (acceptance is null && annotation.HasValidExpiry && !annotation.IsExpiredOn(buildDate))
                {
                    acceptance = annotation;
                }
            }

            return acceptance is null
                ? new ThreatDisposition(ThreatStatus.Open, null)
                : new ThreatDisposition(ThreatStatus.Accepted, acceptance);
        }

        private static bool Names(ReviewAnnotation annotation, string ruleId)
            => string.Equals(annotation.ThreatId?.Trim(), ruleId, StringComparison.OrdinalIgnoreCase);
    }
}
