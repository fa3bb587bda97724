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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA3001: writes a structured audit entry where the entry point makes its change, with the ILogger it already has
    /// (a parameter, a field or property of its type, a primary-constructor parameter):
    /// <c>logger.LogInformation("Audit: {Action} by {User}", nameof(Save), User.Identity?.Name);</c> as the method's last
    /// statement (before a final <c>return</c>); the caller is named where the type has ASP.NET Core's <c>User</c>
    /// (controllers, page models). Offered only for a method with a block body whose type or parameters hold an ILogger;
    /// elsewhere only the generic accept-risk fix is offered. Marking the code <c>[Audited]</c> is not offered as a fix:
    /// it says the code writes an audit record, which the fix cannot know.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(StateChangeWithoutAuditTrailFixer))]
    [Shared]
    public sealed class StateChangeWithoutAuditTrailFixer : CodeFixProvider
    {
        internal const string LogEntryKey = "TA3001.LogEntry";

        private const string LoggingNamespace = "Microsoft.Extensions.Logging";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.StateChangeWithoutAuditTrail);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Plan(root, diagnostic) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Write an audit log entry",
                        async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                        equivalenceKey: LogEntryKey),
                    diagnostic);
            }
        }

        private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
            var done = new HashSet<SyntaxNode>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan(root, diagnostic) is not { } plan || !done.Add(plan.Method))
                {
                    continue;
                }

                var entry = Entry(plan, model, cancellationToken);
                var statements = plan.Method.Body!.Statements;
                if (statements.LastOrDefault() is ReturnStatementSyntax last)
                {
                    editor.InsertBefore(last, entry.WithLeadingTrivia(last.GetLeadingTrivia()).WithTrailingTrivia(last.GetTrailingTrivia()));
                }
                else
                {
                    editor.ReplaceNode(plan.Method.Body!, (body, _) => ((BlockSyntax)body).AddStatements(entry));
                }
            }

            var changed = editor.GetChangedRoot();
            if (done.Count > 0 && changed is CompilationUnitSyntax unit && !Imports(unit, model))
            {
                changed = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(LoggingNamespace)).WithAdditionalAnnotations(Formatter.Annotation));
            }

            return document.WithSyntaxRoot(changed);
        }

        private sealed record FixPlan(MethodDeclarationSyntax Method, string Logger);

        private static FixPlan? Plan(SyntaxNode root, Diagnostic diagnostic)
        {
            if (!diagnostic.Properties.TryGetValue(StateChangeWithoutAuditTrailRule.LoggerProperty, out var logger) || string.IsNullOrEmpty(logger))
            {
                return null;
            }

            var node = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent;
            return node is MethodDeclarationSyntax { Body: not null } method && method.Identifier.Span == diagnostic.Location.SourceSpan
                ? new FixPlan(method, logger!)
                : null;
        }

        private static StatementSyntax Entry(FixPlan plan, SemanticModel model, CancellationToken cancellationToken)
        {
            var user = !plan.Method.Modifiers.Any(SyntaxKind.StaticKeyword) && HasUser(model.GetDeclaredSymbol(plan.Method, cancellationToken)?.ContainingType);
            var text = user
                ? plan.Logger + ".LogInformation(\"Audit: {Action} by {User}\", nameof(" + plan.Method.Identifier.ValueText + "), User.Identity?.Name);"
                : plan.Logger + ".LogInformation(\"Audit: {Action}\", nameof(" + plan.Method.Identifier.ValueText + "));";
            return SyntaxFactory.ParseStatement(text).WithAdditionalAnnotations(Formatter.Annotation);
        }

        /// <summary>ASP.NET Core's ClaimsPrincipal <c>User</c> (ControllerBase, PageModel, RazorPage…) on the type or a base type.</summary>
        private static bool HasUser(INamedTypeSymbol? type)
        {
            for (; type is not null; type = type.BaseType)
            {
                if (type.GetMembers("User").OfType<IPropertySymbol>().Any(p => p.Type.Name == "ClaimsPrincipal"))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the file (or a global using) already imports Microsoft.Extensions.Logging.</summary>
        private static bool Imports(CompilationUnitSyntax unit, SemanticModel model)
        {
            bool Is(UsingDirectiveSyntax u) => u.Alias is null && u.StaticKeyword.IsKind(SyntaxKind.None) && u.Name?.ToString() == LoggingNamespace;
            if (unit.DescendantNodes().OfType<UsingDirectiveSyntax>().Any(Is))
            {
                return true;
            }

            return model.Compilation.SyntaxTrees.Any(tree => tree.GetRoot() is CompilationUnitSyntax other
                && other.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && Is(u)));
        }
    }
}
