using System.Threading.Tasks;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.SecretReturnedToCallerRule,
    ThreatAnalyzers.CodeFixes.Rules.SecretReturnedToCallerFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SecretReturnedToCallerRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA4010: a response carries a secret, or an object with a secret member (Identity's PasswordHash among them), authenticated or not.</summary>
    public class SecretReturnedToCallerTests
    {
        private const string Clients = """
            using ThreatAnalyzers;

            public class ApiClient
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
                [HandlesSecrets] public string ApiKey { get; set; } = "";
            }

            public class ApiClients
            {
                public ApiClient Find(int id) => new ApiClient { Id = id };
            }
            """;

        [Fact]
        public Task IdentityUser_ReturnedByAnAuthorizedAction_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public class ApplicationUser : IdentityUser
                {
                    public string DisplayName { get; set; } = "";
                }

                [Authorize]
                public class UsersController(UserManager<ApplicationUser> users) : ControllerBase
                {
                    [HttpGet("users/{id}")]
                    public async Task<IActionResult> Get(string id)
                    {
                        var user = await users.FindByIdAsync(id);
                        if (user is null)
                        {
                            return NotFound();
                        }

                        return Ok({|#0:user|});
                    }

                    [HttpGet("identity/{id}")]
                    public async Task<IdentityUser?> Raw(string id) => {|#1:await users.FindByIdAsync(id)|};

                    [HttpGet("users/{id}/hash")]
                    public async Task<IActionResult> Hash(string id)
                    {
                        var user = await users.FindByIdAsync(id);
                        return Ok(new { user!.Id, {|#2:user.PasswordHash|} });
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("UsersController.Get", "user", "ApplicationUser.PasswordHash"),
                Verify.Diagnostic().WithLocation(1).WithArguments("UsersController.Raw", "await users.FindByIdAsync(id)", "ApplicationUser.PasswordHash"),
                Verify.Diagnostic().WithLocation(2).WithArguments("UsersController.Hash", "user.PasswordHash", "ApplicationUser.PasswordHash"));

        [Fact]
        public Task MinimalApi_ResultsOk_AndWrittenBody_Fire()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSingleton<ApiClients>();
                var app = builder.Build();

                app.MapGet("/clients/{id}", (int id, ApiClients clients) => Results.Ok({|#0:clients.Find(id)|})).RequireAuthorization();

                app.MapGet("/clients/{id}/key", (int id, ApiClients clients) => {|#1:clients.Find(id).ApiKey|});

                app.MapGet("/clients/{id}/raw", async (int id, ApiClients clients, HttpResponse response) =>
                    await response.WriteAsJsonAsync({|#2:clients.Find(id)|}));

                app.Run();
                """,
                Clients)
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("GET /clients/{id}", "clients.Find(id)", "ApiClient.ApiKey"),
                Verify.Diagnostic().WithLocation(1).WithArguments("GET /clients/{id}/key", "clients.Find(id).ApiKey", "ApiClient.ApiKey"),
                Verify.Diagnostic().WithLocation(2).WithArguments("GET /clients/{id}/raw", "clients.Find(id)", "ApiClient.ApiKey"));

        [Fact]
        public Task Projections_IgnoredMembers_EchoedInput_AndIssuedTokens_AreSilent()
            => new Verify.Test(
                """
                using System.Text.Json.Serialization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class Account
                {
                    public int Id { get; set; }
                    [JsonIgnore, HandlesSecrets] public string PasswordHash { get; set; } = "";
                }

                public record LoginRequest(string UserName, [property: HandlesSecrets] string Password);

                public record TokenResponse([property: HandlesSecrets] string AccessToken);

                public class ClientsController(ApiClients clients) : ControllerBase
                {
                    [HttpGet("clients/{id}")]
                    public IActionResult Get(int id)
                    {
                        var client = clients.Find(id);
                        return Ok(new { client.Id, client.Name });
                    }

                    [HttpGet("accounts/{id}")]
                    public Account Account(int id) => new Account { Id = id };

                    [HttpPost("echo")]
                    public IActionResult Echo(LoginRequest request) => Ok(request);

                    [HttpPost("login")]
                    public IActionResult Login(LoginRequest request) => Ok(new TokenResponse(System.Guid.NewGuid().ToString()));
                }
                """,
                Clients).RunWithAsync();

        [Fact]
        public Task ProjectsToAnAnonymousObject_FixAllToo()
            => new Fix.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Http;
                        using Microsoft.AspNetCore.Mvc;

                        public class ClientsController(ApiClients clients) : ControllerBase
                        {
                            [HttpGet("clients/{id}")]
                            public IActionResult Get(int id)
                            {
                                var client = clients.Find(id);
                                return Ok({|#0:client|});
                            }

                            [HttpGet("clients/{id}/again")]
                            public IResult Again(int id)
                            {
                                var client = clients.Find(id);
                                return Results.Ok({|#1:client|});
                            }

                            [HttpGet("clients/{id}/raw")]
                            public ApiClient Raw(int id) => {|#2:clients.Find(id)|};
                        }
                        """,
                        Clients,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Http;
                        using Microsoft.AspNetCore.Mvc;

                        public class ClientsController(ApiClients clients) : ControllerBase
                        {
                            [HttpGet("clients/{id}")]
                            public IActionResult Get(int id)
                            {
                                var client = clients.Find(id);
                                return Ok(new { client.Id, client.Name });
                            }

                            [HttpGet("clients/{id}/again")]
                            public IResult Again(int id)
                            {
                                var client = clients.Find(id);
                                return Results.Ok(new { client.Id, client.Name });
                            }

                            [HttpGet("clients/{id}/raw")]
                            public ApiClient Raw(int id) => {|#2:clients.Find(id)|};
                        }
                        """,
                        Clients,
                    },
                    ExpectedDiagnostics =
                    {
                        Fix.Diagnostic("TA4010").WithLocation(2).WithArguments("ClientsController.Raw", "clients.Find(id)", "ApiClient.ApiKey"),
                    },
                },
            }.RunWithAsync(
                Fix.Diagnostic("TA4010").WithLocation(0).WithArguments("ClientsController.Get", "client", "ApiClient.ApiKey"),
                Fix.Diagnostic("TA4010").WithLocation(1).WithArguments("ClientsController.Again", "client", "ApiClient.ApiKey"),
                Fix.Diagnostic("TA4010").WithLocation(2).WithArguments("ClientsController.Raw", "clients.Find(id)", "ApiClient.ApiKey"));

        [Fact]
        public Task IdentityUser_IsProjectedWithoutPasswordHashAndSecurityStamp()
            => new Fix.Test
            {
                TestCode = """
                    using System.Threading.Tasks;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.AspNetCore.Mvc;

                    public class UsersController(UserManager<IdentityUser> users) : ControllerBase
                    {
                        [HttpGet("users/{id}")]
                        public async Task<IActionResult> Get(string id)
                        {
                            var user = await users.FindByIdAsync(id);
                            return Ok({|#0:user|});
                        }
                    }
                    """,
                FixedCode = """
                    using System.Threading.Tasks;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.AspNetCore.Mvc;

                    public class UsersController(UserManager<IdentityUser> users) : ControllerBase
                    {
                        [HttpGet("users/{id}")]
                        public async Task<IActionResult> Get(string id)
                        {
                            var user = await users.FindByIdAsync(id);
                            return Ok(new { user.Id, user.UserName, user.NormalizedUserName, user.Email, user.NormalizedEmail, user.EmailConfirmed, user.ConcurrencyStamp, user.PhoneNumber, user.PhoneNumberConfirmed, user.TwoFactorEnabled, user.LockoutEnd, user.LockoutEnabled, user.AccessFailedCount });
                        }
                    }
                    """,
            }.RunWithAsync(Fix.Diagnostic("TA4010").WithLocation(0).WithArguments("UsersController.Get", "user", "IdentityUser.PasswordHash"));
    }
}
