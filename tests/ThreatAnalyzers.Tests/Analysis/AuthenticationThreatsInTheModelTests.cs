using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>TA1001 and TA1008 in the artifact: threats of the entry point's process, as the build reports them.</summary>
    public class AuthenticationThreatsInTheModelTests
    {
        private const string Api = """
            using Microsoft.AspNetCore.Mvc;

            namespace Portal
            {
                public class NotesController : ControllerBase
                {
                    public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);

                    public string Status() => "ok";
                }
            }
            """;

        /// <summary>TA5001 (no rate limit) is a threat of every entry point here: off, so the authentication threats are the ones counted.</summary>
        private static readonly System.Collections.Generic.Dictionary<string, Microsoft.CodeAnalysis.ReportDiagnostic> WithoutRateLimitRule = new() { ["TA5001"] = Microsoft.CodeAnalysis.ReportDiagnostic.Suppress };

        [Fact]
        public async Task CriticalEntryPoint_IsATA1001ThreatOfItsProcess_TheOpenOneIsNot_AndTA1008IsNotEvaluatedByDefault()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { Api }, severities: WithoutRateLimitRule);

            var warning = Assert.Single(build.Warnings);
            var threat = Assert.Single(build.Model.Threats);
            Assert.Equal(("TA1001", ThreatStatuses.Open), (threat.RuleId, threat.Status));
            Assert.Equal(warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), threat.Message);
            Assert.Equal(
                "Entry point 'NotesController.Save' receives data from 'Internet', requires no authentication and changes files (File.WriteAllText)",
                threat.Message);
            Assert.Contains(build.Model.Elements, e => e.Id == threat.Element && e.Kind == ElementKinds.Process && e.Name == "NotesController.Save");
            Assert.Contains(build.Model.Elements, e => e.Kind == ElementKinds.Process && e.Name == "NotesController.Status");
            Assert.True(build.Model.Rules.Single(r => r.Id == "TA1001").Evaluated);
            Assert.False(build.Model.Rules.Single(r => r.Id == "TA1008").Evaluated);
        }

        [Fact]
        public async Task ActionInheritedFromABaseController_IsAProcessOfEachController_AndItsThreatIsThere()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    public abstract class NotesControllerBase : ControllerBase
                    {
                        public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
                    }

                    public class TeamNotesController : NotesControllerBase { }

                    public class UserNotesController : NotesControllerBase { }
                }
                """,
            }, severities: WithoutRateLimitRule);

            Assert.Equal(2, build.Warnings.Count());
            Assert.Equal(
                new[] { "TeamNotesController.Save", "UserNotesController.Save" },
                build.Model.Threats.Select(t => build.Model.Elements.Single(e => e.Id == t.Element)).Select(e => e.Name).OrderBy(n => n, System.StringComparer.Ordinal));
            Assert.All(build.Model.Threats, t => Assert.Equal("TA1001", t.RuleId));
            Assert.DoesNotContain(build.Model.Elements, e => e.Name.StartsWith("NotesControllerBase", System.StringComparison.Ordinal));
        }

        [Fact]
        public async Task TA1008SwitchedOn_EveryUndecidedEntryPointIsAThreat_AndTheRuleIsEvaluated()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[] { Api },
                severities: new Dictionary<string, ReportDiagnostic> { ["TA1008"] = ReportDiagnostic.Warn });

            var undecided = build.Model.Threats.Where(t => t.RuleId == "TA1008").Select(t => t.Message).OrderBy(m => m, System.StringComparer.Ordinal);
            Assert.Equal(
                new[]
                {
                    "Entry point 'NotesController.Save' receives data from 'Internet' but neither requires authentication nor is marked public on purpose",
                    "Entry point 'NotesController.Status' receives data from 'Internet' but neither requires authentication nor is marked public on purpose",
                },
                undecided);
            Assert.Single(build.Model.Threats, t => t.RuleId == "TA1001");
            Assert.True(build.Model.Rules.Single(r => r.Id == "TA1008").Evaluated);
        }
    }
}
