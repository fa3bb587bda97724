using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace CustomerPortal.Throttling;

/// <summary>
/// How much a caller may send and how often (TA5001, TA5003). Every request body is capped at 10 MB by Kestrel, and
/// every endpoint runs behind the "portal" rate-limiting policy (Program.cs applies it to MapControllers, the customer
/// group and each endpoint it maps), or says why not. The deliberate flaws below are the exceptions.
/// </summary>
public static class RequestLimits
{
    public const string Portal = "portal";

    public static WebApplicationBuilder AddRequestLimits(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 10 * 1024 * 1024);
        builder.Services.AddRateLimiter(options => options.AddFixedWindowLimiter(Portal, window =>
        {
            window.PermitLimit = 100;
            window.Window = TimeSpan.FromMinutes(1);
        }));
        return builder;
    }

    public static WebApplication MapStatementImports(this WebApplication app)
    {
        // DELIBERATELY INSECURE (TA5001): the import preview parses a whole statement file on every call, and nothing
        // limits how often a caller may ask: a script can keep the CPU busy for everyone.
        app.MapPost("/api/statement-imports/preview", (StatementLines lines) => Results.Ok(lines.Lines.Count))
            .RequireAuthorization();

        // Secure counterpart: the same preview behind the portal's rate limit.
        app.MapPost("/api/statement-imports/check", (StatementLines lines) => Results.Ok(lines.Lines.Count))
            .RequireAuthorization()
            .RequireRateLimiting(Portal);

        return app;
    }
}

/// <summary>Lines of a statement to import; the server's 10 MB body cap bounds them.</summary>
public record StatementLines(List<string> Lines);

/// <summary>Uploads of scanned statements, larger than the portal's 10 MB cap.</summary>
[ApiController]
[Route("api/statement-scans")]
[Microsoft.AspNetCore.Authorization.Authorize]
public class StatementScansController : ControllerBase
{
    /// <summary>
    /// DELIBERATELY INSECURE (TA5003): lifts the body size limit for scans, so one request can stream gigabytes into the
    /// server's temporary files.
    /// </summary>
    [HttpPost("bulk")]
    [DisableRequestSizeLimit]
    public IActionResult UploadBulk(IFormFile scan) => Accepted(scan.FileName);

    /// <summary>Secure counterpart: raises the limit to what a scan needs, 50 MB, and no further.</summary>
    [HttpPost]
    [RequestSizeLimit(50 * 1024 * 1024)]
    public IActionResult Upload(IFormFile scan) => Accepted(scan.FileName);
}
