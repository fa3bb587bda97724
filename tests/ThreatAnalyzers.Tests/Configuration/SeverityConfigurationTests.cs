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

namespace ThreatAnalyzers.Tests.Configuration
{
    /// <summary>
    /// Teams raise a whole STRIDE letter, or one rule, in .editorconfig; these keys are part of the contract.
    /// The .editorconfig is parsed and applied by the compiler's own AnalyzerConfigSet, as csc does: the analyzer
    /// testing library does not hand category keys to the analyzer driver. The end-to-end test checks the same key
    /// through a real MSBuild build.
    /// </summary>
    public class SeverityConfigurationTests
    {
        private const string Source = """
            using ThreatAnalyzers;

            public class PatientsApi
            {
                [TrustBoundary("Internet")]
                public void Save(string note) => System.IO.File.WriteAllText("notes.txt", note);
            }
            """;

        [Fact]
        public async Task CategoryKey_RaisesEverySpoofingRuleToError()
            => Assert.Equal(DiagnosticSeverity.Error, (await SingleTA1001("dotnet_analyzer_diagnostic.category-Spoofing.severity = error"))!.Severity);

        [Fact]
        public async Task OtherCategoryKey_LeavesSpoofingAlone()
            => Assert.Equal(DiagnosticSeverity.Warning, (await SingleTA1001("dotnet_analyzer_diagnostic.category-Tampering.severity = error"))!.Severity);

        [Fact]
        public async Task CategoryKey_CanTurnALetterOff()
            => Assert.Null(await SingleTA1001("dotnet_analyzer_diagnostic.category-Spoofing.severity = none"));

        [Fact]
        public async Task RuleKey_TurnsTheRuleOff()
            => Assert.Null(await SingleTA1001("dotnet_diagnostic.TA1001.severity = none"));

        [Fact]
        public async Task RuleKey_WinsOverCategoryKey()
            => Assert.Equal(
                DiagnosticSeverity.Info,
                (await SingleTA1001("dotnet_analyzer_diagnostic.category-Spoofing.severity = error\ndotnet_diagnostic.TA1001.severity = suggestion"))!.Severity);

        private static async Task<Diagnostic?> SingleTA1001(string settings)
        {
            const string path = "/src/PatientsApi.cs";
            var configSet = AnalyzerConfigSet.Create(new[]
            {
                AnalyzerConfig.Parse($"root = true\n\n[*.cs]\n{settings}\n", "/src/.editorconfig"),
            });
            var result = configSet.GetOptionsForSourcePath(path);

            var tree = CSharpSyntaxTree.ParseText(Source, path: path);
            var options = new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary)
                .WithSyntaxTreeOptionsProvider(new TreeOptions(result.TreeOptions));
            var compilation = CSharpCompilation.Create("Clinic", new[] { tree }, TestReferences.Library, options);
            var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigOptions(result.AnalyzerOptions));

            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer()), analyzerOptions)
                .GetAllDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Severity == DiagnosticSeverity.Error && d.Id.StartsWith("CS", System.StringComparison.Ordinal));
            return diagnostics.SingleOrDefault(d => d.Id == "TA1001");
        }

        private sealed class ConfigOptions : AnalyzerConfigOptionsProvider
        {
            private readonly Values values;

            public ConfigOptions(ImmutableDictionary<string, string> values) => this.values = new Values(values);

            public override AnalyzerConfigOptions GlobalOptions => values;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => values;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => values;

            private sealed class Values : AnalyzerConfigOptions
            {
                private readonly ImmutableDictionary<string, string> values;

                public Values(ImmutableDictionary<string, string> values) => this.values = values;

                public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
            }
        }

        private sealed class TreeOptions : SyntaxTreeOptionsProvider
        {
            private readonly ImmutableDictionary<string, ReportDiagnostic> severities;

            public TreeOptions(ImmutableDictionary<string, ReportDiagnostic> severities) => this.severities = severities;

            public override GeneratedKind IsGenerated(SyntaxTree tree, CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

            public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
                => severities.TryGetValue(diagnosticId, out severity);

            public override bool TryGetGlobalDiagnosticValue(string diagnosticId, CancellationToken cancellationToken, out ReportDiagnostic severity)
            {
                severity = ReportDiagnostic.Default;
                return false;
            }
        }
    }
}
