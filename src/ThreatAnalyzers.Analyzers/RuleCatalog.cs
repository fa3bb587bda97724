using System.Collections.Immutable;
using System.Linq;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers
{
    /// <summary>
    /// Every rule of the package, from its own file. Everything that describes rules (descriptors, the artifact's rule
    /// metadata, the README table and the docs pages' headers, checked by DescriptorTests) comes from this list.
    /// </summary>
    internal static class RuleCatalog
    {
        public static ImmutableArray<RuleDefinition> All { get; } = ImmutableArray.Create(
                InvalidAnnotationAnalyzer.Definition,
                ExpiredRiskAcceptanceAnalyzer.Definition,
                AnnotationPolicyAnalyzer.Definition,
                FlowRecordFileAnalyzer.Definition)
            .AddRange(ThreatRules.All.Select(rule => rule.Definition));

        /// <summary>The IDs a [Mitigates] or [AcceptsRisk] may name: the STRIDE rules. Model diagnostics (TA0xxx) are not threats.</summary>
        public static ImmutableHashSet<string> ThreatRuleIds { get; } = All.Where(r => r.IsThreat).Select(r => r.Id).ToImmutableHashSet();

        /// <summary>Every rule's descriptor.</summary>
        public static ImmutableArray<Microsoft.CodeAnalysis.DiagnosticDescriptor> Descriptors { get; } = All.Select(r => r.Descriptor).ToImmutableArray();

        public static RuleDefinition? Find(string id) => All.FirstOrDefault(r => r.Id == id);
    }
}
