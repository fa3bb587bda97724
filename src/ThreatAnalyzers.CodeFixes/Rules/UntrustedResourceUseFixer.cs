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
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA5004: clamps the caller's number where it sets the size, count or delay: <c>Take(pageSize)</c> becomes
    /// <c>Take(Math.Clamp(pageSize, 0, 100))</c>. 100 is a starting point: set the limit the operation can afford. Offered
    /// where the reported expression is the sink's own operand (not down a chain of calls).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UntrustedResourceUseFixer))]
    [Shared]
    public sealed class UntrustedResourceUseFixer : CodeFixProvider
    {
        private const string Title = "Clamp the value (Math.Clamp(value, 0, 100))";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UntrustedResourceUse);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (diagnostic.Properties.ContainsKey(UntrustedResourceUseRule.ClampProperty) && ValueAt(root, diagnostic) is not null)
                {
                    context.RegisterCodeFix(CodeAction.Create(Title, ct => FixAsync(context.Document, diagnostic, ct), equivalenceKey: Title), diagnostic);
                }
            }
        }

        private static ExpressionSyntax? ValueAt(SyntaxNode root, Diagnostic diagnostic)
            => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax expression
               && expression.Span == diagnostic.Location.SourceSpan
                ? expression
                : null;

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null || ValueAt(root, diagnostic) is not { } value)
            {
                return document;
            }

            var math = model.LookupNamespacesAndTypes(value.SpanStart, name: "Math").Any(t => t is INamedTypeSymbol { ContainingNamespace.Name: "System" }) ? "Math" : "System.Math";
            var clamped = SyntaxFactory.ParseExpression($"{math}.Clamp({value.WithoutTrivia()}, 0, 100)").WithTriviaFrom(value);
            return document.WithSyntaxRoot(root.ReplaceNode(value, clamped));
        }
    }
}
