using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4001: personal data or a secret reaches a log. Asks the shared flow analysis for sensitive values at log sinks in
    /// the body being analyzed, so every finding is reported in the document being edited: at the sink, or at the call
    /// where the value enters a chain of calls that ends in a log (with the sink as an additional location). A threat of
    /// the Logs store.
    /// </summary>
    internal sealed class SensitiveDataWrittenToLogRule : FlowRule
    {
        /// <summary>Set when the reported expression is the log call's own argument, so the fix can redact it.</summary>
        internal const string RedactableProperty = "ThreatAnalyzers.Redactable";

        /// <summary>The sensitive expression as written, for the fix.</summary>
        internal const string OriginProperty = "ThreatAnalyzers.Origin";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SensitiveDataWrittenToLog,
            title: "Sensitive data written to a log",
            messageFormat: "'{0}' ({1}) reaches {2}{3}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Personal data or a secret reaches a log. Logs are read by more people, kept longer and copied further than the stores "
                       + "the data belongs in; what is written there is disclosed to everyone who can read them.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SensitiveDataWrittenToLog + ".md",
            customTags: "CWE-532");

        private static readonly ThreatElement Logs = new(ModelText.LogsElementId, ModelText.LogsElementName, ElementKinds.DataStore);

        public SensitiveDataWrittenToLogRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which personal data or secrets reach a log sink, here or down the calls made from here?",
                concerns: "the Logs data store",
                fix: "redact the argument"))
        {
        }

        public override SinkKind Sinks => SinkKind.Log;

        public override ImmutableArray<FactKind> FactKinds => SensitiveData;


        public override bool Reaches(FlowFact fact) => fact.IsSensitive;

        /// <summary>A value that is both personal data and a secret is one finding naming both classes.</summary>
        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var group in SensitiveFinding.Group(findings))
            {
                Report(context, group);
            }
        }

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        private void Report(FlowContext context, SensitiveFinding group)
        {
            var finding = group.First;
            var additional = new List<Location>();
            if (finding.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation)
            {
                additional.Add(source);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(OriginProperty, finding.Fact.Origin)
                .Add(FindingProperties.DataClasses, group.DataClassesProperty);
            if (finding.SinkMethod is { } sinkMethod)
            {
                properties = properties.Add(FindingProperties.SinkMethod, sinkMethod);
            }

            if (!finding.IsInterprocedural && finding.SinkLocation == finding.ReportLocation)
            {
                properties = properties.Add(RedactableProperty, "true");
            }

            if (group.Limits != FlowLimits.None)
            {
                properties = properties.Add(FindingProperties.LimitReached, LimitNames(group.Limits));
            }

            var arguments = finding.MessageArguments();
            arguments[1] = group.ClassNames;
            context.Report(this, finding.ReportLocation, additional, Logs, properties, arguments);
        }

        /// <summary>The limits by name, comma-separated: what the build step and the artifact show.</summary>
        internal static string LimitNames(FlowLimits limits)
            => string.Join(",", new[] { FlowLimits.CallDepth, FlowLimits.FactsPerValue, FlowLimits.Passes, FlowLimits.ExpressionDepth }
                .Where(l => (limits & l) != 0)
                .Select(l => l.ToString()));
    }
}
