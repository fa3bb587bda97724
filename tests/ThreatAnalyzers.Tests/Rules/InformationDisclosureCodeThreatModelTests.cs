using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA4004, TA4007 and TA4008 findings become threats of the right element in the artifact.</summary>
    public class InformationDisclosureCodeThreatModelTests
    {
        [Fact]
        public async Task ExceptionDetails_WeakHash_AndSsrf_AreThreatsOfTheirEndpoints_DeveloperPageOfTheApplication()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using System;
                    using System.Net.Http;
                    using System.Security.Cryptography;
                    using System.Text;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.UseDeveloperExceptionPage();
                    app.MapGet("/fetch", async (string url, HttpClient client) => await client.GetStringAsync(url));
                    app.MapPost("/register", (string userName, string password) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password))));
                    app.MapGet("/orders", () =>
                    {
                        try { return Results.Ok(Load()); }
                        catch (Exception ex) { return Results.Problem(ex.Message); }
                    });
                    app.Run();

                    static object Load() => throw new InvalidOperationException("db down");
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            string ElementName(string ruleId, int index = 0)
            {
                var threat = build.Model.Threats.Where(t => t.RuleId == ruleId).OrderBy(t => t.Location!.Line).ElementAt(index);
                Assert.Equal(ThreatStatuses.Open, threat.Status);
                return build.Model.Elements.SingleOrDefault(e => e.Id == threat.Element)?.Name ?? threat.Element;
            }

            Assert.Single(build.Warnings, d => d.Id == "TA4008");
            Assert.Single(build.Warnings, d => d.Id == "TA4007");
            Assert.Equal(2, build.Warnings.Count(d => d.Id == "TA4004"));
            Assert.Equal("GET /fetch", ElementName("TA4008"));
            Assert.Equal("POST /register", ElementName("TA4007"));
            Assert.StartsWith("system:", build.Model.Threats.Where(t => t.RuleId == "TA4004").OrderBy(t => t.Location!.Line).First().Element);
            Assert.Equal("GET /orders", ElementName("TA4004", 1));
        }
    }
}
