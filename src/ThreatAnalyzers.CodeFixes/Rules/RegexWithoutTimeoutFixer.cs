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
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA5002: bounds the match with a timeout: <c>Regex.IsMatch(q, pattern)</c> becomes
    /// <c>Regex.IsMatch(q, pattern, RegexOptions.None, TimeSpan.FromSeconds(1))</c> (only the timeout is added when the
    /// call already passes options). Offered on a static Regex call whose input is the reported argument. A Regex made
    /// elsewhere (a field, a [GeneratedRegex]) is fixed where it is made; an untrusted pattern needs Regex.Escape or an
    /// allow-list, which a timeout does not replace.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(RegexWithoutTimeoutFixer))]
    [Shared]
    public sealed class RegexWithoutTimeoutFixer : NodeReplacementFixer
    {
        protected override string Title => "Add a match timeout (TimeSpan.FromSeconds(1))";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.RegexWithoutTimeout);

        protected override string RequiredProperty => RegexWithoutTimeoutRule.AddTimeoutProperty;

        protected override (SyntaxNode Old, SyntaxNode New)? Replacement(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<ArgumentSyntax>() is not { Parent: ArgumentListSyntax { Parent: { } call } arguments }
                || model.GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method
                || method.Parameters.Any(p => p.Name == "matchTimeout"))
            {
                return null;
            }

            var hasOptions = method.Parameters.Any(p => p.Name == "options");
            var count = method.Parameters.Length + (hasOptions ? 1 : 2);
            var twin = method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().FirstOrDefault(m =>
                m.IsStatic == method.IsStatic && m.Parameters.Length == count && m.Parameters[count - 1].Name == "matchTimeout"
                && (hasOptions || m.Parameters[count - 2].Name == "options")
                && method.Parameters.Select(p => p.Type).SequenceEqual(m.Parameters.Take(method.Parameters.Length).Select(p => p.Type), SymbolEqualityComparer.Default));
            if (twin is null || arguments.Arguments.Count != method.Parameters.Length)
            {
                return null;
            }

            var named = arguments.Arguments.Any(a => a.NameColon is not null);
            var added = new[]
            {
                hasOptions ? null : Argument("options", Name(model, call.SpanStart, "System.Text.RegularExpressions", "RegexOptions") + ".None", named),
                Argument("matchTimeout", Name(model, call.SpanStart, "System", "TimeSpan") + ".FromSeconds(1)", named),
            }.Where(a => a is not null).Select(a => a!);
            return (arguments, arguments.WithArguments(arguments.Arguments.AddRange(added)));
        }

        /// <summary>The type's simple name where it binds to that type at the call (its namespace imported), else its full name.</summary>
        private static string Name(SemanticModel model, int position, string ns, string type)
            => model.LookupNamespacesAndTypes(position, name: type).Any(t => t is INamedTypeSymbol named && named.ContainingNamespace?.ToDisplayString() == ns)
                ? type
                : ns + "." + type;

        private static ArgumentSyntax Argument(string name, string expression, bool named)
        {
            var argument = SyntaxFactory.Argument(SyntaxFactory.ParseExpression(expression).WithAdditionalAnnotations(Simplifier.Annotation));
            return named ? argument.WithNameColon(SyntaxFactory.NameColon(name)) : argument;
        }
    }
}
