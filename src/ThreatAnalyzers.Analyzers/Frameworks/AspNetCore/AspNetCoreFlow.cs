using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>ASP.NET Core as the flow engine sees it: the request is untrusted; redirects and responses are sinks; encoders sanitize for HTML.</summary>
    internal static class AspNetCoreFlow
    {
        private const string Request = "Microsoft.AspNetCore.Http.HttpRequest";
        private const string PageModel = "Microsoft.AspNetCore.Mvc.RazorPages.PageModel";

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
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "RedirectPermanent", SinkKind.Redirect, "ControllerBase.RedirectPermanent", "url"),
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "RedirectPreserveMethod", SinkKind.Redirect, "ControllerBase.RedirectPreserveMethod", "url"),
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "RedirectPermanentPreserveMethod", SinkKind.Redirect, "ControllerBase.RedirectPermanentPreserveMethod", "url"),
            new(PageModel, "Redirect", SinkKind.Redirect, "PageModel.Redirect", "url"),
            new(PageModel, "RedirectPermanent", SinkKind.Redirect, "PageModel.RedirectPermanent", "url"),
            new(PageModel, "RedirectPreserveMethod", SinkKind.Redirect, "PageModel.RedirectPreserveMethod", "url"),
            new(PageModel, "RedirectPermanentPreserveMethod", SinkKind.Redirect, "PageModel.RedirectPermanentPreserveMethod", "url"),
            new("Microsoft.AspNetCore.Http.Results", "Redirect", SinkKind.Redirect, "Results.Redirect", "url"),
            new("Microsoft.AspNetCore.Http.TypedResults", "Redirect", SinkKind.Redirect, "TypedResults.Redirect", "url"),
            new("Microsoft.AspNetCore.Mvc.RedirectResult", ".ctor", SinkKind.Redirect, "new RedirectResult", "url"),
            new("Microsoft.AspNetCore.Mvc.RedirectResult", "Url", SinkKind.Redirect, "RedirectResult.Url", "value"),
            new("Microsoft.AspNetCore.Http.HttpResponseWritingExtensions", "WriteAsync", SinkKind.HttpResponse, "HttpResponse.WriteAsync", "text"),

            // HTML: markup taken as is. Content(…) is HTML only with an HTML content type (HtmlResponses decides).
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "Content", SinkKind.Html, "ControllerBase.Content", "content"),
            new(PageModel, "Content", SinkKind.Html, "PageModel.Content", "content"),
            new("Microsoft.AspNetCore.Http.Results", "Content", SinkKind.Html, "Results.Content", "content"),
            new("Microsoft.AspNetCore.Http.TypedResults", "Content", SinkKind.Html, "TypedResults.Content", "content"),
            new("Microsoft.AspNetCore.Mvc.ContentResult", "Content", SinkKind.Html, "ContentResult.Content", "value"),
            new("Microsoft.AspNetCore.Mvc.Rendering.IHtmlHelper", "Raw", SinkKind.Html, "Html.Raw", "value"),
            new("Microsoft.AspNetCore.Html.HtmlString", ".ctor", SinkKind.Html, "new HtmlString", "value"),
            new("Microsoft.AspNetCore.Components.MarkupString", ".ctor", SinkKind.Html, "new MarkupString", "value"),

            // Files served from a path on disk.
            new("Microsoft.AspNetCore.Mvc.ControllerBase", "PhysicalFile", SinkKind.FilePath, "ControllerBase.PhysicalFile", "physicalPath"),
            new(PageModel, "PhysicalFile", SinkKind.FilePath, "PageModel.PhysicalFile", "physicalPath"),
            new("Microsoft.AspNetCore.Mvc.PhysicalFileResult", ".ctor", SinkKind.FilePath, "new PhysicalFileResult", "fileName"),
            new("Microsoft.AspNetCore.Http.Results", "File", SinkKind.FilePath, "Results.File", "path"),
            new("Microsoft.AspNetCore.Http.TypedResults", "PhysicalFile", SinkKind.FilePath, "TypedResults.PhysicalFile", "path"),

            // Who the caller is, and which policy a check asks about.
            new("Microsoft.AspNetCore.Http.HttpContext", "User", SinkKind.Identity, "HttpContext.User", "value"),
            new("Microsoft.AspNetCore.Authorization.IAuthorizationService", "AuthorizeAsync", SinkKind.Identity, "IAuthorizationService.AuthorizeAsync", "policyName"),
            new("Microsoft.AspNetCore.Authorization.AuthorizationServiceExtensions", "AuthorizeAsync", SinkKind.Identity, "IAuthorizationService.AuthorizeAsync", "policyName"),
            new("Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions", "SignInAsync", SinkKind.Identity, "HttpContext.SignInAsync", "principal"),
            new("Microsoft.AspNetCore.Identity.SignInManager`1", "SignInAsync", SinkKind.Identity, "SignInManager.SignInAsync", "user"),
            new("Microsoft.AspNetCore.Identity.SignInManager`1", "SignInWithClaimsAsync", SinkKind.Identity, "SignInManager.SignInWithClaimsAsync", "user"),

            // What grants a user privilege in Identity's store: the roles it adds (a claim added is reported where it is made, new Claim).
            new("Microsoft.AspNetCore.Identity.UserManager`1", "AddToRoleAsync", SinkKind.Privilege, "UserManager.AddToRoleAsync", "role"),
            new("Microsoft.AspNetCore.Identity.UserManager`1", "AddToRolesAsync", SinkKind.Privilege, "UserManager.AddToRolesAsync", "roles"),
        };

        /// <summary>Checks that make a value safe where they guard its use: a URL checked to be local before a redirect.</summary>
        public static readonly GuardRow[] Guards =
        {
            new("Microsoft.AspNetCore.Mvc.IUrlHelper", "IsLocalUrl", SinkKind.Redirect, "url"),
            new("Microsoft.AspNetCore.Http.HttpResults.RedirectHttpResult", "IsLocalUrl", SinkKind.Redirect, "url"),
        };

        public static readonly SanitizerRow[] Sanitizers =
        {
            new("System.Text.Encodings.Web.TextEncoder", "Encode", SinkKind.Html),
            new("System.Net.WebUtility", "HtmlEncode", SinkKind.Html),
            new("System.Net.WebUtility", "UrlEncode", SinkKind.Redirect),
            new("System.Uri", "EscapeDataString", SinkKind.Redirect),

            // What was signed or encrypted by this application (a data-protected cookie or token) is not the client's to choose.
            new("Microsoft.AspNetCore.DataProtection.IDataProtector", "Unprotect", SinkKind.Identity),
            new("Microsoft.AspNetCore.DataProtection.DataProtectionCommonExtensions", "Unprotect", SinkKind.Identity),
            new("Microsoft.AspNetCore.Authentication.ISecureDataFormat`1", "Unprotect", SinkKind.Identity),
            new("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler", "ValidateTokenAsync", SinkKind.Identity),
            new("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler", "ValidateToken", SinkKind.Identity),
        };
    }
}
