using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.DataFlow
{
    /// <summary>Limits are never silent, and what they keep never depends on the order of the code.</summary>
    public class LimitTests
    {
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task PersonalData_AmongMoreFactsThanTheLimit_IsReportedWhateverTheOperandOrder_AndTheLimitIsNamed(bool emailFirst)
        {
            var untrusted = Enumerable.Range(1, 16).Select(i => "p" + i).ToList();
            var operands = emailFirst ? new[] { "customer.Email" }.Concat(untrusted) : untrusted.Concat(new[] { "customer.Email" });
            var source = $$"""
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                public class Customer { [HandlesPii] public string Email { get; set; } }

                public class Api(ILogger<Api> logger)
                {
                    [TrustBoundary("Partner")]
                    [Authenticated]
                    public void Receive(Customer customer, {{string.Join(", ", untrusted.Select(p => "string " + p))}})
                    {
                        var text = {{string.Join(" + ", operands)}};
                        logger.LogInformation(text);
                    }
                }
                """;

            var diagnostics = await AnalyzeAsync(source);
            var finding = Assert.Single(diagnostics, d => d.Id == "TA4001");
            Assert.Contains("'customer.Email' (PII)", finding.GetMessage(), System.StringComparison.Ordinal);
            Assert.Equal("FactsPerValue", finding.Properties[FindingProperties.LimitReached]);
        }

        [Fact]
        public async Task CallDepthLimit_IsNamedOnTheFinding()
        {
            const string source = """
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                public class Customer { [HandlesPii] public string Email { get; set; } }

                public class Deep(ILogger<Deep> logger)
                {
                    public void Start(Customer customer)
                    {
                        Log(customer.Email);
                        A(customer.Email);
                    }

                    private void Log(string value) => logger.LogInformation("{Value}", value);
                    private void A(string value) => B(value);
                    private void B(string value) => C(value);
                    private void C(string value) => logger.LogInformation("{Value}", value);
                }
                """;

            var diagnostics = await AnalyzeAsync(source, "threat_analyzers.flow.max_call_depth = 2");
            var start = diagnostics.Where(d => d.Id == "TA4001" && d.Location.GetLineSpan().StartLinePosition.Line == 9).ToList();
            Assert.Single(start);
            Assert.Equal("CallDepth", start[0].Properties[FindingProperties.LimitReached]);
        }

        private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source, string? options = null)
        {
            var compilation = CSharpCompilation.Create(
                "Limits",
                new[] { CSharpSyntaxTree.ParseText(source, path: "/Api.cs") },
                TestReferences.Web,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var analyzerOptions = new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new ConfigText(options));
            return await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer()), analyzerOptions).GetAnalyzerDiagnosticsAsync();
        }

        private sealed class ConfigText(string? text) : AnalyzerConfigOptionsProvider
        {
            private readonly Values values = new(text);

            public override AnalyzerConfigOptions GlobalOptions => values;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => values;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => values;

            private sealed class Values(string? text) : AnalyzerConfigOptions
            {
                public override bool TryGetValue(string key, out string value)
                {
                    foreach (var line in (text ?? string.Empty).Split('\n'))
                    {
                        var parts = line.Split('=', 2);
                        if (parts.Length == 2 && parts[0].Trim() == key)
                        {
                            value = parts[1].Trim();
                            return true;
                        }
                    }

                    value = string.Empty;
                    return false;
                }
            }
        }
    }
}
