using System.Threading.Tasks;
using ThreatAnalyzers.CodeFixes.Rules;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.AuthorizationOverriddenByAllowAnonymousRule,
    ThreatAnalyzers.CodeFixes.Rules.AuthorizationOverriddenByAllowAnonymousFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA6006's fix takes away the AllowAnonymous that cancels the requirement, without making other endpoints less public.</summary>
    public class AuthorizationOverriddenByAllowAnonymousFixerTests
    {
        [Fact]
        public Task ControllersAllowAnonymous_MovesToItsActionsWithoutAuthorize_FixAllToo()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    [{|#9:AllowAnonymous|}]
                    [Route("users")]
                    public class UsersController : ControllerBase
                    {
                        [HttpGet]
                        public IActionResult List() => Ok();

                        [HttpGet("{id}")]
                        public IActionResult Get(int id) => Ok();

                        [HttpDelete("{id}")]
                        [{|#0:Authorize(Roles = "Admin")|}]
                        public IActionResult Delete(int id) => NoContent();

                        [HttpPost("{id}/lock")]
                        [{|#1:Authorize(Policy = "Staff")|}]
                        public IActionResult Lock(int id) => NoContent();

                        [NonAction]
                        public void Helper() { }

                        private void Log() { }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    [Route("users")]
                    public class UsersController : ControllerBase
                    {
                        [HttpGet]
                        [AllowAnonymous]
                        public IActionResult List() => Ok();

                        [HttpGet("{id}")]
                        [AllowAnonymous]
                        public IActionResult Get(int id) => Ok();

                        [HttpDelete("{id}")]
                        [Authorize(Roles = "Admin")]
                        public IActionResult Delete(int id) => NoContent();

                        [HttpPost("{id}/lock")]
                        [Authorize(Policy = "Staff")]
                        public IActionResult Lock(int id) => NoContent();

                        [NonAction]
                        public void Helper() { }

                        private void Log() { }
                    }
                    """,
                CodeActionEquivalenceKey = AuthorizationOverriddenByAllowAnonymousFixer.Key,
                NumberOfIncrementalIterations = 1,
                NumberOfFixAllIterations = 1,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(9).WithArguments("UsersController.Delete", "role 'Admin'", "[AllowAnonymous] on class 'UsersController'"),
                Verify.Diagnostic().WithLocation(1).WithLocation(9).WithArguments("UsersController.Lock", "policy 'Staff'", "[AllowAnonymous] on class 'UsersController'"));

        [Fact]
        public Task AllowAnonymousOnTheSameAction_AndOnTheSameClass_AreRemoved_FixAllToo()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    public class ReportsController : ControllerBase
                    {
                        [HttpGet]
                        [{|#0:Authorize(Roles = "Admin,Auditor")|}, {|#1:AllowAnonymous|}]
                        public IActionResult Export() => Ok();
                    }

                    [{|#2:Authorize(Roles = "Admin")|}]
                    [{|#3:AllowAnonymous|}]
                    public class AdminController : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Purge() => Ok();
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    public class ReportsController : ControllerBase
                    {
                        [HttpGet]
                        [Authorize(Roles = "Admin,Auditor")]
                        public IActionResult Export() => Ok();
                    }

                    [Authorize(Roles = "Admin")]
                    public class AdminController : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Purge() => Ok();
                    }
                    """,
                CodeActionEquivalenceKey = AuthorizationOverriddenByAllowAnonymousFixer.Key,
                // The class's own [Authorize] is reported once for the class, from its first action's analysis: outside
                // that action's declaration, so not found by analyzing the attribute's span alone.
                CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("ReportsController.Export", "one of the roles 'Admin,Auditor'", "[AllowAnonymous] on the same action"),
                Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("AdminController", "role 'Admin'", "[AllowAnonymous] on the same class"));

        [Fact]
        public Task AllowAnonymousOnTheRoute_IsTakenOutOfTheChain()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;

                    public static class Routes
                    {
                        public static void Map(WebApplication app)
                        {
                            app.{|#0:MapDelete|}("/users/{id}", (int id) => Results.NoContent()).{|#2:RequireAuthorization|}("Admin").{|#1:AllowAnonymous|}();
                        }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;

                    public static class Routes
                    {
                        public static void Map(WebApplication app)
                        {
                            app.MapDelete("/users/{id}", (int id) => Results.NoContent()).RequireAuthorization("Admin");
                        }
                    }
                    """,
                CodeActionEquivalenceKey = AuthorizationOverriddenByAllowAnonymousFixer.Key,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("DELETE /users/{id}", "policy 'Admin'", ".AllowAnonymous() on the same route"));

        [Fact]
        public Task AllowAnonymousOnABaseClass_OffersNoFix()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    [{|#1:AllowAnonymous|}]
                    public abstract class PublicControllerBase : ControllerBase
                    {
                    }

                    public class SettingsController : PublicControllerBase
                    {
                        [HttpPost]
                        [{|#0:Authorize(Roles = "Admin")|}]
                        public IActionResult Reset() => Ok();
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    [{|#1:AllowAnonymous|}]
                    public abstract class PublicControllerBase : ControllerBase
                    {
                    }

                    public class SettingsController : PublicControllerBase
                    {
                        [HttpPost]
                        [{|#0:Authorize(Roles = "Admin")|}]
                        public IActionResult Reset() => Ok();
                    }
                    """,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("SettingsController.Reset", "role 'Admin'", "[AllowAnonymous] on base class 'PublicControllerBase'"));
    }
}
