using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.PrivilegedOperationWithWeakerAuthorizationRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>
    /// TA6001: an entry point reaches a method that requires a role the entry point does not require. Reported on the
    /// call in the entry point's body that starts the chain, with the privileged method as a related location.
    /// </summary>
    public class PrivilegedOperationWithWeakerAuthorizationTests
    {
        /// <summary>The service whose operations require a role, three ways.</summary>
        private const string AdminService = """
            using Microsoft.AspNetCore.Authorization;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;
            using ThreatAnalyzers;

            public class AdminService
            {
                [RequiresRole("Admin")]
                public void {|#8:PurgeAccount|}(int id) { }

                [Authorize(Roles = "Admin,Manager")]
                public void {|#9:LockAccount|}(int id) { }

                [Authorize(Policy = "Admins")]
                public void {|#7:ResetAll|}() { }
            }

            public class UserService(AdminService admin)
            {
                public void Delete(int id) => admin.PurgeAccount(id);
            }

            public static class Policies
            {
                public static void Add(IServiceCollection services)
                    => services.AddAuthorization(options => options.AddPolicy("Admins", policy => policy.RequireRole("Admin")));
            }
            """;

        [Fact]
        public Task AuthenticatedAction_CallingAnAdminOperation_DirectlyOrThroughAService_Fires()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        [Authorize]
                        public class UsersController(AdminService admin, UserService users) : ControllerBase
                        {
                            [HttpDelete]
                            public IActionResult DeleteUser(int id)
                            {
                                {|#0:admin.PurgeAccount(id)|};
                                return NoContent();
                            }

                            [HttpDelete("self")]
                            public IActionResult DeleteSelf(int id)
                            {
                                {|#1:users.Delete(id)|};
                                return NoContent();
                            }

                            [HttpPost("reset")]
                            [Authorize(Roles = "Support")]
                            public IActionResult Reset()
                            {
                                {|#2:admin.ResetAll()|};
                                return NoContent();
                            }
                        }
                        """,
                        AdminService,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(8).WithArguments("UsersController.DeleteUser", "AdminService.PurgeAccount", "", "role 'Admin'", "does not require it"),
                Verify.Diagnostic().WithLocation(1).WithLocation(8).WithArguments("UsersController.DeleteSelf", "AdminService.PurgeAccount", " via UserService.Delete", "role 'Admin'", "does not require it"),
                Verify.Diagnostic().WithLocation(2).WithLocation(7).WithArguments("UsersController.Reset", "AdminService.ResetAll", "", "role 'Admin'", "requires only role 'Support'"));

        [Fact]
        public Task AnEntryPointWithAWiderRoleSet_OrAPublicOne_Fires()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        [Authorize(Roles = "Admin")]
                        public class AccountsController(AdminService admin) : ControllerBase
                        {
                            [HttpPost("lock")]
                            [AllowAnonymous]
                            public IActionResult Lock(int id)
                            {
                                {|#0:admin.LockAccount(id)|};
                                return Ok();
                            }
                        }

                        public class StaffController(AdminService admin) : ControllerBase
                        {
                            [HttpPost("purge")]
                            [Authorize(Roles = "Admin,Support")]
                            public IActionResult Purge(int id)
                            {
                                {|#1:admin.PurgeAccount(id)|};
                                return Ok();
                            }
                        }
                        """,
                        AdminService,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(9).WithArguments("AccountsController.Lock", "AdminService.LockAccount", "", "one of the roles 'Admin, Manager'", "does not require it"),
                Verify.Diagnostic().WithLocation(1).WithLocation(8).WithArguments("StaffController.Purge", "AdminService.PurgeAccount", "", "role 'Admin'", "requires only one of the roles 'Admin, Support'"));

        [Fact]
        public Task MinimalApi_WithoutTheRole_Fires()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;

                        var app = WebApplication.Create();
                        app.MapDelete("/accounts/{id}", (int id, AdminService admin) => { {|#0:admin.PurgeAccount(id)|}; return Results.NoContent(); }).RequireAuthorization();
                        app.Run();
                        """,
                        AdminService,
                    },
                },
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(8).WithArguments("DELETE /accounts/{id}", "AdminService.PurgeAccount", "", "role 'Admin'", "does not require it"));

        [Fact]
        public Task EntryPointsThatRequireTheRole_Silent()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Http;
                        using Microsoft.AspNetCore.Mvc;

                        [Authorize(Roles = "Admin")]
                        public class AdminController(AdminService admin, UserService users) : ControllerBase
                        {
                            [HttpDelete]
                            public IActionResult Delete(int id) { admin.PurgeAccount(id); users.Delete(id); admin.ResetAll(); return Ok(); }

                            // Admin is one of Admin,Manager: the entry point's role set is narrower.
                            [HttpPost]
                            public IActionResult Lock(int id) { admin.LockAccount(id); return Ok(); }
                        }

                        public class ManagersController(AdminService admin) : ControllerBase
                        {
                            [HttpPost]
                            [Authorize(Roles = "Manager")]
                            public IActionResult Lock(int id) { admin.LockAccount(id); return Ok(); }

                            [HttpPost]
                            [Authorize(Policy = "Admins")]
                            public IActionResult Purge(int id) { admin.PurgeAccount(id); return Ok(); }

                            // A role check before the call.
                            [HttpPost]
                            [Authorize]
                            public IActionResult Reset()
                            {
                                if (!User.IsInRole("Admin"))
                                {
                                    return Forbid();
                                }

                                admin.ResetAll();
                                return Ok();
                            }
                        }

                        public static class Routes
                        {
                            public static void Map(WebApplication app)
                            {
                                app.MapPost("/purge", (int id, AdminService admin) => admin.PurgeAccount(id)).RequireAuthorization("Admins");

                                // The group's policy requires the role; so do an AuthorizeAttribute and a policy built in place.
                                var admins = app.MapGroup("/admin").RequireAuthorization("Admins");
                                admins.MapPost("/reset", (AdminService admin) => admin.ResetAll());
                                app.MapPost("/lock", (int id, AdminService admin) => admin.LockAccount(id)).RequireAuthorization(new AuthorizeAttribute { Roles = "Manager" });
                                app.MapPost("/purge-now", (int id, AdminService admin) => admin.PurgeAccount(id)).RequireAuthorization(policy => policy.RequireRole("Admin"));

                                // A policy the compilation does not build (a policy provider): what it requires is unknown, silent.
                                app.MapPost("/purge-provided", (int id, AdminService admin) => admin.PurgeAccount(id)).RequireAuthorization("ProvidedElsewhere");
                            }
                        }
                        """,
                        AdminService,
                    },
                },
            }.RunWithAsync();

        [Fact]
        public Task MinimalApi_InAGroupThatRequiresOnlyAuthentication_OrAPolicyWithoutTheRole_Fires()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Routing;
                        using Microsoft.Extensions.DependencyInjection;

                        public static class Routes
                        {
                            public static void Map(WebApplication app)
                            {
                                app.MapGroup("/accounts").RequireAuthorization().MapAccounts();
                                var staff = app.MapGroup("/staff").RequireAuthorization("Staff");
                                staff.MapPost("/reset", (AdminService admin) => {|#1:admin.ResetAll()|});
                            }

                            private static RouteGroupBuilder MapAccounts(this RouteGroupBuilder group)
                            {
                                group.MapDelete("/{id}", (int id, AdminService admin) => {|#0:admin.PurgeAccount(id)|});
                                return group;
                            }

                            public static void Policies(IServiceCollection services)
                                => services.AddAuthorizationBuilder().AddPolicy("Staff", policy => policy.RequireClaim("employee"));
                        }
                        """,
                        AdminService,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(8).WithArguments("DELETE /accounts/{id}", "AdminService.PurgeAccount", "", "role 'Admin'", "does not require it"),
                Verify.Diagnostic().WithLocation(1).WithLocation(7).WithArguments("POST /staff/reset", "AdminService.ResetAll", "", "role 'Admin'", "does not require it"));

        [Fact]
        public Task MapControllersRequiringTheRolesPolicy_CoversEveryAction_Silent()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Mvc;

                        [Authorize]
                        public class UsersController(AdminService admin) : ControllerBase
                        {
                            [HttpDelete]
                            public IActionResult DeleteUser(int id) { admin.PurgeAccount(id); return NoContent(); }
                        }

                        public static class Startup
                        {
                            public static void Configure(WebApplication app) => app.MapControllers().RequireAuthorization("Admins");
                        }
                        """,
                        AdminService,
                    },
                },
            }.RunWithAsync();

        [Fact]
        public Task TheRoleDeclaredButCancelledByAllowAnonymous_IsTA6006s_Silent()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        public class IndexController(AdminService admin) : ControllerBase
                        {
                            [HttpPost]
                            [Authorize(Roles = "Admin")]
                            [AllowAnonymous]
                            public IActionResult Reindex() { admin.ResetAll(); return Accepted(); }
                        }
                        """,
                        AdminService,
                    },
                },
            }.RunWithAsync();

        [Fact]
        public Task AMethodRequiringAPolicyWithoutARole_IsNotThisRulesConcern_Silent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public class ReportService
                {
                    [Authorize(Policy = "EmployeesOnly")]
                    public void Export() { }
                }

                [Authorize]
                public class ReportsController(ReportService reports) : ControllerBase
                {
                    [HttpGet]
                    public IActionResult Export() { reports.Export(); return Ok(); }
                }
                """);
    }
}
