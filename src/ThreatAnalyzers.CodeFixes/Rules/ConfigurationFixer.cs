using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// The fixes of the configuration rules, driven by the finding's properties (<see cref="ConfigurationShapes"/>):
    /// write the safe value, remove the assignment, take a call out of its chain, or remove an argument. One named
    /// action per rule and kind of fix, so fix-all fixes every finding of that kind.
    /// </summary>
    public abstract class ConfigurationFixer : CodeFixProvider
    {
        private protected ConfigurationFixer(string ruleId) => FixableDiagnosticIds = ImmutableArray.Create(ruleId);

        public sealed override ImmutableArray<string> FixableDiagnosticIds { get; }

        public sealed override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(ConfigurationShapes.FixProperty, out var kind) || kind is null
                    || !diagnostic.Properties.TryGetValue(ConfigurationShapes.FixTitleProperty, out var title) || title is null
                    || Rewrite(root, diagnostic, kind) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(title, ct => FixAsync(context.Document, diagnostic, kind, ct), equivalenceKey: diagnostic.Id + "." + kind),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, Diagnostic diagnostic, string kind, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            return root is not null && Rewrite(root, diagnostic, kind) is { } fixedRoot ? document.WithSyntaxRoot(fixedRoot) : document;
        }

        /// <summary>The fixed root, or null when the code is not of a shape the fix knows.</summary>
        private static SyntaxNode? Rewrite(SyntaxNode root, Diagnostic diagnostic, string kind)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            switch (kind)
            {
                case ConfigurationShapes.FixSetValue when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment
                                                          && diagnostic.Properties.TryGetValue(ConfigurationShapes.SafeValueProperty, out var safe) && safe is not null:
                    return root.ReplaceNode(assignment.Right, SafeValue(assignment.Right, safe).WithTriviaFrom(assignment.Right));

                case ConfigurationShapes.FixRemoveAssignment when node.FirstAncestorOrSelf<AssignmentExpressionSyntax>() is { } assignment:
                    return RemoveAssignment(root, assignment);

                case ConfigurationShapes.FixRemoveCall when node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { Expression: MemberAccessExpressionSyntax member } invocation:
                    if (invocation.Parent is ExpressionStatementSyntax statement && member.Expression is SimpleNameSyntax)
                    {
                        return RemoveStatement(root, statement);
                    }

                    return root.ReplaceNode(invocation, member.Expression.WithTrailingTrivia(invocation.GetTrailingTrivia()));

                case ConfigurationShapes.FixRemoveArgument when node.FirstAncestorOrSelf<ArgumentSyntax>() is { Parent: ArgumentListSyntax list } argument:
                    return argument == list.Arguments.Last()
                        ? root.ReplaceNode(list, list.WithArguments(list.Arguments.Remove(argument)))
                        : root.ReplaceNode(argument.Expression, SyntaxFactory.LiteralExpression(SyntaxKind.NullLiteralExpression).WithTriviaFrom(argument.Expression));

                default:
                    return null;
            }
        }

        /// <summary>An enum member replaces the member written (<c>CookieSecurePolicy.None</c> → <c>CookieSecurePolicy.Always</c>); anything else is written in full and simplified.</summary>
        private static ExpressionSyntax SafeValue(ExpressionSyntax current, string safe)
        {
            var dot = safe.LastIndexOf('.');
            if (dot > 0 && current is MemberAccessExpressionSyntax member && member.Expression.ToString().Split('.').Last() == safe.Substring(0, dot).Split('.').Last())
            {
                return member.WithName(SyntaxFactory.IdentifierName(safe.Substring(dot + 1)));
            }

            return SyntaxFactory.ParseExpression(dot > 0 ? "global::" + safe : safe).WithAdditionalAnnotations(Simplifier.Annotation);
        }

        private static SyntaxNode? RemoveAssignment(SyntaxNode root, AssignmentExpressionSyntax assignment)
        {
            switch (assignment.Parent)
            {
                case ExpressionStatementSyntax statement:
                    return RemoveStatement(root, statement);
                case InitializerExpressionSyntax initializer:
                    return root.ReplaceNode(initializer, initializer.WithExpressions(initializer.Expressions.Remove(assignment)));
                default:
                    return null;
            }
        }

        private static SyntaxNode? RemoveStatement(SyntaxNode root, StatementSyntax statement)
        {
            SyntaxNode removed = statement.Parent is GlobalStatementSyntax global ? global : statement;
            if (removed.Parent is not (BlockSyntax or CompilationUnitSyntax or SwitchSectionSyntax))
            {
                return null;
            }

            // Blank lines and comments above the statement stay, on the token that follows it; its indentation goes.
            var leading = removed.GetLeadingTrivia();
            var lastLineEnd = -1;
            for (var i = 0; i < leading.Count; i++)
            {
                if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    lastLineEnd = i;
                }
            }

            var next = removed.GetLastToken().GetNextToken();
            if (lastLineEnd >= 0 && next != default)
            {
                var marker = new SyntaxAnnotation();
                root = root.ReplaceSyntax(
                    new[] { removed },
                    (_, rewritten) => rewritten.WithAdditionalAnnotations(marker),
                    new[] { next },
                    (_, token) => token.WithLeadingTrivia(leading.Take(lastLineEnd + 1).Concat(token.LeadingTrivia)),
                    Enumerable.Empty<SyntaxTrivia>(),
                    (trivia, _) => trivia);
                removed = root.GetAnnotatedNodes(marker).First();
            }

            return root.RemoveNode(removed, SyntaxRemoveOptions.KeepNoTrivia | SyntaxRemoveOptions.KeepUnbalancedDirectives);
        }
    }
}
