using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SensitiveDataServedWithoutAuthenticationRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA4005: an entry point anyone may call (no authentication, or [AllowAnonymous]) answers with personal data.</summary>
    public class SensitiveDataServedWithoutAuthenticationTests
    {
        private const string Customers = """
            using ThreatAnalyzers;

            public class Customer
            {
                public int Id { get; set; }
                public string Tier { get; set; } = "";
                [HandlesPii] public string Email { get; set; } = "";
            }

            public record Contact(int Id, [HandlesPii] string Phone);

            public class ApiClient
            {
                public int Id { get; set; }
                [HandlesSecrets] public string ApiKey { get; set; } = "";
            }

            public class CustomerDirectory
            {
                public Customer Find(int id) => new Customer { Id = id };
                public Contact Contact(int id) => new Contact(id, "");
                public ApiClient Client(int id) => new ApiClient { Id = id };
            }
            """;

        [Fact]
        public Task Controller_WithoutAuthentication_AndAllowAnonymous_Fire()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public class CustomersController(CustomerDirectory directory) : ControllerBase
                {
                    [HttpGet("customers/{id}")]
                    public IActionResult Get(int id) => Ok({|#0:directory.Find(id)|});

                    [HttpGet("customers/{id}/contact")]
                    public Contact Contact(int id) => {|#1:directory.Contact(id)|};
                }

                [Authorize]
                public class LookupController(CustomerDirectory directory) : ControllerBase
                {
                    [AllowAnonymous]
                    [HttpGet("lookup/{id}")]
                    public string Lookup(int id) => {|#2:directory.Find(id).Email|};

                    [HttpGet("lookup/{id}/full")]
                    public Customer Full(int id) => directory.Find(id);
                }
                """,
                Customers).RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("CustomersController.Get", "directory.Find(id)", "Customer.Email"),
                Verify.Diagnostic().WithLocation(1).WithArguments("CustomersController.Contact", "directory.Contact(id)", "Contact.Phone"),
                Verify.Diagnostic().WithLocation(2).WithArguments("LookupController.Lookup", "directory.Find(id).Email", "Customer.Email"));

        [Fact]
        public Task MinimalApi_PublicOnPurpose_StillFires_RequireAuthorization_IsSilent()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSingleton<CustomerDirectory>();
                var app = builder.Build();

                app.MapGet("/public/{id}", (int id, CustomerDirectory directory) => Results.Ok({|#0:directory.Find(id)|})).AllowAnonymous();
                app.MapGet("/private/{id}", (int id, CustomerDirectory directory) => Results.Ok(directory.Find(id))).RequireAuthorization();
                app.MapGet("/tier/{id}", (int id, CustomerDirectory directory) => Results.Ok(new { directory.Find(id).Tier }));
                app.MapGet("/client/{id}", (int id, CustomerDirectory directory) => Results.Ok(directory.Client(id)));
                app.MapPost("/echo", (Customer customer) => Results.Ok(customer));

                app.Run();
                """,
                Customers)
            {
                OutputKind = OutputKind.ConsoleApplication,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("GET /public/{id}", "directory.Find(id)", "Customer.Email"));

        [Fact]
        public Task TA1001AcceptedAsPublic_StillFires_AndItsOwnAcceptance_Suppresses()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class WidgetController(CustomerDirectory directory) : ControllerBase
                {
                    [AcceptsRisk("TA1001", "The branch widget is public", Owner = "web-team", Expires = "2027-01-01")]
                    [HttpGet("widget/{id}")]
                    public IActionResult Card(int id) => Ok({|#0:directory.Find(id)|});

                    [AcceptsRisk("TA4005", "Partners show the card; reviewed with the DPO", Owner = "web-team", Expires = "2027-01-01")]
                    [HttpGet("widget/{id}/partner")]
                    public IActionResult Partner(int id) => Ok({|#1:directory.Find(id)|});
                }
                """,
                Customers).RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("WidgetController.Card", "directory.Find(id)", "Customer.Email"),
                Verify.Diagnostic().WithLocation(1).WithArguments("WidgetController.Partner", "directory.Find(id)", "Customer.Email").WithIsSuppressed(true));

        [Fact]
        public Task IdentityPersonalData_ServedAnonymously_Fires_SignInAnswer_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public class ProfilesController(UserManager<IdentityUser> users, SignInManager<IdentityUser> signIn) : ControllerBase
                {
                    [HttpGet("profiles/{name}")]
                    public async Task<IActionResult> Get(string name) => Ok(new { Email = {|#0:(await users.FindByNameAsync(name))!.Email|} });

                    [HttpPost("login")]
                    public async Task<IActionResult> Login(string name, string password)
                    {
                        var user = await users.FindByNameAsync(name);
                        var result = await signIn.PasswordSignInAsync(name, password, false, false);
                        return result.Succeeded ? Ok(new { user!.Email }) : Unauthorized();
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProfilesController.Get", "(await users.FindByNameAsync(name))!.Email", "IdentityUser.Email"));
    }
}
