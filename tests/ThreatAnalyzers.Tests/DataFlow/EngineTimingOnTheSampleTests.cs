using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace ThreatAnalyzers.Tests.DataFlow
{
    /// <summary>
    /// Prints the flow engine's time on the sample (until the benchmark project measures it properly). It asserts what it
    /// found, never how long it took: speed is measured, not asserted.
    /// </summary>
    public class EngineTimingOnTheSampleTests(ITestOutputHelper output)
    {
        [Fact]
        public async Task PrintsTheEnginesTimeOnTheSample()
        {
            var folder = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal");
            var trees = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                            && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                .OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => CSharpSyntaxTree.ParseText(File.ReadAllText(f), new CSharpParseOptions(LanguageVersion.Latest), path: f))
                .Append(CSharpSyntaxTree.ParseText(
                    "global using System; global using System.IO; global using System.Linq; global using System.Net.Http; global using System.Net.Http.Json; global using System.Threading; global using System.Threading.Tasks; "
                    + "global using System.Collections.Generic; global using Microsoft.AspNetCore.Builder; global using Microsoft.AspNetCore.Http; global using Microsoft.AspNetCore.Routing; "
                    + "global using Microsoft.Extensions.DependencyInjection; global using Microsoft.Extensions.Hosting; global using Microsoft.Extensions.Logging; global using Microsoft.Extensions.Configuration;",
                    path: "GlobalUsings.g.cs"))
                .ToList();
            var compilation = CSharpCompilation.Create(
                "CustomerPortal", trees, TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors.Take(10)));

            // The engine alone: every method body of the sample, as TA4001 asks for them (summaries shared).
            var stopwatch = Stopwatch.StartNew();
            var engine = FlowEngine.Create(compilation, FlowOptions.Default);
            var bodies = 0;
            var findings = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var declaration in tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or CompilationUnitSyntax { Members.Count: > 0 }))
                {
                    if (model.GetOperation(declaration) is { } body)
                    {
                        bodies++;
                        findings += engine.Find(body, model.GetDeclaredSymbol(declaration), f => f.IsSensitive, SinkKind.Log, CancellationToken.None).Length;
                    }
                }
            }

            var engineTime = stopwatch.Elapsed;

            // TA4001 as the compiler runs it, with the driver's own execution-time telemetry.
            var analyzer = new ThreatRulesAnalyzer();
            var withAnalyzers = compilation.WithAnalyzers(
                ImmutableArray.Create<DiagnosticAnalyzer>(analyzer),
                new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrentAnalysis: false, logAnalyzerExecutionTime: true));
            var diagnostics = (await withAnalyzers.GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == "TA4001").ToImmutableArray();
            var telemetry = await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, CancellationToken.None);

            var line = $"Flow engine on samples/CustomerPortal: {trees.Count} files, {bodies} bodies analyzed in {engineTime.TotalMilliseconds:F1} ms (first run, summaries included); "
                       + $"shared pass (all threat rules) execution time {telemetry.ExecutionTime.TotalMilliseconds:F1} ms; {diagnostics.Length} TA4001 finding(s).";
            output.WriteLine(line);
            Console.WriteLine(line);

            Assert.True(bodies >= 10, $"{bodies} bodies");
            Assert.Single(diagnostics);
            Assert.Contains("change.Email", diagnostics[0].GetMessage(), StringComparison.Ordinal);
        }
    }
}
