using System.Collections.Immutable;
using System.Linq;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.BuildStep
{
    /// <summary>The model the model analyzer hands the build step survives the trip through JSON unchanged.</summary>
    public class ModelJsonReaderTests
    {
        /// <summary>Every field, every null the schema allows, text that needs escaping, an intermediate's via list.</summary>
        internal static ThreatModel SampleModel(string threatsState = ThreatsStates.Complete) => new(
            ThreatModel.CurrentSchemaVersion,
            "Clinic \"API\" \\ ünïcode",
            Array(new Boundary("system", "Clinic"), new Boundary("internet", "Internet")),
            Array(
                new Element("external:client", "Client", ElementKinds.ExternalEntity, "internet", null,
                    EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty,
                    new Stride(Strings(RuleCategories.Spoofing, RuleCategories.Repudiation), EquatableArray<string>.Empty)),
                new Element("entry:get-patients", "GET /patients/{id}", ElementKinds.Process, "system", new SourceLocation("Api/Patients.cs", 12),
                    Strings(DataClasses.Pii), Strings(Controls.Authenticated), Strings("Doctor", "Nurse"),
                    new Stride(Strings(RuleCategories.Spoofing, RuleCategories.Tampering), Strings(RuleCategories.Spoofing))),
                new Element(ModelText.LogsElementId, "Logs", ElementKinds.DataStore, "system", null,
                    EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty,
                    new Stride(Strings(RuleCategories.Repudiation), EquatableArray<string>.Empty))),
            Array(
                new Flow("flow:1", "external:client", "entry:get-patients", Strings(DataClasses.Pii), "internet", Strings("M:Clinic.Patients.Get(System.Int32)")),
                new Flow("flow:2", "entry:get-patients", ModelText.LogsElementId, EquatableArray<string>.Empty, null, EquatableArray<string>.Empty)),
            Array(
                new Threat("TA1001-1", "TA1001", "Unauthenticated entry point", RuleCategories.Spoofing, "warning", "entry:get-patients",
                    new SourceLocation("Api/Patients.cs", 12), "Entry point 'GET /patients/{id}' requires no authentication", ThreatStatuses.Open,
                    null, null, null, EquatableArray<SourceLocation>.Empty, false),
                new Threat("TA4001-1", "TA4001", "Sensitive data written to a log", RuleCategories.InformationDisclosure, "warning", ModelText.LogsElementId,
                    null, "'p.Email' (PII) reaches ILogger.LogInformation\nvia two methods", ThreatStatuses.Accepted,
                    "Redacted downstream", "Team Clinic", "2027-01-31",
                    Array(new SourceLocation("Api/Patients.cs", 14), new SourceLocation("Audit.cs", 3)), true)),
            Array(
                new RuleInfo("TA1001", "Unauthenticated entry point", RuleCategories.Spoofing, "CWE-306", RuleRisks.High, "warning",
                    "https://example.invalid/TA1001", "Anyone can call it.", true),
                new RuleInfo("TA4001", "Sensitive data written to a log", RuleCategories.InformationDisclosure, null, RuleRisks.Medium, "warning",
                    "https://example.invalid/TA4001", "Logs are read widely.", false)),
            threatsState);

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public void RenderReadRender_IsTheIdentity(bool intermediate)
        {
            var model = SampleModel();
            var rendered = ModelJsonRenderer.Render(model, intermediate);

            var read = ModelJsonReader.Read(rendered);

            Assert.Equal(rendered, ModelJsonRenderer.Render(read, intermediate));
        }

        [Fact]
        public void Intermediate_KeepsEveryField_IncludingViaRulesAndThreatsState()
        {
            var model = SampleModel(ThreatsStates.Unknown);

            var read = ModelJsonReader.Read(ModelJsonRenderer.Render(model, intermediate: true));

            // Records with EquatableArray compare by content: the whole model comes back equal.
            Assert.Equal(model, read);
            Assert.Equal(ThreatsStates.Unknown, read.ThreatsState);
            Assert.Equal(new[] { "M:Clinic.Patients.Get(System.Int32)" }, read.Flows[0].Via);
            Assert.False(read.Rules[1].Evaluated);
            Assert.Null(read.Rules[1].Cwe);
        }

        [Fact]
        public void Artifact_CarriesEachFlowsVia_AndReadsBackTheSame()
        {
            var read = ModelJsonReader.Read(ModelJsonRenderer.Render(SampleModel()));

            Assert.Contains(read.Flows, flow => flow.Via.Count > 0);
            Assert.Equal(SampleModel(), read);
        }

        [Theory]
        [InlineData("[]", "$: expected an object, found an array")]
        [InlineData("{}", "$: required property 'schemaVersion' is missing")]
        [InlineData("""{ "schemaVersion": "2.0" }""", "$.schemaVersion: schema 2.0 is not readable by this version of ThreatAnalyzers (schema 1.3)")]
        [InlineData("""{ "schemaVersion": "1.3", "system": 5 }""", "$.system: expected a string, found a number")]
        public void ForeignJson_IsRejectedWithThePathOfTheProblem(string json, string message)
            => Assert.Equal(message, Assert.Throws<JsonFormatException>(() => ModelJsonReader.Read(json)).Message);

        [Fact]
        public void WrongShapeDeepInside_NamesTheJsonPath()
        {
            var json = ModelJsonRenderer.Render(SampleModel()).Replace("\"line\": 14", "\"line\": \"14\"");
            Assert.Equal("$.threats[1].related[0].line: expected a whole number, found a string", Assert.Throws<JsonFormatException>(() => ModelJsonReader.Read(json)).Message);
        }

        private static EquatableArray<T> Array<T>(params T[] items)
            where T : System.IEquatable<T>
            => new(items.ToImmutableArray());

        private static EquatableArray<string> Strings(params string[] items) => new(items.ToImmutableArray());
    }
}
