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
    /// TA4010: projects the returned object to an anonymous object with its public members except the secret ones:
    /// <c>Ok(user)</c> becomes <c>Ok(new { user.Id, user.UserName, … })</c>. Offered only where the rule found the
    /// projection mechanical (the value is a name or member access, passed where any object fits).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SecretReturnedToCallerFixer))]
    [Shared]
    public sealed class SecretReturnedToCallerFixer : CodeFixProvider
    {
        private const string Title = "Return only the members that are not secret";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SecretReturnedToCaller);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is null || Projection(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => ProjectAsync(context.Document, diagnostic, ct), equivalenceKey: Title),
                    diagnostic);
            }
        }

        private static async Task<Document> ProjectAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || Projection(root, diagnostic) is not { } found)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(found.Value, found.Replacement.WithTriviaFrom(found.Value)));
        }

        private static (ExpressionSyntax Value, ExpressionSyntax Replacement)? Projection(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(SecretReturnedToCallerRule.ProjectionProperty, out var members) || string.IsNullOrEmpty(members)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax value
                || value is not (IdentifierNameSyntax or MemberAccessExpressionSyntax))
            {
                return null;
            }

            var receiver = value.WithoutTrivia().ToString();
            var projection = SyntaxFactory.ParseExpression("new { " + string.Join(", ", members!.Split(',').Select(member => receiver + "." + member)) + " }");
            return (value, projection);
        }
    }
}
