using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Generation
{
    /// <summary>
    /// The threat rules as this compilation configures them, for the artifact: a rule switched off everywhere (severity
    /// none from the command line, a ruleset or a global config) is listed as not evaluated, so that its silence is not
    /// read as "no threats". Severity set per file in .editorconfig is seen per finding (suppressed), not here.
    /// </summary>
    internal static class RuleEvaluation
    {
        public static EquatableArray<RuleInfo> Read(Compilation compilation)
        {
            var specific = compilation.Options.SpecificDiagnosticOptions;
            var trees = compilation.Options.SyntaxTreeOptionsProvider;
            return RuleCatalog.All
                .Where(rule => rule.IsThreat)
                .Select(rule => rule.ToInfo(evaluated: IsOn(rule.Id, specific, trees)))
                .OrderBy(r => r.Id, System.StringComparer.Ordinal)
                .ToEquatableArray();
        }

        private static bool IsOn(string id, System.Collections.Immutable.ImmutableDictionary<string, ReportDiagnostic> specific, SyntaxTreeOptionsProvider? trees)
        {
            if (trees is not null && trees.TryGetGlobalDiagnosticValue(id, default, out var global))
            {
                return global != ReportDiagnostic.Suppress;
            }

            return !(specific.TryGetValue(id, out var option) && option == ReportDiagnostic.Suppress);
        }
    }
}
