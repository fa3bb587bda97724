using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA5003 (and TA5001) findings become threats of their entry points in the artifact.</summary>
    public class DenialOfServiceThreatModelTests
    {
        [Fact]
        public async Task UnboundedInput_IsAThreatOfItsEndpoint_AndAnAcceptedOneStaysListed()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using ThreatAnalyzers;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapPost("/notes", (Note note) => Results.Ok());
                    app.MapPost("/drafts", [AcceptsRisk("TA5003", "Drafts are capped by the gateway", Owner = "api-team", Expires = "2099-01-01")] (Note draft) => Results.Ok());
                    app.Run();

                    public record Note(string Text);
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var threats = build.Model.Threats.Where(t => t.RuleId == "TA5003").OrderBy(t => t.Location!.Line).ToList();
            Assert.Equal(2, threats.Count);
            Assert.Single(build.Warnings, d => d.Id == "TA5003");
            Assert.Equal(ThreatStatuses.Open, threats[0].Status);
            Assert.Equal("POST /notes", build.Model.Elements.Single(e => e.Id == threats[0].Element).Name);
            Assert.Equal(ThreatStatuses.Accepted, threats[1].Status);
            Assert.Equal("POST /drafts", build.Model.Elements.Single(e => e.Id == threats[1].Element).Name);
        }

        [Fact]
        public async Task MissingRateLimit_IsAThreatOfEachUnthrottledEndpoint_AndAnAnnotatedLambdaHandlerHasNone()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.RateLimiting;
                    using Microsoft.Extensions.DependencyInjection;

                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddRateLimiter(o => o.AddFixedWindowLimiter("api", w => w.PermitLimit = 10));
                    var app = builder.Build();
                    app.UseRateLimiter();
                    app.MapGet("/open", () => Results.Ok());
                    app.MapGet("/limited", () => Results.Ok()).RequireRateLimiting("api");
                    app.Run();
                    """,
                    """
                    using Amazon.Lambda.APIGatewayEvents;
                    using ThreatAnalyzers;

                    public class Functions
                    {
                        public APIGatewayProxyResponse Handle(APIGatewayProxyRequest request) => new();

                        [RateLimited]
                        public APIGatewayProxyResponse Throttled(APIGatewayProxyRequest request) => new();
                    }
                    """,
                    TestSources.AwsLambdaTypes,
                },
                kind: OutputKind.ConsoleApplication);

            var threats = build.Model.Threats.Where(t => t.RuleId == "TA5001").ToList();
            Assert.Equal(
                new[] { "Functions.Handle", "GET /open" },
                threats.Select(t => build.Model.Elements.Single(e => e.Id == t.Element).Name).OrderBy(n => n, System.StringComparer.Ordinal));
            Assert.All(threats, t => Assert.Equal((ThreatStatuses.Open, "DenialOfService"), (t.Status, t.Category)));
            Assert.Equal(2, build.Warnings.Count(d => d.Id == "TA5001"));
        }
    }
}
