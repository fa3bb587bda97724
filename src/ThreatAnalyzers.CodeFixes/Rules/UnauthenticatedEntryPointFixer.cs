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
    /// TA1001 and TA1008, two actions. "Require authentication" where the entry point is declared: [Authorize] on
    /// controller actions (on the page model for Razor Pages, which ignore it on handlers), .RequireAuthorization() on
    /// minimal API endpoints (both only where the application configures authentication and authorization: the rule says
    /// so in the diagnostic's properties), and [Authenticated] where authentication happens upstream. "Public on purpose":
    /// [AllowAnonymous] on the action (on the page model for Razor Pages), .AllowAnonymous() on the Map call.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnauthenticatedEntryPointFixer))]
    [Shared]
    public sealed class UnauthenticatedEntryPointFixer : CodeFixProvider
    {
        /// <summary>The equivalence key of the actions that require authentication.</summary>
        public const string RequireKey = "ThreatAnalyzers.RequireAuthentication";

        /// <summary>The equivalence key of the actions that mark an entry point public on purpose.</summary>
        public const string PublicKey = "ThreatAnalyzers.PublicOnPurpose";

        private const string AuthorizeAttribute = "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";
        private const string AllowAnonymousAttribute = "Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute";
        private const string AuthenticatedAttribute = "ThreatAnalyzers.AuthenticatedAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(RuleIdentifiers.UnauthenticatedEntryPoint, RuleIdentifiers.NoExplicitAuthenticationDecision);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey ?? RequireKey, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (HalfTypedCode.Holds(root, diagnostic))
                {
                    continue;
                }

                if (RequireTitle(diagnostic) is { } title)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), RequireKey, ct), equivalenceKey: RequireKey),
                        diagnostic);
                }

                if (PublicTitle(diagnostic) is { } publicTitle)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(publicTitle, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), PublicKey, ct), equivalenceKey: PublicKey),
                        diagnostic);
                }
            }
        }

        private static string? RequireTitle(Diagnostic diagnostic)
            => Property(diagnostic, UnauthenticatedEntryPointRule.FixProperty) switch
            {
                UnauthenticatedEntryPointRule.FixAuthorizeMethod => "Require authorization with [Authorize]",
                UnauthenticatedEntryPointRule.FixAuthorizeType => "Require authorization with [Authorize] on the page model",
                UnauthenticatedEntryPointRule.FixRequireAuthorization => "Require authorization with .RequireAuthorization()",
                UnauthenticatedEntryPointRule.FixAuthenticated => "Mark as authenticated upstream with [Authenticated]",
                _ => null,
            };

        private static string? PublicTitle(Diagnostic diagnostic)
            => Property(diagnostic, UnauthenticatedEntryPointRule.AnonymousProperty) switch
            {
                UnauthenticatedEntryPointRule.AnonymousMethod => "Public on purpose: [AllowAnonymous]",
                UnauthenticatedEntryPointRule.AnonymousType => "Public on purpose: [AllowAnonymous] on the page model",
                UnauthenticatedEntryPointRule.AnonymousCall => "Public on purpose: .AllowAnonymous()",
                _ => null,
            };

        private static string? Property(Diagnostic diagnostic, string name)
            => diagnostic.Properties.TryGetValue(name, out var kind) ? kind : null;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string key, CancellationToken cancellationToken)
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
            var attributed = new HashSet<SyntaxNode>();
            var called = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var kind = key == PublicKey
                    ? Property(diagnostic, UnauthenticatedEntryPointRule.AnonymousProperty)
                    : Property(diagnostic, UnauthenticatedEntryPointRule.FixProperty);
                switch (kind)
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
                    case UnauthenticatedEntryPointRule.AnonymousMethod:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<MethodDeclarationSyntax>(), AllowAnonymousAttribute, attributed);
                        break;
                    case UnauthenticatedEntryPointRule.AnonymousType:
                        AddAttribute(editor, model, node.FirstAncestorOrSelf<TypeDeclarationSyntax>(), AllowAnonymousAttribute, attributed);
                        break;
                    case UnauthenticatedEntryPointRule.FixRequireAuthorization:
                    case UnauthenticatedEntryPointRule.AnonymousCall:
                        if (node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } mapCall && called.Add(mapCall))
                        {
                            var convention = kind == UnauthenticatedEntryPointRule.AnonymousCall ? "AllowAnonymous" : "RequireAuthorization";
                            editor.ReplaceNode(mapCall, (current, _) => Convention((ExpressionSyntax)current, convention));
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

        private static ExpressionSyntax Convention(ExpressionSyntax mapCall, string convention)
            => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(
                    SyntaxKind.SimpleMemberAccessExpression,
                    mapCall.WithoutTrailingTrivia(),
                    SyntaxFactory.IdentifierName(convention)))
                .WithTrailingTrivia(mapCall.GetTrailingTrivia());
    }
}
