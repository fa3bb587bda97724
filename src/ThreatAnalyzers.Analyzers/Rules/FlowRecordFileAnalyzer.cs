using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA0011: a referenced project's flow record (an AdditionalFile named *.threat-flows.txt) that cannot be used. The
    /// flow engine leaves such a file out whole; this says which file and what is wrong with it, on its line, so a
    /// damaged or foreign record is never applied in part and never ignored in silence.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class FlowRecordFileAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UnreadableFlowRecord,
            title: "Unreadable flow record",
            messageFormat: "The flow record '{0}' cannot be used ({1}): calls into the project it describes are analyzed without it. Rebuild that project with this version of ThreatAnalyzers.",
            RuleCategories.ThreatModel,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A referenced project's record of its public methods' flows, which the package's targets pass in as an AdditionalFile, is damaged or was written by another version of ThreatAnalyzers.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UnreadableFlowRecord + ".md");

        internal static RuleDefinition Definition { get; } = new(
            Descriptor,
            risk: RuleRisks.Medium,
            question: "Can every flow record a referenced project hands in be read?",
            concerns: "the flow record file",
            fix: null);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterAdditionalFileAction(Check);
        }

        private static void Check(AdditionalFileAnalysisContext context)
        {
            foreach (var (file, _, problem) in ReferencedSummaries.ReadAll(ImmutableArray.Create(context.AdditionalFile), context.CancellationToken))
            {
                if (problem is null)
                {
                    continue;
                }

                var location = Location.None;
                if (file.GetText(context.CancellationToken) is { } text && problem.Line > 0 && problem.Line <= text.Lines.Count)
                {
                    var line = text.Lines[problem.Line - 1];
                    location = Location.Create(file.Path, line.Span, new LinePositionSpan(new LinePosition(problem.Line - 1, 0), new LinePosition(problem.Line - 1, line.Span.Length)));
                }

                var where = problem.Line > 0 ? "line " + problem.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " : string.Empty;
                // The file's name, not its path: the message becomes a threat of the artifacts, which must not carry this
                // machine's folders (the location says where the file is, and the renderers make it relative).
                context.ReportDiagnostic(Diagnostic.Create(Descriptor, location, System.IO.Path.GetFileName(file.Path), where + problem.Problem));
            }
        }
    }
}
