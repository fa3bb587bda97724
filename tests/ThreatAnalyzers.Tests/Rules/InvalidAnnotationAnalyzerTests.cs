using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreatAnalyzers.Rules.InvalidAnnotationAnalyzer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class InvalidAnnotationAnalyzerTests
    {
        [Theory]
        [InlineData("TrustBoundary", "The trust boundary name must not be empty")]
        [InlineData("DataStore", "The data store name must not be empty")]
        [InlineData("ExternalEntity", "The external entity name must not be empty")]
        [InlineData("RequiresRole", "The role must not be empty")]
        public async Task EmptyOrWhitespaceName_IsReportedOnTheArgument(string annotation, string message)
        {
            foreach (var value in new[] { "\"\"", "\"   \"", "null", "\"\\t\"" })
            {
                var target = annotation is "TrustBoundary" or "RequiresRole" ? "public void M() { }" : string.Empty;
                var onMethod = target.Length > 0;
                await Verify.VerifyAnalyzerAsync($$"""
                    using ThreatAnalyzers;

                    {{(onMethod ? string.Empty : $"[{annotation}({{|#0:{value}|}})]")}}
                    public class C
                    {
                        {{(onMethod ? $"[{annotation}({{|#0:{value}|}})]" : string.Empty)}}
                        {{target}}
                    }
                    """,
                    Verify.Diagnostic("TA0001").WithLocation(0).WithArguments(message));
            }
        }

        [Theory]
        [InlineData("TrustBoundary", "The trust boundary name")]
        [InlineData("DataStore", "The data store name")]
        [InlineData("ExternalEntity", "The external entity name")]
        [InlineData("RequiresRole", "The role")]
        public async Task NameWithALineBreakOrControlCharacter_IsReportedOnTheArgument(string annotation, string what)
        {
            foreach (var value in new[] { "\"Partner\\nnetwork\"", "\"Partner\\u0007\"", "\"Line\\r\"" })
            {
                var onMethod = annotation is "TrustBoundary" or "RequiresRole";
                await Verify.VerifyAnalyzerAsync($$"""
                    using ThreatAnalyzers;

                    {{(onMethod ? string.Empty : $"[{annotation}({{|#0:{value}|}})]")}}
                    public class C
                    {
                        {{(onMethod ? $"[{annotation}({{|#0:{value}|}})]" : string.Empty)}}
                        {{(onMethod ? "public void M() { }" : string.Empty)}}
                    }
                    """,
                    Verify.Diagnostic("TA0001").WithLocation(0).WithArguments(what + " contains a line break or another control character: write it on one line, with printable characters only"));
            }
        }

        [Fact]
        public Task UnknownThreatId_NamesTheKnownRules()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [Mitigates({|#0:"TA9999"|}, "Input is checked")]
                [AcceptsRisk({|#1:"CWE-306"|}, "Reviewed")]
                public class C { }
                """,
                Verify.Diagnostic("TA0001").WithLocation(0).WithArguments("'TA9999' is not a threat rule of ThreatAnalyzers (known threat rules: TA1001, TA1008, TA4001)"),
                Verify.Diagnostic("TA0001").WithLocation(1).WithArguments("'CWE-306' is not a threat rule of ThreatAnalyzers (known threat rules: TA1001, TA1008, TA4001)"));

        [Fact]
        public Task ModelDiagnosticAsThreatId_SaysItIsNotAThreat()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [Mitigates({|#0:"TA0002"|}, "Renewed")]
                public class C { }
                """,
                Verify.Diagnostic("TA0001").WithLocation(0)
                    .WithArguments("'TA0002' is a threat-model diagnostic, not a threat: name a STRIDE rule (TA1xxx to TA6xxx) such as TA1001, TA1008, TA4001"));

        [Fact]
        public Task EmptyThreatId_HowAndJustification_AreReported()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                public class C
                {
                    [Mitigates({|#0:" "|}, {|#1:""|})]
                    [AcceptsRisk("TA1001", {|#2:"  "|})]
                    public void M() { }
                }
                """,
                Verify.Diagnostic("TA0001").WithLocation(0).WithArguments("The threat ID must not be empty; name a ThreatAnalyzers rule such as TA1001"),
                Verify.Diagnostic("TA0001").WithLocation(1).WithArguments("The mitigation must say how the threat is mitigated ('how' is empty)"),
                Verify.Diagnostic("TA0001").WithLocation(2).WithArguments("The accepted risk must say why it is acceptable ('justification' is empty)"));

        [Theory]
        [InlineData("2025-02-30")]
        [InlineData("2025-13-01")]
        [InlineData("31/01/2025")]
        [InlineData("2025-1-5")]
        [InlineData("next year")]
        [InlineData("")]
        [InlineData("2025-01-31T00:00:00")]
        public Task ExpiresThatIsNotARealDate_IsReported(string expires)
            => Verify.VerifyAnalyzerAsync($$"""
                using ThreatAnalyzers;

                [AcceptsRisk("TA1001", "Reviewed by AppSec", Owner = "AppSec", Expires = {|#0:"{{expires}}"|})]
                public class C { }
                """,
                Verify.Diagnostic("TA0001").WithLocation(0)
                    .WithArguments($"Expires '{expires}' is not a real date written as yyyy-MM-dd, so the acceptance never holds"));

        [Fact]
        public Task EmptyOwner_IsReported()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [AcceptsRisk("TA1001", "Reviewed", Owner = {|#0:""|})]
                public class C { }
                """,
                Verify.Diagnostic("TA0001").WithLocation(0).WithArguments("The owner of an accepted risk must not be empty when it is given"));

        [Fact]
        public Task MalformedBuildDate_IsReportedWhereAnExpiryDependsOnIt()
            => new Verify.Test("""
                using ThreatAnalyzers;

                [AcceptsRisk("TA1001", "Reviewed", Expires = {|#0:"2027-01-01"|})]
                [AcceptsRisk("TA1001", "Forever")]
                public class C { }
                """) { BuildDate = "27/11/2026" }
                .RunWithAsync(Verify.Diagnostic("TA0001").WithLocation(0)
                    .WithArguments("The MSBuild property ThreatAnalyzersBuildDate ('27/11/2026') is not a yyyy-MM-dd date, so this expiry cannot be checked"));

        [Fact]
        public Task ValidAnnotations_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                [assembly: Mitigates("TA1001", "Every route sits behind the API gateway's JWT authorizer")]

                [DataStore("Customer database")]
                [EncryptedAtRest]
                [EncryptedInTransit]
                public interface ICustomerStore { }

                [ExternalEntity("Payment provider")]
                public interface IPayments { }

                [TrustBoundary("Internet")]
                [Authenticated]
                [RateLimited]
                public class CustomersApi
                {
                    [RequiresRole("Admin")]
                    [Audited]
                    [AcceptsRisk("TA1001", "Read-only catalogue", Owner = "Team Portal", Expires = "2027-01-31")]
                    [AcceptsRisk(threatId: "ta1001", justification: "Named arguments work too")]
                    [Mitigates("TA1001", how: "mTLS")]
                    public void Purge([HandlesPii] string email) { }

                    [Validates]
                    public static bool IsValid(string value) => value.Length < 100;

                    [return: HandlesSecrets]
                    public string Token() => "";
                }
                """);

        [Fact]
        public Task OtherAttributes_AndBrokenCode_AreIgnored()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using ThreatAnalyzers;

                [Obsolete("")]
                [TrustBoundary({|CS1503:42|})]
                public class C
                {
                    [{|CS0246:{|CS0246:Unknown|}|}("")]
                    public void M() { }
                }
                """);
    }
}
