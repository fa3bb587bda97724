using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.SqlFromUntrustedInputRule,
    ThreatAnalyzers.CodeFixes.Rules.SqlFromUntrustedInputFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class SqlFromUntrustedInputFixerTests
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

        [Fact]
        public Task EfCoreRawSql_BecomesInterpolated_QuotesAroundValuesDropped_FixAll()
            => new Verify.Test
            {
                References = TestReferences.WebWithLibraries,
                CodeActionEquivalenceKey = "TA2002.Interpolated",
                TestState =
                {
                    Sources =
                    {
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
                                public IActionResult Search(string {|#10:name|}, string {|#11:prefix|})
                                    => Ok(db.Products.FromSqlRaw({|#0:$"SELECT * FROM Products WHERE Name = '{name}' OR Name LIKE '{prefix}%'"|}).ToList());

                                [HttpPost("rename")]
                                public async Task<IActionResult> Rename(int id, string {|#12:name|})
                                {
                                    db.Database.ExecuteSqlRaw({|#1:$"UPDATE Products SET Name = '{name}' WHERE Id = {id}"|});
                                    await db.Database.ExecuteSqlRawAsync({|#2:$"DELETE FROM Products WHERE Name = '{name}'"|});
                                    return Ok(db.Database.SqlQueryRaw<string>({|#3:$"SELECT Name FROM Products WHERE Name = '{name}'"|}).ToList());
                                }
                            }
                        }
                        """,
                        Store,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
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
                                public IActionResult Search(string name, string prefix)
                                    => Ok(db.Products.FromSqlInterpolated($"SELECT * FROM Products WHERE Name = {name} OR Name LIKE {prefix + "%"}").ToList());

                                [HttpPost("rename")]
                                public async Task<IActionResult> Rename(int id, string name)
                                {
                                    db.Database.ExecuteSqlInterpolated($"UPDATE Products SET Name = {name} WHERE Id = {id}");
                                    await db.Database.ExecuteSqlInterpolatedAsync($"DELETE FROM Products WHERE Name = {name}");
                                    return Ok(db.Database.SqlQuery<string>($"SELECT Name FROM Products WHERE Name = {name}").ToList());
                                }
                            }
                        }
                        """,
                        Store,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA2002").WithLocation(0).WithLocation(10).WithLocation(11).WithArguments("'name', 'prefix'", "untrusted", "reach", "FromSqlRaw", ""),
                Verify.Diagnostic("TA2002").WithLocation(1).WithLocation(12).WithArguments("'name'", "untrusted", "reaches", "ExecuteSqlRaw", ""),
                Verify.Diagnostic("TA2002").WithLocation(2).WithLocation(12).WithArguments("'name'", "untrusted", "reaches", "ExecuteSqlRawAsync", ""),
                Verify.Diagnostic("TA2002").WithLocation(3).WithLocation(12).WithArguments("'name'", "untrusted", "reaches", "SqlQueryRaw", ""));

        [Fact]
        public Task DbCommand_ValuesBecomeParameters_AddWithValueOrCreateParameter_FixAll()
            => new Verify.Test
            {
                References = TestReferences.WebWithLibraries,
                OutputKind = OutputKind.ConsoleApplication,
                CodeActionEquivalenceKey = "TA2002.Parameters",
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.Data;
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.Data.Sqlite;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapGet("/a", (string {|#10:name|}, string {|#11:city|}) =>
                        {
                            using var connection = new SqliteConnection("Data Source=shop.db");
                            using var command = new SqliteCommand({|#0:"SELECT * FROM Customers WHERE Name = '" + name + "' AND City = '" + city + "'"|}, connection);
                            return command.ExecuteScalar()?.ToString();
                        });
                        app.MapGet("/b", (string {|#12:name|}) =>
                        {
                            using IDbConnection connection = new SqliteConnection("Data Source=shop.db");
                            using IDbCommand command = connection.CreateCommand();
                            command.CommandText = {|#1:$"SELECT * FROM Customers WHERE Name LIKE '%{name}%'"|};
                            return command.ExecuteScalar()?.ToString();
                        });
                        app.Run();
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System.Data;
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.Data.Sqlite;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapGet("/a", (string name, string city) =>
                        {
                            using var connection = new SqliteConnection("Data Source=shop.db");
                            using var command = new SqliteCommand("SELECT * FROM Customers WHERE Name = @p0 AND City = @p1", connection);
                            command.Parameters.AddWithValue("@p0", name);
                            command.Parameters.AddWithValue("@p1", city);
                            return command.ExecuteScalar()?.ToString();
                        });
                        app.MapGet("/b", (string name) =>
                        {
                            using IDbConnection connection = new SqliteConnection("Data Source=shop.db");
                            using IDbCommand command = connection.CreateCommand();
                            command.CommandText = "SELECT * FROM Customers WHERE Name LIKE @p0";
                            var parameter0 = command.CreateParameter();
                            parameter0.ParameterName = "@p0";
                            parameter0.Value = "%" + name + "%";
                            command.Parameters.Add(parameter0);
                            return command.ExecuteScalar()?.ToString();
                        });
                        app.Run();
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA2002").WithLocation(0).WithLocation(10).WithLocation(11).WithArguments("'name', 'city'", "untrusted", "reach", "new SqliteCommand", ""),
                Verify.Diagnostic("TA2002").WithLocation(1).WithLocation(12).WithArguments("'name'", "untrusted", "reaches", "IDbCommand.CommandText", ""));

        [Fact]
        public Task ThroughAHelper_OrTwoValuesInOneLiteral_HasNoMechanicalFix()
            => new Verify.Test
            {
                References = TestReferences.WebWithLibraries,
                TestState =
                {
                    Sources =
                    {
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
                                public IActionResult Search(string {|#10:name|}) => Ok(Find({|#0:name|}));

                                [HttpGet("full")]
                                public IActionResult Full(string {|#11:first|}, string {|#12:last|})
                                    => Ok(db.Products.FromSqlRaw({|#2:$"SELECT * FROM Products WHERE Name = '{first} {last}'"|}).ToList());

                                private int Find(string text) => db.Products.FromSqlRaw({|#1:"SELECT * FROM Products WHERE Name = '" + text + "'"|}).Count();
                            }
                        }
                        """,
                        Store,
                    },
                },
                FixedState = { MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(
                Verify.Diagnostic("TA2002").WithLocation(0).WithLocation(10).WithLocation(1).WithArguments("'name'", "untrusted", "reaches", "FromSqlRaw", " via ProductsController.Find"),
                Verify.Diagnostic("TA2002").WithLocation(2).WithLocation(11).WithLocation(12).WithArguments("'first', 'last'", "untrusted", "reach", "FromSqlRaw", ""));
    }
}
