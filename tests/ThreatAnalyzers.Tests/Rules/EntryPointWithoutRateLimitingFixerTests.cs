using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.EntryPointWithoutRateLimitingRule,
    ThreatAnalyzers.CodeFixes.Rules.EntryPointWithoutRateLimitingFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA5001's fix applies a policy the application registers; without one it offers [RateLimited] (throttled outside the code).</summary>
    public class EntryPointWithoutRateLimitingFixerTests
    {
        private const string Policies = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.RateLimiting;
            using Microsoft.Extensions.DependencyInjection;

            public static class Limits
            {
                public static void Add(IServiceCollection services)
                    => services.AddRateLimiter(o => o.AddTokenBucketLimiter("per-client", t => { t.TokenLimit = 20; t.TokensPerPeriod = 5; })
                                                    .AddFixedWindowLimiter("other", w => w.PermitLimit = 1));
            }
            """;

        [Fact]
        public Task MinimalApis_GetRequireRateLimiting_WithTheFirstPolicy_FixAll()
            => new Verify.Test
            {
                OutputKind = OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;

                        var app = WebApplication.Create(args);
                        app.{|#0:MapGet|}("/a", () => Results.Ok());
                        app.{|#1:MapPost|}("/b", () => Results.Ok()).RequireAuthorization();
                        app.Run();
                        """,
                        Policies,
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(0).WithArguments("GET /a", "Internet"),
                        Verify.Diagnostic().WithLocation(1).WithArguments("POST /b", "Internet"),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;

                        var app = WebApplication.Create(args);
                        app.MapGet("/a", () => Results.Ok()).RequireRateLimiting("per-client");
                        app.MapPost("/b", () => Results.Ok()).RequireRateLimiting("per-client").RequireAuthorization();
                        app.Run();
                        """,
                        Policies,
                    },
                },
            }.RunWithAsync();

        [Fact]
        public Task ActionsAndPageModels_GetEnableRateLimiting_AndTheUsing_FixAll()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.AspNetCore.Mvc.RazorPages;

                        public class OrdersController : ControllerBase
                        {
                            [HttpGet("orders")]
                            public IActionResult {|#0:List|}() => Ok();
                        }

                        public class SignUp : PageModel
                        {
                            public void {|#1:OnGet|}() { }

                            public void {|#2:OnPost|}() { }
                        }
                        """,
                        Policies,
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.List", "Internet"),
                        Verify.Diagnostic().WithLocation(1).WithArguments("SignUp.OnGet", "Internet"),
                        Verify.Diagnostic().WithLocation(2).WithArguments("SignUp.OnPost", "Internet"),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.AspNetCore.Mvc.RazorPages;
                        using Microsoft.AspNetCore.RateLimiting;

                        public class OrdersController : ControllerBase
                        {
                            [HttpGet("orders")]
                            [EnableRateLimiting("per-client")]
                            public IActionResult List() => Ok();
                        }

                        [EnableRateLimiting("per-client")]
                        public class SignUp : PageModel
                        {
                            public void OnGet() { }

                            public void OnPost() { }
                        }
                        """,
                        Policies,
                    },
                },
            }.RunWithAsync();

        [Fact]
        public Task WithoutAPolicy_AnActionGetsRateLimited_AndAMapCallNoFix()
            => new Verify.Test
            {
                OutputKind = OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;
                        using Microsoft.AspNetCore.Mvc;

                        var app = WebApplication.Create(args);
                        app.{|#1:MapGet|}("/a", () => Results.Ok());
                        app.Run();

                        public class OrdersController : ControllerBase
                        {
                            [HttpGet("orders")]
                            public IActionResult {|#0:List|}() => Ok();
                        }
                        """,
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.List", "Internet"),
                        Verify.Diagnostic().WithLocation(1).WithArguments("GET /a", "Internet"),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;
                        using Microsoft.AspNetCore.Mvc;
                        using ThreatAnalyzers;

                        var app = WebApplication.Create(args);
                        app.{|#1:MapGet|}("/a", () => Results.Ok());
                        app.Run();

                        public class OrdersController : ControllerBase
                        {
                            [HttpGet("orders")]
                            [RateLimited]
                            public IActionResult List() => Ok();
                        }
                        """,
                    },
                    ExpectedDiagnostics =
                    {
                        Verify.Diagnostic().WithLocation(1).WithArguments("GET /a", "Internet"),
                    },
                    MarkupHandling = MarkupMode.Allow,
                },
            }.RunWithAsync();
    }
}
