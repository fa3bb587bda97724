using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.OpenRedirectRule,
    ThreatAnalyzers.CodeFixes.Rules.OpenRedirectFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class OpenRedirectFixerTests
    {
        [Fact]
        public Task ControllerRedirects_BecomeLocalRedirects_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class AccountController : Controller
                        {
                            public IActionResult A(string {|#1:returnUrl|}) => Redirect({|#0:returnUrl|});
                            public IActionResult B(string {|#3:returnUrl|}) => this.RedirectPermanent(url: {|#2:returnUrl|});
                            public IActionResult C(string {|#5:returnUrl|}) => new RedirectResult({|#4:returnUrl|}, true);
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class AccountController : Controller
                        {
                            public IActionResult A(string returnUrl) => LocalRedirect(returnUrl);
                            public IActionResult B(string returnUrl) => this.LocalRedirectPermanent(localUrl: returnUrl);
                            public IActionResult C(string returnUrl) => new LocalRedirectResult(returnUrl, true);
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("returnUrl", "untrusted", "ControllerBase.Redirect", "", "AccountController.A"),
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("returnUrl", "untrusted", "ControllerBase.RedirectPermanent", "", "AccountController.B"),
                Verify.Diagnostic("TA2007").WithLocation(4).WithLocation(5).WithArguments("returnUrl", "untrusted", "new RedirectResult", "", "AccountController.C"));

        [Fact]
        public Task MinimalApiRedirects_BecomeLocalRedirects_FixAllToo()
            => new Verify.Test
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapGet("/a", (string {|#1:to|}) => Results.Redirect({|#0:to|}));
                        app.MapGet("/b", (string {|#3:to|}) => TypedResults.Redirect({|#2:to|}, permanent: true));
                        app.Run();
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapGet("/a", (string to) => Results.LocalRedirect(to));
                        app.MapGet("/b", (string to) => TypedResults.LocalRedirect(to, permanent: true));
                        app.Run();
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithArguments("to", "untrusted", "Results.Redirect", "", "GET /a"),
                Verify.Diagnostic("TA2007").WithLocation(2).WithLocation(3).WithArguments("to", "untrusted", "TypedResults.Redirect", "", "GET /b"));

        [Fact]
        public Task ThroughAHelper_OrResponseRedirect_HasNoMechanicalFix()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class AccountController : Controller
                        {
                            public IActionResult A(string {|#1:returnUrl|}) => Go({|#0:returnUrl|});
                            public void B(string {|#4:returnUrl|}) => Response.Redirect({|#3:returnUrl|});
                            private IActionResult Go(string target) => Redirect({|#2:target|});
                        }
                        """,
                    },
                },
                FixedState = { InheritanceMode = Microsoft.CodeAnalysis.Testing.StateInheritanceMode.AutoInheritAll, MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(
                Verify.Diagnostic("TA2007").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("returnUrl", "untrusted", "ControllerBase.Redirect", " via AccountController.Go", "AccountController.A"),
                Verify.Diagnostic("TA2007").WithLocation(3).WithLocation(4).WithArguments("returnUrl", "untrusted", "HttpResponse.Redirect", "", "AccountController.B"));
    }
}
