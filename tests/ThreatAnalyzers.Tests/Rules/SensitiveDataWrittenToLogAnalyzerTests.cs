using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SensitiveDataWrittenToLogRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class SensitiveDataWrittenToLogAnalyzerTests
    {
        private const string Types = """
            using ThreatAnalyzers;

            namespace Clinic
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                    public string Tier { get; set; }
                }
            }
            """;

        [Fact]
        public Task PiiMember_LoggedDirectly_IsReportedOnTheArgument()
            => new Verify.Test(
                """
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class Registration(ILogger<Registration> logger)
                    {
                        public void Register(Customer customer)
                        {
                            logger.LogInformation("Registered {Email} as {Tier}", {|#0:customer.Email|}, customer.Tier);
                            logger.LogInformation("Registered {Id}", customer.Id);
                        }
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""));

        [Fact]
        public Task ThroughMediatRsSend_IsReportedOnTheRequest_OnlyForTheHandlerThatLogsIt_OrAnyWhenTheRequestIsTypedAsTheInterface()
            => new Verify.Test(
                """
                using System.Threading;
                using System.Threading.Tasks;
                using MediatR;
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class Register : IRequest<int> { public string Email { get; set; } }
                    public class Lookup : IRequest<int> { public string Email { get; set; } }

                    public class RegisterHandler(ILogger<RegisterHandler> logger) : IRequestHandler<Register, int>
                    {
                        public Task<int> Handle(Register request, CancellationToken cancellationToken)
                        {
                            logger.LogInformation("Registering {Email}", {|#1:request.Email|});
                            return Task.FromResult(1);
                        }
                    }

                    public class LookupHandler : IRequestHandler<Lookup, int>
                    {
                        public Task<int> Handle(Lookup request, CancellationToken cancellationToken) => Task.FromResult(request.Email.Length);
                    }

                    public class Signup(IMediator mediator)
                    {
                        public Task<int> Start(Customer customer) => mediator.Send({|#0:new Register { Email = {|#2:customer.Email|} }|});

                        public Task<int> Find(Customer customer) => mediator.Send(new Lookup { Email = customer.Email });

                        // Typed as the interface, the request may be any: every handler answers, the one that logs included.
                        public Task<int> Any(Customer customer)
                        {
                            IRequest<int> request = new Lookup { Email = {|#4:customer.Email|} };
                            return mediator.Send({|#3:request|});
                        }
                    }
                }
                """,
                Types) { References = Verifiers.TestReferences.WebWithLibraries }.RunWithAsync(
                Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(2).WithLocation(1)
                    .WithArguments("customer.Email", "PII", "ILogger.LogInformation", " via IRequestHandler.Handle"),
                Verify.Diagnostic("TA4001").WithLocation(3).WithLocation(4).WithLocation(1)
                    .WithArguments("customer.Email", "PII", "ILogger.LogInformation", " via IRequestHandler.Handle"));

        [Fact]
        public Task ThroughAnIntermediateMethod_IsReportedWhereTheValueEntersTheChain_WithTheSinkAsRelatedLocation()
            => new Verify.Test(
                """
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class CustomerService(ILogger<CustomerService> logger)
                    {
                        public void Register(Customer customer) => Audit({|#0:customer.Email|});

                        private void Audit(string subject) => logger.LogInformation("Audit {Subject}", {|#1:subject|});
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(1)
                    .WithArguments("customer.Email", "PII", "ILogger.LogInformation", " via CustomerService.Audit"));

        [Fact]
        public Task SourceInTheCallee_SinkInTheCaller_IsReportedAtTheSink()
            => new Verify.Test(
                """
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class Reports(ILogger<Reports> logger)
                    {
                        public void Run(Customer customer) => logger.LogWarning({|#0:"Contact: " + ContactOf(customer)|});

                        private static string ContactOf(Customer customer) => {|#1:customer.Email|};
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(1).WithArguments("customer.Email", "PII", "ILogger.LogWarning", " via Reports.ContactOf"));

        [Fact]
        public Task Secrets_AndWholeClassifiedObjects_AreReported()
            => new Verify.Test(
                """
                using System;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    public class Login(ILogger<Login> logger)
                    {
                        public void SignIn(string user, [HandlesSecrets] string password, Customer customer)
                        {
                            Console.WriteLine({|#0:$"Login {user} with {{|#2:password|}}"|});
                            logger.LogDebug("{@Customer}", {|#1:customer|});
                        }
                    }
                }
                """,
                Types).RunWithAsync(
                    Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(2).WithArguments("password", "secret", "Console.WriteLine", ""),
                    Verify.Diagnostic("TA4001").WithLocation(1).WithArguments("customer", "PII", "ILogger.LogDebug", ""));

        [Fact]
        public Task NamesAreNotEvidence_UnlessTheSwitchIsOn()
        {
            const string source = """
                using Microsoft.Extensions.Logging;

                public class Signup(ILogger<Signup> logger)
                {
                    public void Start(string email) => logger.LogInformation("Signup {Email}", {|#0:email|});
                }
                """;
            var off = new Verify.Test(source.Replace("{|#0:email|}", "email"));
            var on = new Verify.Test(source);
            on.TestState.AnalyzerConfigFiles.Add(("/.globalconfig2", "is_global = true\nthreat_analyzers.infer_sensitive_names = true\n"));
            return Task.WhenAll(
                off.RunWithAsync(),
                on.RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("email", "PII, inferred from its name", "ILogger.LogInformation", "")));
        }

        [Fact]
        public Task ObjectLookedUpByPersonalData_ItsOtherMembersAreNotPersonal_TheObjectIs()
            => new Verify.Test("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.Logging;

                public class Credentials
                {
                    [PersonalData] public string UserName { get; set; } = "";
                }

                public class Login(UserManager<IdentityUser> users, ILogger<Login> log)
                {
                    public async Task Run(Credentials c)
                    {
                        var user = await users.FindByNameAsync({|#1:c.UserName|});
                        log.LogInformation("{Stamp}", user!.ConcurrencyStamp);
                        log.LogInformation("{User}", {|#0:user|});
                    }
                }
                """).RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(1).WithArguments("c.UserName", "PII", "ILogger.LogInformation", ""));

        [Fact]
        public Task EditorconfigSections_SetTheOptionsOfTheirFilesOnly()
        {
            // The name heuristic for one folder, and a call depth too short for the chain in another: [*.cs]-style sections work.
            var test = new Verify.Test();
            test.TestState.Sources.Add(("/src/Signup/Signup.cs", """
                using Microsoft.Extensions.Logging;

                public class Signup(ILogger<Signup> logger)
                {
                    public void Start(string email) => logger.LogInformation("Signup {Email}", {|#0:email|});
                }
                """));
            test.TestState.Sources.Add(("/src/Billing/Billing.cs", """
                using Microsoft.Extensions.Logging;

                public class Billing(ILogger<Billing> logger)
                {
                    public void Start(string email) => logger.LogInformation("Billing {Email}", email);
                }
                """));
            test.TestState.Sources.Add(("/src/Deep/Deep.cs", """
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class Deep(ILogger<Deep> logger)
                    {
                        public void Start(Customer customer) => A(customer.Email);
                        private void A(string value) => B(value);
                        private void B(string value) => logger.LogInformation("{Value}", value);
                    }
                }
                """));
            test.TestState.Sources.Add(("/src/Types.cs", Types));
            test.TestState.AnalyzerConfigFiles.Add(("/src/.editorconfig", """
                root = true

                [Signup/*.cs]
                threat_analyzers.infer_sensitive_names = true

                [Deep/*.cs]
                threat_analyzers.flow.max_call_depth = 1
                """));
            return test.RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("email", "PII, inferred from its name", "ILogger.LogInformation", ""));
        }

        [Theory]
        [InlineData("[Mitigates(\"TA4001\", \"Logs go to a PII-cleared sink\")]")]
        [InlineData("[AcceptsRisk(\"TA4001\", \"Support needs the address\", Owner = \"Support\", Expires = \"2027-01-01\")]")]
        public Task MitigatedOrAccepted_IsReportedSuppressed(string review)
            => new Verify.Test(
                $$"""
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    public class Support(ILogger<Support> logger)
                    {
                        {{review}}
                        public void Contact(Customer customer) => logger.LogInformation("Contact {Email}", {|#0:customer.Email|});
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true));

        [Fact]
        public Task CallDepthLimit_IsSaidInTheDiagnosticsProperties()
        {
            var test = new Verify.Test(
                """
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class Deep(ILogger<Deep> logger)
                    {
                        public void Start(Customer customer)
                        {
                            Log({|#0:customer.Email|});
                            A(customer.Email);
                        }

                        private void Log(string value) => logger.LogInformation("{Value}", {|#1:value|});
                        private void A(string value) => B(value);
                        private void B(string value) => C(value);
                        private void C(string value) => logger.LogInformation("{Value}", value);
                    }
                }
                """,
                Types);
            test.TestState.AnalyzerConfigFiles.Add(("/.globalconfig2", "is_global = true\nthreat_analyzers.flow.max_call_depth = 2\n"));
            return test.RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(1)
                .WithArguments("customer.Email", "PII", "ILogger.LogInformation", " via Deep.Log"));
        }

        [Fact]
        public Task SafeLogging_IsSilent()
            => new Verify.Test(
                """
                using System.Linq;
                using Microsoft.Extensions.Logging;

                namespace Clinic
                {
                    public class Safe(ILogger<Safe> logger)
                    {
                        public void Run(Customer customer, Customer[] all)
                        {
                            logger.LogInformation("Customer {Id} ({Tier}) has an address of {Length} characters", customer.Id, customer.Tier, customer.Email.Length);
                            logger.LogInformation("Has email: {HasEmail}", customer.Email != null);
                            logger.LogInformation("{Count} customers", all.Count(c => c.Email.Contains('@')));
                            var id = customer.Id;
                            logger.LogInformation("Id {Id}", id);
                        }
                    }
                }
                """,
                Types).RunWithAsync();

        [Fact]
        public Task ValueThatIsBothPiiAndSecret_IsOneFinding_NamingBothClasses()
            => new Verify.Test(
                """
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    public class Patient
                    {
                        [HandlesPii, HandlesSecrets] public string NationalId { get; set; }
                    }

                    public class Intake(ILogger<Intake> logger)
                    {
                        public void Admit(Patient patient) => logger.LogInformation("Admitted {Id}", {|#0:patient.NationalId|});
                    }
                }
                """).RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("patient.NationalId", "PII and secret", "ILogger.LogInformation", ""));

        [Fact]
        public Task HandlesPiiOnARecordsPositionalParameter_ClassifiesTheProperty()
            => new Verify.Test(
                """
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    public record Signup([HandlesPii] string Email, string Plan);

                    public class Signups(ILogger<Signups> logger)
                    {
                        public void Log(Signup signup)
                        {
                            logger.LogInformation("Signup {Email} on {Plan}", {|#0:signup.Email|}, signup.Plan);
                            logger.LogInformation("Signup {@Signup}", {|#1:signup|});
                        }
                    }
                }
                """).RunWithAsync(
                    Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("signup.Email", "PII", "ILogger.LogInformation", ""),
                    Verify.Diagnostic("TA4001").WithLocation(1).WithArguments("signup", "PII", "ILogger.LogInformation", ""));

        [Fact]
        public Task AwsLambdaLoggers_AreLogSinks()
            => new Verify.Test(
                """
                using Amazon.Lambda.Core;

                namespace Clinic
                {
                    public class Function
                    {
                        public void Handle(Customer customer, ILambdaContext context)
                        {
                            context.Logger.LogLine({|#0:customer.Email|});
                            context.Logger.LogInformation({|#1:"Customer " + {|#3:customer.Email|}|});
                            LambdaLogger.Log({|#2:customer.Email|});
                            context.Logger.LogLine("customer " + customer.Id);
                        }
                    }
                }
                """,
                Types,
                LambdaCore).RunWithAsync(
                    Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILambdaLogger.LogLine", ""),
                    Verify.Diagnostic("TA4001").WithLocation(1).WithLocation(3).WithArguments("customer.Email", "PII", "ILambdaLogger.LogInformation", ""),
                    Verify.Diagnostic("TA4001").WithLocation(2).WithArguments("customer.Email", "PII", "LambdaLogger.Log", ""));

        /// <summary>Amazon.Lambda.Core is not served here: its few types, declared with their exact full names and members.</summary>
        private const string LambdaCore = """
            namespace Amazon.Lambda.Core
            {
                public interface ILambdaLogger
                {
                    void Log(string message);
                    void LogLine(string message);
                    void LogInformation(string message);
                    void LogWarning(string message);
                    void LogError(string message);
                }

                public interface ILambdaContext
                {
                    ILambdaLogger Logger { get; }
                }

                public static class LambdaLogger
                {
                    public static void Log(string message) { }
                }
            }
            """;
    }
}
