using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.EntryPointWithoutRateLimitingRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class EntryPointWithoutRateLimitingTests
    {
        // ---- vulnerable ----

        [Fact]
        public Task ControllerActionsRazorHandlersAndMinimalApis_WithoutALimit_Fire_AuthorizedOrNot()
            => new Verify.Test("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                [ApiController, Route("orders"), Authorize]
                public class OrdersController : ControllerBase
                {
                    [HttpGet]
                    public IActionResult {|#0:List|}() => Ok();
                }

                public class ContactPage : PageModel
                {
                    public void {|#1:OnPost|}() { }
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.List", "Internet"),
                    Verify.Diagnostic().WithLocation(1).WithArguments("ContactPage.OnPost", "Internet"));

        [Fact]
        public Task OverloadedActions_DeclaredOrInherited_AreNamedWithTheirParameters_ANonActionNamesakeLeavesTheNamePlain()
            => new Verify.Test("""
                using Microsoft.AspNetCore.Mvc;

                public class ProductFilter { public int Page { get; set; } }

                [ApiController, Route("products")]
                public class ProductsController : ControllerBase
                {
                    [HttpGet("{id}")]
                    public IActionResult {|#0:Get|}(int id) => Ok();

                    [HttpGet]
                    public IActionResult {|#1:Get|}([FromQuery] ProductFilter filter) => Ok();

                    [HttpDelete("{id}")]
                    public IActionResult {|#2:Delete|}(int id) => Ok();

                    [NonAction]
                    public IActionResult Delete(string reason) => Ok();
                }

                public abstract class LookupController : ControllerBase
                {
                    [HttpGet("{id}")]
                    public IActionResult Find(int id) => Ok();
                }

                [ApiController, Route("orders")]
                public class {|#4:OrdersController|} : LookupController
                {
                    [HttpGet("by-code/{code}")]
                    public IActionResult {|#3:Find|}(string code) => Ok();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Get(int)", "Internet"),
                    Verify.Diagnostic().WithLocation(1).WithArguments("ProductsController.Get(ProductFilter)", "Internet"),
                    Verify.Diagnostic().WithLocation(2).WithArguments("ProductsController.Delete", "Internet"),
                    Verify.Diagnostic().WithLocation(3).WithArguments("OrdersController.Find(string)", "Internet"),
                    Verify.Diagnostic().WithLocation(4).WithArguments("OrdersController.Find(int)", "Internet"));

        [Fact]
        public Task OverloadedActions_OfAGenericBaseController_ArrayAndNullableParameters_AreNamedWithTheirTypes()
            => new Verify.Test("""
                using System.Collections.Generic;
                using Microsoft.AspNetCore.Mvc;

                public class Product { public int Id { get; set; } }

                public abstract class CrudController<TEntity> : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Post(TEntity item) => Ok();
                }

                [ApiController, Route("products")]
                public class {|#0:ProductsController|} : CrudController<Product>
                {
                    [HttpPost("bulk")]
                    public IActionResult {|#1:Post|}(List<Product> items) => Ok();

                    [HttpGet("by-ids")]
                    public IActionResult {|#2:Get|}([FromQuery] int[] ids) => Ok();

                    [HttpGet]
                    public IActionResult {|#3:Get|}(int? page) => Ok();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Post(Product)", "Internet"),
                    Verify.Diagnostic().WithLocation(1).WithArguments("ProductsController.Post(List<…>)", "Internet"),
                    Verify.Diagnostic().WithLocation(2).WithArguments("ProductsController.Get(int[])", "Internet"),
                    Verify.Diagnostic().WithLocation(3).WithArguments("ProductsController.Get(int?)", "Internet"));

        [Fact]
        public Task MinimalApis_OutsideTheLimitedGroup_Fire()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("api", w => { w.PermitLimit = 10; w.Window = System.TimeSpan.FromSeconds(1); }));
                var app = builder.Build();
                app.UseRateLimiter();
                app.MapGroup("/api").RequireRateLimiting("api").MapGet("/orders", () => Results.Ok());
                app.{|#0:MapPost|}("/login", (string user) => Results.Ok()).RequireAuthorization();
                app.Run();
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("POST /login", "Internet"));

        [Fact]
        public Task LambdaHandler_WithoutRateLimited_Fires_AndAGlobalLimiterDoesNotCoverIt()
            => new Verify.Test(Verifiers.TestSources.AwsLambdaTypes, """
                using Amazon.Lambda.APIGatewayEvents;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.Extensions.DependencyInjection;
                using System.Threading.RateLimiting;
                using ThreatAnalyzers;

                public static class Setup
                {
                    public static void Configure(IServiceCollection services)
                        => services.AddRateLimiter(o => o.GlobalLimiter = PartitionedRateLimiter.Create<Microsoft.AspNetCore.Http.HttpContext, string>(
                            _ => RateLimitPartition.GetNoLimiter("all")));
                }

                public class Functions
                {
                    public APIGatewayProxyResponse {|#0:Handle|}(APIGatewayProxyRequest request) => new();

                    [RateLimited]
                    public APIGatewayProxyResponse Throttled(APIGatewayProxyRequest request) => new();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("Functions.Handle", "Internet"));

        // ---- silent ----

        [Fact]
        public Task GlobalLimiter_CoversEveryAspNetCoreEndpoint()
            => Verify.VerifyProgramAsync("""
                using System.Threading.RateLimiting;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRateLimiter(options =>
                {
                    options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                        RateLimitPartition.GetFixedWindowLimiter(http.Connection.RemoteIpAddress?.ToString() ?? "", _ => new FixedWindowRateLimiterOptions { PermitLimit = 100, Window = System.TimeSpan.FromMinutes(1) }));
                });
                var app = builder.Build();
                app.UseRateLimiter();
                app.MapGet("/orders", () => Results.Ok());
                app.MapControllers();
                app.Run();

                public class HomeController : Controller
                {
                    public IActionResult Index() => View();
                }
                """);

        [Fact]
        public Task AttributesConventionsGroupsAndDecisions_AreSilent()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.AspNetCore.Routing;
                using Microsoft.Extensions.DependencyInjection;
                using ThreatAnalyzers;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRateLimiter(o => o.AddConcurrencyLimiter("uploads", c => c.PermitLimit = 4));
                var app = builder.Build();
                app.UseRateLimiter();
                app.MapGet("/health", () => Results.Ok()).DisableRateLimiting();
                app.MapPost("/upload", () => Results.Ok()).RequireRateLimiting("uploads");
                app.MapGet("/meta", () => Results.Ok()).WithMetadata(new EnableRateLimitingAttribute("uploads"));
                app.MapGet("/attr", [EnableRateLimiting("uploads")] () => Results.Ok());
                var api = app.MapGroup("/api");
                api.RequireRateLimiting("uploads");
                api.MapGet("/a", () => Results.Ok());
                app.MapGroup("/v2").RequireRateLimiting("uploads").MapOrders();
                app.Run();

                static class OrderEndpoints
                {
                    public static RouteGroupBuilder MapOrders(this RouteGroupBuilder group)
                    {
                        group.MapGet("/orders", () => Results.Ok());
                        return group;
                    }
                }

                [EnableRateLimiting("uploads")]
                public class FilesController : ControllerBase
                {
                    [HttpGet("files")] public IActionResult List() => Ok();

                    [HttpGet("ping"), DisableRateLimiting] public IActionResult Ping() => Ok();
                }

                public class ReportsController : ControllerBase
                {
                    [HttpGet("reports"), EnableRateLimiting("uploads")] public IActionResult Get() => Ok();
                }

                [RateLimited]
                public class GatewayController : ControllerBase
                {
                    [HttpGet("gw")] public IActionResult Get() => Ok();
                }

                [EnableRateLimiting("uploads")]
                public class SignUpPage : PageModel
                {
                    public void OnPost() { }
                }

                [TrustBoundary("Partner queue")]
                public class PartnerConsumer
                {
                    public void Receive(string message) { }
                }
                """);

        [Fact]
        public Task AnApplicationsOwnHelperThatRequiresRateLimiting_CoversTheGroup()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.AspNetCore.Routing;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("per-user", w => w.PermitLimit = 10));
                var app = builder.Build();
                app.UseRateLimiter();
                var todos = app.MapGroup("/todos");
                todos.RequirePerUserRateLimit();
                todos.MapGet("/", () => Results.Ok());
                app.Run();

                static class Limits
                {
                    public static TBuilder RequirePerUserRateLimit<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder
                        => builder.RequireRateLimiting("per-user");
                }
                """);

        [Fact]
        public Task MapControllersWithRequireRateLimiting_CoversEveryAction()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRateLimiter(o => o.AddSlidingWindowLimiter("portal", w => { w.PermitLimit = 10; w.Window = System.TimeSpan.FromSeconds(10); w.SegmentsPerWindow = 2; }));
                var app = builder.Build();
                app.UseRateLimiter();
                app.MapControllers().RequireRateLimiting("portal");
                app.Run();

                public class OrdersController : ControllerBase
                {
                    [HttpGet("orders")] public IActionResult List() => Ok();
                }
                """);
    }
}
