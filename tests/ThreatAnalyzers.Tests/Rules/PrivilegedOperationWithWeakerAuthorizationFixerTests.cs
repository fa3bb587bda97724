using System.Threading.Tasks;
using ThreatAnalyzers.CodeFixes.Rules;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.PrivilegedOperationWithWeakerAuthorizationRule,
    ThreatAnalyzers.CodeFixes.Rules.PrivilegedOperationWithWeakerAuthorizationFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA6001's fix requires the missing role on the action, only where the application configures authentication and authorization.</summary>
    public class PrivilegedOperationWithWeakerAuthorizationFixerTests
    {
        private const string Service = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public class AdminService
            {
                [Authorize(Roles = "Admin")]
                public void {|#8:Purge|}(int id) { }

                [Authorize(Roles = "Manager,Admin")]
                public void {|#9:Lock|}(int id) { }
            }

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddCookie();
                    builder.Services.AddAuthorization();
                }
            }
            """;

        [Fact]
        public Task TheMissingRole_IsRequiredOnTheAction_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class UsersController(AdminService admin) : ControllerBase
                        {
                            [HttpDelete]
                            public IActionResult Delete(int id)
                            {
                                {|#0:admin.Purge(id)|};
                                {|#1:admin.Purge(id + 1)|};
                                return NoContent();
                            }

                            [HttpPost]
                            public IActionResult Lock(int id)
                            {
                                {|#2:admin.Lock(id)|};
                                return NoContent();
                            }
                        }
                        """,
                        Service,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        public class UsersController(AdminService admin) : ControllerBase
                        {
                            [HttpDelete]
                            [Authorize(Roles = "Admin")]
                            public IActionResult Delete(int id)
                            {
                                admin.Purge(id);
                                admin.Purge(id + 1);
                                return NoContent();
                            }

                            [HttpPost]
                            [Authorize(Roles = "Admin,Manager")]
                            public IActionResult Lock(int id)
                            {
                                admin.Lock(id);
                                return NoContent();
                            }
                        }
                        """,
                        Service,
                    },
                },
                CodeActionEquivalenceKey = PrivilegedOperationWithWeakerAuthorizationFixer.Key,
                NumberOfIncrementalIterations = 2,
                NumberOfFixAllIterations = 1,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(8).WithArguments("UsersController.Delete", "AdminService.Purge", "", "role 'Admin'", "does not require it"),
                Verify.Diagnostic().WithLocation(1).WithLocation(8).WithArguments("UsersController.Delete", "AdminService.Purge", "", "role 'Admin'", "does not require it"),
                Verify.Diagnostic().WithLocation(2).WithLocation(9).WithArguments("UsersController.Lock", "AdminService.Lock", "", "one of the roles 'Admin, Manager'", "does not require it"));

        [Fact]
        public Task WithoutAuthenticationConfigured_NoFixIsOffered()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    public class AdminService
                    {
                        [Authorize(Roles = "Admin")]
                        public void {|#8:Purge|}(int id) { }
                    }

                    public class UsersController(AdminService admin) : ControllerBase
                    {
                        [HttpDelete]
                        public IActionResult Delete(int id) { {|#0:admin.Purge(id)|}; return NoContent(); }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    public class AdminService
                    {
                        [Authorize(Roles = "Admin")]
                        public void {|#8:Purge|}(int id) { }
                    }

                    public class UsersController(AdminService admin) : ControllerBase
                    {
                        [HttpDelete]
                        public IActionResult Delete(int id) { {|#0:admin.Purge(id)|}; return NoContent(); }
                    }
                    """,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(8).WithArguments("UsersController.Delete", "AdminService.Purge", "", "role 'Admin'", "does not require it"));
    }
}
