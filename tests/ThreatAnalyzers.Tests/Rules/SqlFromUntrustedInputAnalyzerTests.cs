using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SqlFromUntrustedInputRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class SqlFromUntrustedInputAnalyzerTests
    {
        private const string Store = """
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                public class Product
                {
                    public int Id { get; set; }
                    public string Name { get; set; } = "";
                }

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Product> Products => Set<Product>();
                }
            }
            """;

        private static Task Run(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source, Store) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        /// <summary>At the SQL argument, with the untrusted value's source (marker 10 + n) as related location.</summary>
        private static DiagnosticResult At(int location, int source, string origin, string sink)
            => Verify.Diagnostic("TA2002").WithLocation(location).WithLocation(source).WithArguments("'" + origin + "'", "untrusted", "reaches", sink, "");

        [Fact]
        public Task EfCoreRawSql_FromAnActionParameter_IsReportedOnTheSqlArgument()
            => Run(
                """
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("search")]
                        public IActionResult Search(string {|#10:name|})
                            => Ok(db.Products.FromSqlRaw({|#0:$"SELECT * FROM Products WHERE Name = '{name}'"|}).ToList());

                        [HttpPost("rename")]
                        public async Task<IActionResult> Rename(string {|#11:name|})
                        {
                            db.Database.ExecuteSqlRaw({|#1:"UPDATE Products SET Name = '" + name + "'"|});
                            await db.Database.ExecuteSqlRawAsync({|#2:"DELETE FROM Products WHERE Name = '" + name + "'"|});
                            return Ok(db.Database.SqlQueryRaw<string>({|#3:string.Format("SELECT Name FROM Products WHERE Name LIKE '{0}%'", name)|}).ToList());
                        }
                    }
                }
                """,
                At(0, 10, "name", "FromSqlRaw"),
                At(1, 11, "name", "ExecuteSqlRaw"),
                At(2, 11, "name", "ExecuteSqlRawAsync"),
                At(3, 11, "name", "SqlQueryRaw"));

        [Fact]
        public Task EfCoreParameterizedForms_AreSilent()
            => Run(
                """
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        private const string Table = "Products";
                        private const string ByName = "SELECT * FROM " + Table + " WHERE Name = {0}";

                        [HttpGet("search")]
                        public async Task<IActionResult> Search(string name)
                        {
                            var a = db.Products.FromSql($"SELECT * FROM Products WHERE Name = {name}").ToList();
                            var b = db.Products.FromSqlInterpolated($"SELECT * FROM Products WHERE Name = {name}").ToList();
                            var c = db.Products.FromSqlRaw("SELECT * FROM Products WHERE Name = {0}", name).ToList();
                            var d = db.Products.FromSqlRaw(ByName, name).ToList();
                            db.Database.ExecuteSql($"UPDATE Products SET Name = {name}");
                            db.Database.ExecuteSqlInterpolated($"UPDATE Products SET Name = {name}");
                            await db.Database.ExecuteSqlInterpolatedAsync($"UPDATE Products SET Name = {name}");
                            db.Database.ExecuteSqlRaw("UPDATE " + Table + " SET Name = {0}", name);
                            var e = db.Database.SqlQuery<string>($"SELECT Name FROM Products WHERE Name = {name}").ToList();
                            return Ok(a.Concat(b).Concat(c).Concat(d).Count() + e.Count);
                        }
                    }
                }
                """);

        [Fact]
        public Task AdoNet_ThroughConcreteAndInterfaceTypes_InMinimalApis()
            => new Verify.Test(
                """
                using System.Data;
                using System.Data.Common;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Data.Sqlite;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/a", (string {|#10:name|}) =>
                {
                    using var connection = new SqliteConnection("Data Source=shop.db");
                    using var command = new SqliteCommand({|#0:"SELECT * FROM Products WHERE Name = '" + name + "'"|}, connection);
                    return command.ExecuteScalar()?.ToString();
                });
                app.MapGet("/b", (string {|#11:name|}) =>
                {
                    using var connection = new SqliteConnection("Data Source=shop.db");
                    using var command = connection.CreateCommand();
                    command.CommandText = {|#1:$"SELECT * FROM Products WHERE Name = '{name}'"|};
                    return command.ExecuteScalar()?.ToString();
                });
                app.MapGet("/c", (string {|#12:name|}) =>
                {
                    using DbConnection connection = new SqliteConnection("Data Source=shop.db");
                    using DbCommand command = connection.CreateCommand();
                    command.CommandText = {|#2:"SELECT * FROM Products WHERE Name = '" + name + "'"|};
                    return command.ExecuteScalar()?.ToString();
                });
                app.MapGet("/d", (string {|#13:name|}) =>
                {
                    using IDbConnection connection = new SqliteConnection("Data Source=shop.db");
                    using IDbCommand command = connection.CreateCommand();
                    command.CommandText = {|#3:"SELECT * FROM Products WHERE Name = '" + name + "'"|};
                    return command.ExecuteScalar()?.ToString();
                });
                app.MapGet("/e", (string {|#14:name|}) =>
                {
                    using var connection = new SqliteConnection("Data Source=shop.db");
                    using var command = new SqliteCommand { Connection = connection, CommandText = {|#4:$"SELECT * FROM Products WHERE Name = '{name}'"|} };
                    return command.ExecuteScalar()?.ToString();
                });
                app.Run();
                """) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(
                At(0, 10, "name", "new SqliteCommand"),
                At(1, 11, "name", "DbCommand.CommandText"),
                At(2, 12, "name", "DbCommand.CommandText"),
                At(3, 13, "name", "IDbCommand.CommandText"),
                At(4, 14, "name", "DbCommand.CommandText"));

        /// <summary>
        /// The SQL set as an element of a deconstruction: the body is analyzed (its filter saw no plain assignment before) and
        /// the finding is on the property written, the element the flow reaches.
        /// </summary>
        [Fact]
        public Task AdoNet_CommandTextSetByADeconstruction()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Data.Sqlite;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/f", (string {|#10:name|}) =>
                {
                    using var connection = new SqliteConnection("Data Source=shop.db");
                    using var command = connection.CreateCommand();
                    int timeout;
                    ({|#0:command.CommandText|}, timeout) = ("SELECT * FROM Products WHERE Name = '" + name + "'", 30);
                    command.CommandTimeout = timeout;
                    return command.ExecuteScalar()?.ToString();
                });
                app.Run();
                """) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(
                At(0, 10, "name", "DbCommand.CommandText"));

        [Fact]
        public Task AdoNet_ParametersAndConstantSql_AreSilent()
            => new Verify.Test(
                """
                using System.Data;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Data.Sqlite;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/a", (string name, int id) =>
                {
                    const string table = "Products";
                    using var connection = new SqliteConnection("Data Source=shop.db");
                    using var command = new SqliteCommand("SELECT * FROM " + table + " WHERE Name = @name AND Id = " + id, connection);
                    command.Parameters.AddWithValue("@name", name);
                    using IDbCommand other = connection.CreateCommand();
                    other.CommandText = $"SELECT * FROM {table} WHERE Name = @name";
                    var parameter = other.CreateParameter();
                    parameter.ParameterName = "@name";
                    parameter.Value = name;
                    other.Parameters.Add(parameter);
                    return command.ExecuteScalar()?.ToString() + other.ExecuteScalar();
                });
                app.Run();
                """) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync();

        [Fact]
        public Task Dapper_ExtensionMethodsOnConnectionTypes()
            => Run(
                """
                using System.Collections.Generic;
                using System.Data;
                using System.Data.Common;
                using System.Linq;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("reports")]
                    public class ReportsController(IDbConnection connection, DbConnection db) : ControllerBase
                    {
                        [HttpGet]
                        public async Task<IActionResult> Run(string {|#10:name|}, string {|#11:sort|})
                        {
                            var a = await connection.QueryAsync<Product>({|#0:$"SELECT * FROM Products WHERE Name = '{name}'"|});
                            var b = connection.Query<Product>({|#1:"SELECT * FROM Products ORDER BY " + sort|});
                            using var grid = connection.QueryMultiple({|#2:"SELECT * FROM Products WHERE Name = '" + name + "'"|});
                            using var reader = connection.ExecuteReader({|#3:"SELECT Id FROM Products WHERE Name = '" + name + "'"|});
                            var c = await db.QueryFirstOrDefaultAsync<Product>({|#4:"SELECT * FROM Products WHERE Name = '" + name + "'"|});
                            connection.Execute({|#5:"DELETE FROM Products WHERE Name = '" + name + "'"|});
                            var d = await connection.QueryAsync<Product>(new CommandDefinition({|#6:"SELECT * FROM Products WHERE Name = '" + name + "'"|}));
                            return Ok(a.Count() + b.Count() + d.Count() + (c?.Id ?? 0));
                        }
                    }
                }
                """,
                At(0, 10, "name", "Dapper QueryAsync"),
                At(1, 11, "sort", "Dapper Query"),
                At(2, 10, "name", "Dapper QueryMultiple"),
                At(3, 10, "name", "Dapper ExecuteReader"),
                At(4, 10, "name", "Dapper QueryFirstOrDefaultAsync"),
                At(5, 10, "name", "Dapper Execute"),
                At(6, 10, "name", "new CommandDefinition"));

        [Fact]
        public Task Dapper_ParameterObjectsAndConstants_AreSilent()
            => Run(
                """
                using System.Data;
                using System.Linq;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("reports")]
                    public class ReportsController(IDbConnection connection) : ControllerBase
                    {
                        private const string Select = "SELECT * FROM Products";

                        [HttpGet]
                        public async Task<IActionResult> Run(string name)
                        {
                            var a = await connection.QueryAsync<Product>(Select + " WHERE Name = @name", new { name });
                            var parameters = new DynamicParameters();
                            parameters.Add("name", name);
                            var b = connection.Query<Product>("SELECT * FROM Products WHERE Name = @name", parameters);
                            return Ok(a.Count() + b.Count());
                        }
                    }
                }
                """);

        [Fact]
        public Task SqlClient_DeclaredInTheTest_IsASinkThroughItsConstructor()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("legacy")]
                    public class LegacyController : ControllerBase
                    {
                        [HttpGet]
                        public string Get(string {|#10:name|})
                        {
                            var command = new Microsoft.Data.SqlClient.SqlCommand({|#0:"SELECT * FROM Products WHERE Name = '" + name + "'"|});
                            return command.CommandText;
                        }
                    }
                }
                """,
                """
                // Microsoft.Data.SqlClient is not referenced by the tests: its command type, with the real full name and parameter names.
                namespace Microsoft.Data.SqlClient
                {
                    public sealed class SqlCommand : System.Data.Common.DbCommand
                    {
                        public SqlCommand(string cmdText) { }
                        public override string CommandText { get; set; } = "";
                        public override int CommandTimeout { get; set; }
                        public override System.Data.CommandType CommandType { get; set; }
                        public override bool DesignTimeVisible { get; set; }
                        public override System.Data.UpdateRowSource UpdatedRowSource { get; set; }
                        protected override System.Data.Common.DbConnection? DbConnection { get; set; }
                        protected override System.Data.Common.DbParameterCollection DbParameterCollection => throw null!;
                        protected override System.Data.Common.DbTransaction? DbTransaction { get; set; }
                        public override void Cancel() { }
                        public override int ExecuteNonQuery() => 0;
                        public override object? ExecuteScalar() => null;
                        public override void Prepare() { }
                        protected override System.Data.Common.DbParameter CreateDbParameter() => throw null!;
                        protected override System.Data.Common.DbDataReader ExecuteDbDataReader(System.Data.CommandBehavior behavior) => throw null!;
                    }
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync(At(0, 10, "name", "new SqlCommand"));

        [Fact]
        public Task ThroughAHelper_IsReportedWhereTheValueEntersTheChain()
            => Run(
                """
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        [HttpGet]
                        public IActionResult Search(string {|#2:name|}) => Ok(Find({|#0:name|}));

                        private int Find(string text) => db.Products.FromSqlRaw({|#1:"SELECT * FROM Products WHERE Name = '" + text + "'"|}).Count();
                    }
                }
                """,
                Verify.Diagnostic("TA2002").WithLocation(0).WithLocation(2).WithLocation(1).WithArguments("'name'", "untrusted", "reaches", "FromSqlRaw", " via ProductsController.Find"));

        [Fact]
        public Task ConvertedToANumber_IsNoLongerUntrusted()
            => Run(
                """
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        [HttpGet]
                        public IActionResult Get(string id, int page)
                            => Ok(db.Products.FromSqlRaw("SELECT * FROM Products WHERE Id = " + int.Parse(id) + " LIMIT 10 OFFSET " + page * 10).ToList());
                    }
                }
                """);

        [Fact]
        public Task TwoValuesInOneCommandText_AreOneFinding_NamingBoth()
            => Run(
                """
                using System.Data;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Data.Sqlite;

                namespace Shop
                {
                    public class LoginController : Controller
                    {
                        [HttpPost]
                        public IActionResult Login(string {|#10:username|}, string {|#11:password|})
                        {
                            using IDbConnection connection = new SqliteConnection("Data Source=shop.db");
                            connection.Open();
                            var command = connection.CreateCommand();
                            command.CommandText = {|#0:$"SELECT * FROM Users WHERE Username = '{username}' AND Password = '{password}'"|};
                            using var reader = command.ExecuteReader();
                            return reader.Read() ? RedirectToAction("Index") : View();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2002").WithLocation(0).WithLocation(10).WithLocation(11).WithArguments("'username', 'password'", "untrusted", "reach", "IDbCommand.CommandText", ""));
    }
}
