using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Benchmarks;
using ThreatAnalyzers.Benchmarks.Corpus;

// The benchmark: how much ThreatAnalyzers costs a build and the IDE, next to the compiler, to the bare cost of binding
// every method body, and to the analyzers teams would use instead. It reports; it never fails on a time.
//
//   (no option)               the full run; prints the page and writes docs/performance.md (everything below the page's
//                             hand-written marker is kept)
//   --quick                   CI-sized run, printed only
//   --write-doc               also write docs/performance.md when any option below changes the run (they print only)
//   --output PATH             write the page to PATH instead
//   --sizes 100,1000,5000     web-API corpus sizes (files)
//   --library-files N         size of the library corpus (default: the largest web size)
//   --method-statements 1000,3000,6000   sizes of the one long method
//   --iterations N            runs per measurement (median reported)
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
var quick = args.Contains("--quick");
var sizes = Ints(Option("--sizes")) ?? (quick ? new[] { 40, 400 } : new[] { 100, 1000, 5000 });
var libraryFiles = int.Parse(Option("--library-files") ?? (quick ? "200" : sizes.Max().ToString(CultureInfo.InvariantCulture)), CultureInfo.InvariantCulture);
var methodSizes = Ints(Option("--method-statements")) ?? (quick ? new[] { 200, 600, 1200 } : new[] { 1000, 3000, 6000 });
var iterations = int.Parse(Option("--iterations") ?? (quick ? "1" : "3"), CultureInfo.InvariantCulture);
// Small compilations, cheap to repeat, and their increments are differences of small times: more iterations.
var methodIterations = Math.Max(iterations, quick ? 3 : 5);
// A run of the generator on the small app lasts a few dozen milliseconds: the mean of several back to back per iteration
// spreads the collections their allocations cause, which otherwise fall whole on the run that crosses gen0's budget.
const int MethodGeneratorRuns = 5;
// The page is (re)written by the full run as documented, or on request; never by a run with other sizes by accident.
var customized = new[] { "--quick", "--sizes", "--library-files", "--method-statements", "--iterations" }.Any(args.Contains);
var output = Option("--output") ?? (!customized || args.Contains("--write-doc") ? Path.Combine(RepoRoot(), "docs", "performance.md") : null);
const int Seed = 20261127;

var loadAtStart = LoadAverage();
var measurements = new Measurements(iterations);
var ours = Tool.Ours();
var peers = new List<Tool> { Tool.SecurityCodeScan(), Tool.NetAnalyzersSecurity() };
var clock = System.Diagnostics.Stopwatch.StartNew();
void Log(string message) => Console.Error.WriteLine($"[{clock.Elapsed.TotalSeconds,5:F0} s] {message}");

Log("Warm-up (not measured)");
await measurements.WarmUpAsync(ours, peers);

var results = new List<SizeResult>();
foreach (var size in sizes)
{
    Log($"Web-API corpus of {size} files (seed {Seed}), {iterations} iteration(s):");
    results.Add(await measurements.MeasureAsync(CorpusGenerator.Generate(size, Seed), OutputKind.ConsoleApplication, ours, peers, Log, recordsRounds: RecordsRounds(size, library: false)));
}

Log($"Library corpus of {libraryFiles} files");
var library = await measurements.MeasureAsync(LibraryCorpusGenerator.Generate(libraryFiles, Seed), OutputKind.DynamicallyLinkedLibrary, ours, Array.Empty<Tool>(), Log, recordsRounds: RecordsRounds(libraryFiles, library: true));

// The method sizes take turns within each iteration, so that the state the process drifts into affects them alike
// (measured one size after the other, a small size's increment depended on what ran before it).
var methodCorpora = new[] { 0 }.Concat(methodSizes).Select(statements => (Statements: statements, Corpus: LongMethodGenerator.Generate(statements, Seed))).ToList();
var methodRuns = methodCorpora.Select(_ => new List<SizeResult>()).ToList();
for (var iteration = 0; iteration < methodIterations; iteration++)
{
    for (var m = 0; m < methodCorpora.Count; m++)
    {
        Log($"Small app with one method of {methodCorpora[m].Statements} statements, iteration {iteration + 1}");
        methodRuns[m].Add(await measurements.MeasureAsync(methodCorpora[m].Corpus, OutputKind.ConsoleApplication, ours, Array.Empty<Tool>(), Log, iterations: 1, generatorRuns: MethodGeneratorRuns));
    }
}

var methods = methodCorpora.Select((c, m) => new MethodSizeResult(c.Statements, SizeResult.Merge(methodRuns[m]))).ToList();

Log($"Edit inside one method body of the {sizes.Max()}-file corpus");
var incremental = await measurements.MeasureEditAsync(CorpusGenerator.Generate(sizes.Max(), Seed), ours, Log);

Log("No-op build of a small web app, with and without the package");
var noOp = await NoOpBuild.MeasureAsync(RepoRoot(), quick ? 3 : 9, Log);

var report = Report.Write(new ReportInput(results, library, methods, incremental, noOp, ours, peers, quick, iterations, methodIterations, Seed, loadAtStart, LoadAverage()));
Console.WriteLine(report);
if (output is not null)
{
    File.WriteAllText(output, Report.KeepHandWrittenNotes(report, File.Exists(output) ? File.ReadAllText(output) : null));
    Log($"Written to {output}");
}

return 0;

