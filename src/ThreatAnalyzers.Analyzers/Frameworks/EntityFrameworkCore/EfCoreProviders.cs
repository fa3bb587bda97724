using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.EntityFrameworkCore
{
    /// <summary>
    /// The database behind a DbContext, when the code shows it: UseSqlServer/UseNpgsql/UseSqlite/... inside
    /// AddDbContext&lt;TContext&gt;(...) (and its pool and factory forms) or inside the context's OnConfiguring.
    /// </summary>
    internal static class EfCoreProviders
    {
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
            ["UseInMemoryDatabase"] = "in-memory",
        };

        public static StoreProviderFact? Recognize(IInvocationOperation useProvider)
        {
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
                    return Fact(context, provider);
                }
            }

            if (useProvider.SemanticModel?.GetEnclosingSymbol(useProvider.Syntax.SpanStart) is IMethodSymbol { Name: "OnConfiguring", ContainingType: { } owner })
            {
                return Fact(owner, provider);
            }

            return null;
        }

        private static StoreProviderFact? Fact(INamedTypeSymbol context, string provider)
            => context.GetDocumentationCommentId() is { } id ? new StoreProviderFact(id, provider) : null;
    }
}
