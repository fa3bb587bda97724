using System;
using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The checks of one body that make a variable safe where they guard its use (<see cref="GuardRow"/>): a use is
    /// guarded when it runs only if the check passed. Decided on the syntax, in the forms people write:
    /// <c>if (check) { use }</c>, <c>if (!check) { … } else { use }</c>, <c>if (!check) return/throw/continue/break; … use</c>
    /// (in the same block or an enclosing one), <c>check ? use : …</c>, <c>check &amp;&amp; use</c>, <c>!check || use</c>,
    /// with <c>!</c>, <c>&amp;&amp;</c>, <c>||</c>, <c>== true/false</c> and <c>is true/false</c> combinations. Not followed: a
    /// check whose variable is assigned again before the use, a check in another method (its result is a bool the caller
    /// tests: write the check where the value is used, or mark the method <c>[Validates]</c>).
    /// </summary>
    internal sealed class Guards
    {
        public static Guards None { get; } = new(new Dictionary<ISymbol, List<(SyntaxNode, SinkKind)>>(SymbolEqualityComparer.Default));

        private readonly Dictionary<ISymbol, List<(SyntaxNode Check, SinkKind SafeFor)>> bySymbol;

        private Guards(Dictionary<ISymbol, List<(SyntaxNode, SinkKind)>> bySymbol) => this.bySymbol = bySymbol;

        public static Guards Collect(IOperation body, FlowCatalog catalog, CancellationToken cancellationToken)
        {
            if (!catalog.HasAnyGuard)
            {
                return None;
            }

            Dictionary<ISymbol, List<(SyntaxNode, SinkKind)>>? found = null;
            Dictionary<ILocalSymbol, IOperation>? initializers = null;
            foreach (var operation in body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is IVariableDeclaratorOperation { Initializer: { } initializer } declarator)
                {
                    (initializers ??= new Dictionary<ILocalSymbol, IOperation>(SymbolEqualityComparer.Default))[declarator.Symbol] = initializer.Value;
                    continue;
                }

                if (operation is IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison)
                {
                    // uri.Host == "api.example.com" (or != with an exit): a checked member compared with a constant checks its owner.
                    var (member, constant) = comparison.RightOperand.ConstantValue.HasValue ? (comparison.LeftOperand, comparison.RightOperand) : (comparison.RightOperand, comparison.LeftOperand);
                    if (constant.ConstantValue is { HasValue: true, Value: string } && CheckedMember(member, catalog) is { } checkedRow
                        && SymbolOf(member, catalog) is { } compared)
                    {
                        Add(ref found, compared, comparison.Syntax, checkedRow.SafeFor);
                        if (MadeFrom(compared, initializers) is { } madeFrom)
                        {
                            Add(ref found, madeFrom, comparison.Syntax, checkedRow.SafeFor);
                        }
                    }

                    continue;
                }

                if (operation is not IInvocationOperation invocation)
                {
                    continue;
                }

                foreach (var row in catalog.GuardsOf(invocation.TargetMethod))
                {
                    if (CheckedSymbol(invocation, row, initializers, catalog) is { } symbol)
                    {
                        Add(ref found, symbol, invocation.Syntax, row.SafeFor);
                        if (MadeFrom(symbol, initializers) is { } madeFrom)
                        {
                            Add(ref found, madeFrom, invocation.Syntax, row.SafeFor);
                        }
                    }
                }
            }

            return found is null ? None : new Guards(found);
        }

        private static void Add(ref Dictionary<ISymbol, List<(SyntaxNode, SinkKind)>>? found, ISymbol symbol, SyntaxNode check, SinkKind safeFor)
        {
            found ??= new Dictionary<ISymbol, List<(SyntaxNode, SinkKind)>>(SymbolEqualityComparer.Default);
            if (!found.TryGetValue(symbol, out var list))
            {
                found[symbol] = list = new List<(SyntaxNode, SinkKind)>();
            }

            list.Add((check, safeFor));
        }

        /// <summary>
        /// The guard row of a member whose check checks the value it belongs to (a row with neither parameter nor
        /// receiver: <c>Uri.Host</c>), when <paramref name="value"/> reads such a member.
        /// </summary>
        private static GuardRow? CheckedMember(IOperation value, FlowCatalog catalog)
        {
            if (value.WithoutConversions() is not IPropertyReferenceOperation { Instance: not null } property)
            {
                return null;
            }

            foreach (var row in catalog.GuardsOf(property.Property))
            {
                if (row.Parameter is null && row.ReceiverFrom is null)
                {
                    return row;
                }
            }

            return null;
        }

        /// <summary>A local made as <c>new Uri(x)</c> from a local or parameter x: checking the Uri checks x.</summary>
        private static ISymbol? MadeFrom(ISymbol symbol, Dictionary<ILocalSymbol, IOperation>? initializers)
            => symbol is ILocalSymbol local && initializers is not null && initializers.TryGetValue(local, out var initial)
               && initial.WithoutConversions() is IObjectCreationOperation { Type: { Name: "Uri", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }, Arguments.Length: > 0 } creation
                ? SymbolOf(creation.Arguments[0].Value, null)
                : null;

        /// <summary>The sink kinds <paramref name="symbol"/> is safe for at <paramref name="use"/>.</summary>
        public SinkKind SafeAt(ISymbol symbol, SyntaxNode use)
        {
            if (bySymbol.Count == 0 || !bySymbol.TryGetValue(symbol, out var checks))
            {
                return SinkKind.None;
            }

            var safe = SinkKind.None;
            foreach (var (check, safeFor) in checks)
            {
                if ((safe & safeFor) != safeFor && Dominates(check, use))
                {
                    safe |= safeFor;
                }
            }

            return safe;
        }

        private static ISymbol? CheckedSymbol(IInvocationOperation invocation, GuardRow row, Dictionary<ILocalSymbol, IOperation>? initializers, FlowCatalog catalog)
        {
            if (row.Parameter is { } parameter)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Name == parameter)
                    {
                        return SymbolOf(argument.Value, catalog);
                    }
                }

                return null;
            }

            // The receiver must be the result of ReceiverFrom: Path.GetFullPath(p).StartsWith(root) checks p;
            // full.StartsWith(root) checks full when full = Path.GetFullPath(…).
            var receiver = invocation.Instance?.WithoutConversions();
            if (row.ReceiverFrom is null || receiver is null)
            {
                return null;
            }

            if (receiver is IInvocationOperation producer && IsCall(producer, row.ReceiverFrom))
            {
                return producer.Arguments.Length > 0 ? SymbolOf(producer.Arguments[0].Value, null) : null;
            }

            return receiver is ILocalReferenceOperation local && initializers is not null && initializers.TryGetValue(local.Local, out var initial)
                   && initial.WithoutConversions() is IInvocationOperation made && IsCall(made, row.ReceiverFrom)
                ? local.Local
                : null;
        }

        private static bool IsCall(IInvocationOperation invocation, string typeAndMember)
            => invocation.TargetMethod.ContainingType is { } type
               && typeAndMember.Length == type.ToDisplayString().Length + 1 + invocation.TargetMethod.Name.Length
               && typeAndMember.EndsWith("." + invocation.TargetMethod.Name, StringComparison.Ordinal)
               && typeAndMember.StartsWith(type.ToDisplayString(), StringComparison.Ordinal);

        /// <summary>The local or parameter checked; through a checked member (<c>uri.Host</c> checks uri) when the catalog says so.</summary>
        private static ISymbol? SymbolOf(IOperation value, FlowCatalog? catalog)
            => value.WithoutConversions() switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IPropertyReferenceOperation { Instance: { } instance } property when catalog is not null && CheckedMember(property, catalog) is not null => SymbolOf(instance, null),
                _ => null,
            };

        /// <summary>Whether <paramref name="use"/> runs only after <paramref name="check"/> returned true.</summary>
        private static bool Dominates(SyntaxNode check, SyntaxNode use)
        {
            var child = use;
            for (var node = use.Parent; node is not null; child = node, node = node.Parent)
            {
                switch (node)
                {
                    case IfStatementSyntax ifStatement when child == ifStatement.Statement:
                        if (Asserts(ifStatement.Condition, check, whenTrue: true))
                        {
                            return true;
                        }

                        break;
                    case ElseClauseSyntax { Parent: IfStatementSyntax owner } elseClause when child == elseClause.Statement:
                        if (Asserts(owner.Condition, check, whenTrue: false))
                        {
                            return true;
                        }

                        break;
                    case ConditionalExpressionSyntax conditional when child == conditional.WhenTrue || child == conditional.WhenFalse:
                        if (Asserts(conditional.Condition, check, whenTrue: child == conditional.WhenTrue))
                        {
                            return true;
                        }

                        break;
                    case BinaryExpressionSyntax binary when child == binary.Right && binary.Kind() is SyntaxKind.LogicalAndExpression or SyntaxKind.LogicalOrExpression:
                        if (Asserts(binary.Left, check, whenTrue: binary.Kind() == SyntaxKind.LogicalAndExpression))
                        {
                            return true;
                        }

                        break;
                    case BlockSyntax block:
                        if (ExitsUnlessChecked(block.Statements, child, check))
                        {
                            return true;
                        }

                        break;
                    case SwitchSectionSyntax section:
                        if (ExitsUnlessChecked(section.Statements, child, check))
                        {
                            return true;
                        }

                        break;
                    case CompilationUnitSyntax unit:
                        foreach (var member in unit.Members)
                        {
                            if (member == child)
                            {
                                break;
                            }

                            if (member is GlobalStatementSyntax global && ExitsUnlessChecked(global.Statement, check))
                            {
                                return true;
                            }
                        }

                        return false;
                    case MemberDeclarationSyntax and not GlobalStatementSyntax:
                        return false;
                }
            }

            return false;
        }

        private static bool ExitsUnlessChecked(SyntaxList<StatementSyntax> statements, SyntaxNode child, SyntaxNode check)
        {
            foreach (var statement in statements)
            {
                if (statement == child)
                {
                    return false;
                }

                if (ExitsUnlessChecked(statement, check))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary><c>if (!check) return …;</c>: past this statement, the check passed.</summary>
        private static bool ExitsUnlessChecked(StatementSyntax statement, SyntaxNode check)
            => statement is IfStatementSyntax ifStatement && AlwaysExits(ifStatement.Statement) && Asserts(ifStatement.Condition, check, whenTrue: false);

        private static bool AlwaysExits(StatementSyntax statement)
            => statement switch
            {
                ReturnStatementSyntax or ThrowStatementSyntax or ContinueStatementSyntax or BreakStatementSyntax or GotoStatementSyntax => true,
                ExpressionStatementSyntax { Expression: ThrowExpressionSyntax } => true,
                BlockSyntax { Statements.Count: > 0 } block => AlwaysExits(block.Statements[block.Statements.Count - 1]),
                _ => false,
            };

        /// <summary>Whether <paramref name="condition"/> being <paramref name="whenTrue"/> means <paramref name="check"/> returned true.</summary>
        private static bool Asserts(ExpressionSyntax condition, SyntaxNode check, bool whenTrue)
        {
            while (condition is ParenthesizedExpressionSyntax parenthesized)
            {
                condition = parenthesized.Expression;
            }

            if (condition == check)
            {
                // A comparison registered as a check (uri.Host != "…") passes when it is false.
                return condition.IsKind(SyntaxKind.NotEqualsExpression) ? !whenTrue : whenTrue;
            }

            switch (condition)
            {
                case PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.LogicalNotExpression } not:
                    return Asserts(not.Operand, check, !whenTrue);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalAndExpression):
                    return whenTrue && (Asserts(binary.Left, check, true) || Asserts(binary.Right, check, true));
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.LogicalOrExpression):
                    return !whenTrue && (Asserts(binary.Left, check, false) || Asserts(binary.Right, check, false));
                case BinaryExpressionSyntax binary when binary.Kind() is SyntaxKind.EqualsExpression or SyntaxKind.NotEqualsExpression:
                    var equals = binary.IsKind(SyntaxKind.EqualsExpression);
                    if (BooleanLiteral(binary.Right) is { } right)
                    {
                        return Asserts(binary.Left, check, whenTrue == (right == equals));
                    }

                    return BooleanLiteral(binary.Left) is { } left && Asserts(binary.Right, check, whenTrue == (left == equals));
                case IsPatternExpressionSyntax { Pattern: ConstantPatternSyntax constant } isPattern when BooleanLiteral(constant.Expression) is { } value:
                    return Asserts(isPattern.Expression, check, whenTrue == value);
                default:
                    return false;
            }
        }

        private static bool? BooleanLiteral(ExpressionSyntax expression)
            => expression.Kind() switch
            {
                SyntaxKind.TrueLiteralExpression => true,
                SyntaxKind.FalseLiteralExpression => false,
                _ => null,
            };
    }
}
