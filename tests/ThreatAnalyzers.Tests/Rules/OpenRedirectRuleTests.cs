using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.OpenRedirectRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class OpenRedirectRuleTests
    {
        [Fact]
        public Task ControllerRedirects_FromAParameter_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class AccountController : Controller
                {
                    public IActionResult Login(string {|#1:returnUrl|}) => Redirect({|#0:returnUrl|});
                    public IActionResult Moved(string {|#3:next|}) => RedirectPermanent({|#2:next|});
                    public IActionResult Again(string {|#5:next|}) => RedirectPreserveMethod({|#4:next|});
                    public IActionResult Result(string {|#7:next|}) => new RedirectResult({|#6:next|});
                    public void Raw(string {|#9:next|}) => Response.Redirect({|#8:next|});
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("returnUrl", "untrusted", "ControllerBase.Redirect", "", "AccountController.Login"),
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("next", "untrusted", "ControllerBase.RedirectPermanent", "", "AccountController.Moved"),
                Verify.Diagnostic("TA2007").WithLocation(4).WithLocation(5).WithArguments("next", "untrusted", "ControllerBase.RedirectPreserveMethod", "", "AccountController.Again"),
                Verify.Diagnostic("TA2007").WithLocation(6).WithLocation(7).WithArguments("next", "untrusted", "new RedirectResult", "", "AccountController.Result"),
                Verify.Diagnostic("TA2007").WithLocation(8).WithLocation(9).WithArguments("next", "untrusted", "HttpResponse.Redirect", "", "AccountController.Raw"));

        [Fact]
        public Task QueryString_ReachesRedirect_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class AccountController : Controller
                {
                    public IActionResult Logout()
                    {
                        string target = {|#1:Request.Query|}["next"];
                        return Redirect({|#0:target|});
                    }
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("Request.Query", "untrusted", "ControllerBase.Redirect", "", "AccountController.Logout"));

        [Fact]
        public Task IsLocalUrl_GuardingTheRedirect_AndLocalRedirect_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class AccountController : Controller
                {
                    public IActionResult A(string returnUrl)
                    {
                        if (Url.IsLocalUrl(returnUrl))
                        {
                            return Redirect(returnUrl);
                        }

                        return RedirectToAction("Index");
                    }

                    public IActionResult B(string returnUrl)
                    {
                        if (!Url.IsLocalUrl(returnUrl))
                        {
                            return BadRequest();
                        }

                        return Redirect(returnUrl);
                    }

                    public IActionResult C(string returnUrl) => Url.IsLocalUrl(returnUrl) ? Redirect(returnUrl) : Redirect("/");

                    public IActionResult D(string returnUrl)
                    {
                        if (string.IsNullOrEmpty(returnUrl) || !Url.IsLocalUrl(returnUrl)) return Redirect("/");
                        return RedirectPermanent(returnUrl);
                    }

                    public IActionResult E(string returnUrl) => LocalRedirect(returnUrl);

                    public IActionResult F(string returnUrl) => Redirect("/home?from=" + System.Uri.EscapeDataString(returnUrl));
                }
                """);

        [Fact]
        public Task IsLocalUrl_NotGuardingTheRedirect_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class AccountController : Controller
                {
                    public IActionResult A(string {|#1:returnUrl|})
                    {
                        if (Url.IsLocalUrl(returnUrl))
                        {
                            System.Console.WriteLine("local");
                        }

                        return Redirect({|#0:returnUrl|});
                    }
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("returnUrl", "untrusted", "ControllerBase.Redirect", "", "AccountController.A"));

        [Fact]
        public Task RazorPage_Redirect_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                public class LoginModel : PageModel
                {
                    public IActionResult OnGet(string {|#1:returnUrl|}) => Redirect({|#0:returnUrl|});
                    public IActionResult OnPost(string returnUrl) => LocalRedirect(returnUrl);
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("returnUrl", "untrusted", "PageModel.Redirect", "", "LoginModel.OnGet"));

        [Fact]
        public Task ThroughAHelper_ReportedAtTheCall_WithTheSink()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class AccountController : Controller
                {
                    public IActionResult Login(string {|#1:returnUrl|}) => Go({|#0:returnUrl|});

                    public IActionResult Safe(string returnUrl) => Url.IsLocalUrl(returnUrl) ? Go(returnUrl) : Go("/");

                    private IActionResult Go(string target) => Redirect({|#2:target|});
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("returnUrl", "untrusted", "ControllerBase.Redirect", " via AccountController.Go", "AccountController.Login"));

        [Fact]
        public Task MinimalApi_ResultsRedirect_Fires_LocalRedirectAndGuard_AreSilent()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Http.HttpResults;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/go", (string {|#1:to|}) => Results.Redirect({|#0:to|}));
                app.MapGet("/typed", (string {|#3:to|}) => TypedResults.Redirect({|#2:to|}));
                app.MapGet("/local", (string to) => Results.LocalRedirect(to));
                app.MapGet("/checked", (string to) => RedirectHttpResult.IsLocalUrl(to) ? Results.Redirect(to) : Results.BadRequest());
                app.Run();
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("to", "untrusted", "Results.Redirect", "", "GET /go"),
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("to", "untrusted", "TypedResults.Redirect", "", "GET /typed"));

        /// <summary>A handler named by the Map call (a method group or a local function) is an endpoint like a lambda: its request-bound parameters are untrusted, services are not.</summary>
        [Fact]
        public Task MinimalApiHandlers_PassedAsMethodGroups_AndLocalFunctions_Fire()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;

                var app = WebApplication.Create(args);
                app.MapGet("/go", Handlers.Go);
                app.MapGet("/next", Next);
                app.Run();

                IResult Next(string {|#3:to|}) => Results.Redirect({|#2:to|});

                static class Handlers
                {
                    public static IResult Go(string {|#1:to|}, ILogger<Program> logger) => Results.Redirect({|#0:to|});

                    public static IResult NotMapped(string to) => Results.Redirect(to);
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("to", "untrusted", "Results.Redirect", "", "GET /next"),
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("to", "untrusted", "Results.Redirect", "", "GET /go"));

        /// <summary>A method group handler written inside a cast or a delegate creation is still spelled in the Map call, and found.</summary>
        [Fact]
        public Task MinimalApiHandlers_PassedThroughACastOrADelegateCreation_Fire()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create(args);
                app.MapGet(Routes.First, (System.Delegate)Handlers.Cast);
                app.MapGet(Routes.Second, new System.Func<string, IResult>(Handlers.Created));
                app.Run();

                static class Routes
                {
                    public const string First = "/cast";
                    public const string Second = "/created";
                }

                static class Handlers
                {
                    public static IResult Cast(string {|#1:to|}) => Results.Redirect({|#0:to|});

                    public static IResult Created(string {|#3:to|}) => Results.Redirect({|#2:to|});
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("to", "untrusted", "Results.Redirect", "", "GET /cast"),
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("to", "untrusted", "Results.Redirect", "", "GET /created"));

        [Fact]
        public Task UntrustedData_AfterAFragmentOrAConstantLocalPath_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class Reply { public string Id { get; set; } = ""; }

                public class PostsController : Controller
                {
                    private const string Orders = "/orders/";

                    private static string LinkOf(int post) => "/blog/" + post + "/";

                    // Only the fragment comes from the request: the browser stays on the post's page.
                    public IActionResult AfterFragment(int post, Reply reply) => Redirect($"{LinkOf(post)}#{reply.Id}");
                    public IActionResult AfterFragmentConcatenated(int post, string anchor) => Redirect(LinkOf(post) + "#" + anchor);

                    // A constant local path first: the target stays on this site.
                    public IActionResult OrderConcatenated(string id) => Redirect("/orders/" + id);
                    public IActionResult OrderFromAConstant(string id) => Redirect(Orders + id + "/details");
                    public IActionResult OrderInterpolated(string id) => Redirect($"/orders/{id}");
                    public IActionResult QueryAfterLocalPath(string term) => Redirect($"/search?q={term}");
                    public IActionResult QueryAfterLocalPathConcatenated(string term) => Redirect("/search?q=" + term + "&page=1");
                }
                """);

        [Fact]
        public Task UntrustedData_ThatCanStillChooseTheSite_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class PostsController : Controller
                {
                    private static string LinkOf(int post) => "/blog/" + post + "/";

                    // "//evil.example" and "/\\evil.example" are other sites; a lone "/" does not fix the target either.
                    public IActionResult ProtocolRelative(string {|#1:host|}) => Redirect({|#0:"//" + host|});
                    public IActionResult Backslash(string {|#3:x|}) => Redirect({|#2:"/\\" + x|});
                    public IActionResult LoneSlash(string {|#5:x|}) => Redirect({|#4:$"/{x}"|});

                    // A '?' fixes nothing when what precedes it is not a constant local path.
                    public IActionResult QueryAfterComputedPath(int post, string {|#7:term|}) => Redirect({|#6:$"{LinkOf(post)}?q={term}"|});

                    // The untrusted part before the '#' still chooses the site.
                    public IActionResult BeforeFragment(string {|#9:returnUrl|}) => Redirect({|#8:returnUrl + "#top"|});
                }
                """,
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("host", "untrusted", "ControllerBase.Redirect", "", "PostsController.ProtocolRelative"),
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("x", "untrusted", "ControllerBase.Redirect", "", "PostsController.Backslash"),
                Verify.Diagnostic("TA2007").WithLocation(4).WithLocation(5).WithArguments("x", "untrusted", "ControllerBase.Redirect", "", "PostsController.LoneSlash"),
                Verify.Diagnostic("TA2007").WithLocation(6).WithLocation(7).WithArguments("term", "untrusted", "ControllerBase.Redirect", "", "PostsController.QueryAfterComputedPath"),
                Verify.Diagnostic("TA2007").WithLocation(8).WithLocation(9).WithArguments("returnUrl", "untrusted", "ControllerBase.Redirect", "", "PostsController.BeforeFragment"));

        [Fact]
        public Task ConstantTargets_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class HomeController : Controller
                {
                    public IActionResult Index(int page) => Redirect("/home?page=" + page);
                }
                """);
    }
}
