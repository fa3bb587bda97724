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
using Microsoft.CodeAnalysis.Formatting;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA4004: the caller gets a fixed message instead of the exception's details: <c>ex.Message</c>,
    /// <c>ex.ToString()</c>, <c>ex</c> become <c>"An error occurred."</c> (inside an interpolation, the hole becomes that
    /// text). Log the exception where it is caught to keep what the message said. <c>app.UseDeveloperExceptionPage();</c>
    /// outside a Development branch is wrapped in <c>if (app.Environment.IsDevelopment()) { … }</c> (or the method's
    /// host-environment parameter).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ExceptionDetailsReturnedFixer))]
    [Shared]
    public sealed class ExceptionDetailsReturnedFixer : CodeFixProvider
    {
        private const string MessageTitle = "Answer with a fixed message";
        private const string DevelopmentTitle = "Use the developer exception page only in Development";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ExceptionDetailsReturned);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics.Where(d => Title(d) == context.CodeActionEquivalenceKey).ToImmutableArray(), context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (Title(diagnostic) is { } title)
                {
                    context.RegisterCodeFix(CodeAction.Create(title, ct => ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct), equivalenceKey: title), diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        private static string? Title(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(ExceptionDetailsReturnedRule.FixProperty, out var fix)
                ? fix switch
                {
                    ExceptionDetailsReturnedRule.FixLiteral or ExceptionDetailsReturnedRule.FixHole => MessageTitle,
                    ExceptionDetailsReturnedRule.FixDevelopmentOnly => DevelopmentTitle,
                    _ => null,
                }
                : null;

        private static async Task<Document> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || diagnostics.IsEmpty)
            {
                return document;
            }

            var targets = diagnostics
                .Select(d => (Diagnostic: d, Node: root.FindNode(d.Location.SourceSpan, getInnermostNodeForTie: true)))
                .Select(t => (t.Diagnostic, Node: t.Node is ArgumentSyntax argument ? argument.Expression : t.Node))
                .ToList();
            var needsHosting = false;
            var changed = root.ReplaceNodes(
                targets.Select(t => Target(t.Diagnostic, t.Node)).Where(n => n is not null).Select(n => n!).Distinct(),
                (original, rewritten) =>
                {
                    foreach (var (diagnostic, node) in targets)
                    {
                        if (Target(diagnostic, node) != original)
                        {
                            continue;
                        }

                        diagnostic.Properties.TryGetValue(ExceptionDetailsReturnedRule.FixProperty, out var fix);
                        switch (fix)
                        {
                            case ExceptionDetailsReturnedRule.FixHole:
                                // Every reported hole of this string becomes the text, and the string is read again (adjacent text merges).
                                var text = original.ToFullString();
                                var holes = targets
                                    .Where(t => Target(t.Diagnostic, t.Node) == original)
                                    .Select(t => t.Node.FirstAncestorOrSelf<InterpolationSyntax>())
                                    .Where(h => h is not null)
                                    .Select(h => h!.FullSpan)
                                    .Distinct()
                                    .OrderByDescending(span => span.Start);
                                foreach (var span in holes)
                                {
                                    var start = span.Start - original.FullSpan.Start;
                                    text = text.Substring(0, start) + ExceptionDetailsReturnedRule.GenericMessage + text.Substring(start + span.Length);
                                }

                                return SyntaxFactory.ParseExpression(text);
                            case ExceptionDetailsReturnedRule.FixLiteral:
                                return SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(ExceptionDetailsReturnedRule.GenericMessage)).WithTriviaFrom(rewritten);
                            case ExceptionDetailsReturnedRule.FixDevelopmentOnly when diagnostic.Properties.TryGetValue(ExceptionDetailsReturnedRule.EnvironmentProperty, out var environment) && environment is not null:
                                needsHosting = true;
                                var statement = (StatementSyntax)rewritten;
                                return SyntaxFactory.IfStatement(
                                        SyntaxFactory.ParseExpression(environment + ".IsDevelopment()"),
                                        SyntaxFactory.Block(statement.WithoutLeadingTrivia().WithoutTrailingTrivia()))
                                    .WithLeadingTrivia(statement.GetLeadingTrivia())
                                    .WithTrailingTrivia(statement.GetTrailingTrivia())
                                    .WithAdditionalAnnotations(Formatter.Annotation);
                        }
                    }

                    return rewritten;
                });

            if (needsHosting && changed is CompilationUnitSyntax unit && !unit.Usings.Any(u => u.Name?.ToString() == "Microsoft.Extensions.Hosting"))
            {
                var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
                var hostingImported = model?.Compilation.SyntaxTrees.Any(tree => tree.GetRoot(cancellationToken) is CompilationUnitSyntax other
                    && other.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Name?.ToString() == "Microsoft.Extensions.Hosting")) == true;
                if (!hostingImported)
                {
                    changed = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName("Microsoft.Extensions.Hosting")).WithAdditionalAnnotations(Formatter.Annotation));
                }
            }

            var result = document.WithSyntaxRoot(changed);
            return await Formatter.FormatAsync(result, Formatter.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The node the fix replaces: the detail, the interpolation hole around it, or the statement that adds the page.</summary>
        private static SyntaxNode? Target(Diagnostic diagnostic, SyntaxNode node)
        {
            diagnostic.Properties.TryGetValue(ExceptionDetailsReturnedRule.FixProperty, out var fix);
            return fix switch
            {
                ExceptionDetailsReturnedRule.FixHole => node.FirstAncestorOrSelf<InterpolationSyntax>()?.Parent as InterpolatedStringExpressionSyntax,
                ExceptionDetailsReturnedRule.FixLiteral => node as ExpressionSyntax,
                ExceptionDetailsReturnedRule.FixDevelopmentOnly => node.FirstAncestorOrSelf<ExpressionStatementSyntax>(),
                _ => null,
            };
        }
    }
}
