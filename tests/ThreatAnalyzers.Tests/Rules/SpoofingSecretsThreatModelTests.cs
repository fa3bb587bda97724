using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA1003, TA1007 and TA2004 findings become threats of the right element in the artifact.</summary>
    public class SpoofingSecretsThreatModelTests
    {
        [Fact]
        public async Task HardCodedSecret_InAHandler_IsAThreatOfItsEndpoint_InStartupCode_OfTheApplication()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using System.Net;
                    using Microsoft.AspNetCore.Builder;

                    var app = WebApplication.CreateBuilder(args).Build();
                    var smtpPassword = "Sm7p!pass";
                    app.MapPost("/mail", (string to) => new NetworkCredential(to, "R3lay!pw").UserName);
                    app.Run();
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var warnings = build.Warnings.Where(d => d.Id == "TA1003").ToList();
            Assert.Equal(2, warnings.Count);
            var threats = build.Model.Threats.Where(t => t.RuleId == "TA1003").OrderBy(t => t.Location!.Line).ToList();
            Assert.Equal(2, threats.Count);
            Assert.All(threats, t => Assert.Equal(ThreatStatuses.Open, t.Status));
            Assert.StartsWith("system:", threats[0].Element);
            var endpoint = build.Model.Elements.Single(e => e.Id == threats[1].Element);
            Assert.Equal("POST /mail", endpoint.Name);
            Assert.DoesNotContain("R3lay!pw", threats[1].Message);
            Assert.DoesNotContain("Sm7p!pass", build.Json.ToString());
        }

        [Fact]
        public async Task PredictableResetCode_AndMissingAntiforgery_AreThreatsOfTheirEntryPoints()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using System;
                    using Microsoft.AspNetCore.Mvc;
                    using Microsoft.Extensions.DependencyInjection;

                    public static class Startup
                    {
                        public static void Configure(IServiceCollection services) => services.AddAuthentication().AddCookie();
                    }

                    public class Account
                    {
                        public string ResetCode { get; set; }
                    }

                    public class AccountController : Controller
                    {
                        [HttpPost]
                        public IActionResult ForgotPassword(string email)
                        {
                            var account = new Account { ResetCode = Random.Shared.Next(100000, 1000000).ToString() };
                            return View(account);
                        }
                    }
                    """,
                });

            var predictable = Assert.Single(build.Model.Threats, t => t.RuleId == "TA1007");
            var forgery = Assert.Single(build.Model.Threats, t => t.RuleId == "TA2004");
            Assert.Equal(ThreatStatuses.Open, predictable.Status);
            Assert.Equal(predictable.Element, forgery.Element);
            Assert.Equal("AccountController.ForgotPassword", build.Model.Elements.Single(e => e.Id == forgery.Element).Name);
            Assert.Contains(build.Warnings, d => d.Id == "TA1007");
            Assert.Contains(build.Warnings, d => d.Id == "TA2004");
        }
    }
}
