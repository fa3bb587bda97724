using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.CrossSiteScriptingRule,
    ThreatAnalyzers.CodeFixes.Rules.CrossSiteScriptingFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class CrossSiteScriptingFixerTests
    {
        [Fact]
        public Task UntrustedOperand_IsHtmlEncoded_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Html;
                        using Microsoft.AspNetCore.Mvc;

                        public class GreetingController : Controller
                        {
                            public IActionResult A(string {|#1:name|}) => Content({|#0:"<p>Hello " + name + "</p>"|}, "text/html");
                            public IActionResult B(string {|#3:name|}) => Content({|#2:$"<p>{name}</p>"|}, "text/html");
                            public IHtmlContent C(string {|#5:name|}) => new HtmlString({|#4:name|});
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Html;
                        using Microsoft.AspNetCore.Mvc;

                        public class GreetingController : Controller
                        {
                            public IActionResult A(string name) => Content("<p>Hello " + System.Net.WebUtility.HtmlEncode(name) + "</p>", "text/html");
                            public IActionResult B(string name) => Content($"<p>{System.Net.WebUtility.HtmlEncode(name)}</p>", "text/html");
                            public IHtmlContent C(string name) => new HtmlString(System.Net.WebUtility.HtmlEncode(name));
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA2008").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "ControllerBase.Content", "", "GreetingController.A"),
                Verify.Diagnostic("TA2008").WithLocation(2).WithLocation(3).WithArguments("name", "untrusted", "ControllerBase.Content", "", "GreetingController.B"),
                Verify.Diagnostic("TA2008").WithLocation(4).WithLocation(5).WithArguments("name", "untrusted", "new HtmlString", "", "GreetingController.C"));
    }
}
