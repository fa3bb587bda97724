using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA6001: requires the role on the controller action that reaches the privileged operation,
    /// <c>[Authorize(Roles = "Admin")]</c> (an added [Authorize] narrows who may call: ASP.NET Core requires every one).
    /// Offered only where the rule says it is safe (its roles property).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PrivilegedOperationWithWeakerAuthorizationFixer))]
    [Shared]
    public sealed class PrivilegedOperationWithWeakerAuthorizationFixer : CodeFixProvider
    {
        public const string Key = "ThreatAnalyzers.RequireRoleOnEntryPoint";

        private const string AuthorizeAttribute = "Microsoft.AspNetCore.Authorization.AuthorizeAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PrivilegedOperationWithWeakerAuthorization);

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

                if (Roles(diagnostic) is { } roles)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(
                            "Require " + (roles.IndexOf(',') >= 0 ? "one of the roles '" : "role '") + roles + "' with [Authorize(Roles = \"" + roles + "\")]",
                            ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct),
                            equivalenceKey: Key),
                        diagnostic);
                }
            }
        }

        private static string? Roles(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(PrivilegedOperationWithWeakerAuthorizationRule.RolesProperty, out var roles) && roles is { Length: > 0 } ? roles : null;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            // Fix-all too: no attribute is added to a member whose declaration does not parse.
            diagnostics = diagnostics.Where(d => !HalfTypedCode.Holds(root, d)).ToImmutableArray();
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model?.Compilation.GetTypeByMetadataName(AuthorizeAttribute) is not { } authorize)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var done = new HashSet<(SyntaxNode, string)>();
            foreach (var diagnostic in diagnostics)
            {
                if (Roles(diagnostic) is not { } roles
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { } method
                    || !done.Add((method, roles)))
                {
                    continue;
                }

                var generator = editor.Generator;
                var attribute = generator.Attribute(
                        generator.TypeExpression(authorize),
                        new[] { generator.AttributeArgument("Roles", generator.LiteralExpression(roles)) })
                    .WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
                editor.AddAttribute(method, attribute);
            }

            return editor.GetChangedDocument();
        }
    }
}
