using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Benchmarks;
using ThreatAnalyzers.Benchmarks.Corpus;

// The benchmark: how much ThreatAnalyzers costs a build, next to the compiler and to the analyzers teams would use
// instead, on generated web-API code at three sizes. It reports; it never fails on a time.
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var sizes = Option("--sizes")?.Split(',').Select(int.Parse).ToArray() ?? (quick ? new[] { 40, 400 } : new[] { 100, 1000, 5000 });
var iterations = int.Parse(Option("--iterations") ?? (quick ? "1" : "3"), CultureInfo.InvariantCulture);
var output = Option("--output") ?? (quick ? null : Path.Combine(RepoRoot(), "docs", "performance.md"));
const int Seed = 20261127;
const string WhyMissed = """

## Why targets are missed

- **Share of compile time, and under half of Security Code Scan's time at the largest size.** The generator binds
  every method body itself (generators run before the compiler binds, so nothing is shared) and runs the flow engine on
  each body; the analyzers' telemetry also counts the binding their semantic queries trigger. The cost is linear in
  code size (see the scaling rows), but its constant is that of a second semantic pass plus the flow analysis.
- **An edit re-runs the generator in seconds, not 5 ms.** Roslyn re-runs semantic transforms for every matched node
  after any edit, because a change in one file can change the meaning of another; equatable facts keep the collected
  inputs, the model and the renderers cached (our own steps take under a millisecond), but the transforms themselves
  run again for every method. Meeting 5 ms needs a syntax-only first stage cached per tree, with semantic work only for
  the changed trees, guarded by a fingerprint of declarations — a redesign of the pipeline.
- **History.** The first full run measured the generator at 148 s on 4,997 files (19× for 5× code): outside the
  compiler's own driver `Compilation.GetSemanticModel` returns a fresh model each time, and call-site lookups re-bound
  the whole top-level `Program` body for every minimal-API mapping method. One model per tree made it linear.
""";

var measurements = new Measurements(iterations);
var ours = Tool.Ours();
var peers = new List<Tool> { Tool.SecurityCodeScan(), Tool.NetAnalyzersSecurity() };
var results = new List<SizeResult>();
foreach (var size in sizes)
{
    Console.Error.WriteLine($"Corpus of {size} files (seed {Seed}), {iterations} iteration(s):");
    results.Add(await measurements.MeasureAsync(CorpusGenerator.Generate(size, Seed), ours, peers, m => Console.Error.WriteLine(m)));
}

Console.Error.WriteLine("Incremental edit on the largest corpus");
var incremental = measurements.MeasureEdit(CorpusGenerator.Generate(sizes.Max(), Seed));
var report = Report(results, incremental, ours, peers, quick, iterations, sizes);
Console.WriteLine(report);
if (output is not null)
{
    File.WriteAllText(output, report);
    Console.Error.WriteLine($"Written to {output}");
}

return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

