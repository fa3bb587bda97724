using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.UnauthenticatedEntryPointRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>
    /// TA1001 reports an unauthenticated entry point only when it is critical (CWE-306): it changes state, reads or
    /// returns personal data or secrets, or reaches a privileged operation, directly or through what it calls. Which
    /// entry points exist and what counts as authentication is tested with TA1008 (NoExplicitAuthenticationDecisionAnalyzerTests).
    /// </summary>
    public class UnauthenticatedEntryPointAnalyzerTests
    {
        private const string Shop = """
            using System.Collections.Generic;
            using Microsoft.EntityFrameworkCore;
            using ThreatAnalyzers;

            public class Product
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
            }

            [HandlesPii]
            public class Customer
            {
                public int Id { get; set; }
                [HandlesPii] public string Email { get; set; } = "";
            }

            public class ShopDbContext : DbContext
            {
                public DbSet<Product> Products => Set<Product>();
                public DbSet<Customer> Customers => Set<Customer>();
            }
            """;

        private static Task VerifyWithLibrariesAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
            => new Verify.Test(source, Shop) { References = Verifiers.TestReferences.WebWithLibraries }.RunWithAsync(expected);

        private static Task VerifyProgramWithLibrariesAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
            => new Verify.Test(source, Shop) { References = Verifiers.TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(expected);

        // ---- State changes: data stores ----

        [Theory]
        [InlineData("db.Products.Add(product); db.SaveChanges();")]
        [InlineData("db.Add(product); await db.SaveChangesAsync();")]
        [InlineData("db.Products.Remove(product);")]
        [InlineData("db.Update(product);")]
        [InlineData("await db.Products.Where(p => p.Id == product.Id).ExecuteDeleteAsync();")]
        [InlineData("await db.Products.Where(p => p.Id == product.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Name, product.Name));")]
        public Task EfCoreWrite_Fires(string write)
            => VerifyWithLibrariesAsync($$"""
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                public class ProductsController(ShopDbContext db) : ControllerBase
                {
                    [HttpPost]
                    public async Task<IActionResult> {|#0:Save|}(Product product)
                    {
                        {{write}}
                        await Task.Yield();
                        return NoContent();
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Save", "Internet", "writes to 'ShopDbContext'"));

        [Fact]
        public Task DapperExecute_AndAdoNetExecuteNonQuery_Fire()
            => VerifyWithLibrariesAsync("""
                using Dapper;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Data.Sqlite;

                public class AuditController : ControllerBase
                {
                    [HttpPost]
                    public void {|#0:Record|}(string text)
                    {
                        using var connection = new SqliteConnection("Data Source=audit.db");
                        connection.Execute("insert into log(text) values (@text)", new { text });
                    }

                    [HttpDelete]
                    public void {|#1:Clear|}()
                    {
                        using var connection = new SqliteConnection("Data Source=audit.db");
                        using var command = connection.CreateCommand();
                        command.CommandText = "delete from log";
                        command.ExecuteNonQuery();
                    }

                    [HttpGet]
                    public int Count()
                    {
                        using var connection = new SqliteConnection("Data Source=audit.db");
                        return connection.ExecuteScalar<int>("select count(*) from log");
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("AuditController.Record", "Internet", "writes to 'SQLite database'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("AuditController.Clear", "Internet", "writes to 'SQLite database'"));

        [Fact]
        public Task S3Put_Fires_AndS3ReadOfUnclassifiedData_IsSilent()
            => VerifyWithLibrariesAsync("""
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;
                using Microsoft.AspNetCore.Mvc;

                public class ImagesController(IAmazonS3 s3) : ControllerBase
                {
                    [HttpPut]
                    public Task {|#0:Upload|}(string key) => s3.PutObjectAsync(new PutObjectRequest { BucketName = "images", Key = key });

                    [HttpDelete]
                    public Task {|#1:Delete|}(string key) => s3.DeleteObjectAsync("images", key);

                    [HttpGet]
                    public async Task<string> Get(string key) => (await s3.GetObjectAsync("images", key)).ETag;
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ImagesController.Upload", "Internet", "writes to 'S3 bucket images'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ImagesController.Delete", "Internet", "writes to 'S3 bucket images'"));

        [Fact]
        public Task AnnotatedDataStore_Write_Fires_AndItsPlainRead_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                [DataStore("Customer database")]
                public class CustomerStore
                {
                    public void Save(string name) { }
                    public int Count() => 0;
                }

                public class CustomersController(CustomerStore store) : ControllerBase
                {
                    [HttpPost]
                    public void {|#0:Create|}(string name) => store.Save(name);

                    [HttpGet]
                    public int Count() => store.Count();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("CustomersController.Create", "Internet", "writes to 'Customer database'"));

        // ---- External entities, processes, files ----

        [Fact]
        public Task ExternalEntityCall_Fires_ForAnnotatedTypesAndHttpClient()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                [ExternalEntity("Credit bureau")]
                public class CreditBureau
                {
                    public int Score(string name) => 0;
                }

                public class ChecksController(CreditBureau bureau, HttpClient http) : ControllerBase
                {
                    [HttpPost]
                    public int {|#0:Check|}(string name) => bureau.Score(name);

                    [HttpPost]
                    public Task<string> {|#1:Forward|}(string body) => http.GetStringAsync("https://partner.example.com/hook?b=" + body);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ChecksController.Check", "Internet", "calls 'Credit bureau'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ChecksController.Forward", "Internet", "calls 'ChecksController'"));

        [Fact]
        public Task SendingMail_Fires_ThroughMailKitAndSystemNetMail()
            => new Verify.Test("""
                using System.Net.Mail;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using MimeKit;

                public class InvitesController : ControllerBase
                {
                    [HttpPost]
                    public async Task {|#0:Invite|}(string address)
                    {
                        var message = new MimeMessage();
                        message.To.Add(MailboxAddress.Parse(address));
                        using var smtp = new MailKit.Net.Smtp.SmtpClient();
                        await smtp.SendAsync(message);
                    }

                    [HttpPost]
                    public Task {|#1:Notify|}(string address) => new System.Net.Mail.SmtpClient("localhost").SendMailAsync("shop@example.com", address, "Hi", "Hello");

                    [HttpGet]
                    public string Template() => "Hello";
                }
                """) { References = Verifiers.TestReferences.Web.AddRange(Verifiers.TestReferences.Mail) }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("InvitesController.Invite", "Internet", "calls 'SMTP server'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("InvitesController.Notify", "Internet", "calls 'SMTP server'"));

        [Fact]
        public Task AStateChangeInTheHandlerMediatRSendsTheRequestTo_Fires_AReadingHandler_IsSilent()
            => VerifyWithLibrariesAsync("""
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;
                using MediatR;
                using Microsoft.AspNetCore.Mvc;

                public class CreateProduct : IRequest<int> { public string Name { get; set; } = ""; }
                public class CountProducts : IRequest<int> { }

                public class CreateProductHandler(ShopDbContext db) : IRequestHandler<CreateProduct, int>
                {
                    public async Task<int> Handle(CreateProduct request, CancellationToken cancellationToken)
                    {
                        db.Products.Add(new Product { Name = request.Name });
                        return await db.SaveChangesAsync(cancellationToken);
                    }
                }

                public class CountProductsHandler(ShopDbContext db) : IRequestHandler<CountProducts, int>
                {
                    public Task<int> Handle(CountProducts request, CancellationToken cancellationToken) => Task.FromResult(db.Products.Count());
                }

                public class ProductsController(IMediator mediator) : ControllerBase
                {
                    [HttpPost]
                    public Task<int> {|#0:Create|}(string name) => mediator.Send(new CreateProduct { Name = name });

                    [HttpGet]
                    public Task<int> Count() => mediator.Send(new CountProducts());
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProductsController.Create", "Internet", "writes to 'ShopDbContext' via CreateProductHandler.Handle"));

        [Fact]
        public Task ProcessStart_AndFileWrites_Fire_FileReads_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Diagnostics;
                using System.IO;
                using Microsoft.AspNetCore.Mvc;

                public class ToolsController : ControllerBase
                {
                    [HttpPost]
                    public void {|#0:Run|}(string tool) => Process.Start(tool);

                    [HttpPost]
                    public void {|#1:Save|}(string text) => System.IO.File.WriteAllText("notes.txt", text);

                    [HttpDelete]
                    public void {|#2:Purge|}() => new DirectoryInfo("cache").Delete(true);

                    [HttpGet]
                    public string Read() => System.IO.File.ReadAllText("notes.txt");
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ToolsController.Run", "Internet", "starts a process (Process.Start)"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ToolsController.Save", "Internet", "changes files (File.WriteAllText)"),
                Verify.Diagnostic().WithLocation(2).WithArguments("ToolsController.Purge", "Internet", "changes files (DirectoryInfo.Delete)"));

        [Fact]
        public Task CreatingAFolder_IsNotAChange_OpeningAFileForWriting_Is()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class NoteStore
                {
                    private const string Folder = "notes";

                    public IEnumerable<string> All()
                    {
                        if (!Directory.Exists(Folder))
                        {
                            Directory.CreateDirectory(Folder);
                        }

                        new DirectoryInfo(Folder).Create();
                        return Directory.GetFiles(Folder);
                    }

                    public async Task Save(string name, string text)
                    {
                        All();
                        using var stream = new FileStream(Path.Combine(Folder, name), FileMode.Create, FileAccess.ReadWrite);
                        using var writer = new StreamWriter(stream);
                        await writer.WriteAsync(text);
                    }

                    public string Read(string name)
                    {
                        using var stream = new FileStream(Path.Combine(Folder, name), FileMode.Open, FileAccess.Read);
                        using var other = File.Open(Path.Combine(Folder, name), FileMode.Open);
                        return new StreamReader(stream).ReadToEnd();
                    }
                }

                public class NotesController(NoteStore store) : ControllerBase
                {
                    [HttpGet]
                    public IEnumerable<string> Index() => store.All();

                    [HttpGet]
                    public string Show(string name) => store.Read(name);

                    [HttpPost]
                    public Task {|#0:Save|}(string name, string text) => store.Save(name, text);

                    [HttpPost]
                    public void {|#1:Append|}(string text)
                    {
                        using var log = new FileStream("log.txt", FileMode.Append);
                    }

                    [HttpPost]
                    public void {|#2:Touch|}(string name) => System.IO.File.Open(name, FileMode.Open, FileAccess.Write).Dispose();

                    [HttpPost]
                    public void {|#3:Write|}(string text)
                    {
                        using var writer = new StreamWriter("out.txt");
                        writer.Write(text);
                    }

                    [HttpPost]
                    public void {|#4:Create|}(string name) => System.IO.File.Create(name).Dispose();

                    [HttpPost]
                    public void {|#5:OpenWrite|}(string name) => System.IO.File.OpenWrite(name).Dispose();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("NotesController.Save", "Internet", "changes files (new FileStream) via NoteStore.Save"),
                Verify.Diagnostic().WithLocation(1).WithArguments("NotesController.Append", "Internet", "changes files (new FileStream)"),
                Verify.Diagnostic().WithLocation(2).WithArguments("NotesController.Touch", "Internet", "changes files (File.Open)"),
                Verify.Diagnostic().WithLocation(3).WithArguments("NotesController.Write", "Internet", "changes files (new StreamWriter)"),
                Verify.Diagnostic().WithLocation(4).WithArguments("NotesController.Create", "Internet", "changes files (File.Create)"),
                Verify.Diagnostic().WithLocation(5).WithArguments("NotesController.OpenWrite", "Internet", "changes files (File.OpenWrite)"));

        // ---- Privileged operations ----

        [Fact]
        public Task CalledMethodRequiringARoleOrPolicy_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class AccountService
                {
                    [RequiresRole("Admin")]
                    public void Lock(int id) { }

                    [Authorize(Roles = "Support")]
                    public void Unlock(int id) { }

                    [Authorize(Policy = "CanRefund")]
                    public void Refund(int id) { }
                }

                public class AccountsController(AccountService accounts) : ControllerBase
                {
                    public void {|#0:Lock|}(int id) => accounts.Lock(id);
                    public void {|#1:Unlock|}(int id) => accounts.Unlock(id);
                    public void {|#2:Refund|}(int id) => accounts.Refund(id);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("AccountsController.Lock", "Internet", "reaches 'AccountService.Lock', which requires role 'Admin'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("AccountsController.Unlock", "Internet", "reaches 'AccountService.Unlock', which requires role 'Support'"),
                Verify.Diagnostic().WithLocation(2).WithArguments("AccountsController.Refund", "Internet", "reaches 'AccountService.Refund', which requires policy 'CanRefund'"));

        // ---- Personal data and secrets ----

        [Fact]
        public Task ReadingPersonalDataFromAStore_Fires_ACatalogRead_IsSilent()
            => VerifyWithLibrariesAsync("""
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;

                public class ShopController(ShopDbContext db) : ControllerBase
                {
                    [HttpGet]
                    public List<string> {|#0:Emails|}() => db.Customers.Select(c => c.Email).ToList();

                    [HttpGet]
                    public List<Product> Catalogue() => db.Products.ToList();

                    [HttpGet]
                    public Product? Item(int id) => db.Products.Find(id);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ShopController.Emails", "Internet", "reads personal data from 'ShopDbContext'"));

        [Fact]
        public Task ReturningPersonalDataOrSecrets_Fires_EchoingTheRequest_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public record Profile([property: HandlesPii] string Email);

                public class ApiKeys
                {
                    [HandlesSecrets] public string Key { get; set; } = "";
                }

                public class Directory
                {
                    public Profile Find(int id) => new Profile("someone@example.com");
                    public ApiKeys Keys() => new ApiKeys();
                }

                public class ProfilesController(Directory directory) : ControllerBase
                {
                    [HttpGet]
                    public IActionResult {|#0:Get|}(int id) => Ok(directory.Find(id));

                    [HttpGet]
                    public Profile {|#1:Typed|}(int id) => directory.Find(id);

                    [HttpGet]
                    public ApiKeys {|#2:Keys|}() => directory.Keys();

                    [HttpPost]
                    public IActionResult Validate(Profile profile) => Ok(profile);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ProfilesController.Get", "Internet", "returns personal data"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ProfilesController.Typed", "Internet", "returns personal data"),
                Verify.Diagnostic().WithLocation(2).WithArguments("ProfilesController.Keys", "Internet", "returns secrets"));

        [Fact]
        public Task AnActionOfAGenericBaseController_ReturnsWhatEachControllersTypeArgumentCarries()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class Customer { [HandlesPii] public string Email { get; set; } = ""; }
                public class Product { public string Title { get; set; } = ""; }

                public abstract class ReadController<TEntity> : ControllerBase where TEntity : new()
                {
                    [HttpGet("{id}")]
                    public Task<TEntity> Get(int id) => Task.FromResult(new TEntity());
                }

                [ApiController, Route("products")]
                public class ProductsController : ReadController<Product> { }

                [ApiController, Route("customers")]
                public class {|#0:CustomersController|} : ReadController<Customer> { }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("CustomersController.Get", "Internet", "returns personal data"));

        [Fact]
        public Task IdentityPersonalData_IsPersonalData()
            => Verify.VerifyAnalyzerAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public class UsersController(UserManager<IdentityUser> users) : ControllerBase
                {
                    [HttpGet]
                    public Task<IdentityUser?> {|#0:Find|}(string id) => users.FindByIdAsync(id);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("UsersController.Find", "Internet", "returns personal data"));

        // ---- Through the call chain ----

        [Fact]
        public Task WriteThroughServiceAndInterface_NamesThePath()
            => VerifyWithLibrariesAsync("""
                using Microsoft.AspNetCore.Mvc;

                public interface IOrderRepository
                {
                    void Save(Product product);
                }

                public class OrderRepository(ShopDbContext db) : IOrderRepository
                {
                    public void Save(Product product)
                    {
                        db.Products.Add(product);
                        db.SaveChanges();
                    }
                }

                public class OrderService(IOrderRepository orders)
                {
                    public void Place(Product product) => Validate(product, () => orders.Save(product));

                    private static void Validate(Product product, System.Action then) => then();
                }

                public class OrdersController(OrderService service) : ControllerBase
                {
                    [HttpPost]
                    public void {|#0:Place|}(Product product) => service.Place(product);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Place", "Internet", "writes to 'ShopDbContext' via OrderService.Place → OrderRepository.Save"));

        [Fact]
        public Task RecursionAndDeepChains_DoNotLoop()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class Walker
                {
                    public int A(int n) => n <= 0 ? 0 : B(n - 1);
                    public int B(int n) => n <= 0 ? 0 : A(n - 1);
                }

                public class WalkController(Walker walker) : ControllerBase
                {
                    public int Walk(int n) => walker.A(n);
                }
                """);

        // ---- Minimal APIs, Razor Pages, trust boundaries ----

        [Fact]
        public Task MinimalApi_CriticalLambdaAndMethodGroup_Fire()
            => VerifyProgramWithLibrariesAsync("""
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                app.{|#0:MapPost|}("/products", (Product product, ShopDbContext db) => { db.Products.Add(product); db.SaveChanges(); });
                app.{|#1:MapDelete|}("/products/{id}", Handlers.Delete);
                app.MapGet("/products", (ShopDbContext db) => db.Products.ToList());
                app.MapPost("/admin/products", (Product product, ShopDbContext db) => db.Products.Add(product)).RequireAuthorization();
                app.MapPost("/public/products", (Product product, ShopDbContext db) => db.Products.Add(product)).AllowAnonymous();
                app.Run();

                static class Handlers
                {
                    public static void Delete(int id, ShopDbContext db) => db.Products.Where(p => p.Id == id).ExecuteDelete();
                }
                """.Replace("using Microsoft.AspNetCore.Builder;", "using System.Linq;\nusing Microsoft.AspNetCore.Builder;\nusing Microsoft.EntityFrameworkCore;"),
                Verify.Diagnostic().WithLocation(0).WithArguments("POST /products", "Internet", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("DELETE /products/{id}", "Internet", "writes to 'ShopDbContext'"));

        [Fact]
        public Task EndpointsMappedThroughAStaticAbstractInterfaceMember_InheritTheGroupOfTheirCallSite()
            => VerifyProgramWithLibrariesAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.CreateBuilder(args).Build();
                var posts = app.MapGroup("/posts");
                posts.Authorized().Endpoint<CreatePost>().Endpoint<ListPosts>().Endpoint<ListDrafts>().Endpoint<ListTags>().Endpoint<DeletePost>();
                posts.Public().Endpoint<ListPosts>().Endpoint<SuggestPost>();
                posts.Endpoint<ListDrafts>().Endpoint<ListTags>().Endpoint<ListPosts>().Endpoint<ImportPosts>();
                app.MapGroup("/drafts").Authorized().Endpoint<ArchivePost>();
                app.MapGroup("/drafts").Endpoint<ArchivePost>();
                app.Run();

                public interface IEndpoint
                {
                    static abstract void Map(IEndpointRouteBuilder app);
                }

                public static class EndpointGroups
                {
                    public static RouteGroupBuilder Public(this IEndpointRouteBuilder app) => app.MapGroup("").AllowAnonymous();

                    public static RouteGroupBuilder Authorized(this IEndpointRouteBuilder app, string? prefix = null)
                    {
                        return app.MapGroup(prefix ?? string.Empty).RequireAuthorization();
                    }

                    public static IEndpointRouteBuilder Endpoint<TEndpoint>(this IEndpointRouteBuilder app) where TEndpoint : IEndpoint
                    {
                        TEndpoint.Map(app);
                        return app;
                    }
                }

                public class CreatePost : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/", (Product product, ShopDbContext db) => db.Products.Add(product));
                }

                public class DeletePost : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapDelete("/{id}", (int id, ShopDbContext db) => db.Remove(db.Products.Find(id)!));
                }

                public class ListPosts : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/", (ShopDbContext db) => db.Products.ToList());
                }

                public class ListDrafts : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/drafts", (ShopDbContext db) => db.Products.ToList());
                }

                public class ListTags : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/tags", (ShopDbContext db) => db.Products.ToList());
                }

                public class SuggestPost : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.MapPost("/suggestions", (Product product, ShopDbContext db) => db.Products.Add(product));
                }

                public class ImportPosts : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.{|#0:MapPost|}("/import", (Product product, ShopDbContext db) => db.Products.Add(product));
                }

                public class ArchivePost : IEndpoint
                {
                    public static void Map(IEndpointRouteBuilder app) => app.{|#1:MapPut|}("/archive", (Product product, ShopDbContext db) => db.Update(product));
                }
                """.Replace("using Microsoft.AspNetCore.Builder;", "using System.Linq;\nusing Microsoft.AspNetCore.Builder;"),
                Verify.Diagnostic().WithLocation(0).WithArguments("POST /posts/import", "Internet", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("PUT /drafts/archive", "Internet", "writes to 'ShopDbContext'"));

        [Fact]
        public Task RazorPageHandler_AndTrustBoundary_Fire_WhenCritical()
            => Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Mvc.RazorPages;
                using ThreatAnalyzers;

                public class UploadModel : PageModel
                {
                    public void OnGet() { }
                    public void {|#0:OnPost|}(string text) => System.IO.File.AppendAllText("uploads.txt", text);
                }

                [TrustBoundary("Message queue")]
                public class OrdersConsumer
                {
                    public void {|#1:Handle|}(string message) => System.IO.File.WriteAllText("last.txt", message);
                    public void Ping() { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("UploadModel.OnPost", "Internet", "changes files (File.AppendAllText)"),
                Verify.Diagnostic().WithLocation(1).WithArguments("OrdersConsumer.Handle", "Message queue", "changes files (File.WriteAllText)"));

        // ---- Authenticated, public on purpose, reviewed ----

        [Theory]
        [InlineData("[Authorize]")]
        [InlineData("[AllowAnonymous]")]
        [InlineData("[ThreatAnalyzers.Authenticated]")]
        public Task CriticalEntryPoint_WithAnExplicitDecision_IsSilent(string attribute)
            => Verify.VerifyAnalyzerAsync($$"""
                using System.IO;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public class ToolsController : ControllerBase
                {
                    {{attribute}}
                    public void Save(string text) => System.IO.File.WriteAllText("notes.txt", text);
                }
                """);

        [Fact]
        public Task AcceptedRisk_IsReportedSuppressed()
            => Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                public class ToolsController : ControllerBase
                {
                    [AcceptsRisk("TA1001", "Scratch notes, wiped nightly", Owner = "Team Tools", Expires = "2027-01-01")]
                    public void {|#0:Save|}(string text) => System.IO.File.WriteAllText("notes.txt", text);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ToolsController.Save", "Internet", "changes files (File.WriteAllText)").WithIsSuppressed(true));

        // ---- The authentication mechanism itself ----

        [Fact]
        public Task IdentitySignIn_Registration_PasswordReset_AreNotReported()
            => VerifyWithLibrariesAsync("""
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                public class AccountController(SignInManager<IdentityUser> signIn, UserManager<IdentityUser> users, ShopDbContext db) : Controller
                {
                    [HttpPost]
                    public async Task<IActionResult> Login(string user, string password)
                        => (await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: true)).Succeeded ? Redirect("/") : View();

                    [HttpPost]
                    public async Task<IActionResult> Register(string email, string password)
                    {
                        var user = new IdentityUser { UserName = email, Email = email };
                        var result = await users.CreateAsync(user, password);
                        db.SaveChanges();
                        return result.Succeeded ? Ok() : BadRequest();
                    }

                    [HttpPost]
                    public async Task<IActionResult> ForgotPassword(string email)
                    {
                        if (await users.FindByEmailAsync(email) is { } user)
                        {
                            var token = await users.GeneratePasswordResetTokenAsync(user);
                        }

                        return Ok();
                    }

                    [HttpPost]
                    public async Task<IActionResult> Logout()
                    {
                        await signIn.SignOutAsync();
                        return Redirect("/");
                    }
                }
                """);

        [Fact]
        public Task CookieSignIn_AndTokenIssuance_AreNotReported()
            => VerifyProgramWithLibrariesAsync("""
                using System;
                using System.IdentityModel.Tokens.Jwt;
                using System.Security.Claims;
                using Microsoft.AspNetCore.Authentication;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.IdentityModel.JsonWebTokens;
                using Microsoft.IdentityModel.Tokens;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/login", async (HttpContext context, string user, ShopDbContext db) =>
                {
                    db.SaveChanges();
                    await context.SignInAsync(new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim(ClaimTypes.Name, user) }, "cookie")));
                });
                app.MapPost("/token", (string user) => new JwtSecurityTokenHandler().WriteToken(new JwtSecurityToken(claims: new[] { new Claim("sub", user) })));
                app.MapPost("/token2", (string user) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor { Subject = new ClaimsIdentity(new[] { new Claim("sub", user) }) }));
                app.MapPost("/signin", (string user) => Results.SignIn(new ClaimsPrincipal(new ClaimsIdentity(new[] { new Claim("sub", user) }, "cookie"))));
                app.Run();
                """);

        [Fact]
        public Task HandWrittenRegistrationLoginAndPasswordReset_AreNotReported_OtherAccountActionsAre()
            => VerifyWithLibrariesAsync("""
                using System;
                using Microsoft.AspNetCore.Mvc;

                // A registration, password reset and login written by hand: no Identity manager, no SignInAsync, no token handler.
                [Route("api/[controller]")]
                public class RegistrationsController(ShopDbContext db) : Controller
                {
                    [HttpPost]
                    public IActionResult Post(string email, string password) { db.Customers.Add(new Customer { Email = email }); db.SaveChanges(); return Ok(); }

                    [HttpDelete("{id}")]
                    public IActionResult {|#0:Delete|}(int id) { db.Remove(db.Customers.Find(id)!); db.SaveChanges(); return NoContent(); }
                }

                [Route("api/[controller]")]
                public class PasswordResetsController(ShopDbContext db) : Controller
                {
                    [HttpPost]
                    public IActionResult Post(string email) { db.SaveChanges(); return Ok(); }

                    [HttpPut]
                    public IActionResult Put(string key, string password) { db.SaveChanges(); return Ok(); }
                }

                public class LoginController(ShopDbContext db) : Controller
                {
                    [HttpPost]
                    public IActionResult Register(string email, string password) { db.Customers.Add(new Customer { Email = email }); db.SaveChanges(); return Redirect("/"); }
                }

                public class AccountController(ShopDbContext db) : Controller
                {
                    [HttpPost]
                    public IActionResult LoginAsync(string user, string password) { db.SaveChanges(); return Redirect("/"); }

                    [HttpPost]
                    public IActionResult ForgotPassword(string email) { db.SaveChanges(); return Ok(); }

                    [HttpPost]
                    public IActionResult {|#1:Delete|}(int id) { db.Remove(db.Customers.Find(id)!); db.SaveChanges(); return Ok(); }
                }

                // "Register" without a credential registers something else (a customer in a CRM): not the mechanism.
                public class CustomersController(ShopDbContext db) : Controller
                {
                    [HttpPost]
                    public IActionResult {|#3:Register|}(string email, string tier) { db.Customers.Add(new Customer { Email = email }); db.SaveChanges(); return Ok(); }
                }

                public class UsersController(ShopDbContext db) : Controller
                {
                    [HttpPut]
                    public IActionResult {|#2:Update|}(int id, string email) { db.Customers.Find(id)!.Email = email; db.SaveChanges(); return Ok(); }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("RegistrationsController.Delete", "Internet", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("AccountController.Delete", "Internet", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(3).WithArguments("CustomersController.Register", "Internet", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(2).WithArguments("UsersController.Update", "Internet", "writes to 'ShopDbContext'"));

        [Fact]
        public Task MinimalApiRoutesNamedForTheMechanism_AreNotReported()
            => VerifyProgramWithLibrariesAsync("""
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                var auth = app.MapGroup("/auth");
                auth.MapPost("/sign-up", (string email, ShopDbContext db) => db.Customers.Add(new Customer { Email = email }));
                auth.MapPost("/forgot-password", (string email, ShopDbContext db) => db.SaveChanges());
                auth.MapPost("/refresh-token", (string token, ShopDbContext db) => db.SaveChanges());
                app.MapPost("/tokens", (string user, ShopDbContext db) => db.SaveChanges());
                app.{|#0:MapDelete|}("/tokens/{id}", (int id, ShopDbContext db) => db.SaveChanges());
                auth.{|#1:MapPut|}("/users/{id}", (int id, string email, ShopDbContext db) => db.SaveChanges());
                app.MapPost("/session", Handlers.Login);
                app.Run();

                static class Handlers
                {
                    public static void Login(string user, string password, ShopDbContext db) => db.SaveChanges();
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("DELETE /tokens/{id}", "Internet", "writes to 'ShopDbContext'"),
                Verify.Diagnostic().WithLocation(1).WithArguments("PUT /auth/users/{id}", "Internet", "writes to 'ShopDbContext'"));

        // ---- What is not critical ----

        [Fact]
        public Task LoggingOnly_IsNotCritical()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class PingController(ILogger<PingController> logger) : ControllerBase
                {
                    public string Ping(string from)
                    {
                        logger.LogInformation("Ping from {From}", from);
                        return "pong";
                    }
                }
                """);

        /// <summary>`dotnet new webapi` (.NET 10), Program.cs verbatim but for OpenAPI: GET /weatherforecast is public by design.</summary>
        [Fact]
        public Task DotnetNewWebApi_Template_IsSilent()
            => Verify.VerifyProgramAsync("""
                var builder = WebApplication.CreateBuilder(args);

                // Add services to the container.
                // (The template's AddOpenApi()/MapOpenApi() come from the Microsoft.AspNetCore.OpenApi package, not referenced here.)

                var app = builder.Build();

                app.UseHttpsRedirection();

                var summaries = new[]
                {
                    "Freezing", "Bracing", "Chilly", "Cool", "Mild", "Warm", "Balmy", "Hot", "Sweltering", "Scorching"
                };

                app.MapGet("/weatherforecast", () =>
                {
                    var forecast =  Enumerable.Range(1, 5).Select(index =>
                        new WeatherForecast
                        (
                            DateOnly.FromDateTime(DateTime.Now.AddDays(index)),
                            Random.Shared.Next(-20, 55),
                            summaries[Random.Shared.Next(summaries.Length)]
                        ))
                        .ToArray();
                    return forecast;
                })
                .WithName("GetWeatherForecast");

                app.Run();

                record WeatherForecast(DateOnly Date, int TemperatureC, string? Summary)
                {
                    public int TemperatureF => 32 + (int)(TemperatureC / 0.5556);
                }
                """.Replace("var builder", TemplateUsings + "var builder"));

        /// <summary>`dotnet new webapi --use-controllers` (.NET 10): the WeatherForecastController.</summary>
        [Fact]
        public Task DotnetNewWebApiControllers_Template_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                namespace webapi.Controllers;

                [ApiController]
                [Route("[controller]")]
                public class WeatherForecastController : ControllerBase
                {
                    private static readonly string[] Summaries = new[]
                    {
                        "Freezing", "Bracing", "Chilly", "Cool", "Mild", "Warm", "Balmy", "Hot", "Sweltering", "Scorching"
                    };

                    private readonly ILogger<WeatherForecastController> _logger;

                    public WeatherForecastController(ILogger<WeatherForecastController> logger)
                    {
                        _logger = logger;
                    }

                    [HttpGet(Name = "GetWeatherForecast")]
                    public IEnumerable<WeatherForecast> Get()
                    {
                        return Enumerable.Range(1, 5).Select(index => new WeatherForecast
                        {
                            Date = DateOnly.FromDateTime(DateTime.Now.AddDays(index)),
                            TemperatureC = Random.Shared.Next(-20, 55),
                            Summary = Summaries[Random.Shared.Next(Summaries.Length)]
                        })
                        .ToArray();
                    }
                }

                public class WeatherForecast
                {
                    public DateOnly Date { get; set; }
                    public int TemperatureC { get; set; }
                    public int TemperatureF => 32 + (int)(TemperatureC / 0.5556);
                    public string? Summary { get; set; }
                }
                """);

        /// <summary>`dotnet new mvc` (.NET 10): HomeController's Index, Privacy and Error are public pages.</summary>
        [Fact]
        public Task DotnetNewMvc_Template_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Diagnostics;
                using Microsoft.AspNetCore.Mvc;

                namespace mvc.Models
                {
                    public class ErrorViewModel
                    {
                        public string? RequestId { get; set; }

                        public bool ShowRequestId => !string.IsNullOrEmpty(RequestId);
                    }
                }

                namespace mvc.Controllers
                {
                    using mvc.Models;

                    public class HomeController : Controller
                    {
                        public IActionResult Index()
                        {
                            return View();
                        }

                        public IActionResult Privacy()
                        {
                            return View();
                        }

                        [ResponseCache(Duration = 0, Location = ResponseCacheLocation.None, NoStore = true)]
                        public IActionResult Error()
                        {
                            return View(new ErrorViewModel { RequestId = Activity.Current?.Id ?? HttpContext.TraceIdentifier });
                        }
                    }
                }
                """);

        // ---- Global authorization filter ----

        [Theory]
        [InlineData("AddControllers")]
        [InlineData("AddControllersWithViews")]
        [InlineData("AddMvc")]
        public Task GlobalAuthorizeFilter_CountsAsAuthentication(string add)
            => Verify.VerifyAnalyzerAsync($$"""
                using System.IO;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.Authorization;
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Configure(WebApplicationBuilder builder)
                    {
                        var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build();
                        builder.Services.{{add}}(options => options.Filters.Add(new AuthorizeFilter(policy)));
                    }
                }

                public class ToolsController : ControllerBase
                {
                    public void Save(string text) => System.IO.File.WriteAllText("notes.txt", text);
                }
                """);

        [Fact]
        public Task GlobalFilterThatIsNotAuthorization_DoesNotCount()
            => Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Configure(WebApplicationBuilder builder)
                        => builder.Services.AddControllers(options => options.Filters.Add(new ResponseCacheAttribute { NoStore = true }));
                }

                public class ToolsController : ControllerBase
                {
                    public void {|#0:Save|}(string text) => System.IO.File.WriteAllText("notes.txt", text);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ToolsController.Save", "Internet", "changes files (File.WriteAllText)"));

        // ---- Controllers ASP.NET Core does not route to ----

        [Fact]
        public Task NestedControllerClass_IsNotAnEntryPoint()
            => Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Mvc;

                public static class Features
                {
                    public class ToolsController : ControllerBase
                    {
                        public void Save(string text) => System.IO.File.WriteAllText("notes.txt", text);
                    }
                }
                """);

        [Fact]
        public Task ActionsInheritedFromAbstractOrGenericBaseControllers_AreEntryPointsOfEachController()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                public abstract class NotesControllerBase : ControllerBase
                {
                    [HttpPost]
                    public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
                }

                public class CrudController<T> : ControllerBase
                {
                    [HttpDelete]
                    public void Delete(int id) => System.IO.File.Delete(id + ".json");

                    public string Get(int id) => "item";
                }

                public class {|#0:PublicNotesController|} : NotesControllerBase { }

                [Authorize]
                public class PrivateNotesController : NotesControllerBase { }

                public class {|#1:ProductsController|} : CrudController<string> { }

                public class DraftsController : NotesControllerBase
                {
                    public new void Save(string note) { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("PublicNotesController.Save", "Internet", "changes files (File.WriteAllText)"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ProductsController.Delete", "Internet", "changes files (File.Delete)"));

        private const string TemplateUsings = """
            using System;
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            """;
    }
}
