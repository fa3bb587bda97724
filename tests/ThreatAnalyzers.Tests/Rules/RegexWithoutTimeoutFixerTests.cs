using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.RegexWithoutTimeoutRule,
    ThreatAnalyzers.CodeFixes.Rules.RegexWithoutTimeoutFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class RegexWithoutTimeoutFixerTests
    {
        private const string ReDoS = "no match timeout bounds how long a crafted input can keep it backtracking (ReDoS)";

        [Fact]
        public Task StaticCalls_GetATimeout_AndOptionsWhereMissing_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Text.RegularExpressions;
                        using Microsoft.AspNetCore.Mvc;

                        public class SearchController : ControllerBase
                        {
                            private const string Words = @"^(\w+\s?)*$";

                            public IActionResult A(string {|#1:q|}) => Ok(Regex.IsMatch({|#0:q|}, Words));
                            public IActionResult B(string {|#3:q|}) => Ok(Regex.Replace({|#2:q|}, Words, "-", RegexOptions.IgnoreCase));
                            public IActionResult C(string {|#5:q|}) => Ok(Regex.Split(input: {|#4:q|}, pattern: Words));
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Text.RegularExpressions;
                        using Microsoft.AspNetCore.Mvc;

                        public class SearchController : ControllerBase
                        {
                            private const string Words = @"^(\w+\s?)*$";

                            public IActionResult A(string q) => Ok(Regex.IsMatch(q, Words, RegexOptions.None, TimeSpan.FromSeconds(1)));
                            public IActionResult B(string q) => Ok(Regex.Replace(q, Words, "-", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1)));
                            public IActionResult C(string q) => Ok(Regex.Split(input: q, pattern: Words, options: RegexOptions.None, matchTimeout: TimeSpan.FromSeconds(1)));
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA5002").WithLocation(0).WithLocation(1).WithArguments("'q'", "untrusted", "is", "input", "Regex.IsMatch", "", "SearchController.A", ReDoS),
                Verify.Diagnostic("TA5002").WithLocation(2).WithLocation(3).WithArguments("'q'", "untrusted", "is", "input", "Regex.Replace", "", "SearchController.B", ReDoS),
                Verify.Diagnostic("TA5002").WithLocation(4).WithLocation(5).WithArguments("'q'", "untrusted", "is", "input", "Regex.Split", "", "SearchController.C", ReDoS));

        [Fact]
        public Task InstanceCallOnAField_HasNoMechanicalFix()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.Text.RegularExpressions;
                        using Microsoft.AspNetCore.Mvc;

                        public class SearchController : ControllerBase
                        {
                            private static readonly Regex Words = new(@"^(\w+\s?)*$");

                            public IActionResult A(string {|#1:q|}) => Ok(Words.IsMatch({|#0:q|}));
                        }
                        """,
                    },
                },
                FixedState = { InheritanceMode = Microsoft.CodeAnalysis.Testing.StateInheritanceMode.AutoInheritAll, MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(
                Verify.Diagnostic("TA5002").WithLocation(0).WithLocation(1).WithArguments("'q'", "untrusted", "is", "input", "Regex.IsMatch", "", "SearchController.A", ReDoS));
    }
}
