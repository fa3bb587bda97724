using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA3002: the text of the log message becomes a message template and its values become the template's arguments:
    /// <c>LogInformation($"User {name} signed in")</c> → <c>LogInformation("User {Name} signed in", name)</c>; a
    /// concatenation (<c>"User " + name</c>) and <c>string.Format("User {0}", name)</c> likewise. Each placeholder is named
    /// from its expression in PascalCase, as CA2254's fix does (<c>name</c> → <c>Name</c>, <c>order.Id</c> → <c>Id</c>,
    /// <c>GetTotal()</c> → <c>Total</c>; a repeated name gets a number); an interpolation's alignment and format stay on its
    /// placeholder. Offered only where the message argument is the reported one, is written in place (not a variable), and
    /// is the call's last argument (a template with arguments of its own is left alone).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LogForgingFixer))]
    [Shared]
    public sealed class LogForgingFixer : CodeFixProvider
    {
        internal const string TemplateKey = "TA3002.Template";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.LogForging);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CancellationToken).ConfigureAwait(false));

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Plan(root, model, diagnostic, context.CancellationToken) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(
                        "Use a message template with the values as arguments",
                        async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), ct).ConfigureAwait(false) ?? context.Document,
                        equivalenceKey: TemplateKey),
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
                if (Plan(root, model, diagnostic, cancellationToken) is not { } plan || !done.Add(plan.Arguments))
                {
                    continue;
                }

                editor.ReplaceNode(plan.Arguments, (_, _) => Rewritten(plan));
            }

            return document.WithSyntaxRoot(editor.GetChangedRoot());
        }

        /// <summary>What the fix needs: the call's argument list, the message argument, and the message as text and holes.</summary>
        private sealed record FixPlan(ArgumentListSyntax Arguments, ArgumentSyntax Message, List<Part> Parts);

        /// <summary>Literal text, or a value (with an interpolation's alignment and format, as written after the name).</summary>
        private sealed record Part(string? Text, ExpressionSyntax? Value, string Suffix = "");

        private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.ContainsKey(LogForgingRule.DirectProperty))
            {
                return null;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            var argument = node as ArgumentSyntax ?? node.FirstAncestorOrSelf<ArgumentSyntax>();
            if (argument is null || argument.Expression.Span != diagnostic.Location.SourceSpan || argument.NameColon is not null
                || argument.Parent is not ArgumentListSyntax { Parent: InvocationExpressionSyntax } list || list.Arguments.Last() != argument)
            {
                return null;
            }

            var parts = new List<Part>();
            return Flatten(argument.Expression, model, parts, cancellationToken) && parts.Any(p => p.Value is not null)
                ? new FixPlan(list, argument, parts)
                : null;
        }

        /// <summary>The message as text and values: an interpolated string, a concatenation of strings, or string.Format with a constant format.</summary>
        private static bool Flatten(ExpressionSyntax expression, SemanticModel model, List<Part> parts, CancellationToken cancellationToken)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Flatten(parenthesized.Expression, model, parts, cancellationToken);

                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) || literal.IsKind(SyntaxKind.CharacterLiteralExpression):
                    parts.Add(new Part(literal.Token.ValueText, null));
                    return true;

                case InterpolatedStringExpressionSyntax interpolated
                    when interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedStringStartToken) || interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedVerbatimStringStartToken):
                    foreach (var content in interpolated.Contents)
                    {
                        switch (content)
                        {
                            case InterpolatedStringTextSyntax text:
                                // The token's value keeps an interpolated string's doubled braces.
                                parts.Add(new Part(text.TextToken.ValueText.Replace("{{", "{").Replace("}}", "}"), null));
                                break;
                            case InterpolationSyntax hole:
                                if (hole.FormatClause?.FormatStringToken.ValueText is { } format && (format.Contains('{') || format.Contains('}')))
                                {
                                    return false;
                                }

                                parts.Add(new Part(null, hole.Expression,
                                    (hole.AlignmentClause is { } alignment ? "," + alignment.Value.ToString() : string.Empty)
                                    + (hole.FormatClause is { } clause ? ":" + clause.FormatStringToken.ValueText : string.Empty)));
                                break;
                            default:
                                return false;
                        }
                    }

                    return true;

                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
                                                        && model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String:
                    return Operand(binary.Left) && Operand(binary.Right);

                case InvocationExpressionSyntax invocation when IsStringFormat(invocation, model, cancellationToken) is { } format:
                    return FromFormat(format, invocation.ArgumentList.Arguments.Skip(1).Select(a => a.Expression).ToList(), parts);

                default:
                    return false;
            }

            bool Operand(ExpressionSyntax operand)
            {
                var inner = operand is ParenthesizedExpressionSyntax p ? p.Expression : operand;
                if (inner is LiteralExpressionSyntax or InterpolatedStringExpressionSyntax
                    || (inner is BinaryExpressionSyntax b && b.IsKind(SyntaxKind.AddExpression) && model.GetTypeInfo(b, cancellationToken).Type?.SpecialType == SpecialType.System_String))
                {
                    return Flatten(inner, model, parts, cancellationToken);
                }

                parts.Add(new Part(null, operand));
                return true;
            }
        }

        /// <summary>The constant format of <c>string.Format(format, args…)</c> with each argument written out (not an array or a provider).</summary>
        private static string? IsStringFormat(InvocationExpressionSyntax invocation, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { Name: "Format", ContainingType.SpecialType: SpecialType.System_String } method
                || method.Parameters.Length == 0 || method.Parameters[0].Name != "format"
                || invocation.ArgumentList.Arguments.Any(a => a.NameColon is not null)
                || invocation.ArgumentList.Arguments.Count < 2)
            {
                return null;
            }

            // Each value written out: not a params array passed as one (string.Format(f, values)).
            if (method.Parameters.Last().IsParams && invocation.ArgumentList.Arguments.Count == method.Parameters.Length
                && model.GetTypeInfo(invocation.ArgumentList.Arguments.Last().Expression, cancellationToken).Type is IArrayTypeSymbol)
            {
                return null;
            }

            return model.GetConstantValue(invocation.ArgumentList.Arguments[0].Expression, cancellationToken) is { HasValue: true, Value: string format } ? format : null;
        }

        /// <summary>A composite format's text and holes ({0}, {1,-10}, {2:C}); false for anything it cannot read.</summary>
        private static bool FromFormat(string format, List<ExpressionSyntax> values, List<Part> parts)
        {
            var text = new StringBuilder();
            for (var i = 0; i < format.Length; i++)
            {
                var c = format[i];
                if ((c == '{' || c == '}') && i + 1 < format.Length && format[i + 1] == c)
                {
                    text.Append(c);
                    i++;
                    continue;
                }

                if (c == '}')
                {
                    return false;
                }

                if (c != '{')
                {
                    text.Append(c);
                    continue;
                }

                var end = format.IndexOf('}', i);
                if (end < 0)
                {
                    return false;
                }

                var hole = format.Substring(i + 1, end - i - 1);
                var digits = new string(hole.TakeWhile(char.IsDigit).ToArray());
                if (digits.Length == 0 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= values.Count)
                {
                    return false;
                }

                if (text.Length > 0)
                {
                    parts.Add(new Part(text.ToString(), null));
                    text.Clear();
                }

                parts.Add(new Part(null, values[index], hole.Substring(digits.Length)));
                i = end;
            }

            if (text.Length > 0)
            {
                parts.Add(new Part(text.ToString(), null));
            }

            return true;
        }

        private static ArgumentListSyntax Rewritten(FixPlan plan)
        {
            var template = new StringBuilder();
            var values = new List<ExpressionSyntax>();
            var names = new Dictionary<string, ExpressionSyntax>();
            foreach (var part in plan.Parts)
            {
                if (part.Text is { } text)
                {
                    template.Append(text.Replace("{", "{{").Replace("}", "}}"));
                    continue;
                }

                var value = part.Value!;
                var name = NameOf(value);
                var unique = name;
                for (var n = 2; names.TryGetValue(unique, out var existing) && !existing.IsEquivalentTo(value); n++)
                {
                    unique = name + n.ToString(CultureInfo.InvariantCulture);
                }

                if (!names.ContainsKey(unique))
                {
                    names[unique] = value;
                    values.Add(value);
                }

                template.Append('{').Append(unique).Append(part.Suffix).Append('}');
            }

            var message = plan.Message.WithExpression(
                SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(template.ToString())).WithTriviaFrom(plan.Message.Expression));
            var arguments = plan.Arguments.Arguments.Replace(plan.Message, message);
            arguments = arguments.AddRange(values.Select(v => SyntaxFactory.Argument(v.WithoutTrivia())));
            return plan.Arguments.WithArguments(arguments);
        }

        /// <summary>A placeholder's name from the expression, in PascalCase: <c>name</c> → Name, <c>order.Id</c> → Id, <c>GetTotal()</c> → Total.</summary>
        private static string NameOf(ExpressionSyntax expression)
        {
            var name = expression switch
            {
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                ConditionalAccessExpressionSyntax conditional => NameOf(conditional.WhenNotNull),
                MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
                InvocationExpressionSyntax invocation => Called(NameOf(invocation.Expression)),
                ElementAccessExpressionSyntax element => NameOf(element.Expression),
                ParenthesizedExpressionSyntax parenthesized => NameOf(parenthesized.Expression),
                CastExpressionSyntax cast => NameOf(cast.Expression),
                PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } bang => NameOf(bang.Operand),
                _ => "Value",
            };

            name = name.TrimStart('_', '@');
            if (name.Length == 0)
            {
                return "Value";
            }

            return char.ToUpperInvariant(name[0]) + name.Substring(1);

            static string Called(string method)
                => method.Length > 3 && method.StartsWith("Get", System.StringComparison.Ordinal) && char.IsUpper(method[3]) ? method.Substring(3) : method;
        }
    }
}
