using System.Threading.Tasks;
using ThreatAnalyzers.Rules;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.NoExplicitAuthenticationDecisionRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class NoExplicitAuthenticationDecisionAnalyzerTests
    {
        // ---- [TrustBoundary] ----

        [Fact]
        public Task TrustBoundaryMethod_WithoutAuthentication_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                public class PatientsApi
                {
                    [TrustBoundary("Internet")]
                    public string {|#0:Get|}(string id) => id;
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("PatientsApi.Get", "Internet"));

        [Fact]
        public Task TrustBoundaryType_EveryPublicMethodIsAnEntryPoint()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [TrustBoundary("Partner network")]
                public class OrdersFeed
                {
                    public void {|#0:Receive|}(string order) { }
                    public static void {|#1:Ping|}() { }
                    internal void Helper() { }
                    private void Parse() { }
                    public string Name { get; set; }
                    public OrdersFeed() { }
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("OrdersFeed.Receive", "Partner network"),
                Verify.Diagnostic("TA1008").WithLocation(1).WithArguments("OrdersFeed.Ping", "Partner network"));

        [Theory]
        [InlineData("[Authenticated]", "")]
        [InlineData("[RequiresRole(\"Admin\")]", "")]
        [InlineData("", "[Authenticated]")]
        [InlineData("[Microsoft.AspNetCore.Authorization.Authorize]", "")]
        [InlineData("", "[Microsoft.AspNetCore.Authorization.Authorize(Roles = \"Admin\")]")]
        [InlineData("[Microsoft.AspNetCore.Authorization.AllowAnonymous]", "")]
        public Task TrustBoundary_WithAuthenticationOrAnonymousOnPurpose_IsSilent(string onMethod, string onType)
            => Verify.VerifyAnalyzerAsync($$"""
                using ThreatAnalyzers;

                {{onType}}
                public class PatientsApi
                {
                    [TrustBoundary("Internet")]
                    {{onMethod}}
                    public string Get(string id) => id;
                }
                """);

        [Fact]
        public Task TrustBoundary_AuthenticatedOnBaseClass_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [Authenticated]
                public abstract class SecuredApi { }

                [TrustBoundary("Internet")]
                public class PatientsApi : SecuredApi
                {
                    public string Get(string id) => id;
                }
                """);

        [Fact]
        public Task CustomAuthorizeDataAttribute_Counts()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Microsoft.AspNetCore.Authorization;
                using ThreatAnalyzers;

                public sealed class AdminOnlyAttribute : Attribute, IAuthorizeData
                {
                    public string Policy { get; set; } = "Admin";
                    public string Roles { get; set; }
                    public string AuthenticationSchemes { get; set; }
                }

                [TrustBoundary("Internet")]
                public class AdminApi
                {
                    [AdminOnly]
                    public void Purge() { }
                }
                """);

        // ---- MVC controllers ----

        [Fact]
        public Task ControllerAction_WithoutAuthorization_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                [ApiController]
                [Route("api/[controller]")]
                public class PatientsController : ControllerBase
                {
                    [HttpGet("{id}")]
                    public IActionResult {|#0:Get|}(int id) => Ok(id);

                    [HttpPost]
                    public IActionResult {|#1:Create|}([FromBody] string name) => Ok(name);

                    [NonAction]
                    public void NotAnAction() { }

                    protected void Helper() { }

                    public static void StaticHelper() { }
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("PatientsController.Get", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(1).WithArguments("PatientsController.Create", "Internet"));

        [Fact]
        public Task PocoController_ByName_Fires()
            => Verify.VerifyAnalyzerAsync("""
                public class HealthController
                {
                    public string {|#0:Status|}() => "ok";
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("HealthController.Status", "Internet"));

        [Fact]
        public Task ControllerWithTrustBoundary_UsesItsBoundaryName()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                [TrustBoundary("Partner network")]
                public class InvoicesController : ControllerBase
                {
                    public IActionResult {|#0:Get|}() => Ok();
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("InvoicesController.Get", "Partner network"));

        [Fact]
        public Task NotControllers_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public abstract class BaseApiController : ControllerBase
                {
                    public IActionResult Shared() => Ok();
                }

                [NonController]
                public class InternalController
                {
                    public void Run() { }
                }

                internal class HiddenController
                {
                    public void Run() { }
                }

                public class PatientService
                {
                    public void Save() { }
                }
                """);

        [Theory]
        [InlineData("[Authorize]", "", "")]
        [InlineData("", "[Authorize]", "")]
        [InlineData("", "", "[Authorize]")]
        [InlineData("[AllowAnonymous]", "", "")]
        [InlineData("", "[AllowAnonymous]", "")]
        [InlineData("", "[Authorize(Policy = \"Clinician\")]", "")]
        public Task ControllerAction_WithAuthorizationAttributes_IsSilent(string onBase, string onController, string onAction)
            => Verify.VerifyAnalyzerAsync($$"""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                {{onBase}}
                public abstract class ApiControllerBase : ControllerBase { }

                {{onController}}
                public class PatientsController : ApiControllerBase
                {
                    {{onAction}}
                    public IActionResult Get(int id) => Ok(id);
                }
                """);

        [Theory]
        [InlineData("app.MapControllers().RequireAuthorization();")]
        [InlineData("app.MapControllers().RequireAuthorization(\"Clinician\");")]
        [InlineData("var controllers = app.MapControllers(); controllers.RequireAuthorization();")]
        [InlineData("app.MapControllers().AllowAnonymous();")]
        [InlineData("app.MapDefaultControllerRoute().RequireAuthorization();")]
        public Task ControllerAction_WithConventionOnMapControllers_IsSilent(string mapping)
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Mvc;

                public class PatientsController : ControllerBase
                {
                    public IActionResult Get(int id) => Ok(id);
                }
                """,
                $$"""
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                {{mapping}}
                app.Run();
                """) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }.RunWithAsync();

        [Fact]
        public Task ControllerAction_MapControllersWithoutConvention_Fires()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Mvc;

                public class PatientsController : ControllerBase
                {
                    public IActionResult {|#0:Get|}(int id) => Ok(id);
                }
                """,
                """
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapControllers().WithName("api");
                app.Run();
                """) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }
                .RunWithAsync(Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("PatientsController.Get", "Internet"));

        [Theory]
        [InlineData("builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());")]
        [InlineData("builder.Services.AddAuthorization(o => { o.FallbackPolicy = o.DefaultPolicy; });")]
        [InlineData("builder.Services.AddAuthorizationBuilder().SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireRole(\"Staff\").Build());")]
        [InlineData("var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build(); builder.Services.AddAuthorization(o => o.FallbackPolicy = policy);")]
        public Task FallbackPolicyRequiringAuthenticatedUsers_ProtectsControllersAndMinimalApis(string configuration)
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Mvc;

                public class PatientsController : ControllerBase
                {
                    public IActionResult Get(int id) => Ok(id);
                }
                """,
                $$"""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                {{configuration}}
                var app = builder.Build();
                app.MapGet("/patients", () => "all");
                app.MapControllers();
                app.Run();
                """) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }.RunWithAsync();

        [Fact]
        public Task FallbackPolicyThatAllowsAnyone_DoesNotProtect()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build());
                var app = builder.Build();
                app.{|#0:MapGet|}("/patients", () => "all");
                app.Run();
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /patients", "Internet"));

        [Fact]
        public Task FallbackPolicy_DoesNotProtectNonHttpEntryPoints()
            => new Verify.Test(
                TestSources_TrustBoundaryWorker,
                """
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddAuthorization(o => o.FallbackPolicy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
                builder.Build().Run();
                """) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }
                .RunWithAsync(Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("QueueConsumer.Handle", "Message queue"));

        private const string TestSources_TrustBoundaryWorker = """
            using ThreatAnalyzers;

            public class QueueConsumer
            {
                [TrustBoundary("Message queue")]
                public void {|#0:Handle|}(string message) { }
            }
            """;

        // ---- Razor Pages ----

        [Fact]
        public Task RazorPageHandlers_WithoutAuthorization_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                public class ProfileModel : PageModel
                {
                    public void {|#0:OnGet|}() { }

                    // Razor Pages ignore [Authorize] on handler methods: only the page model's attribute protects the page.
                    [Authorize]
                    public Task {|#1:OnPostDeleteAsync|}(int id) => Task.CompletedTask;

                    public void OnboardingHelper() { }
                    public void Onget() { }
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("ProfileModel.OnGet", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(1).WithArguments("ProfileModel.OnPostDeleteAsync", "Internet"));

        [Theory]
        [InlineData("[Authorize]", "")]
        [InlineData("[AllowAnonymous]", "")]
        [InlineData("", "app.MapRazorPages().RequireAuthorization();")]
        public Task RazorPageHandlers_WithPageAuthorization_AreSilent(string onPage, string mapping)
            => new Verify.Test(
                $$"""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                {{onPage}}
                public class ProfileModel : PageModel
                {
                    public void OnGet() { }
                }
                """,
                $$"""
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                {{mapping}}
                app.Run();
                """) { OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }.RunWithAsync();

        // ---- Minimal APIs ----

        [Fact]
        public Task MinimalApi_WithoutAuthorization_Fires()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.CreateBuilder(args).Build();
                app.{|#0:MapGet|}("/patients/{id}", (int id) => Results.Ok(id));
                app.{|#1:MapPost|}("/patients", (string name) => Results.Created("/patients/1", name)).WithName("CreatePatient");
                app.{|#2:MapPut|}("/patients/{id}", (int id) => Results.NoContent());
                app.{|#3:MapDelete|}("/patients/{id}", (int id) => Results.NoContent());
                app.{|#4:MapPatch|}("/patients/{id}", (int id) => Results.NoContent());
                app.{|#5:MapMethods|}("/patients", new[] { "GET", "head" }, () => "all");
                app.{|#6:Map|}("/echo", (HttpContext context) => context.Request.Path.Value);
                app.Run();
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /patients/{id}", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(1).WithArguments("POST /patients", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(2).WithArguments("PUT /patients/{id}", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(3).WithArguments("DELETE /patients/{id}", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(4).WithArguments("PATCH /patients/{id}", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(5).WithArguments("GET,HEAD /patients", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(6).WithArguments("/echo", "Internet"));

        [Fact]
        public Task MinimalApi_InUnprotectedGroups_FiresWithTheFullRoute()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.CreateBuilder(args).Build();
                var api = app.MapGroup("/api");
                var patients = api.MapGroup("patients").WithTags("Patients");
                patients.{|#0:MapGet|}("/{id}", (int id) => id);
                app.MapGroup("/v2/").{|#1:MapGet|}("/", () => "root");
                app.Run();
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /api/patients/{id}", "Internet"),
                Verify.Diagnostic("TA1008").WithLocation(1).WithArguments("GET /v2", "Internet"));

        [Fact]
        public Task GroupsMadeByHelpers_PassOnTheirPrefixAndConventions()
            => Verify.VerifyProgramAsync(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.CreateBuilder(args).Build();
                app.Authed().MapGet("/x", () => "x");
                app.Public().MapGet("/y", () => "y");
                app.Plain().{|#0:MapGet|}("/z", () => "z");
                app.MapAuthorizedGroup("/posts").MapPost("/", () => "p");
                app.Run();

                static class Groups
                {
                    public static RouteGroupBuilder Authed(this IEndpointRouteBuilder app) => app.MapGroup("/a").RequireAuthorization();

                    public static RouteGroupBuilder Public(this IEndpointRouteBuilder app) => app.MapGroup("/p").AllowAnonymous();

                    public static RouteGroupBuilder Plain(this IEndpointRouteBuilder app) => app.MapGroup("/plain");

                    public static RouteGroupBuilder MapAuthorizedGroup(this IEndpointRouteBuilder app, string prefix)
                    {
                        var group = app.MapGroup(prefix);
                        group.RequireAuthorization();
                        return group;
                    }
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /plain/z", "Internet"));

        [Fact]
        public Task EndpointTypesMappedThroughAStaticAbstractMember_TakeTheDecisionOfTheirGroup()
            => Verify.VerifyProgramAsync(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.CreateBuilder(args).Build();
                var notes = app.MapGroup("/notes");
                notes.MapGroup("").RequireAuthorization().Endpoint<AddNote>().Endpoint<EditNote>().Endpoint<RemoveNote>();
                notes.MapGroup("").AllowAnonymous().Endpoint<ReadNote>();
                notes.Endpoint<ExportNotes>();
                app.Run();

                public interface IEndpoint
                {
                    static abstract void Map(IEndpointRouteBuilder app);
                }

                static class Mapping
                {
                    public static IEndpointRouteBuilder Endpoint<T>(this IEndpointRouteBuilder app) where T : IEndpoint
                    {
                        T.Map(app);
                        return app;
                    }
                }

                public class AddNote : IEndpoint { public static void Map(IEndpointRouteBuilder app) => app.MapPost("/", () => "a"); }

                public class EditNote : IEndpoint { public static void Map(IEndpointRouteBuilder app) => app.MapPut("/{id}", (int id) => "e"); }

                public class RemoveNote : IEndpoint { public static void Map(IEndpointRouteBuilder app) => app.MapDelete("/{id}", (int id) => "r"); }

                public class ReadNote : IEndpoint { public static void Map(IEndpointRouteBuilder app) => app.MapGet("/{id}", (int id) => "n"); }

                public class ExportNotes : IEndpoint { public static void Map(IEndpointRouteBuilder app) => app.{|#0:MapGet|}("/export", () => "x"); }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /notes/export", "Internet"));

        [Theory]
        [InlineData("app.MapGet(\"/p\", () => 1).RequireAuthorization();")]
        [InlineData("app.MapGet(\"/p\", () => 1).WithName(\"p\").RequireAuthorization(\"Clinician\");")]
        [InlineData("app.MapGet(\"/p\", () => 1).AllowAnonymous();")]
        [InlineData("var endpoint = app.MapGet(\"/p\", () => 1); endpoint.RequireAuthorization();")]
        [InlineData("app.MapGet(\"/p\", () => 1).WithMetadata(new AuthorizeAttribute());")]
        [InlineData("app.MapGet(\"/p\", () => 1).WithMetadata(new AllowAnonymousAttribute());")]
        [InlineData("app.MapGet(\"/p\", [Authorize] () => 1);")]
        [InlineData("app.MapGet(\"/p\", [AllowAnonymous] () => 1);")]
        [InlineData("app.MapGet(\"/p\", [ThreatAnalyzers.Authenticated] () => 1);")]
        [InlineData("app.MapGet(\"/p\", Handlers.Secured);")]
        [InlineData("app.MapGroup(\"/api\").RequireAuthorization().MapGet(\"/p\", () => 1);")]
        [InlineData("var api = app.MapGroup(\"/api\").RequireAuthorization(); api.MapGet(\"/p\", () => 1);")]
        [InlineData("var api = app.MapGroup(\"/api\"); api.MapGet(\"/p\", () => 1); api.RequireAuthorization();")]
        [InlineData("var api = app.MapGroup(\"/api\").RequireAuthorization(); var inner = api.MapGroup(\"/inner\"); inner.MapGet(\"/p\", () => 1);")]
        [InlineData("var api = app.MapGroup(\"/api\").AllowAnonymous(); api.MapGet(\"/p\", () => 1);")]
        public Task MinimalApi_WithAuthorization_IsSilent(string mapping)
            => Verify.VerifyProgramAsync($$"""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.CreateBuilder(args).Build();
                {{mapping}}
                app.Run();

                static class Handlers
                {
                    [Authorize]
                    public static int Secured() => 1;
                }
                """);

        [Theory]
        [InlineData("app.MapGroup(\"/api\").RequireAuthorization().MapPatients();")]
        [InlineData("var api = app.MapGroup(\"/api\"); api.RequireAuthorization(); Routes.MapPatients(api);")]
        [InlineData("app.MapGroup(\"/a\").RequireAuthorization().MapPatients(); app.MapGroup(\"/b\").AllowAnonymous().MapPatients();")]
        public Task MinimalApi_MappedThroughAMethod_IsSilentWhenEveryCallSiteIsProtected(string mapping)
            => Verify.VerifyProgramAsync($$"""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.CreateBuilder(args).Build();
                {{mapping}}
                app.Run();

                static class Routes
                {
                    public static IEndpointRouteBuilder MapPatients(this IEndpointRouteBuilder routes)
                    {
                        routes.MapGet("/patients", () => "all");
                        return routes;
                    }
                }
                """);

        [Fact]
        public Task MinimalApi_MappedThroughAMethod_FiresWhenACallSiteIsUnprotected()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGroup("/secure").RequireAuthorization().MapPatients();
                app.MapGroup("/open").MapPatients();
                app.Run();

                static class Routes
                {
                    public static IEndpointRouteBuilder MapPatients(this IEndpointRouteBuilder routes)
                    {
                        routes.{|#0:MapGet|}("/patients", () => "all");
                        return routes;
                    }
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /patients", "Internet"));

        [Fact]
        public Task MinimalApi_ConventionOnAnotherEndpoint_DoesNotProtectThisOne()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                var api = app.MapGroup("/api");
                api.MapGet("/a", () => 1).RequireAuthorization();
                api.{|#0:MapGet|}("/b", () => 2);
                app.Run();
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /api/b", "Internet"));

        [Fact]
        public Task MinimalApi_UserDefinedRequireAuthorization_DoesNotCount()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                app.{|#0:MapGet|}("/p", () => 1).RequireAuthorization(true);
                app.Run();

                static class Fake
                {
                    public static RouteHandlerBuilder RequireAuthorization(this RouteHandlerBuilder builder, bool pretend) => builder;
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /p", "Internet"));

        // ---- AWS Lambda ----

        [Fact]
        public Task LambdaHandler_WithoutAuthentication_Fires()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Amazon.Lambda.APIGatewayEvents;
                using Amazon.Lambda.Core;

                public class Function
                {
                    public APIGatewayProxyResponse {|#0:Handler|}(APIGatewayProxyRequest request, ILambdaContext context)
                        => new APIGatewayProxyResponse { StatusCode = 200, Body = request.Body };

                    public Task<APIGatewayHttpApiV2ProxyResponse> {|#1:HttpApi|}(APIGatewayHttpApiV2ProxyRequest request)
                        => Task.FromResult(new APIGatewayHttpApiV2ProxyResponse { StatusCode = 200 });

                    private void Helper(APIGatewayProxyRequest request) { }
                }
                """,
                Verifiers.TestSources.AwsLambdaTypes) { References = Verifiers.TestReferences.Library }
                .RunWithAsync(
                    Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("Function.Handler", "Internet"),
                    Verify.Diagnostic("TA1008").WithLocation(1).WithArguments("Function.HttpApi", "Internet"));

        [Fact]
        public Task LambdaHandler_AuthenticatedByAuthorizer_IsSilent()
            => new Verify.Test(
                """
                using Amazon.Lambda.APIGatewayEvents;
                using ThreatAnalyzers;

                public class Function
                {
                    [Authenticated]
                    public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request) => new APIGatewayProxyResponse();
                }
                """,
                Verifiers.TestSources.AwsLambdaTypes) { References = Verifiers.TestReferences.Library }.RunWithAsync();

        // ---- Mitigation and acceptance, the shared mechanism ----

        [Theory]
        [InlineData("[Mitigates(\"TA1008\", \"mTLS at the load balancer\")]", "", "")]
        [InlineData("", "[Mitigates(\"TA1008\", \"mTLS at the load balancer\")]", "")]
        [InlineData("", "", "[assembly: Mitigates(\"TA1008\", \"Only reachable from the VPN\")]")]
        [InlineData("[AcceptsRisk(\"TA1008\", \"Public read-only data\", Owner = \"AppSec\", Expires = \"2026-06-15\")]", "", "")]
        [InlineData("", "[AcceptsRisk(\"TA1008\", \"Public read-only data\")]", "")]
        [InlineData("[AcceptsRisk(\"ta1008\", \"Case does not matter\")]", "", "")]
        public Task MitigatedOrAcceptedThreat_IsReportedSuppressed(string onMethod, string onType, string onAssembly)
            => Verify.VerifyAnalyzerAsync(
                $$"""
                using ThreatAnalyzers;

                {{onAssembly}}

                {{onType}}
                public class PatientsApi
                {
                    [TrustBoundary("Internet")]
                    {{onMethod}}
                    public string {|#0:Get|}(string id) => id;
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("PatientsApi.Get", "Internet").WithIsSuppressed(true));

        [Theory]
        [InlineData("[AcceptsRisk(\"TA1008\", \"Was fine last year\", Expires = \"2026-06-14\")]")]
        [InlineData("[Mitigates(\"TA9999\", \"Another threat\")]")]
        [InlineData("[AcceptsRisk(\"TA1008\", \"Unreadable date\", Expires = \"2026-02-30\")]")]
        public Task ExpiredOrUnrelatedReview_DoesNotSilence(string review)
            => Verify.VerifyAnalyzerAsync($$"""
                using ThreatAnalyzers;

                public class PatientsApi
                {
                    [TrustBoundary("Internet")]
                    {{review}}
                    public string {|#0:Get|}(string id) => id;
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("PatientsApi.Get", "Internet"));

        [Fact]
        public Task ExpiryIsIgnored_WhenTheBuildDateIsUnknown()
            => new Verify.Test("""
                using ThreatAnalyzers;

                public class PatientsApi
                {
                    [TrustBoundary("Internet")]
                    [AcceptsRisk("TA1008", "Reviewed", Expires = "2000-01-01")]
                    public string {|#0:Get|}(string id) => id;
                }
                """) { BuildDate = null }.RunWithAsync(Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("PatientsApi.Get", "Internet").WithIsSuppressed(true));

        [Theory]
        [InlineData("app.{|#0:MapGet|}(\"/p\", [Mitigates(\"TA1008\", \"Signed URLs\")] () => 1);")]
        [InlineData("app.{|#0:MapGet|}(\"/p\", [AcceptsRisk(\"TA1008\", \"Public status\")] () => 1);")]
        public Task MinimalApi_ReviewOnTheHandler_Suppresses(string mapping)
            => Verify.VerifyProgramAsync(
                $$"""
                using Microsoft.AspNetCore.Builder;
                using ThreatAnalyzers;

                var app = WebApplication.CreateBuilder(args).Build();
                {{mapping}}
                app.Run();
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /p", "Internet").WithIsSuppressed(true));

        [Fact]
        public Task MinimalApi_ReviewOnTheMappingMethod_Suppresses()
            => Verify.VerifyProgramAsync(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;
                using ThreatAnalyzers;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapStatus();
                app.Run();

                static class Routes
                {
                    [AcceptsRisk("TA1008", "Health probe for the load balancer", Owner = "Platform")]
                    public static void MapStatus(this IEndpointRouteBuilder routes) => routes.{|#0:MapGet|}("/status", () => "ok");
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /status", "Internet").WithIsSuppressed(true));

        [Fact]
        public Task NothingToLookAt_IsSilent()
            => new Verify.Test("""
                public class Calculator
                {
                    public int Add(int a, int b) => a + b;
                }
                """) { References = Verifiers.TestReferences.NetCore }.RunWithAsync();

        [Fact]
        public Task GeneratedCode_IsSkipped()
            => Verify.VerifyAnalyzerAsync("""
                // <auto-generated/>
                using ThreatAnalyzers;

                public class GeneratedApi
                {
                    [TrustBoundary("Internet")]
                    public string Get(string id) => id;
                }
                """);

        // ---- Controllers ASP.NET Core routes to, and those it does not ----

        [Fact]
        public Task NestedControllerClass_IsNotAnEntryPoint()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class Features
                {
                    public class StatusController : ControllerBase
                    {
                        public string Get() => "ok";
                    }
                }
                """);

        [Fact]
        public Task InheritedActions_AreReportedOnEachConcreteController()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public abstract class ReadController<T> : ControllerBase
                {
                    public string Get(int id) => typeof(T).Name;
                }

                public class {|#0:ProductsController|} : ReadController<string> { }

                [AllowAnonymous]
                public class CatalogueController : ReadController<int> { }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("ProductsController.Get", "Internet"));

        [Theory]
        [InlineData("options.Filters.Add(new AuthorizeFilter())")]
        [InlineData("options.Filters.Add(new AuthorizeFilter(\"Staff\"))")]
        [InlineData("options.Filters.Add<AuthorizeFilter>()")]
        public Task GlobalAuthorizeFilter_IsADecisionForControllersAndPages(string filter)
            => Verify.VerifyAnalyzerAsync($$"""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.Authorization;
                using Microsoft.AspNetCore.Mvc.RazorPages;
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Configure(WebApplicationBuilder builder)
                        => builder.Services.AddControllersWithViews(options => {{filter}});
                }

                public class StatusController : ControllerBase
                {
                    public string Get() => "ok";
                }

                public class IndexModel : PageModel
                {
                    public void OnGet() { }
                }
                """);

        [Fact]
        public Task GlobalAuthorizeFilterWithAPermissivePolicy_IsNotADecision()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.Authorization;
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Configure(WebApplicationBuilder builder)
                        => builder.Services.AddControllers(options => options.Filters.Add(new AuthorizeFilter(new AuthorizationPolicyBuilder().RequireAssertion(_ => true).Build())));
                }

                public class StatusController : ControllerBase
                {
                    public string {|#0:Get|}() => "ok";
                }
                """,
                Verify.Diagnostic("TA1008").WithLocation(0).WithArguments("StatusController.Get", "Internet"));
    }
}
