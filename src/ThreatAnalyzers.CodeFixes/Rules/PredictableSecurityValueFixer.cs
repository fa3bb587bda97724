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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA1007: the value comes from <c>RandomNumberGenerator</c> instead: <c>random.Next(a, b)</c> becomes
    /// <c>RandomNumberGenerator.GetInt32(a, b)</c>, <c>random.NextBytes(buffer)</c> becomes
    /// <c>RandomNumberGenerator.Fill(buffer)</c>, and a Guid string cut to n characters becomes
    /// <c>RandomNumberGenerator.GetHexString(n, lowercase: true)</c> (.NET 8 and later). NextInt64, NextDouble and
    /// cuts that are not a constant prefix have no mechanical fix.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PredictableSecurityValueFixer))]
    [Shared]
    public sealed class PredictableSecurityValueFixer : CodeFixProvider
    {
        private const string Title = "Use RandomNumberGenerator";
        private const string RandomNumberGenerator = "System.Security.Cryptography.RandomNumberGenerator";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PredictableSecurityValue);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(PredictableSecurityValueRule.FixProperty)))
            {
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: Title),
                    diagnostic);
            }

            return Task.CompletedTask;
        }

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model?.Compilation.GetTypeByMetadataName(RandomNumberGenerator) is not { } generator)
            {
                return document;
            }

            var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
            var type = (ExpressionSyntax)editor.Generator.TypeExpression(generator).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation, Simplifier.Annotation);
            foreach (var diagnostic in diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(PredictableSecurityValueRule.FixProperty, out var fix))
                {
                    continue;
                }

                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                var expression = node as ExpressionSyntax ?? (node as ArgumentSyntax)?.Expression;
                if (expression is null)
                {
                    continue;
                }

                ExpressionSyntax? replacement = fix switch
                {
                    PredictableSecurityValueRule.FixGetInt32 when expression is InvocationExpressionSyntax call
                        => Call(type, "GetInt32", call.ArgumentList.Arguments.Count == 0
                            ? SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(SyntaxFactory.ParseExpression("int.MaxValue")) })
                            : call.ArgumentList.Arguments),
                    PredictableSecurityValueRule.FixFill when expression is InvocationExpressionSyntax call
                        => Call(type, "Fill", call.ArgumentList.Arguments),
                    PredictableSecurityValueRule.FixGetHexString when diagnostic.Properties.TryGetValue(PredictableSecurityValueRule.LengthProperty, out var length) && length is not null
                        => Call(type, "GetHexString", SyntaxFactory.SeparatedList(new[]
                        {
                            SyntaxFactory.Argument(SyntaxFactory.ParseExpression(length)),
                            SyntaxFactory.Argument(SyntaxFactory.NameColon("lowercase"), default, SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression)),
                        })),
                    _ => null,
                };

                if (replacement is not null)
                {
                    editor.ReplaceNode(expression, replacement.WithTriviaFrom(expression).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            return editor.GetChangedDocument();
        }

        private static ExpressionSyntax Call(ExpressionSyntax type, string method, SeparatedSyntaxList<ArgumentSyntax> arguments)
            => SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, type, SyntaxFactory.IdentifierName(method)),
                SyntaxFactory.ArgumentList(arguments));
    }
}
