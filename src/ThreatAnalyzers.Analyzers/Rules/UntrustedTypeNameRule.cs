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
    /// TA6003: untrusted data names the type, assembly or member reflection loads or looks up (<c>Type.GetType</c>,
    /// <c>Assembly.Load/LoadFrom/LoadFile/GetType</c>, <c>AssemblyLoadContext.LoadFromAssemblyPath</c>,
    /// <c>Activator.CreateInstance(assemblyName, typeName)</c>, <c>AppDomain.CreateInstance*</c>, <c>Type.GetMethod/
    /// GetProperty/GetField/GetMember/InvokeMember</c>). A name looked up in an allow-list (a dictionary's indexer or
    /// TryGetValue, a switch on constants, <c>Contains</c>/<c>ContainsKey</c> guarding the use) is not reported. Console input
    /// and command-line arguments are the local user's own. A threat of the entry point.
    /// </summary>
    internal sealed class UntrustedTypeNameRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UntrustedTypeName,
            title: "Untrusted type or assembly name",
            messageFormat: "{0} ({1}) {2} the name given to {3}{4} in {5}: the caller chooses what code is loaded or run",
            RuleCategories.ElevationOfPrivilege,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data names a type, assembly or member that reflection loads, creates or invokes. The caller picks any "
                       + "type the process can load (one whose constructor or setter has side effects, a gadget), an assembly from a path "
                       + "they control, or a method the code never meant to expose. Map the name through an allow-list (a dictionary of "
                       + "known types, a switch) instead.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UntrustedTypeName + ".md",
            customTags: "CWE-470");

        public UntrustedTypeNameRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which untrusted values name a type, assembly or member that reflection loads, creates or invokes?",
                concerns: "the entry point",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.TypeName;

        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;

        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;

        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var argument in UntrustedFlowFindings.PerArgument(findings.Where(f => !LocalUserInput.Is(context, f.Fact))))
            {
                var finding = argument.First;
                var flow = finding.MessageArguments();
                var element = context.ElementAt(finding.ReportLocation);
                context.Report(this, finding.ReportLocation, argument.Additional, element, argument.Properties,
                    string.Join(", ", argument.Origins), flow[1], argument.Origins.Count == 1 ? "is" : "are", finding.Sink, flow[3], UntrustedFlowFindings.ElementName(element));
            }
        }
    }
}
