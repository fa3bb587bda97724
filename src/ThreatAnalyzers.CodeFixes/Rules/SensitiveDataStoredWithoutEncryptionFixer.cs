using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA4003 for S3: adds <c>ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256</c> (SSE-S3) to the
    /// PutObjectRequest's object initializer (where the finding is, or its last additional location). Offered only for that form.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SensitiveDataStoredWithoutEncryptionFixer))]
    [Shared]
    public sealed class SensitiveDataStoredWithoutEncryptionFixer : CodeFixProvider
    {
        private const string Title = "Encrypt the object with SSE-S3 (AES256)";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SensitiveDataStoredWithoutEncryption);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            foreach (var diagnostic in context.Diagnostics)
            {
                if (root is not null && CreationOf(root, diagnostic) is not null)
                {
                    context.RegisterCodeFix(CodeAction.Create(Title, ct => EncryptAsync(context.Document, diagnostic, ct), equivalenceKey: Title), diagnostic);
                }
            }
        }

        private static BaseObjectCreationExpressionSyntax? CreationOf(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(SensitiveDataStoredWithoutEncryptionRule.RequestProperty, out var where))
            {
                return null;
            }

            var location = where == SensitiveDataStoredWithoutEncryptionRule.RequestIsReported ? diagnostic.Location
                : diagnostic.AdditionalLocations.Count > 0 ? diagnostic.AdditionalLocations[diagnostic.AdditionalLocations.Count - 1]
                : null;
            if (location is null)
            {
                return null;
            }

            return location.SourceTree == root.SyntaxTree
                ? root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)?.FirstAncestorOrSelf<BaseObjectCreationExpressionSyntax>()
                : null;
        }

        private static async Task<Document> EncryptAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || CreationOf(root, diagnostic) is not { } creation)
            {
                return document;
            }

            var assignment = SyntaxFactory.AssignmentExpression(
                SyntaxKind.SimpleAssignmentExpression,
                SyntaxFactory.IdentifierName("ServerSideEncryptionMethod"),
                SyntaxFactory.ParseExpression("global::Amazon.S3.ServerSideEncryptionMethod.AES256").WithAdditionalAnnotations(Simplifier.Annotation));
            var initializer = creation.Initializer is { } existing
                ? existing.AddExpressions(assignment)
                : SyntaxFactory.InitializerExpression(SyntaxKind.ObjectInitializerExpression, SyntaxFactory.SingletonSeparatedList<ExpressionSyntax>(assignment));
            SyntaxNode updated = creation switch
            {
                ObjectCreationExpressionSyntax explicitCreation => explicitCreation.WithInitializer(initializer),
                ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.WithInitializer(initializer),
                _ => creation,
            };
            var newRoot = root.ReplaceNode(creation, updated.WithAdditionalAnnotations(Formatter.Annotation));
            return await Simplifier.ReduceAsync(document.WithSyntaxRoot(newRoot), Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
    }
}
