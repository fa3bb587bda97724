using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA3002 (CWE-117, log forging): untrusted data becomes part of the text of a log message (ILogger's message,
    /// Serilog's message template) by interpolation, concatenation or <c>string.Format</c>. A message template that names
    /// the value as an argument (<c>LogInformation("User {Name}", name)</c>) is not the text and is not reported, and
    /// neither is a value whose line breaks were taken out (<see cref="Frameworks.Logging.LoggingFlow.Sanitizers"/>). Console
    /// input and command-line arguments (the local user's own) are not reported. One diagnostic per message argument (or
    /// call that starts the chain to one), naming every untrusted value in it, with the path; their sources and the sink
    /// as additional locations; a threat of the Logs store, whose entries can be forged.
    /// </summary>
    internal sealed class LogForgingRule : FlowRule
    {
        /// <summary>Set when the reported expression is the message argument itself, so the fix can rewrite it into a template.</summary>
        internal const string DirectProperty = UntrustedFlowFindings.DirectSinkProperty;

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.LogForging,
            title: "Log forging",
            messageFormat: "{0} ({1}) {2} the text of the log message of {3}{4} in {5}",
            RuleCategories.Repudiation,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data becomes part of the text of a log message. With a line break the caller writes entries of their own "
                       + "into the log (a forged sign-in, a cleared alarm); with braces they change the message template. Pass the value "
                       + "as an argument of a message template instead: structured logging keeps it apart from the text.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.LogForging + ".md",
            customTags: "CWE-117");

        private static readonly ThreatElement Logs = new(ModelText.LogsElementId, ModelText.LogsElementName, ElementKinds.DataStore);

        public LogForgingRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which untrusted values become part of the text of a log message, here or down the calls made from here?",
                concerns: "the Logs data store",
                fix: "turn the interpolated string or concatenation into a message template with the values as arguments"))
        {
        }

        public override SinkKind Sinks => SinkKind.LogMessage;

        /// <summary>Nothing to find where neither Microsoft.Extensions.Logging nor Serilog is referenced.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & SinkKind.LogMessage) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted && !fact.IsSafeFor(SinkKind.LogMessage);

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        /// <summary>One diagnostic per message argument (or call that starts the chain to one), naming every untrusted value in it.</summary>
        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var argument in UntrustedFlowFindings.PerArgument(findings.Where(f => !IsLocalUserInput(context, f.Fact))))
            {
                var (finding, additional, properties, origins) = (argument.First, argument.Additional, argument.Properties, argument.Origins);
                var flow = finding.MessageArguments();
                var element = UntrustedFlowFindings.ElementName(context.ElementAt(finding.ReportLocation));
                context.Report(this, finding.ReportLocation, additional, Logs, properties,
                    string.Join(", ", origins), flow[1], origins.Count == 1 ? "is written into" : "are written into", flow[2], flow[3], element);
            }
        }

        /// <summary>Console input and command-line arguments: the person at the machine writes what they like into their own logs.</summary>
        private static bool IsLocalUserInput(FlowContext context, FlowFact fact)
            => UntrustedFlowFindings.OperationAt(context.Analysis, fact.Location, context.CancellationToken) is IInvocationOperation { TargetMethod.ContainingType: { } type }
               && NamespaceNames.Is(type.ContainingNamespace, "System") && type.Name is "Console" or "Environment";
    }
}
