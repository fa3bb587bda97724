using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Modeling;
using ThreatAnalyzers.Tool;
using Xunit;

namespace ThreatAnalyzers.Tests.Tool
{
    /// <summary>
    /// The threatmodel commands run in-process on two builds of a small shop (<see cref="ToolModels"/>). Each output
    /// format is pinned by a golden file in Tool/Golden; THREATANALYZERS_WRITE_GOLDEN=1 writes them anew.
    /// </summary>
    public sealed class ThreatModelCliTests : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "threatmodel-cli-" + Guid.NewGuid().ToString("N"));
        private readonly string basePath;
        private readonly string headPath;

        public ThreatModelCliTests()
        {
            basePath = ToolModels.Write(Path.Combine(folder, "base"), "threat-model.json", ToolModels.Base());
            headPath = ToolModels.Write(Path.Combine(folder, "head"), "threat-model.json", ToolModels.Head());
        }

        public void Dispose() => Directory.Delete(folder, recursive: true);

        [Theory]
        [InlineData("md", "render.md")]
        [InlineData("threatdragon", "render.threatdragon.json")]
        [InlineData("sarif", "render.sarif")]
        [InlineData("otm", "render.otm.json")]
        [InlineData("json", "render.json")]
        public void Render_EachFormat_MatchesItsGoldenFile(string format, string golden)
        {
            var (exit, output, error) = Run("render", headPath, "--format", format);
            Assert.True(exit == 0, error);
            Golden(golden, output);
        }

        [Fact]
        public void Render_IsTheBuildsRenderer_ForEveryFormatTheBuildWrites()
        {
            var model = ToolModels.Head();
            Assert.Equal(MarkdownRenderer.Render(model, string.Empty), Run("render", headPath, "-f", "md").Output);
            Assert.Equal(ThreatDragonRenderer.Render(model), Run("render", headPath, "-f", "threatdragon").Output);
            Assert.Equal(SarifRenderer.Render(model, "src/Shop"), Run("render", headPath, "-f", "sarif", "--project-path", "src/Shop").Output);
            Assert.Equal(ModelJsonRenderer.Render(model), Run("render", headPath, "-f", "json").Output);
        }

        [Fact]
        public void Render_Otm_ValidatesAgainstThePublishedSchema_AndThreatDragonStillValidates()
        {
            ArtifactTests.AssertValid("otm-0.2.0.schema.json", Run("render", headPath, "-f", "otm").Output);
            ArtifactTests.AssertValid("otm-0.2.0.schema.json", Run("render", basePath, "-f", "otm").Output);
            ArtifactTests.AssertValid("threat-dragon-v2.schema.json", Run("render", headPath, "-f", "threatdragon").Output);
        }

        [Fact]
        public void Render_Otm_PutsEachThreatOnItsComponent_WithItsState()
        {
            using var otm = JsonDocument.Parse(OtmRenderer.Render(ToolModels.Head()));
            var export = otm.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "GET /export");
            Assert.Equal("shop", export.GetProperty("parent").GetProperty("trustZone").GetString());
            Assert.Equal(new[] { "EXPOSED", "EXPOSED" }, export.GetProperty("threats").EnumerateArray().Select(t => t.GetProperty("state").GetString()));
            var orders = otm.RootElement.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "GET /orders");
            Assert.Contains(orders.GetProperty("threats").EnumerateArray(), t => t.GetProperty("state").GetString() == "MITIGATED" && t.GetProperty("mitigations").GetArrayLength() == 1);
            Assert.Equal(0, otm.RootElement.GetProperty("trustZones").EnumerateArray().Single(z => z.GetProperty("id").GetString() == "internet").GetProperty("risk").GetProperty("trustRating").GetInt32());
        }

        [Fact]
        public void Render_ToAFile_WritesIt()
        {
            var target = Path.Combine(folder, "out", "model.otm.json");
            Assert.Equal(0, Run("render", headPath, "-f", "otm", "--output", target).Exit);
            Assert.Equal(OtmRenderer.Render(ToolModels.Head()), File.ReadAllText(target));
        }

        [Theory]
        [InlineData("md", "diff.md")]
        [InlineData("json", "diff.json")]
        [InlineData("text", "diff.txt")]
        public void Diff_EachFormat_MatchesItsGoldenFile(string format, string golden)
        {
            var (exit, output, error) = Run("diff", basePath, headPath, "--format", format, "--today", "2026-11-29", "--expiring-within", "30");
            Assert.True(exit == 0, error);
            Golden(golden, output);
        }

        [Fact]
        public void Diff_NamesExactlyTheChanges()
        {
            using var diff = JsonDocument.Parse(Run("diff", basePath, headPath, "-f", "json", "--today", "2026-11-29").Output);
            var root = diff.RootElement;
            string[] Ids(string a, string b) => root.GetProperty(a).GetProperty(b).EnumerateArray().Select(x => x.GetProperty("id").GetString()!).ToArray();
            Assert.Equal(new[] { "process:M:Shop.Export.Get" }, Ids("elements", "added"));
            Assert.Empty(Ids("elements", "removed"));
            Assert.Equal(new[] { "client:internet->process:M:Shop.Export.Get" }, Ids("crossingFlows", "added"));
            Assert.Equal(
                new[] { "T:Shop.OrdersDb->process:M:Shop.Export.Get|pii", "process:M:Shop.OrdersEndpoints.Map#GET /orders->T:Shop.PaymentGateway|pii" },
                root.GetProperty("dataNewlyOnFlows").EnumerateArray().Select(x => x.GetProperty("flow").GetString() + "|" + string.Join(",", x.GetProperty("dataClasses").EnumerateArray().Select(c => c.GetString()))));
            Assert.Equal(new[] { "authenticated" }, root.GetProperty("controlChanges")[0].GetProperty("removed").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(new[] { "TA1001", "TA1001", "TA3001" }, root.GetProperty("threats").GetProperty("opened").EnumerateArray().Select(t => t.GetProperty("ruleId").GetString()));
            Assert.Equal(new[] { "TA4001" }, root.GetProperty("threats").GetProperty("closed").EnumerateArray().Select(t => t.GetProperty("ruleId").GetString()));
            Assert.Equal(new[] { "TA2002" }, root.GetProperty("threats").GetProperty("newlyMitigated").EnumerateArray().Select(t => t.GetProperty("ruleId").GetString()));
            Assert.Equal(11, root.GetProperty("expiringAcceptances")[0].GetProperty("daysLeft").GetInt32());
        }

        [Fact]
        public void Diff_Diagram_IsReadByTheRealMermaidParser_AsTheChangedPart()
        {
            var md = Run("diff", basePath, headPath, "--today", "2026-11-29").Output;
            var start = md.IndexOf("```mermaid\n", StringComparison.Ordinal) + "```mermaid\n".Length;
            var diagram = Rendering.MermaidParser.Parse(md.Substring(start, md.IndexOf("```", start, StringComparison.Ordinal) - start), out var error);
            Assert.True(diagram is not null, error);
            Assert.Equal(new[] { "Client", "GET /export", "GET /orders", "Orders database", "Payment gateway" }, diagram!.Vertices.Select(v => v.Text).OrderBy(t => t, StringComparer.Ordinal));
            Assert.Equal(3, diagram.Edges.Count);
        }

        [Fact]
        public void Diff_ExpiringWithin_LeavesOutLaterExpiries()
        {
            using var diff = JsonDocument.Parse(Run("diff", basePath, headPath, "-f", "json", "--today", "2026-11-29", "--expiring-within", "10").Output);
            Assert.Equal(0, diff.RootElement.GetProperty("expiringAcceptances").GetArrayLength());
        }

        [Fact]
        public void Diff_OfAModelWithItself_SaysNothingChanged_AndIsDeterministic()
        {
            Assert.Contains("No change to the architecture or its threats.", Run("diff", headPath, headPath, "--expiring-within", "5").Output, StringComparison.Ordinal);
            Assert.Equal(Run("diff", basePath, headPath, "--today", "2026-11-29").Output, Run("diff", basePath, headPath, "--today", "2026-11-29").Output);
        }

        [Fact]
        public void Diff_WarnsWhenABuildsThreatsAreUnknown()
        {
            var unknown = ToolModels.Write(Path.Combine(folder, "unknown"), "threat-model.json", ToolModels.Base() with { ThreatsState = "unknown", Threats = default });
            var md = Run("diff", unknown, headPath, "--today", "2026-11-29").Output;
            Assert.Contains("> **Warning**: the threats of the base build are unknown (threatsState unknown)", md, StringComparison.Ordinal);
            Assert.Contains("warning the threats of the base build are unknown", Run("diff", unknown, headPath, "-f", "text").Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Diff_OfTwoSystems_IsTheClearError_ExitCode2()
        {
            var other = ToolModels.Write(Path.Combine(folder, "other"), "threat-model.json", ToolModels.DataLibrary());
            var (exit, output, error) = Run("diff", basePath, other);
            Assert.Equal(2, exit);
            Assert.Empty(output);
            Assert.Equal($"threatmodel: {other}: is a model of system 'Shop.Data', but {basePath} is one of 'Shop': diff compares two versions of one system\n", error);
        }

        [Fact]
        public void Gate_FailsOnOpenThreats_AndSaysHowToAcceptOrMitigate()
        {
            var (exit, output, _) = Run("gate", headPath);
            Assert.Equal(1, exit);
            Golden("gate.txt", output);
            Assert.Contains("[AcceptsRisk(\"TA1001\", \"why the risk is acceptable\", Owner = \"team\", Expires = \"yyyy-MM-dd\")]", output, StringComparison.Ordinal);
            Assert.Contains("[Mitigates(\"TA3001\", \"how it is mitigated\")]", output, StringComparison.Ordinal);
            Assert.Contains("at: Export.cs:9", output, StringComparison.Ordinal);
        }

        [Fact]
        public void Gate_MinSeverity_LeavesOutLowerThreats()
        {
            var (exit, output, _) = Run("gate", headPath, "--min-severity", "high");
            Assert.Equal(1, exit);
            Assert.DoesNotContain("TA3001", output, StringComparison.Ordinal);
            Assert.Equal(0, Run("gate", headPath, "--min-severity", "critical").Exit);
        }

        [Fact]
        public void Gate_FailOnNew_OnlyCountsThreatsTheBaselineDidNotHave()
        {
            var (exit, output, _) = Run("gate", headPath, "--baseline", basePath, "--fail-on", "new", "--min-severity", "high");
            Assert.Equal(1, exit);
            Assert.Contains("2 threats fail the policy", output, StringComparison.Ordinal);
            Assert.Equal(0, Run("gate", headPath, "--baseline", headPath, "--fail-on", "new").Exit);
            Assert.Equal(2, Run("gate", headPath, "--fail-on", "new").Exit);
        }

        [Fact]
        public void Gate_FailsWhenTheThreatsAreUnknown()
        {
            var unknown = ToolModels.Write(Path.Combine(folder, "unknown"), "threat-model.json", ToolModels.Base() with { ThreatsState = "unknown", Threats = default });
            var (exit, output, _) = Run("gate", unknown);
            Assert.Equal(1, exit);
            Assert.Contains("threats of this build are unknown", output, StringComparison.Ordinal);
        }

        [Fact]
        public void Gate_Interactive_ShowsASummaryTableInColour_PlainOtherwise()
        {
            var colour = new StringWriter();
            ThreatModelCli.Run(new[] { "gate", headPath }, colour, new StringWriter(), interactive: true);
            Assert.Contains("\u001b[", colour.ToString(), StringComparison.Ordinal);
            Assert.Contains("│ severity", colour.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b[", Run("gate", headPath).Output, StringComparison.Ordinal);
            Assert.DoesNotContain("│", Run("gate", headPath).Output, StringComparison.Ordinal);
        }

        [Fact]
        public void Merge_TwoProjects_OneElementForTheSharedStore_WithTheApisFlows()
        {
            var api = ToolModels.Write(Path.Combine(folder, "src", "Shop", "bin", "Release", "net10.0", "threat-model"), "threat-model.json", ToolModels.Head());
            ToolModels.Write(Path.Combine(folder, "src", "Shop.Data", "bin", "Release", "net10.0", "threat-model"), "threat-model.json", ToolModels.DataLibrary());
            var (exit, output, error) = Run("merge", Path.Combine(folder, "src"), "--system", "Shop solution");
            Assert.True(exit == 0, error);
            Golden("merge.json", output);
            ArtifactTests.AssertValid("threat-model.schema.json", output);

            using var merged = JsonDocument.Parse(output);
            var stores = merged.RootElement.GetProperty("elements").EnumerateArray().Where(e => e.GetProperty("id").GetString() == "T:Shop.OrdersDb").ToList();
            var store = Assert.Single(stores);
            Assert.Equal("Shop.Data/OrdersDb.cs", store.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal(new[] { "encryptedAtRest" }, store.GetProperty("controls").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(2, merged.RootElement.GetProperty("flows").EnumerateArray().Count(f => f.GetProperty("from").GetString() == "T:Shop.OrdersDb" || f.GetProperty("to").GetString() == "T:Shop.OrdersDb"));
            var export = merged.RootElement.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("name").GetString() == "GET /export");
            Assert.Equal("Shop/Export.cs", export.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal(6, merged.RootElement.GetProperty("threats").GetArrayLength());
            Assert.False(File.Exists(api + ".bak"));
        }

        [Fact]
        public void Merge_TheSameModelTwice_DeduplicatesThreats()
        {
            var (exit, output, _) = Run("merge", headPath, headPath);
            Assert.Equal(0, exit);
            using var merged = JsonDocument.Parse(output);
            Assert.Equal(ToolModels.Head().Threats.Count, merged.RootElement.GetProperty("threats").GetArrayLength());
            Assert.Equal(ToolModels.Head().Elements.Count, merged.RootElement.GetProperty("elements").GetArrayLength());
        }

        [Theory]
        [InlineData("", "the file is empty, not a threat model")]
        [InlineData("   \n", "the file is empty, not a threat model")]
        [InlineData("{\"schemaVersion\": \"1.2\", \"system\": ", "not valid JSON (line 1, column 36: unexpected end of input, expected a value)")]
        [InlineData("{\"version\": \"2.2.0\", \"summary\": {}}", "not a ThreatAnalyzers threat model (no schemaVersion)")]
        [InlineData("[1, 2]", "not a ThreatAnalyzers threat model ($: expected an object, found an array)")]
        [InlineData("{\"schemaVersion\": \"2.0\"}", "unknown schemaVersion: schema 2.0 is not readable by this version of ThreatAnalyzers (schema 1.3)")]
        [InlineData("{\"schemaVersion\": \"one\"}", "unknown schemaVersion: schema one is not readable by this version of ThreatAnalyzers (schema 1.3)")]
        public void BadInput_IsOneLineNamingTheFileAndTheProblem_ExitCode2(string content, string problem)
        {
            var bad = Path.Combine(folder, "bad.json");
            File.WriteAllText(bad, content);
            foreach (var args in new[] { new[] { "render", bad, "-f", "md" }, new[] { "gate", bad }, new[] { "diff", basePath, bad }, new[] { "merge", bad } })
            {
                var (exit, output, error) = Run(args);
                Assert.Equal(2, exit);
                Assert.Empty(output);
                Assert.Equal($"threatmodel: {bad}: {problem}\n", error);
            }
        }

        [Theory]
        [InlineData("\"kind\": \"dataStore\"", "\"kind\": \"database\"", "does not match the threat-model schema 1.3 (/elements/0/kind: Value should match one of the values specified by the enum)")]
        [InlineData("\"schemaVersion\": \"1.3\"", "\"schemaVersion\": \"1.4\"", "unknown schemaVersion '1.4' (this tool reads schema 1.3 and earlier)")]
        [InlineData("\"schemaVersion\": \"1.3\"", "\"schemaVersion\": \"1.3.1\"", "unknown schemaVersion '1.3.1' (this tool reads schema 1.3 and earlier)")]
        public void AModelTheSchemaRejects_OrOfAnUnknownVersion_IsExitCode2(string find, string replace, string problem)
        {
            var bad = Path.Combine(folder, "bad.json");
            var text = File.ReadAllText(headPath);
            Assert.Contains(find, text, StringComparison.Ordinal);
            File.WriteAllText(bad, text.Replace(find, replace, StringComparison.Ordinal));
            Assert.Equal((2, string.Empty, $"threatmodel: {bad}: {problem}\n"), Run("gate", bad));
        }

        [Fact]
        public void AnOlderMinorVersion_IsStillRead()
        {
            var older = Path.Combine(folder, "older.json");
            File.WriteAllText(older, File.ReadAllText(headPath).Replace("\"schemaVersion\": \"1.3\"", "\"schemaVersion\": \"1.1\"", StringComparison.Ordinal));
            Assert.Equal(1, Run("gate", older).Exit);
        }

        [Fact]
        public void MissingFile_AndUnknownOption_AreExitCode2()
        {
            var missing = Path.Combine(folder, "missing.json");
            Assert.Equal((2, string.Empty, $"threatmodel: {missing}: no such file\n"), Run("gate", missing));
            Assert.Equal(2, Run("render", headPath, "-f", "pdf").Exit);
            Assert.Equal(2, Run("gate", headPath, "--min-severity", "severe").Exit);
        }

        [Fact]
        public void Help_ShowsExamplesForEachCommand()
        {
            foreach (var command in new[] { "render", "gate", "diff", "merge" })
            {
                var (exit, output, _) = Run(command, "--help");
                Assert.Equal(0, exit);
                Assert.Contains("Examples:", output, StringComparison.Ordinal);
                Assert.Contains("threatmodel " + command, output, StringComparison.Ordinal);
            }
        }

        private static (int Exit, string Output, string Error) Run(params string[] args)
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = ThreatModelCli.Run(args, output, error, interactive: false, today: ToolModels.Today);
            return (exit, output.ToString(), error.ToString());
        }

        private void Golden(string name, string actual)
        {
            // Temporary folders differ per run: the golden files hold them as a placeholder.
            actual = actual.Replace(folder, "<tmp>", StringComparison.Ordinal);
            var path = Path.Combine(DotNetCli.RepoRoot, "tests", "ThreatAnalyzers.Tests", "Tool", "Golden", name);
            if (Environment.GetEnvironmentVariable("THREATANALYZERS_WRITE_GOLDEN") == "1")
            {
                File.WriteAllText(path, actual);
            }

            Assert.True(File.Exists(path), "no golden file " + name + ": run with THREATANALYZERS_WRITE_GOLDEN=1");
            Assert.Equal(File.ReadAllText(path), actual);
        }
    }
}

namespace ThreatAnalyzers.Tests.Tool
{
    /// <summary>"The build's renderers and the tool's are the same code": both projects compile in the same shared files.</summary>
    public sealed class SharedSourcesTests
    {
        [Fact]
        public void TheToolCompilesInExactlyTheSourcesTheBuildTaskDoes()
        {
            static string[] Shared(string project)
            {
                var document = System.Xml.Linq.XDocument.Load(Path.Combine(ThreatAnalyzers.Tests.EndToEnd.DotNetCli.RepoRoot, "src", project, project + ".csproj"));
                return document.Descendants("Compile")
                    .Where(c => ((string?)c.Attribute("Link"))?.StartsWith("Shared", StringComparison.Ordinal) == true)
                    .Select(c => (string)c.Attribute("Include")! + " -> " + (string)c.Attribute("Link")!)
                    .OrderBy(s => s, StringComparer.Ordinal)
                    .ToArray();
            }

            Assert.NotEmpty(Shared("ThreatAnalyzers.Build"));
            Assert.Equal(Shared("ThreatAnalyzers.Build"), Shared("ThreatAnalyzers.Tool"));
        }
    }
}
