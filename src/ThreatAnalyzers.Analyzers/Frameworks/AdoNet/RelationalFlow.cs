using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.AdoNet
{
    /// <summary>
    /// ADO.NET command text and Dapper's SQL arguments are SQL text. Rows on DbCommand and IDbCommand match every provider's
    /// command (SqliteCommand, SqlCommand, NpgsqlCommand…) through its base type or interface; constructors are per provider.
    /// Dapper's parameter objects of Execute* are data written to the store.
    /// </summary>
    internal static class RelationalFlow
    {
        private const string Dapper = "Dapper.SqlMapper";

        public static readonly SinkRow[] Sinks =
        {
            new("System.Data.Common.DbCommand", "CommandText", SinkKind.SqlText, "DbCommand.CommandText", "value"),
            new("System.Data.IDbCommand", "CommandText", SinkKind.SqlText, "IDbCommand.CommandText", "value"),
            new("Microsoft.Data.SqlClient.SqlCommand", ".ctor", SinkKind.SqlText, "new SqlCommand", "cmdText"),
            new("System.Data.SqlClient.SqlCommand", ".ctor", SinkKind.SqlText, "new SqlCommand", "cmdText"),
            new("Microsoft.Data.Sqlite.SqliteCommand", ".ctor", SinkKind.SqlText, "new SqliteCommand", "commandText"),
            new("Npgsql.NpgsqlCommand", ".ctor", SinkKind.SqlText, "new NpgsqlCommand", "cmdText"),
            new("MySqlConnector.MySqlCommand", ".ctor", SinkKind.SqlText, "new MySqlCommand", "commandText"),
            new("MySql.Data.MySqlClient.MySqlCommand", ".ctor", SinkKind.SqlText, "new MySqlCommand", "cmdText"),
            new("System.Data.OleDb.OleDbCommand", ".ctor", SinkKind.SqlText, "new OleDbCommand", "cmdText"),
            new("System.Data.Odbc.OdbcCommand", ".ctor", SinkKind.SqlText, "new OdbcCommand", "cmdText"),
            new("Dapper.CommandDefinition", ".ctor", SinkKind.SqlText, "new CommandDefinition", "commandText"),
            new(Dapper, "Query", SinkKind.SqlText, "Dapper Query", "sql"),
            new(Dapper, "QueryAsync", SinkKind.SqlText, "Dapper QueryAsync", "sql"),
            new(Dapper, "QueryFirst", SinkKind.SqlText, "Dapper QueryFirst", "sql"),
            new(Dapper, "QueryFirstAsync", SinkKind.SqlText, "Dapper QueryFirstAsync", "sql"),
            new(Dapper, "QueryFirstOrDefault", SinkKind.SqlText, "Dapper QueryFirstOrDefault", "sql"),
            new(Dapper, "QueryFirstOrDefaultAsync", SinkKind.SqlText, "Dapper QueryFirstOrDefaultAsync", "sql"),
            new(Dapper, "QuerySingle", SinkKind.SqlText, "Dapper QuerySingle", "sql"),
            new(Dapper, "QuerySingleAsync", SinkKind.SqlText, "Dapper QuerySingleAsync", "sql"),
            new(Dapper, "QuerySingleOrDefault", SinkKind.SqlText, "Dapper QuerySingleOrDefault", "sql"),
            new(Dapper, "QuerySingleOrDefaultAsync", SinkKind.SqlText, "Dapper QuerySingleOrDefaultAsync", "sql"),
            new(Dapper, "QueryMultiple", SinkKind.SqlText, "Dapper QueryMultiple", "sql"),
            new(Dapper, "QueryMultipleAsync", SinkKind.SqlText, "Dapper QueryMultipleAsync", "sql"),
            new(Dapper, "QueryUnbufferedAsync", SinkKind.SqlText, "Dapper QueryUnbufferedAsync", "sql"),
            new(Dapper, "Execute", SinkKind.SqlText, "Dapper Execute", "sql"),
            new(Dapper, "ExecuteAsync", SinkKind.SqlText, "Dapper ExecuteAsync", "sql"),
            new(Dapper, "ExecuteScalar", SinkKind.SqlText, "Dapper ExecuteScalar", "sql"),
            new(Dapper, "ExecuteScalarAsync", SinkKind.SqlText, "Dapper ExecuteScalarAsync", "sql"),
            new(Dapper, "ExecuteReader", SinkKind.SqlText, "Dapper ExecuteReader", "sql"),
            new(Dapper, "ExecuteReaderAsync", SinkKind.SqlText, "Dapper ExecuteReaderAsync", "sql"),
            new(Dapper, "Execute", SinkKind.DataStoreWrite, "Dapper Execute", "param"),
            new(Dapper, "ExecuteAsync", SinkKind.DataStoreWrite, "Dapper ExecuteAsync", "param"),
            new(Dapper, "ExecuteScalar", SinkKind.DataStoreWrite, "Dapper ExecuteScalar", "param"),
            new(Dapper, "ExecuteScalarAsync", SinkKind.DataStoreWrite, "Dapper ExecuteScalarAsync", "param"),
        };
    }
}
