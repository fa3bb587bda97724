using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.DataFlow;
using Xunit;

namespace ThreatAnalyzers.Tests.CrossProject
{
    /// <summary>
    /// Flows through a referenced project: the library's build records its public methods' summaries, and the API's
    /// analysis applies them to calls into the library (TA4001 through the library's logging helper, named on the path).
    /// </summary>
    public class CrossProjectFlowTests
    {
        private const string Library = """
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            namespace Shop.Data
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                    public string Tier { get; set; }
                }

                public static class AuditLog
                {
                    public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", Describe(subject));

                    public static void Count(ILogger logger, string subject) => logger.LogInformation("Audit of {Length} characters", subject.Length);

                    private static string Describe(string subject) => "subject " + subject;
                }
            }
            """;

        private const string Api = """
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.Extensions.Logging;
            using Shop.Data;

            namespace Shop.Api
            {
                [ApiController]
                [Route("customers")]
                public class CustomersController(ILogger<CustomersController> logger) : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Register(Customer c)
                    {
                        AuditLog.Write(logger, c.Email);
                        AuditLog.Count(logger, c.Email);
                        return Ok();
                    }
                }
            }
            """;

        [Fact]
        public async Task PiiPassedToTheLibrarysLoggingHelper_IsReportedInTheApi_AtTheArgument_WithTheHelperOnThePath()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync(Library);
            Assert.NotNull(library.Record);

            var api = await CrossProjectHarness.BuildApiAsync(Api, library.Reference, library.Record);

            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4001");
            var source = api.Compilation.SyntaxTrees.Single().ToString();
            Assert.Equal(source.IndexOf("c.Email", System.StringComparison.Ordinal), finding.Location.SourceSpan.Start);
            Assert.Equal("c.Email".Length, finding.Location.SourceSpan.Length);
            Assert.Equal("'c.Email' (PII) reaches ILogger.LogInformation via AuditLog.Write", finding.GetMessage(CultureInfo.InvariantCulture));

            // The sink is in the library: nothing in this compilation to point at, so no related location.
            Assert.DoesNotContain(finding.AdditionalLocations, l => !l.IsInSource);
            Assert.Empty(api.Diagnostics.Where(d => d.Id == "TA0011"));
        }

        [Fact]
        public async Task ALibraryTheIdeHandsInAsACompilation_IsAnsweredByItsRecord_AsInTheBuild()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync(Library, asCompilation: true);

            var api = await CrossProjectHarness.BuildApiAsync(Api, library.Reference, library.Record);

            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4001");
            Assert.Equal("'c.Email' (PII) reaches ILogger.LogInformation via AuditLog.Write", finding.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task TheRecordSaysTheParameterDoesNotReachALog_NothingIsReported()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync(Library);
            var api = await CrossProjectHarness.BuildApiAsync(Api.Replace("AuditLog.Write(logger, c.Email);", string.Empty), library.Reference, library.Record);

            // AuditLog.Count logs only the length of its argument: its record names no sink for it.
            Assert.DoesNotContain(api.Diagnostics, d => d.Id == "TA4001");
        }

        [Fact]
        public async Task AReferenceWithoutARecord_IsAnalyzedAsBefore()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync(Library, record: false);
            Assert.Null(library.Record);

            var api = await CrossProjectHarness.BuildApiAsync(Api, library.Reference, record: null);

