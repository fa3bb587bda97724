using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.AuthorizationOverriddenByAllowAnonymousRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>
    /// TA6006: an explicit requirement ([Authorize], RequireAuthorization()) on the same or a narrower scope than the
    /// [AllowAnonymous] / .AllowAnonymous() that makes ASP.NET Core ignore it. Reported on the overridden requirement.
    /// </summary>
    public class AuthorizationOverriddenByAllowAnonymousTests
    {
        [Fact]
        public Task AdminAction_InAControllerMarkedAllowAnonymous_Fires_OnTheActionsAuthorize()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [{|#9:AllowAnonymous|}]
                [Route("users")]
                public class UsersController : ControllerBase
                {
                    [HttpGet]
                    public IActionResult List() => Ok();

                    [HttpDelete("{id}")]
                    [{|#0:Authorize(Roles = "Admin")|}]
                    public IActionResult Delete(int id) => NoContent();

                    [HttpPost("{id}/lock")]
                    [{|#1:Authorize(Policy = "Staff")|}]
                    public IActionResult Lock(int id) => NoContent();

                    [HttpPost("{id}/note")]
                    [{|#2:Authorize|}]
                    public IActionResult Note(int id) => NoContent();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(9).WithArguments("UsersController.Delete", "role 'Admin'", "[AllowAnonymous] on class 'UsersController'"),
                Verify.Diagnostic().WithLocation(1).WithLocation(9).WithArguments("UsersController.Lock", "policy 'Staff'", "[AllowAnonymous] on class 'UsersController'"),
                Verify.Diagnostic().WithLocation(2).WithLocation(9).WithArguments("UsersController.Note", "an authenticated user", "[AllowAnonymous] on class 'UsersController'"));

        [Fact]
        public Task AuthorizeAndAllowAnonymous_OnTheSameAction_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public class ReportsController : ControllerBase
                {
                    [HttpGet]
                    [{|#0:Authorize(Roles = "Admin,Auditor")|}, {|#1:AllowAnonymous|}]
                    public IActionResult Export() => Ok();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("ReportsController.Export", "one of the roles 'Admin,Auditor'", "[AllowAnonymous] on the same action"));

        [Fact]
        public Task AuthorizeAndAllowAnonymous_OnTheSameClass_FiresOnce_ForTheClass()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [{|#0:Authorize(Roles = "Admin")|}]
                [{|#1:AllowAnonymous|}]
                public class AdminController : ControllerBase
                {
                    [HttpGet]
                    public IActionResult Index() => Ok();

                    [HttpPost]
                    public IActionResult Purge() => Ok();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("AdminController", "role 'Admin'", "[AllowAnonymous] on the same class"));

        [Fact]
        public Task AllowAnonymousOnABaseClass_OverridesTheControllersAuthorize_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [{|#2:AllowAnonymous|}]
                public abstract class PublicControllerBase : ControllerBase
                {
                }

                [{|#0:Authorize(Roles = "Admin")|}]
                public class SettingsController : PublicControllerBase
                {
                    [HttpPost]
                    public IActionResult Save() => Ok();

                    [HttpPost]
                    [{|#1:Authorize(Policy = "Owner")|}]
                    public IActionResult Reset() => Ok();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(2).WithArguments("SettingsController", "role 'Admin'", "[AllowAnonymous] on base class 'PublicControllerBase'"),
                Verify.Diagnostic().WithLocation(1).WithLocation(2).WithArguments("SettingsController.Reset", "policy 'Owner'", "[AllowAnonymous] on base class 'PublicControllerBase'"));

        [Fact]
        public Task RazorPage_WithAuthorizeAndAllowAnonymous_OnThePageModel_FiresOnce()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                [{|#0:Authorize(Roles = "Admin")|}]
                [{|#1:AllowAnonymous|}]
                public class UsersModel : PageModel
                {
                    public void OnGet() { }

                    public void OnPostDelete(int id) { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("UsersModel", "role 'Admin'", "[AllowAnonymous] on the same class"));

        [Fact]
        public Task MapControllersAllowAnonymous_OverridesAnActionsAuthorize_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : ControllerBase
                {
                    [HttpDelete]
                    [{|#0:Authorize(Roles = "Admin")|}]
                    public IActionResult Delete(int id) => NoContent();
                }

                public static class Startup
                {
                    public static void Configure(WebApplication app) => app.MapControllers().AllowAnonymous();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Delete", "role 'Admin'", ".AllowAnonymous() on MapControllers()"));

        [Fact]
        public Task MinimalApi_RequireAuthorizationAndAllowAnonymous_OnTheSameRoute_Fires()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.{|#0:MapDelete|}("/users/{id}", (int id) => Results.NoContent()).{|#2:RequireAuthorization|}("Admin").{|#1:AllowAnonymous|}();
                app.Run();
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("DELETE /users/{id}", "policy 'Admin'", ".AllowAnonymous() on the same route"));

        [Fact]
        public Task MinimalApi_RequireAuthorization_InAnAllowAnonymousGroup_Fires()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                var open = app.MapGroup("/public").AllowAnonymous();
                open.{|#0:MapPost|}("/purge", () => Results.Ok()).{|#1:RequireAuthorization|}();
                app.Run();
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("POST /public/purge", "an authenticated user", ".AllowAnonymous() on its route group"));

        [Fact]
        public Task MinimalApi_AuthorizeOnTheHandler_WithAllowAnonymousOnTheRoute_Fires()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.MapPost("/purge", [{|#0:Authorize(Roles = "Admin")|}] () => Results.Ok()).{|#1:AllowAnonymous|}();
                app.Run();
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("POST /purge", "role 'Admin'", ".AllowAnonymous() on the same route"));

        [Fact]
        public Task AnInheritedAdminAction_InAConcreteControllerMarkedAllowAnonymous_Fires_NamingTheConcreteController()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public abstract class CrudControllerBase : ControllerBase
                {
                    [HttpGet]
                    public IActionResult List() => Ok();

                    [HttpDelete]
                    [{|#0:Authorize(Roles = "Admin")|}]
                    public IActionResult Delete(int id) => NoContent();
                }

                [{|#1:AllowAnonymous|}]
                public class ProductsController : CrudControllerBase
                {
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("ProductsController.Delete", "role 'Admin'", "[AllowAnonymous] on class 'ProductsController'"));

        [Fact]
        public Task RazorPageHandlerAttributes_AreIgnoredByRazorPages_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                [AllowAnonymous]
                public class IndexModel : PageModel
                {
                    public void OnGet() { }
                }
                """);

        [Fact]
        public Task AuthorizeOnTheController_AndAllowAnonymousOnOneAction_IsTheIntendedUse_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [Authorize(Roles = "Admin")]
                public class AccountController : ControllerBase
                {
                    [HttpPost]
                    [AllowAnonymous]
                    public IActionResult Login(string user, string password) => Ok();

                    [HttpPost]
                    public IActionResult Delete(int id) => Ok();
                }
                """);

        [Fact]
        public Task AuthorizeOnABaseController_AndAllowAnonymousOnADerivedOne_IsTheIntendedUse_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [Authorize]
                public abstract class SecureControllerBase : ControllerBase
                {
                }

                [AllowAnonymous]
                public class HealthController : SecureControllerBase
                {
                    [HttpGet]
                    public IActionResult Get() => Ok();
                }
                """);

        [Fact]
        public Task AnActionThatOptsOut_SilencesTheClassRequirement_ForThatAction_AndTheClassIsFine_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [Authorize]
                public class ProfileController : ControllerBase
                {
                    [HttpGet]
                    [AllowAnonymous]
                    public IActionResult Public() => Ok();

                    [HttpGet]
                    [Authorize(Roles = "Admin")]
                    public IActionResult Admin() => Ok();
                }
                """);

        [Fact]
        public Task MinimalApi_GroupRequiresAuthorization_AndOneRouteAllowsAnonymous_IsTheIntendedUse_Silent()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                var api = app.MapGroup("/api").RequireAuthorization();
                api.MapPost("/login", (string user) => Results.Ok()).AllowAnonymous();
                api.MapDelete("/users/{id}", (int id) => Results.NoContent()).RequireAuthorization("Admin");
                app.Run();
                """);

        [Fact]
        public Task AllowAnonymousAlone_OrAuthorizeAlone_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [AllowAnonymous]
                public class HomeController : ControllerBase
                {
                    [HttpGet]
                    public IActionResult Index() => Ok();
                }

                [Authorize(Roles = "Admin")]
                public class AdminController : ControllerBase
                {
                    [HttpGet]
                    [Authorize(Policy = "TwoFactor")]
                    public IActionResult Index() => Ok();
                }
                """);
    }
}
