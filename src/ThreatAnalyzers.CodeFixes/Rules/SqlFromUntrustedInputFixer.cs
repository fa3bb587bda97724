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
using Microsoft.CodeAnalysis.Editing;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA2002: the values of the SQL text become parameters. EF Core: <c>FromSqlRaw($"…")</c> becomes
    /// <c>FromSqlInterpolated($"…")</c> (<c>ExecuteSqlRaw[Async]</c> → <c>ExecuteSqlInterpolated[Async]</c>,
    /// <c>SqlQueryRaw</c> → <c>SqlQuery</c>). ADO.NET: the interpolated or concatenated command text assigned to
    /// <c>command.CommandText</c> or passed to a command's constructor gets <c>@p0</c>, <c>@p1</c>… placeholders and the
    /// values are added as parameters after the statement (<c>AddWithValue</c> where the parameter collection has it,
    /// else <c>CreateParameter</c>). A value inside a quoted SQL literal (<c>'{name}'</c>, <c>'%{name}%'</c>) takes the
    /// quotes' place, with the literal's other characters joined to it. Offered only where the argument is the SQL text
    /// itself and every part of it is understood.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SqlFromUntrustedInputFixer))]
    [Shared]
    public sealed class SqlFromUntrustedInputFixer : CodeFixProvider
    {
        internal const string InterpolatedKey = "TA2002.Interpolated";
        internal const string ParametersKey = "TA2002.Parameters";

        private static readonly Dictionary<string, string> EfReplacements = new()
        {
            ["FromSqlRaw"] = "FromSqlInterpolated",
            ["ExecuteSqlRaw"] = "ExecuteSqlInterpolated",
            ["ExecuteSqlRawAsync"] = "ExecuteSqlInterpolatedAsync",
            ["SqlQueryRaw"] = "SqlQuery",
        };

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SqlFromUntrustedInput);

        public override FixAllProvider GetFixAllProvider()
            => FixAllProvider.Create(async (context, document, diagnostics) =>
                await ApplyAsync(document, diagnostics, context.CodeActionEquivalenceKey, context.CancellationToken).ConfigureAwait(false));

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
                if (Plan(root, model, diagnostic, context.CancellationToken) is not { } plan)
                {
                    continue;
                }

                var (title, key) = plan.Kind == FixKind.Interpolated
                    ? ("Use " + plan.NewMethodName + " (values become parameters)", InterpolatedKey)
                    : ("Pass the values as command parameters", ParametersKey);
                context.RegisterCodeFix(
                    CodeAction.Create(title, async ct => await ApplyAsync(context.Document, ImmutableArray.Create(diagnostic), key, ct).ConfigureAwait(false) ?? context.Document, equivalenceKey: key),
                    diagnostic);
            }
        }

        private static async Task<Document?> ApplyAsync(Document document, ImmutableArray<Diagnostic> diagnostics, string? key, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            var editor = new SyntaxEditor(root, document.Project.Solution.Workspace.Services);
            var done = new HashSet<SyntaxNode>();
            var reserved = new HashSet<string>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                if (Plan(root, model, diagnostic, cancellationToken) is not { } plan || !done.Add(plan.Sql)
                    || (key is not null && key != (plan.Kind == FixKind.Interpolated ? InterpolatedKey : ParametersKey)))
                {
                    continue;
                }

                if (plan.Kind == FixKind.Interpolated)
                {
                    editor.ReplaceNode(plan.MethodName!, (_, _) => plan.NewMethodName is { } name
                        ? plan.MethodName is GenericNameSyntax generic ? generic.WithIdentifier(SyntaxFactory.Identifier(name)).WithTriviaFrom(generic) : SyntaxFactory.IdentifierName(name).WithTriviaFrom(plan.MethodName!)
                        : plan.MethodName!);
                    editor.ReplaceNode(plan.Sql, (_, _) => Interpolated(plan));
                }
                else
                {
                    editor.ReplaceNode(plan.Sql, (_, _) => Literal(plan).WithTriviaFrom(plan.Sql));
                    var statements = ParameterStatements(plan, model, reserved);
                    if (plan.Statement!.Parent is GlobalStatementSyntax global)
                    {
                        editor.InsertAfter(global, statements.Select(s => (SyntaxNode)SyntaxFactory.GlobalStatement(s)));
                    }
                    else
                    {
                        editor.InsertAfter(plan.Statement!, statements);
                    }
                }
            }

            return document.WithSyntaxRoot(editor.GetChangedRoot());
        }

        private enum FixKind
        {
            Interpolated,
            Parameters,
        }

        private abstract record Part;

        private sealed record TextPart(string Text) : Part;

        private sealed record ValuePart(ExpressionSyntax Value) : Part;

        private sealed record FixPlan(
            FixKind Kind,
            ExpressionSyntax Sql,
            List<Part> Parts,
            SimpleNameSyntax? MethodName,
            string? NewMethodName,
            StatementSyntax? Statement,
            ExpressionSyntax? Command,
            ITypeSymbol? CommandType,
            bool Verbatim);

        private static FixPlan? Plan(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            if (!diagnostic.Properties.ContainsKey(SqlFromUntrustedInputRule.DirectProperty)
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax found)
            {
                return null;
            }

            var sql = found.Parent is ArgumentSyntax || found.Parent is EqualsValueClauseSyntax || found.Parent is AssignmentExpressionSyntax ? found : found.FirstAncestorOrSelf<ExpressionSyntax>(e => e.Parent is ArgumentSyntax or AssignmentExpressionSyntax);
            if (sql is null)
            {
                return null;
            }

            var statement = sql.FirstAncestorOrSelf<StatementSyntax>();

            // EF Core: FromSqlRaw($"…") and friends, with no other SQL parameters.
            if (sql.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } arguments }
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol method
                && EfReplacements.TryGetValue(method.Name, out var replacement)
                && method.ContainingNamespace?.ToDisplayString() == "Microsoft.EntityFrameworkCore")
            {
                if (sql is not InterpolatedStringExpressionSyntax interpolated || !IsOrdinaryInterpolation(interpolated)
                    || invocation.Expression is not MemberAccessExpressionSyntax { Name: { } name }
                    || arguments.Arguments.Any(a => a != sql.Parent && model.GetTypeInfo(a.Expression, cancellationToken).Type?.Name != "CancellationToken")
                    || Parts(sql, model, cancellationToken) is not { } efParts
                    || Unquoted(efParts) is not { } efUnquoted)
                {
                    return null;
                }

                return new FixPlan(FixKind.Interpolated, sql, efUnquoted, name, replacement, statement, null, null, interpolated.StringStartToken.Text.Contains("@"));
            }

            // ADO.NET: command.CommandText = …; or var command = new XCommand(…);
            ExpressionSyntax? command = null;
            ITypeSymbol? commandType = null;
            if (sql.Parent is AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax { Name.Identifier.Text: "CommandText" } target } assignment
                && assignment.Right == sql && assignment.Parent is ExpressionStatementSyntax
                && target.Expression is IdentifierNameSyntax or MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax })
            {
                command = target.Expression;
                commandType = model.GetTypeInfo(target.Expression, cancellationToken).Type;
            }
            else if (sql.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: ObjectCreationExpressionSyntax creation } }
                     && creation.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                     && declarator.Parent is VariableDeclarationSyntax { Variables.Count: 1 } && declarator.Parent.Parent is LocalDeclarationStatementSyntax)
            {
                command = SyntaxFactory.IdentifierName(declarator.Identifier.Text);
                commandType = model.GetTypeInfo(creation, cancellationToken).Type;
            }

            if (command is null || commandType is null || statement is null || ParametersOf(commandType) is null
                || (sql is not InterpolatedStringExpressionSyntax && sql is not BinaryExpressionSyntax)
                || (sql is InterpolatedStringExpressionSyntax i && !IsOrdinaryInterpolation(i))
                || Parts(sql, model, cancellationToken) is not { } parts || !parts.OfType<ValuePart>().Any()
                || Unquoted(parts) is not { } unquoted)
            {
                return null;
            }

            var verbatim = sql is InterpolatedStringExpressionSyntax v && v.StringStartToken.Text.Contains("@");
            return new FixPlan(FixKind.Parameters, sql, unquoted, null, null, statement, command, commandType, verbatim);
        }

        private static bool IsOrdinaryInterpolation(InterpolatedStringExpressionSyntax interpolated)
            => interpolated.StringStartToken.Kind() is SyntaxKind.InterpolatedStringStartToken or SyntaxKind.InterpolatedVerbatimStringStartToken;

        /// <summary>The SQL as text and values, in order; null when a part is not understood (a format or alignment, a non-string operand).</summary>
        private static List<Part>? Parts(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
        {
            var parts = new List<Part>();
            bool Add(ExpressionSyntax e)
            {
                e = e is ParenthesizedExpressionSyntax p && model.GetTypeInfo(p, cancellationToken).Type?.SpecialType == SpecialType.System_String ? p.Expression : e;
                var constant = model.GetConstantValue(e, cancellationToken);
                if (constant.HasValue && constant.Value is string text)
                {
                    parts.Add(new TextPart(text));
                    return true;
                }

                switch (e)
                {
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression)
                                                          && model.GetTypeInfo(binary, cancellationToken).Type?.SpecialType == SpecialType.System_String:
                        return Add(binary.Left) && Add(binary.Right);
                    case InterpolatedStringExpressionSyntax interpolated when IsOrdinaryInterpolation(interpolated):
                        foreach (var content in interpolated.Contents)
                        {
                            if (content is InterpolatedStringTextSyntax textPart)
                            {
                                parts.Add(new TextPart(textPart.TextToken.ValueText));
                            }
                            else if (content is InterpolationSyntax { AlignmentClause: null, FormatClause: null } hole)
                            {
                                var holeConstant = model.GetConstantValue(hole.Expression, cancellationToken);
                                if (holeConstant.HasValue && holeConstant.Value is string holeText)
                                {
                                    parts.Add(new TextPart(holeText));
                                }
                                else
                                {
                                    parts.Add(new ValuePart(hole.Expression));
                                }
                            }
                            else
                            {
                                return false;
                            }
                        }

                        return true;
                    case InterpolatedStringExpressionSyntax:
                        return false;
                    default:
                        parts.Add(new ValuePart(e));
                        return true;
                }
            }

            if (!Add(expression))
            {
                return null;
            }

            // Adjacent texts joined, so each value has at most one text on either side.
            var merged = new List<Part>();
            foreach (var part in parts)
            {
                if (part is TextPart t && merged.Count > 0 && merged[merged.Count - 1] is TextPart previous)
                {
                    merged[merged.Count - 1] = new TextPart(previous.Text + t.Text);
                }
                else
                {
                    merged.Add(part);
                }
            }

            return merged;
        }

        /// <summary>
        /// A value inside a quoted SQL literal takes the literal's place: '{name}' becomes {name}, '%{name}%' becomes
        /// {"%" + name + "%"}. Null when a literal holds more than one value or is not closed.
        /// </summary>
        private static List<Part>? Unquoted(List<Part> parts)
        {
            var result = new List<Part>(parts);
            var inQuote = false;
            for (var index = 0; index < result.Count; index++)
            {
                switch (result[index])
                {
                    case TextPart text:
                        inQuote ^= text.Text.Count(c => c == '\'') % 2 == 1;
                        break;
                    case ValuePart value when inQuote:
                        if (index == 0 || index + 1 >= result.Count || result[index - 1] is not TextPart before || result[index + 1] is not TextPart after)
                        {
                            return null;
                        }

                        var open = before.Text.LastIndexOf('\'');
                        var close = after.Text.IndexOf('\'');
                        if (open < 0 || close < 0 || (close + 1 < after.Text.Length && after.Text[close + 1] == '\''))
                        {
                            return null;
                        }

                        var prefix = before.Text.Substring(open + 1);
                        var suffix = after.Text.Substring(0, close);
                        var joined = value.Value;
                        if (prefix.Length > 0 || suffix.Length > 0)
                        {
                            var operand = joined is IdentifierNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
                                ? joined.WithoutTrivia()
                                : SyntaxFactory.ParenthesizedExpression(joined.WithoutTrivia());
                            var expression = (ExpressionSyntax)operand;
                            if (prefix.Length > 0)
                            {
                                expression = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, StringLiteral(prefix), expression);
                            }

                            if (suffix.Length > 0)
                            {
                                expression = SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, expression, StringLiteral(suffix));
                            }

                            joined = expression;
                        }

                        result[index - 1] = new TextPart(before.Text.Substring(0, open));
                        result[index] = new ValuePart(joined);
                        result[index + 1] = new TextPart(after.Text.Substring(close + 1));
                        inQuote = false;
                        inQuote ^= ((TextPart)result[index + 1]).Text.Count(c => c == '\'') % 2 == 1;
                        index++;
                        break;
                }
            }

            return inQuote ? null : result;
        }

        private static LiteralExpressionSyntax StringLiteral(string text)
            => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(text));

        private static ExpressionSyntax Interpolated(FixPlan plan)
        {
            var original = (InterpolatedStringExpressionSyntax)plan.Sql;
            var contents = new List<InterpolatedStringContentSyntax>();
            foreach (var part in plan.Parts)
            {
                if (part is TextPart { Text.Length: > 0 } text)
                {
                    var raw = EscapeInterpolated(text.Text, plan.Verbatim);
                    contents.Add(SyntaxFactory.InterpolatedStringText(SyntaxFactory.Token(default, SyntaxKind.InterpolatedStringTextToken, raw, text.Text, default)));
                }
                else if (part is ValuePart value)
                {
                    contents.Add(SyntaxFactory.Interpolation(value.Value.WithoutTrivia()));
                }
            }

            return original.WithContents(SyntaxFactory.List(contents));
        }

        private static string EscapeInterpolated(string text, bool verbatim)
        {
            var escaped = verbatim
                ? text.Replace("\"", "\"\"")
                : StringLiteral(text).Token.Text.Substring(1, StringLiteral(text).Token.Text.Length - 2);
            return escaped.Replace("{", "{{").Replace("}", "}}");
        }

        private static ExpressionSyntax Literal(FixPlan plan)
        {
            var text = new StringBuilder();
            var names = new List<string>();
            var all = string.Concat(plan.Parts.OfType<TextPart>().Select(t => t.Text));
            var next = 0;
            foreach (var part in plan.Parts)
            {
                if (part is TextPart t)
                {
                    text.Append(t.Text);
                }
                else
                {
                    string name;
                    do
                    {
                        name = "@p" + next++;
                    }
                    while (ContainsPlaceholder(all, name));

                    names.Add(name);
                    text.Append(name);
                }
            }

            var sql = text.ToString();
            return plan.Verbatim
                ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal("@\"" + sql.Replace("\"", "\"\"") + "\"", sql))
                : StringLiteral(sql);
        }

        private static bool ContainsPlaceholder(string sql, string name)
        {
            for (var at = sql.IndexOf(name, System.StringComparison.OrdinalIgnoreCase); at >= 0; at = sql.IndexOf(name, at + 1, System.StringComparison.OrdinalIgnoreCase))
            {
                var end = at + name.Length;
                if (end >= sql.Length || !(char.IsLetterOrDigit(sql[end]) || sql[end] == '_'))
                {
                    return true;
                }
            }

            return false;
        }

        private static ITypeSymbol? ParametersOf(ITypeSymbol commandType)
        {
            for (var type = commandType; type is not null; type = type.BaseType)
            {
                if (type.GetMembers("Parameters").OfType<IPropertySymbol>().FirstOrDefault() is { } property)
                {
                    return property.Type;
                }
            }

            return commandType.AllInterfaces.SelectMany(i => i.GetMembers("Parameters").OfType<IPropertySymbol>()).FirstOrDefault()?.Type;
        }

        private static bool HasAddWithValue(ITypeSymbol collection)
        {
            for (var type = collection; type is not null; type = type.BaseType)
            {
                if (type.GetMembers("AddWithValue").OfType<IMethodSymbol>().Any(m => m.Parameters.Length == 2 && m.Parameters[0].Type.SpecialType == SpecialType.System_String))
                {
                    return true;
                }
            }

            return false;
        }

        private static IEnumerable<StatementSyntax> ParameterStatements(FixPlan plan, SemanticModel model, HashSet<string> reserved)
        {
            var all = string.Concat(plan.Parts.OfType<TextPart>().Select(t => t.Text));
            var next = 0;
            var addWithValue = ParametersOf(plan.CommandType!) is { } collection && HasAddWithValue(collection);
            var command = plan.Command!.WithoutTrivia().ToString();
            var statements = new List<StatementSyntax>();
            foreach (var value in plan.Parts.OfType<ValuePart>())
            {
                string name;
                do
                {
                    name = "@p" + next++;
                }
                while (ContainsPlaceholder(all, name));

                var valueText = value.Value.WithoutTrivia().ToString();
                if (addWithValue)
                {
                    statements.Add(SyntaxFactory.ParseStatement($"{command}.Parameters.AddWithValue(\"{name}\", {valueText});"));
                    continue;
                }

                var local = "parameter" + name.Substring(2);
                for (var suffix = 1; reserved.Contains(local) || model.LookupSymbols(plan.Statement!.SpanStart, name: local).Length > 0; suffix++)
                {
                    local = "parameter" + name.Substring(2) + "_" + suffix;
                }

                reserved.Add(local);
                statements.Add(SyntaxFactory.ParseStatement($"var {local} = {command}.CreateParameter();"));
                statements.Add(SyntaxFactory.ParseStatement($"{local}.ParameterName = \"{name}\";"));
                statements.Add(SyntaxFactory.ParseStatement($"{local}.Value = {valueText};"));
                statements.Add(SyntaxFactory.ParseStatement($"{command}.Parameters.Add({local});"));
            }

            // The document's own line ending, so the inserted lines end like the statement they follow.
            var newLine = plan.Statement!.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia)) is { } eol && eol.IsKind(SyntaxKind.EndOfLineTrivia)
                ? eol
                : SyntaxFactory.ElasticCarriageReturnLineFeed;
            return statements.Select(s => s.WithLeadingTrivia(SyntaxFactory.ElasticMarker).WithTrailingTrivia(newLine)
                .WithAdditionalAnnotations(Microsoft.CodeAnalysis.Formatting.Formatter.Annotation));
        }
    }
}