// Rounds of the flow records' measurement (records on and off, the order alternating): an even number, so that each
// order runs as often. Fewer for the largest web API, whose passes last tens of seconds; the library has 12 at any
// size: its allocation cost was +0.65 to +0.80 % in the twenty-sixth and twenty-seventh runs, with upper ends of 0.90
// and 1.11 % against the 1 % bar, and with 6 rounds (Student's t for 4 degrees of freedom) the interval was too wide to
// tell.
int RecordsRounds(int files, bool library) => quick ? 4 : library || files < 2000 ? 12 : 6;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}

// The 1-minute load average (Linux), to tell a quiet machine from a shared one.
static double? LoadAverage()
    => File.Exists("/proc/loadavg") && double.TryParse(File.ReadAllText("/proc/loadavg").Split(' ')[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var load) ? load : null;

static int[]? Ints(string? value) => value?.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture)).ToArray();

static string RepoRoot()
    => typeof(Tool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

namespace ThreatAnalyzers.Benchmarks
{
    /// <summary>All a report is made of.</summary>
    public sealed record ReportInput(
        IReadOnlyList<SizeResult> Web, SizeResult Library, IReadOnlyList<MethodSizeResult> Methods, IncrementalResult Edit,
        NoOpBuildResult NoOp, Tool Ours, IReadOnlyList<Tool> Peers, bool Quick, int Iterations, int MethodIterations, int Seed, double? LoadAtStart, double? LoadAtEnd);

    /// <summary>docs/performance.md, generated: the setup, the method, the tables and the targets, in that order.</summary>
    public static class Report
    {
        /// <summary>Everything after this line of docs/performance.md is written by hand and kept when the page is regenerated.</summary>
        public const string HandWrittenMarker = "<!-- Everything below this line is written by hand; the benchmark keeps it when it regenerates the page. -->";

        /// <summary>Share of compile time under which a cost counts as "nothing measurable" in the library case.</summary>
        public const double NothingMeasurablePercent = 1.0;

        /// <summary>Targets that are not shares.</summary>
        public const double IdeDocumentMilliseconds = 200;

        public const double IdeGeneratorMilliseconds = 5;

        public const double LinearSlack = 1.1;

        /// <summary>
        /// The one-pass targets (issue 8, which the rule issues keep), at 1,000 and 5,000 files: the generator, our analyzers
        /// above binding, both together (shares of compile), and both against Security Code Scan above binding.
        /// </summary>
        public const double OnePassGeneratorPercent = 5;

        public const double OnePassAnalyzersPercent = 20;

        public const double OnePassInAllPercent = 25;

        public const double OnePassPeerRatio = 1.0 / 3;

        /// <summary>The corpus sizes the one-pass targets are stated for (the generated corpora have 997 and 4,997 files).</summary>
        public static bool OnePassSize(int files) => files >= 900;

        /// <summary>The product's first design targets (issue 5): ours in all under 5 % of compile, under half of Security Code Scan.</summary>
        public const double DesignInAllPercent = 5;

        public const double DesignPeerRatio = 0.5;

        public const string Usage = """
            The full run (web-API corpora of 100, 1,000 and 5,000 files, a 5,000-file library, one method of 1,000, 3,000 and
            6,000 statements, 3 iterations) prints this page and rewrites it above the hand-written marker at its end; everything
            below the marker is kept. `-- --quick` is the CI-sized run (printed only); `--sizes`, `--library-files`,
            `--method-statements` and `--iterations` change the run (printed only unless `--write-doc` or `--output PATH` is
            given). Run it on a quiet machine: the page records the load average and flags a busy one.
            """;

        public const string Method = """
            ## Method

            Every time is the median of the iterations, with (min–max) when there are several, except in the flow records'
            table, whose passes are rounds (see below). Each pass compiles the corpus
            from trees parsed for it (parsing not timed), as a build parses its files, so nothing kept with a tree carries
            over from one pass to the next. Each iteration runs compile, the binding baseline, each tool with the baseline
            (ours first), the baseline again, ours with the baseline once more for telemetry, and the generator (if any), in
            that order; the flow records' rounds follow the iterations; a warm-up run on a tiny corpus first keeps JIT
            compilation out. The process runs the server garbage collector, as the SDK's compiler does (csc and VBCSCompiler
            set `System.GC.Server`), and the heap is collected before every timed pass. Only each tool's latest diagnostics
            are kept (their locations hold that pass's trees), so the heap a pass works beside does not grow from one
            iteration to the next.

            - **compile**: bind and emit of the whole compilation (parse excluded), no analyzers, no generator: the wall-clock
              time of `Emit` with concurrent build.
            - **binding baseline**: a `CompilationWithAnalyzers` pass (`GetAllDiagnosticsAsync`, as the command-line compiler
              asks: compiler diagnostics, then analyzers and suppressors; concurrent analysis and execution-time telemetry on,
              as for every tool, the flow records' rounds excepted, below) with only `BindingBaselineAnalyzer`, an analyzer whose one action is `RegisterOperationBlockAction`
              walking every operation of every code block (method bodies, accessors, constructors, lambdas, initializers,
              top-level statements). It is what any semantic analyzer pays before doing anything: the compiler's diagnostics
              that produce the driver's events, binding through the semantic model and operation trees. Its wall-clock time is
              the mean of one run before and one after the tools (**noise** is their difference).
            - **tool above binding**: the wall-clock time of one pass with the tool's analyzers *and* the baseline minus the
              baseline's alone, in the same iteration. The driver shares its semantic models and operation trees among
              analyzers, so whatever binding the tool needs has been paid for by the baseline and the difference is the tool's
              own work plus the driver's dispatch to it. Used for ours (every `DiagnosticAnalyzer` and `DiagnosticSuppressor`
              in the analyzer assembly, found by reflection) and for both peers alike. It can come out slightly negative when
              the tool costs less than the noise.
            - **our callbacks (telemetry)**: the driver's execution-time telemetry summed over our analyzers, from one more pass
              of ours with the baseline asked with `GetAnalysisResultAsync` (`GetAllDiagnosticsAsync` records no telemetry):
              time inside our callbacks, including any binding a callback triggered before the baseline got to it. A
              cross-check of the difference above; with concurrent analysis it counts elapsed time per callback.
            - **generator**: the driver's timing for one run of our generator(s) on a fresh compilation, all outputs enabled
              (the command-line compiler). Generators run before the compiler binds and share nothing with it. Since the
              model moved into the analysis pass (`ThreatModelAnalyzer`, counted among our analyzers) the package has no
              generator, and the page says "none" where it timed one.
            - **ours in all**: generator + our analyzers above binding. **share** = that time ÷ compile.
              **ours ÷ Security Code Scan**: ours in all ÷ Security Code Scan above binding, on the same compilation.
            - **CPU**: process CPU time of the same pass (all threads, GC included), for the reader who prefers work to
              elapsed time on 2 cores.
            - **peak managed memory (ours)**: the highest managed heap size sampled every 10 ms during the first pass with our
              analyzers and the baseline.
            - **flow records' cost** (web corpora and library): after the iterations and one pass whose time is discarded, rounds of two
              passes of ours with the baseline, compiled and analyzed on one thread (concurrent build and concurrent analysis
              off: where threads race to bind the same thing and keep one result, what a web pass allocates varied by tens
              of MB; so their times are one thread's, set against a compile that uses every core, a stricter test than a
              build's, and they leave out the little work only racing threads add, such as a file two threads read), one with the flow records on (as the package's targets set them) and one
              with `ThreatAnalyzersRecordFlows=false`, the order alternating (on then off in the odd rounds, off then on in
              the even ones; 12 rounds, 6 for a web API of 2,000 files or more, 4 in the quick run). The **cost** is the mean over the
              rounds of on minus off: with as many rounds of each order, what the second pass of a pair pays and a steady
              drift fall on both sides alike. Half the gap between the two orders' mean differences is what **running
              second** costs (one pass's drift included). What neither explains is the rounds' noise: the cost's 95 %
              interval is cost **±** Student's t for rounds − 2 degrees of freedom times its standard error, and **at
              most** is that interval's upper end. The bytes the process allocates during each pass are compared the
              same way: they vary far less than times, so work the records add shows there at a resolution the times
              cannot reach on a shared 2-core machine. Target: no measurable cost, which is three conditions: in
              wall-clock time and in CPU time the cost is within its interval of none or under 1 % of compile (no cost
              measured; the page prints the interval, so the reader sees how small a cost these rounds could have missed),
              and the allocation's upper end is under 1 % of what a records-off pass allocates (their mean over the
              rounds). The on and off columns are medians over the rounds.
            - **warnings**: diagnostics of the tool's own rules at warning severity or above, not suppressed, from the last
              pass; **analyzer exceptions (AD0001)**: the driver's reports of one of the tool's analyzers throwing, the most
              in any one timed pass of the tool (the flow records' rounds included; the telemetry pass is not read).

            The cases:

            1. **Web-API corpus** (the planted-flaw corpus, three sizes): the build's cost and the findings.
            2. **A library with nothing to model**: a generated class library (tokenizers and recursive-descent parsers, a
               ring buffer and an LRU cache, string and checksum utilities, async stream wrappers and a retry policy logging
               through `ILogger`), with no entry point, no annotation and no web, cloud, database or file-path API. Target:
               costs nothing measurable — generator, and the larger of our analyzers above binding and their callbacks,
               each under 1 % of compile.
            3. **Size of one method**: a small web app (9 files) alone, then with one never-called method of N statements
               (six shapes in turn: a new local from the previous one, an if/else, a string append, a list add, a log call with
               plain data, a helper call). The **increment** is a time minus the app alone; growth from the smallest N to each
               larger N must be at most 1.1 × the growth of N (an increment under 1 ms counts as 1 ms). Our analyzers are
               judged on their callbacks (telemetry): the above-binding difference of a 9-file app is within noise at the
               smallest N, and is shown (wall-clock and CPU) as a cross-check. The generator is judged on the mean of
               5 runs back to back per iteration, on fresh compilations, the heap collected once before the first: one run
               of a few dozen milliseconds either pays a whole collection or none, by where the young generation's
               budget runs out, not by the method's size (a single run at 1,000 statements was seen to add 8 ms in one
               process and 29 ms in another, where a collection fell in it). Its bytes allocated per run are shown beside
               it: how its work grows, whenever a collection falls. These small compilations run 5 iterations (3 in
               quick mode), the sizes taking turns within each iteration.
            4. **An edit inside one method body** of the largest web corpus (a log message's text in a service changes):
               - when the package has a generator (it has none since the model moved into the analysis pass), the
                 generator in the **command-line** driver (all outputs) after the edit, with the state of every tracked
                 step of the last re-run;
               - the generator as **the IDE** runs it: a driver with implementation outputs disabled
                 (`GeneratorDriverOptions(IncrementalGeneratorOutputKind.Implementation)`), as Visual Studio and the language
                 server do. A generator whose outputs are all registered with `RegisterImplementationSourceOutput` runs no
                 step there, which the report states as "implementation-only: not run in the IDE";
               - **the edited document alone, first run after the edit**: on a clone of the new compilation (no symbol and
                 no bound node computed yet), a fresh `CompilationWithAnalyzers` with all our analyzers,
                 `GetAnalyzerSemanticDiagnosticsAsync(model, filterSpan: null, …)` on the edited tree, wall-clock time
                 including creating the driver and the semantic model. The same call with the baseline alone is the floor.
                 Target: 200 ms.
            """;

        /// <summary>What "within noise" allows a no-op build to differ by, at least (a `dotnet build` varies by tens of ms).</summary>
        private const double NoOpNoiseMilliseconds = 50;

        public static string Write(ReportInput input)
        {
            var (web, library, methods, edit, noOp, ours, peers, quick, iterations, methodIterations, seed, loadAtStart, loadAtEnd) = input;
            IEnumerable<string> AllTools() => new[] { "ours" }.Concat(peers.Select(p => p.Name));

            // Since the model moved into the analysis pass (ThreatModelAnalyzer) the package has no generator; its columns
            // then say so instead of timing a driver with nothing to run.
            var hasGenerator = !ours.Generators.IsEmpty;
            string GeneratorShare(SizeResult r) => hasGenerator ? $"{r.Generator} ({Share(r.Generator.Median, r)})" : "none";
            var md = new StringBuilder();
            md.Append("# Performance\n\n");
            md.Append(quick ? "A quick run (small sizes, one iteration): the harness works; the numbers are not the ones to quote.\n\n"
                            : "ThreatAnalyzers' cost on a build and in the IDE, next to the compiler, to the cost of binding every method body, and to the security analyzers teams would use instead, measured on the same compilations.\n\n");
            md.Append("```sh\n").Append("dotnet run -c Release --project benchmarks/ThreatAnalyzers.Benchmarks").Append(quick ? " -- --quick" : string.Empty).Append("\n```\n\n").Append(Usage).Append("\n\n");
            md.Append($"- Machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription.Trim()}, {RuntimeInformation.FrameworkDescription}, run {DateTime.UtcNow:yyyy-MM-dd}, 1-minute load average {loadAtStart?.ToString("F1") ?? "?"} at the start and {loadAtEnd?.ToString("F1") ?? "?"} at the end, {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")} garbage collector\n");
            if (Math.Max(loadAtStart ?? 0, loadAtEnd ?? 0) > Environment.ProcessorCount)
            {
                md.Append("- **The machine was busy** (load average above the number of cores): other processes shared the cores, so wall-clock times and above-binding differences are inflated and noisy. Do not quote these numbers; run again on a quiet machine.\n");
            }

            md.Append($"- Compiler: Microsoft.CodeAnalysis.CSharp {typeof(CSharpCompilation).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion?.Split('+')[0]}\n");
            md.Append($"- Tools: ThreatAnalyzers {ours.Version} ({ours.Analyzers.Length - ours.Suppressors} analyzers, {ours.Suppressors} suppressors: {string.Join(", ", ours.Analyzers.Select(a => a.GetType().Name))}; generator: {(hasGenerator ? string.Join(", ", ours.Generators.Select(g => g.GetType().Name)) : "none, the model is built in the analysis pass by ThreatModelAnalyzer, one of the analyzers above")}); ");
            md.Append(string.Join("; ", peers.Select(p => $"{p.Name} {p.Version} ({p.Analyzers.Length} analyzers{(p.Enable.IsEmpty ? string.Empty : $", {p.Enable.Count} security rules turned on")})"))).Append('\n');
            md.Append($"- Corpora: generated ASP.NET Core web APIs (controllers and minimal APIs, services, EF Core and ADO.NET repositories, S3 and HTTP clients, DTOs with personal data, logging, Identity password resets, delegates with roles), about one feature in ten with each planted flaw; a generated class library; a small app with one long method. Seed {seed}; {iterations} iteration(s) per measurement ({methodIterations} for the one-method case)\n\n");
            md.Append(Method).Append('\n');

            md.Append("## Time on the web-API corpus\n\n");
            md.Append("| files | lines | compile | binding baseline, noise | generator (share) | our analyzers above binding (share) | ours in all (share) | Security Code Scan above binding | ours ÷ Security Code Scan | NetAnalyzers (Security) above binding | peak managed memory (ours) |\n");
            md.Append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var r in web)
            {
                var scs = r.Peers.First();
                md.Append($"| {r.Files} | {r.Lines} | {r.Compile} | {r.Baseline.Wall}, noise {r.Baseline.Noise.Median:F0} ms | {GeneratorShare(r)} | {r.Ours.AboveBinding} ({Share(r.Ours.AboveBinding.Median, r)}) | {OursInAll(r):F0} ms ({Share(OursInAll(r), r)}) | {scs.AboveBinding} | {OursInAll(r) / scs.AboveBinding.Median:F2} × | {string.Join(" | ", r.Peers.Skip(1).Select(p => p.AboveBinding.ToString()))} | {r.PeakManagedBytes / (1024 * 1024)} MB |\n");
            }

            md.Append("\n### Analysis passes\n\nWall-clock / CPU time of each whole pass (the tools' passes include the baseline), each tool above binding in wall-clock / CPU time, and our callbacks (telemetry).\n\n");
            md.Append("| files | binding baseline | " + string.Join(" | ", AllTools().Select(n => n + " + baseline")) + " | " + string.Join(" | ", AllTools().Select(n => n + " above binding")) + " | our callbacks | operations walked |\n");
            md.Append("|---:|---:|" + string.Concat(Enumerable.Repeat("---:|", 2 * (peers.Count + 1) + 2)) + "\n");
            foreach (var r in web)
            {
                var all = new[] { r.Ours }.Concat(r.Peers).ToList();
                md.Append($"| {r.Files} | {r.Baseline.Wall.Median:F0} / {r.Baseline.Cpu.Median:F0} ms | {string.Join(" | ", all.Select(t => $"{t.Wall.Median:F0} / {t.Cpu.Median:F0} ms"))} | {string.Join(" | ", all.Select(t => $"{t.AboveBinding.Median:F0} / {t.CpuAboveBinding.Median:F0} ms"))} | {r.Ours.Telemetry} | {r.Baseline.Operations} |\n");
            }

            var kinds = new (FlawKind Kind, string Heading)[]
            {
                (FlawKind.Unauthenticated, "unauthenticated endpoints (TA1001)"),
                (FlawKind.IdentityFromClientValue, "identity from a header (TA1005)"),
                (FlawKind.InputWithoutValidation, "input without validation (TA2001)"),
                (FlawKind.SqlInjection, "SQL built from input (TA2002)"),
                (FlawKind.PathTraversal, "path traversal (TA2005)"),
                (FlawKind.OpenRedirect, "open redirect (TA2007)"),
                (FlawKind.CrossSiteScripting, "cross-site scripting (TA2008)"),
                (FlawKind.PiiLogging, "personal data logged (TA4001)"),
                (FlawKind.StateChangeWithoutAuditTrail, "state change without audit trail (TA3001)"),
                (FlawKind.LogForging, "log forging (TA3002)"),
                (FlawKind.SentWithoutEncryption, "sent over plain HTTP (TA4002)"),
                (FlawKind.StoredWithoutEncryption, "stored without encryption (TA4003)"),
                (FlawKind.ExceptionDetailsReturned, "exception details returned (TA4004)"),
                (FlawKind.PiiServedWithoutAuthentication, "personal data served without authentication (TA4005)"),
                (FlawKind.PiiPrintedByToString, "personal data printed by ToString (TA4006)"),
                (FlawKind.WeakHash, "weak hash of personal data (TA4007)"),
                (FlawKind.ServerSideRequestForgery, "server-side request forgery (TA4008)"),
                (FlawKind.AccountEnumeration, "account enumeration (TA4009)"),
                (FlawKind.SecretReturned, "secret returned to the caller (TA4010)"),
                (FlawKind.WithoutRateLimiting, "no rate limit (TA5001)"),
                (FlawKind.RegexWithoutTimeout, "regex without timeout (TA5002)"),
                (FlawKind.UnboundedRequestInput, "unbounded request input (TA5003)"),
                (FlawKind.UntrustedResourceUse, "untrusted count sizes a sequence (TA5004)"),
                (FlawKind.WeakerAuthorization, "privileged call without its role (TA6001)"),
                (FlawKind.CommandInjection, "command injection (TA6002)"),
                (FlawKind.UntrustedTypeName, "untrusted type name (TA6003)"),
                (FlawKind.PrivilegeSetFromRequest, "privilege set from the request (TA6004)"),
                (FlawKind.ObjectLevelAuthorizationMissing, "object-level authorization missing (TA6005)"),
                (FlawKind.AuthorizationOverridden, "role cancelled by AllowAnonymous (TA6006)"),
            };
            md.Append("\n## Findings on the planted flaws\n\n| files | tool | " + string.Join(" | ", kinds.Select(k => k.Heading)) + " | warnings in all | analyzer exceptions (AD0001) |\n|---:|---|" + string.Concat(Enumerable.Repeat("---:|", kinds.Length + 2)) + "\n");
            foreach (var r in web)
            {
                foreach (var run in new[] { r.Ours }.Concat(r.Peers))
                {
                    string Found(FlawKind kind) => $"{run.FlawsFound.GetValueOrDefault(kind)} of {r.FlawsPlanted.GetValueOrDefault(kind)}";
                    md.Append($"| {r.Files} | {run.Tool} | {string.Join(" | ", kinds.Select(k => Found(k.Kind)))} | {run.Diagnostics} | {run.AnalyzerExceptions} |\n");
                }
            }

            md.Append("\nWarnings on no planted flaw's line (on the code written to be safe, or a second finding of a planted flaw elsewhere), by rule:\n\n");
            foreach (var r in web)
            {
                foreach (var run in new[] { r.Ours }.Concat(r.Peers))
                {
                    md.Append($"- {r.Files} files, {run.Tool}: {(run.Unplanted.Count == 0 ? "none" : string.Join(", ", run.Unplanted.Select(u => $"{u.Key} ×{u.Value}")))}\n");
                }
            }

            md.Append("\nA flaw counts as found when the tool warns on its line, or with a related location on its line (a finding reported where the chain of calls to the sink starts names the sink), with one of its own rules (suppressed diagnostics do not count); the column names the ThreatAnalyzers rule that is meant to find it. The peers have no rule for missing authentication, identity from a header, missing validation, personal data in logs, a state change without an audit trail, log forging, personal data sent over plain HTTP, encryption at rest, exception details in a response, personal data served to anonymous callers or printed by ToString, a secret returned to the caller, account enumeration, a privilege set from the request, or a record loaded without an ownership check; their weak-hash rules flag MD5 wherever it is used.\n\n");

            md.Append("## A library with nothing to model\n\n");
            md.Append("| files | lines | compile | binding baseline, noise | generator (share) | our analyzers above binding (share) | our callbacks (share) | ours in all (share) | our warnings | analyzer exceptions (AD0001) |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            md.Append($"| {library.Files} | {library.Lines} | {library.Compile} | {library.Baseline.Wall}, noise {library.Baseline.Noise.Median:F0} ms | {GeneratorShare(library)} | {library.Ours.AboveBinding} ({Share(library.Ours.AboveBinding.Median, library)}) | {library.Ours.Telemetry} ({Share(OursTelemetry(library), library)}) | {OursInAll(library):F0} ms ({Share(OursInAll(library), library)}) | {library.Ours.Diagnostics} | {library.Ours.AnalyzerExceptions} |\n\n");

            md.Append("## What the flow records cost\n\n");
            md.Append("Rounds of ours with the binding baseline after the iterations, compiled and analyzed on one thread, flow records on (as the package sets them) and off, on first in the odd rounds and off first in the even ones; the cost is the mean of on minus off, ± the half-width of its 95 % interval; \"at most\" is that interval's upper end.\n\n");
            md.Append("| case | compile | rounds | ours + baseline, records on | records off | on minus off, per round (odd rounds: on first) | cost, wall (share) | at most, wall (share) | cost, CPU | running second, wall / CPU | allocated, records off | allocated, on minus off |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            foreach (var r in web.Append(library).Where(r => r.Records is not null))
            {
                var name = ReferenceEquals(r, library) ? $"library, {r.Files} files" : $"web API, {r.Files} files";
                var records = r.Records!;
                md.Append($"| {name} | {r.Compile} | {records.Rounds} | {records.On} | {records.Off} | {string.Join(", ", records.Differences.Select(d => d.Difference.ToString("+0;-0;0", CultureInfo.InvariantCulture)))} ms | {records.Wall.Cost:+0;-0;0} ± {records.Wall.Resolution:F0} ms ({Share(records.Wall.Cost, r)}) | {records.Wall.UpperEnd:F0} ms ({Share(records.Wall.UpperEnd, r)}) | {records.Cpu.Cost:+0;-0;0} ± {records.Cpu.Resolution:F0} ms | {records.Wall.SecondOfPair:+0;-0;0} / {records.Cpu.SecondOfPair:+0;-0;0} ms | {records.OffAllocated:F0} MB | {records.Allocated.Cost:+0.0;-0.0;0.0} ± {records.Allocated.Resolution:F1} MB ({100 * records.Allocated.Cost / records.OffAllocated:+0.00;-0.00;0.00} %) |\n");
            }

            md.Append('\n');
            md.Append("## Size of one method\n\n");
            md.Append($"A {LongMethodGenerator.AppFiles}-file app, alone (0) and with one never-called method of N statements; increments over the app alone in brackets.\n\n");
            md.Append("| statements | lines | compile | binding baseline, noise | our analyzers above binding | same, CPU time | our callbacks | generator | generator allocated |\n|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
            var app = methods[0].Result;
            foreach (var m in methods)
            {
                var r = m.Result;
                string Inc(double value, double zero) => m.Statements == 0 ? string.Empty : $" [{value - zero:+0;-0;0}]";
                string IncMegabytes(double value, double zero) => m.Statements == 0 ? string.Empty : $" [{value - zero:+0.0;-0.0;0}]";
                md.Append($"| {m.Statements} | {r.Lines} | {r.Compile}{Inc(r.Compile.Median, app.Compile.Median)} | {r.Baseline.Wall}{Inc(r.Baseline.Wall.Median, app.Baseline.Wall.Median)}, noise {r.Baseline.Noise.Median:F0} ms | {r.Ours.AboveBinding}{Inc(r.Ours.AboveBinding.Median, app.Ours.AboveBinding.Median)} | {r.Ours.CpuAboveBinding.Median:F0} ms{Inc(r.Ours.CpuAboveBinding.Median, app.Ours.CpuAboveBinding.Median)} | {r.Ours.Telemetry}{Inc(OursTelemetry(r), OursTelemetry(app))} | {(hasGenerator ? $"{r.Generator}{Inc(r.Generator.Median, app.Generator.Median)} | {GeneratorAllocated(r):F1} MB{IncMegabytes(GeneratorAllocated(r), GeneratorAllocated(app))}" : "none | none")} |\n");
            }

            md.Append("\n| method size | statements × | our callbacks: increment × | our analyzers above binding: increment × | generator: increment × | generator allocated: increment × |\n|---|---:|---:|---:|---:|---:|\n");
            foreach (var (small, large) in MethodPairs(methods))
            {
                md.Append($"| {small.Statements} → {large.Statements} | {(double)large.Statements / small.Statements:F1} | {Growth(methods, small, large, r => OursTelemetry(r)):F1} | {Growth(methods, small, large, r => r.Ours.AboveBinding.Median):F1} | {(hasGenerator ? $"{Growth(methods, small, large, r => r.Generator.Median):F1} | {Growth(methods, small, large, GeneratorAllocated):F1}" : "none | none")} |\n");
            }

            md.Append($"\n## After an edit inside one method body\n\nThe {edit.Files}-file web-API corpus; the log message's text inside `GetAsync` of `{edit.Document}` changes{(edit.DocumentHasPlantedFlaw ? " (a service with a planted personal-data leak, so the document has a finding to report)" : string.Empty)}; {edit.DocumentOurs.Samples.Count} edits, each on the previous one.\n\n| what | time | detail |\n|---|---:|---|\n");
            if (hasGenerator)
            {
                md.Append($"| generator, command-line driver: re-run after the edit | {edit.CommandLine.Time} | steps of the last re-run: {Steps(edit.CommandLine)} |\n");
                md.Append($"| generator, IDE driver (implementation outputs disabled): re-run after the edit | {edit.Ide.Time} | {IdeDetail(edit)} |\n");
            }
            else
            {
                md.Append("| generator | none | the model is built by ThreatModelAnalyzer at the compilation's end, which an IDE runs only in full-solution analysis; in an editor it reads the open document's facts (counted in the next row) |\n");
            }

            md.Append($"| the edited document, all our analyzers, first run (fresh compilation and driver) | {edit.DocumentOurs} | {edit.DocumentDiagnostics} warnings in the document{(edit.DocumentHasPlantedFlaw ? " (1 personal-data leak planted)" : string.Empty)} |\n");
            md.Append($"| the edited document, binding baseline alone, first run | {edit.DocumentBaseline} | the floor of any semantic analysis of that document |\n");
            var slowSteps = edit.CommandLine.StepMilliseconds.Where(s => s.Value >= 1).OrderByDescending(s => s.Value).Select(s => $"`{s.Key}` {s.Value:F0} ms").ToList();
            md.Append(!hasGenerator ? "\n" : slowSteps.Count == 0
                ? "\nEach tracked step of the command-line re-run took under 1 ms of its own; the rest of the re-run's time is Roslyn's (the syntax store and the transforms it re-runs).\n\n"
                : "\nTime of the command-line re-run by step (≥ 1 ms): " + string.Join(", ", slowSteps) + ".\n\n");

            md.Append("## A no-op build\n\n");
            md.Append("The package packed from this repository into a local feed; a small web app (one minimal-API endpoint) built once with it and once without, then built again up to date, ")
              .Append(noOp.Runs).Append(" times each, interleaved (wall clock of `dotnet build -c Release --no-restore`, median).\n\n");
            md.Append(noOp.Failure is not null
                ? "Not measured: " + noOp.Failure + "\n\n"
                : $"| with the package | without | difference |\n|---:|---:|---:|\n| {noOp.WithPackage:F0} ms | {noOp.WithoutPackage:F0} ms | {noOp.Difference:+0;-0} ms |\n\n");

            md.Append("## Targets\n\n| target | result |\n|---|---|\n");
            foreach (var r in web.Where(r => OnePassSize(r.Files)))
            {
                var generatorShare = 100 * r.Generator.Median / r.Compile.Median;
                var analyzersShare = 100 * r.Ours.AboveBinding.Median / r.Compile.Median;
                var share = 100 * OursInAll(r) / r.Compile.Median;
                var ratio = OursInAll(r) / r.Peers.First().AboveBinding.Median;
                md.Append($"| one pass: the generator at most {OnePassGeneratorPercent:F0} % of compile ({r.Files} files) | {(hasGenerator ? $"{Met(generatorShare <= OnePassGeneratorPercent)}: {generatorShare:F1} %" : "met: no generator")} |\n");
                md.Append($"| one pass: our analyzers above binding at most {OnePassAnalyzersPercent:F0} % of compile ({r.Files} files) | {Met(analyzersShare <= OnePassAnalyzersPercent)}: {analyzersShare:F1} % |\n");
                md.Append($"| one pass: ours in all at most {OnePassInAllPercent:F0} % of compile ({r.Files} files) | {Met(share <= OnePassInAllPercent)}: {share:F1} % |\n");
                md.Append($"| one pass: ours in all at most 1/3 of Security Code Scan's cost above binding ({r.Files} files) | {Met(ratio <= OnePassPeerRatio)}: {ratio:F2} × |\n");
            }

            foreach (var r in web)
            {
                var share = 100 * OursInAll(r) / r.Compile.Median;
                md.Append($"| design: ours in all under {DesignInAllPercent:F0} % of compile ({r.Files} files) | {Met(share < DesignInAllPercent)}: {share:F1} % (generator {(hasGenerator ? Share(r.Generator.Median, r) : "none")}, analyzers above binding {Share(r.Ours.AboveBinding.Median, r)}) |\n");
                var ratio = OursInAll(r) / r.Peers.First().AboveBinding.Median;
                md.Append($"| design: under half of Security Code Scan's cost above binding ({r.Files} files) | {Met(ratio < DesignPeerRatio)}: {ratio:F2} × |\n");
            }

            for (var i = 1; i < web.Count; i++)
            {
                var sizeRatio = (double)web[i].Files / web[i - 1].Files;
                var timeRatio = OursInAll(web[i]) / OursInAll(web[i - 1]);
                md.Append($"| {sizeRatio:F0}× more code costs at most {LinearSlack * sizeRatio:F1}× more time ({web[i - 1].Files} → {web[i].Files} files) | {Met(timeRatio <= LinearSlack * sizeRatio)}: {timeRatio:F1}× |\n");
            }

            foreach (var r in web.Append(library).Where(r => r.Records is not null))
            {
                var onePercent = NothingMeasurablePercent * r.Compile.Median / 100;
                var records = r.Records!;
                var name = ReferenceEquals(r, library) ? $"library, {r.Files} files" : $"{r.Files} files";
                // No cost measured: the interval reaches down to none, or the cost is under 1 % of compile. With too few
                // rounds to estimate the noise (NaN) nothing can be told from none: not met.
                var wallMet = records.Wall.Cost <= Math.Max(records.Wall.Resolution, onePercent);
                var cpuMet = records.Cpu.Cost <= Math.Max(records.Cpu.Resolution, onePercent);
                var allocationBar = NothingMeasurablePercent * records.OffAllocated / 100;
                var allocationMet = records.Allocated.UpperEnd <= allocationBar;
                md.Append($"| the flow records add no measurable cost ({name}): in wall-clock and CPU time no cost measured (the cost within its 95 % interval of none, or under {NothingMeasurablePercent} % of compile: {onePercent:F0} ms), and at most {NothingMeasurablePercent} % more allocated ({allocationBar:F1} MB) | "
                    + $"{Met(wallMet && cpuMet && allocationMet)}: {records.Wall.Cost:+0;-0;0} ± {records.Wall.Resolution:F0} ms (at most {Share(records.Wall.UpperEnd, r)} of compile), CPU {records.Cpu.Cost:+0;-0;0} ± {records.Cpu.Resolution:F0} ms, allocated {records.Allocated.Cost:+0.0;-0.0;0.0} ± {records.Allocated.Resolution:F1} MB |\n");
            }

            var libraryAnalyzers = Math.Max(library.Ours.AboveBinding.Median, OursTelemetry(library));
            if (hasGenerator)
            {
                md.Append($"| library ({library.Files} files): generator costs nothing measurable (under {NothingMeasurablePercent} % of compile) | {Met(100 * library.Generator.Median / library.Compile.Median < NothingMeasurablePercent)}: {Share(library.Generator.Median, library)} |\n");
            }

            md.Append($"| library ({library.Files} files): our analyzers cost nothing measurable (above binding and callbacks under {NothingMeasurablePercent} % of compile) | {Met(100 * libraryAnalyzers / library.Compile.Median < NothingMeasurablePercent)}: {Share(libraryAnalyzers, library)} (baseline noise {library.Baseline.Noise.Median:F0} ms) |\n");
            foreach (var (small, large) in MethodPairs(methods))
            {
                var allowed = LinearSlack * large.Statements / small.Statements;
                var analyzers = Growth(methods, small, large, r => OursTelemetry(r));
                var generator = Growth(methods, small, large, r => r.Generator.Median);
                md.Append($"| one method, {small.Statements} → {large.Statements} statements: our analyzers grow at most linearly (≤ {allowed:F1}×) | {Met(analyzers <= allowed)}: {analyzers:F1}× |\n");
                if (hasGenerator)
                {
                    md.Append($"| one method, {small.Statements} → {large.Statements} statements: the generator grows at most linearly (≤ {allowed:F1}×) | {Met(generator <= allowed)}: {generator:F1}× |\n");
                }
            }

            md.Append(!hasGenerator ? string.Empty : $"| an edit inside a method body: the generator in the IDE does not run, or re-runs in under {IdeGeneratorMilliseconds} ms ({edit.Files} files) | {(edit.Ide.StepsRun == 0 && edit.ProbeConfirmsIdeSkip ? "met: implementation-only: not run in the IDE" : $"{Met(edit.Ide.Time.Median < IdeGeneratorMilliseconds)}: {edit.Ide.Time.Median:F1} ms")} |\n");
            md.Append($"| an edit inside a method body: the edited document with all our analyzers, first run, in at most {IdeDocumentMilliseconds} ms ({edit.Files} files) | {Met(edit.DocumentOurs.Median <= IdeDocumentMilliseconds)}: {edit.DocumentOurs.Median:F0} ms |\n");
            var noOpWithinNoise = noOp.Failure is null && Math.Abs(noOp.Difference) <= Math.Max(NoOpNoiseMilliseconds, 0.05 * noOp.WithoutPackage);
            md.Append($"| a no-op build costs nothing measurable: with and without the package within {NoOpNoiseMilliseconds} ms or 5 % | {(noOp.Failure is not null ? "not measured" : $"{Met(noOpWithinNoise)}: {noOp.Difference:+0;-0} ms ({noOp.WithPackage:F0} vs {noOp.WithoutPackage:F0} ms)")} |\n");
            md.Append('\n').Append(HandWrittenMarker).Append('\n');
            return md.ToString();
        }

        /// <summary>The generated page, followed by what was written by hand below the marker of the page it replaces.</summary>
        public static string KeepHandWrittenNotes(string generated, string? previous)
        {
            var index = previous?.IndexOf(HandWrittenMarker, StringComparison.Ordinal) ?? -1;
            return index < 0 ? generated : generated + previous![(index + HandWrittenMarker.Length)..].TrimStart('\r', '\n').Insert(0, "\n");
        }

        private static double OursTelemetry(SizeResult r) => r.Ours.Telemetry?.Median ?? double.NaN;

        private static double GeneratorAllocated(SizeResult r) => r.GeneratorAllocated?.Median ?? double.NaN;

        private static double OursInAll(SizeResult r) => r.Generator.Median + r.Ours.AboveBinding.Median;

        private static string Share(double milliseconds, SizeResult r) => $"{100 * milliseconds / r.Compile.Median:F1} %";

        private static string Met(bool met) => met ? "met" : "**missed**";

        private static IEnumerable<(MethodSizeResult Small, MethodSizeResult Large)> MethodPairs(IReadOnlyList<MethodSizeResult> methods)
            => methods.Skip(2).Select(large => (methods[1], large));

        /// <summary>Increment at the larger size ÷ increment at the smaller one (increments over the app alone, at least 1 ms).</summary>
        private static double Growth(IReadOnlyList<MethodSizeResult> methods, MethodSizeResult small, MethodSizeResult large, Func<SizeResult, double> time)
        {
            var zero = time(methods[0].Result);
            return Math.Max(1, time(large.Result) - zero) / Math.Max(1, time(small.Result) - zero);
        }

        private static string Steps(GeneratorRerun rerun)
            => rerun.Steps.Count == 0 ? "none ran" : string.Join("; ", rerun.Steps.Select(s => $"`{s.Key}` {s.Value}"));

        private static string IdeDetail(IncrementalResult edit)
            => (edit.Ide.StepsRun == 0
                   ? $"implementation-only: not run in the IDE (no step ran, {edit.Ide.SourcesAdded} sources added)"
                   : $"{edit.Ide.SourcesAdded} sources added; steps: {Steps(edit.Ide)}")
               + (edit.ProbeConfirmsIdeSkip ? string.Empty : " (**check**: the harness's implementation-only probe generator did run in this driver, so \"not run in the IDE\" does not hold on this Roslyn)");
    }
}
