using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Benchmarks.Corpus;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Xunit.Abstractions;

namespace ThreatAnalyzers.Tests.Robustness
{
    /// <summary>
    /// The benchmark's corpus, checked the way its findings table reads it, but stricter: every planted flaw is found by the
    /// rule meant to find it (not just by any rule on its line), no warning falls on a line where nothing was planted, and
    /// no other rule warns on a planted line (one warning per flaw, not two).
    /// </summary>
    public class CorpusPlantedFlawsTests(ITestOutputHelper output)
    {
        /// <summary>The rule each kind of planted flaw is meant for.</summary>
        private static readonly IReadOnlyDictionary<FlawKind, string> RuleOf = new Dictionary<FlawKind, string>
        {
            [FlawKind.Unauthenticated] = "TA1001",
            [FlawKind.IdentityFromClientValue] = "TA1005",
            [FlawKind.InputWithoutValidation] = "TA2001",
            [FlawKind.SqlInjection] = "TA2002",
            [FlawKind.PathTraversal] = "TA2005",
            [FlawKind.OpenRedirect] = "TA2007",
            [FlawKind.CrossSiteScripting] = "TA2008",
            [FlawKind.StateChangeWithoutAuditTrail] = "TA3001",
            [FlawKind.LogForging] = "TA3002",
            [FlawKind.PiiLogging] = "TA4001",
            [FlawKind.SentWithoutEncryption] = "TA4002",
            [FlawKind.StoredWithoutEncryption] = "TA4003",
            [FlawKind.ExceptionDetailsReturned] = "TA4004",
            [FlawKind.PiiServedWithoutAuthentication] = "TA4005",
            [FlawKind.PiiPrintedByToString] = "TA4006",
            [FlawKind.WeakHash] = "TA4007",
            [FlawKind.ServerSideRequestForgery] = "TA4008",
            [FlawKind.AccountEnumeration] = "TA4009",
            [FlawKind.SecretReturned] = "TA4010",
            [FlawKind.WithoutRateLimiting] = "TA5001",
            [FlawKind.RegexWithoutTimeout] = "TA5002",
            [FlawKind.UnboundedRequestInput] = "TA5003",
            [FlawKind.UntrustedResourceUse] = "TA5004",
            [FlawKind.WeakerAuthorization] = "TA6001",
            [FlawKind.CommandInjection] = "TA6002",
            [FlawKind.UntrustedTypeName] = "TA6003",
            [FlawKind.PrivilegeSetFromRequest] = "TA6004",
            [FlawKind.ObjectLevelAuthorizationMissing] = "TA6005",
            [FlawKind.AuthorizationOverridden] = "TA6006",
        };

        [Fact]
        public void EveryFlawKind_NamesItsRule()
            => Assert.All(Enum.GetValues<FlawKind>(), kind => Assert.True(RuleOf.ContainsKey(kind), kind + " has no rule"));

        [Theory]
        [InlineData(97, 20261127)]
        [InlineData(160, 7)]
        public async Task EveryPlantedFlaw_IsFoundByItsRule_AndNothingElseWarns(int files, int seed)
        {
            var corpus = CorpusGenerator.Generate(files, seed);
            var trees = corpus.Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, new CSharpParseOptions(LanguageVersion.Latest), path: "/corpus/" + f.Path));
            var compilation = CSharpCompilation.Create("Corpus", trees, TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(OutputKind.ConsoleApplication, nullableContextOptions: NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var diagnostics = (await compilation
                    .WithAnalyzers(RobustnessHarness.Analyzers, new CompilationWithAnalyzersOptions(new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty), null, true, false))
                    .GetAnalyzerDiagnosticsAsync())
                .Where(d => d.Id.StartsWith("TA", StringComparison.Ordinal) && d.Severity >= DiagnosticSeverity.Warning && !d.IsSuppressed)
                .ToList();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");

            static IEnumerable<(string Path, int Line)> Lines(Diagnostic d)
                => new[] { d.Location }.Concat(d.AdditionalLocations).Where(l => l.IsInSource)
                    .Select(l => (l.SourceTree!.FilePath.Substring("/corpus/".Length), l.GetLineSpan().StartLinePosition.Line + 1));

            var planted = corpus.Flaws.ToLookup(f => (f.Path, f.Line));
            var problems = new List<string>();
            foreach (var flaw in corpus.Flaws)
            {
                if (!diagnostics.Any(d => d.Id == RuleOf[flaw.Kind] && Lines(d).Contains((flaw.Path, flaw.Line))))
                {
                    problems.Add($"missed: {RuleOf[flaw.Kind]} ({flaw.Kind}) at {flaw.Path}:{flaw.Line}");
                }
            }

            foreach (var diagnostic in diagnostics)
            {
                var lines = Lines(diagnostic).ToList();
                var here = lines.SelectMany(l => planted[l]).ToList();
                if (here.Count == 0)
                {
                    problems.Add($"on no planted line: {diagnostic}");
                }
                else if (!here.Any(f => RuleOf[f.Kind] == diagnostic.Id))
                {
                    problems.Add($"another rule on a planted line ({string.Join(", ", here.Select(f => RuleOf[f.Kind]).Distinct())}): {diagnostic}");
                }
            }

            foreach (var problem in problems)
            {
                output.WriteLine(problem);
            }

            Assert.Empty(problems);
        }
    }
}
