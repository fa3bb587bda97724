using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreatAnalyzers.Rules.ExpiredRiskAcceptanceAnalyzer>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>The build date of these tests is <see cref="Verifiers.TestSetup.BuildDate"/> (2026-06-15).</summary>
    public class ExpiredRiskAcceptanceAnalyzerTests
    {
        [Fact]
        public Task AcceptanceThatExpiredBeforeTheBuildDate_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [assembly: AcceptsRisk("TA1001", "Internal tool", Expires = {|#1:"2025-12-31"|})]

                public class PatientsApi
                {
                    [TrustBoundary("Internet")]
                    [AcceptsRisk("TA1001", "Public price list", Owner = "Team Portal", Expires = {|#0:"2026-06-14"|})]
                    public string Get(string id) => id;
                }
                """,
                Verify.Diagnostic("TA0002").WithLocation(0).WithArguments("TA1001", "2026-06-14", " (owner: Team Portal)"),
                Verify.Diagnostic("TA0002").WithLocation(1).WithArguments("TA1001", "2025-12-31", ""));

        [Theory]
        [InlineData("Expires = \"2026-06-15\"")]
        [InlineData("Expires = \"2030-01-01\"")]
        [InlineData("Owner = \"AppSec\"")]
        [InlineData("Expires = null")]
        [InlineData("Expires = \"not a date\"")]
        public Task AcceptanceThatHoldsOnTheBuildDate_OrCannotBeRead_IsSilent(string named)
            => Verify.VerifyAnalyzerAsync($$"""
                using ThreatAnalyzers;

                [AcceptsRisk("TA1001", "Reviewed", {{named}})]
                public class C { }
                """);

        [Fact]
        public Task WithoutABuildDate_NothingExpires()
            => new Verify.Test("""
                using ThreatAnalyzers;

                [AcceptsRisk("TA1001", "Reviewed", Expires = "2000-01-01")]
                public class C { }
                """) { BuildDate = null }.RunWithAsync();
    }
}
