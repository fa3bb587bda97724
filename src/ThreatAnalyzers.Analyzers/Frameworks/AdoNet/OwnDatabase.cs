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
    /// type lookup given by the caller, so the rules (operations) and the model (declarations) follow the same steps.
    /// </summary>
    internal static class OwnDatabase
    {
        private const int MaxSteps = 8;

        public static INamedTypeSymbol? ContextOf(ExpressionSyntax? connectionOrCommand, Func<ExpressionSyntax, ITypeSymbol?> typeOf, Func<ITypeSymbol?, bool> isDbContext)
            => Follow(connectionOrCommand, typeOf, isDbContext, MaxSteps);

        /// <summary>The prefix of the id of a database known only by the configuration key of its connection string.</summary>
        public const string ConnectionIdPrefix = "store:relational:connection:";

        /// <summary>
        /// The configuration key a raw connection's connection string is read from: <c>new SqliteConnection(configuration.GetConnectionString("Default"))</c>
        /// gives <c>ConnectionStrings:Default</c>, followed through the locals and commands made from the connection.
        /// </summary>
        public static string? ConnectionKeyOf(ExpressionSyntax? connectionOrCommand, Func<ExpressionSyntax, string?> constantString, Func<ExpressionSyntax, ITypeSymbol?> typeOf)
        {
            var expression = connectionOrCommand;
            for (var steps = MaxSteps; expression is not null && steps-- > 0;)
            {
                switch (expression)
                {
                    case ParenthesizedExpressionSyntax parenthesized:
                        expression = parenthesized.Expression;
                        continue;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateCommand" } create }:
                        expression = create.Expression;
                        continue;
                    case BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments }:
                        // new SqliteConnection(key) holds the key; new SqliteCommand(sql, connection) the connection.
                        foreach (var argument in arguments.Arguments)
                        {
                            if (KeyIn(argument.Expression, constantString, typeOf) is { } key)
                            {
                                return key;
                            }

                            if (argument.Expression is IdentifierNameSyntax or InvocationExpressionSyntax or BaseObjectCreationExpressionSyntax
                                && ConnectionKeyOf(argument.Expression, constantString, typeOf) is { } inner)
                            {
                                return inner;
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

        /// <summary>The configuration key a connection string is read from, directly or through a local that holds it.</summary>
        public static string? KeyIn(ExpressionSyntax? expression, Func<ExpressionSyntax, string?> constantString, Func<ExpressionSyntax, ITypeSymbol?> typeOf)
        {
            for (var steps = 0; expression is not null && steps < 3; steps++)
            {
                while (expression is ParenthesizedExpressionSyntax or PostfixUnaryExpressionSyntax)
                {
                    expression = expression is ParenthesizedExpressionSyntax p ? p.Expression : ((PostfixUnaryExpressionSyntax)expression).Operand;
                }

                if (Http.HttpTargets.ConfigurationKey(expression, constantString, typeOf) is { } key)
                {
                    return key;
                }

                expression = expression is IdentifierNameSyntax name ? Initializer(name) : null;
            }

            return null;
        }

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
