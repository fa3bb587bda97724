using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatAnalyzers.Tests.Verifiers
{
    public static class CSharpAnalyzerVerifier<TAnalyzer>
        where TAnalyzer : DiagnosticAnalyzer, new()
    {
        public static DiagnosticResult Diagnostic(string id) => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic(id);

        public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

        /// <summary>A web project (.NET + ASP.NET Core + annotations), built as a library.</summary>
        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
            => new Test(source).RunWithAsync(expected);

        /// <summary>A web project with top-level statements (minimal APIs), built as an executable.</summary>
        public static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
            => new Test(source) { OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(expected);

        public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            public Test(params string[] sources)
            {
                ReferenceAssemblies = TestReferences.None;
                foreach (var source in sources)
                {
                    TestState.Sources.Add(source);
                }
            }

            public ImmutableArray<MetadataReference> References { get; set; } = TestReferences.Web;

            public string? BuildDate { get; set; } = TestSetup.BuildDate;

            public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

            public Task RunWithAsync(params DiagnosticResult[] expected)
            {
                ExpectedDiagnostics.AddRange(expected);
                return RunAsync(CancellationToken.None);
            }

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                TestSetup.Apply(TestState, References, BuildDate, OutputKind);
                return base.RunImplAsync(cancellationToken);
            }
        }
    }
}
