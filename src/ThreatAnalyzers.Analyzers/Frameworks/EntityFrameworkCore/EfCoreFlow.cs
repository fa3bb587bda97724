using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.EntityFrameworkCore
{
    /// <summary>
    /// EF Core's raw-SQL entry points take SQL text (FromSql, FromSqlInterpolated, ExecuteSql, ExecuteSqlInterpolated and
    /// SqlQuery take a FormattableString whose values become parameters: no row); Add/Update/Attach write to the store.
    /// </summary>
    internal static class EfCoreFlow
    {
        private const string Facade = "Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions";
        private const string Set = "Microsoft.EntityFrameworkCore.DbSet`1";
        private const string Context = "Microsoft.EntityFrameworkCore.DbContext";

        public static readonly SinkRow[] Sinks =
        {
            new("Microsoft.EntityFrameworkCore.RelationalQueryableExtensions", "FromSqlRaw", SinkKind.SqlText, "FromSqlRaw", "sql"),
            new(Facade, "ExecuteSqlRaw", SinkKind.SqlText, "ExecuteSqlRaw", "sql"),
            new(Facade, "ExecuteSqlRawAsync", SinkKind.SqlText, "ExecuteSqlRawAsync", "sql"),
            new(Facade, "SqlQueryRaw", SinkKind.SqlText, "SqlQueryRaw", "sql"),
            new(Set, "Add", SinkKind.DataStoreWrite, "DbSet.Add", "entity"),
            new(Set, "AddAsync", SinkKind.DataStoreWrite, "DbSet.AddAsync", "entity"),
            new(Set, "AddRange", SinkKind.DataStoreWrite, "DbSet.AddRange", "entities"),
            new(Set, "AddRangeAsync", SinkKind.DataStoreWrite, "DbSet.AddRangeAsync", "entities"),
            new(Set, "Update", SinkKind.DataStoreWrite, "DbSet.Update", "entity"),
            new(Set, "UpdateRange", SinkKind.DataStoreWrite, "DbSet.UpdateRange", "entities"),
            new(Set, "Attach", SinkKind.DataStoreWrite, "DbSet.Attach", "entity"),
            new(Set, "AttachRange", SinkKind.DataStoreWrite, "DbSet.AttachRange", "entities"),
            new(Context, "Add", SinkKind.DataStoreWrite, "DbContext.Add", "entity"),
            new(Context, "AddAsync", SinkKind.DataStoreWrite, "DbContext.AddAsync", "entity"),
            new(Context, "AddRange", SinkKind.DataStoreWrite, "DbContext.AddRange", "entities"),
            new(Context, "AddRangeAsync", SinkKind.DataStoreWrite, "DbContext.AddRangeAsync", "entities"),
            new(Context, "Update", SinkKind.DataStoreWrite, "DbContext.Update", "entity"),
            new(Context, "UpdateRange", SinkKind.DataStoreWrite, "DbContext.UpdateRange", "entities"),
            new(Context, "Attach", SinkKind.DataStoreWrite, "DbContext.Attach", "entity"),
            new(Context, "AttachRange", SinkKind.DataStoreWrite, "DbContext.AttachRange", "entities"),
            new("Microsoft.EntityFrameworkCore.ChangeTracking.PropertyValues", "SetValues", SinkKind.DataStoreWrite, "PropertyValues.SetValues", "obj", "values"),
        };
    }
}
