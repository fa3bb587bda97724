using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// The findings of one value at one sink, whatever classes it carries: a value that is both personal data and a secret
    /// is one finding naming both (the engine hands the rule one finding per class).
    /// </summary>
    internal sealed class SensitiveFinding
    {
        private SensitiveFinding(FlowFinding first, IReadOnlyList<FlowFinding> all)
        {
            First = first;
            All = all;
        }

        /// <summary>The finding that stands for the group: the first in the engine's order.</summary>
        public FlowFinding First { get; }

        public IReadOnlyList<FlowFinding> All { get; }

        public bool HasPii => All.Any(f => f.Fact.Kind == FactKind.Pii);

        public bool HasSecrets => All.Any(f => f.Fact.Kind == FactKind.Secrets);

        /// <summary>How messages name the classes: "PII", "secret", "PII and secret", with ", inferred from its name" when every class was.</summary>
        public string ClassNames
            => (HasPii && HasSecrets ? "PII and secret" : HasSecrets ? "secret" : "PII")
               + (All.All(f => f.Fact.Inferred) ? ", inferred from its name" : string.Empty);

        /// <summary>The value of <see cref="Reporting.Findings.FindingProperties.DataClasses"/>: "pii", "secrets" or "pii,secrets".</summary>
        public string DataClassesProperty
            => string.Join(",", new[] { HasPii ? DataClasses.Pii : null, HasSecrets ? DataClasses.Secrets : null }.Where(c => c is not null));

        public FlowLimits Limits => All.Aggregate(FlowLimits.None, (acc, f) => acc | f.Limits);

        /// <summary>The sensitive findings grouped by where they are reported, the value and the sink, in the engine's order.</summary>
        public static IReadOnlyList<SensitiveFinding> Group(IEnumerable<FlowFinding> findings)
        {
            var groups = new List<SensitiveFinding>();
            var index = new Dictionary<(Location, Location, string, string), List<FlowFinding>>();
            var order = new List<(Location, Location, string, string)>();
            foreach (var finding in findings)
            {
                if (!finding.Fact.IsSensitive)
                {
                    continue;
                }

                var key = (finding.ReportLocation, finding.SinkLocation, finding.Sink, finding.Fact.Origin);
                if (!index.TryGetValue(key, out var list))
                {
                    index[key] = list = new List<FlowFinding>();
                    order.Add(key);
                }

                list.Add(finding);
            }

            foreach (var key in order)
            {
                var list = index[key];
                groups.Add(new SensitiveFinding(list[0], list));
            }

            return groups;
        }
    }
}
