using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA5001: apply a rate-limiting policy the application registers (the rule names it in the diagnostic's properties):
    /// <c>.RequireRateLimiting("policy")</c> on a Map call, <c>[EnableRateLimiting("policy")]</c> on an action (on the page
    /// model for Razor Pages, on the controller for an inherited action). Where no policy exists, <c>[RateLimited]</c>
    /// declares that a gateway or ingress throttles the entry point (not offered on minimal-API lambdas).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(EntryPointWithoutRateLimitingFixer))]
    [Shared]
    public sealed class EntryPointWithoutRateLimitingFixer : CodeFixProvider
    {
        /// <summary>The equivalence key of the action.</summary>
        public const string Key = "ThreatAnalyzers.ApplyRateLimiting";

        private const string EnableRateLimitingAttribute = "Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute";
        private const string RateLimitedAttribute = "ThreatAnalyzers.RateLimitedAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.EntryPointWithoutRateLimiting);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (HalfTypedCode.Holds(root, diagnostic))
                {
                    continue;
                }

                var policy = Property(diagnostic, EntryPointWithoutRateLimitingRule.PolicyProperty);
                var title = Property(diagnostic, EntryPointWithoutRateLimitingRule.FixProperty) switch
                {
                    EntryPointWithoutRateLimitingRule.FixRequireRateLimiting => $"Rate-limit with .RequireRateLimiting(\"{policy}\")",
                    EntryPointWithoutRateLimitingRule.FixEnableOnMethod => $"Rate-limit with [EnableRateLimiting(\"{policy}\")]",
                    EntryPointWithoutRateLimitingRule.FixEnableOnType => $"Rate-limit with [EnableRateLimiting(\"{policy}\")] on the type",
                    EntryPointWithoutRateLimitingRule.FixRateLimitedMethod => "Throttled outside the code: [RateLimited]",
                    EntryPointWithoutRateLimitingRule.FixRateLimitedType => "Throttled outside the code: [RateLimited] on the type",
                    _ => null,
                };
                if (title is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Key),
                        diagnostic);
                }
            }
        }

        private static string? Property(Diagnostic diagnostic, string name)
            => diagnostic.Properties.TryGetValue(name, out var value) ? value : null;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            // Fix-all too: no attribute is added to a member whose declaration does not parse.
            diagnostics = diagnostics.Where(d => !HalfTypedCode.Holds(root, d)).ToImmutableArray();
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var done = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var policy = Property(diagnostic, EntryPointWithoutRateLimitingRule.PolicyProperty);
                switch (Property(diagnostic, EntryPointWithoutRateLimitingRule.FixProperty))
                {
                    case EntryPointWithoutRateLimitingRule.FixRequireRateLimiting when policy is not null:
                        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } mapCall && done.Add(mapCall))
                        {
                            editor.ReplaceNode(mapCall, (current, _) => RequireRateLimiting((ExpressionSyntax)current, policy));
                        }

                        break;
                    case EntryPointWithoutRateLimitingRule.FixEnableOnMethod when policy is not null:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), EnableRateLimitingAttribute, policy, done);
                        break;
                    case EntryPointWithoutRateLimitingRule.FixEnableOnType when policy is not null:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<TypeDeclarationSyntax>(), EnableRateLimitingAttribute, policy, done);
                        break;
                    case EntryPointWithoutRateLimitingRule.FixRateLimitedMethod:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), RateLimitedAttribute, null, done);
                        break;
                    case EntryPointWithoutRateLimitingRule.FixRateLimitedType:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<TypeDeclarationSyntax>(), RateLimitedAttribute, null, done);
                        break;
                }
            }

            return editor.GetChangedDocument();
        }

        private static void AddAttribute(DocumentEditor editor, SemanticModel model, SyntaxNode? declaration, string attributeMetadataName, string? policy, HashSet<SyntaxNode> done)
        {
            // Fix-all may reach the same page model or controller from several handlers: one attribute is enough.
            if (declaration is null || !done.Add(declaration) || model.Compilation.GetTypeByMetadataName(attributeMetadataName) is not { } type)
            {
                return;
            }

            var generator = editor.Generator;
            var attribute = (policy is null
                    ? generator.Attribute(generator.TypeExpression(type))
                    : generator.Attribute(generator.TypeExpression(type), new[] { generator.AttributeArgument(generator.LiteralExpression(policy)) }))
                .WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
            editor.AddAttribute(declaration, attribute);
        }

        private static ExpressionSyntax RequireRateLimiting(ExpressionSyntax mapCall, string policy)
            => SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(
                        SyntaxKind.SimpleMemberAccessExpression,
                        mapCall.WithoutTrailingTrivia(),
                        SyntaxFactory.IdentifierName("RequireRateLimiting")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(
                        SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(policy))))))
                .WithTrailingTrivia(mapCall.GetTrailingTrivia());
    }
}
