using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The operation rules' walk of a body whose rules all name the words they report at (a library: hard-coded secrets,
    /// predictable values) visits only the operations around those words; it must find exactly what walking the whole body
    /// finds, wherever the words sit (a block of many statements, an interpolated string's piece, a default argument, a
    /// lambda, more places than the walk follows one by one).
    /// </summary>
    public class OperationWalkTests
    {
        private const string Source = """
            using System;
            using System.Collections.Generic;
            using System.Linq;

            namespace Shop
            {
                public class Settings
                {
                    public string Password { get; set; } = "Sm7p!pass";
                    public string ApiKey { get; set; }
                    public string Label { get; set; } = "not a secret at all";
                }

                public class Setup
                {
                    public void Many(Settings settings)
                    {
                        var a = 1;
                        var b = a + 1;
                        var c = b + 1;
                        var d = c + 1;
                        var e = d + 1;
                        settings.Password = "Other-pass1";
                        var f = e + 1;
                        var g = f + 1;
                        var h = g + 1;
                        var i = h + 1;
                        var label = "label" + i;
                        settings.ApiKey = $"k3y-{label}";
                        var token = "at_9f8e7d6c";
                        Use(token, "ApiSecret99");
                    }

                    public void Defaults(string apiKey = "k3y-live-8f2c1d") => Use(apiKey, "x");

                    public Func<string> Later() => () => { var clientSecret = "s3cr3t-value"; return clientSecret; };

                    public long Nonce(Random random) { var nonce = random.NextInt64(); return nonce; }

                    public string Words()
                    {
                        var words = new List<string>();
                        // Forty quotes, more places than the walk follows one by one.
                        words.Add("a1"); words.Add("a2"); words.Add("a3"); words.Add("a4"); words.Add("a5");
                        words.Add("a6"); words.Add("a7"); words.Add("a8"); words.Add("a9"); words.Add("a10");
                        words.Add("a11"); words.Add("a12"); words.Add("a13"); words.Add("a14"); words.Add("a15");
                        words.Add("a16"); words.Add("a17"); words.Add("a18"); words.Add("a19"); words.Add("a20");
                        words.Add("a21"); words.Add("a22"); words.Add("a23"); words.Add("a24"); words.Add("a25");
                        words.Add("a26"); words.Add("a27"); words.Add("a28"); words.Add("a29"); words.Add("a30");
                        words.Add("a31"); words.Add("a32"); words.Add("a33"); words.Add("a34"); words.Add("a35");
                        var password = "Pass@word1";
                        return string.Join(",", words) + password;
                    }

                    public string Plain() => string.Join(" ", new[] { "no secret here", "nor here" });

                // Thirty-two places, as many as the walk follows one by one; then thirty-three, one too many.
                public int ThirtyTwo()
                {
                    var words = new List<string> { "b1", "b2", "b3", "b4", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b12", "b13", "b14", "b15", "b16", "b17", "b18", "b19", "b20", "b21", "b22", "b23", "b24", "b25", "b26", "b27", "b28", "b29", "b30", "b31" };
                    var password = "Pass@word2";
                    return words.Count + password.Length;
                }

                public int ThirtyThree()
                {
                    var words = new List<string> { "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", "c10", "c11", "c12", "c13", "c14", "c15", "c16", "c17", "c18", "c19", "c20", "c21", "c22", "c23", "c24", "c25", "c26", "c27", "c28", "c29", "c30", "c31", "c32" };
                    var password = "Pass@word3";
                    return words.Count + password.Length;
                }

                    private static void Use(string token, string secret) { }
                }
            }
            """;

        [Fact]
        public async Task AroundTheWords_FindsWhatTheWholeWalkFinds()
        {
            // A library (no ASP.NET Core): every applicable operation rule names its words, so bodies are walked around them.
            var (around, aroundWalks) = await RunAsync(TestReferences.Library);
            foreach (var body in new[] { "Setup.Many", "Setup.Defaults", "Setup.Later", "Setup.Nonce", "Setup.ThirtyTwo" })
            {
                Assert.True(aroundWalks[body], body + " is walked around its words");
            }

            Assert.False(aroundWalks["Setup.Words"]);
            Assert.False(aroundWalks["Setup.ThirtyThree"]);

            // With ASP.NET Core referenced, Map calls are looked for in every body: each is walked whole.
            var (whole, wholeWalks) = await RunAsync(TestReferences.Web);
            Assert.All(wholeWalks, walk => Assert.False(walk.Value));

            Assert.Equal(Describe(whole), Describe(around));
            Assert.Equal(
                new[]
                {
                    "TA1003 (22,32) [540..553): Hard-coded password in 'Settings.Password': read it from configuration or a secret store",
                    "TA1003 (29,24) [770..783): Hard-coded token in the variable 'token': read it from configuration or a secret store",
                    "TA1003 (30,23) [808..821): Hard-coded secret in the argument 'secret' of 'Setup.Use': read it from configuration or a secret store",
                    "TA1003 (33,45) [880..897): Hard-coded API key in the parameter 'apiKey': read it from configuration or a secret store",
                    "TA1003 (35,66) [987..1001): Hard-coded client secret in the variable 'clientSecret': read it from configuration or a secret store",
                    "TA1003 (8,47) [164..175): Hard-coded password in 'Settings.Password': read it from configuration or a secret store",
                },
                Describe(around).Where(text => !text.Contains("'password'") && !text.StartsWith("TA1007", System.StringComparison.Ordinal)).ToArray());
            Assert.Contains(Describe(around), text => text.StartsWith("TA1003 (50,", System.StringComparison.Ordinal) && text.Contains("the variable 'password'"));
            Assert.Contains(Describe(around), text => text.StartsWith("TA1007 (37,", System.StringComparison.Ordinal) && text.Contains("the variable 'nonce'"));
            Assert.Equal(3, Describe(around).Count(text => text.Contains("the variable 'password'")));
        }

        private static string[] Describe(ImmutableArray<Diagnostic> diagnostics)
            => diagnostics.Where(d => d.Id is RuleIdentifiers.HardCodedSecret or RuleIdentifiers.PredictableSecurityValue)
                .Select(d => $"{d.Id} ({d.Location.GetLineSpan().StartLinePosition}) {d.Location.SourceSpan}: {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}")
                .OrderBy(text => text, System.StringComparer.Ordinal)
                .ToArray();

        private static async Task<(ImmutableArray<Diagnostic> Diagnostics, ConcurrentDictionary<string, bool> Walks)> RunAsync(ImmutableArray<MetadataReference> references)
        {
            var compilation = ModelHarness.CreateCompilation(new[] { Source }, references);
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var observer = new WalkObserver();
            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer(ThreatRules.All, observer)))
                .GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return (diagnostics, observer.Walks);
        }

        private sealed class WalkObserver : IAnalysisObserver
        {
            public ConcurrentDictionary<string, bool> Walks { get; } = new();

            public void StateCreated(CompilationAnalysis analysis)
            {
            }

            public void BodyAnalyzed(ISymbol owner, SyntaxNode body)
            {
            }

            public void BodyWalked(ISymbol owner, bool aroundWords)
                => Walks[owner.ContainingType.Name + "." + owner.Name] = aroundWords;
        }
    }
}
