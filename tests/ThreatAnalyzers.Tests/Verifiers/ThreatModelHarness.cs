using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Modeling;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Rules;
using Xunit;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// A build in memory, end to end: the model analyzer draws the model, the shared pass and the review
    /// suppressor report (suppressed diagnostics kept, as in the compiler's log), and the build step's join turns exactly
    /// those diagnostics into the artifact's threats. Diagnostics become <see cref="ReportedFinding"/>s here the way the
    /// build step reads them from the compiler's SARIF log.
    /// </summary>
    internal static class ThreatModelHarness
    {
        public const string ProjectDirectory = "/src/Portal";

        public sealed record Build(ThreatModel Model, ImmutableArray<Diagnostic> Diagnostics)
        {
            /// <summary>The joined model as threat-model.json says it.</summary>
            public JsonElement Json => JsonDocument.Parse(ModelJsonRenderer.Render(Model)).RootElement;

            /// <summary>What the build would print: our diagnostics that are not suppressed.</summary>
            public IEnumerable<Diagnostic> Warnings => Diagnostics.Where(d => !d.IsSuppressed);
        }

        public static async Task<Build> RunAsync(
            string[] sources,
            IDictionary<string, string>? options = null,
            OutputKind kind = OutputKind.DynamicallyLinkedLibrary,
            IDictionary<string, ReportDiagnostic>? severities = null,
            IDictionary<int, IDictionary<string, ReportDiagnostic>>? severitiesByFile = null)
        {
            var compilation = CSharpCompilation.Create(
                "Portal",
                sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, new CSharpParseOptions(LanguageVersion.Latest), path: $"{ProjectDirectory}/File{i}.cs")),
                TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Disable)
                    .WithSpecificDiagnosticOptions(severities ?? new Dictionary<string, ReportDiagnostic>())
                    .WithSyntaxTreeOptionsProvider(new FileSeverities(severitiesByFile)));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var values = new Dictionary<string, string>
            {
                ["build_property.MSBuildProjectDirectory"] = ProjectDirectory,
                ["build_property.ThreatAnalyzersBuildDate"] = TestSetup.BuildDate,
            };
            foreach (var pair in options ?? new Dictionary<string, string>())
            {
                values[pair.Key] = pair.Value;
            }

            var provider = new Options(values);
            var diagnostics = await compilation
                .WithAnalyzers(
                    ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatModelAnalyzer(), new ThreatRulesAnalyzer(), new ReviewSuppressor()),
                    new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, provider), onAnalyzerException: null, concurrentAnalysis: true, logAnalyzerExecutionTime: false, reportSuppressedDiagnostics: true))
                .GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            var generated = ModelJsonReader.Read(diagnostics.Single(d => d.Id == ModelDiagnostic.Id).Properties[ModelDiagnostic.ModelProperty]!);
            diagnostics = diagnostics.RemoveAll(d => d.Id == ModelDiagnostic.Id);

            var findings = diagnostics.Where(d => RuleCatalog.ThreatRuleIds.Contains(d.Id)).Select(d => ToFinding(d, compilation)).ToList();
            return new Build(ModelJoin.Join(generated, findings, ProjectDirectory), diagnostics);
        }

        /// <summary>A diagnostic as the compiler's log records it.</summary>
        public static ReportedFinding ToFinding(Diagnostic diagnostic, Compilation compilation)
        {
            string? Property(string name) => diagnostic.Properties.TryGetValue(name, out var value) ? value : null;
            var status = Property(FindingProperties.Status) ?? ThreatStatuses.Open;
            string? suppressedBy = null;
            var justification = Property(FindingProperties.Justification);
            if (diagnostic.IsSuppressed && status == ThreatStatuses.Open)
            {
                var attribute = diagnostic.GetSuppressionInfo(compilation)?.Attribute;
                suppressedBy = attribute is null ? "pragma" : "SuppressMessage";
                justification = attribute?.NamedArguments.FirstOrDefault(a => a.Key == "Justification").Value.Value as string;
            }

            return new ReportedFinding(
                diagnostic.Id,
                diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture),
                LocationOf(diagnostic.Location),
                diagnostic.AdditionalLocations.Select(LocationOf).OfType<SourceLocation>().ToEquatableArray(),
                Property(FindingProperties.Element),
                Property(FindingProperties.ElementName),
                Property(FindingProperties.ElementKind),
                status,
                justification,
                Property(FindingProperties.Owner),
                Property(FindingProperties.Expires),
                suppressedBy,
                Property(FindingProperties.LimitReached) ?? string.Empty,
                (Property(FindingProperties.DataClasses) ?? string.Empty).Split(',').Where(c => c.Length > 0).ToSortedSet(),
                Property(FindingProperties.SinkMethod));
        }

        private static SourceLocation? LocationOf(Location location)
            => location.IsInSource ? new SourceLocation(location.GetLineSpan().Path, location.GetLineSpan().StartLinePosition.Line + 1) : null;

        /// <summary>.editorconfig severities for some files, by their index in the sources ("File{i}.cs").</summary>
        private sealed class FileSeverities(IDictionary<int, IDictionary<string, ReportDiagnostic>>? byFile) : SyntaxTreeOptionsProvider
        {
            public override GeneratedKind IsGenerated(SyntaxTree tree, System.Threading.CancellationToken cancellationToken) => GeneratedKind.NotGenerated;

            public override bool TryGetDiagnosticValue(SyntaxTree tree, string diagnosticId, System.Threading.CancellationToken cancellationToken, out ReportDiagnostic severity)
            {
                severity = ReportDiagnostic.Default;
                foreach (var pair in byFile ?? new Dictionary<int, IDictionary<string, ReportDiagnostic>>())
                {
                    if (tree.FilePath.EndsWith($"/File{pair.Key}.cs", System.StringComparison.Ordinal) && pair.Value.TryGetValue(diagnosticId, out severity))
                    {
                        return true;
                    }
                }

                return false;
            }

            public override bool TryGetGlobalDiagnosticValue(string diagnosticId, System.Threading.CancellationToken cancellationToken, out ReportDiagnostic severity)
            {
                severity = ReportDiagnostic.Default;
                return false;
            }
        }

        private sealed class Options(IDictionary<string, string> values) : AnalyzerConfigOptionsProvider
        {
            private readonly Values all = new(values.ToImmutableDictionary());

            public override AnalyzerConfigOptions GlobalOptions => all;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => all;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => all;

            private sealed class Values(ImmutableDictionary<string, string> values) : AnalyzerConfigOptions
            {
                public override bool TryGetValue(string key, out string value) => values.TryGetValue(key, out value!);
            }
        }
    }
}
