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
    /// TA4001: redacts the sensitive value where it is an argument of the log call: only the value — the operand of a
    /// concatenation, the member of an anonymous object (which keeps its name), the hole of an interpolated string — becomes
    /// "[redacted]", or the whole argument when it is the value. Offered only where a string fits.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SensitiveDataWrittenToLogFixer))]
    [Shared]
    public sealed class SensitiveDataWrittenToLogFixer : CodeFixProvider
    {
        private const string Title = "Redact the sensitive value in the log";
        private const string Redacted = "[redacted]";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SensitiveDataWrittenToLog);

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
                if (!diagnostic.Properties.ContainsKey(SensitiveDataWrittenToLogRule.RedactableProperty)
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
                    || Replacement(expression, diagnostic, model, context.CancellationToken) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => RedactAsync(context.Document, diagnostic, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }

        private static async Task<Document> RedactAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression || model is null)
            {
                return document;
            }

            // Only the sensitive operand: "Concat " + c.Email + " done" keeps its text, new { c.Id, c.Email } keeps Id.
            var operands = Operands(expression, diagnostic, model, cancellationToken);
            if (operands.Count > 0)
            {
                return document.WithSyntaxRoot(root.ReplaceNodes(operands.Keys, (original, _) => operands[original].WithTriviaFrom(original)));
            }

            if (Replacement(expression, diagnostic, model, cancellationToken) is not { } replacement)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(expression, replacement.WithTriviaFrom(expression)));
        }

        /// <summary>
        /// The sensitive operands inside the argument (written as the finding's origin) and what each becomes: the literal,
        /// or, for an anonymous object's member, the member with the literal as its value. Empty when the argument is the
        /// value itself or an operand cannot take a string.
        /// </summary>
        private static System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode> Operands(ExpressionSyntax expression, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
            if (expression is InterpolatedStringExpressionSyntax
                || !diagnostic.Properties.TryGetValue(SensitiveDataWrittenToLogRule.OriginProperty, out var origin) || origin is null
                || expression.ToString() == origin)
            {
                return replacements;
            }

            var literal = SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Redacted));
            foreach (var operand in expression.DescendantNodes().OfType<ExpressionSyntax>().Where(e => e.ToString() == origin))
            {
                if (replacements.Keys.Any(r => r.Contains(operand)))
                {
                    continue;
                }

                if (operand.Parent is AnonymousObjectMemberDeclaratorSyntax { NameEquals: null } member)
                {
                    var name = operand switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        _ => null,
                    };
                    if (name is null)
                    {
                        return new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
                    }

                    replacements[member] = SyntaxFactory.AnonymousObjectMemberDeclarator(SyntaxFactory.NameEquals(name), literal);
                    continue;
                }

                if (operand.Parent is AnonymousObjectMemberDeclaratorSyntax or InterpolationSyntax)
                {
                    replacements[operand] = literal;
                    continue;
                }

                var converted = model.GetTypeInfo(operand, cancellationToken).ConvertedType;
                if (converted?.SpecialType is not (SpecialType.System_String or SpecialType.System_Object))
                {
                    return new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
                }

                replacements[operand] = literal;
            }

            return replacements;
        }

        private static ExpressionSyntax? Replacement(ExpressionSyntax expression, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression is InterpolatedStringExpressionSyntax interpolated)
            {
                var origin = diagnostic.Properties.TryGetValue(SensitiveDataWrittenToLogRule.OriginProperty, out var o) ? o : null;
                var holes = interpolated.Contents.OfType<InterpolationSyntax>().Where(h => h.Expression.ToString() == origin).ToList();
                if (holes.Count == 0)
                {
                    return null;
                }

                // Rewritten as text and parsed again, so the redaction merges with the text around it as the compiler would parse it.
                var text = new System.Text.StringBuilder(interpolated.StringStartToken.Text);
                foreach (var content in interpolated.Contents)
                {
                    text.Append(holes.Contains(content) ? Redacted : content.ToString());
                }

                return SyntaxFactory.ParseExpression(text.Append(interpolated.StringEndToken.Text).ToString());
            }

            // A string literal must fit where the value stood: a string, an object, or a params object[] element.
            var converted = model.GetTypeInfo(expression, cancellationToken).ConvertedType;
            return converted?.SpecialType is SpecialType.System_String or SpecialType.System_Object
                ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Redacted))
                : null;
        }
    }
}
