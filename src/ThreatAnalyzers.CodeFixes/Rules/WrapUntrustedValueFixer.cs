using System.Collections.Generic;
using System.Collections.Immutable;
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
    /// A fix that wraps the untrusted value, where it is written in the sink's argument, in a call that makes it safe
    /// (<c>Path.GetFileName(name)</c>, <c>WebUtility.HtmlEncode(name)</c>). The value is found by what the finding
    /// names: the whole argument, an argument of <c>Path.Combine</c>/<c>Path.Join</c>, a part of a concatenation or a
    /// hole of an interpolated string. Offered only where the sink is the reported call and the value is written there.
    /// </summary>
    public abstract class WrapUntrustedValueFixer : CodeFixProvider
    {
        protected abstract string Title { get; }

        /// <summary>The fully qualified method that makes the value safe, e.g. <c>System.IO.Path.GetFileName</c>.</summary>
        protected abstract string Wrapper { get; }

        /// <summary>Whether the value as written in the argument may be wrapped (a string in a position the wrapper fits).</summary>
        protected virtual bool MayWrap(ExpressionSyntax value, ExpressionSyntax argument) => true;

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

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
                if (diagnostic.Properties.ContainsKey(UntrustedFlowFindings.SinkHereProperty) && Targets(root, diagnostic, model, context.CancellationToken).Count > 0)
                {
                    context.RegisterCodeFix(CodeAction.Create(Title, ct => FixAsync(context.Document, diagnostic, ct), equivalenceKey: Title), diagnostic);
                }
            }
        }

        private async Task<Document> FixAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var targets = Targets(root, diagnostic, model, cancellationToken);
            var wrapper = SyntaxFactory.ParseExpression(Wrapper);
            return document.WithSyntaxRoot(root.ReplaceNodes(targets, (original, _) =>
                SyntaxFactory.InvocationExpression(wrapper, SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(original.WithoutTrivia()))))
                    .WithTriviaFrom(original)));
        }

        private List<ExpressionSyntax> Targets(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            var targets = new List<ExpressionSyntax>();
            if (!diagnostic.Properties.TryGetValue(UntrustedFlowFindings.OriginProperty, out var origin) || origin is null
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax argument)
            {
                return targets;
            }

            foreach (var candidate in argument.DescendantNodesAndSelf().OfType<ExpressionSyntax>())
            {
                if (candidate.ToString() != origin || !InWrappablePosition(candidate, argument, model, cancellationToken) || !MayWrap(candidate, argument))
                {
                    continue;
                }

                if (model.GetTypeInfo(candidate, cancellationToken).Type?.SpecialType == SpecialType.System_String)
                {
                    targets.Add(candidate);
                }
            }

            return targets;
        }

        /// <summary>The argument itself, an argument of Path.Combine/Path.Join, a part of a string concatenation or an interpolation hole.</summary>
        private static bool InWrappablePosition(ExpressionSyntax candidate, ExpressionSyntax argument, SemanticModel model, CancellationToken cancellationToken)
        {
            if (candidate == argument)
            {
                return true;
            }

            switch (candidate.Parent)
            {
                case InterpolationSyntax:
                    return true;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    return true;
                case ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax call } }:
                    return model.GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { Name: "Combine" or "Join", ContainingType: { } type }
                           && type.ToDisplayString() == "System.IO.Path";
                default:
                    return false;
            }
        }
    }
}
