using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.MissingAntiforgeryRule,
    ThreatAnalyzers.CodeFixes.Rules.MissingAntiforgeryFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.MissingAntiforgeryRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class MissingAntiforgeryTests
    {
        private const string CookieStartup = """
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(IServiceCollection services)
                {
                    services.AddAuthentication("Cookies").AddCookie("Cookies");
                    services.AddControllersWithViews();
                }
            }
            """;

        private static Task VerifyAsync(string[] sources, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
            => new Verify.Test(sources) { References = Verifiers.TestReferences.WebWithLibraries }.RunWithAsync(expected);

        // ---- vulnerable ----

        [Fact]
        public Task StateChangingActions_OfAViewController_InACookieApp_Fire()
            => VerifyAsync(new[]
            {
                CookieStartup,
                """
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [Authorize]
                public class ProfileController : Controller
                {
                    [HttpGet]
                    public IActionResult Edit() => View();

                    [HttpPost]
                    public IActionResult {|#0:Edit|}(string displayName) => RedirectToAction("Edit");

                    [HttpPut("profile/{id}")]
                    public IActionResult {|#1:Replace|}(int id) => Ok();

                    [HttpPatch("profile/{id}")]
                    public IActionResult {|#2:Rename|}(int id, string name) => Ok();

                    [HttpDelete("profile/{id}")]
                    public IActionResult {|#3:Delete|}(int id) => Ok();

                    [AcceptVerbs("GET", "POST")]
                    public IActionResult {|#4:Email|}(string email) => View();
                }
                """,
            },
            Verify.Diagnostic().WithLocation(0).WithArguments("ProfileController.Edit(string)", "POST"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ProfileController.Replace", "PUT"),
            Verify.Diagnostic().WithLocation(2).WithArguments("ProfileController.Rename", "PATCH"),
            Verify.Diagnostic().WithLocation(3).WithArguments("ProfileController.Delete", "DELETE"),
            Verify.Diagnostic().WithLocation(4).WithArguments("ProfileController.Email", "POST"));

        [Theory]
        [InlineData("services.AddIdentity<IdentityUser, IdentityRole>();")]
        [InlineData("services.AddAuthentication().AddIdentityCookies();")]
        public Task IdentityCookies_CountAsCookieAuthentication(string configuration)
            => VerifyAsync(new[]
            {
                $$"""
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services) { {{configuration}} }
                }
                """,
                """
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : Controller
                {
                    [HttpPost]
                    public IActionResult {|#0:Cancel|}(int id) => RedirectToAction("Index");
                }
                """,
            },
            Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Cancel", "POST"));

        [Fact]
        public Task MinimalApiFormEndpoint_WithDisableAntiforgery_InACookieApp_Fires()
            => new Verify.Test("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddAuthentication().AddCookie();
                builder.Services.AddAntiforgery();
                var app = builder.Build();
                app.UseAntiforgery();
                app.{|#0:MapPost|}("/avatar", (IFormFile file) => Results.Ok(file.Length)).RequireAuthorization().DisableAntiforgery();
                app.{|#1:MapPost|}("/profile", ([FromForm] string name) => Results.Ok(name)).DisableAntiforgery();
                app.MapPost("/notes", ([FromForm] string text) => Results.Ok(text));
                app.MapPost("/ping", (string text) => Results.Ok(text)).DisableAntiforgery();
                app.Run();
                """) { OutputKind = OutputKind.ConsoleApplication }
                .RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("POST /avatar", "form"),
                    Verify.Diagnostic().WithLocation(1).WithArguments("POST /profile", "form"));

        // ---- silent ----

        [Fact]
        public Task ValidatedIgnoredApiGetAndBaseControllerForms_AreSilent()
            => VerifyAsync(new[]
            {
                CookieStartup,
                """
                using Microsoft.AspNetCore.Mvc;

                public class ProfileController : Controller
                {
                    [HttpPost, ValidateAntiForgeryToken]
                    public IActionResult Edit(string displayName) => View();

                    [HttpPost, IgnoreAntiforgeryToken]
                    public IActionResult Beacon(string data) => Ok();

                    [HttpGet]
                    public IActionResult Show() => View();
                }

                [AutoValidateAntiforgeryToken]
                public class SecuredController : Controller { }

                public class OrdersController : SecuredController
                {
                    [HttpPost]
                    public IActionResult Cancel(int id) => View();
                }

                [ApiController, Route("api/orders")]
                public class OrdersApiController : Controller
                {
                    [HttpPost]
                    public IActionResult Create(int id) => Ok();
                }

                [Route("api/items")]
                public class ItemsController : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Create(int id) => Ok();
                }
                """,
            });

        [Theory]
        [InlineData("services.AddControllersWithViews(o => o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()));")]
        [InlineData("services.AddMvc(options => options.Filters.Add<AutoValidateAntiforgeryTokenAttribute>());")]
        [InlineData("services.Configure<MvcOptions>(o => o.Filters.Add(typeof(ValidateAntiForgeryTokenAttribute)));")]
        public Task GlobalFilter_IsSilent(string configuration)
            => VerifyAsync(new[]
            {
                $$"""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Configure(IServiceCollection services)
                    {
                        services.AddAuthentication().AddCookie();
                        {{configuration}}
                    }
                }
                """,
                """
                using Microsoft.AspNetCore.Mvc;

                public class ProfileController : Controller
                {
                    [HttpPost]
                    public IActionResult Edit(string displayName) => View();
                }
                """,
            });

        [Fact]
        public Task BearerTokenOnlyApp_IsSilent()
            => new Verify.Test("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddAuthentication().AddJwtBearer();
                builder.Services.AddControllersWithViews();
                var app = builder.Build();
                app.MapPost("/avatar", (IFormFile file) => Results.Ok(file.Length)).DisableAntiforgery();
                app.Run();

                public class ProfileController : Controller
                {
                    [HttpPost]
                    public IActionResult Edit(string displayName) => View();
                }
                """) { OutputKind = OutputKind.ConsoleApplication, References = Verifiers.TestReferences.WebWithLibraries }
                .RunWithAsync();

        [Fact]
        public Task RazorPages_ValidateByDefault_AreSilent()
            => VerifyAsync(new[]
            {
                CookieStartup,
                """
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                public class EditModel : PageModel
                {
                    public IActionResult OnPost(string name) => Page();
                }

                [IgnoreAntiforgeryToken]
                public class BeaconModel : PageModel
                {
                    public IActionResult OnPost(string data) => Page();
                }
                """,
            });

        // ---- the fix ----

        [Fact]
        public Task Fix_AddsValidateAntiForgeryToken_FixAllToo()
            => new Fix.Test
            {
                TestState =
                {
                    Sources =
                    {
                        CookieStartup,
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class ProfileController : Controller
                        {
                            [HttpPost]
                            public IActionResult {|#0:Edit|}(string displayName) => View();

                            [HttpDelete]
                            public IActionResult {|#1:Delete|}(int id) => View();
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        CookieStartup,
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class ProfileController : Controller
                        {
                            [HttpPost]
                            [ValidateAntiForgeryToken]
                            public IActionResult Edit(string displayName) => View();

                            [HttpDelete]
                            [ValidateAntiForgeryToken]
                            public IActionResult Delete(int id) => View();
                        }
                        """,
                    },
                },
                References = Verifiers.TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Fix.Diagnostic().WithLocation(0).WithArguments("ProfileController.Edit", "POST"),
                Fix.Diagnostic().WithLocation(1).WithArguments("ProfileController.Delete", "DELETE"));

        [Fact]
        public Task Fix_RemovesDisableAntiforgery()
            => new Fix.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.Extensions.DependencyInjection;

                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication().AddCookie();
                    var app = builder.Build();
                    app.{|#0:MapPost|}("/avatar", (IFormFile file) => Results.Ok(file.Length)).DisableAntiforgery().RequireAuthorization();
                    app.Run();
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.Extensions.DependencyInjection;

                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthentication().AddCookie();
                    var app = builder.Build();
                    app.MapPost("/avatar", (IFormFile file) => Results.Ok(file.Length)).RequireAuthorization();
                    app.Run();
                    """,
                OutputKind = OutputKind.ConsoleApplication,
            }.RunWithAsync(Fix.Diagnostic().WithLocation(0).WithArguments("POST /avatar", "form"));
    }
}
