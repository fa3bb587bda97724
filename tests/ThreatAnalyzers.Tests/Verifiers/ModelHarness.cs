using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Modeling;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// Runs <see cref="ThreatModelAnalyzer"/> the way the command-line compiler does (every file, then the compilation's
    /// end) and decodes its output: the intermediate model (threat-model.model.json) the build step joins with the
    /// diagnostics. The final formats are rendered from <see cref="BuiltModel"/> with the renderers, as the build step does.
    /// </summary>
    public sealed class ModelHarness
    {
        public const string ProjectDirectory = "/src/Clinic";

        private ModelHarness(CSharpCompilation compilation, ImmutableArray<Diagnostic> diagnostics)
        {
            Compilation = compilation;
            Diagnostics = diagnostics;
        }

        public CSharpCompilation Compilation { get; }

        /// <summary>What the model analyzer reported (at most its one TA0000), and any exception the driver caught (AD0001).</summary>
        public ImmutableArray<Diagnostic> Diagnostics { get; }

        public static CSharpCompilation CreateCompilation(IEnumerable<string> sources, ImmutableArray<MetadataReference>? references = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, string assemblyName = "Clinic")
            => CSharpCompilation.Create(
                assemblyName,
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"{ProjectDirectory}/File{i}.cs")),
                references ?? TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Disable));

        public static ModelHarness Run(IEnumerable<string> sources, ImmutableArray<MetadataReference>? references = null, OutputKind kind = OutputKind.DynamicallyLinkedLibrary, IDictionary<string, string>? properties = null)
            => Run(CreateCompilation(sources, references, kind), properties);

        public static ModelHarness Run(CSharpCompilation compilation, IDictionary<string, string>? properties = null)
        {
            var options = new Dictionary<string, string>
            {
                ["build_property.MSBuildProjectDirectory"] = ProjectDirectory,
            };
            foreach (var pair in properties ?? new Dictionary<string, string>())
            {
                options[pair.Key] = pair.Value;
            }

            var diagnostics = compilation
                .WithAnalyzers(
                    ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatModelAnalyzer()),
                    new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new BuildProperties(options)), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
            return new ModelHarness(compilation, diagnostics);
        }

        public Dictionary<string, string> Artifacts()
        {
            Assert.DoesNotContain(Diagnostics, d => d.Id == "AD0001");

            // The model leaves the compiler as the property of one Info diagnostic, which the compiler writes to its log.
            Assert.True(Diagnostics.Length <= 1, string.Join("\n", Diagnostics));
            if (Diagnostics.IsEmpty)
            {
                return new Dictionary<string, string>();
            }

            var model = Diagnostics[0];
            Assert.Equal(ModelDiagnostic.Id, model.Id);
            Assert.Equal(DiagnosticSeverity.Info, model.Severity);
            Assert.Equal(Location.None, model.Location);
            return new Dictionary<string, string> { [ModelJsonRenderer.IntermediateFileName] = model.Properties[ModelDiagnostic.ModelProperty]! };
        }

        /// <summary>The intermediate model as the analyzer wrote it (flows with their <c>via</c> methods).</summary>
        public JsonElement Model() => JsonDocument.Parse(Artifacts()[ModelJsonRenderer.IntermediateFileName]).RootElement;

        /// <summary>The model as the build step reads it from the log, for rendering the final formats in tests.</summary>
        internal ThreatAnalyzers.Model.ThreatModel BuiltModel() => ModelJsonReader.Read(Artifacts()[ModelJsonRenderer.IntermediateFileName]);

        internal sealed class BuildProperties : AnalyzerConfigOptionsProvider
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
