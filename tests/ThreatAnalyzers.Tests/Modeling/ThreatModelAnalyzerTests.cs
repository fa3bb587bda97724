using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>The model the model analyzer derives from small programs: one inference or annotation per test.</summary>
    public class ThreatModelAnalyzerTests
    {
        private const string Customer = """
            using ThreatAnalyzers;

            namespace Clinic
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }
            }
            """;

        [Fact]
        public void MinimalApi_WithEfCore_IsClientToProcessToRelationalStore_WithPiiOnTheEdges()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;
                using Clinic;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddDbContext<ClinicDb>(o => o.UseSqlite("Data Source=clinic.db"));
                var app = builder.Build();
                app.MapPost("/customers", async (Customer customer, ClinicDb db) => { db.Customers.Add(customer); await db.SaveChangesAsync(); });
                app.MapGet("/customers", (ClinicDb db) => db.Customers.ToListAsync()).RequireAuthorization();
                app.Run();

                public class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            Assert.Equal("Clinic", model.GetProperty("system").GetString());
            var store = model.Element("ClinicDb (SQLite)");
            Assert.Equal("dataStore", store.GetProperty("kind").GetString());
            Assert.Equal("T:ClinicDb", store.GetProperty("id").GetString());

            var post = model.Element("POST /customers");
            Assert.Equal("process", post.GetProperty("kind").GetString());
            Assert.Equal("File1.cs", post.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal(9, post.GetProperty("location").GetProperty("line").GetInt32());
            Assert.Equal(new[] { "pii" }, model.Flow("Client", "POST /customers")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("POST /customers", "ClinicDb (SQLite)")!.Value.Strings("dataClasses"));
            Assert.Equal("internet", model.Flow("Client", "POST /customers")!.Value.GetProperty("crossesBoundary").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, model.Flow("POST /customers", "ClinicDb (SQLite)")!.Value.GetProperty("crossesBoundary").ValueKind);

            Assert.Equal(new[] { "pii" }, model.Flow("ClinicDb (SQLite)", "GET /customers")!.Value.Strings("dataClasses"));
            Assert.Contains("authenticated", model.Element("GET /customers").Strings("controls"));
            Assert.Contains(model.GetProperty("boundaries").EnumerateArray(), b => b.GetProperty("id").GetString() == "internet" && b.GetProperty("name").GetString() == "Internet");
            Assert.Equal("internet", model.Element("Client").GetProperty("boundary").GetString());
            Assert.Equal("clinic", store.GetProperty("boundary").GetString());
        }

        [Fact]
        public void ControllerThroughInterfaceAndAsyncChain_ReachesTheImplementationsStore()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    [DataStore("Customer database")]
                    [EncryptedAtRest]
                    public class ClinicDb : DbContext
                    {
                        public DbSet<Customer> Customers { get; set; }
                    }

                    public interface ICustomerRepository { Task<Customer> FindAsync(int id); }

                    public sealed class CustomerRepository(ClinicDb db) : ICustomerRepository
                    {
                        public async Task<Customer> FindAsync(int id) => await Load(id);

                        private Task<Customer> Load(int id)
                        {
                            Task<Customer> Local() => db.Customers.FirstAsync(c => c.Id == id);
                            return Local();
                        }
                    }

                    public class CustomersController(ICustomerRepository customers) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int id) => Ok(await customers.FindAsync(id));
                    }
                }
                """,
            }).Model();

            var store = model.Element("Customer database");
            Assert.Equal("T:Clinic.ClinicDb", store.GetProperty("id").GetString());
            Assert.Contains("encryptedAtRest", store.Strings("controls"));
            Assert.Contains("InformationDisclosure", store.GetProperty("stride").Strings("addressed"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer database", "CustomersController.Get")!.Value.Strings("dataClasses"));
            Assert.Equal("process:M:Clinic.CustomersController.Get(System.Int32)", model.Element("CustomersController.Get").GetProperty("id").GetString());
        }

        [Fact]
        public void OverloadedActions_AreToldApartByTheirParameters_OtherNamesStay()
        {
            // Found on a real app: GET /products and GET /products/{id} were two processes both named "ProductController.Get".
            var model = ModelHarness.Run(new[]
            {
                """
                using System.Collections.Generic;
                using Microsoft.AspNetCore.Mvc;

                namespace Clinic
                {
                    public class Page { public int Number { get; set; } }

                    [ApiController]
                    [Route("products")]
                    public class ProductController : ControllerBase
                    {
                        [HttpGet]
                        public IActionResult Get([FromQuery] Page page) => Ok(page.Number);

                        [HttpGet("{id}")]
                        public IActionResult Get(int id) => Ok(id);

                        [HttpGet("search")]
                        public IActionResult Get(string name, List<int> tags, ref int count) => Ok(name);

                        [HttpDelete("{id}")]
                        public IActionResult Delete(int id) => NoContent();
                    }
                }
                """,
            }).Model();

            Assert.Equal("process:M:Clinic.ProductController.Get(Clinic.Page)", model.Element("ProductController.Get(Page)").GetProperty("id").GetString());
            Assert.Equal("process:M:Clinic.ProductController.Get(System.Int32)", model.Element("ProductController.Get(int)").GetProperty("id").GetString());
            Assert.True(model.HasElement("ProductController.Get(string, List<…>, int)"));
            Assert.True(model.HasElement("ProductController.Delete"));
        }

        [Fact]
        public void OverloadedActions_InheritedOrInControllersOfOneNameInTwoNamespaces_GetTheirParametersOnce_ANonActionNamesakeNone()
        {
            var model = ModelHarness.Run(new[]
            {
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop.V1
                {
                    [ApiController, Route("v1/products")]
                    public class ProductController : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public IActionResult Get(int id) => Ok(id);

                        [HttpGet]
                        public IActionResult Get(string name) => Ok(name);
                    }
                }

                namespace Shop.V2
                {
                    [ApiController, Route("v2/products")]
                    public class ProductController : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public IActionResult Get(int id) => Ok(id);

                        [HttpGet]
                        public IActionResult Get(string name) => Ok(name);
                    }
                }

                namespace Shop
                {
                    public abstract class LookupController : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public IActionResult Find(int id) => Ok(id);
                    }

                    [ApiController, Route("orders")]
                    public class OrdersController : LookupController
                    {
                        [HttpGet("by-code/{code}")]
                        public IActionResult Find(string code) => Ok(code);

                        [HttpDelete("{id}")]
                        public IActionResult Delete(int id) => NoContent();

                        [NonAction]
                        public IActionResult Delete(string reason) => NoContent();
                    }
                }
                """,
            }).Model();

            Assert.Equal(2, model.GetProperty("elements").EnumerateArray().Count(e => e.GetProperty("name").GetString() == "ProductController.Get(int)"));
            Assert.Equal(2, model.GetProperty("elements").EnumerateArray().Count(e => e.GetProperty("name").GetString() == "ProductController.Get(string)"));
            Assert.True(model.HasElement("OrdersController.Find(string)"));
            Assert.True(model.HasElement("OrdersController.Find(int)"));
            Assert.True(model.HasElement("OrdersController.Delete"));
        }

        [Fact]
        public void ActionsOfAGenericBaseController_AreNamedWithTheControllersTypeArgument_WhereOverloadedOrInControllersOfOneName()
        {
            // Found on a real app: an action taking the base controller's type parameter was named "Post()".
            var model = ModelHarness.Run(new[]
            {
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    public class Product { public int Id { get; set; } }
                    public class Order { public int Id { get; set; } }
                    public class Customer { public int Id { get; set; } }

                    public abstract class CrudController<TEntity> : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Post(TEntity item) => Ok();
                    }
                }

                namespace Shop.V1
                {
                    [ApiController, Route("v1/products")]
                    public class ProductsController : Shop.CrudController<Shop.Product>
                    {
                        [HttpPost("bulk")]
                        public IActionResult Post(Shop.Product[] items) => Ok();
                    }
                }

                namespace Shop.V2
                {
                    [ApiController, Route("v2/products")]
                    public class ProductsController : Shop.CrudController<Shop.Order>
                    {
                    }
                }

                namespace Shop.V3
                {
                    [ApiController, Route("v3/products")]
                    public class ProductsController : Shop.CrudController<Shop.Customer>
                    {
                    }
                }
                """,
            }).Model();

            var names = model.GetProperty("elements").EnumerateArray().Where(e => e.GetProperty("kind").GetString() == "process").Select(e => e.GetProperty("name").GetString()).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
            Assert.Equal(new[] { "ProductsController.Post(Customer)", "ProductsController.Post(Order)", "ProductsController.Post(Product)", "ProductsController.Post(Product[])" }, names);
        }

        [Fact]
        public void S3WithConstantBucket_HttpClientWithConstantHost_AndLogger_AreInferred()
        {
            var model = ModelHarness.Run(new[]
            {
                """
                using System.IO;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    public class Scans(IAmazonS3 s3, HttpClient http, ILogger<Scans> logger)
                    {
                        private const string Bucket = "clinic-scans";

                        [TrustBoundary("Internet")]
                        [Authenticated]
                        public async Task Upload(string patient, Stream scan)
                        {
                            logger.LogInformation("Uploading a scan");
                            await s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = patient, InputStream = scan });
                            await Notify(patient);
                        }

                        private Task Notify(string patient) => http.PostAsync("https://notify.example.org/scans", new StringContent(patient));
                    }
                }
                """,
            }).Model();

            Assert.Equal("dataStore", model.Element("S3 bucket clinic-scans").GetProperty("kind").GetString());
            Assert.NotNull(model.Flow("Scans.Upload", "S3 bucket clinic-scans"));
            Assert.Null(model.Flow("S3 bucket clinic-scans", "Scans.Upload"));
            Assert.NotNull(model.Flow("Scans.Upload", "Logs"));
            var entity = model.Element("notify.example.org");
            Assert.Equal("externalEntity", entity.GetProperty("kind").GetString());
            Assert.Equal("external-services", entity.GetProperty("boundary").GetString());
            Assert.Equal("external-services", model.Flow("Scans.Upload", "notify.example.org")!.Value.GetProperty("crossesBoundary").GetString());
            Assert.NotNull(model.Flow("notify.example.org", "Scans.Upload"));
        }

        [Fact]
        public void LogsFlowsCarryNoDataClasses_ButNameTheMethodsThatLog_AndResponsesCarryWhatIsReturned()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.Logging;
                using Clinic;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/audit", (Customer customer, Audit audit) => audit.Changed(customer.Email)).RequireAuthorization();
                app.MapPost("/safe", (Customer customer, Audit audit) => audit.Changed(customer.Id.ToString())).RequireAuthorization();
                app.MapGet("/me", (Customer customer) => Results.Ok(customer)).RequireAuthorization();
                app.Run();

                public class Audit(ILogger<Audit> logger)
                {
                    public void Changed(string detail) => Write(detail);
                    private void Write(string detail) => logger.LogInformation("{Detail}", detail);
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            // Whether personal data reaches a log is the flow engine's finding (TA4001); the build step joins it in through "via".
            Assert.Empty(model.Flow("POST /audit", "Logs")!.Value.Strings("dataClasses"));
            Assert.Empty(model.Flow("POST /safe", "Logs")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "M:Audit.Write(System.String)" }, model.Flow("POST /audit", "Logs")!.Value.Via());
            Assert.Equal(new[] { "pii" }, model.Flow("GET /me", "Client")!.Value.Strings("dataClasses"));

            // A handler that returns nothing answers nothing.
            Assert.Null(model.Flow("POST /audit", "Client"));
        }

        [Fact]
        public void ALambdaHandlersOwnLogCall_IsViaTheMethodThatMapsTheRoute_AndTheModelHoldsNoThreats()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Routing;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;
                using Clinic;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGroup("/api").RequireAuthorization().MapAudit();
                app.Run();

                public static class AuditRoutes
                {
                    public static void MapAudit(this IEndpointRouteBuilder routes)
                        => routes.MapPost("/audit", (Customer customer, ILogger<Customer> logger) => logger.LogInformation("{Email}", customer.Email));
                }

                public class Support(ILogger<Support> logger)
                {
                    [Mitigates("TA4001", "Support logs go to a PII-cleared sink")]
                    public void Contact(Customer customer) => logger.LogInformation("{Email}", customer.Email);
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            var logged = model.Flow("POST /api/audit", "Logs")!.Value;
            Assert.Equal(new[] { "M:AuditRoutes.MapAudit(Microsoft.AspNetCore.Routing.IEndpointRouteBuilder)" }, logged.Via());
            Assert.Empty(logged.Strings("dataClasses"));
            Assert.Empty(model.Threats());
            Assert.Equal("unknown", model.GetProperty("threatsState").GetString());
            Assert.Empty(model.Element("Logs").GetProperty("stride").Strings("addressed"));
        }

        [Fact]
        public void HandlersThatAnswerOnlyAStatus_HaveNoResponseFlow_OthersCarryWhatTheyReturn()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;
                using Clinic;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapDelete("/customers/{id}", async (int id, ClinicDb db) =>
                {
                    await db.Customers.Where(c => c.Id == id).ExecuteDeleteAsync();
                    return Results.NoContent();
                }).RequireAuthorization();
                app.MapGet("/customers/{id}", async (int id, ClinicDb db) =>
                    await db.Customers.FindAsync(id) is { } customer ? Results.Ok(customer) : Results.NotFound()).RequireAuthorization();
                app.MapPost("/ping", () => { }).RequireAuthorization();
                app.MapGet("/count", async (ClinicDb db) => TypedResults.Ok(await db.Customers.CountAsync())).RequireAuthorization();
                app.Run();

                public class ClinicDb : DbContext { public DbSet<Customer> Customers { get; set; } }

                [ApiController, Authorize]
                public class CustomersController(ClinicDb db) : ControllerBase
                {
                    [HttpGet("c/{id}")]
                    public async Task<ActionResult<Customer>> Get(int id)
                    {
                        var customer = await db.Customers.FindAsync(id);
                        if (customer is null)
                        {
                            return NotFound();
                        }

                        return customer;
                    }

                    [HttpPut("c/{id}")]
                    public IActionResult Touch(int id) => id > 0 ? Ok() : StatusCode(404);

                    [HttpPost("c")]
                    public async Task Create(Customer customer)
                    {
                        db.Customers.Add(customer);
                        await db.SaveChangesAsync();
                    }
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            Assert.Null(model.Flow("DELETE /customers/{id}", "Client"));
            Assert.Null(model.Flow("POST /ping", "Client"));
            Assert.Null(model.Flow("CustomersController.Touch", "Client"));
            Assert.Null(model.Flow("CustomersController.Create", "Client"));
            Assert.Equal(new[] { "pii" }, model.Flow("GET /customers/{id}", "Client")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("CustomersController.Get", "Client")!.Value.Strings("dataClasses"));
            Assert.Empty(model.Flow("GET /count", "Client")!.Value.Strings("dataClasses"));

            // A server-side delete writes to the store and brings no rows back.
            Assert.NotNull(model.Flow("DELETE /customers/{id}", "ClinicDb"));
            Assert.Null(model.Flow("ClinicDb", "DELETE /customers/{id}"));
            Assert.Equal(new[] { "pii" }, model.Flow("CustomersController.Create", "ClinicDb")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "M:CustomersController.Create(Clinic.Customer)" }, model.Flow("CustomersController.Create", "ClinicDb")!.Value.Via());
        }

        [Fact]
        public void AStoreIsOnAnEndpointsFlows_OnlyWhereACallChainFromItReachesIt()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Clinic;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/count", (Reports reports) => reports.Count()).RequireAuthorization();
                app.MapGet("/name", (Reports reports) => reports.Name()).RequireAuthorization();
                app.Run();

                public class ClinicDb : DbContext { public DbSet<Customer> Customers { get; set; } }

                public class Reports(ClinicDb db)
                {
                    public int Count()
                    {
                        List<Customer> all = Load();
                        return all.Count;
                    }

                    public string Name() => "reports";

                    private List<Customer> Load() => db.Customers.ToList();
                }
                """,
            }, kind: OutputKind.ConsoleApplication).Model();

            var read = model.Flow("ClinicDb", "GET /count")!.Value;
            Assert.Equal(new[] { "pii" }, read.Strings("dataClasses"));
            Assert.Equal(new[] { "M:Reports.Load" }, read.Via());
            Assert.Null(model.Flow("ClinicDb", "GET /name"));
            Assert.Null(model.Flow("GET /name", "ClinicDb"));
        }

        [Fact]
        public void AdoNetCommand_IsARelationalStore()
        {
            var model = ModelHarness.Run(new[]
            {
                """
                using System.Data.Common;
                using ThreatAnalyzers;

                public class Audit(DbConnection connection)
                {
                    [TrustBoundary("Internet"), Authenticated]
                    public void Record(string what)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = "insert into audit values (@what)";
                        command.ExecuteNonQuery();
                    }
                }
                """,
            }).Model();

            Assert.NotNull(model.Flow("Audit.Record", "Relational database"));
        }

        [Fact]
        public void Dapper_IsARelationalStoreNamedByItsProvider_AndSerilogWritesToLogs()
        {
            var model = ModelHarness.Run(new[]
            {
                Customer,
                """
                using System.Collections.Generic;
                using Dapper;
                using Microsoft.Data.Sqlite;
                using ThreatAnalyzers;

                namespace Clinic
                {
                    [TrustBoundary("Internet"), Authenticated]
                    public class Customers(SqliteConnection connection)
                    {
                        public IEnumerable<Customer> List() => connection.Query<Customer>("select * from customers");

                        public void Save(Customer customer)
                        {
                            Serilog.Log.Information("Saving customer {Email}", customer.Email);
                            connection.Execute("insert into customers values (@Id, @Email)", customer);
                        }
                    }
                }
                """,
            }).Model();

            Assert.Equal(new[] { "pii" }, model.Flow("SQLite database", "Customers.List")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customers.Save", "SQLite database")!.Value.Strings("dataClasses"));
            Assert.Null(model.Flow("SQLite database", "Customers.Save"));
            Assert.NotNull(model.Flow("Customers.Save", "Logs"));
            Assert.Contains("Repudiation", model.Element("Logs").GetProperty("stride").Strings("applicable"));
        }

        [Fact]
        public void AnnotatedStoreInAReferencedProject_IsSeenThroughMetadata()
        {
            var library = ModelHarness.CreateCompilation(new[]
            {
                """
                using ThreatAnalyzers;

                namespace Records
                {
                    [HandlesPii]
                    public class MedicalRecord { public string Diagnosis { get; set; } }

                    [DataStore("Records archive")]
                    [EncryptedAtRest]
                    public interface IRecordsArchive
                    {
                        void Store(MedicalRecord record);
                        MedicalRecord Get(int id);
                    }
                }
                """,
            }, TestReferences.Library, assemblyName: "Records");
            using var stream = new System.IO.MemoryStream();
            Assert.True(library.Emit(stream).Success);
            var reference = MetadataReference.CreateFromImage(stream.ToArray());

            var model = ModelHarness.Run(new[]
            {
                """
                using Records;
                using ThreatAnalyzers;

                [TrustBoundary("Partner network")]
                [Authenticated]
                public class RecordsFeed(IRecordsArchive archive)
                {
                    public void Receive(MedicalRecord record) => archive.Store(record);
                    public MedicalRecord Send(int id) => archive.Get(id);
                }
                """,
            }, TestReferences.Library.Add(reference)).Model();

            var store = model.Element("Records archive");
            Assert.Equal("T:Records.IRecordsArchive", store.GetProperty("id").GetString());
            Assert.Contains("encryptedAtRest", store.Strings("controls"));
            Assert.Equal(new[] { "pii" }, model.Flow("RecordsFeed.Receive", "Records archive")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Records archive", "RecordsFeed.Send")!.Value.Strings("dataClasses"));
            Assert.Equal("Partner network", model.Element("Partner network").GetProperty("name").GetString());
            Assert.Equal("partner-network", model.Flow("Partner network", "RecordsFeed.Receive")!.Value.GetProperty("crossesBoundary").GetString());
        }

        [Fact]
        public void TheModelListsTheRules_AndLeavesThreatsToTheBuildStep_StrideAddressedComesFromControls()
        {
            var model = ModelHarness.Run(new[]
            {
                """
                using ThreatAnalyzers;

                [TrustBoundary("Internet")]
                public class Api
                {
                    public void Open() { }

                    [Mitigates("TA1001", "mTLS at the load balancer")]
                    public void Mitigated() { }

                    [Authenticated]
                    public void Secure() { }
                }
                """,
            }, TestReferences.Library).Model();

            Assert.Empty(model.Threats());
            Assert.Equal("unknown", model.GetProperty("threatsState").GetString());
            var rules = model.GetProperty("rules").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
            Assert.True(rules["TA1001"].GetProperty("evaluated").GetBoolean());
            Assert.True(rules["TA4001"].GetProperty("evaluated").GetBoolean());
            Assert.Contains("Spoofing", model.Element("Api.Secure").GetProperty("stride").Strings("addressed"));
            Assert.DoesNotContain("Spoofing", model.Element("Api.Open").GetProperty("stride").Strings("addressed"));

            // A review annotation addresses a category only once the build step has joined the threat it reviews.
            Assert.DoesNotContain("Spoofing", model.Element("Api.Mitigated").GetProperty("stride").Strings("addressed"));
        }

        [Fact]
        public void GenerateThreatModelFalse_ProducesNothing_OtherwiseOneIntermediateModel_WhateverTheFormats()
        {
            var source = new[] { "using ThreatAnalyzers; public class Api { [TrustBoundary(\"Internet\")] public void M() { } }" };
            Assert.Empty(ModelHarness.Run(source, TestReferences.Library, properties: new System.Collections.Generic.Dictionary<string, string> { ["build_property.GenerateThreatModel"] = "false" }).Artifacts());

            // The formats are the build step's: it renders them after the join.
            var some = ModelHarness.Run(source, TestReferences.Library, properties: new System.Collections.Generic.Dictionary<string, string> { ["build_property.ThreatModelFormatList"] = "json,sarif" }).Artifacts();
            Assert.Equal(new[] { "threat-model.model.json" }, some.Keys);
            var all = ModelHarness.Run(source, TestReferences.Library).Artifacts();
            Assert.Equal(new[] { "threat-model.model.json" }, all.Keys);
        }
    }
}
