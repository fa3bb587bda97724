using System;
using System.Linq;
using System.Text.Json;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Tests.Modeling;
using Xunit;

namespace ThreatAnalyzers.Tests.Sarif
{
    /// <summary>threat-model.sarif on its own: the SARIF 2.1.0 schema, and each field code scanning reads.</summary>
    public class SarifRendererTests
    {
        [Theory]
        [InlineData(ThreatsStates.Complete, "src/Clinic")]
        [InlineData(ThreatsStates.Complete, "")]
        [InlineData(ThreatsStates.Complete, null)]
        [InlineData(ThreatsStates.Unknown, "src/Clinic")]
        public void Sarif_PassesTheSarif210Schema(string threatsState, string? projectPath)
            => ArtifactTests.AssertValid("sarif-2.1.0.json", SarifRenderer.Render(SarifModels.EveryStatus(threatsState), projectPath));

        [Fact]
        public void Rules_CarryHelp_Tags_SecuritySeverity_AndADefaultConfigurationFromEvaluated()
        {
            var rules = Run(SarifModels.EveryStatus()).GetProperty("tool").GetProperty("driver").GetProperty("rules").EnumerateArray().ToList();

            Assert.Equal(new[] { "TA1001", "TA3001", "TA4001", "TA9001" }, rules.Select(r => r.GetProperty("id").GetString()));
            var rule = rules[0];
            Assert.Equal("UnauthenticatedEntryPoint", rule.GetProperty("name").GetString());
            Assert.Equal("https://example.invalid/TA1001", rule.GetProperty("helpUri").GetString());
            var help = rule.GetProperty("help");
            Assert.Equal("Anyone can call it.\n\nSTRIDE category: Spoofing; CWE-306. Risk: high.\n\nMore: https://example.invalid/TA1001", help.GetProperty("text").GetString());
            Assert.Contains("[CWE-306](https://cwe.mitre.org/data/definitions/306.html)", help.GetProperty("markdown").GetString(), StringComparison.Ordinal);
            Assert.Contains("(https://example.invalid/TA1001)", help.GetProperty("markdown").GetString(), StringComparison.Ordinal);
            Assert.Equal(new[] { "security", "STRIDE:Spoofing", "CWE-306", "external/cwe/cwe-306" }, Strings(rule.GetProperty("properties").GetProperty("tags")));
            Assert.Equal("8.0", rule.GetProperty("properties").GetProperty("security-severity").GetString());
            Assert.Equal("warning", rule.GetProperty("defaultConfiguration").GetProperty("level").GetString());
            Assert.True(rule.GetProperty("defaultConfiguration").GetProperty("enabled").GetBoolean());

            Assert.Equal(new[] { "security", "STRIDE:InformationDisclosure" }, Strings(rules[2].GetProperty("properties").GetProperty("tags")));
            Assert.DoesNotContain("CWE", rules[2].GetProperty("help").GetProperty("markdown").GetString(), StringComparison.Ordinal);
            Assert.Equal("note", rules[3].GetProperty("defaultConfiguration").GetProperty("level").GetString());
            Assert.False(rules[3].GetProperty("defaultConfiguration").GetProperty("enabled").GetBoolean());
            Assert.Equal("9.5", rules[3].GetProperty("properties").GetProperty("security-severity").GetString());
        }

        [Fact]
        public void Results_TakeTheirLevelFromTheRule_AndAFingerprintFromTheThreatId()
        {
            var run = Run(SarifModels.EveryStatus());
            var results = run.GetProperty("results").EnumerateArray().ToList();

            Assert.Equal(6, results.Count);
            Assert.All(results, r => Assert.Equal(r.GetProperty("ruleId").GetString() == "TA3001" ? "error" : "warning", r.GetProperty("level").GetString()));
            Assert.Equal(
                SarifModels.EveryStatus().Threats.Select(t => t.Id),
                results.Select(r => r.GetProperty("partialFingerprints").GetProperty("threatId/v1").GetString()));
            var rules = run.GetProperty("tool").GetProperty("driver").GetProperty("rules");
            Assert.All(results, r => Assert.Equal(r.GetProperty("ruleId").GetString(), rules[r.GetProperty("ruleIndex").GetInt32()].GetProperty("id").GetString()));
        }

