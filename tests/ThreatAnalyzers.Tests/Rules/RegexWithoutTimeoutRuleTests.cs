using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.RegexWithoutTimeoutRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class RegexWithoutTimeoutRuleTests
    {
        private const string ReDoS = "no match timeout bounds how long a crafted input can keep it backtracking (ReDoS)";
        private const string Injection = "the caller writes the regular expression (regex injection)";
        private const string InjectionNoTimeout = "the caller writes the regular expression (regex injection), and no match timeout bounds it";

        private static DiagnosticResult Input(int location, int source, string origin, string sink, string element, string via = "")
            => Verify.Diagnostic("TA5002").WithLocation(location).WithLocation(source).WithArguments("'" + origin + "'", "untrusted", "is", "input", sink, via, element, ReDoS);

        private static DiagnosticResult Pattern(int location, int source, string origin, string sink, string element, string consequence)
            => Verify.Diagnostic("TA5002").WithLocation(location).WithLocation(source).WithArguments("'" + origin + "'", "untrusted", "is", "pattern", sink, "", element, consequence);

        [Fact]
        public Task StaticMethods_OnUntrustedInput_WithoutTimeout_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Mvc;

                public class SearchController : ControllerBase
                {
                    private const string Email = @"^([a-z0-9]+)*@example\.com$";

                    public IActionResult A(string {|#1:q|}) => Ok(Regex.IsMatch({|#0:q|}, Email));
                    public IActionResult B(string {|#3:q|}) => Ok(Regex.Match({|#2:q|}, Email).Value);
                    public IActionResult C(string {|#5:q|}) => Ok(Regex.Matches({|#4:q|}, Email).Count);
                    public IActionResult D(string {|#7:q|}) => Ok(Regex.Replace({|#6:q|}, Email, "", RegexOptions.IgnoreCase));
                    public IActionResult E(string {|#9:q|}) => Ok(Regex.Split({|#8:q|}, Email));
                    public IActionResult F(string {|#11:q|}) => Ok(Regex.Count({|#10:q|}, Email));
                    public IActionResult G(string {|#13:q|}) => Ok(Regex.IsMatch({|#12:q|}, Email, RegexOptions.None, Regex.InfiniteMatchTimeout));
                }
                """,
                Input(0, 1, "q", "Regex.IsMatch", "SearchController.A"),
                Input(2, 3, "q", "Regex.Match", "SearchController.B"),
                Input(4, 5, "q", "Regex.Matches", "SearchController.C"),
                Input(6, 7, "q", "Regex.Replace", "SearchController.D"),
                Input(8, 9, "q", "Regex.Split", "SearchController.E"),
                Input(10, 11, "q", "Regex.Count", "SearchController.F"),
                Input(12, 13, "q", "Regex.IsMatch", "SearchController.G"));

        [Fact]
        public Task InstanceCalls_OnARegexMadeWithoutTimeout_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Mvc;

                public partial class SearchController : ControllerBase
                {
                    private static readonly Regex Words = new(@"^(\w+\s?)*$", RegexOptions.Compiled);
                    private static Regex Tags { get; } = new Regex(@"^(#\w+)+$");

                    [GeneratedRegex(@"^(\d+)+$")]
                    private static partial Regex Digits();

                    public IActionResult A(string {|#1:q|}) => Ok(Words.IsMatch({|#0:q|}));
                    public IActionResult B(string {|#3:q|}) => Ok(Tags.Matches({|#2:q|}).Count);
                    public IActionResult C(string {|#5:q|}) => Ok(Digits().IsMatch({|#4:q|}));

                    public IActionResult D(string {|#7:q|})
                    {
                        var regex = new Regex(@"^(a+)+$");
                        return Ok(regex.Replace({|#6:q|}, ""));
                    }

                    public IActionResult E(string {|#9:q|}) => Ok(new Regex(@"^(a|aa)+$").Split({|#8:q|}));
                }

                public partial class SearchController
                {
                    private static partial Regex Digits() => new(@"^(\d+)+$");
                }
                """,
                Input(0, 1, "q", "Regex.IsMatch", "SearchController.A"),
                Input(2, 3, "q", "Regex.Matches", "SearchController.B"),
                Input(4, 5, "q", "Regex.IsMatch", "SearchController.C"),
                Input(6, 7, "q", "Regex.Replace", "SearchController.D"),
                Input(8, 9, "q", "Regex.Split", "SearchController.E"));

        [Fact]
        public Task UntrustedPattern_IsRegexInjection_EvenWithATimeout_UnlessEscaped()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Mvc;

                public class SearchController : ControllerBase
                {
                    private static readonly string[] Names = { "alice", "bob" };

                    public IActionResult A(string {|#1:filter|})
                        => Ok(Array.FindAll(Names, n => Regex.IsMatch(n, {|#0:filter|}, RegexOptions.None, TimeSpan.FromSeconds(1))));

                    public IActionResult B(string {|#3:filter|})
                    {
                        var regex = new Regex({|#2:filter|});
                        return Ok(Array.FindAll(Names, regex.IsMatch));
                    }

                    public IActionResult C(string filter)
                    {
                        var regex = new Regex(Regex.Escape(filter), RegexOptions.None, TimeSpan.FromSeconds(1));
                        return Ok(Array.FindAll(Names, regex.IsMatch));
                    }
                }
                """,
                Pattern(0, 1, "filter", "Regex.IsMatch", "SearchController.A", Injection),
                Pattern(2, 3, "filter", "new Regex", "SearchController.B", InjectionNoTimeout));

        [Fact]
        public Task BoundedMatches_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Mvc;

                public partial class SearchController : ControllerBase
                {
                    private const string Email = @"^([a-z0-9]+)*@example\.com$";
                    private static readonly Regex Timed = new(Email, RegexOptions.None, TimeSpan.FromMilliseconds(200));
                    private static readonly Regex Linear = new(Email, RegexOptions.NonBacktracking);
                    private static Regex mutable = new(Email);

                    [GeneratedRegex(Email, RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 500)]
                    private static partial Regex Generated();

                    [GeneratedRegex(Email, RegexOptions.NonBacktracking)]
                    private static partial Regex GeneratedLinear();

                    private readonly Regex injected;

                    public SearchController(Regex injected) => this.injected = injected;

                    public IActionResult A(string q) => Ok(Regex.IsMatch(q, Email, RegexOptions.None, TimeSpan.FromSeconds(1)));
                    public IActionResult B(string q) => Ok(Regex.Match(q, Email, RegexOptions.NonBacktracking).Success);
                    public IActionResult C(string q) => Ok(Timed.IsMatch(q));
                    public IActionResult D(string q) => Ok(Linear.IsMatch(q));
                    public IActionResult E(string q) => Ok(Generated().IsMatch(q));
                    public IActionResult F(string q) => Ok(GeneratedLinear().IsMatch(q));
                    public IActionResult G(string q) => Ok(injected.IsMatch(q));
                    public IActionResult H(string q) => Ok(mutable.IsMatch(q));
                    public IActionResult I() => Ok(Regex.IsMatch("constant", Email));

                    // Constant patterns without a repeated group that holds a repetition or an alternation: at worst polynomial.
                    public IActionResult K(string q) => Ok(Regex.IsMatch(q, @"^[^@\s]+@[^@\s]+\.[a-z]{2,}$"));
                    public IActionResult L(string q) => Ok(Regex.Replace(q, "[^a-z0-9-]+", "-"));
                    public IActionResult M(string q) => Ok(Regex.IsMatch(q, @"^(\d{3})-(\d{4})$"));
                    public IActionResult N(string q) => Ok(Regex.IsMatch(q, @"^(?:[a-z]{2}-)?[A-Z]{2}$"));
                    public IActionResult O(string q) => Ok(new Regex("^[a-z]+$").IsMatch(q));

                    public IActionResult J(string q)
                    {
                        var regex = new Regex(Email, RegexOptions.None, TimeSpan.FromSeconds(1));
                        return Ok(regex.IsMatch(q));
                    }
                }

                public partial class SearchController
                {
                    private static partial Regex Generated() => new(Email, RegexOptions.IgnoreCase, TimeSpan.FromMilliseconds(500));
                    private static partial Regex GeneratedLinear() => new(Email, RegexOptions.NonBacktracking);
                }

                public static class Cli
                {
                    public static void Main() => Console.WriteLine(Regex.IsMatch(Console.ReadLine()!, @"^(a+)+$"));
                }
                """);

        [Fact]
        public Task ProcessWideDefaultTimeout_SetInTheCompilation_SilencesCallsWithoutOne()
            => Verify.VerifyProgramAsync("""
                using System;
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan.FromSeconds(2));
                var app = WebApplication.Create();
                app.MapGet("/search", (string q) => Results.Ok(Regex.IsMatch(q, @"^(\w+\s?)*$")));
                app.MapGet("/infinite", (string {|#1:q|}) => Results.Ok(Regex.IsMatch({|#0:q|}, @"^(\w+\s?)*$", RegexOptions.None, Regex.InfiniteMatchTimeout)));
                app.Run();
                """,
                Input(0, 1, "q", "Regex.IsMatch", "GET /infinite"));
    }
}

namespace ThreatAnalyzers.Tests.Rules
{
    public class RegexBacktrackingShapeTests
    {
        [Theory]
        [InlineData(@"^(a+)+$", true)]
        [InlineData(@"^(\w+\s?)*$", true)]
        [InlineData(@"^([a-z0-9]+)*@example\.com$", true)]
        [InlineData(@"^(a|aa)+$", true)]
        [InlineData(@"^((ab)*c)+$", true)]
        [InlineData(@"(x+x+){2,}y", true)]
        [InlineData(@"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", false)]
        [InlineData(@"^(\d{3})-(\d{4})$", false)]
        [InlineData(@"^(?:[a-z]{2}-)?[A-Z]{2}$", false)]
        [InlineData(@"^(a+){3}$", false)]
        [InlineData(@"[(+*]+", false)]
        [InlineData(@"\(a+\)+", false)]
        [InlineData(@"^(a|b)?$", false)]
        public void Shapes(string pattern, bool exponential)
            => Assert.Equal(exponential, ThreatAnalyzers.Frameworks.RegexTimeouts.MayBacktrackExponentially(pattern));
    }
}
