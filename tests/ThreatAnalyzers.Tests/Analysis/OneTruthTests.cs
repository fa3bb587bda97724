using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The artifact lists exactly what the build reported: the same findings, each with its state, under non-default
    /// options, under every kind of suppression, and when a limit is reached. Each case here was once a disagreement
    /// between the warnings and the model.
    /// </summary>
    public class OneTruthTests
    {
        private const string Customer = """
            using ThreatAnalyzers;

            namespace Portal
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }

                public class User
                {
                    public string Email { get; set; }
                }
            }
            """;

        [Fact]
        public async Task UntrustedButNotPersonal_Logged_NoWarning_AndNoPiiOnTheFlowIntoLogs()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                Customer,
                """
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Portal
                {
                    public class Partner(ILogger<Partner> logger)
                    {
                        [TrustBoundary("Partner network")]
                        [Authenticated]
                        public void Receive(string reference) => logger.LogInformation("Received {Reference}", reference);
                    }
                }
                """,
            });

            Assert.DoesNotContain(build.Warnings, d => d.Id == "TA4001");
            Assert.Empty(build.Model.Threats);
            var logs = build.Model.Flows.Where(f => f.To == "store:logs").ToList();
            Assert.NotEmpty(logs);
            Assert.All(logs, f => Assert.Empty(f.DataClasses));
            Assert.Empty(build.Model.Elements.Single(e => e.Id == "store:logs").DataClasses);
        }

        [Fact]
        public async Task InferredSensitiveNames_TheWarningIsAThreatOfTheLogs_AndPiiTravelsOnThatFlow()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[] { Customer, LoggedUserEmail },
                new Dictionary<string, string> { ["threat_analyzers.infer_sensitive_names"] = "true" });

            var warning = Assert.Single(build.Warnings, d => d.Id == "TA4001");
            var threat = Assert.Single(build.Model.Threats);
            Assert.Equal(("TA4001", "store:logs", ThreatStatuses.Open), (threat.RuleId, threat.Element, threat.Status));
            Assert.Equal(warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), threat.Message);
            Assert.Equal(warning.Location.GetLineSpan().StartLinePosition.Line + 1, threat.Location!.Line);
            Assert.Equal("File1.cs", threat.Location.Path);
            var logged = Assert.Single(build.Model.Flows, f => f.To == "store:logs");
            Assert.Equal(new[] { DataClasses.Pii }, logged.DataClasses);
            Assert.Equal("process:M:Portal.Accounts.Register(Portal.User)", logged.From);
        }

        [Fact]
        public async Task WithoutTheNameHeuristic_TheSameCode_HasNoWarningAndNoThreat()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { Customer, LoggedUserEmail });
            Assert.Empty(build.Warnings);
            Assert.Empty(build.Model.Threats);
            Assert.Equal(ThreatsStates.Complete, build.Model.ThreatsState);
        }

        [Fact]
        public async Task CallDepthBelowTheChain_NoWarning_AndNoThreat()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[] { Customer, ThreeCallChain },
                new Dictionary<string, string> { ["threat_analyzers.flow.max_call_depth"] = "1" });

            Assert.DoesNotContain(build.Warnings, d => d.Id == "TA4001");
            Assert.DoesNotContain(build.Model.Threats, t => t.RuleId == "TA4001");
        }

        [Fact]
        public async Task CallDepthThatCoversTheChain_OneWarning_OneThreat()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { Customer, ThreeCallChain });
            Assert.Single(build.Warnings, d => d.Id == "TA4001");
            Assert.Single(build.Model.Threats, t => t.RuleId == "TA4001" && t.Status == ThreatStatuses.Open);
        }

        [Fact]
        public async Task LimitReached_IsOnTheWarningAndOnTheThreat()
        {
            var untrusted = Enumerable.Range(1, 16).Select(i => "p" + i).ToList();
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                Customer,
                $$"""
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Portal
                {
                    public class Partner(ILogger<Partner> logger)
                    {
                        [TrustBoundary("Partner network")]
                        [Authenticated]
                        public void Receive(Customer customer, {{string.Join(", ", untrusted.Select(p => "string " + p))}})
                            => logger.LogInformation({{string.Join(" + ", untrusted)}} + customer.Email);
                    }
                }
                """,
            });

            var warning = Assert.Single(build.Warnings, d => d.Id == "TA4001");
            Assert.Equal("FactsPerValue", warning.Properties[FindingProperties.LimitReached]);
            Assert.True(Assert.Single(build.Model.Threats).LimitReached);
        }

        public static TheoryData<string, string, string, string?> Reviews() => new()
        {
            { "#pragma warning disable TA1001 // reviewed in ticket 42", "#pragma warning restore TA1001", ThreatStatuses.Suppressed, null },
            { "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Spoofing\", \"TA1001\", Justification = \"Behind the partner VPN\")]", "", ThreatStatuses.Suppressed, "Behind the partner VPN" },
            { "[Mitigates(\"TA1001\", \"mTLS at the gateway\")]", "", ThreatStatuses.Mitigated, "mTLS at the gateway" },
            { "[AcceptsRisk(\"TA1001\", \"Read-only status\", Owner = \"AppSec\", Expires = \"2027-01-01\")]", "", ThreatStatuses.Accepted, "Read-only status" },
        };

        [Theory]
        [MemberData(nameof(Reviews))]
        public async Task EveryKindOfSuppression_SilencesTheWarning_AndStaysAThreatWithItsState(string before, string after, string state, string? justification)
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                $$"""
                using ThreatAnalyzers;

                namespace Portal
                {
                    public class Status
                    {
                        {{before}}
                        [TrustBoundary("Partner network")]
                        public void Save(string note) => System.IO.File.WriteAllText("status.txt", note);
                        {{after}}
                    }
                }
                """,
            });

            Assert.Empty(build.Warnings);
            var threat = Assert.Single(build.Model.Threats);
            Assert.Equal("TA1001", threat.RuleId);
            Assert.Equal(state, threat.Status);
            Assert.Equal(justification, threat.Justification);
            Assert.Contains(build.Model.Elements, e => e.Id == threat.Element && e.Kind == ElementKinds.Process && e.Name == "Status.Save");
            if (state == ThreatStatuses.Accepted)
            {
                Assert.Equal(("AppSec", "2027-01-01"), (threat.Owner, threat.Expires));
            }
        }

        [Fact]
        public async Task RuleSwitchedOff_IsListedAsNotEvaluated_NotAsZeroThreats()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[] { Customer, ThreeCallChain },
                severities: new Dictionary<string, ReportDiagnostic> { ["TA4001"] = ReportDiagnostic.Suppress });

            Assert.Empty(build.Warnings);
            Assert.Empty(build.Model.Threats);
            Assert.False(build.Model.Rules.Single(r => r.Id == "TA4001").Evaluated);
            Assert.True(build.Model.Rules.Single(r => r.Id == "TA1001").Evaluated);
        }

        [Fact]
        public async Task RuleSwitchedOffInSomeFiles_NamesThoseFiles_AndTheRestIsReported()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[] { Customer, ThreeCallChain, LoggedCustomerEmail },
                severitiesByFile: new Dictionary<int, IDictionary<string, ReportDiagnostic>> { [1] = new Dictionary<string, ReportDiagnostic> { ["TA4001"] = ReportDiagnostic.Suppress } });

            var rule = build.Model.Rules.Single(r => r.Id == "TA4001");
            Assert.True(rule.Evaluated);
            Assert.Equal(new[] { "File1.cs" }, rule.NotEvaluatedIn);
            var threat = Assert.Single(build.Model.Threats);
            Assert.Equal("File2.cs", threat.Location!.Path);
        }

        [Fact]
        public async Task AnalyzersNotRun_ThreatsAreUnknown()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { Customer, ThreeCallChain });
            var unknown = ModelJoin.Join(build.Model with { Threats = EquatableArray<Threat>.Empty }, findings: null, ThreatModelHarness.ProjectDirectory);
            Assert.Equal(ThreatsStates.Unknown, unknown.ThreatsState);
            Assert.Empty(unknown.Threats);
        }

        private const string LoggedUserEmail = """
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            namespace Portal
            {
                public class Accounts(ILogger<Accounts> logger)
                {
                    [TrustBoundary("Partner network")]
                    [Authenticated]
                    public void Register(User u) => logger.LogInformation("Registered {Email}", u.Email);
                }
            }
            """;

        private const string LoggedCustomerEmail = """
            using Microsoft.Extensions.Logging;

            namespace Portal
            {
                public class Support(ILogger<Support> logger)
                {
                    public void Contact(Customer customer) => logger.LogInformation("Contact {Email}", customer.Email);
                }
            }
            """;

        private const string ThreeCallChain = """
            using Microsoft.Extensions.Logging;

            namespace Portal
            {
                public class Chain(ILogger<Chain> logger)
                {
                    public void Start(Customer customer) => A(customer.Email);
                    private void A(string value) => B(value);
                    private void B(string value) => C(value);
                    private void C(string value) => logger.LogInformation("{Value}", value);
                }
            }
            """;
    }
}
