using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.ExceptionDetailsReturnedRule,
    ThreatAnalyzers.CodeFixes.Rules.ExceptionDetailsReturnedFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class ExceptionDetailsReturnedFixerTests
    {
        [Fact]
        public Task ExceptionDetails_BecomeAFixedMessage_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using Microsoft.AspNetCore.Mvc;

                        public class OrdersController : ControllerBase
                        {
                            private object Load(int id) => throw new InvalidOperationException("db down");

                            public IActionResult A(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return BadRequest({|#0:ex.Message|}); }
                            }

                            public IActionResult B(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return Problem(detail: {|#1:ex.ToString()|}); }
                            }

                            public IActionResult C(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return Content($"Failed: {{|#2:ex|}}"); }
                            }

                            public IActionResult D(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return new ObjectResult({|#3:ex|}) { StatusCode = 500 }; }
                            }
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
                        using Microsoft.AspNetCore.Mvc;

                        public class OrdersController : ControllerBase
                        {
                            private object Load(int id) => throw new InvalidOperationException("db down");

                            public IActionResult A(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return BadRequest("An error occurred."); }
                            }

                            public IActionResult B(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return Problem(detail: "An error occurred."); }
                            }

                            public IActionResult C(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return Content($"Failed: An error occurred."); }
                            }

                            public IActionResult D(int id)
                            {
                                try { return Ok(Load(id)); }
                                catch (Exception ex) { return new ObjectResult("An error occurred.") { StatusCode = 500 }; }
                            }
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("ex.Message", "exception message", "ControllerBase.BadRequest", "OrdersController.A"),
                Verify.Diagnostic("TA4004").WithLocation(1).WithArguments("ex.ToString()", "exception text with its stack trace", "ControllerBase.Problem", "OrdersController.B"),
                Verify.Diagnostic("TA4004").WithLocation(2).WithArguments("ex", "exception text with its stack trace", "ControllerBase.Content", "OrdersController.C"),
                Verify.Diagnostic("TA4004").WithLocation(3).WithArguments("ex", "the exception object", "new ObjectResult", "OrdersController.D"));

        [Fact]
        public Task DeveloperExceptionPage_IsWrappedInADevelopmentCheck()
            => new Verify.Test
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;

                        var app = WebApplication.Create();
                        {|#0:app.UseDeveloperExceptionPage()|};
                        app.Run();
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.Extensions.Hosting;

                        var app = WebApplication.Create();
                        if (app.Environment.IsDevelopment())
                        {
                            app.UseDeveloperExceptionPage();
                        }
                        app.Run();
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("UseDeveloperExceptionPage()", "stack traces, source and request details of every unhandled exception", "the error page in every environment", "the application"));
    }
}
