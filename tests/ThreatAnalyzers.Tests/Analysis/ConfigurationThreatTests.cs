using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The configuration rules' findings in the artifact: a setting in Program.cs's top-level statements is a threat of
    /// the application (the system's element); a setting inside a minimal-API handler is a threat of that endpoint.
    /// </summary>
    public class ConfigurationThreatTests
    {
        private const string Program = """
            using System.IO;
            using System.Xml;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.IdentityModel.Tokens;

            var builder = WebApplication.CreateBuilder(args);
            builder.Services.AddAuthentication().AddJwtBearer(options =>
            {
                options.TokenValidationParameters = new TokenValidationParameters { ValidateLifetime = false };
            });
            builder.Services.AddAuthorization();

            var app = builder.Build();
            app.UseAuthentication();
            app.UseAuthorization();

            app.MapPost("/imports", (HttpRequest request) =>
            {
                var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = new XmlUrlResolver() };
                using var reader = XmlReader.Create(request.Body, settings);
                return Results.Accepted();
            }).RequireAuthorization();

            app.Run();
            """;

        [Fact]
        public async Task TopLevelSetting_IsAThreatOfTheApplication_HandlerSetting_OfItsEndpoint()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { Program }, kind: OutputKind.ConsoleApplication);

            var token = Assert.Single(build.Warnings, d => d.Id == "TA1002");
            var xml = Assert.Single(build.Warnings, d => d.Id == "TA2009");

            var application = Assert.Single(build.Model.Threats, t => t.RuleId == "TA1002");
            Assert.Equal(ThreatStatuses.Open, application.Status);
            Assert.Equal(token.GetMessage(System.Globalization.CultureInfo.InvariantCulture), application.Message);
            Assert.Equal(token.Location.GetLineSpan().StartLinePosition.Line + 1, application.Location!.Line);
            Assert.StartsWith("system:", application.Element, System.StringComparison.Ordinal);
            var system = Assert.Single(build.Model.Elements, e => e.Id == application.Element);
            Assert.Contains(RuleCategories.Spoofing, system.Stride.Applicable);

            var endpoint = Assert.Single(build.Model.Threats, t => t.RuleId == "TA2009");
            Assert.Equal(xml.GetMessage(System.Globalization.CultureInfo.InvariantCulture), endpoint.Message);
            var process = Assert.Single(build.Model.Elements, e => e.Id == endpoint.Element);
            Assert.Equal(ElementKinds.Process, process.Kind);
            Assert.True(process.Name.Contains("/imports", System.StringComparison.Ordinal), $"{process.Id} / {process.Name}");

            // The rules are listed in the artifact with their STRIDE category.
            Assert.Equal(RuleCategories.Spoofing, Assert.Single(build.Model.Rules, r => r.Id == "TA1002").Category);
            Assert.Equal(RuleCategories.Tampering, Assert.Single(build.Model.Rules, r => r.Id == "TA2009").Category);
        }
    }
}
