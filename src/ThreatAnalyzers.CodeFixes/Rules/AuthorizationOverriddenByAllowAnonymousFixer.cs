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
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA6006: removes the AllowAnonymous that cancels the requirement (the diagnostic's additional location). On the
    /// same action, or on a class whose own [Authorize] it cancels: the attribute is removed. On the controller of an
    /// action that has its own [Authorize]: the class's [AllowAnonymous] moves to the controller's actions that say
    /// nothing about authorization themselves, so they stay public and only the protected actions change (the title says
    /// so). On the Map call's chain: the .AllowAnonymous() call is taken out. On a base class, a group or
    /// MapControllers() (which cover other endpoints too) no fix is offered.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AuthorizationOverriddenByAllowAnonymousFixer))]
    [Shared]
    public sealed class AuthorizationOverriddenByAllowAnonymousFixer : CodeFixProvider
    {
        public const string Key = "ThreatAnalyzers.RemoveOverridingAllowAnonymous";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AuthorizationOverriddenByAllowAnonymous);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!HalfTypedCode.Holds(root, diagnostic) && Title(root, model, diagnostic, context.CancellationToken) is { } title)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Key),
                        diagnostic);
                }
            }
        }

        private static string? Title(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            switch (Kind(diagnostic))
            {
                case AuthorizationOverriddenByAllowAnonymousRule.FixRemoveCall when AnonymousCall(root, diagnostic) is not null:
                    return "Remove .AllowAnonymous()";
                case AuthorizationOverriddenByAllowAnonymousRule.FixRemoveAttribute when AnonymousAttribute(root, diagnostic) is { } attribute:
                    return "Remove [AllowAnonymous] from '" + HolderName(attribute) + "'";
                case AuthorizationOverriddenByAllowAnonymousRule.FixMoveToActions when AnonymousAttribute(root, diagnostic) is { } attribute:
                    return OpenActions(attribute, model, cancellationToken).Any()
                        ? "Move [AllowAnonymous] from '" + HolderName(attribute) + "' to its actions without [Authorize]"
                        : "Remove [AllowAnonymous] from '" + HolderName(attribute) + "'";
                default:
                    return null;
            }
        }

        private static string? Kind(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(AuthorizationOverriddenByAllowAnonymousRule.FixProperty, out var kind) ? kind : null;

        private static AttributeSyntax? AnonymousAttribute(SyntaxNode root, Diagnostic diagnostic)
            => diagnostic.AdditionalLocations.FirstOrDefault() is { IsInSource: true } location && location.SourceTree == root.SyntaxTree
                ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<AttributeSyntax>()
                : null;

        private static InvocationExpressionSyntax? AnonymousCall(SyntaxNode root, Diagnostic diagnostic)
            => diagnostic.AdditionalLocations.FirstOrDefault() is { IsInSource: true } location && location.SourceTree == root.SyntaxTree
               && root.FindNode(location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is
                   { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AllowAnonymous" } } call
                ? call
                : null;

        private static string HolderName(AttributeSyntax attribute)
            => attribute.Parent?.Parent switch
            {
                MethodDeclarationSyntax method => method.Identifier.ValueText,
                BaseTypeDeclarationSyntax type => type.Identifier.ValueText,
                _ => "the declaration",
            };

        /// <summary>The public instance methods of the attribute's class that carry no authorization attribute of their own and are not [NonAction].</summary>
        private static IEnumerable<MethodDeclarationSyntax> OpenActions(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
        {
            if (attribute.Parent?.Parent is not TypeDeclarationSyntax type)
            {
                yield break;
            }

            var authorizeData = model.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.IAuthorizeData");
            var allowAnonymous = model.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.IAllowAnonymous");
            var nonAction = model.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonActionAttribute");
            foreach (var method in type.Members.OfType<MethodDeclarationSyntax>())
            {
                if (!method.Modifiers.Any(SyntaxKind.PublicKeyword) || method.Modifiers.Any(SyntaxKind.StaticKeyword))
                {
                    continue;
                }

                var says = false;
                foreach (var list in method.AttributeLists)
                {
                    foreach (var a in list.Attributes)
                    {
                        if (model.GetTypeInfo(a, cancellationToken).Type is INamedTypeSymbol attributeType
                            && (Implements(attributeType, authorizeData) || Implements(attributeType, allowAnonymous) || SymbolEqualityComparer.Default.Equals(attributeType, nonAction)))
                        {
                            says = true;
                        }
                    }
                }

                if (!says)
                {
                    yield return method;
                }
            }
        }

        private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract)
            => contract is not null && type.AllInterfaces.Contains(contract, SymbolEqualityComparer.Default);

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
                switch (Kind(diagnostic))
                {
                    case AuthorizationOverriddenByAllowAnonymousRule.FixRemoveCall when AnonymousCall(root, diagnostic) is { } call && done.Add(call):
                        var receiver = ((MemberAccessExpressionSyntax)call.Expression).Expression;
                        editor.ReplaceNode(call, receiver.WithTrailingTrivia(call.GetTrailingTrivia()));
                        break;
                    case AuthorizationOverriddenByAllowAnonymousRule.FixRemoveAttribute when AnonymousAttribute(root, diagnostic) is { } attribute && done.Add(attribute):
                        editor.RemoveNode(attribute);
                        break;
                    case AuthorizationOverriddenByAllowAnonymousRule.FixMoveToActions when AnonymousAttribute(root, diagnostic) is { } attribute && done.Add(attribute):
                        foreach (var action in OpenActions(attribute, model, cancellationToken).ToList())
                        {
                            editor.AddAttribute(action, attribute.WithoutTrivia());
                        }

                        editor.RemoveNode(attribute);
                        break;
                }
            }

            return editor.GetChangedDocument();
        }
    }
}
