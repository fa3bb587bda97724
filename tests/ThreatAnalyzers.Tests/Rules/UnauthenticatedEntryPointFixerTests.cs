using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.UnauthenticatedEntryPointRule,
    ThreatAnalyzers.CodeFixes.Rules.UnauthenticatedEntryPointFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class UnauthenticatedEntryPointFixerTests
    {
        [Fact]
        public Task ControllerAction_GetsAuthorize_AndTheUsing()
            => Verify.VerifyCodeFixAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class PatientsController : ControllerBase
                {
                    [HttpGet("{id}")]
                    public IActionResult {|#0:Get|}(int id) => Ok(id);
                }
                """,
                new[] { Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("PatientsController.Get", "Internet") },
                """
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public class PatientsController : ControllerBase
                {
                    [HttpGet("{id}")]
                    [Authorize]
                    public IActionResult Get(int id) => Ok(id);
                }
                """);

        [Fact]
        public Task FixAll_FixesEveryActionInTheDocument_WithOneUsing()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Mvc;

                    namespace Clinic.Api
                    {
                        public class PatientsController : ControllerBase
                        {
                            public IActionResult {|#0:Get|}(int id) => Ok(id);

                            public IActionResult {|#1:Delete|}(int id) => NoContent();
                        }

                        public class InvoicesController : ControllerBase
                        {
                            public IActionResult {|#2:List|}() => Ok();
                        }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;

                    namespace Clinic.Api
                    {
                        public class PatientsController : ControllerBase
                        {
                            [Authorize]
                            public IActionResult Get(int id) => Ok(id);

                            [Authorize]
                            public IActionResult Delete(int id) => NoContent();
                        }

                        public class InvoicesController : ControllerBase
                        {
                            [Authorize]
                            public IActionResult List() => Ok();
                        }
                    }
                    """,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("PatientsController.Get", "Internet"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("PatientsController.Delete", "Internet"),
                Verify.Diagnostic("TA1001").WithLocation(2).WithArguments("InvoicesController.List", "Internet"));

        [Fact]
        public Task RazorPageHandlers_GetAuthorizeOnThePageModel_Once()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Mvc.RazorPages;

                    public class ProfileModel : PageModel
                    {
                        public void {|#0:OnGet|}() { }

                        public void {|#1:OnPost|}() { }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc.RazorPages;

                    [Authorize]
                    public class ProfileModel : PageModel
                    {
                        public void OnGet() { }

                        public void OnPost() { }
                    }
                    """,
                // Fixing one handler protects the whole page, so the other diagnostic is gone after one iteration.
                NumberOfIncrementalIterations = 1,
                NumberOfFixAllIterations = 1,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("ProfileModel.OnGet", "Internet"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("ProfileModel.OnPost", "Internet"));

        [Fact]
        public Task MinimalApi_GetsRequireAuthorization()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.{|#0:MapGet|}("/patients/{id}", (int id) => id);
                    app.{|#1:MapPost|}("/patients", (string name) => name).WithName("CreatePatient");
                    app.Run();
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapGet("/patients/{id}", (int id) => id).RequireAuthorization();
                    app.MapPost("/patients", (string name) => name).RequireAuthorization().WithName("CreatePatient");
                    app.Run();
                    """,
                OutputKind = OutputKind.ConsoleApplication,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("GET /patients/{id}", "Internet"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("POST /patients", "Internet"));

        [Fact]
        public Task TrustBoundaryOutsideAspNetCore_GetsAuthenticated()
            => new Verify.Test
            {
                TestCode = """
                    using ThreatAnalyzers;

                    [TrustBoundary("Message queue")]
                    public class OrdersConsumer
                    {
                        public void {|#0:Handle|}(string message) { }

                        public void {|#1:Retry|}(string message) { }
                    }
                    """,
                FixedCode = """
                    using ThreatAnalyzers;

                    [TrustBoundary("Message queue")]
                    public class OrdersConsumer
                    {
                        [Authenticated]
                        public void Handle(string message) { }

                        [Authenticated]
                        public void Retry(string message) { }
                    }
                    """,
                References = Verifiers.TestReferences.Library,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("OrdersConsumer.Handle", "Message queue"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("OrdersConsumer.Retry", "Message queue"));

        [Fact]
        public Task LambdaHandler_GetsAuthenticated_EvenInAnAspNetCoreProject()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Amazon.Lambda.APIGatewayEvents;

                        public class Function
                        {
                            public APIGatewayProxyResponse {|#0:Handler|}(APIGatewayProxyRequest request) => new APIGatewayProxyResponse();
                        }
                        """,
                        Verifiers.TestSources.AwsLambdaTypes,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Amazon.Lambda.APIGatewayEvents;
                        using ThreatAnalyzers;

                        public class Function
                        {
                            [Authenticated]
                            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request) => new APIGatewayProxyResponse();
                        }
                        """,
                        Verifiers.TestSources.AwsLambdaTypes,
                    },
                },
            }.RunWithAsync(Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("Function.Handler", "Internet"));
    }
}
