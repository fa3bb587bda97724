using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.AccountEnumerationRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA4009: a sign-in or password-reset entry point answers differently when the account does not exist.</summary>
    public class AccountEnumerationTests
    {
        [Fact]
        public Task ApiSignIn_NotFoundVersusWrongPassword_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public record LoginRequest(string Email, string Password);

                public class AuthController(UserManager<IdentityUser> users) : ControllerBase
                {
                    [HttpPost("login")]
                    public async Task<IActionResult> Login(LoginRequest request)
                    {
                        var user = await {|#1:users.FindByEmailAsync(request.Email)|};
                        if (user == null)
                        {
                            return {|#0:NotFound("No such user")|};
                        }

                        if (!await users.CheckPasswordAsync(user, request.Password))
                        {
                            return {|#2:BadRequest("Wrong password")|};
                        }

                        return Ok();
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("AuthController.Login", "NotFound(\"No such user\")", "users.FindByEmailAsync(request.Email)", "BadRequest(\"Wrong password\")"));

        [Fact]
        public Task RazorPageSignIn_DifferentModelErrors_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                public class LoginModel(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : PageModel
                {
                    [BindProperty] public string Email { get; set; } = "";
                    [BindProperty] public string Password { get; set; } = "";

                    public async Task<IActionResult> OnPostAsync()
                    {
                        var user = await {|#1:users.FindByNameAsync(Email)|};
                        if (user is null)
                        {
                            ModelState.AddModelError(string.Empty, "No account uses this address.");
                            return {|#0:Page()|};
                        }

                        var result = await signIn.CheckPasswordSignInAsync(user, Password, lockoutOnFailure: true);
                        if (result.Succeeded)
                        {
                            await signIn.SignInAsync(user, isPersistent: false);
                            return LocalRedirect("/");
                        }

                        ModelState.AddModelError(string.Empty, "Invalid password.");
                        return {|#2:Page()|};
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("LoginModel.OnPostAsync", "Page() with the error \"No account uses this address.\"", "users.FindByNameAsync(Email)", "Page() with the error \"Invalid password.\""));

        [Fact]
        public Task ForgotPassword_QueryLookup_NotFoundVersusOk_Fires()
            => new Verify.Test(
                """
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                var accounts = new List<Account>();

                app.MapPost("/account/forgot-password", (string email) =>
                {
                    var account = {|#1:accounts.FirstOrDefault(a => a.Email == email)|};
                    if (account is null)
                    {
                        return {|#0:Results.NotFound("No account with that address")|};
                    }

                    account.ResetRequested = true;
                    return {|#2:Results.Ok("Reset link sent")|};
                });

                app.Run();

                public class Account
                {
                    public string Email { get; set; } = "";
                    public bool ResetRequested { get; set; }
                }
                """)
            {
                OutputKind = OutputKind.ConsoleApplication,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("POST /account/forgot-password", "Results.NotFound(\"No account with that address\")", "accounts.FirstOrDefault(a => a.Email == email)", "Results.Ok(\"Reset link sent\")"));

        [Fact]
        public Task SameAnswerBothWays_SharedBranch_IdentityTemplate_Registration_Authenticated_AndPlainLookups_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                public record LoginRequest(string Email, string Password);

                public class AuthController(UserManager<IdentityUser> users) : ControllerBase
                {
                    [HttpPost("login")]
                    public async Task<IActionResult> Login(LoginRequest request)
                    {
                        var user = await users.FindByEmailAsync(request.Email);
                        if (user == null)
                        {
                            return Unauthorized("Invalid credentials");
                        }

                        if (!await users.CheckPasswordAsync(user, request.Password))
                        {
                            return Unauthorized("Invalid credentials");
                        }

                        return Ok();
                    }

                    [HttpPost("signin")]
                    public async Task<IActionResult> SignIn(LoginRequest request)
                    {
                        var user = await users.FindByEmailAsync(request.Email);
                        if (user == null || !await users.CheckPasswordAsync(user, request.Password))
                        {
                            return Unauthorized();
                        }

                        return Ok();
                    }

                    [Authorize]
                    [HttpPost("admin/reset-password")]
                    public async Task<IActionResult> ResetPassword(string email)
                    {
                        var user = await users.FindByEmailAsync(email);
                        if (user == null)
                        {
                            return NotFound("No such user");
                        }

                        await users.GeneratePasswordResetTokenAsync(user);
                        return Ok("Sent");
                    }

                    [HttpPost("register")]
                    public async Task<IActionResult> Register(LoginRequest request)
                    {
                        var existing = await users.FindByEmailAsync(request.Email);
                        if (existing == null)
                        {
                            await users.CreateAsync(new IdentityUser { Email = request.Email }, request.Password);
                            return Ok();
                        }

                        return Conflict("Already registered");
                    }

                    [HttpGet("users/by-email")]
                    public async Task<IActionResult> ByEmail(string email)
                    {
                        var user = await users.FindByEmailAsync(email);
                        if (user == null)
                        {
                            return NotFound();
                        }

                        return Ok(user.Id);
                    }
                }

                // ASP.NET Core Identity's ForgotPassword page, as the template writes it.
                public class ForgotPasswordModel(UserManager<IdentityUser> userManager) : PageModel
                {
                    [BindProperty] public string Email { get; set; } = "";

                    public async Task<IActionResult> OnPostAsync()
                    {
                        if (ModelState.IsValid)
                        {
                            var user = await userManager.FindByEmailAsync(Email);
                            if (user == null || !(await userManager.IsEmailConfirmedAsync(user)))
                            {
                                return RedirectToPage("./ForgotPasswordConfirmation");
                            }

                            var code = await userManager.GeneratePasswordResetTokenAsync(user);
                            return RedirectToPage("./ForgotPasswordConfirmation");
                        }

                        return Page();
                    }
                }
                """);
    }
}
