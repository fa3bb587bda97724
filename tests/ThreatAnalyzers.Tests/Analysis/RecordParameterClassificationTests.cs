using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>[HandlesPii] written on a record's positional parameter classifies the property it declares, for the rules and the model alike.</summary>
    public class RecordParameterClassificationTests
    {
        [Fact]
        public async Task HandlesPiiOnAPositionalParameter_IsPiiOnTheFlowIntoLogs_AndTheWarningIsItsThreat()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Portal
                {
                    public record Signup([HandlesPii] string Email, string Plan);

                    public class Signups(ILogger<Signups> logger)
                    {
                        [TrustBoundary("Partner network")]
                        [Authenticated]
                        public void Receive(Signup signup) => logger.LogInformation("Signup {Email}", signup.Email);
                    }
                }
                """,
            });

            var warning = Assert.Single(build.Warnings, d => d.Id == "TA4001");
            var threat = Assert.Single(build.Model.Threats, t => t.RuleId == "TA4001");
            Assert.Equal(warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), threat.Message);
            var logged = Assert.Single(build.Model.Flows, f => f.To == "store:logs");
            Assert.Equal(new[] { DataClasses.Pii }, logged.DataClasses);
        }
    }
}
