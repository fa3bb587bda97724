using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Frameworks.AdoNet
{
    /// <summary>
    /// The DbContext whose own connection a raw ADO.NET command or Dapper call runs on: a connection got from
    /// <c>context.Database.GetDbConnection()</c>, a command made from it (<c>connection.CreateCommand()</c>,
    /// <c>new SqliteCommand(sql, connection)</c>), followed through the locals that hold them. Read from syntax with a
    /// type lookup given by the caller, so the analyzers (binding) and the generator (declarations) follow the same steps.
    /// </summary>
    internal static class OwnDatabase
    {
        private const int MaxSteps = 8;

        public static INamedTypeSymbol? ContextOf(ExpressionSyntax? connectionOrCommand, Func<ExpressionSyntax, ITypeSymbol?> typeOf, Func<ITypeSymbol?, bool> isDbContext)
            => Follow(connectionOrCommand, typeOf, isDbContext, MaxSteps);

        private static INamedTypeSymbol? Follow(ExpressionSyntax? expression, Func<ExpressionSyntax, ITypeSymbol?> typeOf, Func<ITypeSymbol?, bool> isDbContext, int steps)
        {
            while (expression is not null && steps-- > 0)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case AwaitExpressionSyntax awaited:
                        expression = awaited.Expression;
                        continue;
                    case CastExpressionSyntax cast:
                        expression = cast.Expression;
                        continue;
                    case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression):
                        expression = binary.Left;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "GetDbConnection", Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Database" } database } }:
                        return typeOf(database.Expression) is INamedTypeSymbol context && isDbContext(context) ? context : null;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateCommand" } create }:
                        expression = create.Expression;
                        continue;
                    case BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments }:
                        // new SqliteCommand(sql, connection): the connection is one of the arguments.
                        foreach (var argument in arguments.Arguments)
                        {
                            if (argument.Expression is not LiteralExpressionSyntax and not InterpolatedStringExpressionSyntax
                                && Follow(argument.Expression, typeOf, isDbContext, steps) is { } found)
                            {
                                return found;
                            }
                        }

                        return null;
                    case IdentifierNameSyntax name when Initializer(name) is { } initial:
                        expression = initial;
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>The value a local is declared with, found in the member that uses it (<c>var c = …</c>, <c>using var c = …</c>, <c>using (var c = …)</c>).</summary>
        private static ExpressionSyntax? Initializer(IdentifierNameSyntax name)
        {
            SyntaxNode? member = null;
            foreach (var ancestor in name.Ancestors())
            {
                if (ancestor is MemberDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax)
                {
                    member = ancestor;
                    break;
                }
            }

            if (member is null)
            {
                return null;
            }

            ExpressionSyntax? found = null;
            foreach (var node in member.DescendantNodes())
            {
                if (node is VariableDeclaratorSyntax declarator && declarator.Identifier.ValueText == name.Identifier.ValueText && declarator.Initializer is { } initializer
                    && declarator.SpanStart < name.SpanStart)
                {
                    // Two declarations of one name (in sibling blocks): only one that is certain says where it runs.
                    if (found is not null)
                    {
                        return null;
                    }

                    found = initializer.Value;
                }
            }

            return found;
        }
    }
}
