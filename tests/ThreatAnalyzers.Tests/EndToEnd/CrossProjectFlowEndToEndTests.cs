using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// A two-project solution built through the packed package: Shop.Data (an EF Core DbContext, a repository and a
    /// logging helper) and Shop.Api, which references it. The library's build writes its flow record next to its
    /// assembly; the API's build gets it as an AdditionalFile and reports TA4001 where it hands a customer's e-mail to the
    /// library's helper and TA4003 where it hands the customer to the library's repository; an edit in the library that removes the log call removes the warning on the API's next build.
    /// </summary>
    public sealed class CrossProjectFlowEndToEndTests : IClassFixture<PackageEndToEndTests.PackedConsumer>
    {
        private const string AuditLogThatLogs = """
            using Microsoft.Extensions.Logging;

            namespace Shop.Data;

            public static class AuditLog
            {
                public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", subject);
            }
            """;

        private const string AuditLogThatDoesNot = """
            using Microsoft.Extensions.Logging;

            namespace Shop.Data;

            public static class AuditLog
            {
                public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit of {Length} characters", subject.Length);
            }
            """;

        private readonly PackageEndToEndTests.PackedConsumer consumer;

        public CrossProjectFlowEndToEndTests(PackageEndToEndTests.PackedConsumer consumer)
        {
            this.consumer = consumer;
        }

        [Fact]
        public async Task PiiLoggedThroughTheLibrarysHelper_IsReportedInTheApi_AndGoesAwayWhenTheLibraryStopsLoggingIt()
        {
            var solution = Path.Combine(consumer.Root, "layered");
            Directory.CreateDirectory(solution);

            // The solution's own sources: the package feed, and the public source for EF Core.
            File.WriteAllText(Path.Combine(solution, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{consumer.Feed}" />
                    <add key="nuget.org" value="https://api.nuget.org/v3/index.json" protocolVersion="3" />
                  </packageSources>
                </configuration>
                """);
            var data = consumer.NewProject(Path.Combine("layered", "Shop.Data"), "Shop.Data.csproj", $$"""
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

                namespace Shop.Data;

                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }
                """),
                ("ShopContext.cs", """
                using Microsoft.EntityFrameworkCore;

                namespace Shop.Data;

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
                """),
                ("AuditLog.cs", AuditLogThatLogs));
            var api = consumer.NewProject(Path.Combine("layered", "Shop.Api"), "Shop.Api.csproj", $$"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>disable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ThreatAnalyzers" Version="{{consumer.Version}}" />
                    <ProjectReference Include="../Shop.Data/Shop.Data.csproj" />
                  </ItemGroup>
                </Project>
                """,
                ("Program.cs", """
                using Shop.Data;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/customers", (Customer c, CustomerRepository customers, ILogger<Program> logger) =>
                {
                    AuditLog.Write(logger, c.Email);
                    customers.Add(c);
                }).RequireAuthorization();
                app.Run();
                """));

            var first = await consumer.RunIn(api, "build", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(first.ExitCode == 0, first.Output);
            Assert.True(first.Output.Contains("Program.cs(6,28): warning TA4001: 'c.Email' (PII) reaches ILogger.LogInformation via AuditLog.Write", StringComparison.Ordinal), first.Output);
            Assert.True(first.Output.Contains("Program.cs(7,19): warning TA4003: 'c' (PII) is stored in EF Core context 'ShopContext' without encryption at rest", StringComparison.Ordinal)
                        && first.Output.Contains("via CustomerRepository.Add", StringComparison.Ordinal), first.Output);

            // The record: next to the library's assembly, naming methods and sinks, never a path or a line of source.
            var record = File.ReadAllText(Path.Combine(data, "bin", "Debug", "net10.0", "Shop.Data.threat-flows.txt"));
            Assert.Contains("M:Shop.Data.AuditLog.Write(Microsoft.Extensions.Logging.ILogger,System.String)", record, StringComparison.Ordinal);
            Assert.DoesNotContain(consumer.Root, record, StringComparison.Ordinal);
            Assert.DoesNotContain("/", record.Replace("M:", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
            Assert.DoesNotContain("\"Audit", record, StringComparison.Ordinal);

            // The library stops logging the value: the API compiles again (its record is an input) and the warning is gone.
            var apiLog = Path.Combine(api, "obj", "Debug", "net10.0", "threat-analyzers.sarif");
            var before = File.GetLastWriteTimeUtc(apiLog);
            File.WriteAllText(Path.Combine(data, "AuditLog.cs"), AuditLogThatDoesNot);
            var second = await consumer.RunIn(api, "build", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(second.ExitCode == 0, second.Output);
            Assert.True(File.GetLastWriteTimeUtc(apiLog) > before, "the API compiled again after the library's record changed\n" + second.Output);
            Assert.DoesNotContain("TA4001", second.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("\"ruleId\": \"TA4001\"", File.ReadAllText(apiLog), StringComparison.Ordinal);
            Assert.Contains("\"ruleId\": \"TA0000\"", File.ReadAllText(apiLog), StringComparison.Ordinal);
        }
    }
}
