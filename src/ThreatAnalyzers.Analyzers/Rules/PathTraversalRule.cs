using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2005: untrusted data in a file-system path (File.*, Directory.*, FileStream, FileInfo, PhysicalFile,
    /// Results.File, a zip entry's FullName extracted to disk) without Path.GetFileName or a containment check (the full
    /// path compared with a root, guarding the use). Input typed at the console or passed on the command line is the
    /// local user's own choice of file, not a path across a trust boundary: not reported. A threat of the entry point.
    /// </summary>
    internal sealed class PathTraversalRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.PathTraversal,
            title: "Path traversal",
            messageFormat: "'{0}' ({1}) reaches the file path of {2}{3} in {4}",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data becomes part of a file-system path. With '..' or an absolute path the caller reads, overwrites "
                       + "or deletes files outside the folder the code meant (configuration, keys, other users' files, the application itself).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.PathTraversal + ".md",
            customTags: "CWE-22");

        public PathTraversalRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which untrusted values become part of a file-system path without a containment check?",
                concerns: "the entry point",
                fix: "keep only the file name (Path.GetFileName)"))
        {
        }

        public override SinkKind Sinks => SinkKind.FilePath;

        /// <summary>Without any of its sinks in the compilation, the rule has nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding)
        {
            if (IsLocalUserInput(context, finding.Fact))
            {
                return;
            }

            UntrustedFlowFindings.Report(this, context, finding);
        }

        /// <summary>Console input and command-line arguments: the person at the machine names their own files.</summary>
        private static bool IsLocalUserInput(FlowContext context, FlowFact fact)
            => UntrustedFlowFindings.OperationAt(context.Analysis, fact.Location, context.CancellationToken) is IInvocationOperation { TargetMethod.ContainingType: { } type }
               && NamespaceNames.Is(type.ContainingNamespace, "System") && type.Name is "Console" or "Environment";
    }
}
