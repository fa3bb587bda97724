using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.CrossProject
{
    /// <summary>
    /// Two projects in memory: a library compiled and emitted as a metadata reference, its flow record taken from the
    /// TA0010 diagnostic its build reports (as the build step takes it from the compiler's log), and an API compiled
    /// against the library with the record as an AdditionalFile (as the package's targets hand it in).
    /// </summary>
    internal static class CrossProjectHarness
    {
        public const string RecordPath = "/src/Shop.Data/bin/Debug/net10.0/Shop.Data" + FlowRecord.FileSuffix;

        /// <param name="source">The library's code.</param>
        /// <param name="record">Whether its build records its flows (ThreatAnalyzersRecordFlows).</param>
        /// <param name="asCompilation">Hand the library to the API as a compilation, as the IDE does for a project in the same solution, not as an assembly.</param>
        public static async Task<(MetadataReference Reference, string? Record, ImmutableArray<Diagnostic> Diagnostics)> BuildLibraryAsync(string source, bool record = true, bool asCompilation = false)
        {
            var compilation = Compile("Shop.Data", "/src/Shop.Data/Library.cs", source, TestReferences.WebWithLibraries);
            using var stream = new MemoryStream();
            var emitted = compilation.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var reference = asCompilation ? (MetadataReference)compilation.ToMetadataReference() : MetadataReference.CreateFromImage(stream.ToArray());

            var options = new Dictionary<string, string> { ["build_property.ThreatAnalyzersBuildDate"] = TestSetup.BuildDate };
            if (record)
            {
                options["build_property." + SummaryRecorder.Property] = "true";
            }

            var diagnostics = await AnalyzeAsync(compilation, options, ImmutableArray<AdditionalText>.Empty);
            var recordText = diagnostics.Where(d => d.Id == SummaryRecorder.Id).Select(d => d.Properties[SummaryRecorder.RecordProperty]).SingleOrDefault();
            return (reference, recordText, diagnostics);
        }

        /// <summary>A library of another name, which may reference other libraries (an infrastructure project implementing an application project's interface).</summary>
        public static async Task<(MetadataReference Reference, string? Record)> BuildNamedLibraryAsync(string name, string source, params MetadataReference[] references)
        {
            var compilation = Compile(name, "/src/" + name + "/Library.cs", source, TestReferences.WebWithLibraries.AddRange(references));
            using var stream = new MemoryStream();
            var emitted = compilation.Emit(stream);
            Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
            var diagnostics = await AnalyzeAsync(
                compilation,
                new Dictionary<string, string> { ["build_property.ThreatAnalyzersBuildDate"] = TestSetup.BuildDate, ["build_property." + SummaryRecorder.Property] = "true" },
                ImmutableArray<AdditionalText>.Empty);
            return (MetadataReference.CreateFromImage(stream.ToArray()), diagnostics.Where(d => d.Id == SummaryRecorder.Id).Select(d => d.Properties[SummaryRecorder.RecordProperty]).SingleOrDefault());
        }

        /// <summary>The API against several libraries, each record handed in as the file its project's build writes.</summary>
        public static async Task<ImmutableArray<Diagnostic>> BuildApiAsync(string source, params (string Name, MetadataReference Reference, string? Record)[] libraries)
        {
            var compilation = Compile("Shop.Api", "/src/Shop.Api/Api.cs", source, TestReferences.WebWithLibraries.AddRange(libraries.Select(l => l.Reference)));
            var files = libraries.Where(l => l.Record is not null)
                .Select(l => (AdditionalText)new InMemoryText("/src/" + l.Name + "/bin/Debug/net10.0/" + l.Name + FlowRecord.FileSuffix, l.Record!))
                .ToImmutableArray();
            return await AnalyzeAsync(compilation, new Dictionary<string, string> { ["build_property.ThreatAnalyzersBuildDate"] = TestSetup.BuildDate }, files);
        }

        public static async Task<(CSharpCompilation Compilation, ImmutableArray<Diagnostic> Diagnostics)> BuildApiAsync(string source, MetadataReference library, string? record)
        {
            var compilation = Compile("Shop.Api", "/src/Shop.Api/Api.cs", source, TestReferences.WebWithLibraries.Add(library));
            var files = record is null ? ImmutableArray<AdditionalText>.Empty : ImmutableArray.Create<AdditionalText>(new InMemoryText(RecordPath, record));
            var diagnostics = await AnalyzeAsync(compilation, new Dictionary<string, string> { ["build_property.ThreatAnalyzersBuildDate"] = TestSetup.BuildDate }, files);
            return (compilation, diagnostics);
        }

        /// <summary>The record a library's build reports, for code that may not compile (half-typed, as in an editor).</summary>
        public static async Task<(string? Record, ImmutableArray<Diagnostic> Diagnostics)> RecordOfAsync(string source)
        {
            var compilation = CSharpCompilation.Create(
                "Shop.Data",
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/src/Shop.Data/Library.cs") },
                TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var diagnostics = await AnalyzeAsync(
                compilation,
                new Dictionary<string, string> { ["build_property.ThreatAnalyzersBuildDate"] = TestSetup.BuildDate, ["build_property." + SummaryRecorder.Property] = "true" },
                ImmutableArray<AdditionalText>.Empty);
            return (diagnostics.Where(d => d.Id == SummaryRecorder.Id).Select(d => d.Properties[SummaryRecorder.RecordProperty]).SingleOrDefault(), diagnostics);
        }

        private static CSharpCompilation Compile(string name, string path, string source, IEnumerable<MetadataReference> references)
        {
            var compilation = CSharpCompilation.Create(
                name,
                new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: path) },
                references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation;
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(Compilation compilation, IDictionary<string, string> options, ImmutableArray<AdditionalText> files)
        {
            var diagnostics = await compilation
                .WithAnalyzers(
                    ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer(), new FlowRecordFileAnalyzer()),
                    new CompilationWithAnalyzersOptions(new AnalyzerOptions(files, new Options(options)), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false))
                .GetAnalyzerDiagnosticsAsync();
            Assert.False(diagnostics.Any(d => d.Id == "AD0001"), string.Join("\n", diagnostics.Where(d => d.Id == "AD0001").Select(d => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture))));
            return diagnostics;
        }

        public sealed class InMemoryText(string path, string text) : AdditionalText
        {
            public override string Path { get; } = path;

            public override SourceText GetText(CancellationToken cancellationToken = default) => SourceText.From(text);
        }

        /// <summary>The same options for every file and globally, as a build's global analyzer config gives them.</summary>
        internal sealed class Options(IDictionary<string, string> values) : AnalyzerConfigOptionsProvider
        {
            private readonly Values all = new(values.ToImmutableDictionary());

            public override AnalyzerConfigOptions GlobalOptions => all;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => all;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => all;

            private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
            {
                public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
            }
        }
    }
}
