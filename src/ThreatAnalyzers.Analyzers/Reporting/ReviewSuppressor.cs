using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting
{
    /// <summary>
    /// Suppresses the threat findings that a [Mitigates] or a valid [AcceptsRisk] settles. The decision was taken once,
    /// where the finding was reported (its Status property); this only carries it out, so the IDE shows such findings as
    /// suppressed, `-warnaserror` ignores them, and the compiler's SARIF log keeps them with their suppression, which is
    /// what the threat-model artifact is built from.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ReviewSuppressor : DiagnosticSuppressor
    {
        private static readonly ImmutableDictionary<(string RuleId, string Status), SuppressionDescriptor> ByRuleAndStatus = RuleCatalog.All
            .Where(rule => rule.IsThreat)
            .SelectMany(rule => new[]
            {
                new KeyValuePair<(string, string), SuppressionDescriptor>(
                    (rule.Id, ThreatStatuses.Mitigated),
                    new SuppressionDescriptor(rule.Id + ".mitigated", rule.Id, "Mitigated: a [Mitigates] names this threat in scope of the finding")),
                new KeyValuePair<(string, string), SuppressionDescriptor>(
                    (rule.Id, ThreatStatuses.Accepted),
                    new SuppressionDescriptor(rule.Id + ".accepted", rule.Id, "Accepted risk: an unexpired [AcceptsRisk] names this threat in scope of the finding")),
            })
            .ToImmutableDictionary();

        public override ImmutableArray<SuppressionDescriptor> SupportedSuppressions { get; } =
            ByRuleAndStatus.OrderBy(p => p.Value.Id, System.StringComparer.Ordinal).Select(p => p.Value).ToImmutableArray();

        public override void ReportSuppressions(SuppressionAnalysisContext context)
        {
            foreach (var diagnostic in context.ReportedDiagnostics)
            {
                if (diagnostic.Properties.TryGetValue(FindingProperties.Status, out var status) && status is not null
                    && ByRuleAndStatus.TryGetValue((diagnostic.Id, status), out var descriptor))
                {
                    context.ReportSuppression(Suppression.Create(descriptor, diagnostic));
                }
            }
        }
    }
}
