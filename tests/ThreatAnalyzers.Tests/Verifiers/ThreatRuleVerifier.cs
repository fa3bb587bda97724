using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Reporting;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// Runs one threat rule the way users get it: the shared pass (<see cref="ThreatRulesAnalyzer"/>) with the review
    /// suppressor, every other threat rule switched off. A finding settled by [Mitigates]/[AcceptsRisk] is still reported,
    /// suppressed: expect it with <c>.WithIsSuppressed(true)</c>.
    /// </summary>
    internal static class ThreatRuleVerifier<TRule>
        where TRule : ThreatRule, new()
    {
        public static DiagnosticDescriptor Descriptor { get; } = new TRule().Definition.Descriptor;

        public static DiagnosticResult Diagnostic() => new(Descriptor);

        public static DiagnosticResult Diagnostic(string id) => new(id, Descriptor.DefaultSeverity);

        public static IEnumerable<string> OtherRules => ThreatRules.All.Where(r => r is not TRule).Select(r => r.Definition.Id);

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers() => ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer(), new ReviewSuppressor());

        /// <summary>A web project (.NET + ASP.NET Core + annotations), built as a library.</summary>
        public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
            => new Test(source).RunWithAsync(expected);

        /// <summary>A web project with top-level statements (minimal APIs), built as an executable.</summary>
        public static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
            => new Test(source) { OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(expected);

        public sealed class Test : CSharpAnalyzerTest<ThreatRulesAnalyzer, DefaultVerifier>
        {
            public Test(params string[] sources)
            {
                ReferenceAssemblies = TestReferences.None;
                foreach (var source in sources)
                {
                    TestState.Sources.Add(source);
                }

                DisabledDiagnostics.AddRange(OtherRules);
            }

            public ImmutableArray<MetadataReference> References { get; set; } = TestReferences.Web;

            public string? BuildDate { get; set; } = TestSetup.BuildDate;

            public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

            public Task RunWithAsync(params DiagnosticResult[] expected)
            {
                ExpectedDiagnostics.AddRange(expected);
                return RunAsync(CancellationToken.None);
            }

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => Analyzers();

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                TestSetup.Apply(TestState, References, BuildDate, OutputKind);
                EnableIfOffByDefault(TestState);
                return base.RunImplAsync(cancellationToken);
            }
        }

        /// <summary>An opt-in rule (off by default) is tested switched on, the way a team that opts in gets it.</summary>
        internal static void EnableIfOffByDefault(SolutionState state)
        {
            if (!Descriptor.IsEnabledByDefault)
            {
                state.AnalyzerConfigFiles.Add(("/.enable.globalconfig", $"is_global = true\ndotnet_diagnostic.{Descriptor.Id}.severity = warning\n"));
            }
        }
    }

    /// <summary>A threat rule's code fix, run against the shared pass like <see cref="ThreatRuleVerifier{TRule}"/>.</summary>
    internal static class ThreatRuleFixVerifier<TRule, TCodeFix>
        where TRule : ThreatRule, new()
        where TCodeFix : CodeFixProvider, new()
    {
        public static DiagnosticResult Diagnostic() => ThreatRuleVerifier<TRule>.Diagnostic();

        public static DiagnosticResult Diagnostic(string id) => ThreatRuleVerifier<TRule>.Diagnostic(id);

        public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
            => new Test { TestCode = source, FixedCode = fixedSource }.RunWithAsync(expected);

        public sealed class Test : CSharpCodeFixTest<ThreatRulesAnalyzer, TCodeFix, DefaultVerifier>
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                DisabledDiagnostics.AddRange(ThreatRuleVerifier<TRule>.OtherRules);
            }

            public ImmutableArray<MetadataReference> References { get; set; } = TestReferences.Web;

            public string? BuildDate { get; set; } = TestSetup.BuildDate;

            public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

            public Task RunWithAsync(params DiagnosticResult[] expected)
            {
                ExpectedDiagnostics.AddRange(expected);
                return RunAsync(CancellationToken.None);
            }

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => ThreatRuleVerifier<TRule>.Analyzers();

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                TestSetup.Apply(TestState, References, BuildDate, OutputKind);
                ThreatRuleVerifier<TRule>.EnableIfOffByDefault(TestState);
                return base.RunImplAsync(cancellationToken);
            }
        }
    }
}
