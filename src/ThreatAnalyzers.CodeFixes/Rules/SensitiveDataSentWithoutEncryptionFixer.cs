using System;
using System.Collections.Immutable;
using System.Composition;
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
    /// TA4002: makes the address's "http://" "https://" in the literal that spells it — the request's URL, or the
    /// client's BaseAddress where it is set (which may be in another document, Program.cs for a registration). Offered
    /// only when the finding points at that literal (the last additional location).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SensitiveDataSentWithoutEncryptionFixer))]
    [Shared]
    public sealed class SensitiveDataSentWithoutEncryptionFixer : CodeFixProvider
    {
        private const string Title = "Use https://";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SensitiveDataSentWithoutEncryption);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics)
            {
                if (LiteralLocation(diagnostic) is { } literal && context.Document.Project.GetDocument(literal.SourceTree) is { } target)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(Title, ct => UseHttpsAsync(target, literal, ct), equivalenceKey: Title),
                        diagnostic);
                }
            }

            return Task.CompletedTask;
        }

        private static Location? LiteralLocation(Diagnostic diagnostic)
            => diagnostic.Properties.ContainsKey(SensitiveDataSentWithoutEncryptionRule.AddressLiteralProperty) && diagnostic.AdditionalLocations.Count > 0
               && diagnostic.AdditionalLocations[diagnostic.AdditionalLocations.Count - 1] is { IsInSource: true, SourceTree: not null } literal
                ? literal
                : null;

        private static async Task<Solution> UseHttpsAsync(Document document, Location literal, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document.Project.Solution;
            }

            var token = root.FindToken(literal.SourceSpan.Start);
            SyntaxToken replacement;
            if (token.IsKind(SyntaxKind.StringLiteralToken) && WithHttps(token.ValueText) is { } value)
            {
                replacement = SyntaxFactory.Literal(token.LeadingTrivia, Escaped(token, value), value, token.TrailingTrivia);
            }
            else if (token.IsKind(SyntaxKind.InterpolatedStringTextToken) && WithHttps(token.Text) is { } text)
            {
                replacement = SyntaxFactory.Token(token.LeadingTrivia, SyntaxKind.InterpolatedStringTextToken, text, WithHttps(token.ValueText) ?? text, token.TrailingTrivia);
            }
            else
            {
                return document.Project.Solution;
            }

            return document.WithSyntaxRoot(root.ReplaceToken(token, replacement)).Project.Solution;
        }

        /// <summary>The literal as written with its scheme changed, keeping a verbatim or raw literal's form.</summary>
        private static string Escaped(SyntaxToken token, string value)
        {
            var text = token.Text;
            var start = text.IndexOf("http://", StringComparison.OrdinalIgnoreCase);
            return start >= 0 ? text.Substring(0, start) + "https://" + text.Substring(start + "http://".Length) : SyntaxFactory.Literal(value).Text;
        }

        private static string? WithHttps(string text)
            => text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "https://" + text.Substring("http://".Length) : null;
    }
}
