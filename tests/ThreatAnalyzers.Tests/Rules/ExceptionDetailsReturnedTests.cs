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

        [Fact]
        public Task MinimalApis_ExceptionHandler_AndModelState_Fire()
            => Verify.VerifyProgramAsync("""
                using System;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Diagnostics;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.UseExceptionHandler(errors => errors.Run(async context =>
                {
                    var feature = context.Features.Get<IExceptionHandlerFeature>();
                    await context.Response.WriteAsync({|#0:feature!.Error.Message|});
                }));
                app.MapGet("/a", () =>
                {
                    try { return Results.Ok(Compute()); }
                    catch (Exception ex) { return Results.Problem({|#1:ex.Message|}); }
                });
                app.MapGet("/b", () =>
                {
                    try { return Compute().ToString(); }
                    catch (Exception ex) { return {|#2:ex.ToString()|}; }
                });
                app.MapGet("/c", async (HttpContext context) =>
                {
                    try { await context.Response.WriteAsync(Compute().ToString()); }
                    catch (Exception ex) { await context.Response.WriteAsJsonAsync(new { error = {|#3:ex|} }); }
                });
                app.Run();

                static int Compute() => throw new InvalidOperationException("boom");
                """,
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("feature!.Error.Message", "exception message", "HttpResponse.WriteAsync", "the application"),
                Verify.Diagnostic("TA4004").WithLocation(1).WithArguments("ex.Message", "exception message", "Results.Problem", "GET /a"),
                Verify.Diagnostic("TA4004").WithLocation(2).WithArguments("ex.ToString()", "exception text with its stack trace", "the response of GET /b", "GET /b"),
                Verify.Diagnostic("TA4004").WithLocation(3).WithArguments("ex", "the exception object", "HttpResponse.WriteAsJsonAsync", "GET /c"));

        [Fact]
        public Task ModelStateError_FromAnException_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Microsoft.AspNetCore.Mvc;

                public class ProfileController : Controller
                {
                    public IActionResult Save(string name)
                    {
                        try { Persist(name); return RedirectToAction("Index"); }
                        catch (Exception ex)
                        {
                            ModelState.AddModelError(string.Empty, {|#0:ex.Message|});
                            return View();
                        }
                    }

                    private static void Persist(string name) => throw new InvalidOperationException(name);
                }
                """,
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("ex.Message", "exception message", "ModelState.AddModelError", "ProfileController.Save"));

        [Fact]
        public Task Logging_FixedMessages_CallerMessages_AndDevelopmentOnly_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.ComponentModel.DataAnnotations;
                using System.Linq;
                using Microsoft.AspNetCore.Hosting;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Hosting;
                using Microsoft.Extensions.Logging;

                public class NotFoundException(string message) : Exception(message);

                public class OrdersController(ILogger<OrdersController> logger, IWebHostEnvironment env) : ControllerBase
                {
                    private object Load(int id) => throw new InvalidOperationException("db down");

                    public IActionResult Logged(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (Exception ex)
                        {
                            logger.LogError(ex, "Loading {Id} failed: {Message}", id, ex.Message);
                            return Problem("An error occurred.");
                        }
                    }

                    // Messages written for the caller: the application's own exceptions, argument and validation errors.
                    public IActionResult Own(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (NotFoundException ex) { return NotFound(ex.Message); }
                        catch (ArgumentException ex) { return BadRequest(ex.Message); }
                        catch (ValidationException ex) { return BadRequest(new { error = ex.Message }); }
                    }

                    // Only tested, not sent; only its type's name.
                    public IActionResult Tested(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (Exception ex) when (ex.Message.Contains("timeout"))
                        {
                            return StatusCode(503, ex.Message.Length > 0 ? "Try again later." : "Unavailable.");
                        }
                        catch (Exception ex) { return StatusCode(500, new { kind = ex.GetType().Name }); }
                    }

                    // Development only.
                    public IActionResult Dev(int id)
                    {
                        try { return Ok(Load(id)); }
                        catch (Exception ex)
                        {
                            if (env.IsDevelopment())
                            {
                                return Problem(ex.ToString());
                            }

                            return Problem(env.IsDevelopment() ? ex.Message : "An error occurred.");
                        }
                    }

                    // A helper that is not a handler may return what it likes; a nested lambda's return is not the response.
                    private static string Describe(Exception ex) => ex.Message;
                    public IActionResult Nested(string[] names) => Ok(names.Select(n => n.Length).ToArray());
                }
                """);

        [Fact]
        public Task DeveloperExceptionPage_OutsideDevelopment_Fires_InsideIsSilent()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Hosting;
                using Microsoft.Extensions.Hosting;

                var app = WebApplication.Create();
                {|#0:app.UseDeveloperExceptionPage()|};
                if (app.Environment.IsDevelopment())
                {
                    app.UseDeveloperExceptionPage();
                }
                else
                {
                    app.UseExceptionHandler("/error");
                }

                app.Run();

                public static class Startup
                {
                    public static void Configure(IApplicationBuilder builder, IWebHostEnvironment env)
                    {
                        if (!env.IsDevelopment())
                        {
                            builder.UseExceptionHandler("/error");
                        }
                        else
                        {
                            builder.UseDeveloperExceptionPage();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("UseDeveloperExceptionPage()", "stack traces, source and request details of every unhandled exception", "the error page in every environment", "the application"));

        [Fact]
        public Task ActionResultOfString_ReturningTheMessage_Fires_AnExceptionTypedMember_HasNoFix()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Microsoft.AspNetCore.Mvc;

                public class ErrorDto { public Exception? Error { get; set; } }

                public class ReportsController : ControllerBase
                {
                    private static string Build() => throw new InvalidOperationException("db down");

                    public ActionResult<string> Get()
                    {
                        try { return Build(); }
                        catch (Exception ex) { return {|#0:ex.Message|}; }
                    }

                    public IActionResult Raw()
                    {
                        try { return Ok(Build()); }
                        catch (Exception ex) { return StatusCode(500, new ErrorDto { Error = {|#1:ex|} }); }
                    }
                }
                """,
                Verify.Diagnostic("TA4004").WithLocation(0).WithArguments("ex.Message", "exception message", "the response of ReportsController.Get", "ReportsController.Get"),
                Verify.Diagnostic("TA4004").WithLocation(1).WithArguments("ex", "the exception object", "ControllerBase.StatusCode", "ReportsController.Raw"));
    }
}
