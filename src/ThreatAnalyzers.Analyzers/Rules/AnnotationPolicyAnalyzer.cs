using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA0003: annotations that are well-formed but say something the model cannot mean: a risk accepted forever, one
    /// type that is both a data store and an external entity, an encryption control on something that is not a store or
    /// an entity. Each message says what to write instead.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class AnnotationPolicyAnalyzer : DiagnosticAnalyzer
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.AnnotationPolicy,
            title: "Threat-model annotation against policy",
            messageFormat: "{0}",
            RuleCategories.ThreatModel,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A threat-model annotation the model can read but should not accept as written: an [AcceptsRisk] without Expires, "
                       + "a type marked both [DataStore] and [ExternalEntity], [EncryptedAtRest] on something that is not a data store, "
                       + "or [EncryptedInTransit] on something that is neither a data store nor an external entity.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.AnnotationPolicy + ".md");

        internal static RuleDefinition Definition { get; } = new(
            Descriptor,
            risk: RuleRisks.Medium,
            question: "Does an annotation accept a risk forever, give one type two element kinds, or put a control on the wrong kind of element?",
            concerns: "the annotated declaration",
            fix: null);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var annotations = AnnotationTypes.Create(start.Compilation);
                if (!annotations.AreReferenced)
                {
                    return;
                }

                // Each check is about an annotation written on the type: none written, nothing to check.
                var usage = AnnotationUsage.Of(start.Compilation);
                if (usage.MayUse("EncryptedAtRest") || usage.MayUse("EncryptedInTransit") || (usage.MayUse("DataStore") && usage.MayUse("ExternalEntity")))
                {
                    var dbContext = start.Compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
                    start.RegisterSymbolAction(c => AnalyzeType(c, annotations, dbContext), SymbolKind.NamedType);
                }

                if (annotations.AcceptsRisk is not null && usage.MayUse("AcceptsRisk"))
                {
                    // Attributes as written, so assembly-level acceptances are seen where they are.
                    start.RegisterSyntaxNodeAction(AnalyzeAcceptance, SyntaxKind.Attribute);
                }
            });
        }

        private static void AnalyzeType(SymbolAnalysisContext context, AnnotationTypes annotations, INamedTypeSymbol? dbContext)
        {
            var type = (INamedTypeSymbol)context.Symbol;
            var store = Own(type, annotations.DataStore);
            var entity = Own(type, annotations.ExternalEntity);
            if (store is not null && entity is not null)
            {
                Report(context.ReportDiagnostic, entity, context.CancellationToken,
                    $"'{type.Name}' is marked both [DataStore] and [ExternalEntity]: a model element has one kind; keep [DataStore] if the code keeps data in it, [ExternalEntity] if it is a system or actor outside your control");
            }

            // Inherited element annotations count: a class implementing a [DataStore] interface is that store.
            var isStore = type.Has(annotations.DataStore) || type.AllInterfaces.Any(i => i.Has(annotations.DataStore)) || type.InheritsFromOrEquals(dbContext);
            var isEntity = type.Has(annotations.ExternalEntity) || type.AllInterfaces.Any(i => i.Has(annotations.ExternalEntity));
            if (Own(type, annotations.EncryptedAtRest) is { } atRest && !isStore)
            {
                Report(context.ReportDiagnostic, atRest, context.CancellationToken,
                    $"[EncryptedAtRest] on '{type.Name}', which is not a data store: only a store keeps data at rest; mark it [DataStore(\"…\")] or move [EncryptedAtRest] to the store it writes to");
            }

            if (Own(type, annotations.EncryptedInTransit) is { } inTransit && !isStore && !isEntity)
            {
                Report(context.ReportDiagnostic, inTransit, context.CancellationToken,
                    $"[EncryptedInTransit] on '{type.Name}', which is neither a data store nor an external entity: it describes the connection to one; mark it [DataStore(\"…\")] or [ExternalEntity(\"…\")], or move the annotation to the store or entity it talks to");
            }
        }

        private static void AnalyzeAcceptance(SyntaxNodeAnalysisContext context)
        {
            if (AnnotationUse.TryRead((AttributeSyntax)context.Node, context.SemanticModel, context.CancellationToken) is not { Type.Name: "AcceptsRiskAttribute" } use
                || use["Expires"] is { HasValue: true })
            {
                return;
            }

            var threat = use["threatId"] is { Text: { Length: > 0 } id } ? id.Trim() : "this threat";
            context.ReportDiagnostic(Diagnostic.Create(Descriptor, context.Node.GetLocation(),
                $"The acceptance of {threat} has no Expires, so it accepts the risk forever: add Expires = \"yyyy-MM-dd\", the day it must be reviewed again"));
        }

        /// <summary>The annotation written on this type itself (not inherited from a base or an interface).</summary>
        private static AttributeData? Own(INamedTypeSymbol type, INamedTypeSymbol? attributeType)
            => attributeType is null ? null : type.GetAttributes().FirstOrDefault(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attributeType));

        private static void Report(System.Action<Diagnostic> report, AttributeData attribute, System.Threading.CancellationToken cancellationToken, string message)
        {
            if (attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken) is { } syntax)
            {
                report(Diagnostic.Create(Descriptor, syntax.GetLocation(), message));
            }
        }
    }
}
