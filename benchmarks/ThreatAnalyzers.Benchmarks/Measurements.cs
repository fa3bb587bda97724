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

        /// <summary>Max − min over the samples (0 with one sample).</summary>
        public double Spread => Samples.Count == 0 ? double.NaN : Max - Min;

        public override string ToString()
            => Samples.Count == 1 ? $"{Median:F0} ms" : $"{Median:F0} ms ({Min:F0}–{Max:F0})";

        public static Timing Of(IEnumerable<double> samples) => new(samples.ToList());
    }

    /// <summary>
    /// One tool on one compilation: the wall-clock and process-CPU time of a whole <see cref="CompilationWithAnalyzers"/>
    /// pass with the tool and the binding baseline; that time minus the baseline's alone (same iteration, the mean of the
    /// baseline run before and after, so drift cancels); for ours, the driver's telemetry summed over our analyzers
    /// (from a separate pass: the build-shaped call records none).
    /// </summary>
    public sealed record ToolRun(string Tool, Timing Wall, Timing Cpu, Timing AboveBinding, Timing CpuAboveBinding, Timing? Telemetry, int Diagnostics, IReadOnlyDictionary<FlawKind, int> FlawsFound)
    {
        /// <summary>AD0001 diagnostics naming one of the tool's analyzers: an analyzer threw.</summary>
        public int AnalyzerExceptions { get; init; }

        /// <summary>Warnings on no planted flaw's line, by rule: what the tool says about the code written to be safe.</summary>
        public IReadOnlyDictionary<string, int> Unplanted { get; init; } = new Dictionary<string, int>();
    }

    /// <summary>The binding baseline alone: wall and CPU time, run-to-run noise (|before − after| in one iteration), operations walked.</summary>
    public sealed record BaselineRun(Timing Wall, Timing Cpu, Timing Noise, long Operations);

    /// <summary>Everything measured on one compilation.</summary>
    public sealed record SizeResult(int Files, int Lines, IReadOnlyDictionary<FlawKind, int> FlawsPlanted, Timing Compile, BaselineRun Baseline, ToolRun Ours, Timing Generator, IReadOnlyList<ToolRun> Peers, long PeakManagedBytes)
    {
        /// <summary>What the flow records cost, when measured: ours with the baseline, records on and off.</summary>
        public RecordsCost? Records { get; init; }

        /// <summary>Bytes the generator allocated per run (MB): how its work grows, free of when a collection falls.</summary>
        public Timing? GeneratorAllocated { get; init; }

        /// <summary>The iterations of several measurements of the same corpus (without peers or records) as one.</summary>
        public static SizeResult Merge(IReadOnlyList<SizeResult> runs)
        {
            static Timing All(IEnumerable<Timing> timings) => Timing.Of(timings.SelectMany(t => t.Samples));
            var last = runs[^1];
            var ours = last.Ours with
            {
                Wall = All(runs.Select(r => r.Ours.Wall)),
                Cpu = All(runs.Select(r => r.Ours.Cpu)),
                AboveBinding = All(runs.Select(r => r.Ours.AboveBinding)),
                CpuAboveBinding = All(runs.Select(r => r.Ours.CpuAboveBinding)),
                Telemetry = runs.All(r => r.Ours.Telemetry is not null) ? All(runs.Select(r => r.Ours.Telemetry!)) : null,
                AnalyzerExceptions = runs.Max(r => r.Ours.AnalyzerExceptions),
            };
            return last with
            {
                Compile = All(runs.Select(r => r.Compile)),
                Baseline = new BaselineRun(All(runs.Select(r => r.Baseline.Wall)), All(runs.Select(r => r.Baseline.Cpu)), All(runs.Select(r => r.Baseline.Noise)), last.Baseline.Operations),
                Ours = ours,
                Generator = All(runs.Select(r => r.Generator)),
                GeneratorAllocated = runs.All(r => r.GeneratorAllocated is not null) ? All(runs.Select(r => r.GeneratorAllocated!)) : null,
                PeakManagedBytes = runs.Max(r => r.PeakManagedBytes),
            };
        }
    }

    /// <summary>
    /// The flow records' cost, from rounds of two passes of ours with the baseline, one with the records on (as the
    /// package's targets set them) and one with them off, the order alternating from round to round (on then off, off
    /// then on, ...). Each round's difference is on minus off. With as many rounds of each order, what the second pass
    /// of a pair pays (or saves) and a steady drift fall on each configuration alike: the mean difference is the
    /// records' cost (RecordsEstimate.Cost), and half the gap between the two orders' mean differences is what running
    /// second costs, one pass's drift included (RecordsEstimate.SecondOfPair). What is left over after both is the
    /// rounds' noise, from which the cost's 95 % interval is cost ± RecordsEstimate.Resolution (Student's t for
    /// rounds − 2 degrees of freedom times the standard error).
    /// </summary>
    /// <remarks>
    /// Allocation is measured the same way (MB allocated by the process during the pass): it varies far less from pass
    /// to pass than time does, so work the records add shows there at a resolution the times cannot reach.
    /// </remarks>
    public sealed record RecordsCost(int Rounds, Timing On, Timing Off, IReadOnlyList<(double Difference, bool OnFirst)> Differences, RecordsEstimate Wall, RecordsEstimate Cpu, RecordsEstimate Allocated, double OffAllocated)
    {
        /// <summary>AD0001 reports of our analyzers in any of the rounds' passes, records on or off (the most in one pass).</summary>
        public int AnalyzerExceptions { get; init; }

        public static RecordsCost Of(IReadOnlyList<(double On, double Off, bool OnFirst)> wall, IReadOnlyList<(double On, double Off, bool OnFirst)> cpu, IReadOnlyList<(double On, double Off, bool OnFirst)> megabytes)
            => new(wall.Count, Timing.Of(wall.Select(r => r.On)), Timing.Of(wall.Select(r => r.Off)), wall.Select(r => (r.On - r.Off, r.OnFirst)).ToList(),
                RecordsEstimate.Of(wall), RecordsEstimate.Of(cpu), RecordsEstimate.Of(megabytes), megabytes.Average(r => r.Off));
    }

    /// <summary>
    /// One measure (wall-clock or CPU time) of <see cref="RecordsCost"/>: the cost (mean of on minus off over the rounds),
    /// what running second in a pair costs, and the half-width of the cost's 95 % interval.
    /// </summary>
    public sealed record RecordsEstimate(double Cost, double SecondOfPair, double Resolution)
    {
        /// <summary>The 95 % interval's upper end: the most the records cost by these rounds.</summary>
        public double UpperEnd => Cost + Resolution;

        /// <summary>The 95 % interval's lower end: the least the records cost by these rounds.</summary>
        public double LowerEnd => Cost - Resolution;

        public static RecordsEstimate Of(IReadOnlyList<(double On, double Off, bool OnFirst)> rounds)
        {
            // difference = cost + order × position + noise, order +1 when the records-on pass ran first: with the orders
            // balanced, the two estimates are the plain and the signed means, and the residuals what neither explains.
            var differences = rounds.Select(r => r.On - r.Off).ToList();
            var signs = rounds.Select(r => r.OnFirst ? 1.0 : -1.0).ToList();
            var cost = differences.Average();
            var position = differences.Zip(signs, (d, s) => d * s).Average();
            var freedom = rounds.Count - 2;
            if (freedom < 1)
            {
                return new RecordsEstimate(cost, -position, double.NaN);
            }

            var residuals = differences.Zip(signs, (d, s) => d - cost - position * s).ToList();
            var standardError = Math.Sqrt(residuals.Sum(e => e * e) / freedom / rounds.Count);
            // With records on first, a slower second pass (the records-off one) lowers the difference: position is minus
            // what running second costs.
            return new RecordsEstimate(cost, -position, StudentT95(freedom) * standardError);
        }

        /// <summary>The two-sided 95 % quantile of Student's t distribution.</summary>
        private static double StudentT95(int freedom) => freedom switch
        {
            1 => 12.706, 2 => 4.303, 3 => 3.182, 4 => 2.776, 5 => 2.571, 6 => 2.447, 7 => 2.365, 8 => 2.306, 9 => 2.262, 10 => 2.228,
            // Beyond, the normal quantile: a little narrower than t's, so the interval errs towards seeing a cost.
            _ => 1.960,
        };
    }

    /// <summary>The long-method case at one method size (0 = the small app alone).</summary>
    public sealed record MethodSizeResult(int Statements, SizeResult Result);

    /// <summary>What a generator did in one driver run after the edit.</summary>
    public sealed record GeneratorRerun(Timing Time, IReadOnlyDictionary<string, string> Steps, IReadOnlyDictionary<string, double> StepMilliseconds, int StepsRun, int SourcesAdded);

    /// <summary>After one edit inside one method body of a corpus: the generator in both drivers, and the edited document's analysis.</summary>
    public sealed record IncrementalResult(int Files, GeneratorRerun CommandLine, GeneratorRerun Ide, Timing DocumentOurs, Timing DocumentBaseline, int DocumentDiagnostics)
    {
        /// <summary>The edited document, and whether a personal-data leak was planted in it.</summary>
        public string Document { get; init; } = string.Empty;

        public bool DocumentHasPlantedFlaw { get; init; }

        /// <summary>Set from <see cref="Measurements.ImplementationOnlySkippedInIde"/>.</summary>
        public bool ProbeConfirmsIdeSkip { get; init; }
    }

    /// <summary>Runs the measurements, in one process, on compilations of the generated corpora.</summary>
    public sealed class Measurements
    {
        private readonly ImmutableArray<MetadataReference> references;
        private readonly int iterations;
        private readonly Tool baseline = Tool.BindingBaseline();

        public Measurements(int iterations)
        {
            this.iterations = iterations;
            var list = Path.Combine(AppContext.BaseDirectory, "corpus-references.txt");
            var paths = File.ReadAllLines(list).Where(l => l.Length > 0).ToList();
            references = paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();

            // A class library with nothing to model references what such a library does (the base class library, logging
            // abstractions, and the annotations, since it uses the package), not the web, data and cloud frameworks.
            libraryReferences = paths
                .Where(p => p.Replace('\\', '/').Contains("/microsoft.netcore.app.ref/", StringComparison.OrdinalIgnoreCase)
                            || Path.GetFileName(p) is "Microsoft.Extensions.Logging.Abstractions.dll" or "Microsoft.Extensions.DependencyInjection.Abstractions.dll" or "ThreatAnalyzers.Annotations.dll")
                .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
                .ToImmutableArray();
        }

        private readonly ImmutableArray<MetadataReference> libraryReferences;

        public static CSharpParseOptions ParseOptions { get; } = new(LanguageVersion.Latest);

        public CSharpCompilation Compile(IEnumerable<SyntaxTree> trees, OutputKind kind = OutputKind.ConsoleApplication)
            => CSharpCompilation.Create("Corpus", trees, kind == OutputKind.DynamicallyLinkedLibrary ? libraryReferences : references,
                new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable, concurrentBuild: true));

        public static List<SyntaxTree> Parse(GeneratedCorpus corpus)
            => corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, ParseOptions, path: "/corpus/" + f.Path)).ToList();

        /// <summary>Runs every kind of measurement once on a tiny corpus, so that no measured run pays for JIT compilation.</summary>
        public async Task WarmUpAsync(Tool ours, IReadOnlyList<Tool> peers)
        {
            var corpus = CorpusGenerator.Generate(9, 1);
            var trees = Parse(corpus);
            using (var stream = new MemoryStream())
            {
                Compile(trees).Emit(stream);
            }

            foreach (var tool in new[] { ours }.Concat(peers))
            {
                await RunPassAsync(Compile(trees), tool, withBaseline: true, measureMemory: false);
            }

            await RunPassAsync(Compile(trees), null, withBaseline: true, measureMemory: false);
            RunGenerators(ours, new[] { (Compilation)Compile(trees) }, disabledOutputs: IncrementalGeneratorOutputKind.None);
            var tree = trees.First(t => t.FilePath.EndsWith("Service.cs", StringComparison.Ordinal));
            await AnalyzeDocumentAsync(Compile(trees), tree, ours.Analyzers);
            await AnalyzeDocumentAsync(Compile(trees), tree, baseline.Analyzers);

            var probe = CSharpGeneratorDriver.Create(new[] { new ImplementationOnlyProbe().AsSourceGenerator() }, parseOptions: ParseOptions, optionsProvider: BuildProperties.Instance,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.Implementation, trackIncrementalGeneratorSteps: true));
            var probeResult = probe.RunGenerators(Compile(trees)).GetRunResult().Results[0];
            ImplementationOnlySkippedInIde = probeResult.TrackedSteps.Count == 0 && probeResult.GeneratedSources.IsEmpty;
        }

        /// <summary>
        /// Whether, on this Roslyn, a generator with only implementation outputs ran no step and added no source in the
        /// IDE-shaped driver (checked during the warm-up with <see cref="ImplementationOnlyProbe"/>).
        /// </summary>
        public bool ImplementationOnlySkippedInIde { get; private set; }

        /// <summary>
        /// Compile, the binding baseline, each tool with the baseline and the generator on fresh compilations of one corpus,
        /// interleaved per iteration (baseline, tools, baseline again) so that drift affects them alike; then, when
        /// <paramref name="recordsRounds"/> is above 0, that many rounds of the flow records' measurement.
        /// </summary>
        /// <param name="generatorRuns">
        /// Generator runs per iteration, back to back on fresh compilations, their mean time: for small compilations, whose
        /// one run lasts a few dozen milliseconds, so that the collections the runs' allocations cause are spread over
        /// them as in a long build rather than falling whole on whichever run crosses the young generation's budget.
        /// </param>
        public async Task<SizeResult> MeasureAsync(GeneratedCorpus corpus, OutputKind kind, Tool ours, IReadOnlyList<Tool> peers, Action<string> log, int? iterations = null, int recordsRounds = 0, int generatorRuns = 1)
        {
            var count = iterations ?? this.iterations;
            var trees = Parse(corpus);
            var errors = Compile(trees, kind).GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            if (errors.Count > 0)
            {
                throw new InvalidOperationException("The corpus does not compile: " + string.Join("\n", errors.Take(5)));
            }

            var tools = new[] { ours }.Concat(peers).ToList();
            var compile = new List<double>();
            var generator = new List<double>();
            var generatorAllocated = new List<double>();
            var baseWall = new List<double>();
            var baseCpu = new List<double>();
            var noise = new List<double>();
            var runs = tools.Select(_ => new List<PassResult>()).ToList();
            var telemetry = new List<double>();
            long peak = 0;
            long operations = 0;
            // Every pass compiles trees parsed for it (outside its timing), as every build parses its files: what an
            // analyzer or the compiler keeps with a tree must not carry over from one pass to the next.
            CSharpCompilation Fresh() => Compile(Parse(corpus), kind);

            for (var i = 0; i < count; i++)
            {
                log($"  iteration {i + 1}: compile");
                var parsed = Parse(corpus);
                compile.Add(Stopwatched(() =>
                {
                    using var stream = new MemoryStream();
                    if (!Compile(parsed, kind).Emit(stream).Success)
                    {
                        throw new InvalidOperationException("emit failed");
                    }
                }));

                log("  binding baseline");
                var before = await RunPassAsync(Fresh(), null, withBaseline: true, measureMemory: false);
                operations = before.BaselineOperations;
                for (var t = 0; t < tools.Count; t++)
                {
                    // Only each tool's latest diagnostics are kept (the flaws found are counted on them), dropped before its
                    // next pass: a heap that grew with every pass's diagnostics, and the trees they hold, would make later
                    // passes dearer.
                    if (runs[t].Count > 0)
                    {
                        runs[t][^1] = runs[t][^1] with { Diagnostics = ImmutableArray<Diagnostic>.Empty };
                    }

                    log($"  {tools[t].Name} + binding baseline");
                    var measureMemory = t == 0 && i == 0;
                    var run = await RunPassAsync(Fresh(), tools[t], withBaseline: true, measureMemory);
                    runs[t].Add(run);
                    peak = measureMemory ? run.PeakManagedBytes : peak;
                }

                log("  binding baseline");
                var after = await RunPassAsync(Fresh(), null, withBaseline: true, measureMemory: false);
                baseWall.Add((before.Wall + after.Wall) / 2);
                baseCpu.Add((before.Cpu + after.Cpu) / 2);
                noise.Add(Math.Abs(before.Wall - after.Wall));

                log($"  {ours.Name} + binding baseline: callbacks (telemetry)");
                telemetry.Add(await RunTelemetryPassAsync(Fresh(), ours));

                log(generatorRuns == 1 ? "  generator" : $"  generator, {generatorRuns} runs");
                var (generatorTime, allocated) = RunGenerators(ours, Enumerable.Range(0, generatorRuns).Select(_ => (Compilation)Fresh()).ToList(), IncrementalGeneratorOutputKind.None);
                generator.Add(generatorTime);
                generatorAllocated.Add(allocated);
            }

            var records = recordsRounds > 0 ? await MeasureRecordsAsync(Fresh, ours, recordsRounds, log) : null;
            var toolRuns = tools.Select((tool, t) => Summarize(tool, runs[t], baseWall, baseCpu, t == 0 ? telemetry : null, corpus)).ToList();
            if (records is not null)
            {
                toolRuns[0] = toolRuns[0] with { AnalyzerExceptions = Math.Max(toolRuns[0].AnalyzerExceptions, records.AnalyzerExceptions) };
            }

            return new SizeResult(corpus.Files.Count, corpus.Lines, corpus.Flaws.GroupBy(f => f.Kind).ToDictionary(g => g.Key, g => g.Count()), Timing.Of(compile),
                new BaselineRun(Timing.Of(baseWall), Timing.Of(baseCpu), Timing.Of(noise), operations),
                toolRuns[0], Timing.Of(generator), toolRuns.Skip(1).ToList(), peak) { Records = records, GeneratorAllocated = Timing.Of(generatorAllocated) };
        }

        /// <summary>
        /// The flow records' cost (see <see cref="RecordsCost"/>), after the iterations: rounds of ours with the baseline,
        /// records on and off, the order alternating, after one pass not timed. None of these passes' diagnostics is kept
        /// beyond counting our analyzers' exceptions (AD0001) in them.
        /// </summary>
        private async Task<RecordsCost> MeasureRecordsAsync(Func<CSharpCompilation> fresh, Tool ours, int rounds, Action<string> log)
        {
            var wall = new List<(double On, double Off, bool OnFirst)>();
            var cpu = new List<(double On, double Off, bool OnFirst)>();
            var allocated = new List<(double On, double Off, bool OnFirst)>();
            var exceptions = 0;
            // The first pass after the iterations' generator runs would carry whatever they left to the first round only.
            log("  flow records: one pass not timed");
            await TimedPassAsync(recordFlows: true);
            for (var round = 0; round < rounds; round++)
            {
                var onFirst = round % 2 == 0;
                log($"  flow records, round {round + 1} of {rounds}: {(onFirst ? "on, off" : "off, on")}");
                var first = await TimedPassAsync(recordFlows: onFirst);
                var second = await TimedPassAsync(recordFlows: !onFirst);
                var (on, off) = onFirst ? (first, second) : (second, first);
                wall.Add((on.Wall, off.Wall, onFirst));
                cpu.Add((on.Cpu, off.Cpu, onFirst));
                allocated.Add((on.Megabytes, off.Megabytes, onFirst));
                log($"    on {on.Wall:F0} ms, {on.Megabytes:F1} MB; off {off.Wall:F0} ms, {off.Megabytes:F1} MB");
            }

            return RecordsCost.Of(wall, cpu, allocated) with { AnalyzerExceptions = exceptions };

            async Task<(double Wall, double Cpu, double Megabytes)> TimedPassAsync(bool recordFlows)
            {
                // One thread, the compiler's binding and the analysis both: where threads race to bind or analyze the same
                // thing and keep one result, what a pass allocates varies by tens of MB in a web corpus, far more than 1 % of it.
                var compilation = fresh();
                compilation = compilation.WithOptions(compilation.Options.WithConcurrentBuild(false));
                var pass = await RunPassAsync(compilation, ours, withBaseline: true, measureMemory: false, recordFlows, concurrent: false);
                exceptions = Math.Max(exceptions, AnalyzerExceptionsOf(ours, pass.Diagnostics));
                return (pass.Wall, pass.Cpu, pass.Allocated / 1048576.0);
            }
        }

        /// <summary>The generator's re-run after an edit inside one method body, in both drivers, and the edited document's analysis.</summary>
        public async Task<IncrementalResult> MeasureEditAsync(GeneratedCorpus corpus, Tool ours, Action<string> log)
        {
            var trees = Parse(corpus);
            var compilation = Compile(trees);
            var generators = ours.Generators.Select(g => g.AsSourceGenerator()).ToArray();
            GeneratorDriver commandLine = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions, optionsProvider: BuildProperties.Instance,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

            // What Visual Studio and the language server do: implementation outputs are turned off in the IDE.
            GeneratorDriver ide = CSharpGeneratorDriver.Create(generators, parseOptions: ParseOptions, optionsProvider: BuildProperties.Instance,
                driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.Implementation, trackIncrementalGeneratorSteps: true));
            log("  first generator runs");
            commandLine = commandLine.RunGenerators(compilation);
            ide = ide.RunGenerators(compilation);

            // A service with a planted personal-data leak when there is one, so that the document has a finding to report.
            var leaky = corpus.Flaws.Where(f => f.Kind == FlawKind.PiiLogging).Select(f => "/corpus/" + f.Path).ToHashSet(StringComparer.Ordinal);
            var target = trees.FirstOrDefault(t => leaky.Contains(t.FilePath)) ?? trees.First(t => t.FilePath.EndsWith("Service.cs", StringComparison.Ordinal));
            var planted = leaky.Contains(target.FilePath);
            var commandLineTimes = new List<double>();
            var ideTimes = new List<double>();
            var documentOurs = new List<double>();
            var documentBaseline = new List<double>();
            GeneratorRerun? lastCommandLine = null;
            GeneratorRerun? lastIde = null;
            var documentDiagnostics = 0;
            for (var i = 0; i < Math.Max(3, iterations); i++)
            {
                log($"  edit {i + 1}");
                var text = target.GetText().ToString().Replace("\"Loaded customer {Id}\"", $"\"Loaded customer {{Id}} ({i})\"");
                var edited = target.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(text));
                compilation = compilation.ReplaceSyntaxTree(target, edited);
                target = edited;

                // The edited document, the way the IDE asks for it: a compilation nothing has been asked of yet (a clone
                // drops every symbol and bound node), a fresh CompilationWithAnalyzers, only this document's semantic diagnostics.
                var (oursTime, diagnostics) = await AnalyzeDocumentAsync(compilation.Clone(), edited, ours.Analyzers);
                documentOurs.Add(oursTime);
                documentDiagnostics = diagnostics;
                documentBaseline.Add((await AnalyzeDocumentAsync(compilation.Clone(), edited, baseline.Analyzers)).Milliseconds);

                commandLine = commandLine.RunGenerators(compilation);
                commandLineTimes.Add(commandLine.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                lastCommandLine = Rerun(commandLine, commandLineTimes);
                ide = ide.RunGenerators(compilation);
                ideTimes.Add(ide.GetTimingInfo().ElapsedTime.TotalMilliseconds);
                lastIde = Rerun(ide, ideTimes);
            }

            return new IncrementalResult(corpus.Files.Count, lastCommandLine!, lastIde!, Timing.Of(documentOurs), Timing.Of(documentBaseline), documentDiagnostics)
            {
                Document = target.FilePath,
                DocumentHasPlantedFlaw = planted,
                ProbeConfirmsIdeSkip = ImplementationOnlySkippedInIde,
            };
        }

        private static GeneratorRerun Rerun(GeneratorDriver driver, List<double> times)
        {
            var results = driver.GetRunResult().Results;
            var tracked = results.SelectMany(r => r.TrackedSteps).ToList();
            var steps = tracked
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => string.Join(", ", g.SelectMany(p => p.Value).SelectMany(r => r.Outputs).GroupBy(o => o.Reason).Select(r => $"{r.Count()} {r.Key}")));
            var stepTimes = tracked
                .GroupBy(p => p.Key, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.SelectMany(p => p.Value).Sum(r => r.ElapsedTime.TotalMilliseconds));
            var run = tracked.Sum(p => p.Value.Length);
            return new GeneratorRerun(Timing.Of(times), steps, stepTimes, run, results.Sum(r => r.GeneratedSources.Length));
        }

        private async Task<(double Milliseconds, int Diagnostics)> AnalyzeDocumentAsync(Compilation compilation, SyntaxTree tree, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            Quiesce();
            var stopwatch = Stopwatch.StartNew();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, Options());
            var model = compilation.GetSemanticModel(tree);
            var diagnostics = await withAnalyzers.GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, CancellationToken.None);
            return (stopwatch.Elapsed.TotalMilliseconds, diagnostics.Count(d => d.Severity >= DiagnosticSeverity.Warning));
        }

        /// <summary>
        /// Runs every generator of the tool once on each compilation, back to back (the heap collected once, before the
        /// first): the mean of the driver's own timings, and the mean bytes allocated per run (MB).
        /// </summary>
        private static (double Milliseconds, double AllocatedMegabytes) RunGenerators(Tool tool, IReadOnlyList<Compilation> compilations, IncrementalGeneratorOutputKind disabledOutputs)
        {
            var drivers = compilations.Select(_ => (GeneratorDriver)CSharpGeneratorDriver.Create(tool.Generators.Select(g => g.AsSourceGenerator()), parseOptions: ParseOptions,
                optionsProvider: BuildProperties.Instance, driverOptions: new GeneratorDriverOptions(disabledOutputs))).ToList();
            Quiesce();
            var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var total = 0.0;
            for (var run = 0; run < drivers.Count; run++)
            {
                total += drivers[run].RunGenerators(compilations[run]).GetTimingInfo().ElapsedTime.TotalMilliseconds;
            }

            return (total / drivers.Count, (GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore) / 1048576.0 / drivers.Count);
        }

        /// <summary>One pass's times and diagnostics; <see cref="AnalyzerExceptions"/>: the tool's AD0001 reports in it.</summary>
        private sealed record PassResult(double Wall, double Cpu, ImmutableArray<Diagnostic> Diagnostics, long PeakManagedBytes, long BaselineOperations, int AnalyzerExceptions)
        {
            /// <summary>Bytes the process allocated during the pass (all threads).</summary>
            public long Allocated { get; init; }
        }

        /// <summary>The driver's reports of one of the tool's analyzers throwing (AD0001 names the analyzer's type).</summary>
        private static int AnalyzerExceptionsOf(Tool tool, ImmutableArray<Diagnostic> diagnostics)
        {
            var typeNames = tool.Analyzers.Select(a => a.GetType().Name).ToList();
            return diagnostics.Count(d => d.Id == "AD0001" && typeNames.Any(n => d.GetMessage(System.Globalization.CultureInfo.InvariantCulture).Contains(n, StringComparison.Ordinal)));
        }

        /// <summary>One whole-compilation analysis pass: the tool's analyzers (if any) and the binding baseline, in one driver.</summary>
        private async Task<PassResult> RunPassAsync(CSharpCompilation compilation, Tool? tool, bool withBaseline, bool measureMemory, bool recordFlows = true, bool concurrent = true)
        {
            if (tool is { Enable.IsEmpty: false })
            {
                compilation = compilation.WithOptions(compilation.Options.WithSpecificDiagnosticOptions(tool.Enable));
            }

            var baselineAnalyzer = new BindingBaselineAnalyzer();
            var analyzers = (tool?.Analyzers ?? ImmutableArray<DiagnosticAnalyzer>.Empty).AddRange(withBaseline ? new DiagnosticAnalyzer[] { baselineAnalyzer } : Array.Empty<DiagnosticAnalyzer>());
            Quiesce();
            using var sampler = measureMemory ? new PeakManagedMemory() : null;
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var cpu = Environment.CpuUsage.TotalTime;
            var stopwatch = Stopwatch.StartNew();
            var withAnalyzers = compilation.WithAnalyzers(analyzers, Options(recordFlows, concurrent));
            // All diagnostics, as the command-line compiler asks for them: compiler diagnostics feed the driver's events
            // anyway, and suppressors get to see them as they would in a build.
            var diagnostics = await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None);
            var wall = stopwatch.Elapsed.TotalMilliseconds;
            var cpuTime = (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds;
            allocated = GC.GetTotalAllocatedBytes(precise: true) - allocated;
            var peak = sampler?.Peak ?? 0;
            return new PassResult(wall, cpuTime, diagnostics, peak, baselineAnalyzer.Operations, tool is null ? 0 : AnalyzerExceptionsOf(tool, diagnostics)) { Allocated = allocated };
        }

        /// <summary>
        /// The same configuration (the tool and the baseline), asked with GetAnalysisResultAsync, whose result carries the
        /// driver's execution-time telemetry (GetAllDiagnosticsAsync records none): the time inside the tool's callbacks.
        /// </summary>
        private async Task<double> RunTelemetryPassAsync(CSharpCompilation compilation, Tool tool)
        {
            var analyzers = tool.Analyzers.Add(new BindingBaselineAnalyzer());
            Quiesce();
            var result = await compilation.WithAnalyzers(analyzers, Options()).GetAnalysisResultAsync(CancellationToken.None);
            return tool.Analyzers.Sum(a => result.AnalyzerTelemetryInfo.TryGetValue(a, out var info) ? info.ExecutionTime.TotalMilliseconds : 0);
        }

        private static ToolRun Summarize(Tool tool, List<PassResult> runs, List<double> baseWall, List<double> baseCpu, List<double>? telemetry, GeneratedCorpus corpus)
        {
            var ids = tool.Analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var all = runs[^1].Diagnostics;
            var diagnostics = all.Where(d => ids.Contains(d.Id) && !d.IsSuppressed).ToList();
            // Every pass's exceptions count, not only the last one's (whose diagnostics alone are kept).
            var exceptions = runs.Max(r => r.AnalyzerExceptions);
            var found = new Dictionary<FlawKind, int>();
            foreach (var flaw in corpus.Flaws)
            {
                // On its line, or pointing at it: a finding reported where the chain to the sink starts names the sink as a related location.
                var hit = diagnostics.Any(d => d.Severity >= DiagnosticSeverity.Warning
                                               && new[] { d.Location }.Concat(d.AdditionalLocations).Any(l => IsOnLine(l, flaw)));
                found[flaw.Kind] = found.GetValueOrDefault(flaw.Kind) + (hit ? 1 : 0);
            }

            var count = diagnostics.Count(d => d.Severity >= DiagnosticSeverity.Warning);
            return new ToolRun(tool.Name,
                Timing.Of(runs.Select(r => r.Wall)),
                Timing.Of(runs.Select(r => r.Cpu)),
                Timing.Of(runs.Select((r, i) => r.Wall - baseWall[i])),
                Timing.Of(runs.Select((r, i) => r.Cpu - baseCpu[i])),
                telemetry is null ? null : Timing.Of(telemetry),
                count,
                found)
            {
                AnalyzerExceptions = exceptions,
                Unplanted = diagnostics
                    .Where(d => d.Severity >= DiagnosticSeverity.Warning && !corpus.Flaws.Any(f => new[] { d.Location }.Concat(d.AdditionalLocations).Any(l => IsOnLine(l, f))))
                    .GroupBy(d => d.Id, StringComparer.Ordinal)
                    .OrderBy(g => g.Key, StringComparer.Ordinal)
                    .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal),
            };
        }

        private static bool IsOnLine(Location location, PlantedFlaw flaw)
            => location.IsInSource && location.SourceTree!.FilePath == "/corpus/" + flaw.Path && location.GetLineSpan().StartLinePosition.Line + 1 == flaw.Line;

        /// <summary>The configuration every analysis pass uses (the one the first version of this harness used).</summary>
        private static CompilationWithAnalyzersOptions Options(bool recordFlows = true, bool concurrent = true)
            => new(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, recordFlows ? BuildProperties.Instance : BuildProperties.WithoutRecords), onAnalyzerException: null, concurrentAnalysis: concurrent, logAnalyzerExecutionTime: true);

        /// <summary>Leaves no garbage of the previous run to be collected (and charged) during the next one.</summary>
        private static void Quiesce()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        private static double Stopwatched(Action action)
        {
            Quiesce();
            var stopwatch = Stopwatch.StartNew();
            action();
            return stopwatch.Elapsed.TotalMilliseconds;
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
            public static readonly BuildProperties Instance = new(recordFlows: true);

            /// <summary>The same with <c>ThreatAnalyzersRecordFlows=false</c>: what the records cost is the difference.</summary>
            public static readonly BuildProperties WithoutRecords = new(recordFlows: false);

            private readonly Values values;

            private BuildProperties(bool recordFlows) => values = new Values(recordFlows);

            public override AnalyzerConfigOptions GlobalOptions => values;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => values;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => values;

            private sealed class Values : AnalyzerConfigOptions
            {
                private readonly Dictionary<string, string> properties;

                public Values(bool recordFlows) => properties = new()
                {
                    ["build_property.MSBuildProjectDirectory"] = "/corpus",
                    ["build_property.ThreatAnalyzersBuildDate"] = "2026-11-27",
                    // As the package's targets set it by default: each build records its public methods' flows.
                    ["build_property.ThreatAnalyzersRecordFlows"] = recordFlows ? "true" : "false",
                };

                public override bool TryGetValue(string key, out string value) => properties.TryGetValue(key, out value!);
            }
        }
    }
}
