using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Generation;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// Runs the threat-model generator the way the compiler does, with step tracking on, and decodes its output: the
    /// intermediate model (threat-model.model.json) the build step joins with the diagnostics. The final formats are
    /// rendered from <see cref="BuiltModel"/> with the renderers, as the build step does.
    /// </summary>
    public sealed class GeneratorHarness
    {
        public const string ProjectDirectory = "/src/Clinic";

        private GeneratorHarness(GeneratorDriver driver, CSharpCompilation compilation)
        {
            Driver = driver;
            Compilation = compilation;
        }

        public GeneratorDriver Driver { get; }

        public CSharpCompilation Compilation { get; }

        public GeneratorDriverRunResult Result => Driver.GetRunResult();

        public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, ImmutableArray<MetadataReference>? references = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, string assemblyName = "Clinic")
            => CSharpCompilation.Create(
                assemblyName,
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"{ProjectDirectory}/File{i}.cs")),
                references ?? TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Disable));

        public static GeneratorHarness Run(IEnumerable<string> sources, ImmutableArray<MetadataReference>? references = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, IDictionary<string, string>? properties = null)
            => Run(CreateCompilation(sources, references, kind), properties);

        public static GeneratorHarness Run(CSharpCompilation compilation, IDictionary<string, string>? properties = null)
        {
            var options = new Dictionary<string, string>
            {
                ["build_property.MSBuildProjectDirectory"] = ProjectDirectory,
            };
            foreach (var pair in properties ?? new Dictionary<string, string>())
            {
                options[pair.Key] = pair.Value;
            }

            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new ThreatModelGenerator().AsSourceGenerator() },
                parseOptions: (CSharpParseOptions)compilation.SyntaxTrees.First().Options,
                optionsProvider: new BuildProperties(options),
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);
            return new GeneratorHarness(driver, compilation);
        }

        /// <summary>Runs the same driver again on a changed compilation, as the IDE does after an edit.</summary>
        public GeneratorHarness RunAgain(CSharpCompilation changed) => new(Driver.RunGenerators(changed), changed);

        public Dictionary<string, string> Artifacts()
        {
            var result = Result;
            Assert.All(result.Results, r => Assert.Null(r.Exception));
            Assert.Empty(result.GeneratedTrees);

            // The model leaves the compiler as the property of one Info diagnostic, which the compiler writes to its log.
            Assert.True(result.Diagnostics.Length <= 1, string.Join("\n", result.Diagnostics));
            if (result.Diagnostics.IsEmpty)
            {
                return new Dictionary<string, string>();
            }

            var model = result.Diagnostics[0];
            Assert.Equal(ModelDiagnostic.Id, model.Id);
            Assert.Equal(DiagnosticSeverity.Info, model.Severity);
            Assert.Equal(Location.None, model.Location);
            return new Dictionary<string, string> { [ModelJsonRenderer.IntermediateFileName] = model.Properties[ModelDiagnostic.ModelProperty]! };
        }

        /// <summary>The intermediate model as the generator wrote it (flows with their <c>via</c> methods).</summary>
        public JsonElement Model() => JsonDocument.Parse(Artifacts()[ModelJsonRenderer.IntermediateFileName]).RootElement;

        /// <summary>The model value of the generator's model step, for rendering the final formats in tests.</summary>
        internal ThreatAnalyzers.Model.ThreatModel BuiltModel()
            => (ThreatAnalyzers.Model.ThreatModel)Result.Results.Single().TrackedSteps[TrackingNames.Model].Single().Outputs.Single().Value;

        private sealed class BuildProperties : AnalyzerConfigOptionsProvider
        {
            private readonly Options options;

            public BuildProperties(IDictionary<string, string> values) => options = new Options(values.ToImmutableDictionary());

            public override AnalyzerConfigOptions GlobalOptions => options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

            private sealed class Options : AnalyzerConfigOptions
            {
                public static readonly Options Empty = new(ImmutableDictionary<string, string>.Empty);

                private readonly ImmutableDictionary<string, string> values;

                public Options(ImmutableDictionary<string, string> values) => this.values = values;

                public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
            }
        }
    }

    /// <summary>Reading the JSON model in tests.</summary>
    public static class ModelJson
    {
        public static JsonElement Element(this JsonElement model, string name)
            => model.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("name").GetString() == name);

        public static bool HasElement(this JsonElement model, string name)
            => model.GetProperty("elements").EnumerateArray().Any(e => e.GetProperty("name").GetString() == name);

        public static JsonElement? Flow(this JsonElement model, string fromName, string toName)
        {
            var from = model.Element(fromName).GetProperty("id").GetString();
            var to = model.Element(toName).GetProperty("id").GetString();
            foreach (var flow in model.GetProperty("flows").EnumerateArray())
            {
                if (flow.GetProperty("from").GetString() == from && flow.GetProperty("to").GetString() == to)
                {
                    return flow;
                }
            }

            return null;
        }

        public static string[] Via(this JsonElement flow) => flow.Strings("via");

        public static string[] Strings(this JsonElement element, string property)
            => element.GetProperty(property).EnumerateArray().Select(e => e.GetString()!).ToArray();

        public static JsonElement[] Threats(this JsonElement model) => model.GetProperty("threats").EnumerateArray().ToArray();
    }
}
