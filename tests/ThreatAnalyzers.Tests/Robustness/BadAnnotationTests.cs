using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Every annotation with bad arguments (null, empty, whitespace, very long, non-ASCII, the wrong kind, too many, too
    /// few) on every kind of target: a TA0001 diagnostic or silence, never an exception.
    /// </summary>
    public class BadAnnotationTests
    {
        private static readonly string[] NoArguments = { "HandlesPii", "HandlesSecrets", "Authenticated", "Validates", "Audited", "RateLimited", "EncryptedAtRest", "EncryptedInTransit" };
        private static readonly string[] OneName = { "TrustBoundary", "DataStore", "ExternalEntity", "RequiresRole" };

        private static readonly string[] BadValues =
        {
            "null", "\"\"", "\"   \"", "\"\\t\\n\"", "\"" + new string('x', 10_000) + "\"", "\"Ünïcødé 🚀 名前\"", "\"\\u0000\"",
            "42", "typeof(int)", "true", "\"TA1001\", \"x\"", "", "nameof(System.String)",
        };

        private static readonly string[] ReviewArguments =
        {
            "null, null", "\"\", \"\"", "\"TA1001\", null", "\"TA9999\", \"why\"", "\"ta1001\", \"   \"", "\"TA0001\", \"why\"",
            "\"TA1001\", \"why\", Expires = null", "\"TA1001\", \"why\", Expires = \"\"", "\"TA1001\", \"why\", Expires = \"2025-02-30\"",
            "\"TA1001\", \"why\", Expires = \"9999-12-31\"", "\"TA1001\", \"why\", Expires = \"0001-01-01\"", "\"TA1001\", \"why\", Owner = \"\"",
            "\"TA1001\", \"why\", Expires = 5", "\"TA1001\"", "", "\"TA1001\", \"why\", \"extra\"", "1, 2", "\"" + new string('T', 5000) + "\", \"Ünïcødé\"",
        };

        public static IEnumerable<object[]> Applications()
        {
            foreach (var name in OneName)
            {
                foreach (var value in BadValues)
                {
                    yield return new object[] { name, value };
                }
            }

            foreach (var name in NoArguments)
            {
                yield return new object[] { name, "\"unexpected\"" };
                yield return new object[] { name, "" };
            }

            foreach (var name in new[] { "Mitigates", "AcceptsRisk" })
            {
                foreach (var arguments in ReviewArguments)
                {
                    yield return new object[] { name, arguments };
                }
            }
        }

        [Theory]
        [MemberData(nameof(Applications))]
        public async Task OnEveryTarget_ItIsAModelDiagnosticOrSilence_NeverAnException(string attribute, string arguments)
        {
            var a = $"[{attribute}({arguments})]";
            var source = $$"""
                using System;
                using ThreatAnalyzers;

                [assembly: {{attribute}}({{arguments}})]

                {{a}} public class C
                {
                    {{a}} public int Field;
                    {{a}} public string Property { get; set; }
                    {{a}} public C() { }
                    {{a}} [return: {{attribute}}({{arguments}})] public string Method({{a}} string parameter)
                    {
                        Func<string, string> lambda = {{a}} (string x) => x;
                        {{a}} string Local(string y) => y;
                        return Local(lambda(parameter));
                    }
                }

                {{a}} public struct S { {{a}} public void M() { } }
                {{a}} public interface I { {{a}} void M(); }
                {{a}} public enum E { {{a}} A }
                {{a}} public record R({{a}} string Name);
                {{a}} public delegate void D();
                """;

            var compilation = CSharpCompilation.Create("Bad", new[] { CSharpSyntaxTree.ParseText(source) }, TestReferences.Web, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var failures = await RobustnessHarness.FailuresAsync(source);
            Assert.True(failures.Count == 0, string.Join("\n", failures));

            var ours = await compilation.WithAnalyzers(RobustnessHarness.Analyzers).GetAnalyzerDiagnosticsAsync();
            Assert.All(ours, d => Assert.True(d.Id is "TA0000" or "TA0001" or "TA0002" or "TA0003" or "TA1001" or "TA4001" or "TA4006", $"unexpected {d}"));
            Assert.All(ours.Where(d => d.Id == "TA0001"), d => Assert.False(string.IsNullOrWhiteSpace(d.GetMessage())));
        }
    }
}
