using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.InputWithoutValidationRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class InputWithoutValidationAnalyzerTests
    {
        private const string Store = """
            using System.ComponentModel.DataAnnotations;
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                public class Customer
                {
                    public int Id { get; set; }
                    public string Name { get; set; } = "";
                }

                public class PlainRequest
                {
                    public string Name { get; set; } = "";
                }

                public class AnnotatedRequest
                {
                    [Required, StringLength(80)]
                    public string Name { get; set; } = "";
                }

                public record PositionalRequest([property: Required] [StringLength(80)] string Name);

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }
            }
            """;

        private static Task Run(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source, Store) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        private static Task RunProgram(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source, Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(expected);

        private static DiagnosticResult At(int parameter, int sink, string origin, string display, string via = "")
            => Verify.Diagnostic("TA2001").WithLocation(parameter).WithLocation(sink).WithArguments("'" + origin + "'", "reaches", display, via);

        [Fact]
        public Task Mvc_WithoutApiControllerOrModelStateCheck_OrWithoutAnnotations_IsReportedOnTheParameter()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    public class CustomersController(ShopDb db) : Controller
                    {
                        [HttpPost]
                        public IActionResult Create(AnnotatedRequest {|#0:request|})
                        {
                            db.Customers.Add({|#1:new Customer { Name = request.Name }|});
                            db.SaveChanges();
                            return RedirectToAction("Index");
                        }
                    }

                    [ApiController]
                    [Route("api/customers")]
                    public class CustomersApiController(ShopDb db) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Create(PlainRequest {|#2:request|})
                        {
                            db.Add({|#3:new Customer { Name = request.Name }|});
                            db.SaveChanges();
                            return Ok();
                        }
                    }
                }
                """,
                At(0, 1, "request", "DbSet.Add"),
                At(2, 3, "request", "DbContext.Add"));

        [Fact]
        public Task Mvc_AnnotatedModel_WithApiController_OrModelStateIsValid_IsSilent()
            => Run(
                """
                using System.ComponentModel.DataAnnotations;
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    public class CustomersController(ShopDb db) : Controller
                    {
                        [HttpPost]
                        public IActionResult Create(AnnotatedRequest request)
                        {
                            if (!ModelState.IsValid)
                            {
                                return View(request);
                            }

                            db.Customers.Add(new Customer { Name = request.Name });
                            db.SaveChanges();
                            return RedirectToAction("Index");
                        }
                    }

                    [ApiController]
                    [Route("api/customers")]
                    public class CustomersApiController(ShopDb db) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Create(AnnotatedRequest request)
                        {
                            db.Add(new Customer { Name = request.Name });
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpPost("positional")]
                        public IActionResult CreatePositional(PositionalRequest request)
                        {
                            db.Add(new Customer { Name = request.Name });
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpPost("named")]
                        public IActionResult CreateNamed([Required, StringLength(80)] string name)
                        {
                            db.Add(new Customer { Name = name });
                            db.SaveChanges();
                            return Ok();
                        }
                    }
                }
                """);

        [Fact]
        public Task MinimalApi_WithoutAddValidation_OrWithValidationDisabled_IsReportedOnTheLambdaParameter()
            => RunProgram(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                var app = builder.Build();
                app.MapPost("/customers", (AnnotatedRequest {|#0:request|}, ShopDb db) =>
                {
                    db.Customers.Add({|#1:new Customer { Name = request.Name }|});
                    return db.SaveChanges();
                });
                app.Run();
                """,
                At(0, 1, "request", "DbSet.Add"));

        [Fact]
        public Task MinimalApi_AddValidationWithAnnotations_IsSilent_UnlessDisabled()
            => RunProgram(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddValidation();
                var app = builder.Build();
                app.MapPost("/customers", (AnnotatedRequest request, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = request.Name });
                    return db.SaveChanges();
                });
                app.MapPost("/imports", (AnnotatedRequest {|#0:request|}, ShopDb db) =>
                {
                    db.Customers.Add({|#1:new Customer { Name = request.Name }|});
                    return db.SaveChanges();
                }).DisableValidation();
                app.MapPost("/plain", (PlainRequest {|#2:request|}, ShopDb db) =>
                {
                    db.Customers.Add({|#3:new Customer { Name = request.Name }|});
                    return db.SaveChanges();
                });
                app.Run();
                """,
                At(0, 1, "request", "DbSet.Add"),
                At(2, 3, "request", "DbSet.Add"));

        [Fact]
        public Task FluentValidation_InvokedOnTheValue_OrAValidatingEndpointFilter_IsSilent()
            => RunProgram(
                """
                using System.Threading.Tasks;
                using FluentValidation;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Shop;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/customers", async (PlainRequest request, IValidator<PlainRequest> validator, ShopDb db) =>
                {
                    var result = await validator.ValidateAsync(request);
                    if (!result.IsValid)
                    {
                        return Results.ValidationProblem(result.ToDictionary());
                    }

                    db.Customers.Add(new Customer { Name = request.Name });
                    await db.SaveChangesAsync();
                    return Results.Ok();
                });
                app.MapPost("/thrown", async (PlainRequest request, IValidator<PlainRequest> validator, ShopDb db) =>
                {
                    await validator.ValidateAndThrowAsync(request);
                    db.Customers.Add(new Customer { Name = request.Name });
                    return await db.SaveChangesAsync();
                });
                app.MapPost("/discarded", async (PlainRequest {|#0:request|}, IValidator<PlainRequest> validator, ShopDb db) =>
                {
                    await validator.ValidateAsync(request);
                    db.Customers.Add({|#1:new Customer { Name = request.Name }|});
                    return await db.SaveChangesAsync();
                });
                app.MapPost("/filtered", (PlainRequest request, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = request.Name });
                    return db.SaveChanges();
                }).AddEndpointFilter<ValidationFilter<PlainRequest>>();
                var group = app.MapGroup("/admin").AddEndpointFilter<ValidationFilter<PlainRequest>>();
                group.MapPost("/customers", (PlainRequest request, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = request.Name });
                    return db.SaveChanges();
                });
                app.Run();

                public class PlainRequestValidator : AbstractValidator<PlainRequest>
                {
                    public PlainRequestValidator() => RuleFor(r => r.Name).NotEmpty().MaximumLength(80);
                }

                public class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
                {
                    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
                    {
                        var result = await validator.ValidateAsync(context.GetArgument<T>(0));
                        return result.IsValid ? await next(context) : Results.ValidationProblem(result.ToDictionary());
                    }
                }
                """,
                At(0, 1, "request", "DbSet.Add"));

        /// <summary>A handler named by its Map call reads the same chain as a lambda: a validating filter chained there counts.</summary>
        [Fact]
        public Task NamedHandler_WithAValidatingFilterChainedOnItsMapCall_IsSilent_WithoutOne_IsReported()
            => RunProgram(
                """
                using System.Threading.Tasks;
                using FluentValidation;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Shop;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/filtered", Customers.Create).AddEndpointFilter<ValidationFilter<PlainRequest>>();
                app.MapPost("/open", Customers.CreateOpen);
                app.Run();

                public static class Customers
                {
                    public static int Create(PlainRequest request, ShopDb db)
                    {
                        db.Customers.Add(new Customer { Name = request.Name });
                        return db.SaveChanges();
                    }

                    public static int CreateOpen(PlainRequest {|#0:request|}, ShopDb db)
                    {
                        db.Customers.Add({|#1:new Customer { Name = request.Name }|});
                        return db.SaveChanges();
                    }
                }

                public class ValidationFilter<T>(IValidator<T> validator) : IEndpointFilter
                {
                    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
                    {
                        var result = await validator.ValidateAsync(context.GetArgument<T>(0));
                        return result.IsValid ? await next(context) : Results.ValidationProblem(result.ToDictionary());
                    }
                }
                """,
                At(0, 1, "request", "DbSet.Add"));

        [Fact]
        public Task FluentValidation_RegisteredWithAutoValidation_IsSilent()
            => new Verify.Test(
                """
                using FluentValidation;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;
                using SharpGrip.FluentValidation.AutoValidation.Mvc.Extensions;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddControllers();
                builder.Services.AddValidatorsFromAssemblyContaining<PlainRequestValidator>();
                builder.Services.AddFluentValidationAutoValidation();
                builder.Build().Run();

                public class PlainRequestValidator : AbstractValidator<PlainRequest>
                {
                    public PlainRequestValidator() => RuleFor(r => r.Name).NotEmpty();
                }

                [ApiController]
                [Route("api/customers")]
                public class CustomersController(ShopDb db) : ControllerBase
                {
                    [HttpPost]
                    public IActionResult Create(PlainRequest request)
                    {
                        db.Add(new Customer { Name = request.Name });
                        return Ok(db.SaveChanges());
                    }
                }
                """,
                """
                // SharpGrip.FluentValidation.AutoValidation.Mvc is not referenced by the tests: its registration method, with its real full name.
                namespace SharpGrip.FluentValidation.AutoValidation.Mvc.Extensions
                {
                    public static class ServiceCollectionExtensions
                    {
                        public static Microsoft.Extensions.DependencyInjection.IServiceCollection AddFluentValidationAutoValidation(this Microsoft.Extensions.DependencyInjection.IServiceCollection services) => services;
                    }
                }
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync();

        [Fact]
        public Task ExternalEntities_AnnotatedStores_DapperAndS3_AreReported_ProcessesAndRequestAddressesAreNot()
            => Run(
                """
                using System.Data;
                using System.Diagnostics;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;
                using Dapper;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                namespace Shop
                {
                    [DataStore("Audit log")]
                    public interface IAuditStore
                    {
                        void Append(string entry);
                        string GetLast();
                    }

                    [ExternalEntity("Payment provider")]
                    public interface IPayments
                    {
                        void Charge(string card);
                    }

                    [ApiController]
                    [Route("api")]
                    public class OpsController(HttpClient http, IDbConnection connection, IAmazonS3 s3, IAuditStore audit, IPayments payments) : ControllerBase
                    {
                        [HttpPost("a")]
                        public async Task<IActionResult> A(string city, string tool, string {|#4:name|}, string {|#6:note|}, string {|#8:entry|}, string {|#10:card|})
                        {
                            var weather = await http.GetStringAsync("https://weather.example/api?city=" + city); // a request's address: TA4008's question
                            Process.Start(tool); // TA6002's question, not this rule's
                            await connection.ExecuteAsync("INSERT INTO Customers (Name) VALUES (@name)", {|#5:new { name }|});
                            await s3.PutObjectAsync({|#7:new PutObjectRequest { BucketName = "notes", Key = "n", ContentBody = note }|});
                            audit.Append({|#9:entry|});
                            payments.Charge({|#11:card|});
                            return Ok(weather + audit.GetLast());
                        }
                    }
                }
                """,
                At(4, 5, "name", "Dapper ExecuteAsync"),
                At(6, 7, "note", "IAmazonS3.PutObjectAsync"),
                At(8, 9, "entry", "IAuditStore.Append (data store 'Audit log')"),
                At(10, 11, "card", "IPayments.Charge (external entity 'Payment provider')"));

        /// <summary>
        /// Where an outbound request goes is TA4008's question (as a command line is TA6002's): one warning per address, not
        /// two, whether the caller picks the host (TA4008 reports it) or a constant prefix fixes it (TA4008 leaves it alone).
        /// What the request hands to an external entity is still this rule's, also on the same line as an address.
        /// </summary>
        [Fact]
        public Task RequestAddresses_AreLeftToTA4008_DataHandedToAnExternalEntityIsNot()
            => Run(
                """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                namespace Shop
                {
                    [ExternalEntity("Partner API")]
                    public class PartnerClient(HttpClient http)
                    {
                        public Task<string> LookupAsync(string reference) => http.GetStringAsync("https://partner.example.com/lookup");
                    }

                    public class WebhookSender(HttpClient http)
                    {
                        public Task<HttpResponseMessage> SendAsync(string callback) => http.PostAsync(callback, new StringContent("ping"));
                    }

                    public class LinksController(HttpClient http, PartnerClient partner, WebhookSender webhooks) : ControllerBase
                    {
                        [HttpGet("preview")]
                        public async Task<IActionResult> Preview(string url) => Ok(await http.GetStringAsync(url));

                        [HttpGet("page")]
                        public async Task<IActionResult> Page(string slug) => Ok(await http.GetAsync("https://docs.example.com/pages/" + slug));

                        [HttpPost("webhook")]
                        public async Task<IActionResult> Webhook(string callback) => Ok(await webhooks.SendAsync(callback));

                        [HttpGet("lookup")]
                        public async Task<IActionResult> Lookup(string {|#0:reference|}) => Ok(await http.DeleteAsync(reference) + await partner.LookupAsync({|#1:reference|}));
                    }
                }
                """,
                Verify.Diagnostic("TA2001").WithLocation(0).WithLocation(1).WithArguments("'reference'", "reaches", "PartnerClient.LookupAsync (external entity 'Partner API')", ""));

        [Fact]
        public Task ValidatesMethods_Conversions_RequestReads_AndSqlText()
            => Run(
                """
                using System;
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;
                using ThreatAnalyzers;

                namespace Shop
                {
                    public static class Check
                    {
                        [Validates]
                        public static void Name(string value)
                        {
                            if (value.Length > 80) throw new ArgumentException("too long");
                        }
                    }

                    [ApiController]
                    [Route("api/customers")]
                    public class CustomersController(ShopDb db) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Create(string name, string id)
                        {
                            Check.Name(name);
                            db.Add(new Customer { Id = int.Parse(id), Name = name });
                            db.Customers.FromSqlRaw("SELECT * FROM Customers WHERE Name = '" + id + "'").ToList();
                            db.Add({|#1:new Customer { Name = {|#0:Request.Form|}["name"].ToString() }|});
                            return Ok(db.SaveChanges());
                        }
                    }
                }
                """,
                At(0, 1, "Request.Form", "DbContext.Add"));

        [Fact]
        public Task ThroughAHelper_IsReportedOnceOnTheParameter_WithThePath()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("api/customers")]
                    public class CustomersController(ShopDb db) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Create(PlainRequest {|#0:request|})
                        {
                            Save({|#1:request.Name|});
                            Save(request.Name.Trim());
                            return Ok();
                        }

                        private void Save(string name) => db.Add({|#2:new Customer { Name = name }|});
                    }
                }
                """,
                Verify.Diagnostic("TA2001").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("'request'", "reaches", "DbContext.Add", " via CustomersController.Save"));

        [Fact]
        public Task MinimalApi_ParametersOfRegisteredServiceTypes_OrFromServices_AreNotRequestData()
            => RunProgram(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.DependencyInjection.Extensions;
                using Shop;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddScoped<CurrentCaller>();
                builder.Services.AddTenancy();
                var app = builder.Build();
                app.MapPost("/scoped", (CurrentCaller caller, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = caller.Name });
                    return db.SaveChanges();
                });
                app.MapPost("/typeof", (Tenant tenant, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = tenant.Name });
                    return db.SaveChanges();
                });
                app.MapPost("/service-and-implementation", (Region region, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = region.Name });
                    return db.SaveChanges();
                });
                app.MapPost("/from-services", ([FromServices] Clock clock, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = clock.Name });
                    return db.SaveChanges();
                });
                app.MapPost("/posted", (Clock {|#0:clock|}, ShopDb db) =>
                {
                    db.Customers.Add({|#1:new Customer { Name = clock.Name }|});
                    return db.SaveChanges();
                });
                app.Run();

                public class CurrentCaller
                {
                    public string Name { get; set; } = "";
                }

                public class Tenant
                {
                    public string Name { get; set; } = "";
                }

                public class Region
                {
                    public string Name { get; set; } = "";
                }

                public sealed class DefaultRegion : Region
                {
                }

                public class Clock
                {
                    public string Name { get; set; } = "";
                }

                public static class TenancyRegistration
                {
                    public static IServiceCollection AddTenancy(this IServiceCollection services)
                    {
                        services.TryAddSingleton(typeof(Tenant));
                        return services.AddTransient<Region, DefaultRegion>();
                    }
                }
                """,
                At(0, 1, "clock", "DbSet.Add"));

        [Fact]
        public Task SeveralParameters_ToOneSink_AreOneFinding_OnTheFirst_NamingAll_AndFromServicesIsNotInput()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    public class Account
                    {
                        public int Id { get; set; }
                        public string UserName { get; set; } = "";
                        public string Secret { get; set; } = "";
                    }

                    public class AccountsController(ShopDb db) : Controller
                    {
                        [HttpPost]
                        public IActionResult Register(string {|#0:userName|}, string {|#2:secret|}, string {|#3:name|}, [FromServices] Account template)
                        {
                            db.Add({|#1:new Account { UserName = userName, Secret = secret }|});
                            db.Add(new Account { UserName = template.UserName });
                            db.Customers.Add({|#4:new Customer { Name = name }|});
                            db.SaveChanges();
                            return RedirectToAction("Index");
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2001").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("'userName', 'secret'", "reach", "DbContext.Add", ""),
                At(3, 4, "name", "DbSet.Add"));

        [Fact]
        public Task MinimalApi_GroupConventionThatAddsAValidatingFilter_IsSilent_AFilterThatDoesNotValidate_IsReported()
            => new Verify.Test(
                """
                using System;
                using System.Linq;
                using System.Reflection;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using MiniValidation;
                using Shop;

                var app = WebApplication.CreateBuilder(args).Build();
                var checkedGroup = app.MapGroup("/checked");
                checkedGroup.WithArgumentValidation(typeof(AnnotatedRequest));
                checkedGroup.MapPost("/customers", (AnnotatedRequest request, ShopDb db) =>
                {
                    db.Customers.Add(new Customer { Name = request.Name });
                    return db.SaveChanges();
                });
                var auditedGroup = app.MapGroup("/audited");
                auditedGroup.WithAuditing();
                auditedGroup.MapPost("/customers", (AnnotatedRequest {|#0:request|}, ShopDb db) =>
                {
                    db.Customers.Add({|#1:new Customer { Name = request.Name }|});
                    return db.SaveChanges();
                });
                app.Run();

                public static class EndpointConventions
                {
                    public static TBuilder WithArgumentValidation<TBuilder>(this TBuilder builder, params Type[] types)
                        where TBuilder : IEndpointConventionBuilder
                    {
                        builder.Add(endpoint =>
                        {
                            if (endpoint.Metadata.OfType<MethodInfo>().FirstOrDefault() is not { } handler)
                            {
                                return;
                            }

                            var positions = handler.GetParameters().Where(p => types.Contains(p.ParameterType)).Select(p => p.Position).ToArray();
                            endpoint.FilterFactories.Add((context, next) => invocation =>
                            {
                                foreach (var position in positions)
                                {
                                    if (invocation.Arguments[position] is { } argument && !MiniValidator.TryValidate(argument, out var errors))
                                    {
                                        return new ValueTask<object?>(Results.ValidationProblem(errors));
                                    }
                                }

                                return next(invocation);
                            });
                        });
                        return builder;
                    }

                    public static TBuilder WithAuditing<TBuilder>(this TBuilder builder)
                        where TBuilder : IEndpointConventionBuilder
                    {
                        builder.Add(endpoint => endpoint.FilterFactories.Add((context, next) => invocation => next(invocation)));
                        return builder;
                    }
                }
                """,
                """
                // MiniValidation is not referenced by the tests: its validator's entry point, with its real full name and signature.
                namespace MiniValidation
                {
                    public static class MiniValidator
                    {
                        public static bool TryValidate<TTarget>(TTarget target, out System.Collections.Generic.IDictionary<string, string[]> errors)
                        {
                            errors = new System.Collections.Generic.Dictionary<string, string[]>();
                            return true;
                        }
                    }
                }
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(At(0, 1, "request", "DbSet.Add"));
    }
}
