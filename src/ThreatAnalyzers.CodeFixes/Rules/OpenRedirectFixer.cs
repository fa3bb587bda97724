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
    /// TA2007: redirects only to a local URL: <c>Redirect(x)</c> becomes <c>LocalRedirect(x)</c> (and the Permanent /
    /// PreserveMethod forms their local twins) on controllers and Razor pages, <c>Results.Redirect</c> and
    /// <c>TypedResults.Redirect</c> become <c>LocalRedirect</c>, <c>new RedirectResult(x)</c> becomes
    /// <c>new LocalRedirectResult(x)</c>. A local redirect to a URL that is not local throws (the request fails
    /// instead of sending the user away). Offered where the redirect is the reported call; not for Response.Redirect.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(OpenRedirectFixer))]
    [Shared]
    public sealed class OpenRedirectFixer : NodeReplacementFixer
    {
        protected override string Title => "Redirect only to a local URL (LocalRedirect)";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.OpenRedirect);

        protected override string RequiredProperty => UntrustedFlowFindings.SinkHereProperty;

        protected override (SyntaxNode Old, SyntaxNode New)? Replacement(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax { Parent: { } call } arguments })
            {
                return null;
            }

            var newArguments = RenameUrlArgument(arguments);
            switch (call)
            {
                case InvocationExpressionSyntax invocation when model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method:
                    var local = LocalTwin(method.Name);
                    if (local is null || method.ContainingType is not { } type || !type.GetMembers(local).Any()
                        || type.ToDisplayString() is not ("Microsoft.AspNetCore.Mvc.ControllerBase" or "Microsoft.AspNetCore.Mvc.RazorPages.PageModel"
                            or "Microsoft.AspNetCore.Http.Results" or "Microsoft.AspNetCore.Http.TypedResults"))
                    {
                        return null;
                    }

                    ExpressionSyntax renamed = invocation.Expression switch
                    {
                        IdentifierNameSyntax name => name.WithIdentifier(SyntaxFactory.Identifier(local).WithTriviaFrom(name.Identifier)),
                        MemberAccessExpressionSyntax { Name: IdentifierNameSyntax name } member
                            => member.WithName(name.WithIdentifier(SyntaxFactory.Identifier(local).WithTriviaFrom(name.Identifier))),
                        _ => null!,
                    };

                    return renamed is null ? null : (invocation, invocation.WithExpression(renamed).WithArgumentList(newArguments));
                case ObjectCreationExpressionSyntax creation when model.GetTypeInfo(creation, cancellationToken).Type?.ToDisplayString() == "Microsoft.AspNetCore.Mvc.RedirectResult":
                    TypeSyntax? typeName = creation.Type switch
                    {
                        IdentifierNameSyntax name => name.WithIdentifier(SyntaxFactory.Identifier("LocalRedirectResult").WithTriviaFrom(name.Identifier)),
                        QualifiedNameSyntax { Right: IdentifierNameSyntax right } qualified
                            => qualified.WithRight(right.WithIdentifier(SyntaxFactory.Identifier("LocalRedirectResult").WithTriviaFrom(right.Identifier))),
                        _ => null,
                    };

                    return typeName is null ? null : (creation, creation.WithType(typeName).WithArgumentList(newArguments));
                default:
                    return null;
            }
        }

        private static string? LocalTwin(string redirect)
            => redirect is "Redirect" or "RedirectPermanent" or "RedirectPreserveMethod" or "RedirectPermanentPreserveMethod" ? "Local" + redirect : null;

        /// <summary>The local forms name their first parameter localUrl: Redirect(url: x) becomes LocalRedirect(localUrl: x).</summary>
        private static ArgumentListSyntax RenameUrlArgument(ArgumentListSyntax arguments)
            => arguments.WithArguments(SyntaxFactory.SeparatedList(
                arguments.Arguments.Select(a => a.NameColon is { Name.Identifier.ValueText: "url" } nameColon
                    ? a.WithNameColon(nameColon.WithName(nameColon.Name.WithIdentifier(SyntaxFactory.Identifier("localUrl").WithTriviaFrom(nameColon.Name.Identifier))))
                    : a),
                arguments.Arguments.GetSeparators()));
    }
}
