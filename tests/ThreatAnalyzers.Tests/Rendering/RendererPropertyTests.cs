using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CsCheck;
using ThreatAnalyzers.Model;
using Xunit;
using Xunit.Abstractions;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>
    /// Renderers never write an invalid diagram or schema-invalid JSON, whatever the annotations say: on random models
    /// whose text is anything (<see cref="AdversarialModels"/>), the four artifacts are valid (<see cref="RenderingOracle"/>:
    /// the schemas with their formats, GFM tables that keep their columns, a Mermaid diagram that the real Mermaid parser
    /// takes and that draws the model as named). A failure shrinks to a small model and prints its seed.
    /// </summary>
    public class RendererPropertyTests
    {
        private readonly ITestOutputHelper output;

        public RendererPropertyTests(ITestOutputHelper output) => this.output = output;

        /// <summary>The strings users reported, and their neighbours: each one in every place a model holds user text.</summary>
        public static IEnumerable<object[]> Reported() => new[]
        {
            "", " ", "\t", "\n", "Partner\nnetwork", "\r", "\r\n", "\u2028", "\u00A0", "\u200B", "\u0007",
            "end", "subgraph", "graph", "flowchart", "style", "classDef", "click",
            "\"", "say \"hi\"", "'", "`", "```", "`md`", "[", "]", "(", ")", "{", "}", "[(x)]", "([x])", "|", "a|b", "\\|", "a\\", "-->", "x --> y", "--- ",
            "<b>bold</b>", "<script>alert(1)</script>", "&amp;", "&lt;", "#quot;", "#35;", "C#", "#", "%%", "%%{init: {'securityLevel':'loose'}}%%", "50%",
            "😀", "\uD83D", "\uDE00", "\u0000", "\u001B[31m", "\u202Eevil", new string('x', 10_000), "Repository<Customer>",
        }.Select(s => new object[] { s });

        [Theory]
        [MemberData(nameof(Reported))]
        public void EveryArtifactIsValid_WithThisTextEverywhere(string text)
        {
            var model = AdversarialModels.Everywhere(text);
            RenderingOracle.AssertAll(model, "src/" + text);
            RenderingOracle.AssertAll(model, null);
        }

        /// <summary>One string in every place at once: a failure shrinks to the shortest text that breaks an artifact.</summary>
        [Fact]
        public void EveryArtifactIsValid_WithAnyTextEverywhere()
            => AdversarialModels.Text
                .Sample(
                    text => RenderingOracle.AssertAll(AdversarialModels.Everywhere(text), "src/" + text),
                    writeLine: output.WriteLine,
                    iter: Iterations(1000),
                    print: text => "\"" + RenderingOracle.Show(text) + "\"");

        [Fact]
        public void EveryArtifactIsValid_ForAnyModel()
            => Gen.Select(AdversarialModels.Model, AdversarialModels.PathText.Null(0.3))
                .Sample(
                    (model, projectPath) => RenderingOracle.AssertAll(model, projectPath),
                    writeLine: output.WriteLine,
                    iter: Iterations(400),
                    print: t => Describe(t.Item1, t.Item2));

        /// <summary>
        /// Two [TrustBoundary] names with one slug give two boundaries with one id (ModelBuilder): one zone, one box named
        /// after both, each element drawn once. A boundary name in another script slugs to an id the schema refuses.
        /// </summary>
        [Theory]
        [InlineData("Partner net", "partner-net")]
        [InlineData("中文", "Zahlungsanbieter Österreich")]
        public void BoundaryNames_ThatSlugAlike_OrOutsideAscii(string first, string second)
        {
            var model = AdversarialModels.Everywhere(first);
            var boundaries = model.Boundaries.Concat(new[] { new Boundary(ModelText.Slug(second), second) }).OrderBy(b => b.Id, System.StringComparer.Ordinal).ToList();
            model = model with { Boundaries = new EquatableArray<Boundary>(boundaries.ToImmutableArray()) };

            RenderingOracle.AssertAll(model, "src/App");
        }

        /// <summary>The ordinary names of a real model are written as before: only text that needs it is escaped or replaced.</summary>
        [Fact]
        public void OrdinaryNames_AreWrittenAsTheyAre()
        {
            var model = BuildStep.ModelJsonReaderTests.SampleModel();
            var mermaid = ThreatAnalyzers.Reporting.Artifacts.MarkdownRenderer.Mermaid(model);
            Assert.Equal(
                "flowchart LR\n"
                + "  subgraph b_system[\"Clinic\"]\n"
                + "    e2([\"GET /patients/{id}\"])\n"
                + "    e3[(\"Logs\")]\n"
                + "  end\n"
                + "  subgraph b_internet[\"Internet\"]\n"
                + "    e1[\"Client\"]\n"
                + "  end\n"
                + "  e1 -->|\"PII\"| e2\n"
                + "  e2 --> e3\n",
                mermaid);
            var markdown = ThreatAnalyzers.Reporting.Artifacts.MarkdownRenderer.Render(model, "../");
            Assert.Contains("| GET /patients/{id} | process | Clinic | PII | authenticated | 1 of 2 | [Api/Patients.cs:12](../Api/Patients.cs#L12) |", markdown, System.StringComparison.Ordinal);
        }

        /// <summary>The iterations of a property: CsCheck_Iter when set (a longer hunt), else the given number.</summary>
        private static long Iterations(long usual)
            => long.TryParse(System.Environment.GetEnvironmentVariable("CsCheck_Iter"), out var configured) && configured > 0 ? configured : usual;

        /// <summary>The model as C#-ish text with every invisible character shown, for a failure's message.</summary>
        private static string Describe(ThreatModel model, string? projectPath)
        {
            string S(string? s) => s is null ? "null" : "\"" + RenderingOracle.Show(s) + "\"";
            var lines = new List<string> { "projectPath " + S(projectPath), "system " + S(model.System) + " threats " + model.ThreatsState };
            lines.AddRange(model.Boundaries.Select(b => $"boundary {S(b.Id)} {S(b.Name)}"));
            lines.AddRange(model.Elements.Select(e => $"element {S(e.Id)} {S(e.Name)} {e.Kind} in {S(e.Boundary)} at {S(e.Location?.Path)}:{e.Location?.Line} roles [{string.Join(", ", e.Roles.Select(S))}]"));
            lines.AddRange(model.Flows.Select(f => $"flow {S(f.From)} -> {S(f.To)} [{string.Join(", ", f.DataClasses)}] crosses {S(f.CrossesBoundary)}"));
            lines.AddRange(model.Threats.Select(t => $"threat {S(t.Id)} {t.RuleId} {t.Status} on {S(t.Element)} at {S(t.Location?.Path)} message {S(t.Message)} justification {S(t.Justification)} owner {S(t.Owner)} expires {S(t.Expires)} related [{string.Join(", ", t.Related.Select(r => S(r.Path)))}]"));
            return "\n" + string.Join("\n", lines);
        }
    }
}
