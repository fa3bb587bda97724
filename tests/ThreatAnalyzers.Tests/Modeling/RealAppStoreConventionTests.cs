using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// Conventions real apps use for their stores and the services they call (issue 13), each on a small app built
    /// against the real packages: the provider shortcuts, outbound calls to a host that is not a constant.
    /// </summary>
    public class RealAppStoreConventionTests
    {
        private const string Customer = """
            using ThreatAnalyzers;

            namespace Shop
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }
            }
            """;

        [Fact]
        public void AddSqliteShortcut_NamesTheContextsProvider()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSqlite<ShopDb>("Data Source=shop.db");
                var app = builder.Build();
                app.MapPost("/customers", async (Customer customer, ShopDb db) => { db.Customers.Add(customer); await db.SaveChangesAsync(); });
                app.Run();

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            Assert.Equal("T:ShopDb", model.Element("ShopDb (SQLite)").GetProperty("id").GetString());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /customers", "ShopDb (SQLite)")!.Value.Strings("dataClasses"));
            Assert.Single(model.GetProperty("elements").EnumerateArray(), e => e.GetProperty("kind").GetString() == "dataStore");
        }

        [Theory]
        // Found on a real layered app: its store was labelled in-memory, though only development runs it so.
        [InlineData("o.UseInMemoryDatabase(\"Shop\")", "o.UseSqlServer(builder.Configuration.GetConnectionString(\"Default\"))", "ShopDb (SQL Server)")]
        [InlineData("o.UseSqlite(\"Data Source=shop.db\")", "o.UseSqlServer(builder.Configuration.GetConnectionString(\"Default\"))", "ShopDb (SQLite or SQL Server)")]
        [InlineData("o.UseInMemoryDatabase(\"Shop\")", "o.UseInMemoryDatabase(\"Other\")", "ShopDb (in-memory)")]
        public void AProviderChosenByConfiguration_NamesTheRealDatabases(string development, string otherwise, string expected)
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                $$"""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                if (builder.Configuration.GetValue<bool>("UseInMemoryDatabase"))
                {
                    builder.Services.AddDbContext<ShopDb>(o => {{development}});
                }
                else
                {
                    builder.Services.AddDbContext<ShopDb>(o => {{otherwise}});
                }

                var app = builder.Build();
                app.MapPost("/customers", async (Customer customer, ShopDb db) => { db.Customers.Add(customer); await db.SaveChangesAsync(); });
                app.Run();

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            Assert.Equal("T:ShopDb", model.Element(expected).GetProperty("id").GetString());
        }

        [Fact]
        public void AddSqliteOnSomethingElse_NamesNoProvider()
        {
            // A method of the same name whose type argument is not a DbContext says nothing about a database.
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddDbContext<ShopDb>();
                Registrations.AddSqlite<Customer>(builder.Services);
                var app = builder.Build();
                app.MapPost("/customers", async (Customer customer, ShopDb db) => { db.Customers.Add(customer); await db.SaveChangesAsync(); });
                app.Run();

                public static class Registrations
                {
                    public static IServiceCollection AddSqlite<T>(IServiceCollection services) => services;
                }

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            Assert.True(model.HasElement("ShopDb"));
            Assert.False(model.HasElement("ShopDb (SQLite)"));
        }

        private const string Fetching = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Configuration;

            namespace Shop
            {
                [ApiController]
                [Route("proxy")]
                public class SsrfController(IHttpClientFactory factory, IConfiguration configuration) : ControllerBase
                {
                    [HttpGet("fetch")]
                    public async Task<string> Fetch(string url) => await factory.CreateClient().GetStringAsync(url);

                    [HttpGet("fresh")]
                    public async Task<string> Fresh(string target) => await new HttpClient().GetStringAsync(new System.Uri(target));

                    [HttpGet("rates")]
                    public async Task<string> Rates() => await factory.CreateClient().GetStringAsync(configuration["Rates:BaseUrl"] + "/today");

                    [HttpGet("stock")]
                    public async Task<string> Stock() => await factory.CreateClient().GetStringAsync($"{configuration.GetValue<string>("Stock:Url")}/levels");

                    [HttpGet("fx")]
                    public async Task<string> Fx()
                    {
                        var baseUrl = configuration["Fx:BaseUrl"];
                        return await factory.CreateClient().GetStringAsync($"{baseUrl}/latest");
                    }

                    [HttpGet("partner")]
                    public async Task<string> Partner() => await factory.CreateClient("partner").GetStringAsync("v1/ping");

                    [HttpGet("status/{service}")]
                    public async Task<string> Service(string service) => await factory.CreateClient().GetStringAsync($"https://status.example.com/api/{service}");

                    [HttpGet("status")]
                    public async Task<string> Status() => await factory.CreateClient().GetStringAsync("https://status.example.com/api");
                }

                public class PaymentsClient(HttpClient http)
                {
                    public Task<string> Charge(string path) => http.GetStringAsync(path);
                }

                [ApiController]
                [Route("pay")]
                public class PayController(PaymentsClient payments) : ControllerBase
                {
                    [HttpPost]
                    public Task<string> Pay(string path) => payments.Charge(path);
                }
            }
            """;

        [Fact]
        public void OutboundCalls_ToAHostThatIsNotAConstant_AreNamedByWhatIsKnown_NeverByTheCaller()
        {
            var model = ModelHarness.Run(new[] { Fetching }).Model();

            Assert.False(model.HasElement("SsrfController"));
            Assert.False(model.HasElement("PayController"));

            Assert.NotNull(model.Flow("SsrfController.Fetch", "External HTTP service (host from url)"));
            Assert.NotNull(model.Flow("SsrfController.Fresh", "External HTTP service (host from target)"));
            Assert.NotNull(model.Flow("SsrfController.Rates", "External HTTP service (configuration \"Rates:BaseUrl\")"));
            Assert.NotNull(model.Flow("SsrfController.Stock", "External HTTP service (configuration \"Stock:Url\")"));
            Assert.NotNull(model.Flow("SsrfController.Fx", "External HTTP service (configuration \"Fx:BaseUrl\")"));
            Assert.NotNull(model.Flow("SsrfController.Partner", "partner"));
            Assert.NotNull(model.Flow("SsrfController.Status", "status.example.com"));
            Assert.NotNull(model.Flow("SsrfController.Service", "status.example.com"));
            Assert.Equal("entity:http:status.example.com", model.Element("status.example.com").GetProperty("id").GetString());

            // A typed client (an HttpClient injected into it) is the service, whoever calls it.
            Assert.Equal("entity:http:Shop.PaymentsClient", model.Element("PaymentsClient").GetProperty("id").GetString());
            Assert.NotNull(model.Flow("PayController.Pay", "PaymentsClient"));
        }

        private const string ShopDb = """
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }
            }
            """;

        [Fact]
        public void RawSqlOnTheContextsOwnConnection_IsTheContextsStore_NotASecondDatabase()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                ShopDb,
                """
                using System.Collections.Generic;
                using System.Data.Common;
                using System.Linq;
                using System.Threading.Tasks;
                using Dapper;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Data.Sqlite;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [ApiController]
                    [Route("reports")]
                    public class ReportsController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("count")]
                        public async Task<object> Count()
                        {
                            var connection = db.Database.GetDbConnection();
                            await connection.OpenAsync();
                            using var command = connection.CreateCommand();
                            command.CommandText = "SELECT COUNT(*) FROM Customers";
                            return await command.ExecuteScalarAsync();
                        }

                        [HttpPost("purge")]
                        public int Purge()
                        {
                            using var command = new SqliteCommand("DELETE FROM Customers WHERE Closed = 1", (SqliteConnection)db.Database.GetDbConnection());
                            return command.ExecuteNonQuery();
                        }

                        [HttpGet("emails")]
                        public IEnumerable<string> Emails() => db.Database.GetDbConnection().Query<string>("SELECT Email FROM Customers");

                        [HttpGet("ids")]
                        public List<int> Ids() => db.Database.SqlQuery<int>($"SELECT Id FROM Customers").ToList();

                        [HttpPost("touch")]
                        public int Touch() => db.Database.ExecuteSqlRaw("UPDATE Customers SET Seen = 1");
                    }
                }
                """,
            }).Model();

            var stores = model.GetProperty("elements").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "dataStore").Select(e => e.GetProperty("name").GetString()).ToArray();
            Assert.Equal(new[] { "ShopDb" }, stores);
            Assert.NotNull(model.Flow("ShopDb", "ReportsController.Count"));
            Assert.NotNull(model.Flow("ReportsController.Purge", "ShopDb"));
            Assert.NotNull(model.Flow("ShopDb", "ReportsController.Emails"));
            Assert.NotNull(model.Flow("ShopDb", "ReportsController.Ids"));
            Assert.NotNull(model.Flow("ReportsController.Touch", "ShopDb"));
        }

        [Fact]
        public void RawSqlOnAConnectionOfItsOwn_StaysItsOwnStore()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                ShopDb,
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Data.Sqlite;

                namespace Shop
                {
                    [ApiController]
                    [Route("legacy")]
                    public class LegacyController(ShopDb db) : ControllerBase
                    {
                        [HttpGet]
                        public object Count()
                        {
                            using var connection = new SqliteConnection("Data Source=legacy.db");
                            connection.Open();
                            using var command = connection.CreateCommand();
                            command.CommandText = "SELECT COUNT(*) FROM Orders";
                            return command.ExecuteScalar();
                        }
                    }
                }
                """,
            }).Model();

            Assert.NotNull(model.Flow("SQLite database", "LegacyController.Count"));

            // The context is a store of the model (it is declared), but nothing the raw command does reaches it.
            Assert.DoesNotContain(model.GetProperty("flows").EnumerateArray(), f => f.GetProperty("from").GetString() == "T:Shop.ShopDb" || f.GetProperty("to").GetString() == "T:Shop.ShopDb");
        }

        private const string ConnectionFromConfiguration = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Data.Sqlite;
            using Microsoft.Extensions.Configuration;

            namespace Shop
            {
                [ApiController]
                [Route("legacy")]
                public class LegacyController(IConfiguration configuration) : ControllerBase
                {
                    [HttpGet]
                    public object Count()
                    {
                        using var connection = new SqliteConnection(configuration.GetConnectionString("Default"));
                        connection.Open();
                        using var command = connection.CreateCommand();
                        command.CommandText = "SELECT COUNT(*) FROM Customers";
                        return command.ExecuteScalar();
                    }
                }
            }
            """;

        [Fact]
        public void ConnectionMadeFromTheContextsConnectionString_IsTheContextsStore()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                ShopDb,
                ConnectionFromConfiguration,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddDbContext<ShopDb>(o => o.UseSqlite(builder.Configuration.GetConnectionString("Default")));
                builder.Services.AddControllers();
                var app = builder.Build();
                app.MapControllers();
                app.Run();
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            var stores = model.GetProperty("elements").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "dataStore").Select(e => e.GetProperty("name").GetString()).ToArray();
            Assert.Equal(new[] { "ShopDb (SQLite)" }, stores);
            Assert.Equal("T:Shop.ShopDb", model.Element("ShopDb (SQLite)").GetProperty("id").GetString());
            Assert.NotNull(model.Flow("ShopDb (SQLite)", "LegacyController.Count"));
        }

        [Fact]
        public void ConnectionMadeFromAConnectionStringNoContextUses_IsNamedByIt()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                ShopDb,
                ConnectionFromConfiguration,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSqlite<ShopDb>(builder.Configuration["ConnectionStrings:Shop"]);
                builder.Services.AddControllers();
                var app = builder.Build();
                app.MapControllers();
                app.Run();
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            Assert.Equal("store:relational:connection:ConnectionStrings:Default", model.Element("SQLite database (Default)").GetProperty("id").GetString());
            Assert.NotNull(model.Flow("SQLite database (Default)", "LegacyController.Count"));
        }
    }
}
