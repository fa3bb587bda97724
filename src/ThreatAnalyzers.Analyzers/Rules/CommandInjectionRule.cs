using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Frameworks;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA6002: untrusted data chooses the program a process runs or its command line (<c>Process.Start</c>'s file name or
    /// arguments, <c>ProcessStartInfo</c>'s FileName or Arguments). An element of <c>ProcessStartInfo.ArgumentList</c> is
    /// one argument, passed without command-line parsing: reported only when the program is a shell (cmd, sh, bash,
    /// powershell…, written as a constant), which runs its arguments as commands; added to a fixed program that is not a
    /// shell it is the safe way to pass a value, not reported (an untrusted FileName is reported on its own). Checked against
    /// an allow-list (<c>Contains</c>, <c>ContainsKey</c> guarding the use), an ArgumentList element is not reported either.
    /// Console input and command-line arguments are the local user's own. A threat of the entry point.
    /// </summary>
    internal sealed class CommandInjectionRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.CommandInjection,
            title: "Command injection",
            messageFormat: "{0} ({1}) {2} {3}{4} in {5}: the caller chooses what the process runs",
            RuleCategories.ElevationOfPrivilege,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data becomes the program a process runs or part of its command line. With quotes, spaces, '&', ';' or "
                       + "'|' the caller runs commands of their choice with the service's account. Start a fixed program and pass each value "
                       + "as one element of ProcessStartInfo.ArgumentList (never to a shell), or use a library instead of a process.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.CommandInjection + ".md",
            customTags: "CWE-78");

        public CommandInjectionRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Critical,
                question: "Which untrusted values choose the program a process runs or become part of its command line?",
                concerns: "the entry point",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.ProcessStart | SinkKind.ProcessArgument;

        /// <summary>Without System.Diagnostics.Process referenced, nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & SinkKind.ProcessStart) != 0;

        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;

        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        /// <summary>One diagnostic per argument of a process start, naming every untrusted value in it.</summary>
        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var argument in UntrustedFlowFindings.PerArgument(findings.Where(f => !LocalUserInput.Is(context, f.Fact))))
            {
                var finding = argument.First;
                var sink = finding.Sink;
                if (finding.Kind == SinkKind.ProcessArgument)
                {
                    var operation = UntrustedFlowFindings.OperationAt(context.Analysis, finding.SinkLocation, context.CancellationToken);
                    if (ProcessShells.ShellOf(operation, context.Analysis, context.CancellationToken) is not { } shell)
                    {
                        continue;
                    }

                    sink += " of the shell '" + shell + "'";
                }

                var flow = finding.MessageArguments();
                var element = context.ElementAt(finding.ReportLocation);
                context.Report(this, finding.ReportLocation, argument.Additional, element, argument.Properties,
                    string.Join(", ", argument.Origins), flow[1], argument.Origins.Count == 1 ? "reaches" : "reach", sink, flow[3], UntrustedFlowFindings.ElementName(element));
            }
        }
    }
}
