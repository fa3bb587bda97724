using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>ASP.NET Core as the flow engine sees it: the request is untrusted; redirects and responses are sinks; encoders sanitize for HTML.</summary>
    internal static class AspNetCoreFlow
    {
        private const string Request = "Microsoft.AspNetCore.Http.HttpRequest";

        public static readonly SourceRow[] Sources =
        {
            new(Request, "Query", FactKind.Untrusted),
            new(Request, "QueryString", FactKind.Untrusted),
            new(Request, "Headers", FactKind.Untrusted),
            new(Request, "Form", FactKind.Untrusted),
            new(Request, "Cookies", FactKind.Untrusted),
            new(Request, "RouteValues", FactKind.Untrusted),
            new(Request, "Body", FactKind.Untrusted),
            new(Request, "Path", FactKind.Untrusted),
            new(Request, "ReadFormAsync", FactKind.Untrusted),
        };

        public static readonly SinkRow[] Sinks =
        {
            new("Microsoft.AspNetCore.Http.HttpResponse", "Redirect", SinkKind.Redirect, "HttpResponse.Redirect", "location"),
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "Redirect", SinkKind.Redirect, "ControllerBase.Redirect", "url"),
            new("Microsoft.AspNetCore.Http.Results", "Redirect", SinkKind.Redirect, "Results.Redirect", "url"),
            new("Microsoft.AspNetCore.Http.HttpResponseWritingExtensions", "WriteAsync", SinkKind.HttpResponse, "HttpResponse.WriteAsync", "text"),
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "Content", SinkKind.Html, "ControllerBase.Content", "content"),
        };

        public static readonly SanitizerRow[] Sanitizers =
        {
            new("System.Text.Encodings.Web.TextEncoder", "Encode", SinkKind.Html),
            new("System.Net.WebUtility", "HtmlEncode", SinkKind.Html),
            new("System.Net.WebUtility", "UrlEncode", SinkKind.Redirect),
            new("System.Uri", "EscapeDataString", SinkKind.Redirect),
        };
    }
}
