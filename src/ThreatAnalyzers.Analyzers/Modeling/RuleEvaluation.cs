using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Modeling
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
            var infos = new List<RuleInfo>();
            foreach (var rule in RuleCatalog.All.Where(r => r.IsThreat).OrderBy(r => r.Id, System.StringComparer.Ordinal))
            {
                var enabledByDefault = rule.Descriptor.IsEnabledByDefault;
                var global = GlobalSetting(rule.Id, specific, trees);
                if (global == ReportDiagnostic.Suppress || (global is null && !enabledByDefault && !EnabledInSomeFile(rule.Id, compilation, trees)))
                {
                    infos.Add(rule.ToInfo(evaluated: false) with { NotEvaluatedIn = EquatableArray<string>.Empty });
                    continue;
                }

                // A severity of none for some files (an .editorconfig section): the rule says nothing there. An opt-in rule
                // (off by default) says nothing where no setting switches it on.
                var off = new List<string>();
                var on = 0;
                foreach (var tree in compilation.SyntaxTrees)
                {
                    var set = trees is not null && trees.TryGetDiagnosticValue(tree, rule.Id, default, out var severity) ? severity : (ReportDiagnostic?)null;
                    if (set == ReportDiagnostic.Suppress || (set is null && global is null && !enabledByDefault))
                    {
                        off.Add(tree.FilePath);
                    }
                    else
                    {
                        on++;
                    }
                }

                infos.Add(on == 0 && off.Count > 0
                    ? rule.ToInfo(evaluated: false) with { NotEvaluatedIn = EquatableArray<string>.Empty }
                    : rule.ToInfo(evaluated: true) with { NotEvaluatedIn = off.ToSortedSet() });
            }

            return infos.ToEquatableArray();
        }

        /// <summary>Whether some threat rule is evaluated in some file (else the driver runs no rule at all).</summary>
        public static bool AnyEvaluated(Compilation compilation)
        {
            var specific = compilation.Options.SpecificDiagnosticOptions;
            var trees = compilation.Options.SyntaxTreeOptionsProvider;
            foreach (var rule in RuleCatalog.All)
            {
                // The common case answers at once: a rule on by default and not switched off for the whole compilation.
                if (rule.IsThreat && rule.Descriptor.IsEnabledByDefault && GlobalSetting(rule.Id, specific, trees) != ReportDiagnostic.Suppress)
                {
                    return true;
                }
            }

            return Read(compilation).Any(rule => rule.Evaluated);
        }

        /// <summary>The severity set for the whole compilation (global config, command line, ruleset), if any.</summary>
        private static ReportDiagnostic? GlobalSetting(string id, System.Collections.Immutable.ImmutableDictionary<string, ReportDiagnostic> specific, SyntaxTreeOptionsProvider? trees)
        {
            if (trees is not null && trees.TryGetGlobalDiagnosticValue(id, default, out var global))
            {
                return global;
            }

            return specific.TryGetValue(id, out var option) && option != ReportDiagnostic.Default ? option : null;
        }

        private static bool EnabledInSomeFile(string id, Compilation compilation, SyntaxTreeOptionsProvider? trees)
            => trees is not null && compilation.SyntaxTrees.Any(tree => trees.TryGetDiagnosticValue(tree, id, default, out var severity) && severity != ReportDiagnostic.Suppress);
    }
}
