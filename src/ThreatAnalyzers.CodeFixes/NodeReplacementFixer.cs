using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatAnalyzers.CodeFixes
{
    /// <summary>
    /// A fix that replaces one node: offered on each diagnostic that carries <see cref="RequiredProperty"/> (the rule says
    /// the fix applies there) and for which <see cref="Replacement"/> finds something to replace; fix-all by batch.
    /// </summary>
    public abstract class NodeReplacementFixer : CodeFixProvider
    {
        /// <summary>The code action's title, also its equivalence key.</summary>
        protected abstract string Title { get; }

        /// <summary>The diagnostic property by which the rule says the fix applies.</summary>
        protected abstract string RequiredProperty { get; }

        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.ContainsKey(RequiredProperty)
                    && Replacement(root, diagnostic, model, context.CancellationToken) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => FixAsync(context.Document, diagnostic, ct), equivalenceKey: Title),
                        diagnostic);
                }
            }
        }

        /// <summary>The node to replace and its replacement, or null where the fix does not apply.</summary>
        protected abstract (SyntaxNode Old, SyntaxNode New)? Replacement(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken);

        private async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || Replacement(root, diagnostic, model, cancellationToken) is not { } replacement)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(replacement.Old, replacement.New));
        }
    }
}
