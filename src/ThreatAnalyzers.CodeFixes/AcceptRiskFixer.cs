using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ThreatAnalyzers.CodeFixes
{
    /// <summary>
    /// "Accept the risk" for every threat rule (the rule catalog's STRIDE rules): adds
    /// <c>[AcceptsRisk("TAxxxx", "TODO: …", Owner = "TODO: …", Expires = "today + 90 days")]</c> where the reporter honours
    /// it for that finding: on the member whose code holds it (method, property, field; the type for constructors and
    /// events), on the type when the finding is outside a member, and on the assembly for top-level statements. The
    /// placeholders are for the developer to fill in; the expiry makes sure the decision comes back (TA0002).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AcceptRiskFixer))]
    [Shared]
    public sealed class AcceptRiskFixer : CodeFixProvider
    {
        internal const string EquivalenceKey = "ThreatAnalyzers.AcceptRisk";
        internal const string JustificationPlaceholder = "TODO: why this risk is acceptable";
        internal const string OwnerPlaceholder = "TODO: who answers for it";

        /// <summary>How long a new acceptance holds before it must be reviewed again.</summary>
        internal const int DaysUntilReview = 90;

        private const string AcceptsRiskMetadataName = "ThreatAnalyzers.AcceptsRiskAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = RuleCatalog.ThreatRuleIds.OrderBy(id => id, StringComparer.Ordinal).ToImmutableArray();

        /// <summary>The expiry a new acceptance gets: a code fix may read the clock (an analyzer may not).</summary>
        internal static string DefaultExpiry(DateTime today) => today.Date.AddDays(DaysUntilReview).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model?.Compilation.GetTypeByMetadataName(AcceptsRiskMetadataName) is not { } acceptsRisk)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Location.IsInSource || TargetOf(root, diagnostic) is not { } target || AlreadyAccepts(target, diagnostic.Id, model, acceptsRisk, context.CancellationToken))
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        $"Accept the risk of {diagnostic.Id} {Where(target)} ([AcceptsRisk] with a justification, an owner and an expiry to fill in)",
                        ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        equivalenceKey: EquivalenceKey),
                    diagnostic);
            }
        }

        private static string Where(SyntaxNode target) => target switch
        {
            CompilationUnitSyntax => "for the assembly",
            MethodDeclarationSyntax method => $"on '{method.Identifier.ValueText}'",
            PropertyDeclarationSyntax property => $"on '{property.Identifier.ValueText}'",
            FieldDeclarationSyntax field => $"on '{field.Declaration.Variables.FirstOrDefault()?.Identifier.ValueText}'",
            TypeDeclarationSyntax type => $"on '{type.Identifier.ValueText}'",
            _ => "here",
        };

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model?.Compilation.GetTypeByMetadataName(AcceptsRiskMetadataName) is not { } acceptsRisk)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var expires = DefaultExpiry(DateTime.Today);

            // Fix-all: one attribute per declaration and rule, however many findings of the rule it holds.
            var done = new HashSet<(SyntaxNode, string)>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start).ThenBy(d => d.Id, StringComparer.Ordinal))
            {
                if (TargetOf(root, diagnostic) is not { } target
                    || !done.Add((target, diagnostic.Id))
                    || AlreadyAccepts(target, diagnostic.Id, model, acceptsRisk, cancellationToken))
                {
                    continue;
                }

                var generator = editor.Generator;
                var attribute = generator.Attribute(
                        generator.TypeExpression(acceptsRisk),
                        new[]
                        {
                            generator.AttributeArgument(generator.LiteralExpression(diagnostic.Id)),
                            generator.AttributeArgument(generator.LiteralExpression(JustificationPlaceholder)),
                            generator.AttributeArgument("Owner", generator.LiteralExpression(OwnerPlaceholder)),
                            generator.AttributeArgument("Expires", generator.LiteralExpression(expires)),
                        })
                    .WithAdditionalAnnotations(Simplifier.Annotation);
                editor.AddAttribute(target, attribute);
            }

            return editor.GetChangedDocument();
        }

        /// <summary>
        /// The declaration whose [AcceptsRisk] the reporter reads for a finding at this place: the reporter looks at the
        /// flagged symbol (the method, property or field whose code holds the finding, an entry point's method, the method
        /// that maps a minimal-API route), everything that contains it, and the assembly.
        /// </summary>
        internal static SyntaxNode? TargetOf(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return null;
            }

            if (HalfTypedCode.Holds(root, diagnostic))
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);

            for (var current = node; current is not null; current = current.Parent)
            {
                switch (current)
                {
                    // AttributeTargets.Method, .Property and .Field: the member itself (an accessor's code is its property's).
                    case MethodDeclarationSyntax:
                    case OperatorDeclarationSyntax:
                    case ConversionOperatorDeclarationSyntax:
                    case DestructorDeclarationSyntax:
                    case PropertyDeclarationSyntax:
                    case IndexerDeclarationSyntax:
                    case FieldDeclarationSyntax:
                        return current;

                    // Constructors, events and nested types' members go on the nearest class, struct or record.
                    case ClassDeclarationSyntax:
                    case StructDeclarationSyntax:
                    case RecordDeclarationSyntax:
                        return current;

                    // Top-level statements: their synthesized entry point cannot carry attributes; the assembly can.
                    case GlobalStatementSyntax:
                        return root as CompilationUnitSyntax;

                    // An interface or an enum cannot carry the attribute: the assembly can.
                    case InterfaceDeclarationSyntax:
                    case EnumDeclarationSyntax:
                        return root as CompilationUnitSyntax;
                }
            }

            return root as CompilationUnitSyntax;
        }

        private static bool AlreadyAccepts(SyntaxNode target, string ruleId, SemanticModel model, INamedTypeSymbol acceptsRisk, CancellationToken cancellationToken)
        {
            var lists = target switch
            {
                CompilationUnitSyntax unit => unit.AttributeLists,
                MemberDeclarationSyntax member => member.AttributeLists,
                _ => default,
            };
            foreach (var attribute in lists.SelectMany(list => list.Attributes))
            {
                if (attribute.ArgumentList?.Arguments.FirstOrDefault() is { NameEquals: null, NameColon: null } first
                    && SymbolEqualityComparer.Default.Equals(model.GetTypeInfo(attribute, cancellationToken).Type, acceptsRisk)
                    && model.GetConstantValue(first.Expression, cancellationToken) is { HasValue: true, Value: string id }
                    && string.Equals(id.Trim(), ruleId, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
