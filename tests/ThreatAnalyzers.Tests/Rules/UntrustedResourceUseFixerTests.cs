using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.UntrustedResourceUseRule,
    ThreatAnalyzers.CodeFixes.Rules.UntrustedResourceUseFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class UntrustedResourceUseFixerTests
    {
        [Fact]
        public Task TheValue_IsClamped_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Linq;
                        using System.Threading.Tasks;
                        using Microsoft.AspNetCore.Mvc;

                        public class ToolsController : ControllerBase
                        {
                            public IActionResult A(int {|#1:n|}) => Ok(Enumerable.Range(0, 10).Take({|#0:n|}).Sum());
                            public IActionResult B(int {|#3:size|}) => Ok(new byte[{|#2:size|}].Length);
                            public async Task<IActionResult> C(int {|#5:ms|}) { await Task.Delay({|#4:ms|}); return Ok(); }
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
                        using System.Linq;
                        using System.Threading.Tasks;
                        using Microsoft.AspNetCore.Mvc;

                        public class ToolsController : ControllerBase
                        {
                            public IActionResult A(int n) => Ok(Enumerable.Range(0, 10).Take(Math.Clamp(n, 0, 100)).Sum());
                            public IActionResult B(int size) => Ok(new byte[Math.Clamp(size, 0, 100)].Length);
                            public async Task<IActionResult> C(int ms) { await Task.Delay(Math.Clamp(ms, 0, 100)); return Ok(); }
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA5004").WithLocation(0).WithLocation(1).WithArguments("n", "the count of Enumerable.Take", "", "ToolsController.A"),
                Verify.Diagnostic("TA5004").WithLocation(2).WithLocation(3).WithArguments("size", "the size of new byte[]", "", "ToolsController.B"),
                Verify.Diagnostic("TA5004").WithLocation(4).WithLocation(5).WithArguments("ms", "the delay of Task.Delay", "", "ToolsController.C"));
    }
}
