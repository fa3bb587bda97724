using System.Collections.Generic;
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
    /// TA4007, for MD5 or SHA-1 over data that is not a password: SHA256 instead. <c>MD5.HashData(x)</c> becomes
    /// <c>SHA256.HashData(x)</c>; for <c>md5.ComputeHash(x)</c> the expression that made the algorithm
    /// (<c>MD5.Create()</c>, <c>new SHA1Managed()</c>) becomes <c>SHA256.Create()</c>, and a local declared as <c>MD5</c> is
    /// declared as <c>SHA256</c>. A password, a broken cipher and ECB mode have no mechanical fix (see the rule's page).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakCryptographyFixer))]
    [Shared]
    public sealed class WeakCryptographyFixer : CodeFixProvider
    {
        private const string Title = "Use SHA256";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.WeakCryptography);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(WeakCryptographyRule.FixProperty)))
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
            if (root is null)
            {
                return document;
            }

            // Several findings may share one MD5.Create(): each node is replaced once.
            var replacements = new Dictionary<SyntaxNode, SyntaxNode>();
            foreach (var diagnostic in diagnostics)
            {
                if (!diagnostic.Properties.TryGetValue(WeakCryptographyRule.FixTargetsProperty, out var list) || list is null)
                {
                    continue;
                }

                var targets = list.Split(',');
                for (var i = 0; i < targets.Length && i < diagnostic.AdditionalLocations.Count; i++)
                {
                    var location = diagnostic.AdditionalLocations[i];
                    if (location.SourceTree != root.SyntaxTree)
                    {
                        continue;
                    }

                    var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                    if (node is ArgumentSyntax argument)
                    {
                        node = argument.Expression;
                    }

                    if (replacements.ContainsKey(node))
                    {
                        continue;
                    }

                    SyntaxNode? replacement = targets[i] switch
                    {
                        WeakCryptographyRule.FixTargetType => Renamed(node),
                        WeakCryptographyRule.FixTargetCreate => Created(node),
                        _ => null,
                    };
                    if (replacement is not null)
                    {
                        replacements[node] = replacement;
                    }
                }
            }

            if (replacements.Count == 0)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original]));
        }

        /// <summary>
        /// <c>MD5.Create()</c> as <c>SHA256.Create()</c>, <c>new SHA1Managed()</c> as <c>SHA256.Create()</c>, qualified as the
        /// original was (<c>new System.Security.Cryptography.SHA1Managed()</c> as <c>System.Security.Cryptography.SHA256.Create()</c>).
        /// </summary>
        private static SyntaxNode? Created(SyntaxNode node)
        {
            switch (node)
            {
                case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call when Renamed(access.Expression) is ExpressionSyntax type:
                    return call.WithExpression(access.WithExpression(type)).WithArgumentList(SyntaxFactory.ArgumentList());
                case ObjectCreationExpressionSyntax creation:
                    var prefix = creation.Type is QualifiedNameSyntax qualified ? qualified.Left.ToString() + "." : string.Empty;
                    return SyntaxFactory.ParseExpression(prefix + "SHA256.Create()").WithTriviaFrom(node);
                default:
                    return null;
            }
        }

        /// <summary>The type name <c>MD5</c> / <c>SHA1</c> (alone or qualified) as <c>SHA256</c>, keeping its qualification.</summary>
        private static SyntaxNode? Renamed(SyntaxNode node)
        {
            static SimpleNameSyntax Sha256(SimpleNameSyntax name) => SyntaxFactory.IdentifierName("SHA256").WithTriviaFrom(name);
            return node switch
            {
                IdentifierNameSyntax name => Sha256(name),
                QualifiedNameSyntax qualified => qualified.WithRight(Sha256(qualified.Right)),
                MemberAccessExpressionSyntax access => access.WithName(Sha256(access.Name)),
                _ => null,
            };
        }
    }
}
