using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.ExceptionDetailsReturnedRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class ExceptionDetailsReturnedTests
    {
        [Fact]
        public Task ControllerResults_WithExceptionDetails_Fire()
            => Verify.VerifyAnalyzerAsync("""
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
                        catch (InvalidOperationException ex) { return StatusCode(500, new { error = {|#2:ex.Message|}, trace = ex.StackTrace }); }
                    }

                    public IActionResult D(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (Exception ex) { return Content($"Failed: {{|#3:ex|}}"); }
                    }

                    public IActionResult E(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (Exception ex) { return new ObjectResult({|#4:ex|}) { StatusCode = 500 }; }
                    }

                    public IActionResult F(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (Exception ex)
                        {
                            var message = "Could not load: " + {|#5:ex.InnerException?.Message|};
                            return {|#7:BadRequest(message)|};
                        }
                    }

                    public string G(int id)
                    {
                        try { return Load(id).ToString()!; }
                        catch (Exception ex) { return {|#6:ex.StackTrace|}!; }
                    }
                }
                """,
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("ex.Message", "exception message", "ControllerBase.BadRequest", "OrdersController.A"),
                Verify.Diagnostic("TA4004").WithLocation(1).WithArguments("ex.ToString()", "exception text with its stack trace", "ControllerBase.Problem", "OrdersController.B"),
                Verify.Diagnostic("TA4004").WithLocation(2).WithArguments("ex.Message", "exception message", "ControllerBase.StatusCode", "OrdersController.C"),
                Verify.Diagnostic("TA4004").WithLocation(3).WithArguments("ex", "exception text with its stack trace", "ControllerBase.Content", "OrdersController.D"),
                Verify.Diagnostic("TA4004").WithLocation(4).WithArguments("ex", "the exception object", "new ObjectResult", "OrdersController.E"),
                Verify.Diagnostic("TA4004").WithLocation(5).WithLocation(7).WithArguments("ex.InnerException?.Message", "exception message", "ControllerBase.BadRequest", "OrdersController.F"),
                Verify.Diagnostic("TA4004").WithLocation(6).WithArguments("ex.StackTrace", "stack trace", "the response of OrdersController.G", "OrdersController.G"));
    }
}
