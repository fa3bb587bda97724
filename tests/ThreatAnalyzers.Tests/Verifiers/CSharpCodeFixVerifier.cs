using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatAnalyzers.Tests.Verifiers
{
    public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
        where TAnalyzer : DiagnosticAnalyzer, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic(string id) => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic(id);

        public static DiagnosticResult Diagnostic() => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic();

        public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
            => new Test { TestCode = source, FixedCode = fixedSource }.RunWithAsync(expected);

        public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
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
