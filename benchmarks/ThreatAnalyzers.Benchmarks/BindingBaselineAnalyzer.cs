using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatAnalyzers.Benchmarks
{
    /// <summary>
    /// The floor every semantic analyzer pays: binds every executable code block (method, accessor, constructor, lambda,
    /// field and property initializer, top-level statements) and walks each block's whole operation tree, and does nothing
    /// else. Run in the same <see cref="CompilationWithAnalyzers"/> configuration as the tools, so "a tool above binding"
    /// is the wall-clock time of (tool + this) minus that of this alone: the driver and its semantic models are shared, so
    /// whatever binding the tool would have triggered itself has already been paid for by this analyzer.
    /// It never reports; its one descriptor is hidden, so the driver does not skip it as fully suppressed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class BindingBaselineAnalyzer : DiagnosticAnalyzer
    {
        private static readonly DiagnosticDescriptor Never = new(
            "BENCH0001", "Binding baseline", "Never reported", "Benchmark", DiagnosticSeverity.Hidden, isEnabledByDefault: true);

        private long operations;

        /// <summary>Operations walked since this instance was created (proof that the walk was not optimized away).</summary>
        public long Operations => Interlocked.Read(ref operations);

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Never);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterOperationBlockAction(block =>
            {
                long count = 0;
                foreach (var root in block.OperationBlocks)
                {
                    foreach (var _ in root.DescendantsAndSelf())
                    {
                        count++;
                    }
                }

                Interlocked.Add(ref operations, count);
            });
        }
    }
}
