using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Modeling;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// Declarations across references (issue 13): a layered solution's API reaches the database, the logs and the
    /// external service of the infrastructure project it references. The library is a real separate compilation against
    /// the real packages (EF Core, logging, HttpClient, the AWS SDK), emitted to an assembly (or a reference assembly,
    /// as a project reference compiles against) that the API references as metadata.
    /// </summary>
    public class ReferencedAssemblyModelTests
    {
        private const string Library = """
            using System.Linq;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            namespace Shop.Data
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }

                public class ShopDbContext : DbContext
                {
                    public ShopDbContext(DbContextOptions<ShopDbContext> options) : base(options) { }
                    public DbSet<Customer> Customers => Set<Customer>();
                }

                public interface ICustomerRepository
                {
                    Task<Customer> FindAsync(int id);
                    Task AddAsync(Customer customer);
                }

                public class CustomerRepository : ICustomerRepository
                {
                    private readonly ShopDbContext db;
                    private readonly ILogger<CustomerRepository> log;

                    public CustomerRepository(ShopDbContext db, ILogger<CustomerRepository> log)
                    {
                        this.db = db;
                        this.log = log;
                    }

                    public async Task<Customer> FindAsync(int id) => await db.Customers.FindAsync(id);

                    public async Task AddAsync(Customer customer)
                    {
                        db.Customers.Add(customer);
                        log.LogInformation("Customer added");
                        await db.SaveChangesAsync();
                    }
                }

                public interface IFraudClient
                {
                    Task<bool> CheckAsync(Customer customer);
                }

                public class FraudClient : IFraudClient
                {
                    private readonly HttpClient http;
                    public FraudClient(HttpClient http) => this.http = http;
                    public async Task<bool> CheckAsync(Customer customer) => (await http.PostAsJsonAsync("check", customer)).IsSuccessStatusCode;
                }

                /// <summary>Depends on the repository by interface: transitively, on its database and its log.</summary>
                public class CustomerService
                {
                    private readonly ICustomerRepository repository;
                    public CustomerService(ICustomerRepository repository) => this.repository = repository;
                    public Task RegisterAsync(Customer customer) => repository.AddAsync(customer);
                }

                public class ReceiptArchive
                {
                    private readonly IAmazonS3 s3;
                    public ReceiptArchive(IAmazonS3 s3) => this.s3 = s3;
                    public Task SaveAsync(string receipt) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "receipts", ContentBody = receipt });
                }

                [ExternalEntity("Payments provider")]
                public class PaymentGateway
                {
                    public virtual Task ChargeAsync(decimal amount) => Task.CompletedTask;
                }

                public class Checkout
                {
                    private readonly PaymentGateway gateway;
                    private readonly ICustomerRepository customers;
                    public Checkout(PaymentGateway gateway, ICustomerRepository customers) { this.gateway = gateway; this.customers = customers; }
                    public Task PayAsync(int customerId, decimal amount) => gateway.ChargeAsync(amount);
                }

                /// <summary>Through a context factory, as Blazor and background services use one.</summary>
                public class CustomerReport
                {
                    private readonly IDbContextFactory<ShopDbContext> contexts;
                    public CustomerReport(IDbContextFactory<ShopDbContext> contexts) => this.contexts = contexts;
                    public Customer[] Top() { using var db = contexts.CreateDbContext(); return db.Customers.Take(10).ToArray(); }
                }

                /// <summary>Raw SQL on a connection of its own.</summary>
                public class LegacyOrders
                {
                    private readonly Microsoft.Data.Sqlite.SqliteConnection connection;
                    public LegacyOrders(Microsoft.Data.Sqlite.SqliteConnection connection) => this.connection = connection;
                    public void Purge() { using var command = connection.CreateCommand(); command.CommandText = "DELETE FROM Orders"; command.ExecuteNonQuery(); }
                }

                public static class AuditLog
                {
                    public static void Write(ILogger logger, string email) => logger.LogInformation("Audit {Email}", email);
                }
            }
            """;

        private const string Api = """
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Logging;
            using Shop.Data;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddDbContext<ShopDbContext>(options => options.UseSqlite("Data Source=shop.db"));
            builder.Services.AddScoped<ICustomerRepository, CustomerRepository>();
            builder.Services.AddHttpClient<IFraudClient, FraudClient>();
            var app = builder.Build();
            app.MapGet("/customers/{id}", async (int id, ICustomerRepository repository) => await repository.FindAsync(id));
            app.MapPost("/customers", async (Customer customer, IFraudClient fraud, CustomerService service) =>
            {
                await fraud.CheckAsync(customer);
                await service.RegisterAsync(customer);
            });
            app.MapPost("/receipts", async (string receipt, ReceiptArchive archive) => await archive.SaveAsync(receipt));
            app.MapPost("/audit", (string email, ILogger<ShopDbContext> logger) => AuditLog.Write(logger, email));
            app.Run();
            """;

        private const string StoreId = "T:Shop.Data.ShopDbContext";

        /// <summary>What a project reference compiles against: metadata only, without private members (fields included).</summary>
        private static readonly EmitOptions ReferenceAssembly = new(metadataOnly: true, includePrivateMembers: false);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void TheApi_ReachesTheLibrarysDatabaseLogAndServices(bool referenceAssembly)
        {
            var model = RunApi(Api, referenceAssembly);

            var store = model.Element("ShopDbContext (SQLite)");
            Assert.Equal(StoreId, store.GetProperty("id").GetString());
            Assert.Contains("pii", store.Strings("dataClasses"));

            // Read by the GET (what FindAsync returns carries pii); written by the POST, through CustomerService and the repository it depends on.
            Assert.Equal(new[] { "pii" }, model.Flow("ShopDbContext (SQLite)", "GET /customers/{id}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "M:Shop.Data.CustomerRepository.FindAsync(System.Int32)" }, model.Flow("ShopDbContext (SQLite)", "GET /customers/{id}")!.Value.Via());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /customers", "ShopDbContext (SQLite)")!.Value.Strings("dataClasses"));
            Assert.Contains("M:Shop.Data.CustomerService.RegisterAsync(Shop.Data.Customer)", model.Flow("POST /customers", "ShopDbContext (SQLite)")!.Value.Via());
            Assert.NotNull(model.Flow("POST /customers", "Logs"));

            // The typed client is the external entity, named as its own requests name it in the library.
            var fraud = model.Element("FraudClient");
            Assert.Equal("entity:http:Shop.Data.FraudClient", fraud.GetProperty("id").GetString());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /customers", "FraudClient")!.Value.Strings("dataClasses"));

            Assert.NotNull(model.Flow("POST /receipts", "S3 bucket"));
            Assert.NotNull(model.Flow("POST /audit", "Logs"));
            Assert.Null(model.Flow("POST /receipts", "ShopDbContext (SQLite)"));
        }

        [Fact]
        public void WithoutARegistration_TheInterfaceResolvesToTheReferencedImplementations()
        {
            // The library registers its services itself (services.AddShopData()), whose body is not available.
            var api = Api.Replace("builder.Services.AddScoped<ICustomerRepository, CustomerRepository>();\n", string.Empty)
                .Replace("builder.Services.AddHttpClient<IFraudClient, FraudClient>();\n", string.Empty);
            Assert.DoesNotContain("AddScoped", api);

            var model = RunApi(api, referenceAssembly: true);

            Assert.Equal(new[] { "pii" }, model.Flow("ShopDbContext (SQLite)", "GET /customers/{id}")!.Value.Strings("dataClasses"));
            Assert.NotNull(model.Flow("POST /customers", "ShopDbContext (SQLite)"));
            Assert.NotNull(model.Flow("POST /customers", "FraudClient"));
        }

        [Fact]
        public void ARegistrationNamingAnotherImplementation_Wins()
        {
            const string other = """
                using System.Threading.Tasks;
                using Shop.Data;

                public class CachedCustomers : ICustomerRepository
                {
                    public Task<Customer> FindAsync(int id) => Task.FromResult(new Customer());
                    public Task AddAsync(Customer customer) => Task.CompletedTask;
                }
                """;
            var api = Api.Replace("AddScoped<ICustomerRepository, CustomerRepository>", "AddScoped<ICustomerRepository, CachedCustomers>");

            var model = RunApi(api, referenceAssembly: true, other);

            // The app's own implementation has no database: nothing reaches the library's.
            Assert.False(model.HasElement("ShopDbContext (SQLite)"));
            Assert.False(model.HasElement("ShopDbContext"));
            Assert.NotNull(model.Flow("POST /customers", "FraudClient"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void TheLibrarysOwnModel_GivesTheStoreTheSameId(bool referenceAssembly)
        {
            var library = ModelHarness.Run(new[] { Library }, TestReferences.WebWithLibraries).Model();
            var store = library.Element("ShopDbContext");
            Assert.Equal(StoreId, store.GetProperty("id").GetString());
            Assert.Equal("dataStore", store.GetProperty("kind").GetString());
            Assert.Equal(new[] { "pii" }, store.Strings("dataClasses"));

            var api = RunApi(Api, referenceAssembly);
            Assert.Equal(store.GetProperty("id").GetString(), api.Element("ShopDbContext (SQLite)").GetProperty("id").GetString());
        }

        [Fact]
        public void NothingReferenced_ChangesNothing()
        {
            const string app = """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Logging;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddScoped<ILoggerFactory, LoggerFactory>();
                var app = builder.Build();
                app.MapGet("/ping", (ILogger<Ping> log) => { log.LogInformation("ping"); return "pong"; });
                app.Run();

                public class Ping { }
                """;
            var run = ModelHarness.Run(new[] { app }, kind: OutputKind.ConsoleApplication);
            var model = run.Model();

            Assert.Equal(new[] { "Client", "GET /ping", "Logs" }, model.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("name").GetString()).OrderBy(n => n).ToArray());
            // A registration of framework types is not kept, and reads nothing of the framework's code.
            Assert.Null(FactExtractor.FromServiceRegistration(RegistrationIn(run.Compilation), run.Compilation.GetSemanticModel(run.Compilation.SyntaxTrees.Single()), default));
        }

        [Fact]
        public void AnIdentityDbContextOfThePackage_UsedByTheApp_StaysAsBefore()
        {
            const string app = """
                using System.Linq;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddDbContext<AppDb>(o => o.UseSqlite("Data Source=app.db"));
                var app = builder.Build();
                app.MapGet("/users", (AppDb db) => db.Users.Select(u => u.Email).ToList());
                app.Run();

                public class AppUser : IdentityUser { }

                public class AppDb(DbContextOptions<AppDb> options) : IdentityDbContext<AppUser>(options) { }
                """;
            var model = ModelHarness.Run(new[] { app }, kind: OutputKind.ConsoleApplication).Model();

            Assert.Equal(new[] { "AppDb (SQLite)", "Client", "GET /users" }, model.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("name").GetString()).OrderBy(n => n).ToArray());
            Assert.Equal("T:AppDb", model.Element("AppDb (SQLite)").GetProperty("id").GetString());
            Assert.NotNull(model.Flow("AppDb (SQLite)", "GET /users"));
        }

        [Fact]
        public void IdentityManagers_GoToTheReferencedProjectsIdentityContext()
        {
            const string identityLibrary = """
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
                using Microsoft.EntityFrameworkCore;

                namespace Shop.Identity
                {
                    public class ShopUser : IdentityUser { }

                    public class ShopIdentityDb : IdentityDbContext<ShopUser>
                    {
                        public ShopIdentityDb(DbContextOptions<ShopIdentityDb> options) : base(options) { }
                    }
                }
                """;
            const string api = """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Identity;
                using Shop.Identity;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapPost("/register", async (string email, UserManager<ShopUser> users) => await users.CreateAsync(new ShopUser { Email = email, UserName = email }));
                app.Run();
                """;

            var libraryModel = ModelHarness.Run(new[] { identityLibrary }, TestReferences.WebWithLibraries).Model();
            var declared = libraryModel.Element("ShopIdentityDb");
            Assert.Contains("pii", declared.Strings("dataClasses"));

            var model = RunApi(api, referenceAssembly: true, identityLibrary, assemblyName: "Shop.Identity");
            var store = model.Element("ShopIdentityDb");
            Assert.Equal(declared.GetProperty("id").GetString(), store.GetProperty("id").GetString());
            Assert.Contains("pii", model.Flow("POST /register", "ShopIdentityDb")!.Value.Strings("dataClasses"));
            Assert.False(model.HasElement("Identity user store"));
        }

        [Fact]
        public void AControllerAndAnApplicationService_ReachTheLibraryThroughTheirConstructors()
        {
            const string controllers = """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Shop.Data;

                namespace Shop.Api
                {
                    /// <summary>The application layer, in the API's own code: depends on the library's checkout.</summary>
                    public class OrderHandler(Checkout checkout)
                    {
                        public Task HandleAsync(int customerId, decimal amount) => checkout.PayAsync(customerId, amount);
                    }

                    [ApiController]
                    [Route("orders")]
                    public class OrdersController : ControllerBase
                    {
                        private readonly OrderHandler handler;
                        private readonly ICustomerRepository customers;

                        public OrdersController(OrderHandler handler, ICustomerRepository customers)
                        {
                            this.handler = handler;
                            this.customers = customers;
                        }

                        [HttpPost]
                        public async Task<IActionResult> Pay(int customerId, decimal amount)
                        {
                            await handler.HandleAsync(customerId, amount);
                            return NoContent();
                        }

                        [HttpGet("{id}")]
                        public async Task<Customer> Get(int id) => await customers.FindAsync(id);
                    }
                }
                """;
            const string program = """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                var app = builder.Build();
                app.MapControllers();
                app.Run();
                """;

            var model = RunApi(program, referenceAssembly: true, controllers);

            // The annotated type the library's checkout depends on is the element; the handler and the checkout are on the path.
            var payments = model.Flow("OrdersController.Pay", "Payments provider");
            Assert.NotNull(payments);
            Assert.Contains("M:Shop.Data.Checkout.PayAsync(System.Int32,System.Decimal)", payments!.Value.Via());
            Assert.Equal("T:Shop.Data.PaymentGateway", model.Element("Payments provider").GetProperty("id").GetString());

            // The checkout also depends on the repository, and so on its database.
            Assert.NotNull(model.Flow("OrdersController.Pay", "ShopDbContext"));
            Assert.Equal(new[] { "pii" }, model.Flow("ShopDbContext", "OrdersController.Get")!.Value.Strings("dataClasses"));
        }

        [Fact]
        public void ALambdaFunction_ReachesTheSharedProjectsBucket()
        {
            // A Lambda project beside the API: its data access is the shared project's ReceiptArchive (an IAmazonS3 client).
            const string function = """
                using System.Threading.Tasks;
                using Amazon.Lambda.APIGatewayEvents;
                using Shop.Data;

                namespace Shop.Functions
                {
                    public class ReceiptFunction
                    {
                        private readonly ReceiptArchive archive;
                        public ReceiptFunction(ReceiptArchive archive) => this.archive = archive;

                        public async Task<APIGatewayProxyResponse> Handle(APIGatewayProxyRequest request)
                        {
                            await archive.SaveAsync(request.Body);
                            return new APIGatewayProxyResponse { StatusCode = 202 };
                        }
                    }
                }
                """;
            var library = ModelHarness.CreateCompilation(new[] { Library }, TestReferences.WebWithLibraries, assemblyName: "Shop.Data");
            using var stream = new MemoryStream();
            Assert.True(library.Emit(stream, options: ReferenceAssembly).Success);
            var compilation = ModelHarness.CreateCompilation(
                new[] { TestSources.AwsLambdaTypes, function }, TestReferences.WebWithLibraries.Add(MetadataReference.CreateFromImage(stream.ToArray())), assemblyName: "Shop.Functions");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var model = ModelHarness.Run(compilation).Model();

            var handler = model.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "process").GetProperty("name").GetString()!;
            Assert.Equal(new[] { "M:Shop.Data.ReceiptArchive.SaveAsync(System.String)" }, model.Flow(handler, "S3 bucket")!.Value.Via());
        }

        private const string HandlerLibrary = """
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;
            using Microsoft.EntityFrameworkCore;
            using ThreatAnalyzers;

            namespace Shop.Application
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }

                public class ShopDbContext : DbContext
                {
                    public ShopDbContext(DbContextOptions<ShopDbContext> options) : base(options) { }
                    public DbSet<Customer> Customers => Set<Customer>();
                }

                public interface IRequestHandler<TRequest, TResponse>
                {
                    Task<TResponse> ExecuteAsync(TRequest request, CancellationToken cancellationToken);
                }

                public record ArchiveReceipt(string Body);
                public record FindCustomer(int Id);

                public class ArchiveReceiptHandler : IRequestHandler<ArchiveReceipt, bool>
                {
                    private readonly IAmazonS3 s3;
                    public ArchiveReceiptHandler(IAmazonS3 s3) => this.s3 = s3;
                    public async Task<bool> ExecuteAsync(ArchiveReceipt request, CancellationToken cancellationToken)
                        => (await s3.PutObjectAsync(new PutObjectRequest { BucketName = "receipts", ContentBody = request.Body }, cancellationToken)) is not null;
                }

                public class FindCustomerHandler : IRequestHandler<FindCustomer, Customer>
                {
                    private readonly ShopDbContext db;
                    public FindCustomerHandler(ShopDbContext db) => this.db = db;
                    public async Task<Customer> ExecuteAsync(FindCustomer request, CancellationToken cancellationToken)
                        => await db.Customers.FindAsync(new object[] { request.Id }, cancellationToken);
                }

                /// <summary>Depends on one construction of the handler interface: only its implementation is what it reaches.</summary>
                public class ReceiptDesk
                {
                    private readonly IRequestHandler<ArchiveReceipt, bool> archive;
                    public ReceiptDesk(IRequestHandler<ArchiveReceipt, bool> archive) => this.archive = archive;
                    public Task<bool> SubmitAsync(string body) => archive.ExecuteAsync(new ArchiveReceipt(body), CancellationToken.None);
                }
            }
            """;

        private const string HandlerApi = """
            using System.Threading;
            using Microsoft.AspNetCore.Builder;
            using Shop.Application;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/receipts", (string body, IRequestHandler<ArchiveReceipt, bool> handler, CancellationToken ct) => handler.ExecuteAsync(new ArchiveReceipt(body), ct));
            app.MapGet("/customers/{id}", (int id, IRequestHandler<FindCustomer, Customer> handler, CancellationToken ct) => handler.ExecuteAsync(new FindCustomer(id), ct));
            app.MapPost("/desk", (string body, ReceiptDesk desk) => desk.SubmitAsync(body));
            app.Run();
            """;

        [Theory]
        [InlineData("referenced")]
        [InlineData("same project")]
        public void ACallThroughAClosedConstructionOfAGenericHandler_ReachesOnlyThatConstructionsHandler(string where)
        {
            // Found on a real layered app: each endpoint called its own IRequestHandler<TRequest, TResponse>, and each drew
            // the flows of all five handlers (a GET writing to the database).
            var model = ApplicationModel(where, HandlerApi, HandlerLibrary);

            // Its own project names the bucket its code writes to; a reference assembly has no body to say.
            var bucket = where == "referenced" ? "S3 bucket" : "S3 bucket receipts";
            Assert.NotNull(model.Flow("POST /receipts", bucket));
            Assert.Null(model.Flow("POST /receipts", "ShopDbContext"));
            Assert.Null(model.Flow("ShopDbContext", "POST /receipts"));

            Assert.NotNull(model.Flow("ShopDbContext", "GET /customers/{id}"));
            Assert.Null(model.Flow("GET /customers/{id}", bucket));

            Assert.NotNull(model.Flow("POST /desk", bucket));
            Assert.Null(model.Flow("POST /desk", "ShopDbContext"));
            Assert.Null(model.Flow("ShopDbContext", "POST /desk"));
        }

        /// <summary>An application project whose handlers implement MediatR's IRequestHandler&lt;in TRequest, TResponse&gt;: one writes to S3, one reads the database.</summary>
        private const string MediatRLibrary = """
            using System.Threading;
            using System.Threading.Tasks;
            using Amazon.S3;
            using Amazon.S3.Model;
            using MediatR;
            using Microsoft.EntityFrameworkCore;
            using ThreatAnalyzers;

            namespace Shop.Application
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }

                public class ShopDbContext : DbContext
                {
                    public ShopDbContext(DbContextOptions<ShopDbContext> options) : base(options) { }
                    public DbSet<Customer> Customers => Set<Customer>();
                }

                public class ArchiveReceipt : IRequest<bool> { public string Body { get; set; } }
                public class FindCustomer : IRequest<Customer> { public int Id { get; set; } }

                public class ArchiveReceiptHandler : IRequestHandler<ArchiveReceipt, bool>
                {
                    private readonly IAmazonS3 s3;
                    public ArchiveReceiptHandler(IAmazonS3 s3) => this.s3 = s3;
                    public async Task<bool> Handle(ArchiveReceipt request, CancellationToken cancellationToken)
                        => (await s3.PutObjectAsync(new PutObjectRequest { BucketName = "receipts", ContentBody = request.Body }, cancellationToken)) is not null;
                }

                public class FindCustomerHandler : IRequestHandler<FindCustomer, Customer>
                {
                    private readonly ShopDbContext db;
                    public FindCustomerHandler(ShopDbContext db) => this.db = db;
                    public async Task<Customer> Handle(FindCustomer request, CancellationToken cancellationToken)
                        => await db.Customers.FindAsync(new object[] { request.Id }, cancellationToken);
                }
            }
            """;

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void ACallThroughAPackagesGenericHandlerInterface_ReachesTheReferencedProjectsHandlerOfThatConstruction(bool referenceAssembly)
        {
            // MediatR's IRequestHandler<in TRequest, TResponse>, implemented in the application project: found on a real
            // layered app, whose diagram had no store at all because the interface is a package's.
            const string api = """
                using System.Threading;
                using MediatR;
                using Microsoft.AspNetCore.Builder;
                using Shop.Application;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/receipts", (string body, IRequestHandler<ArchiveReceipt, bool> handler, CancellationToken ct) => handler.Handle(new ArchiveReceipt { Body = body }, ct));
                app.MapGet("/customers/{id}", (int id, IRequestHandler<FindCustomer, Customer> handler, CancellationToken ct) => handler.Handle(new FindCustomer { Id = id }, ct));
                app.Run();
                """;

            var model = RunApi(api, referenceAssembly, MediatRLibrary, "Shop.Application");

            Assert.Equal(new[] { "M:Shop.Application.ArchiveReceiptHandler.Handle(Shop.Application.ArchiveReceipt,System.Threading.CancellationToken)" }, model.Flow("POST /receipts", "S3 bucket")!.Value.Via());
            Assert.Null(model.Flow("POST /receipts", "ShopDbContext"));
            Assert.Equal(new[] { "M:Shop.Application.FindCustomerHandler.Handle(Shop.Application.FindCustomer,System.Threading.CancellationToken)" }, model.Flow("ShopDbContext", "GET /customers/{id}")!.Value.Via());
            Assert.Null(model.Flow("GET /customers/{id}", "S3 bucket"));
        }

        [Theory]
        [InlineData("referenced")]
        [InlineData("same project")]
        public void MediatRsSend_ReachesTheHandlerOfTheRequestsType(string where)
        {
            // Found on a real app: every endpoint called mediator.Send, and its diagram had neither store nor service.
            const string api = """
                using MediatR;
                using Microsoft.AspNetCore.Builder;
                using Shop.Application;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/receipts", (string body, IMediator mediator) => mediator.Send(new ArchiveReceipt { Body = body }));
                app.MapGet("/customers/{id}", (int id, IMediator mediator) =>
                {
                    var query = new FindCustomer { Id = id };
                    return mediator.Send(query);
                });
                app.Run();
                """;

            var model = ApplicationModel(where, api, MediatRLibrary);

            var bucket = where == "referenced" ? "S3 bucket" : "S3 bucket receipts";
            Assert.NotNull(model.Flow("POST /receipts", bucket));
            Assert.Null(model.Flow("POST /receipts", "ShopDbContext"));
            Assert.Null(model.Flow("ShopDbContext", "POST /receipts"));
            Assert.NotNull(model.Flow("ShopDbContext", "GET /customers/{id}"));
            Assert.Null(model.Flow("GET /customers/{id}", bucket));
        }

        [Fact]
        public void AReferencedTypeThatDependsOnADataSource_ReachesItsDatabase()
        {
            // NpgsqlDataSource and the like (System.Data.Common.DbDataSource, .NET 7): found on a real app, whose repositories
            // take one instead of a connection.
            const string library = """
                using System.Data.Common;
                using System.Threading.Tasks;

                namespace Shop.Data
                {
                    public sealed class ShopDataSource : DbDataSource
                    {
                        public override string ConnectionString => "Data Source=shop.db";
                        protected override DbConnection CreateDbConnection() => new Microsoft.Data.Sqlite.SqliteConnection(ConnectionString);
                    }

                    public class OrderStore
                    {
                        private readonly DbDataSource source;
                        public OrderStore(DbDataSource source) => this.source = source;
                        public async Task PurgeAsync() { await using var command = source.CreateCommand("DELETE FROM Orders"); await command.ExecuteNonQueryAsync(); }
                    }
                }
                """;
            const string api = """
                using Microsoft.AspNetCore.Builder;
                using Shop.Data;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapDelete("/orders", (OrderStore store) => store.PurgeAsync());
                app.Run();
                """;

            var model = RunApi(api, referenceAssembly: true, library, "Shop.Data");

            Assert.Equal(new[] { "M:Shop.Data.OrderStore.PurgeAsync" }, model.Flow("DELETE /orders", "Relational database")!.Value.Via());
        }

        [Fact]
        public void MakingAReferencedObject_ReachesNothingUntilItIsCalled()
        {
            const string api = """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.Logging;
                using Shop.Data;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapPost("/repositories", (ShopDbContext db, ILogger<CustomerRepository> log) => new CustomerRepository(db, log) is not null);
                app.MapGet("/customers/{id}", async (int id, ShopDbContext db, ILogger<CustomerRepository> log) => await new CustomerRepository(db, log).FindAsync(id));
                app.Run();
                """;

            var model = RunApi(api, referenceAssembly: true);

            Assert.Null(model.Flow("POST /repositories", "ShopDbContext"));
            Assert.Null(model.Flow("POST /repositories", "Logs"));
            Assert.NotNull(model.Flow("ShopDbContext", "GET /customers/{id}"));
        }

        [Fact]
        public void AContextFactoryOrAConnection_ReachesItsDatabase()
        {
            const string api = """
                using Microsoft.AspNetCore.Builder;
                using Shop.Data;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapGet("/report", (CustomerReport report) => report.Top());
                app.MapDelete("/orders", (LegacyOrders orders) => orders.Purge());
                app.Run();
                """;

            var model = RunApi(api, referenceAssembly: true);

            Assert.Equal(new[] { "pii" }, model.Flow("ShopDbContext", "GET /report")!.Value.Strings("dataClasses"));
            Assert.Equal(StoreId, model.Element("ShopDbContext").GetProperty("id").GetString());
            Assert.Equal("store:relational:sqlite", model.Element("SQLite database").GetProperty("id").GetString());
            Assert.NotNull(model.Flow("DELETE /orders", "SQLite database"));
            Assert.Null(model.Flow("DELETE /orders", "ShopDbContext"));
        }

        [Theory]
        [InlineData(".nuget/packages/shop.data/1.0.0/lib/net10.0", false)]
        // NUGET_PACKAGES or RestorePackagesPath on a CI machine: the package's layout says it, not the folder's name.
        [InlineData("ci-cache/shop.data/1.2.0-rc.1/lib/net10.0", false)]
        [InlineData("packages/shop.data/1.0.0/runtimes/linux-x64/lib/net10.0", false)]
        // A project reference: its build output, or the reference assembly in obj/.
        [InlineData("src/Shop.Data/bin/Release/net10.0", true)]
        [InlineData("src/Shop.Data/obj/Debug/net10.0/ref", true)]
        public void APackage_IsNotWalked_WhereverNuGetRestoresIt_AProjectsOutputIs(string relativeFolder, bool walked)
        {
            // The same library, restored as a package rather than built as a project: what it means is for conventions to say.
            var library = ModelHarness.CreateCompilation(new[] { Library }, TestReferences.WebWithLibraries, assemblyName: "Shop.Data");
            var root = Path.Combine(Path.GetTempPath(), "packages-" + System.Guid.NewGuid().ToString("N"));
            var folder = Path.Combine(new[] { root }.Concat(relativeFolder.Split('/')).ToArray());
            Directory.CreateDirectory(folder);
            try
            {
                var path = Path.Combine(folder, "Shop.Data.dll");
                using (var stream = new MemoryStream())
                {
                    Assert.True(library.Emit(stream, options: ReferenceAssembly).Success);
                    File.WriteAllBytes(path, stream.ToArray());
                }

                var compilation = ModelHarness.CreateCompilation(new[] { Api }, TestReferences.WebWithLibraries.Add(MetadataReference.CreateFromFile(path)), OutputKind.ConsoleApplication, assemblyName: "Shop.Api");

                var model = ModelHarness.Run(compilation).Model();

                Assert.Equal(walked, model.HasElement("ShopDbContext (SQLite)"));
                Assert.Equal(walked, model.HasElement("FraudClient"));
            }
            finally
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // The reference may still hold the file open (Windows): the temporary folder is left for the system to clean.
                }
            }
        }

        [Theory]
        [InlineData("builder.Services.AddScoped<,>();")]
        [InlineData("builder.Services.AddScoped<ICustomerRepository, >();")]
        [InlineData("builder.Services.AddScoped<ICustomerRepository, Missing>();")]
        [InlineData("builder.Services.AddScoped<ICustomerRepository, CustomerRepository>(")]
        [InlineData("builder.Services.AddScoped<ICustomerRepository, int>();")]
        public void HalfTypedRegistrations_NeverThrow(string registration)
        {
            var library = ModelHarness.CreateCompilation(new[] { Library }, TestReferences.WebWithLibraries, assemblyName: "Shop.Data");
            using var stream = new MemoryStream();
            Assert.True(library.Emit(stream, options: ReferenceAssembly).Success);
            var api = Api.Replace("builder.Services.AddScoped<ICustomerRepository, CustomerRepository>();", registration);
            var compilation = ModelHarness.CreateCompilation(new[] { api }, TestReferences.WebWithLibraries.Add(MetadataReference.CreateFromImage(stream.ToArray())), OutputKind.ConsoleApplication, assemblyName: "Shop.Api");

            Assert.DoesNotContain(ModelHarness.Run(compilation).Diagnostics, d => d.Id == "AD0001");
        }

        [Fact]
        public void AnEditThatChangesNoFact_LeavesTheModelAsItWas()
        {
            var library = ModelHarness.CreateCompilation(new[] { Library }, TestReferences.WebWithLibraries, assemblyName: "Shop.Data");
            using var stream = new MemoryStream();
            Assert.True(library.Emit(stream, options: ReferenceAssembly).Success);
            var references = TestReferences.WebWithLibraries.Add(MetadataReference.CreateFromImage(stream.ToArray()));
            var first = ModelHarness.Run(ModelHarness.CreateCompilation(new[] { Api }, references, OutputKind.ConsoleApplication, assemblyName: "Shop.Api"));
            var before = first.Artifacts();

            var old = first.Compilation.SyntaxTrees.Single();
            var edited = first.Compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(Api.Replace("app.Run();", "// started\napp.Run();"))));

            Assert.Equal(before, ModelHarness.Run(edited).Artifacts());
        }

        /// <summary>The one <c>AddScoped&lt;,&gt;</c> call of a compilation.</summary>
        private static SyntaxNode RegistrationIn(Compilation compilation)
            => compilation.SyntaxTrees.Single().GetRoot().DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>()
                .Single(i => i.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "AddScoped" });

        private static JsonElement RunApi(string api, bool referenceAssembly, string librarySource, string assemblyName, params string[] more)
        {
            var library = ModelHarness.CreateCompilation(new[] { librarySource }, TestReferences.WebWithLibraries, assemblyName: assemblyName);
            Assert.Empty(library.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            using var stream = new MemoryStream();
            var emitted = library.Emit(stream, options: referenceAssembly ? ReferenceAssembly : new EmitOptions());
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var reference = MetadataReference.CreateFromImage(stream.ToArray());

            var compilation = ModelHarness.CreateCompilation(new[] { api }.Concat(more), TestReferences.WebWithLibraries.Add(reference), OutputKind.ConsoleApplication, assemblyName: "Shop.Api");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return ModelHarness.Run(compilation).Model();
        }

        /// <summary>The API's model with the application project referenced as a reference assembly, or compiled into the API.</summary>
        private static JsonElement ApplicationModel(string where, string api, string application)
        {
            if (where == "referenced")
            {
                return RunApi(api, referenceAssembly: true, application, "Shop.Application");
            }

            var compilation = ModelHarness.CreateCompilation(new[] { api, application }, TestReferences.WebWithLibraries, OutputKind.ConsoleApplication, assemblyName: "Shop.Api");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return ModelHarness.Run(compilation).Model();
        }

        private static JsonElement RunApi(string api, bool referenceAssembly, params string[] more)
            => RunApi(api, referenceAssembly, Library, "Shop.Data", more);
    }
}
