using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.CodeFixes.Rules;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.UnauthenticatedEntryPointRule,
    ThreatAnalyzers.CodeFixes.Rules.UnauthenticatedEntryPointFixer>;
using VerifyDecision = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.NoExplicitAuthenticationDecisionRule,
    ThreatAnalyzers.CodeFixes.Rules.UnauthenticatedEntryPointFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>
    /// TA1001's and TA1008's fixes must not break the app: [Authorize] and RequireAuthorization() are offered only where
    /// the application configures authentication and authorization (without them the endpoint answers 500); otherwise an
    /// action or handler may say authentication happens upstream ([Authenticated]), and a Map call is offered nothing but
    /// "public on purpose".
    /// </summary>
    public class UnauthenticatedEntryPointFixerTests
    {
        /// <summary>An application that configures authentication (a cookie scheme) and authorization.</summary>
        private const string Configured = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddAuthentication().AddCookie();
                    builder.Services.AddAuthorization();
                }
            }
            """;

        /// <summary>What `dotnet new webapi --use-controllers` configures: controllers and UseAuthorization, but no authentication scheme.</summary>
        private const string NotConfigured = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.Extensions.DependencyInjection;

            public static class Startup
            {
                public static void Configure(WebApplicationBuilder builder)
                {
                    builder.Services.AddControllers();
                    var app = builder.Build();
                    app.UseAuthorization();
                    app.MapControllers();
                }
            }
            """;

        [Fact]
        public Task ControllerAction_WhereAuthenticationIsConfigured_GetsAuthorize_AndTheUsing()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class NotesController : ControllerBase
                        {
                            [HttpPost]
                            public void {|#0:Save|}(string note) => System.IO.File.WriteAllText("notes.txt", note);
                        }
                        """,
                        Configured,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        public class NotesController : ControllerBase
                        {
                            [HttpPost]
                            [Authorize]
                            public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
                        }
                        """,
                        Configured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("NotesController.Save", "Internet", "changes files (File.WriteAllText)"));

        [Fact]
        public Task FixAll_RequiresAuthorizationOnEveryActionAndMapCall_WhereConfigured()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Mvc;

                        namespace Clinic.Api
                        {
                            public class PatientsController : ControllerBase
                            {
                                public void {|#0:Save|}(string note) => System.IO.File.WriteAllText("a.txt", note);

                                public void {|#1:Delete|}() => System.IO.File.Delete("a.txt");

                                public string Read() => System.IO.File.ReadAllText("a.txt");
                            }

                            public static class Routes
                            {
                                public static void Map(WebApplication app)
                                {
                                    app.{|#2:MapPost|}("/notes", (string note) => System.IO.File.AppendAllText("b.txt", note)).WithName("AddNote");
                                }
                            }
                        }
                        """,
                        Configured,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Mvc;

                        namespace Clinic.Api
                        {
                            public class PatientsController : ControllerBase
                            {
                                [Authorize]
                                public void Save(string note) => System.IO.File.WriteAllText("a.txt", note);

                                [Authorize]
                                public void Delete() => System.IO.File.Delete("a.txt");

                                public string Read() => System.IO.File.ReadAllText("a.txt");
                            }

                            public static class Routes
                            {
                                public static void Map(WebApplication app)
                                {
                                    app.MapPost("/notes", (string note) => System.IO.File.AppendAllText("b.txt", note)).RequireAuthorization().WithName("AddNote");
                                }
                            }
                        }
                        """,
                        Configured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("PatientsController.Save", "Internet", "changes files (File.WriteAllText)"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("PatientsController.Delete", "Internet", "changes files (File.Delete)"),
                Verify.Diagnostic("TA1001").WithLocation(2).WithArguments("POST /notes", "Internet", "changes files (File.AppendAllText)"));

        [Fact]
        public Task RazorPageHandlers_WhereConfigured_GetAuthorizeOnThePageModel_Once()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc.RazorPages;

                        public class NotesModel : PageModel
                        {
                            public void {|#0:OnPost|}(string note) => System.IO.File.WriteAllText("a.txt", note);

                            public void {|#1:OnPostDelete|}() => System.IO.File.Delete("a.txt");
                        }
                        """,
                        Configured,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc.RazorPages;

                        [Authorize]
                        public class NotesModel : PageModel
                        {
                            public void OnPost(string note) => System.IO.File.WriteAllText("a.txt", note);

                            public void OnPostDelete() => System.IO.File.Delete("a.txt");
                        }
                        """,
                        Configured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
                NumberOfIncrementalIterations = 1,
                NumberOfFixAllIterations = 1,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("NotesModel.OnPost", "Internet", "changes files (File.WriteAllText)"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("NotesModel.OnPostDelete", "Internet", "changes files (File.Delete)"));

        [Fact]
        public Task InheritedAction_WhereConfigured_GetsAuthorizeOnTheConcreteController()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public abstract class NotesControllerBase : ControllerBase
                        {
                            public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
                        }

                        public class {|#0:TeamNotesController|} : NotesControllerBase { }
                        """,
                        Configured,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        public abstract class NotesControllerBase : ControllerBase
                        {
                            public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
                        }

                        [Authorize]
                        public class TeamNotesController : NotesControllerBase { }
                        """,
                        Configured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("TeamNotesController.Save", "Internet", "changes files (File.WriteAllText)"));

        [Fact]
        public Task ControllerAction_WithoutAuthenticationConfigured_IsOfferedAuthenticatedUpstream_NotAuthorize()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class NotesController : ControllerBase
                        {
                            public void {|#0:Save|}(string note) => System.IO.File.WriteAllText("notes.txt", note);
                        }
                        """,
                        NotConfigured,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;
                        using ThreatAnalyzers;

                        public class NotesController : ControllerBase
                        {
                            [Authenticated]
                            public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
                        }
                        """,
                        NotConfigured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("NotesController.Save", "Internet", "changes files (File.WriteAllText)"));

        [Fact]
        public Task MinimalApi_WithoutAuthenticationConfigured_IsNotOfferedRequireAuthorization()
            => new Verify.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.UseAuthorization();
                    app.{|#0:MapPost|}("/notes", (string note) => System.IO.File.WriteAllText("a.txt", note));
                    app.Run();
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.UseAuthorization();
                    app.{|#0:MapPost|}("/notes", (string note) => System.IO.File.WriteAllText("a.txt", note));
                    app.Run();
                    """,
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
                OutputKind = OutputKind.ConsoleApplication,
            }.RunWithAsync(Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("POST /notes", "Internet", "changes files (File.WriteAllText)"));

        [Fact]
        public Task PublicOnPurpose_FixAll_AllowAnonymousOnActionsPagesAndMapCalls()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.AspNetCore.Mvc.RazorPages;

                        public class FeedbackController : ControllerBase
                        {
                            public void {|#0:Send|}(string text) => System.IO.File.AppendAllText("feedback.txt", text);
                        }

                        public class ContactModel : PageModel
                        {
                            public void {|#1:OnPost|}(string text) => System.IO.File.AppendAllText("contact.txt", text);
                        }

                        public static class Routes
                        {
                            public static void Map(WebApplication app)
                                => app.{|#2:MapPost|}("/newsletter", (string email) => System.IO.File.AppendAllText("subscribers.txt", email));
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.AspNetCore.Mvc.RazorPages;

                        public class FeedbackController : ControllerBase
                        {
                            [AllowAnonymous]
                            public void Send(string text) => System.IO.File.AppendAllText("feedback.txt", text);
                        }

                        [AllowAnonymous]
                        public class ContactModel : PageModel
                        {
                            public void OnPost(string text) => System.IO.File.AppendAllText("contact.txt", text);
                        }

                        public static class Routes
                        {
                            public static void Map(WebApplication app)
                                => app.MapPost("/newsletter", (string email) => System.IO.File.AppendAllText("subscribers.txt", email)).AllowAnonymous();
                        }
                        """,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.PublicKey,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("FeedbackController.Send", "Internet", "changes files (File.AppendAllText)"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("ContactModel.OnPost", "Internet", "changes files (File.AppendAllText)"),
                Verify.Diagnostic("TA1001").WithLocation(2).WithArguments("POST /newsletter", "Internet", "changes files (File.AppendAllText)"));

        [Fact]
        public Task TrustBoundaryOutsideAspNetCore_GetsAuthenticated()
            => new Verify.Test
            {
                TestCode = """
                    using ThreatAnalyzers;

                    [TrustBoundary("Message queue")]
                    public class OrdersConsumer
                    {
                        public void {|#0:Handle|}(string message) => System.IO.File.WriteAllText("last.txt", message);

                        public void {|#1:Retry|}(string message) => System.IO.File.WriteAllText("retry.txt", message);
                    }
                    """,
                FixedCode = """
                    using ThreatAnalyzers;

                    [TrustBoundary("Message queue")]
                    public class OrdersConsumer
                    {
                        [Authenticated]
                        public void Handle(string message) => System.IO.File.WriteAllText("last.txt", message);

                        [Authenticated]
                        public void Retry(string message) => System.IO.File.WriteAllText("retry.txt", message);
                    }
                    """,
                References = Verifiers.TestReferences.Library,
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(
                Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("OrdersConsumer.Handle", "Message queue", "changes files (File.WriteAllText)"),
                Verify.Diagnostic("TA1001").WithLocation(1).WithArguments("OrdersConsumer.Retry", "Message queue", "changes files (File.WriteAllText)"));

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
                            public APIGatewayProxyResponse {|#0:Handler|}(APIGatewayProxyRequest request)
                            {
                                System.IO.File.WriteAllText("/tmp/last", request.Body);
                                return new APIGatewayProxyResponse();
                            }
                        }
                        """,
                        Verifiers.TestSources.AwsLambdaTypes,
                        Configured,
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
                            public APIGatewayProxyResponse Handler(APIGatewayProxyRequest request)
                            {
                                System.IO.File.WriteAllText("/tmp/last", request.Body);
                                return new APIGatewayProxyResponse();
                            }
                        }
                        """,
                        Verifiers.TestSources.AwsLambdaTypes,
                        Configured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(Verify.Diagnostic("TA1001").WithLocation(0).WithArguments("Function.Handler", "Internet", "changes files (File.WriteAllText)"));

        [Fact]
        public Task NoExplicitDecision_PublicOnPurpose_FixAll()
            => new VerifyDecision.Test
            {
                TestCode = """
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.{|#0:MapGet|}("/status", () => "ok");
                    app.{|#1:MapGet|}("/version", () => "1.0").WithName("Version");
                    app.Run();
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapGet("/status", () => "ok").AllowAnonymous();
                    app.MapGet("/version", () => "1.0").AllowAnonymous().WithName("Version");
                    app.Run();
                    """,
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.PublicKey,
                OutputKind = OutputKind.ConsoleApplication,
            }.RunWithAsync(
                VerifyDecision.Diagnostic("TA1008").WithLocation(0).WithArguments("GET /status", "Internet"),
                VerifyDecision.Diagnostic("TA1008").WithLocation(1).WithArguments("GET /version", "Internet"));

        [Fact]
        public Task NoExplicitDecision_ControllerWhereConfigured_CanRequireAuthorization()
            => new VerifyDecision.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;

                        public class StatusController : ControllerBase
                        {
                            public string {|#0:Get|}() => "ok";
                        }
                        """,
                        Configured,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Authorization;
                        using Microsoft.AspNetCore.Mvc;

                        public class StatusController : ControllerBase
                        {
                            [Authorize]
                            public string Get() => "ok";
                        }
                        """,
                        Configured,
                    },
                },
                CodeActionEquivalenceKey = UnauthenticatedEntryPointFixer.RequireKey,
            }.RunWithAsync(VerifyDecision.Diagnostic("TA1008").WithLocation(0).WithArguments("StatusController.Get", "Internet"));
    }
}
