using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.EntityFrameworkCore
{
    /// <summary>EF Core's raw-SQL entry points take SQL text; Add/Update write to the store.</summary>
    internal static class EfCoreFlow
    {
        public static readonly SinkRow[] Sinks =
        {
            new("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", "FromSqlRaw", SinkKind.SqlText, "FromSqlRaw", "sql"),
            new("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "ExecuteSqlRaw", SinkKind.SqlText, "ExecuteSqlRaw", "sql"),
            new("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "ExecuteSqlRawAsync", SinkKind.SqlText, "ExecuteSqlRawAsync", "sql"),
            new("Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions", "SqlQueryRaw", SinkKind.SqlText, "SqlQueryRaw", "sql"),
            new("Microsoft.EntityFrameworkCore.DbSet`1", "Add", SinkKind.DataStoreWrite, "DbSet.Add", "entity"),
            new("Microsoft.EntityFrameworkCore.DbSet`1", "Update", SinkKind.DataStoreWrite, "DbSet.Update", "entity"),
            new("Microsoft.EntityFrameworkCore.DbContext", "Add", SinkKind.DataStoreWrite, "DbContext.Add", "entity"),
            new("Microsoft.EntityFrameworkCore.DbContext", "Update", SinkKind.DataStoreWrite, "DbContext.Update", "entity"),
        };
    }
}
