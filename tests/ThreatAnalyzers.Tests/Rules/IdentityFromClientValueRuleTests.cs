using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.IdentityFromClientValueRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class IdentityFromClientValueRuleTests
    {
        [Fact]
        public Task HeaderMiddleware_ClaimFromXUserId_FiresOnce()
            => Verify.VerifyAnalyzerAsync("""
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Http;

                public class HeaderIdentityMiddleware(RequestDelegate next)
                {
                    public Task InvokeAsync(HttpContext context)
                    {
                        string userId = {|#1:context.Request.Headers|}["X-User-Id"].ToString();
                        var identity = new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, {|#0:userId|}) }, "Header");
                        context.User = new ClaimsPrincipal(identity);
                        return next(context);
                    }
                }
                """,
                Verify.Diagnostic("TA1005").WithLocation(0).WithLocation(1).WithArguments("context.Request.Headers", "untrusted", "new Claim", "", "the application"));

        [Fact]
        public Task RolesAndRoleChecks_FromTheRequest_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Security.Principal;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                [Authorize]
                public class ReportsController(IAuthorizationService authorization) : ControllerBase
                {
                    public IActionResult Impersonate(string {|#1:name|}, string {|#3:role|})
                    {
                        HttpContext.User = new GenericPrincipal(new GenericIdentity({|#0:name|}), {|#2:new[] { role }|});
                        return Ok();
                    }

                    public bool HasRole(string {|#5:role|}) => User.IsInRole({|#4:role|});

                    public async Task<bool> Allowed(string {|#7:policy|}) => (await authorization.AuthorizeAsync(User, {|#6:policy|})).Succeeded;
                }
                """,
                Verify.Diagnostic("TA1005").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "new GenericIdentity", "", "ReportsController.Impersonate"),
                Verify.Diagnostic("TA1005").WithLocation(2).WithLocation(3).WithArguments("role", "untrusted", "new GenericPrincipal", "", "ReportsController.Impersonate"),
                Verify.Diagnostic("TA1005").WithLocation(4).WithLocation(5).WithArguments("role", "untrusted", "ClaimsPrincipal.IsInRole", "", "ReportsController.HasRole"),
                Verify.Diagnostic("TA1005").WithLocation(6).WithLocation(7).WithArguments("policy", "untrusted", "IAuthorizationService.AuthorizeAsync", "", "ReportsController.Allowed"));

        [Fact]
        public Task ConditionGuardingAPrivilegedCall_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class AdminService
                {
                    [RequiresRole("Admin")]
                    public void PurgeAll() { }

                    [Authorize(Roles = "Admin")]
                    public void ResetAll() { }

                    public void Ping() { }
                }

                [Authorize]
                public class AdminController(AdminService admin) : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Purge()
                    {
                        if ({|#0:{|#1:Request.Headers|}["X-Role"] == "admin"|})
                        {
                            admin.PurgeAll();
                        }

                        return Ok();
                    }

                    [HttpPost]
                    public IActionResult Reset(bool {|#3:isAdmin|})
                    {
                        if ({|#2:!isAdmin|})
                        {
                            return Forbid();
                        }

                        admin.ResetAll();
                        return Ok();
                    }

                    public IActionResult Ping(string mode)
                    {
                        if (mode == "now") admin.Ping();
                        return Ok();
                    }
                }
                """,
                Verify.Diagnostic("TA1005").WithLocation(0).WithLocation(1).WithArguments("Request.Headers", "untrusted", "the condition guarding AdminService.PurgeAll", "", "AdminController.Purge"),
                Verify.Diagnostic("TA1005").WithLocation(2).WithLocation(3).WithArguments("isAdmin", "untrusted", "the condition guarding AdminService.ResetAll", "", "AdminController.Reset"));

        [Fact]
        public Task VerifiedIdentities_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authentication;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.DataProtection;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class AdminService
                {
                    [RequiresRole("Admin")]
                    public void PurgeAll() { }
                }

                public record LoginModel(string Email, string Password);

                public class AccountController(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, IDataProtectionProvider protection, AdminService admin) : ControllerBase
                {
                    [HttpPost]
                    public async Task<IActionResult> Login(LoginModel model)
                    {
                        var user = await users.FindByEmailAsync(model.Email);
                        if (user is null || !await users.CheckPasswordAsync(user, model.Password))
                        {
                            return Unauthorized();
                        }

                        var principal = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Email, model.Email) }, "Cookies"));
                        await HttpContext.SignInAsync(principal);
                        return Ok();
                    }

                    [HttpPost]
                    public async Task<IActionResult> SignIn(LoginModel model)
                    {
                        var result = await signIn.PasswordSignInAsync(model.Email, model.Password, false, false);
                        return result.Succeeded ? Ok() : Unauthorized();
                    }

                    public IActionResult FromCookie()
                    {
                        var protector = protection.CreateProtector("session");
                        var userId = protector.Unprotect(Request.Cookies["session"]!);
                        HttpContext.User = new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, userId) }, "Session"));
                        return Ok();
                    }

                    [Authorize]
                    public IActionResult Me() => Ok(new Claim(ClaimTypes.Name, User.Identity!.Name!));

                    [Authorize]
                    public bool InTenant(string tenantId) => User.HasClaim("tenant", tenantId);

                    [Authorize]
                    public IActionResult Purge(string reason)
                    {
                        if (User.IsInRole("Admin") && reason.Length > 0)
                        {
                            admin.PurgeAll();
                        }

                        return Ok();
                    }

                    [Authorize(Roles = "Admin")]
                    public async Task<IActionResult> Grant(string userId, string role)
                    {
                        var user = await users.FindByIdAsync(userId);
                        await users.AddClaimAsync(user!, new Claim(ClaimTypes.Role, role));
                        return Ok();
                    }
                }
                """);

        [Fact]
        public Task PasswordCheckedInAServiceOnThePath_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public interface IAuth
                {
                    Task<string> LoginAsync(string email, string password);
                }

                public class Auth(UserManager<IdentityUser> users, Tokens tokens) : IAuth
                {
                    public async Task<string> LoginAsync(string email, string password)
                    {
                        var user = await users.FindByEmailAsync(email);
                        if (user is null || !await users.CheckPasswordAsync(user, password))
                        {
                            return null;
                        }

                        return tokens.Issue(email);
                    }
                }

                public class Tokens
                {
                    public string Issue(string name) => new Claim(ClaimTypes.Name, name).Value;
                }

                public class LoginController(IAuth auth) : ControllerBase
                {
                    [HttpPost]
                    public async Task<IActionResult> Login(string email, string password) => Ok(await auth.LoginAsync(email, password));
                }
                """);

        /// <summary>A sign-in form that checks the name and password with the app's own service before building the claim.</summary>
        [Fact]
        public Task CredentialsCheckedByTheAppsOwnValidateUser_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authentication;
                using Microsoft.AspNetCore.Mvc;

                public interface IUserServices
                {
                    bool ValidateUser(string username, string password);
                }

                public class LoginModel
                {
                    public string UserName { get; set; }
                    public string Password { get; set; }
                }

                public class AccountController(IUserServices users) : Controller
                {
                    [HttpPost]
                    public async Task<IActionResult> LoginAsync(LoginModel model)
                    {
                        if (!users.ValidateUser(model.UserName, model.Password))
                        {
                            return View(model);
                        }

                        var identity = new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, model.UserName) }, "Cookies");
                        await HttpContext.SignInAsync("Cookies", new ClaimsPrincipal(identity));
                        return LocalRedirect("/");
                    }
                }
                """);

        [Fact]
        public Task AServersAnswer_IsNotTheClientsToChoose_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Security.Claims;
                using System.Threading.Tasks;

                public record UserInfo(string Name);

                public class AuthState(HttpClient http)
                {
                    public async Task<ClaimsPrincipal> Fetch()
                    {
                        var user = await http.GetFromJsonAsync<UserInfo>("user");
                        return new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, user!.Name) }, "Api"));
                    }
                }
                """);

        [Fact]
        public Task SignInManager_SignsInAUserChosenByHeader_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public class SsoController(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users) : ControllerBase
                {
                    [HttpPost]
                    public async Task<IActionResult> Trust()
                    {
                        var user = await users.FindByIdAsync({|#1:Request.Headers|}["X-User-Id"].ToString());
                        await signIn.SignInAsync({|#0:user|}!, isPersistent: false);
                        return Ok();
                    }
                }
                """,
                Verify.Diagnostic("TA1005").WithLocation(0).WithLocation(1).WithArguments("Request.Headers", "untrusted", "SignInManager.SignInAsync", "", "SsoController.Trust"));

        [Fact]
        public Task MinimalApi_AndHelper_ReportedWhereTheValueEnters()
            => Verify.VerifyProgramAsync("""
                using System.Security.Claims;
                using Microsoft.AspNetCore.Authentication;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/sso", async (HttpContext context, [FromHeader(Name = "X-User-Id")] string {|#1:userId|}) =>
                    await context.SignInAsync(Principals.For({|#0:userId|})));
                app.Run();

                static class Principals
                {
                    public static ClaimsPrincipal For(string id)
                        => new(new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, {|#2:id|}) }, "Header"));
                }
                """,
                Verify.Diagnostic("TA1005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("userId", "untrusted", "new Claim", " via Principals.For", "POST /sso"));
    }
}
