using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.CrossSiteScriptingRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class CrossSiteScriptingRuleTests
    {
        [Fact]
        public Task MarkupSinks_FromAParameter_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Components;
                using Microsoft.AspNetCore.Html;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Mvc.Rendering;

                public class GreetingController : Controller
                {
                    public IActionResult Html(string {|#1:name|}) => Content({|#0:"<p>Hello " + name + "</p>"|}, "text/html");
                    public IActionResult Utf8(string {|#3:name|}) => Content({|#2:$"<p>{name}</p>"|}, "text/html; charset=utf-8", System.Text.Encoding.UTF8);
                    public IHtmlContent Raw(IHtmlHelper html, string {|#5:name|}) => html.Raw({|#4:name|});
                    public IHtmlContent Str(string {|#7:name|}) => new HtmlString({|#6:name|});
                    public MarkupString Markup(string {|#9:name|}) => new MarkupString({|#8:name|});
                    public IActionResult Result(string {|#11:name|}) => new ContentResult { Content = {|#10:name|}, ContentType = "text/html" };
                }
                """,
                Verify.Diagnostic("TA2008").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "ControllerBase.Content", "", "GreetingController.Html"),
                Verify.Diagnostic("TA2008").WithLocation(2).WithLocation(3).WithArguments("name", "untrusted", "ControllerBase.Content", "", "GreetingController.Utf8"),
                Verify.Diagnostic("TA2008").WithLocation(4).WithLocation(5).WithArguments("name", "untrusted", "Html.Raw", "", "GreetingController.Raw"),
                Verify.Diagnostic("TA2008").WithLocation(6).WithLocation(7).WithArguments("name", "untrusted", "new HtmlString", "", "GreetingController.Str"),
                Verify.Diagnostic("TA2008").WithLocation(8).WithLocation(9).WithArguments("name", "untrusted", "new MarkupString", "", "GreetingController.Markup"),
                Verify.Diagnostic("TA2008").WithLocation(10).WithLocation(11).WithArguments("name", "untrusted", "ContentResult.Content", "", "GreetingController.Result"));

        [Fact]
        public Task PlainText_Encoded_AndNotHtml_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net;
                using System.Text.Encodings.Web;
                using Microsoft.AspNetCore.Html;
                using Microsoft.AspNetCore.Mvc;

                public class GreetingController : Controller
                {
                    public IActionResult Plain(string name) => Content("Hello " + name);
                    public IActionResult Json(string name) => Content("{\"name\":\"" + name + "\"}", "application/json");
                    public IActionResult Encoded(string name) => Content("<p>" + WebUtility.HtmlEncode(name) + "</p>", "text/html");
                    public IActionResult Encoder(string name) => Content($"<p>{HtmlEncoder.Default.Encode(name)}</p>", "text/html");
                    public IActionResult Utility(string name) => Content("<p>" + System.Web.HttpUtility.HtmlEncode(name) + "</p>", "text/html");
                    public IHtmlContent Constant() => new HtmlString("<b>hi</b>");
                    public IActionResult Text(string name) => new ContentResult { Content = name, ContentType = "text/plain" };
                    public IActionResult Count(int count) => Content("<p>" + count + "</p>", "text/html");
                }
                """);

        [Fact]
        public Task ResponseBody_WrittenAsHtml_Fires_PlainTextResponse_IsSilent()
            => Verify.VerifyProgramAsync("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/hello", async (HttpContext context, string {|#1:name|}) =>
                {
                    context.Response.ContentType = "text/html";
                    await context.Response.WriteAsync({|#0:"<h1>" + name + "</h1>"|});
                });
                app.MapGet("/plain", async (HttpContext context, string name) =>
                {
                    context.Response.ContentType = "text/plain";
                    await context.Response.WriteAsync(name);
                });
                app.MapGet("/default", async (HttpContext context, string name) => await context.Response.WriteAsync(name));
                app.MapGet("/page", (string {|#3:name|}) => Results.Content({|#2:$"<h1>{name}</h1>"|}, "text/html"));
                app.MapGet("/typed", (string {|#5:name|}) => TypedResults.Content({|#4:$"<h1>{name}</h1>"|}, "text/html"));
                app.MapGet("/text", (string name) => Results.Content(name));
                app.MapGet("/safe", (string name) => Results.Content($"<h1>{System.Net.WebUtility.HtmlEncode(name)}</h1>", "text/html"));
                app.Run();
                """,
                Verify.Diagnostic("TA2008").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "HttpResponse.WriteAsync", "", "GET /hello"),
                Verify.Diagnostic("TA2008").WithLocation(2).WithLocation(3).WithArguments("name", "untrusted", "Results.Content", "", "GET /page"),
                Verify.Diagnostic("TA2008").WithLocation(4).WithLocation(5).WithArguments("name", "untrusted", "TypedResults.Content", "", "GET /typed"));

        [Fact]
        public Task ThroughAHelper_ReportedAtTheCall()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;

                public class GreetingController : Controller
                {
                    public IActionResult Hello(string {|#1:name|}) => Page({|#0:name|});
                    public IActionResult Safe(string name) => Page(System.Net.WebUtility.HtmlEncode(name));
                    private IActionResult Page(string title) => Content({|#2:"<h1>" + title + "</h1>"|}, "text/html");
                }
                """,
                Verify.Diagnostic("TA2008").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("name", "untrusted", "ControllerBase.Content", " via GreetingController.Page", "GreetingController.Hello"));
    }
}
