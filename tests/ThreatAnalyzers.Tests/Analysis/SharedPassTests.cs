using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>The one pass: shared state built once per compilation, each body analyzed at most once, whatever the number of rules.</summary>
    public class SharedPassTests
    {
        private const string Source = """
            using Microsoft.Extensions.Logging;
            using ThreatAnalyzers;

            namespace Clinic
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                }

                public class Api(ILogger<Api> logger, Audit audit)
                {
                    [TrustBoundary("Internet")]
                    public void Register(Customer customer)
                    {
                        logger.LogInformation("Registered {Email}", customer.Email);
                        audit.Write(customer.Email);
                    }

                    [TrustBoundary("Internet")]
                    public int Add(int a, int b) => a + b;

                    public string Describe(Customer customer) => customer.Id.ToString();
                }

                public class Audit(ILogger<Audit> logger)
                {
                    public void Write(string value) => logger.LogWarning("{Value}", value);
                }
            }
            """;

        [Fact]
        public async Task SharedState_IsBuiltOnce_AndEachBodyAnalyzedOnce_WhateverTheNumberOfRules()
        {
            var real = await RunAsync(ThreatRules.All);
            var many = await RunAsync(ThreatRules.All.AddRange(Enumerable.Range(1, 8).Select(i => (ThreatRule)new EveryLoggedValueRule(i))));

            Assert.Equal(1, real.States);
            Assert.Equal(1, many.States);

            // Only bodies that may reach a sink are analyzed: Register (logs, and calls Audit.Write) and Audit.Write (logs).
            Assert.Equal(new[] { "Audit.Write", "Api.Register" }.OrderBy(s => s), real.Bodies.Keys.OrderBy(s => s));
            Assert.All(real.Bodies.Values, count => Assert.Equal(1, count));
            Assert.Equal(real.Bodies.OrderBy(p => p.Key), many.Bodies.OrderBy(p => p.Key));

            // Every extra rule got its findings from the same analyses.
            Assert.Equal(8, many.Diagnostics.Select(d => d.Id).Where(id => id.StartsWith("TEST", System.StringComparison.Ordinal)).Distinct().Count());
            Assert.Equal(
                real.Diagnostics.Select(d => d.ToString()).OrderBy(s => s),
                many.Diagnostics.Where(d => d.Id.StartsWith("TA", System.StringComparison.Ordinal)).Select(d => d.ToString()).OrderBy(s => s));
        }

        [Fact]
        public async Task NothingToLookAt_SetsUpNoFlowAnalysis()
        {
            var compilation = CSharpCompilation.Create(
                "Library",
                new[] { CSharpSyntaxTree.ParseText("public class Parser { public int Parse(string s) { System.Console.WriteLine(s); return s.Length; } }") },
                TestReferences.NetCore,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var observer = new Observer();
            await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer(ThreatRules.All, observer))).GetAnalyzerDiagnosticsAsync();
            Assert.Equal(1, observer.States);
            Assert.Empty(observer.Bodies);
        }

        /// <summary>
        /// A library that logs, starts processes and runs regular expressions, but takes no request and classifies no
        /// data: no value can be untrusted, personal or secret, so no body is analyzed (the benchmark's "library with
        /// nothing to model"). A source it calls (Console.ReadLine, however spelled) or a classification it writes brings the
        /// analysis back.
        /// </summary>
        [Theory]
        [InlineData("", false)]
        [InlineData("public string Ask() => System.Console.ReadLine() ?? \"\";", true)]
        // A Unicode escape spells the same name: the file's text does not show it, its syntax does.
        [InlineData("public string Ask() => System.Console.Read\\u004Cine() ?? \"\";", true)]
        [InlineData("public class Patient { [ThreatAnalyzers.HandlesPii] public string Name { get; set; } = \"\"; }", true)]
        public async Task ALibraryWhereNoValueCanBeUntrustedOrSensitive_SetsUpNoFlowAnalysis(string extra, bool analyzed)
        {
            var source = $$"""
                using Microsoft.Extensions.Logging;

                public class Jobs(ILogger<Jobs> logger)
                {
                    public void Run(string name, string arguments)
                    {
                        logger.LogInformation("Running " + name);
                        System.Diagnostics.Process.Start(name, arguments);
                        System.Text.RegularExpressions.Regex.IsMatch(name, arguments);
                    }

                    {{(extra.StartsWith("public class", System.StringComparison.Ordinal) ? string.Empty : extra)}}
                }

                {{(extra.StartsWith("public class", System.StringComparison.Ordinal) ? extra : string.Empty)}}
                """;
            var logging = TestReferences.AspNetCore.Where(r => r.Display?.EndsWith("Microsoft.Extensions.Logging.Abstractions.dll", System.StringComparison.Ordinal) == true);
            var compilation = CSharpCompilation.Create(
                "Jobs",
                new[] { CSharpSyntaxTree.ParseText(source) },
                TestReferences.Library.AddRange(logging),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var observer = new Observer();
            await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer(ThreatRules.All, observer))).GetAnalyzerDiagnosticsAsync();
            Assert.Equal(analyzed, !observer.Bodies.IsEmpty);
        }

        private static async Task<(int States, ConcurrentDictionary<string, int> Bodies, ImmutableArray<Diagnostic> Diagnostics)> RunAsync(ImmutableArray<ThreatRule> rules)
        {
            var compilation = CSharpCompilation.Create(
                "Clinic",
                new[] { CSharpSyntaxTree.ParseText(Source, path: "/Api.cs") },
                TestReferences.Web,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            var observer = new Observer();
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer(rules, observer)))
                .GetAnalyzerDiagnosticsAsync();
            return (observer.States, observer.Bodies, diagnostics);
        }

        private sealed class Observer : IAnalysisObserver
        {
            private int states;

            public int States => states;

            public ConcurrentDictionary<string, int> Bodies { get; } = new();

            public void StateCreated(CompilationAnalysis analysis) => System.Threading.Interlocked.Increment(ref states);

            public void BodyAnalyzed(ISymbol owner, SyntaxNode body)
                => Bodies.AddOrUpdate(owner.ContainingType.Name + "." + owner.Name, 1, (_, n) => n + 1);

            public void BodyWalked(ISymbol owner, bool aroundWords)
            {
            }
        }

        /// <summary>A rule that asks for every value reaching a log: stands in for the catalog's many flow rules.</summary>
        private sealed class EveryLoggedValueRule(int number) : FlowRule(new RuleDefinition(
            new DiagnosticDescriptor("TEST" + number.ToString("D3", System.Globalization.CultureInfo.InvariantCulture), "Logged", "'{0}' is logged", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true),
            RuleRisks.Low,
            question: "Which values reach a log?",
            concerns: "the Logs store",
            fix: null))
        {
            public override SinkKind Sinks => SinkKind.Log;

            public override bool Reaches(FlowFact fact) => true;

            public override void Report(FlowContext context, FlowFinding finding)
                => context.Report(this, finding.ReportLocation, System.Array.Empty<Location>(), new ThreatElement("store:logs", "Logs", ElementKinds.DataStore), null, finding.Fact.Origin);
        }
    }
}