        [Fact]
        public void MitigatedAcceptedAndSuppressedThreats_AreSuppressedInSource_WithTheirJustification()
        {
            var results = Run(SarifModels.EveryStatus()).GetProperty("results").EnumerateArray().ToList();

            var justifications = results
                .Where(r => r.TryGetProperty("suppressions", out _))
                .Select(r =>
                {
                    var suppression = Assert.Single(r.GetProperty("suppressions").EnumerateArray());
                    Assert.Equal("inSource", suppression.GetProperty("kind").GetString());
                    Assert.Equal("accepted", suppression.GetProperty("status").GetString());
                    return r.GetProperty("properties").GetProperty("status").GetString() + " | " + suppression.GetProperty("justification").GetString();
                })
                .ToList();
            Assert.Equal(new[]
            {
                "mitigated | Mitigated: HMAC signature on every callback",
                "suppressed | Suppressed (#pragma, [SuppressMessage] or a severity setting)",
                "accepted | Accepted risk: Redacted downstream (owner: Team Clinic) until 2027-01-31",
                "suppressed | Suppressed: Test data only",
            }, justifications);
            Assert.Equal(2, results.Count(r => !r.TryGetProperty("suppressions", out _)));
        }

        [Fact]
        public void RelatedLocations_HaveIdsAndMessages_AndTheMessageLinksThem()
        {
            var flow = Run(SarifModels.EveryStatus()).GetProperty("results").EnumerateArray()
                .Single(r => r.GetProperty("partialFingerprints").GetProperty("threatId/v1").GetString() == "TA4001:logs@Api/Patients.cs:20");

            var related = flow.GetProperty("relatedLocations").EnumerateArray().ToList();
            Assert.Equal(new[] { 1, 2 }, related.Select(l => l.GetProperty("id").GetInt32()));
            Assert.Equal(new[] { "src/Clinic/Api/Patients.cs", "src/Clinic/Audit.cs" }, related.Select(l => l.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()));
            Assert.Equal(new[] { 14, 3 }, related.Select(l => l.GetProperty("physicalLocation").GetProperty("region").GetProperty("startLine").GetInt32()));
            Assert.Equal("Related location 2 of 2: src/Clinic/Audit.cs:3", related[1].GetProperty("message").GetProperty("text").GetString());
            // SARIF's embedded links are [text](id); the message's own brackets are escaped so they are not read as one.
            Assert.Equal(
                "'p.Email' (PII) reaches \\[LoggerMessage\\] LogPatient through Audit.Write\nRelated locations: [src/Clinic/Api/Patients.cs:14](1), [src/Clinic/Audit.cs:3](2).",
                flow.GetProperty("message").GetProperty("text").GetString());
            Assert.True(flow.GetProperty("properties").GetProperty("limitReached").GetBoolean());
        }

