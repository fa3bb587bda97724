using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Benchmarks.Corpus;
using ThreatAnalyzers.Generation;

namespace ThreatAnalyzers.Benchmarks
{
    /// <summary>Median and spread of a few timings, in milliseconds.</summary>
    public sealed record Timing(IReadOnlyList<double> Samples)
    {
        public double Median
        {
            get
            {
                var sorted = Samples.OrderBy(s => s).ToList();
                return sorted.Count == 0 ? double.NaN : sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
            }
        }

        public double Min => Samples.Min();

        public double Max => Samples.Max();

        public override string ToString()
            => Samples.Count == 1 ? $"{Median:F0} ms" : $"{Median:F0} ms ({Min:F0}–{Max:F0})";
    }

    /// <summary>What one tool did on one corpus.</summary>
    public sealed record ToolRun(string Tool, Timing Time, int Diagnostics, IReadOnlyDictionary<FlawKind, int> FlawsFound);

    /// <summary>Everything measured on one corpus size.</summary>
    public sealed record SizeResult(int Files, int Lines, IReadOnlyDictionary<FlawKind, int> FlawsPlanted, Timing Parse, Timing Compile, ToolRun Ours, Timing Generator, IReadOnlyList<ToolRun> Peers, long PeakManagedBytes);

    /// <summary>The generator after one edit inside one method body of the largest corpus.</summary>
    public sealed record IncrementalResult(int Files, Timing Rerun, IReadOnlyDictionary<string, string> ModelSteps, IReadOnlyDictionary<string, double> StepMilliseconds);

    /// <summary>Runs the measurements, in one process, on compilations of the generated corpus.</summary>
    public sealed class Measurements
    {
        private readonly ImmutableArray<MetadataReference> references;
        private readonly int iterations;

        public Measurements(int iterations)
        {
            this.iterations = iterations;
            var list = Path.Combine(AppContext.BaseDirectory, "corpus-references.txt");
            references = File.ReadAllLines(list).Where(l => l.Length > 0).Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
        }

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        public CSharpCompilation Compile(IEnumerable<SyntaxTree> trees)
            => CSharpCompilation.Create("Corpus", trees, references,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));

