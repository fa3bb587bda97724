using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
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
    /// TA2004: adds [ValidateAntiForgeryToken] to the MVC action, or removes <c>.DisableAntiforgery()</c> from the
    /// minimal-API form endpoint (the antiforgery middleware then validates its form posts).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(MissingAntiforgeryFixer))]
    [Shared]
    public sealed class MissingAntiforgeryFixer : CodeFixProvider
    {
        private const string ValidateAttribute = "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.MissingAntiforgery);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (HalfTypedCode.Holds(root, diagnostic))
                {
                    continue;
                }

                var title = Kind(diagnostic) switch
                {
                    MissingAntiforgeryRule.FixValidateAttribute => "Validate the anti-forgery token with [ValidateAntiForgeryToken]",
                    MissingAntiforgeryRule.FixRemoveDisable => "Validate the anti-forgery token: remove .DisableAntiforgery()",
                    _ => null,
                };
                if (title is not null)
                {
                    context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: title), diagnostic);
                }
            }
        }

        private static string? Kind(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(MissingAntiforgeryRule.FixProperty, out var kind) ? kind : null;

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
                switch (Kind(diagnostic))
                {
                    case MissingAntiforgeryRule.FixValidateAttribute:
                        if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method && done.Add(method)
                            && model.Compilation.GetTypeByMetadataName(ValidateAttribute) is { } attributeType)
                        {
                            editor.AddAttribute(method, editor.Generator.Attribute(editor.Generator.TypeExpression(attributeType))
                                .WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation));
                        }

                        break;

                    case MissingAntiforgeryRule.FixRemoveDisable:
                        // app.MapPost(...)[.Other()].DisableAntiforgery()[.More()]: the call whose name is DisableAntiforgery, up the chain.
                        var disable = node.Ancestors().OfType<InvocationExpressionSyntax>()
                            .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "DisableAntiforgery" } access
                                                 && access.Expression.Span.Contains(node.Span));
                        if (disable?.Expression is MemberAccessExpressionSyntax member && done.Add(disable))
                        {
                            editor.ReplaceNode(disable, member.Expression.WithTrailingTrivia(disable.GetTrailingTrivia()));
                        }

                        break;
                }
            }

            return editor.GetChangedDocument();
        }
    }
}