            Assert.DoesNotContain(api.Diagnostics, d => d.Id is "TA4001" or "TA0011");
        }

        [Fact]
        public async Task ACorruptRecord_IsReportedOnItsLine_NamingTheFile_AndLeftOut()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync(Library);
            var corrupt = library.Record!.Replace("\tLog\t", "\tLogg\t");

            var api = await CrossProjectHarness.BuildApiAsync(Api, library.Reference, corrupt);

            var problem = Assert.Single(api.Diagnostics, d => d.Id == "TA0011");
            var message = problem.GetMessage(CultureInfo.InvariantCulture);
            Assert.Contains(System.IO.Path.GetFileName(CrossProjectHarness.RecordPath), message, System.StringComparison.Ordinal);
            Assert.DoesNotContain("/src/", message, System.StringComparison.Ordinal);
            Assert.Contains("'Logg' is not a sink kind", message, System.StringComparison.Ordinal);
            Assert.Equal(CrossProjectHarness.RecordPath, problem.Location.GetLineSpan().Path);
            Assert.Equal(corrupt.Split('\n').ToList().FindIndex(l => l.Contains("\tLogg\t", System.StringComparison.Ordinal)), problem.Location.GetLineSpan().StartLinePosition.Line);
            Assert.DoesNotContain(api.Diagnostics, d => d.Id == "TA4001");
        }

        [Fact]
        public async Task ARecordOfAnotherVersion_IsReported()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync(Library);
            var api = await CrossProjectHarness.BuildApiAsync(Api, library.Reference, library.Record!.Replace(FlowRecord.Header + "\t1\t", FlowRecord.Header + "\t99\t"));

            var problem = Assert.Single(api.Diagnostics, d => d.Id == "TA0011");
            Assert.Contains("version 99, not 1", problem.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task PiiHandedToTheLibrarysRepository_IsReportedInTheApi_NamingTheContextAndTheRepository()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.EntityFrameworkCore;
                using ThreatAnalyzers;

                namespace Shop.Data
                {
                    public class Customer
                    {
                        public int Id { get; set; }
                        [HandlesPii] public string Email { get; set; }
                    }

                    public class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
                    {
                        public DbSet<Customer> Customers => Set<Customer>();
                    }

                    public class CustomerRepository(ShopContext db)
                    {
                        public void Add(Customer customer)
                        {
                            db.Customers.Add(customer);
                            db.SaveChanges();
                        }
                    }
                }
                """);
            Assert.Contains("\tT:Shop.Data.ShopContext\n", library.Record, System.StringComparison.Ordinal);

            var api = await CrossProjectHarness.BuildApiAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Shop.Data;

                namespace Shop.Api
                {
                    [ApiController]
                    [Route("customers")]
                    public class CustomersController(CustomerRepository customers) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Register(Customer c)
                        {
                            customers.Add(c);
                            return Ok();
                        }
                    }
                }
                """, library.Reference, library.Record);

            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4003");
            var source = api.Compilation.SyntaxTrees.Single().ToString();
            Assert.Equal(source.IndexOf("Add(c)", System.StringComparison.Ordinal) + "Add(".Length, finding.Location.SourceSpan.Start);
            Assert.Equal(
                "'c' (PII) is stored in EF Core context 'ShopContext' without encryption at rest ('ShopContext' is not marked [EncryptedAtRest] and Customer.Email is not [ProtectedPersonalData]) via CustomerRepository.Add",
                finding.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task AnInterfaceOfTheApplicationProject_ImplementedInTheInfrastructureProject_IsAnsweredByTheInfrastructuresRecord()
        {
            var application = await CrossProjectHarness.BuildNamedLibraryAsync("Shop.Application", """
                namespace Shop.Application
                {
                    public interface IAuditLog
                    {
                        void Write(string subject);
                    }
                }
                """);
            var infrastructure = await CrossProjectHarness.BuildNamedLibraryAsync("Shop.Infrastructure", """
                using Microsoft.Extensions.Logging;
                using Shop.Application;

                namespace Shop.Infrastructure
                {
                    public sealed class AuditLog(ILogger<AuditLog> logger) : IAuditLog
                    {
                        public void Write(string subject) => logger.LogInformation("Audit {Subject}", subject);
                    }
                }
                """, application.Reference);
            Assert.Contains("M:Shop.Application.IAuditLog.Write(System.String)", infrastructure.Record, System.StringComparison.Ordinal);

            var diagnostics = await CrossProjectHarness.BuildApiAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Shop.Application;
                using ThreatAnalyzers;

                namespace Shop.Api
                {
                    public class Customer
                    {
                        [HandlesPii] public string Email { get; set; }
                    }

                    [ApiController]
                    [Route("customers")]
                    public class CustomersController(IAuditLog audit) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Register(Customer c)
                        {
                            audit.Write(c.Email);
                            return Ok();
                        }
                    }
                }
                """, ("Shop.Application", application.Reference, application.Record), ("Shop.Infrastructure", infrastructure.Reference, infrastructure.Record));

            var finding = Assert.Single(diagnostics, d => d.Id == "TA4001");
            Assert.Equal("'c.Email' (PII) reaches ILogger.LogInformation via IAuditLog.Write", finding.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task AValueHandedToTheLibrarysOwnExtensionMethodAsItsReceiver_IsRecorded()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    internal static class Audit
                    {
                        public static void Trail(this string subject, ILogger logger) => logger.LogInformation("Audit {Subject}", subject);
                    }

                    public class Registrar
                    {
                        public void Register(string subject, ILogger logger) => subject.Trail(logger);
                    }
                }
                """);
            Assert.Contains("M:Shop.Data.Registrar.Register(System.String,Microsoft.Extensions.Logging.ILogger)", library.Record, System.StringComparison.Ordinal);

            var diagnostics = await CrossProjectHarness.BuildApiAsync("""
                using Microsoft.Extensions.Logging;
                using Shop.Data;
                using ThreatAnalyzers;

                namespace Shop.Api
                {
                    public class Customer
                    {
                        [HandlesPii] public string Email { get; set; }
                    }

                    public class Signup(ILogger<Signup> logger, Registrar registrar)
                    {
                        public void Run(Customer c) => registrar.Register(c.Email, logger);
                    }
                }
                """, ("Shop.Data", library.Reference, library.Record));

            Assert.Contains(diagnostics, d => d.Id == "TA4001");
        }

        [Fact]
        public async Task ARecordNamedForAnotherAssembly_IsReported_AndNotApplied()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public static class AuditLog
                    {
                        public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", subject);
                    }
                }
                """);

            // The record of Shop.Data, lying where another project's record would (copied or renamed).
            var diagnostics = await CrossProjectHarness.BuildApiAsync("""
                using Microsoft.Extensions.Logging;
                using Shop.Data;
                using ThreatAnalyzers;

                namespace Shop.Api
                {
                    public class Customer
                    {
                        [HandlesPii] public string Email { get; set; }
                    }

                    public class Register(ILogger<Register> logger)
                    {
                        public void Run(Customer c) => AuditLog.Write(logger, c.Email);
                    }
                }
                """, ("Shop.Other", library.Reference, library.Record));

            Assert.DoesNotContain(diagnostics, d => d.Id == "TA4001");
            var problem = Assert.Single(diagnostics, d => d.Id == "TA0011");
            Assert.Contains("Shop.Other.threat-flows.txt", problem.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
            Assert.Contains("it is the record of 'Shop.Data'", problem.GetMessage(CultureInfo.InvariantCulture), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task ACallThroughALibrarysPublicInterface_IsAnsweredByTheImplementationsRecord()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public interface IAuditLog
                    {
                        void Write(string subject);
                    }

                    public sealed class AuditLog(ILogger<AuditLog> logger) : IAuditLog
                    {
                        public void Write(string subject) => logger.LogInformation("Audit {Subject}", subject);
                    }
                }
                """);

            var api = await CrossProjectHarness.BuildApiAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Shop.Data;
                using ThreatAnalyzers;

                namespace Shop.Api
                {
                    public class Customer
                    {
                        [HandlesPii] public string Email { get; set; }
                    }

                    [ApiController]
                    [Route("customers")]
                    public class CustomersController(IAuditLog audit) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Register(Customer c)
                        {
                            audit.Write(c.Email);
                            return Ok();
                        }
                    }
                }
                """, library.Reference, library.Record);

            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4001");
            Assert.Equal("'c.Email' (PII) reaches ILogger.LogInformation via IAuditLog.Write", finding.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task ACallThroughAClosedConstructionOfALibrarysGenericInterface_IsAnsweredOnlyByThatConstructionsImplementations()
        {
            // The shape of a layered app's handlers: one generic interface, one implementation per request type. Only the
            // command's handler logs what it is given; the query's handler does not, nor may its call borrow the other's.
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;

                namespace Shop.Application
                {
                    public interface IRequestHandler<TRequest, TResponse>
                    {
                        Task<TResponse> ExecuteAsync(TRequest request);
                    }

                    public sealed class RegisterCommand { public string Email { get; set; } }
                    public sealed class LookupQuery { public string Email { get; set; } }

                    public sealed class RegisterHandler(ILogger<RegisterHandler> logger) : IRequestHandler<RegisterCommand, int>
                    {
                        public Task<int> ExecuteAsync(RegisterCommand request)
                        {
                            logger.LogInformation("Registering {Email}", request.Email);
                            return Task.FromResult(1);
                        }
                    }

                    public sealed class LookupHandler : IRequestHandler<LookupQuery, int>
                    {
                        public Task<int> ExecuteAsync(LookupQuery request) => Task.FromResult(request.Email.Length);
                    }
                }
                """);

            var api = await CrossProjectHarness.BuildApiAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Shop.Application;
                using ThreatAnalyzers;

                namespace Shop.Api
                {
                    public class Customer
                    {
                        [HandlesPii] public string Email { get; set; }
                    }

                    [ApiController]
                    [Route("customers")]
                    public class CustomersController(IRequestHandler<RegisterCommand, int> register, IRequestHandler<LookupQuery, int> lookup) : ControllerBase
                    {
                        [HttpPost]
                        public Task<int> Register(Customer c) => register.ExecuteAsync(new RegisterCommand { Email = c.Email });

                        [HttpGet]
                        public Task<int> Lookup(Customer c) => lookup.ExecuteAsync(new LookupQuery { Email = c.Email });
                    }
                }
                """, library.Reference, library.Record);

            Assert.Contains("IRequestHandler`2.ExecuteAsync(`0)|Shop.Application.IRequestHandler{Shop.Application.RegisterCommand,System.Int32}", library.Record, System.StringComparison.Ordinal);
            Assert.DoesNotContain("LookupQuery", library.Record, System.StringComparison.Ordinal);
            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4001");
            Assert.Equal("'c.Email' (PII) reaches ILogger.LogInformation via IRequestHandler.ExecuteAsync", finding.GetMessage(CultureInfo.InvariantCulture));
            Assert.Contains("register.ExecuteAsync", finding.Location.SourceTree!.GetText().Lines.GetLineFromPosition(finding.Location.SourceSpan.Start).ToString(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task ACallThroughMediatRsHandlerInterface_IsAnsweredOnlyByTheRecordOfThatConstructionsHandler()
        {
            // A package's interface with a contravariant request type: the records still keep each construction apart.
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using MediatR;
                using Microsoft.Extensions.Logging;

                namespace Shop.Application
                {
                    public sealed class RegisterCommand : IRequest<int> { public string Email { get; set; } }
                    public sealed class LookupQuery : IRequest<int> { public string Email { get; set; } }

                    public sealed class RegisterHandler(ILogger<RegisterHandler> logger) : IRequestHandler<RegisterCommand, int>
                    {
                        public Task<int> Handle(RegisterCommand request, CancellationToken cancellationToken)
                        {
                            logger.LogInformation("Registering {Email}", request.Email);
                            return Task.FromResult(1);
                        }
                    }

                    public sealed class LookupHandler : IRequestHandler<LookupQuery, int>
                    {
                        public Task<int> Handle(LookupQuery request, CancellationToken cancellationToken) => Task.FromResult(request.Email.Length);
                    }
                }
                """);

            var api = await CrossProjectHarness.BuildApiAsync("""
                using System.Threading;
                using System.Threading.Tasks;
                using MediatR;
                using Microsoft.AspNetCore.Mvc;
                using Shop.Application;
                using ThreatAnalyzers;

                namespace Shop.Api
                {
                    public class Customer
                    {
                        [HandlesPii] public string Email { get; set; }
                    }

                    [ApiController]
                    [Route("customers")]
                    public class CustomersController(IRequestHandler<RegisterCommand, int> register, IRequestHandler<LookupQuery, int> lookup) : ControllerBase
                    {
                        [HttpPost]
                        public Task<int> Register(Customer c) => register.Handle(new RegisterCommand { Email = c.Email }, CancellationToken.None);

                        [HttpGet]
                        public Task<int> Lookup(Customer c) => lookup.Handle(new LookupQuery { Email = c.Email }, CancellationToken.None);
                    }
                }
                """, library.Reference, library.Record);

            Assert.Contains("|MediatR.IRequestHandler{Shop.Application.RegisterCommand,System.Int32}", library.Record, System.StringComparison.Ordinal);
            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4001");
            Assert.Contains("register.Handle", finding.Location.SourceTree!.GetText().Lines.GetLineFromPosition(finding.Location.SourceSpan.Start).ToString(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task AHelperThatLogsThroughItsOwnMethods_IsRecorded_WithThemOnThePath()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public class Customer
                    {
                        [ThreatAnalyzers.HandlesPii] public string Email { get; set; }
                    }

                    public static class AuditLog
                    {
                        public static void Write(ILogger logger, string subject) => Emit(logger, Prefix(subject), 0);

                        private static string Prefix(string subject) => "audit: " + subject;

                        // Calls itself: the walk that decides whether to record is cut on the cycle, not fooled by it.
                        private static void Emit(ILogger logger, string text, int attempt)
                        {
                            if (attempt < 1)
                            {
                                Emit(logger, text, attempt + 1);
                            }

                            logger.LogWarning("{Text}", text);
                        }
                    }
                }
                """);

            var api = await CrossProjectHarness.BuildApiAsync(Api.Replace("AuditLog.Count(logger, c.Email);", string.Empty), library.Reference, library.Record);

            var finding = Assert.Single(api.Diagnostics, d => d.Id == "TA4001");
            Assert.Equal("'c.Email' (PII) reaches ILogger.LogWarning via AuditLog.Write → AuditLog.Emit", finding.GetMessage(CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task ALibraryWhoseLogsPrintOnlyCounts_RecordsNoMethod()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public class Parser(ILogger<Parser> logger)
                    {
                        public int Parse(string text, int limit)
                        {
                            logger.LogDebug("Parsed {Count} tokens of at most {Limit}", text.Length, limit);
                            return text.Length;
                        }
                    }
                }
                """);

            var (_, methods) = FlowRecord.Read(library.Record!);
            Assert.Empty(methods);
        }
    }
}