        public static List<SyntaxTree> Parse(GeneratedCorpus corpus)
            => corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: "/corpus/" + f.Path)).ToList();

        public async Task<SizeResult> MeasureAsync(GeneratedCorpus corpus, Tool ours, IReadOnlyList<Tool> peers, Action<string> log)
        {
            var parse = Time(() => Parse(corpus));
            var trees = Parse(corpus);
            var errors = Compile(trees).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("The corpus does not compile: " + string.Join("\n", errors.Take(5)));
            }

            log($"  compile ({corpus.Files.Count} files)");
            var compile = Time(() =>
            {
                using var stream = new MemoryStream();
                var result = Compile(trees).Emit(stream);
                if (!result.Success)
                {
                    throw new InvalidOperationException("emit failed");
                }
            });

            log("  ThreatAnalyzers analyzers");
            var (oursRun, peak) = await RunAnalyzersAsync(ours, trees, corpus, measureMemory: true);

            log("  ThreatAnalyzers generator");
            var generator = Time(() =>
            {
                GeneratorDriver driver = CSharpGeneratorDriver.Create(new[] { new ThreatModelGenerator().AsSourceGenerator() }, parseOptions: ParseOptions, optionsProvider: BuildProperties.Instance);
                driver = driver.RunGenerators(Compile(trees));
                return driver.GetTimingInfo().ElapsedTime.TotalMilliseconds;
            });

            var peerRuns = new List<ToolRun>();
            foreach (var peer in peers)
            {
                log("  " + peer.Name);
                peerRuns.Add((await RunAnalyzersAsync(peer, trees, corpus, measureMemory: false)).Run);
            }

            var planted = corpus.Flaws.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count());
            return new SizeResult(corpus.Files.Count, corpus.Lines, planted, parse, compile, oursRun, generator, peerRuns, peak);
        }

        /// <summary>The generator's re-run after an edit inside one method body, and what its model steps did.</summary>
        public IncrementalResult MeasureEdit(GeneratedCorpus corpus)
        {
            var trees = Parse(corpus);
            var compilation = Compile(trees);
            GeneratorDriver driver = CSharpGeneratorDriver.Create(
                new[] { new ThreatModelGenerator().AsSourceGenerator() }, parseOptions: ParseOptions, optionsProvider: BuildProperties.Instance,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));
            driver = driver.RunGenerators(compilation);

            var samples = new List<double>();
            var steps = new Dictionary<string, string>();
            var stepTimes = new Dictionary<string, double>();
            var target = trees.First(t => t.FilePath.EndsWith("Service.cs", StringComparison.Ordinal));
            for (var i = 0; i < Math.Max(3, iterations); i++)
            {
                var text = target.GetText().ToString().Replace("\"Loaded customer {Id}\"", $"\"Loaded customer {{Id}} ({i})\"");
                var edited = target.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text));
                compilation = compilation.ReplaceSyntaxTree(target, edited);
                target = edited;
                driver = driver.RunGenerators(compilation);
                samples.Add(driver.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                var tracked = driver.GetRunResult().Results[0].TrackedSteps;
                stepTimes = tracked.ToDictionary(p => p.Key, p => p.Value.Sum(r => r.ElapsedTime.TotalMilliseconds));
                foreach (var name in new[] { "MethodFacts", "ModelInputs", "Model", "Artifacts" })
                {
                    if (tracked.TryGetValue(name, out var runs))
                    {
                        var reasons = runs.SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(g => $"{g.Count()} {g.Key}");
                        steps[name] = string.Join(", ", reasons);
                    }
                }
            }

            return new IncrementalResult(corpus.Files.Count, new Timing(samples), steps, stepTimes);
        }

        private async Task<(ToolRun Run, long Peak)> RunAnalyzersAsync(Tool tool, List<SyntaxTree> trees, GeneratedCorpus corpus, bool measureMemory)
        {
            var samples = new List<double>();
            ImmutableArray<Diagnostic> diagnostics = default;
            long peak = 0;
            for (var i = 0; i < iterations; i++)
            {
                var compilation = Compile(trees);
                if (!tool.Enable.IsEmpty)
                {
                    compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(tool.Enable));
                }

                var withAnalyzers = compilation.WithAnalyzers(
                    tool.Analyzers,
                    new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, BuildProperties.Instance), null, concurrentAnalysis: true, logAnalyzerExecutionTime: true));
                using var sampler = measureMemory && i == 0 ? new PeakManagedMemory() : null;
                diagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync();
                peak = Math.Max(peak, sampler?.Peak ?? 0);
                var total = TimeSpan.Zero;
                foreach (var analyzer in tool.Analyzers)
                {
                    total += (await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None)).ExecutionTime;
                }

                samples.Add(total.TotalMilliseconds);
            }

            var found = new Dictionary<FlawKind, int>();
            foreach (var flaw in corpus.Flaws)
            {
                var hit = diagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning && d.Location.IsInSource
                                               && d.Location.SourceTree!.FilePath == "/corpus/" + flaw.Path
                                               && d.Location.GetLineSpan().StartLinePosition.Line + 1 == flaw.Line);
                found[flaw.Kind] = found.GetValueOrDefault(flaw.Kind) + (hit ? 1 : 0);
            }

            var count = diagnostics.Count(d => d.Severity >= DiagnosticSeverity.Warning && !d.Id.StartsWith("AD", StringComparison.Ordinal));
            return (new ToolRun(tool.Name, new Timing(samples), count, found), peak);
        }

        private Timing Time(Action action) => Time(() =>
        {
            var stopwatch = Stopwatch.StartNew();
            action();
            return stopwatch.Elapsed.TotalMilliseconds;
        });

        private Timing Time(Func<double> measured)
        {
            var samples = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                samples.Add(measured());
            }

            return new Timing(samples);
        }

        /// <summary>Samples the managed heap while an analysis runs and keeps the highest value.</summary>
        private sealed class PeakManagedMemory : IDisposable
        {
            private readonly Timer timer;

            public PeakManagedMemory()
            {
                Peak = GC.GetTotalMemory(false);
                timer = new Timer(_ => Peak = Math.Max(Peak, GC.GetTotalMemory(false)), null, 0, 10);
            }

            public long Peak { get; private set; }

            public void Dispose() => timer.Dispose();
        }

        /// <summary>The MSBuild properties the package would pass: the generator writes all four artifacts.</summary>
        private sealed class BuildProperties : AnalyzerConfigOptionsProvider
        {
            public static readonly BuildProperties Instance = new();

            private readonly Values values = new();

            public override AnalyzerConfigOptions GlobalOptions => values;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => values;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => values;

            private sealed class Values : AnalyzerConfigOptions
            {
                private static readonly Dictionary<string, string> Properties = new()
                {
                    ["build_property.MSBuildProjectDirectory"] = "/corpus",
                    ["build_property.ThreatAnalyzersBuildDate"] = "2026-11-27",
                };

                public override bool TryGetValue(string key, out string value) => Properties.TryGetValue(key, out value!);
            }
        }
    }
}
