using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Frameworks.AdoNet;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.EntityFrameworkCore
{
    /// <summary>
    /// The database behind a DbContext, when the code shows it: UseSqlServer/UseNpgsql/UseSqlite/... inside
    /// AddDbContext&lt;TContext&gt;(...) (and its pool and factory forms) or inside the context's OnConfiguring, and the
    /// providers' one-call shortcuts (services.AddSqlite&lt;TContext&gt;(connectionString), AddSqlServer, AddNpgsql, ...).
    /// </summary>
    internal static class EfCoreProviders
    {
        /// <summary>EF Core's in-memory provider: a development or test double, named beside the real database only when alone.</summary>
        public const string InMemory = "in-memory";

        public static readonly Dictionary<string, string> ProviderNames = new()
        {
            ["UseSqlServer"] = "SQL Server",
            ["UseAzureSql"] = "Azure SQL",
            ["UseNpgsql"] = "PostgreSQL",
            ["UseSqlite"] = "SQLite",
            ["UseMySql"] = "MySQL",
            ["UseMySQL"] = "MySQL",
            ["UseOracle"] = "Oracle",
            ["UseCosmos"] = "Cosmos DB",
            ["UseInMemoryDatabase"] = InMemory,
        };

        /// <summary>
        /// The providers' shortcuts that register a context and name its database in one call: each provider package
        /// ships one beside its Use… method (EF Core 6 and later).
        /// </summary>
        public static readonly Dictionary<string, string> ShortcutProviderNames = new()
        {
            ["AddSqlServer"] = "SQL Server",
            ["AddAzureSql"] = "Azure SQL",
            ["AddNpgsql"] = "PostgreSQL",
            ["AddSqlite"] = "SQLite",
            ["AddMySql"] = "MySQL",
            ["AddMySQL"] = "MySQL",
            ["AddOracle"] = "Oracle",
            ["AddCosmos"] = "Cosmos DB",
        };

        /// <summary>Whether a call's name is one the providers use: a Use… inside a registration, or a registering shortcut.</summary>
        public static bool IsProviderCallName(string name) => ProviderNames.ContainsKey(name) || ShortcutProviderNames.ContainsKey(name);

        public static StoreProviderFact? Recognize(IInvocationOperation useProvider)
        {
            if (ShortcutProviderNames.TryGetValue(useProvider.TargetMethod.Name, out var shortcut))
            {
                // services.AddSqlite<AppDb>(...): the one type argument is the context, when it is one.
                return useProvider.TargetMethod.TypeArguments.Length == 1 && useProvider.TargetMethod.TypeArguments[0] is INamedTypeSymbol registered && IsDbContext(registered)
                    ? Fact(registered, shortcut, ConnectionKeyOf(useProvider))
                    : null;
            }

            if (!ProviderNames.TryGetValue(useProvider.TargetMethod.Name, out var provider))
            {
                return null;
            }

            for (var parent = useProvider.Parent; parent is not null; parent = parent.Parent)
            {
                if (parent is IInvocationOperation { TargetMethod.Name: "AddDbContext" or "AddDbContextPool" or "AddDbContextFactory" or "AddPooledDbContextFactory" } register
                    && register.TargetMethod.TypeArguments.Length > 0
                    && register.TargetMethod.TypeArguments[register.TargetMethod.TypeArguments.Length - 1] is INamedTypeSymbol context)
                {
                    return Fact(context, provider, ConnectionKeyOf(useProvider));
                }
            }

            if (useProvider.SemanticModel?.GetEnclosingSymbol(useProvider.Syntax.SpanStart) is IMethodSymbol { Name: "OnConfiguring", ContainingType: { } owner })
            {
                return Fact(owner, provider, ConnectionKeyOf(useProvider));
            }

            return null;
        }

        private static bool IsDbContext(INamedTypeSymbol type)
        {
            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (current is { Name: "DbContext", ContainingNamespace: { Name: "EntityFrameworkCore", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } })
                {
                    return true;
                }
            }

            return false;
        }

        private static StoreProviderFact? Fact(INamedTypeSymbol context, string provider, string? connectionKey)
            => context.GetDocumentationCommentId() is { } id ? new StoreProviderFact(id, provider, connectionKey) : null;

        /// <summary>The configuration key of the connection string a provider call is given (its first argument).</summary>
        private static string? ConnectionKeyOf(IInvocationOperation providerCall)
        {
            var model = providerCall.SemanticModel;
            if (model is null || providerCall.Syntax is not InvocationExpressionSyntax { ArgumentList.Arguments.Count: > 0 } call)
            {
                return null;
            }

            return OwnDatabase.KeyIn(
                call.ArgumentList.Arguments[0].Expression,
                e => e.SyntaxTree == model.SyntaxTree && model.GetConstantValue(e) is { HasValue: true, Value: string text } ? text : null,
                e => e.SyntaxTree == model.SyntaxTree ? model.GetTypeInfo(e).Type : null);
        }
    }
}
