using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.DataFlow
{
    /// <summary>Findings never depend on the order in which methods are analyzed, nor on concurrency, also where a limit cuts chains.</summary>
    public class DeterminismTests
    {
        private const string Source = """
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            public class Customer { [HandlesPii] public string Email { get; set; } }

            public class Chains(ILogger<Chains> logger)
            {
                public void Start(Customer c) { A(c.Email); B(c.Email); Loop(c.Email, 3); }
                public void Middle(Customer c) => B(c.Email);
                public void A(string s) => B(s);
                public void B(string s) => C(s);
                public void C(string s) => D(s);
                public void D(string s) => logger.LogInformation("{S}", s);
                public void Loop(string s, int n) { if (n > 0) Loop(s, n - 1); else D(s); }
            }
            """;

        /// <summary>
        /// A method's body action asks its summary at one more call than the limit, its callers at less: a summary not cut
        /// short serves every depth from its height up (B calls C calls D, which logs: height 3), so whichever asks first,
        /// the body is evaluated once; below its height the summary is cut short, and says so.
        /// </summary>
        [Theory]
        [InlineData(9, 3)]
        [InlineData(3, 9)]
        public void ASummaryNotCutShort_ServesEveryDepthFromItsHeightUp_WhicheverIsAskedFirst(int first, int second)
        {
            var compilation = CSharpCompilation.Create("Heights", new[] { CSharpSyntaxTree.ParseText(Source, path: "/Chains.cs") }, TestReferences.Web,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var engine = ThreatAnalyzers.DataFlow.FlowEngine.Create(compilation, ThreatAnalyzers.DataFlow.FlowOptions.Default);
            var b = compilation.GetTypeByMetadataName("Chains")!.GetMembers("B").OfType<IMethodSymbol>().Single();

            var asked = engine.SummaryOf(b, first, CancellationToken.None)!;
            var again = engine.SummaryOf(b, second, CancellationToken.None)!;

            Assert.False(asked.DepthLimited);
            Assert.Equal(3, asked.Height);
            Assert.Same(asked, again);
            Assert.Single(asked.Sinks);
            var cut = engine.SummaryOf(b, 2, CancellationToken.None)!;
            Assert.True(cut.DepthLimited);
            Assert.Empty(cut.Sinks);
        }

        [Theory]
        [InlineData(2)]
        [InlineData(3)]
        [InlineData(8)]
        public async Task SequentialAndConcurrentAnalysis_GiveTheSameDiagnostics_RunAfterRun(int maxDepth)
        {
            var results = new List<string>();
            for (var run = 0; run < 6; run++)
            {
                results.Add(await Analyze(concurrent: run % 2 == 1, maxDepth, reverseFiles: run >= 3));
            }

            Assert.All(results, r => Assert.Equal(results[0], r));
        }

        private static async Task<string> Analyze(bool concurrent, int maxDepth, bool reverseFiles)
        {
            var trees = new[]
            {
                CSharpSyntaxTree.ParseText(Source, path: "/Chains.cs"),
                CSharpSyntaxTree.ParseText("public class Other(Chains chains) { public void Go(Customer c) => chains.C(c.Email); }", path: "/Other.cs"),
            };
            var compilation = CSharpCompilation.Create("Determinism", reverseFiles ? trees.Reverse() : trees, TestReferences.Web,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var options = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new DepthOption(maxDepth));
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer()), new CompilationWithAnalyzersOptions(options, null, concurrent, false))
                .GetAnalyzerDiagnosticsAsync();
            diagnostics = diagnostics.Where(d => d.Id == "TA4001").ToImmutableArray();
            Assert.NotEmpty(diagnostics);
            return string.Join("\n", diagnostics
                .Select(d => $"{d.Location.GetLineSpan()} {d.GetMessage()} {string.Join(",", d.Properties.OrderBy(p => p.Key).Select(p => p.Key + "=" + p.Value))}")
                .OrderBy(s => s, System.StringComparer.Ordinal));
        }

        private sealed class DepthOption(int depth) : AnalyzerConfigOptionsProvider
        {
            private readonly Values values = new(depth);

            public override AnalyzerConfigOptions GlobalOptions => values;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => values;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => values;

            private sealed class Values(int depth) : AnalyzerConfigOptions
            {
                public override bool TryGetValue(string key, out string value)
                {
                    value = depth.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return key == "threat_analyzers.flow.max_call_depth";
                }
            }
        }
    }
}
