using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.StateChangeWithoutAuditTrailRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>
    /// TA3001 (CWE-778): an entry point that writes to a data store, itself or down its calls, where neither it nor anything
    /// it calls writes a log entry (Information or above) or is [Audited], and the store is not [Audited].
    /// </summary>
    public class StateChangeWithoutAuditTrailTests
    {
        private const string Shop = """
            using Microsoft.EntityFrameworkCore;

            public class Product
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
            }

            public class ShopDbContext : DbContext
            {
                public DbSet<Product> Products => Set<Product>();
            }
            """;

        private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
            => new Verify.Test(source, Shop) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        [Theory]
        [InlineData("db.Products.Add(product); await db.SaveChangesAsync();")]
        [InlineData("db.Update(product); db.SaveChanges();")]
        [InlineData("db.Products.Remove(product); await db.SaveChangesAsync();")]
        [InlineData("await db.Products.Where(p => p.Id == product.Id).ExecuteDeleteAsync();")]
        public Task EfCoreWrites_InTheAction_Fire(string write)
            => VerifyAsync($$"""
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                [Authorize]
                public class ProductsController(ShopDbContext db) : ControllerBase
                {
                    [HttpPost]
                    public async Task<IActionResult> {|#0:Save|}(Product product)
                    {
                        {{write}}
                        return NoContent();
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Save", "writes to 'ShopDbContext'"));

        [Fact]
        public Task ThroughAService_MinimalApi_RazorPage_AndOneFindingPerEntryPoint_Fire()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;
                using Microsoft.Data.Sqlite;
                using Dapper;

                public interface IOrders { Task Place(Product product); }

                public class Orders(ShopDbContext db) : IOrders
                {
                    public async Task Place(Product product)
                    {
                        db.Products.Add(product);
                        await db.SaveChangesAsync();
                        db.Products.Update(product);
                        await db.SaveChangesAsync();
                    }
                }

                public class OrdersController(IOrders orders) : ControllerBase
                {
                    [HttpPost]
                    public Task {|#0:Place|}(Product product) => orders.Place(product);
                }

                public class EditModel(ShopDbContext db) : PageModel
                {
                    public void {|#1:OnPost|}(Product product)
                    {
                        db.Products.Add(product);
                        db.SaveChanges();
                    }
                }

                public static class Api
                {
                    public static void Map(WebApplication app)
                    {
                        app.{|#2:MapDelete|}("/products/{id}", (int id) =>
                        {
                            using var connection = new SqliteConnection("Data Source=shop.db");
                            return connection.Execute("DELETE FROM Products WHERE Id = @id", new { id });
                        });
                    }
                }
                """,
                Shop)
            { References = TestReferences.WebWithLibraries }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Place", "writes to 'ShopDbContext' via Orders.Place"),
                Verify.Diagnostic().WithLocation(1).WithArguments("EditModel.OnPost", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(2).WithArguments("DELETE /products/{id}", "writes to 'SQLite database'"));

        /// <summary>
        /// A request-logging endpoint filter on the group (a real app's pattern: every request's method, path and user are
        /// logged at Information) is an audit trail for every endpoint behind it; a filter that does not log is not.
        /// </summary>
        [Fact]
        public Task AnEndpointFilterThatLogsEveryRequest_IsATrail()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Data.Sqlite;
                using Microsoft.Extensions.Logging;
                using Dapper;

                public sealed class RequestLoggingFilter(ILogger<RequestLoggingFilter> logger) : IEndpointFilter
                {
                    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
                    {
                        logger.LogInformation("{Method} {Path} by {User}", context.HttpContext.Request.Method, context.HttpContext.Request.Path, context.HttpContext.User.Identity?.Name);
                        return await next(context);
                    }
                }

                public sealed class TimingFilter : IEndpointFilter
                {
                    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => await next(context);
                }

                public static class Api
                {
                    public static void Map(WebApplication app)
                    {
                        var logged = app.MapGroup("/api").AddEndpointFilter<RequestLoggingFilter>();
                        logged.MapDelete("/products/{id}", (int id) =>
                        {
                            using var connection = new SqliteConnection("Data Source=shop.db");
                            return connection.Execute("DELETE FROM Products WHERE Id = @id", new { id });
                        });

                        app.MapGroup("/timed").AddEndpointFilter<TimingFilter>().{|#0:MapDelete|}("/products/{id}", (int id) =>
                        {
                            using var connection = new SqliteConnection("Data Source=shop.db");
                            return connection.Execute("DELETE FROM Products WHERE Id = @id", new { id });
                        });
                    }
                }
                """)
            { References = TestReferences.WebWithLibraries }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("DELETE /timed/products/{id}", "writes to 'SQLite database'"));

        /// <summary>
        /// The logging filter added to a root group that is passed through the application's mapping extensions (a
        /// real app's layout: MapEndpoints adds the filter, MapAccountEndpoints(this IEndpointRouteBuilder) maps on what
        /// it is given, a helper returns a sub-group): every endpoint below it is logged. A mapping method also called
        /// with a group that has no logging filter is reported, since one of its paths leaves no trail.
        /// </summary>
        [Fact]
        public Task ALoggingFilterOnAGroupPassedThroughMappingMethods_IsATrail()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Routing;
                using Microsoft.Data.Sqlite;
                using Microsoft.Extensions.Logging;
                using Dapper;

                public sealed class RequestLoggingFilter(ILogger<RequestLoggingFilter> logger) : IEndpointFilter
                {
                    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
                    {
                        logger.LogInformation("{Method} {Path}", context.HttpContext.Request.Method, context.HttpContext.Request.Path);
                        return await next(context);
                    }
                }

                public interface IEndpoint
                {
                    static abstract void Map(IEndpointRouteBuilder app);
                }

                public sealed class CloseAccount : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/close/{id}", (int id) => Endpoints.Delete(id));
                }

                public static class Endpoints
                {
                    public static void MapEndpoints(this WebApplication app)
                    {
                        var root = app.MapGroup("").AddEndpointFilter<RequestLoggingFilter>();
                        root.MapAccountEndpoints();
                        root.MapPublicGroup().MapDelete("/drafts/{id}", (int id) => Delete(id));

                        app.MapGroup("/legacy").MapArchiveEndpoints();
                    }

                    private static void MapAccountEndpoints(this IEndpointRouteBuilder app)
                    {
                        var accounts = app.MapGroup("/accounts");
                        accounts.MapDelete("/{id}", (int id) => Delete(id));
                        accounts.MapPublicGroup().MapEndpoint<CloseAccount>();
                    }

                    private static IEndpointRouteBuilder MapEndpoint<TEndpoint>(this IEndpointRouteBuilder app) where TEndpoint : IEndpoint
                    {
                        TEndpoint.Map(app);
                        return app;
                    }

                    private static RouteGroupBuilder MapPublicGroup(this IEndpointRouteBuilder group) => group.MapGroup("/public");

                    private static void MapArchiveEndpoints(this IEndpointRouteBuilder group)
                        => group.{|#0:MapDelete|}("/archive/{id}", (int id) => Delete(id));

                    internal static int Delete(int id)
                    {
                        using var connection = new SqliteConnection("Data Source=shop.db");
                        return connection.Execute("DELETE FROM Items WHERE Id = @id", new { id });
                    }
                }
                """)
            { References = TestReferences.WebWithLibraries }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("DELETE /legacy/archive/{id}", "writes to 'SQLite database' via Endpoints.Delete"));

        [Fact]
        public Task ALogEntryOnThePath_Audited_AndAuditedStores_AreSilent()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                public class Orders(ShopDbContext db, ILogger<Orders> logger)
                {
                    public async Task Place(Product product)
                    {
                        db.Products.Add(product);
                        await db.SaveChangesAsync();
                        logger.LogInformation("Product {Id} placed", product.Id);
                    }

                    [Audited]
                    public void Rename(Product product) { db.Update(product); db.SaveChanges(); }
                }

                [Audited]
                public class AuditedOrders(ShopDbContext db)
                {
                    public void Remove(Product product) { db.Remove(product); db.SaveChanges(); }
                }

                [Audited]
                public class AuditedDbContext : DbContext
                {
                    public DbSet<Product> Products => Set<Product>();
                }

                public class StampingDbContext : DbContext
                {
                    public DbSet<Product> Products => Set<Product>();

                    public override int SaveChanges() => base.SaveChanges();
                }

                public class ProductsController(Orders orders, AuditedOrders audited, ShopDbContext db, AuditedDbContext auditedDb, StampingDbContext stamping, ILogger<ProductsController> logger) : ControllerBase
                {
                    [HttpPost] public Task Place(Product product) => orders.Place(product);
                    [HttpPut] public void Rename(Product product) => orders.Rename(product);
                    [HttpDelete] public void Remove(Product product) => audited.Remove(product);
                    [HttpPost] public void ToAuditedStore(Product product) { auditedDb.Products.Add(product); auditedDb.SaveChanges(); }
                    [HttpPost] public void ToStampingStore(Product product) { stamping.Products.Add(product); stamping.SaveChanges(); }
                    [HttpPost] public void LoggedHere(Product product) { db.Add(product); db.SaveChanges(); logger.LogInformation("Added {Id}", product.Id); }
                    [HttpPost, Audited] public void AuditedHere(Product product) { db.Add(product); db.SaveChanges(); }
                    [HttpGet] public Product? Read(int id) => db.Products.Find(id);
                }

                public class AuditLog(ILogger<AuditLog> logger)
                {
                    public void Changed(int id) => logger.Log(LogLevel.Information, "Product {Id} changed", id);
                }

                public class ImportsController(ShopDbContext db, AuditLog audit) : ControllerBase
                {
                    [HttpPost] public void Import(Product product) { db.Add(product); db.SaveChanges(); audit.Changed(product.Id); }
                }

                [Audited]
                public class AdminController(ShopDbContext db) : ControllerBase
                {
                    [HttpDelete] public void Purge() { db.Products.RemoveRange(db.Products); db.SaveChanges(); }
                }
                """);

        [Fact]
        public Task DebugLevelEntries_AndDebugWrites_DoNotCount()
            => VerifyAsync("""
                using System.Diagnostics;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class Clock(ILogger<Clock> logger)
                {
                    public void Tick() => logger.LogDebug("tick");
                    public void Trace() => logger.Log(LogLevel.Trace, "trace");
                }

                public class Products(ShopDbContext db)
                {
                    public void Save(Product product) { db.Add(product); db.SaveChanges(); }
                }

                public class ProductsController(Products products, Clock clock) : ControllerBase
                {
                    [HttpPost]
                    public void {|#0:Save|}(Product product)
                    {
                        clock.Tick();
                        clock.Trace();
                        products.Save(product);
                    }

                    [HttpPut]
                    public void {|#1:Debugged|}(Product product)
                    {
                        Debug.WriteLine("saving");
                        products.Save(product);
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Save", "writes to 'ShopDbContext' via Products.Save"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ProductsController.Debugged", "writes to 'ShopDbContext' via Products.Save"));

        [Fact]
        public Task AuditedDataStores_SerilogInformation_AndLoggerMessageLevels()
            => VerifyAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                [DataStore("Ledger"), Audited]
                public class Ledger { public void Append(string entry) { } }

                [DataStore("Cache")]
                public class Cache { public void Put(string key) { } }

                public static partial class Log
                {
                    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "Cached {Key}")]
                    public static void Cached(ILogger logger, string key) { }

                    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Stored {Key}")]
                    public static void Stored(ILogger logger, string key) { }
                }

                public class EntriesController(Ledger ledger, Cache cache, ILogger<EntriesController> logger) : ControllerBase
                {
                    [HttpPost] public void ToTheLedger(string entry) => ledger.Append(entry);
                    [HttpPost] public void SerilogInformation(string key) { cache.Put(key); Serilog.Log.Information("Cached {Key}", key); }
                    [HttpPost] public void Stored(string key) { cache.Put(key); Log.Stored(logger, key); }
                    [HttpPost] public void {|#0:Cached|}(string key) { cache.Put(key); Log.Cached(logger, key); }
                    [HttpPost] public void {|#1:SerilogDebug|}(string key) { cache.Put(key); Serilog.Log.Debug("Cached {Key}", key); }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("EntriesController.Cached", "writes to 'Cache'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("EntriesController.SerilogDebug", "writes to 'Cache'"));

        [Fact]
        public Task IdentityManagers_AreNotStoreWrites_AndTheScaffoldedPagesLog()
            => VerifyAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public class ProfileController(UserManager<IdentityUser> users) : ControllerBase
                {
                    [HttpPost]
                    public async Task<IActionResult> ChangeName(string name)
                    {
                        var user = await users.GetUserAsync(User);
                        user!.UserName = name;
                        await users.UpdateAsync(user);
                        return NoContent();
                    }
                }
                """);

        [Fact]
        public Task AcceptedRisk_IsReportedSuppressed()
            => VerifyAsync("""
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class ProductsController(ShopDbContext db) : ControllerBase
                {
                    [HttpPost]
                    [AcceptsRisk("TA3001", "The table keeps its own history (temporal table)", Owner = "data-team", Expires = "2099-01-01")]
                    public void {|#0:Save|}(Product product) { db.Add(product); db.SaveChanges(); }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Save", "writes to 'ShopDbContext'").WithIsSuppressed(true));
    }
}
