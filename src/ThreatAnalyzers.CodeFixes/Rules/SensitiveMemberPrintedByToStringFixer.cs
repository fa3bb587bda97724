using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Text;
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
    /// TA4006: gives a record a PrintMembers that prints its other members only (its generated ToString then leaves the
    /// sensitive ones out), with the modifiers C# requires: <c>protected virtual</c>, <c>private</c> in a sealed record or a
    /// record struct, <c>protected override</c> (calling the base's first) in a derived record. One method per record,
    /// however many of its members were reported; fix-all too.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SensitiveMemberPrintedByToStringFixer))]
    [Shared]
    public sealed class SensitiveMemberPrintedByToStringFixer : CodeFixProvider
    {
        private const string Title = "Leave sensitive members out of the record's PrintMembers";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SensitiveMemberPrintedByToString);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) => await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            foreach (var diagnostic in context.Diagnostics.Where(d => d.Properties.ContainsKey(SensitiveMemberPrintedByToStringRule.KeepProperty)))
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

            // One PrintMembers per record, whichever of its members' diagnostics asked.
            var records = new Dictionary<RecordDeclarationSyntax, Diagnostic>();
            foreach (var diagnostic in diagnostics)
            {
                if (diagnostic.Properties.ContainsKey(SensitiveMemberPrintedByToStringRule.KeepProperty)
                    && root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<RecordDeclarationSyntax>() is { } record
                    && !records.ContainsKey(record))
                {
                    records.Add(record, diagnostic);
                }
            }

            if (records.Count == 0)
            {
                return document;
            }

            var updated = root.ReplaceNodes(records.Keys, (original, _) => WithPrintMembers(original, records[original]));
            return document.WithSyntaxRoot(updated);
        }

        private static RecordDeclarationSyntax WithPrintMembers(RecordDeclarationSyntax record, Diagnostic diagnostic)
        {
            var keep = diagnostic.Properties[SensitiveMemberPrintedByToStringRule.KeepProperty] is { Length: > 0 } list ? list.Split(',') : new string[0];
            var modifiers = diagnostic.Properties.TryGetValue(SensitiveMemberPrintedByToStringRule.ModifiersProperty, out var m) && m is not null ? m : "protected virtual";
            var derived = modifiers.Contains("override");

            var body = new StringBuilder();
            if (derived)
            {
                if (keep.Length == 0)
                {
                    body.Append("return base.PrintMembers(builder);\n");
                }
                else
                {
                    body.Append("if (base.PrintMembers(builder))\n{\nbuilder.Append(\", \");\n}\n\n");
                }
            }

            for (var i = 0; i < keep.Length; i++)
            {
                body.Append("builder.Append(\"").Append(i == 0 ? string.Empty : ", ").Append(keep[i]).Append(" = \");\n");
                body.Append("builder.Append(").Append(keep[i]).Append(");\n");
            }

            if (!derived || keep.Length > 0)
            {
                body.Append(keep.Length > 0 ? "return true;\n" : "return false;\n");
            }

            var method = (MethodDeclarationSyntax)SyntaxFactory.ParseMemberDeclaration(
                modifiers + " bool PrintMembers(System.Text.StringBuilder builder)\n{\n" + body + "}\n")!;
            method = method
                .WithParameterList(method.ParameterList.WithParameters(SyntaxFactory.SingletonSeparatedList(
                    method.ParameterList.Parameters[0].WithType(method.ParameterList.Parameters[0].Type!.WithAdditionalAnnotations(Simplifier.Annotation)))))
                .WithAdditionalAnnotations(Formatter.Annotation);

            if (record.OpenBraceToken.IsKind(SyntaxKind.None))
            {
                // A positional record written with ';' gets a body.
                record = record
                    .WithSemicolonToken(default)
                    .WithOpenBraceToken(SyntaxFactory.Token(SyntaxKind.OpenBraceToken))
                    .WithCloseBraceToken(SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithTrailingTrivia(record.SemicolonToken.TrailingTrivia))
                    .WithParameterList(record.ParameterList?.WithoutTrailingTrivia());
            }

            if (record.Members.Count > 0)
            {
                // A blank line between the record's last member and the new method, in the file's own line ending.
                var endOfLine = record.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
                method = method.WithLeadingTrivia(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : SyntaxFactory.LineFeed);
            }

            return record.AddMembers(method).WithAdditionalAnnotations(Formatter.Annotation);
        }
    }
}
