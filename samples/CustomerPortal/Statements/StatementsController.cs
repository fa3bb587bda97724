using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace CustomerPortal.Statements;

/// <summary>
/// Monthly statements as PDFs on the server's disk, a print preview, the "back to where you were" link after viewing,
/// and a support shortcut. Each deliberate flaw has its secure counterpart beside it (which must stay silent).
/// </summary>
[ApiController]
[Route("statements")]
[Authorize]
public class StatementsController : ControllerBase
{
    private const string StatementsRoot = "/var/portal/statements/";

    /// <summary>DELIBERATELY INSECURE (TA2005): "../../etc/…" in the file name reads any file the process can read.</summary>
    [HttpGet("download")]
    public IActionResult Download(string fileName)
        => PhysicalFile(Path.Combine(StatementsRoot, fileName), "application/pdf");

    /// <summary>Secure: only the file name is kept, so the path stays inside the statements folder.</summary>
    [HttpGet("{fileName}")]
    public IActionResult Get(string fileName)
        => PhysicalFile(Path.Combine(StatementsRoot, Path.GetFileName(fileName)), "application/pdf");

    /// <summary>DELIBERATELY INSECURE (TA2008): the title is written into the page as markup.</summary>
    [HttpGet("preview")]
    public IActionResult Preview(string title)
        => Content($"<html><body><h1>{title}</h1></body></html>", "text/html");

    /// <summary>Secure: the title is HTML-encoded.</summary>
    [HttpGet("print")]
    public IActionResult Print(string title)
        => Content($"<html><body><h1>{WebUtility.HtmlEncode(title)}</h1></body></html>", "text/html");

    /// <summary>DELIBERATELY INSECURE (TA2007): any URL, so a link to the portal can send the customer to a look-alike site.</summary>
    [HttpGet("done")]
    public IActionResult Done(string returnUrl) => Redirect(returnUrl);

    /// <summary>Secure: only local URLs.</summary>
    [HttpGet("close")]
    public IActionResult Close(string returnUrl) => LocalRedirect(returnUrl);

    /// <summary>DELIBERATELY INSECURE (TA1005): "set by the support tool": whoever sends X-Customer-Id is that customer.</summary>
    [HttpGet("support")]
    public IActionResult Support()
    {
        var customerId = Request.Headers["X-Customer-Id"].ToString();
        var identity = new ClaimsIdentity(new[] { new Claim("customer_id", customerId) }, "Support");
        return Ok(new ClaimsPrincipal(identity).FindFirst("customer_id")?.Value);
    }

    /// <summary>Secure: the customer is the authenticated caller.</summary>
    [HttpGet("mine")]
    public IActionResult Mine()
    {
        var identity = new ClaimsIdentity(new[] { new Claim("customer_id", User.FindFirstValue("customer_id") ?? "") }, "Portal");
        return Ok(new ClaimsPrincipal(identity).FindFirst("customer_id")?.Value);
    }
}