static string RepoRoot()
    => typeof(Tool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;



static string Report(List<SizeResult> results, IncrementalResult incremental, Tool ours, List<Tool> peers, bool quick, int iterations, int[] sizes)
{
    var md = new StringBuilder();
    md.Append("# Performance\n\n");
    md.Append(quick ? "A quick run (small sizes, one iteration): the harness works; the numbers are not the ones to quote.\n\n"
                    : "ThreatAnalyzers' cost on a build, next to the compiler and to the security analyzers teams would use instead, measured on the same compilations.\n\n");
    md.Append("```sh\n").Append("dotnet run -c Release --project benchmarks/ThreatAnalyzers.Benchmarks").Append(quick ? " -- --quick" : string.Empty).Append("\n```\n\n");
    md.Append($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}, run {DateTime.UtcNow:yyyy-MM-dd}\n");
    md.Append($"- Compiler: Microsoft.CodeAnalysis.CSharp {typeof(CSharpCompilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]}\n");
    md.Append($"- Tools: ThreatAnalyzers {ours.Version} ({ours.Analyzers.Length} analyzers and the threat-model generator); " + string.Join("; ", peers.Select(p => $"{p.Name} {p.Version} ({p.Analyzers.Length} analyzers{(p.Enable.IsEmpty ? string.Empty : $", {p.Enable.Count} security rules turned on")})")) + "\n");
    md.Append($"- Corpus: generated ASP.NET Core web APIs (controllers and minimal APIs, services, EF Core and ADO.NET repositories, S3 and HTTP clients, DTOs with personal data, logging), seed 20261127, about one feature in ten with each planted flaw; {iterations} iteration(s) per measurement, median (min–max)\n");
    md.Append("- Compile: parse excluded; bind and emit of the whole compilation, no analyzers. Analyzer times: the driver's execution-time telemetry (concurrent analysis), summed over a tool's analyzers. Generator: the driver's timing.\n\n");

    md.Append("## Time\n\n| files | lines | compile | ThreatAnalyzers analyzers (share of compile) | generator (share of compile) | ours in all (share) | Security Code Scan | NetAnalyzers (Security) | peak managed memory (ours) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    foreach (var r in results)
    {
        var compile = r.Compile.Median;
        var ourTotal = r.Ours.Time.Median + r.Generator.Median;
        md.Append($"| {r.Files} | {r.Lines} | {r.Compile} | {r.Ours.Time} ({100 * r.Ours.Time.Median / compile:F1} %) | {r.Generator} ({100 * r.Generator.Median / compile:F1} %) | {ourTotal:F0} ms ({100 * ourTotal / compile:F1} %) | {string.Join(" | ", r.Peers.Select(p => p.Time.ToString()))} | {r.PeakManagedBytes / (1024 * 1024)} MB |\n");
    }

    md.Append("\n## Findings on the planted flaws\n\n| files | tool | unauthenticated endpoints | personal data logged | SQL built from input | warnings in all |\n|---:|---|---:|---:|---:|---:|\n");
    foreach (var r in results)
    {
        foreach (var run in new[] { r.Ours }.Concat(r.Peers))
        {
            string Found(FlawKind kind) => $"{run.FlawsFound.GetValueOrDefault(kind)} of {r.FlawsPlanted.GetValueOrDefault(kind)}";
            md.Append($"| {r.Files} | {run.Tool} | {Found(FlawKind.Unauthenticated)} | {Found(FlawKind.PiiLogging)} | {Found(FlawKind.SqlInjection)} | {run.Diagnostics} |\n");
        }
    }

    md.Append("\nA flaw counts as found when the tool warns on its line. ThreatAnalyzers has no SQL rule yet (TA2002 is on the roadmap); the peers have no rule for missing authentication or for personal data in logs.\n\n");
    md.Append($"## Incremental\n\nAfter an edit inside one method body of the {incremental.Files}-file corpus, the generator re-runs in {incremental.Rerun}. Steps of the last re-run: ");
    md.Append(string.Join("; ", incremental.ModelSteps.Select(s => $"`{s.Key}` {s.Value}"))).Append(".\n\n");
    var slowSteps = incremental.StepMilliseconds.Where(s => s.Value >= 1).OrderByDescending(s => s.Value).Select(s => $"`{s.Key}` {s.Value:F0} ms").ToList();
    md.Append(slowSteps.Count == 0
        ? "Each of the generator's named steps took under 1 ms: the time is Roslyn re-running the semantic transforms (extraction and the flow engine) for every declaration.\n\n"
        : "Where the re-run's time goes, by step: " + string.Join(", ", slowSteps) + ".\n\n");

    md.Append("## Targets\n\n| target | result |\n|---|---|\n");
    foreach (var r in results)
    {
        var share = 100 * (r.Ours.Time.Median + r.Generator.Median) / r.Compile.Median;
        md.Append($"| under 5 % of compile time ({r.Files} files) | {(share < 5 ? "met" : "**missed**")}: {share:F1} % |\n");
        var scs = r.Peers.First();
        var ratio = (r.Ours.Time.Median + r.Generator.Median) / scs.Time.Median;
        md.Append($"| under half of Security Code Scan's time ({r.Files} files) | {(ratio < 0.5 ? "met" : "**missed**")}: {ratio:F2} × |\n");
    }

    for (var i = 1; i < results.Count; i++)
    {
        var sizeRatio = (double)results[i].Files / results[i - 1].Files;
        var timeRatio = (results[i].Ours.Time.Median + results[i].Generator.Median) / (results[i - 1].Ours.Time.Median + results[i - 1].Generator.Median);
        md.Append($"| {sizeRatio:F0}× more code costs at most {1.1 * sizeRatio:F1}× more time ({results[i - 1].Files} → {results[i].Files} files) | {(timeRatio <= 1.1 * sizeRatio ? "met" : "**missed**")}: {timeRatio:F1}× |\n");
    }

    md.Append($"| an edit inside a method body re-runs the generator in under 5 ms ({incremental.Files} files) | {(incremental.Rerun.Median < 5 ? "met" : "**missed**")}: {incremental.Rerun.Median:F1} ms |\n");
    md.Append(WhyMissed);
    return md.ToString();
}
