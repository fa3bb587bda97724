using System.Threading.Tasks;
using Xunit;

namespace ThreatAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Code as the IDE sees it while someone types: every analyzer runs on it and none may throw (AD0001).
    /// The mutation-based sweep over all test sources belongs to the robustness suite; these are the shapes most likely
    /// to reach the entry-point and annotation code half-built.
    /// </summary>
    public class HalfTypedCodeTests
    {
        public static TheoryData<string> Snippets() => new()
        {
            "using ThreatAnalyzers; public class C { [TrustBoundary(",
            "using ThreatAnalyzers; public class C { [TrustBoundary()] public void M() { } }",
            "using ThreatAnalyzers; public class C { [TrustBoundary(null)] public void M( }",
            "using ThreatAnalyzers; [AcceptsRisk(\"TA1001\", Expires = )] public class C { }",
            "using ThreatAnalyzers; [AcceptsRisk(\"TA1001\", \"x\", Expires = 2026)] public class C { }",
            "using ThreatAnalyzers; [Mitigates(threatId: , how: \"x\")] public class C { }",
            "using ThreatAnalyzers; [Mitigates(\"TA1001\", \"x\", \"extra\")] public class C { }",
            "using ThreatAnalyzers; [assembly: AcceptsRisk(",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapGet(",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapGet(\"/x\", ",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapGet(\"/x\", () => ).RequireAuthorization(",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); var g = app.MapGroup(; g.MapPost(\"/\", () => 1);",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapGroup(\"/a\").MapGroup(\"/b\").MapMethods(\"/c\", new[] { null, \"GET\" }, () => 1);",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapGet(pattern: \"/x\", handler: Missing.Method);",
            "using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapControllers().RequireAuthorization(; app.MapRazorPages(",
            "using Microsoft.AspNetCore.Authorization; using Microsoft.Extensions.DependencyInjection; var b = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); b.Services.AddAuthorization(o => o.FallbackPolicy = );",
            "using Microsoft.AspNetCore.Authorization; using Microsoft.Extensions.DependencyInjection; var b = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); b.Services.AddAuthorizationBuilder().SetFallbackPolicy(",
            "using Microsoft.AspNetCore.Builder; using Microsoft.AspNetCore.Routing; static class R { public static void M(this IEndpointRouteBuilder r) { r.MapGet(\"/\", () => 1); M(r); M(); } }",
            "using Microsoft.AspNetCore.Mvc; public class PatientsController : ControllerBase { public IActionResult Get(",
            "using Microsoft.AspNetCore.Mvc; public class PatientsController : Missing { public void Get() { } }",
            "using Microsoft.AspNetCore.Mvc; public partial class PatientsController : ControllerBase { public partial void Get(); }",
            "using Microsoft.AspNetCore.Mvc.RazorPages; public class P : PageModel { public void OnGet",
            "public class FooController { public void Bar<T>() { } public override string ToString() => \"\"; public void Dispose() { } }",
            "using ThreatAnalyzers; [TrustBoundary(\"x\")] public struct S { public void M() { } } [TrustBoundary(\"y\")] interface I { void M(); }",
            "using ThreatAnalyzers; public class C { [TrustBoundary(\"x\")] public void M() { void Local() { } var f = [TrustBoundary(\"z\")] () => 1; } }",
            "using ThreatAnalyzers; public class C { [TrustBoundary(\"\\uD800\")] public void M() { } }",
            "using Microsoft.AspNetCore.Authorization; using Microsoft.AspNetCore.Mvc; [AllowAnonymous] public class AController : ControllerBase { [Authorize(Roles = )] public IActionResult Get() => Ok(); [Authorize(Policy = 1)] public void P( }",
            "using Microsoft.AspNetCore.Authorization; using Microsoft.AspNetCore.Mvc; [Authorize(Roles = \"A\")] [AllowAnonymous(] public class BController : ControllerBase { public void Get() { } }",
            "using Microsoft.AspNetCore.Authorization; using Microsoft.AspNetCore.Builder; var app = WebApplication.CreateBuilder(args).Build(); app.MapGet(\"/x\", [Authorize(Roles = )] () => 1).RequireAuthorization(new AuthorizeAttribute { Roles = }).AllowAnonymous(",
            "using Microsoft.AspNetCore.Authorization; using Microsoft.Extensions.DependencyInjection; var b = Microsoft.AspNetCore.Builder.WebApplication.CreateBuilder(args); b.Services.AddAuthorization(o => o.AddPolicy(, p => p.RequireRole(",
            "using ThreatAnalyzers; using Microsoft.AspNetCore.Authorization; using Microsoft.AspNetCore.Mvc; public class S { [RequiresRole(] public void X() { } [Authorize(Roles = null)] public void Z() { } } [Authorize] public class CController(S s) : ControllerBase { public void Y() { s.X(; s.Z(); User.IsInRole(; } }",
            // A cut that left a finding inside a broken attribute: Roslyn's formatter threw on the accept-risk fix's result.
            "using System.Net.Http; using System.Threading.Tasks; using Microsoft.AspNetCore.Mvc;\nnamespace Shop\n{\n    [ApiController]\n    [Route(\"proxy\")]\n    public class SsrfController(IHttpClientFactory factory) : ControllerBase\n    {\n        [HttpGet(sk<string> Fetch(string url) => await factory.CreateClient().GetStringAsync(url);\n\n        [HttpGet(\"status\")]\n        public async Task<string> Status() => await factory.CreateClient().GetStringAsync(\"https://status.example.com/api\");\n    }\n}\n",
            "class",
            "}}}{{{",
            "",
        };

        [Theory]
        [MemberData(nameof(Snippets))]
        public async Task NothingThrows(string source)
        {
            // Analyzers (the model analyzer among them) and code fixes (computed), as the IDE runs them on each keystroke.
            var failures = await RobustnessHarness.FailuresAsync(source);
            Assert.True(failures.Count == 0, string.Join("\n", failures));
        }
    }
}
