using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// A layered solution built with <c>dotnet build</c> through the packed package: Shop.Infrastructure (an EF Core
    /// DbContext with a customer's e-mail, a repository, a typed HttpClient for a fraud service, a logging helper),
    /// Shop.Application (a service using the repository and the client), Shop.Api (minimal-API endpoints using both) and
    /// Shop.Functions (a Lambda function using the infrastructure's repository). The API's model shows the
    /// infrastructure's database, the fraud service and the logs, with the flows from each endpoint through the application
    /// layer; a customer's e-mail logged through the infrastructure's helper is TA4001 in the API, with the helper on the
    /// path, and an edit in the infrastructure that stops logging it removes the warning on the API's next build; the
    /// Lambda function's model gives the shared database the same ID.
    /// </summary>
    public sealed class LayeredSolutionEndToEndTests : IClassFixture<PackageEndToEndTests.PackedConsumer>, IDisposable
    {
        private const string AuditLogThatLogs = """
            using Microsoft.Extensions.Logging;

            namespace Shop.Infrastructure;

            public static class AuditLog
            {
                public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", subject);
            }
            """;

        private const string AuditLogThatDoesNot = """
            using Microsoft.Extensions.Logging;

            namespace Shop.Infrastructure;

            public static class AuditLog
            {
                public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit of {Length} characters", subject.Length);
            }
            """;

        private readonly PackageEndToEndTests.PackedConsumer consumer;

        // Outside the consumer's folder, whose nuget.config clears every source but the feed: this solution restores
        // EF Core from the machine's configured source, and the package from the feed.
        private readonly string solution = Path.Combine(Path.GetTempPath(), "threatanalyzers-layered-" + Guid.NewGuid().ToString("N"));

        public LayeredSolutionEndToEndTests(PackageEndToEndTests.PackedConsumer consumer)
        {
            this.consumer = consumer;
        }

        public void Dispose()
        {
            try
            {
                Directory.Delete(solution, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        [Fact]
        public async Task TheApisModelAndWarningsFollowTheCodeIntoTheApplicationAndInfrastructureProjects()
        {
            Directory.CreateDirectory(solution);
            File.WriteAllText(Path.Combine(solution, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <add key="threatanalyzers-feed" value="{consumer.Feed}" />
                  </packageSources>
                </configuration>
                """);
            var infrastructure = Project("Shop.Infrastructure", $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>disable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <FrameworkReference Include="Microsoft.AspNetCore.App" />
                    <PackageReference Include="Microsoft.EntityFrameworkCore.Sqlite" Version="10.0.15" />
                    <PackageReference Include="ThreatAnalyzers" Version="{{consumer.Version}}" />
                  </ItemGroup>
                </Project>
                """,
                ("Customer.cs", """
                using ThreatAnalyzers;

                namespace Shop.Infrastructure;

                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }
                """),
                ("ShopContext.cs", """
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;

                namespace Shop.Infrastructure;

                public class ShopContext(DbContextOptions<ShopContext> options) : DbContext(options)
                {
                    public DbSet<Customer> Customers => Set<Customer>();
                }

                public interface ICustomerRepository
                {
                    void Add(Customer customer);
                }

                public class CustomerRepository(ShopContext db, ILogger<CustomerRepository> logger) : ICustomerRepository
                {
                    public void Add(Customer customer)
                    {
                        db.Customers.Add(customer);
                        db.SaveChanges();
                        logger.LogInformation("Customer {Id} added", customer.Id);
                    }
                }
                """),
                ("FraudClient.cs", """
                using System.Net.Http;
                using System.Threading.Tasks;

                namespace Shop.Infrastructure;

                public class FraudClient(HttpClient http)
                {
                    public async Task<bool> IsSuspiciousAsync(int customerId)
                        => (await http.GetStringAsync("https://fraud.example.com/check/" + customerId)) == "yes";
                }
                """),
                ("AuditLog.cs", AuditLogThatLogs));
            var application = Project("Shop.Application", $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>disable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <ProjectReference Include="../Shop.Infrastructure/Shop.Infrastructure.csproj" />
                  </ItemGroup>
                </Project>
                """,
                ("CustomerService.cs", """
                using System.Threading.Tasks;
                using Shop.Infrastructure;

                namespace Shop.Application;

                public class CustomerService(ICustomerRepository customers, FraudClient fraud)
                {
                    public async Task<bool> RegisterAsync(Customer customer)
                    {
                        if (await fraud.IsSuspiciousAsync(customer.Id))
                        {
                            return false;
                        }

                        customers.Add(customer);
                        return true;
                    }
                }
                """));
            var api = Project("Shop.Api", $$"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>disable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ThreatAnalyzers" Version="{{consumer.Version}}" />
                    <ProjectReference Include="../Shop.Application/Shop.Application.csproj" />
                    <ProjectReference Include="../Shop.Infrastructure/Shop.Infrastructure.csproj" />
                  </ItemGroup>
                </Project>
                """,
                ("Program.cs", """
                using Microsoft.EntityFrameworkCore;
                using Shop.Application;
                using Shop.Infrastructure;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddDbContext<ShopContext>(o => o.UseSqlite("Data Source=shop.db"));
                builder.Services.AddScoped<ICustomerRepository, CustomerRepository>();
                builder.Services.AddHttpClient<FraudClient>();
                builder.Services.AddScoped<CustomerService>();
                var app = builder.Build();
                app.MapPost("/customers", async (Customer c, CustomerService service, ILogger<Program> logger) =>
                {
                    AuditLog.Write(logger, c.Email);
                    return await service.RegisterAsync(c);
                }).RequireAuthorization();
                app.Run();
                """));
            var functions = Project("Shop.Functions", $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>disable</Nullable>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ThreatAnalyzers" Version="{{consumer.Version}}" />
                    <ProjectReference Include="../Shop.Infrastructure/Shop.Infrastructure.csproj" />
                  </ItemGroup>
                </Project>
                """,
                // Amazon.Lambda.* packages are not served here: the event types the conventions read, with their exact full names.
                ("LambdaEvents.cs", Verifiers.TestSources.AwsLambdaTypes),
                ("CustomerFunction.cs", """
                using System.Text.Json;
                using Amazon.Lambda.APIGatewayEvents;
                using Shop.Infrastructure;

                namespace Shop.Functions;

                public class CustomerFunction(ICustomerRepository customers)
                {
                    public APIGatewayProxyResponse Handle(APIGatewayProxyRequest request)
                    {
                        customers.Add(JsonSerializer.Deserialize<Customer>(request.Body));
                        return new APIGatewayProxyResponse { StatusCode = 202 };
                    }
                }
                """));

            var first = await consumer.RunIn(api, "build", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.True(first.Output.Contains("Program.cs(13,28): warning TA4001: 'c.Email' (PII) reaches ILogger.LogInformation via AuditLog.Write", StringComparison.Ordinal), first.Output);

            // The API's diagram: the infrastructure's database with the customer's data class, the fraud service and the logs;
            // the endpoint's flows go through the application layer's service.
            using (var model = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(api, "bin", "Debug", "net10.0", "threat-model", "threat-model.json"))))
            {
                var elements = model.RootElement.GetProperty("elements").EnumerateArray().ToList();
                var database = elements.Single(e => e.GetProperty("id").GetString() == "T:Shop.Infrastructure.ShopContext");
                Assert.Equal("dataStore", database.GetProperty("kind").GetString());
                Assert.Contains("pii", database.GetProperty("dataClasses").EnumerateArray().Select(c => c.GetString()));
                var fraud = elements.Single(e => e.GetProperty("kind").GetString() == "externalEntity" && e.GetProperty("id").GetString()!.Contains("FraudClient", StringComparison.Ordinal));
                var logs = elements.Single(e => e.GetProperty("id").GetString() == "store:logs");
                var endpoint = elements.Single(e => e.GetProperty("kind").GetString() == "process" && e.GetProperty("name").GetString() == "POST /customers");

                var flows = model.RootElement.GetProperty("flows").EnumerateArray().ToList();
                JsonElement FlowTo(JsonElement target) => flows.Single(f => f.GetProperty("from").GetString() == endpoint.GetProperty("id").GetString() && f.GetProperty("to").GetString() == target.GetProperty("id").GetString());
                var toDatabase = FlowTo(database);
                Assert.Contains("pii", toDatabase.GetProperty("dataClasses").EnumerateArray().Select(c => c.GetString()));
                Assert.Contains(toDatabase.GetProperty("via").EnumerateArray(), v => v.GetString()!.StartsWith("M:Shop.Application.CustomerService.RegisterAsync", StringComparison.Ordinal));
                Assert.Contains(FlowTo(fraud).GetProperty("via").EnumerateArray(), v => v.GetString()!.StartsWith("M:Shop.Application.CustomerService.RegisterAsync", StringComparison.Ordinal));
                FlowTo(logs);
            }

            // The Lambda function beside the API draws the same database under the same ID (the CLI's merge joins them).
            var lambda = await consumer.RunIn(functions, "build", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(lambda.ExitCode == 0, lambda.Output);
            using (var model = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(functions, "bin", "Debug", "net10.0", "threat-model", "threat-model.json"))))
            {
                Assert.Contains(model.RootElement.GetProperty("flows").EnumerateArray(), f => f.GetProperty("to").GetString() == "T:Shop.Infrastructure.ShopContext");
            }

            // The infrastructure's flow record: next to its assembly, naming methods and sinks, never a path or a line of source.
            var record = File.ReadAllText(Path.Combine(infrastructure, "bin", "Debug", "net10.0", "Shop.Infrastructure.threat-flows.txt"));
            Assert.Contains("M:Shop.Infrastructure.AuditLog.Write(Microsoft.Extensions.Logging.ILogger,System.String)", record, StringComparison.Ordinal);
            Assert.DoesNotContain(solution, record, StringComparison.Ordinal);
            Assert.DoesNotContain("/", record.Replace("M:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("\"Audit", record, StringComparison.Ordinal);

            // The infrastructure stops logging the value: the API compiles again (the record is an input) and the warning is gone.
            var apiLog = Path.Combine(api, "obj", "Debug", "net10.0", "threat-analyzers.sarif");
            var before = File.GetLastWriteTimeUtc(apiLog);
            File.WriteAllText(Path.Combine(infrastructure, "AuditLog.cs"), AuditLogThatDoesNot);
            var second = await consumer.RunIn(api, "build", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.True(File.GetLastWriteTimeUtc(apiLog) > before, "the API compiled again after the infrastructure's record changed\n" + second.Output);
            Assert.DoesNotContain("TA4001", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"ruleId\": \"TA4001\"", File.ReadAllText(apiLog), StringComparison.Ordinal);
            Assert.Contains("\"ruleId\": \"TA0000\"", File.ReadAllText(apiLog), StringComparison.Ordinal);
        }

        private string Project(string name, string project, params (string Name, string Text)[] files)
        {
            var path = Path.Combine(solution, name);
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, name + ".csproj"), project);
            foreach (var (file, text) in files)
            {
                File.WriteAllText(Path.Combine(path, file), text);
            }

            return path;
        }
    }
}
