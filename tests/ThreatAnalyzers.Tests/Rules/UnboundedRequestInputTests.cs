using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.UnboundedRequestInputRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class UnboundedRequestInputTests
    {
        private const string Order = """
            using System.Collections.Generic;
            using System.ComponentModel.DataAnnotations;

            public class OrderDto
            {
                [StringLength(100)] public string Customer { get; set; } = "";
                public string {|#1:Notes|} { get; set; } = "";
                public List<OrderItem> {|#2:Items|} { get; set; } = new();
                public int Quantity { get; set; }
                public string Computed => Customer;
            }

            public class OrderItem
            {
                [MaxLength(40)] public string Sku { get; set; } = "";
                public string {|#3:Comment|} { get; set; } = "";
                public Deeper Next { get; set; } = new();
            }

            public class Deeper
            {
                public string NotFollowed { get; set; } = "";
            }
            """;

        // ---- vulnerable ----

        [Fact]
        public Task ApiControllerBodyModel_NamesEachUnboundedMember_TwoModelsDeep()
            => new Verify.Test(Order, """
                using Microsoft.AspNetCore.Mvc;

                [ApiController, Route("orders")]
                public class OrdersController : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Create(OrderDto {|#0:dto|}) => Ok();

                    [HttpGet]
                    public IActionResult List(string filter, int page) => Ok();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithLocation(3)
                        .WithArguments("OrdersController.Create", "'dto.Notes' (string), 'dto.Items' (List<OrderItem>), 'dto.Items[].Comment' (string)"));

        [Fact]
        public Task ExplicitBodyStringsFormFilesAndStreams_Fire()
            => new Verify.Test("""
                using System.Collections.Generic;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;

                public class ImportController : Controller
                {
                    [HttpPost]
                    public IActionResult Text([FromBody] string {|#0:text|}) => Ok();

                    [HttpPost]
                    public IActionResult Upload(IFormFile {|#1:file|}, IFormFileCollection {|#2:more|}) => Ok();

                    [HttpPost]
                    public IActionResult Bytes([FromBody] byte[] {|#3:data|}, [FromQuery] string tag) => Ok();

                    [HttpPost]
                    public IActionResult Field([FromForm] string {|#4:comment|}) => Ok();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("ImportController.Text", "'text' (string)"),
                    Verify.Diagnostic().WithLocation(1).WithLocation(2).WithArguments("ImportController.Upload", "'file' (IFormFile), 'more' (IFormFileCollection)"),
                    Verify.Diagnostic().WithLocation(3).WithArguments("ImportController.Bytes", "'data' (byte[])"),
                    Verify.Diagnostic().WithLocation(4).WithArguments("ImportController.Field", "'comment' (string)"));

        [Fact]
        public Task MinimalApiBodies_Fire_OnPostPutPatch()
            => Verify.VerifyProgramAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create(args);
                app.MapPost("/notes", (Note {|#0:note|}) => Results.Ok());
                app.MapPut("/raw", (Stream {|#2:body|}) => Results.Ok());
                app.MapGet("/notes/{id}", (int id, string q) => Results.Ok());
                app.Run();

                public record Note(string {|#1:Text|}, int Priority);
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("POST /notes", "'note.Text' (string)"),
                Verify.Diagnostic().WithLocation(2).WithArguments("PUT /raw", "'body' (Stream)"));

        [Fact]
        public Task ViewControllerAndRazorPage_FormModels_Fire_OnPostOnly()
            => new Verify.Test("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.RazorPages;

                public class Contact
                {
                    public string {|#1:Message|} { get; set; } = "";
                }

                public class ContactController : Controller
                {
                    [HttpPost]
                    public IActionResult Send(Contact {|#0:contact|}) => View();

                    [HttpGet]
                    public IActionResult Search(Contact filter) => View();
                }

                public class ContactPage : PageModel
                {
                    public void OnGet(Contact filter) { }

                    public void OnPost(Contact {|#2:contact|}) { }
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("ContactController.Send", "'contact.Message' (string)"),
                    Verify.Diagnostic().WithLocation(2).WithLocation(1).WithArguments("ContactPage.OnPost", "'contact.Message' (string)"));

        /// <summary>
        /// MVC's [Bind("…")] list is what the binder fills: the unlisted members, and the navigation to a user entity with
        /// its password hash and roles, are not request input (a real app's scaffolded Create/Edit actions).
        /// </summary>
        [Fact]
        public Task BindList_OnlyTheListedMembersAreInput()
            => new Verify.Test("""
                using System.Collections.Generic;
                using Microsoft.AspNetCore.Mvc;

                public class Account
                {
                    public string PasswordHash { get; set; } = "";
                    public List<string> Roles { get; set; } = new();
                }

                public class Booking
                {
                    public string {|#1:Day|} { get; set; } = "";
                    public string Internal { get; set; } = "";
                    public Account Owner { get; set; } = new();
                }

                public class BookingsController : Controller
                {
                    [HttpPost]
                    public IActionResult Create([Bind("Day,Date")] Booking {|#0:input|}) => View();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("BookingsController.Create", "'input.Day' (string)"));

        [Fact]
        public Task DisableRequestSizeLimit_IsReported_EvenWithLimitedValues()
            => new Verify.Test("""
                using System.ComponentModel.DataAnnotations;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;

                public record Meta([StringLength(10)] string Title);

                [ApiController]
                public class BigController : ControllerBase
                {
                    [HttpPost, {|#1:DisableRequestSizeLimit|}]
                    public IActionResult {|#0:Upload|}(IFormFile file, [FromForm] Meta meta) => Ok();

                    [HttpGet, DisableRequestSizeLimit]
                    public IActionResult Read(int id) => Ok();
                }
                """).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1)
                        .WithArguments("BigController.Upload", "DisableRequestSizeLimit lifts the body size limit for 'file' (IFormFile), 'meta' (Meta)"));

        // ---- silent ----

        [Fact]
        public Task LimitedValues_AreSilent()
            => new Verify.Test("""
                using System.Collections.Generic;
                using System.ComponentModel.DataAnnotations;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using System.Text.Json.Serialization;

                public class MaxFileSizeAttribute : ValidationAttribute
                {
                    public MaxFileSizeAttribute(long bytes) { }
                }

                public record Profile([StringLength(50)] string Name, [property: MaxLength(5)] List<string> Tags, [Length(1, 10)] string[] Codes, [AllowedValues("a", "b")] string Kind);

                public class Account
                {
                    [MaxLength(200)] public string Bio { get; set; } = "";
                    [JsonIgnore] public string Ignored { get; set; } = "";
                    public string ReadOnly { get; } = "";
                    public int Age { get; set; }
                }

                [ApiController]
                public class ProfilesController : ControllerBase
                {
                    [HttpPost("p")]
                    public IActionResult Save(Profile profile, [FromQuery] string search) => Ok();

                    [HttpPost("a")]
                    public IActionResult Account(Account account, [FromHeader] string trace) => Ok();

                    [HttpPost("f")]
                    public IActionResult Avatar([MaxFileSize(1_000_000)] IFormFile avatar) => Ok();

                    [HttpPost("g")]
                    public IActionResult Photo(IFormFile photo)
                    {
                        if (photo.Length > 2_000_000) return BadRequest();
                        return Ok();
                    }

                    [HttpPost("s"), RequestSizeLimit(10_000)]
                    public IActionResult Small([FromBody] string text) => Ok();

                    [HttpPost("t"), RequestFormLimits(MultipartBodyLengthLimit = 1_000_000)]
                    public IActionResult Form(IFormFile file) => Ok();

                    [HttpGet("{id}")]
                    public IActionResult Get(string id, string q) => Ok();
                }

                [RequestSizeLimit(1_000)]
                public class LimitedController : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Any([FromBody] string text) => Ok();
                }
                """).RunWithAsync();

        [Fact]
        public Task MinimalApi_QueryRouteServicesAndLimitedEndpoints_AreSilent()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddScoped<Store>();
                var app = builder.Build();
                app.MapGet("/search", (string q, string[] tags) => Results.Ok());
                app.MapPost("/items/{name}", (string name, [FromQuery] string filter, Store store, HttpContext http) => Results.Ok());
                app.MapPost("/notes", (Note note) => Results.Ok()).WithMetadata(new RequestSizeLimitAttribute(4096));
                app.MapPost("/limited", [RequestSizeLimit(4096)] (Note note) => Results.Ok());
                app.Run();

                public record Note(string Text);
                public class Store { public string Name { get; set; } = ""; }
                """);

        [Fact]
        public Task GroupConventions_LimitOrLiftTheBodiesOfTheirEndpoints()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Routing;

                var app = WebApplication.Create(args);
                var api = app.MapGroup("/api");
                api.WithMetadata(new RequestSizeLimitAttribute(4096));
                api.MapPost("/notes", (Note note) => Results.Ok());
                app.MapGroup("/v2").WithMetadata(new RequestSizeLimitAttribute(4096)).MapNotes();
                app.MapGroup("/bulk").WithMetadata({|#1:new DisableRequestSizeLimitAttribute()|}).{|#0:MapPost|}("/notes", (Note note) => Results.Ok());
                app.Run();

                static class NoteEndpoints
                {
                    public static RouteGroupBuilder MapNotes(this RouteGroupBuilder group)
                    {
                        group.MapPut("/notes", (Note note) => Results.Ok());
                        return group;
                    }
                }

                public record Note(string Text);
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("POST /bulk/notes", "DisableRequestSizeLimit lifts the body size limit for 'note' (Note)"));

        [Fact]
        public Task MinimalApi_TypedClientsDbContextsAndDataStores_AreServices_NotBodies()
            => new Verify.Test("""
                using System.Net.Http;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;
                using ThreatAnalyzers;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddHttpClient<BureauClient>();
                builder.Services.AddDbContext<ShopDb>(o => o.UseSqlite("Data Source=shop.db"));
                var app = builder.Build();
                app.MapPost("/check", (Applicant {|#0:applicant|}, BureauClient bureau, ShopDb db, Archive archive, OrderService orders) => Results.Ok());
                app.Run();

                public record Applicant(string {|#1:Name|});
                public class BureauClient(HttpClient http) { public string BaseAddress { get; set; } = ""; }
                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options) { public DbSet<Applicant> Applicants => Set<Applicant>(); public string Label { get; set; } = ""; }
                [DataStore("Archive")] public class Archive { public string Bucket { get; set; } = ""; }
                public interface IRepository { }
                public class OrderService(IRepository repository) { public string Region { get; set; } = ""; }
                """) { References = Verifiers.TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("POST /check", "'applicant.Name' (string)"));

        [Fact]
        public Task ServerBodyLimitSetInTheCompilation_SilencesBodies()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Hosting;
                using Microsoft.AspNetCore.Http;

                var builder = WebApplication.CreateBuilder(args);
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 1_000_000);
                var app = builder.Build();
                app.MapPost("/notes", (Note note) => Results.Ok());
                app.Run();

                public record Note(string Text);
                """);

        [Fact]
        public Task FormOptionsLimits_SilenceForms_NotJsonBodies()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Http.Features;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.Configure<FormOptions>(o => o.MultipartBodyLengthLimit = 5_000_000);
                var app = builder.Build();
                app.MapPost("/upload", (IFormFile file) => Results.Ok()).DisableAntiforgery();
                app.MapPost("/notes", (Note {|#0:note|}) => Results.Ok());
                app.Run();

                public record Note(string {|#1:Text|});
                """,
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("POST /notes", "'note.Text' (string)"));

        [Fact]
        public Task FluentValidationLengthRules_CountAsLimits()
            => new Verify.Test("""
                using FluentValidation;
                using Microsoft.AspNetCore.Mvc;

                public class Comment
                {
                    public string Body { get; set; } = "";
                    public string Author { get; set; } = "";
                    public string {|#1:Signature|} { get; set; } = "";
                }

                public class CommentValidator : AbstractValidator<Comment>
                {
                    public CommentValidator()
                    {
                        RuleFor(c => c.Body).NotEmpty().MaximumLength(2000);
                        RuleFor(c => c.Author).Length(1, 50);
                    }
                }

                [ApiController]
                public class CommentsController : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Post(Comment {|#0:comment|}) => Ok();
                }
                """) { References = Verifiers.TestReferences.WebWithLibraries }.RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("CommentsController.Post", "'comment.Signature' (string)"));
    }
}
