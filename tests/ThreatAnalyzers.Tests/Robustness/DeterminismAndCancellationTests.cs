using System;
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
using ThreatAnalyzers.Modeling;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Robustness
{
    /// <summary>The analyzers never change their mind (concurrency, file order) and stop promptly when cancelled.</summary>
    public class DeterminismAndCancellationTests
    {
        private static readonly GeneratedCorpus Corpus = CorpusGenerator.Generate(120, seed: 7);

        private static CSharpCompilation Compile(bool reversed = false)
        {
            var trees = Corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), path: "/corpus/" + f.Path));
            return CSharpCompilation.Create("Corpus", reversed ? trees.Reverse() : trees, TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
        }

        /// <summary>The benchmark's corpus is real code: a compile error would make its planted flaws meaningless.</summary>
        [Fact]
        public void TheGeneratedCorpus_Compiles()
        {
            var errors = Compile().GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Select(d => d.ToString()).ToList();
            Assert.Empty(errors);
            Assert.Contains(Corpus.Flaws, f => f.Kind == FlawKind.PathTraversal);
        }

        [Fact]
        public async Task ConcurrentAndSequentialAnalysis_InEitherFileOrder_GiveTheSameDiagnostics()
        {
            async Task<string> Run(bool concurrent, bool reversed)
            {
                var diagnostics = await Compile(reversed)
                    .WithAnalyzers(RobustnessHarness.Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, concurrent, false))
                    .GetAnalyzerDiagnosticsAsync();
                return string.Join("\n", diagnostics.Select(d => $"{d.Location.GetLineSpan()} {d.Id} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal));
            }

            var baseline = await Run(concurrent: false, reversed: false);
            Assert.Contains("TA1001", baseline, StringComparison.Ordinal);
            Assert.Contains("TA4001", baseline, StringComparison.Ordinal);
            Assert.Equal(baseline, await Run(concurrent: true, reversed: false));
            Assert.Equal(baseline, await Run(concurrent: true, reversed: true));
            Assert.Equal(baseline, await Run(concurrent: false, reversed: true));
        }

        [Fact]
        public async Task Analysis_HonoursCancellation_Promptly()
        {
            var withAnalyzers = Compile().WithAnalyzers(RobustnessHarness.Analyzers);
            using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));
            var stopwatch = Stopwatch.StartNew();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellation.Token));

            // Generous on purpose: this proves the token is honoured, it does not time the analyzers.
            Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(30), $"took {stopwatch.Elapsed} to stop");
        }

        [Fact]
        public void Artifacts_AreByteIdentical_RunAfterRun_AndWhateverTheOrderOfFiles()
        {
            string Run(CSharpCompilation compilation)
            {
                var diagnostics = ModelHarness.Run(compilation).Diagnostics;
                return diagnostics.Single(d => d.Id == ModelDiagnostic.Id).Properties[ModelDiagnostic.ModelProperty]!;
            }

            var first = Run(Compile());
            Assert.Equal(first, Run(Compile()));
            Assert.Equal(first, Run(Compile(reversed: true)));
        }
    }
}
