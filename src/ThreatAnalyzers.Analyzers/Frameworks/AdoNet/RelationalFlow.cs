using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.AdoNet
{
    /// <summary>ADO.NET command text and Dapper's SQL arguments are SQL text.</summary>
    internal static class RelationalFlow
    {
        public static readonly SinkRow[] Sinks =
        {
            new("System.Data.Common.DbCommand", "CommandText", SinkKind.SqlText, "DbCommand.CommandText", "value"),
            new("System.Data.IDbCommand", "CommandText", SinkKind.SqlText, "IDbCommand.CommandText", "value"),
            new("Microsoft.Data.SqlClient.SqlCommand", ".ctor", SinkKind.SqlText, "new SqlCommand", "cmdText"),
            new("Microsoft.Data.Sqlite.SqliteCommand", ".ctor", SinkKind.SqlText, "new SqliteCommand", "commandText"),
            new("Dapper.SqlMapper", "Query", SinkKind.SqlText, "Dapper Query", "sql"),
            new("Dapper.SqlMapper", "QueryAsync", SinkKind.SqlText, "Dapper QueryAsync", "sql"),
            new("Dapper.SqlMapper", "QueryFirst", SinkKind.SqlText, "Dapper QueryFirst", "sql"),
            new("Dapper.SqlMapper", "QueryFirstOrDefault", SinkKind.SqlText, "Dapper QueryFirstOrDefault", "sql"),
            new("Dapper.SqlMapper", "QuerySingle", SinkKind.SqlText, "Dapper QuerySingle", "sql"),
            new("Dapper.SqlMapper", "Execute", SinkKind.SqlText, "Dapper Execute", "sql"),
            new("Dapper.SqlMapper", "ExecuteAsync", SinkKind.SqlText, "Dapper ExecuteAsync", "sql"),
            new("Dapper.SqlMapper", "ExecuteScalar", SinkKind.SqlText, "Dapper ExecuteScalar", "sql"),
        };
    }
}
