using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Configuration;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA0002: an [AcceptsRisk] whose Expires lies before the build date. The shared review mechanism already stops
    /// honouring it, so the threat comes back; this says why, on the date.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ExpiredRiskAcceptanceAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.ExpiredRiskAcceptance,
            title: "Risk acceptance expired",
            messageFormat: "The acceptance of {0} expired on {1}{2}; the threat is reported again until it is fixed, mitigated or accepted anew",
            RuleCategories.ThreatModel,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An [AcceptsRisk] whose Expires date lies before the build date no longer silences its threat.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.ExpiredRiskAcceptance + ".md");

        internal static RuleDefinition Definition { get; } = new(
            Descriptor,
            risk: RuleRisks.Medium,
            question: "Has the Expires date of an [AcceptsRisk] passed on the build date?",
            concerns: "the annotated declaration",
            fix: null);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Definition.Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var settings = BuildSettings.Read(start.Options);
                if (settings.BuildDate is null || AnnotationTypes.Create(start.Compilation).AcceptsRisk is null)
                {
                    return;
                }

                start.RegisterSyntaxNodeAction(c => Analyze(c, settings.BuildDate.Value), SyntaxKind.Attribute);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, ReviewDate buildDate)
        {
            var attribute = (AttributeSyntax)context.Node;
            if (attribute.ArgumentList is null
                || AnnotationUse.TryRead(attribute, context.SemanticModel, context.CancellationToken) is not { Type.Name: "AcceptsRiskAttribute" } use
                || use["Expires"] is not { Text: { } expires } expiresArgument)
            {
                return;
            }

            var acceptance = new ReviewAnnotation(ReviewKind.Acceptance, use["threatId"]?.Text, use["justification"]?.Text, use["Owner"]?.Text, expires);
            if (!acceptance.IsExpiredOn(buildDate))
            {
                return;
            }

            var owner = string.IsNullOrWhiteSpace(acceptance.Owner) ? string.Empty : $" (owner: {acceptance.Owner})";
            context.ReportDiagnostic(Diagnostic.Create(
                Definition.Descriptor,
                expiresArgument.Syntax.GetLocation(),
                acceptance.ThreatId ?? "the risk",
                expires,
                owner));
        }
    }
}