        [Fact]
        public void Paths_AreRelativeToTheRepositoryRoot_UnderSrcRoot()
        {
            var run = Run(SarifModels.EveryStatus(), "src\\Clinic\\");

            var uris = run.GetProperty("results").EnumerateArray()
                .Select(r => r.GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation"))
                .ToList();
            Assert.All(uris, u => Assert.Equal("SRCROOT", u.GetProperty("uriBaseId").GetString()));
            Assert.All(uris, u => Assert.StartsWith("src/Clinic/", u.GetProperty("uri").GetString(), StringComparison.Ordinal));
            Assert.Equal("The root of the repository that holds the project Clinic \"API\" \\ ünïcode.",
                run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("description").GetProperty("text").GetString());

            var atRoot = Run(SarifModels.EveryStatus(), string.Empty);
            Assert.Equal("Api/Patients.cs", atRoot.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
        }

        [Fact]
        public void WithoutARepositoryRoot_PathsStayRelativeToTheProject_AndSrcRootSaysSo()
        {
            var run = Run(SarifModels.EveryStatus(), projectPath: null);

            Assert.Equal("Api/Patients.cs", run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.StartsWith("The folder of the project Clinic",
                run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("description").GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public void AThreatPlacedNowhere_GetsItsElementsLocation_ElseTheProjectFolder()
        {
            var results = Run(SarifModels.EveryStatus()).GetProperty("results").EnumerateArray()
                .ToDictionary(r => r.GetProperty("partialFingerprints").GetProperty("threatId/v1").GetString()!, r => Assert.Single(r.GetProperty("locations").EnumerateArray()));

            var onElement = results["TA3001:entry:get-patients"].GetProperty("physicalLocation");
            Assert.Equal("src/Clinic/Api/Patients.cs", onElement.GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.Equal(12, onElement.GetProperty("region").GetProperty("startLine").GetInt32());

            var nowhere = results["TA3001:logs"];
            Assert.Equal("src/Clinic/", nowhere.GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString());
            Assert.False(nowhere.GetProperty("physicalLocation").TryGetProperty("region", out _));
            Assert.Contains("no source location", nowhere.GetProperty("message").GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public void KnownThreats_ARunThatSucceeded_WithSystemAndThreatsState()
        {
            var run = Run(SarifModels.EveryStatus());

            var invocation = Assert.Single(run.GetProperty("invocations").EnumerateArray());
            Assert.True(invocation.GetProperty("executionSuccessful").GetBoolean());
            Assert.False(invocation.TryGetProperty("toolExecutionNotifications", out _));
            Assert.Equal("complete", run.GetProperty("properties").GetProperty("threatsState").GetString());
            Assert.Equal("Clinic \"API\" \\ ünïcode", run.GetProperty("properties").GetProperty("system").GetString());
        }

        [Fact]
        public void UnknownThreats_ARunThatDidNotSucceed_SayingWhy_NotACleanResultList()
        {
            var run = Run(SarifModels.EveryStatus(ThreatsStates.Unknown));

            var invocation = Assert.Single(run.GetProperty("invocations").EnumerateArray());
            Assert.False(invocation.GetProperty("executionSuccessful").GetBoolean());
            var notification = Assert.Single(invocation.GetProperty("toolExecutionNotifications").EnumerateArray());
            Assert.Equal("error", notification.GetProperty("level").GetString());
            var text = notification.GetProperty("message").GetProperty("text").GetString()!;
            Assert.Contains("unknown, not zero", text, StringComparison.Ordinal);
            Assert.Contains("did not run", text, StringComparison.Ordinal);
            Assert.Contains("could not be read", text, StringComparison.Ordinal);
            Assert.Equal("unknown", run.GetProperty("properties").GetProperty("threatsState").GetString());
            // GitHub's upload refuses a run without a results array; the failed invocation is what says "not clean".
            Assert.Equal(0, run.GetProperty("results").GetArrayLength());
        }

        [Fact]
        public void Output_IsDeterministic_WithForwardSlashesAndNoAbsolutePath()
        {
            var first = SarifRenderer.Render(SarifModels.EveryStatus(), "src/Clinic");

            Assert.Equal(first, SarifRenderer.Render(SarifModels.EveryStatus(), "src/Clinic"));
            Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
            Assert.DoesNotContain("\"uri\": \"/", first, StringComparison.Ordinal);
            Assert.DoesNotContain("file:", first, StringComparison.Ordinal);
        }

        private static JsonElement Run(ThreatModel model, string? projectPath = "src/Clinic")
            => JsonDocument.Parse(SarifRenderer.Render(model, projectPath)).RootElement.GetProperty("runs")[0].Clone();

        private static string?[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()).ToArray();
    }
}
