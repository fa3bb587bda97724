using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
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
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA1001: requires authentication where the entry point is declared. [Authorize] on controller actions (on the page
    /// model for Razor Pages, which ignore it on handlers), .RequireAuthorization() on minimal API endpoints, and
    /// [Authenticated] where ASP.NET Core authorization does not apply (Lambda handlers, other trust boundaries).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnauthenticatedEntryPointFixer))]
    [Shared]
    public sealed class UnauthenticatedEntryPointFixer : CodeFixProvider
    {
        private const string AuthorizeAttribute = "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";
        private const string AuthenticatedAttribute = "ThreatAnalyzers.AuthenticatedAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnauthenticatedEntryPoint);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                var title = Title(diagnostic);
                if (title is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        title,
                        ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                        equivalenceKey: title),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        private static string? Title(Diagnostic diagnostic)
            => FixKind(diagnostic) switch
            {
                UnauthenticatedEntryPointRule.FixAuthorizeMethod => "Require authorization with [Authorize]",
                UnauthenticatedEntryPointRule.FixAuthorizeType => "Require authorization with [Authorize] on the page model",
                UnauthenticatedEntryPointRule.FixRequireAuthorization => "Require authorization with .RequireAuthorization()",
                UnauthenticatedEntryPointRule.FixAuthenticated => "Mark as authenticated upstream with [Authenticated]",
                _ => null,
            };

        private static string? FixKind(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(UnauthenticatedEntryPointRule.FixProperty, out var kind) ? kind : null;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var attributed = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                switch (FixKind(diagnostic))
                {
                    case UnauthenticatedEntryPointRule.FixAuthorizeMethod:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), AuthorizeAttribute, attributed);
                        break;
                    case UnauthenticatedEntryPointRule.FixAuthorizeType:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<TypeDeclarationSyntax>(), AuthorizeAttribute, attributed);
                        break;
                    case UnauthenticatedEntryPointRule.FixAuthenticated:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), AuthenticatedAttribute, attributed);
                        break;
                    case UnauthenticatedEntryPointRule.FixRequireAuthorization:
                        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } mapCall)
                        {
                            editor.ReplaceNode(mapCall, (current, _) => RequireAuthorization((ExpressionSyntax)current));
                        }

                        break;
                }
            }

            return editor.GetChangedDocument();
        }

        private static void AddAttribute(DocumentEditor editor, SemanticModel model, SyntaxNode? declaration, string attributeMetadataName, HashSet<SyntaxNode> done)
        {
            // Fix-all may reach the same page model from several handlers: one attribute is enough.
            if (declaration is null || !done.Add(declaration) || model.Compilation.GetTypeByMetadataName(attributeMetadataName) is not { } type)
            {
                return;
            }

            var attribute = editor.Generator.Attribute(editor.Generator.TypeExpression(type))
                .WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
            editor.AddAttribute(declaration, attribute);
        }

        private static ExpressionSyntax RequireAuthorization(ExpressionSyntax mapCall)
            => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    mapCall.WithoutTrailingTrivia(),
                    SyntaxFactory.IdentifierName("RequireAuthorization")))
                .WithTrailingTrivia(mapCall.GetTrailingTrivia());
    }
}
