using System.Collections.Immutable;
using System.Linq;
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
    /// TA0001: an annotation argument the threat model cannot use, reported on the argument with what is wrong.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class InvalidAnnotationAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.InvalidAnnotation,
            title: "Invalid threat-model annotation",
            messageFormat: "{0}",
            RuleCategories.ThreatModel,
            DiagnosticSeverity.Error,
            isEnabledByDefault: true,
            description: "A threat-model annotation has an argument the model cannot use: an empty name, justification or description, "
                       + "a threat ID that is not a rule of ThreatAnalyzers, or an expiry that is not a real yyyy-MM-dd date.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.InvalidAnnotation + ".md");

        internal static RuleDefinition Definition { get; } = new(
            Descriptor,
            risk: RuleRisks.Medium,
            question: "Is every argument of a threat-model annotation one the model can use?",
            concerns: "the annotated declaration",
            fix: null);

        private static string KnownThreatRules => string.Join(", ", RuleCatalog.ThreatRuleIds.OrderBy(id => id, System.StringComparer.Ordinal));

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(Definition.Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                if (!AnnotationTypes.Create(start.Compilation).AreReferenced)
                {
                    return;
                }

                var settings = BuildSettings.Read(start.Options);
                start.RegisterSyntaxNodeAction(c => Analyze(c, settings), SyntaxKind.Attribute);
            });
        }

        private static void Analyze(SyntaxNodeAnalysisContext context, BuildSettings settings)
        {
            if (AnnotationUse.TryRead((AttributeSyntax)context.Node, context.SemanticModel, context.CancellationToken) is not { } use)
            {
                return;
            }

            switch (use.Type.Name)
            {
                case "TrustBoundaryAttribute":
                    RequireText(context, use, "name", "The trust boundary name must not be empty");
                    break;
                case "DataStoreAttribute":
                    RequireText(context, use, "name", "The data store name must not be empty");
                    break;
                case "ExternalEntityAttribute":
                    RequireText(context, use, "name", "The external entity name must not be empty");
                    break;
                case "RequiresRoleAttribute":
                    RequireText(context, use, "role", "The role must not be empty");
                    break;
                case "MitigatesAttribute":
                    CheckThreatId(context, use);
                    RequireText(context, use, "how", "The mitigation must say how the threat is mitigated ('how' is empty)");
                    break;
                case "AcceptsRiskAttribute":
                    CheckThreatId(context, use);
                    RequireText(context, use, "justification", "The accepted risk must say why it is acceptable ('justification' is empty)");
                    CheckOwner(context, use);
                    CheckExpires(context, use, settings);
                    break;
            }
        }

        private static void RequireText(SyntaxNodeAnalysisContext context, AnnotationUse use, string argument, string message)
        {
            if (use[argument] is { HasValue: true } value && string.IsNullOrWhiteSpace(value.Text))
            {
                Report(context, value, message);
            }
        }

        private static void CheckThreatId(SyntaxNodeAnalysisContext context, AnnotationUse use)
        {
            if (use["threatId"] is not { HasValue: true } value)
            {
                return;
            }

            var id = value.Text?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                Report(context, value, "The threat ID must not be empty; name a ThreatAnalyzers rule such as TA1001");
            }
            else if (RuleCatalog.ThreatRuleIds.Contains(id!.ToUpperInvariant()))
            {
                return;
            }
            else if (RuleCatalog.All.Any(d => string.Equals(d.Id, id, System.StringComparison.OrdinalIgnoreCase)))
            {
                Report(context, value, $"'{id}' is a threat-model diagnostic, not a threat: name a STRIDE rule (TA1xxx to TA6xxx) such as {KnownThreatRules}");
            }
            else
            {
                Report(context, value, $"'{id}' is not a threat rule of ThreatAnalyzers (known threat rules: {KnownThreatRules})");
            }
        }

        private static void CheckOwner(SyntaxNodeAnalysisContext context, AnnotationUse use)
        {
            if (use["Owner"] is { HasValue: true, Value: not null } value && string.IsNullOrWhiteSpace(value.Text))
            {
                Report(context, value, "The owner of an accepted risk must not be empty when it is given");
            }
        }

        private static void CheckExpires(SyntaxNodeAnalysisContext context, AnnotationUse use, BuildSettings settings)
        {
            if (use["Expires"] is not { HasValue: true, Value: not null } value)
            {
                return;
            }

            if (!ReviewDate.TryParse(value.Text, out _))
            {
                Report(context, value, $"Expires '{value.Text}' is not a real date written as yyyy-MM-dd, so the acceptance never holds");
            }
            else if (settings.BuildDateIsMalformed)
            {
                Report(context, value,
                    $"The MSBuild property {BuildSettings.BuildDateProperty} ('{settings.BuildDateText}') is not a yyyy-MM-dd date, so this expiry cannot be checked");
            }
        }

        private static void Report(SyntaxNodeAnalysisContext context, AnnotationArgument argument, string message)
            => context.ReportDiagnostic(Diagnostic.Create(Definition.Descriptor, argument.Syntax.GetLocation(), message));
    }
}
