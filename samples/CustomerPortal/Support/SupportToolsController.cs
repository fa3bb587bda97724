using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;
using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Support;

/// <summary>Tools for the support desk: order look-up, link previews in tickets, service status.</summary>
[ApiController]
[Authorize(Roles = "Support")]
[Route("support")]
public sealed class SupportToolsController(CustomerDbContext db, IHttpClientFactory httpClients, ILogger<SupportToolsController> logger) : ControllerBase
{
    private static readonly HashSet<string> PreviewHosts = new(StringComparer.OrdinalIgnoreCase) { "docs.example.com", "status.example.com" };

    // DELIBERATELY INSECURE (TA4004): the database's exception message (SQL, table names) goes back to the caller.
    [HttpGet("customers/{id:int}/summary")]
    public async Task<IActionResult> Summary(int id)
    {
        try
        {
            var customer = await db.Customers.AsNoTracking().SingleAsync(c => c.Id == id);
            return Ok(new { customer.Id, customer.FullName });
        }
        catch (Exception ex)
        {
            return StatusCode(500, ex.Message);
        }
    }

    // Secure counterpart: the exception is logged, the caller gets a fixed message.
    [HttpGet("customers/{id:int}/status")]
    public async Task<IActionResult> Status(int id)
    {
        try
        {
            return Ok(await db.Customers.AsNoTracking().AnyAsync(c => c.Id == id));
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Status of customer {Id} failed", id);
            return Problem("An error occurred.");
        }
    }

    // DELIBERATELY INSECURE (TA4008): the server fetches whatever URL a ticket contains, 169.254.169.254 included.
    [HttpGet("link-preview")]
    public async Task<IActionResult> LinkPreview(string url)
    {
        var page = await httpClients.CreateClient().GetStringAsync(url);
        return Ok(page.Length > 200 ? page[..200] : page);
    }

    // Secure counterparts: an allow-listed host, and a constant host with only a path from the caller.
    [HttpGet("link-preview/trusted")]
    public async Task<IActionResult> TrustedLinkPreview([Required, Url] string url)
    {
        var uri = new Uri(url);
        if (uri.Scheme != Uri.UriSchemeHttps || !PreviewHosts.Contains(uri.Host))
        {
            return BadRequest();
        }

        var page = await httpClients.CreateClient().GetStringAsync(uri);
        return Ok(page.Length > 200 ? page[..200] : page);
    }

    [HttpGet("services/{service}")]
    public async Task<IActionResult> ServiceStatus([RegularExpression("^[a-z0-9-]{1,40}$")] string service)
        => Ok(await httpClients.CreateClient().GetStringAsync($"https://status.example.com/api/{Uri.EscapeDataString(service)}"));
}

/// <summary>The support desk's own sign-in for agents without a company account.</summary>
public static class SupportAgentPasswords
{
    // DELIBERATELY INSECURE (TA4007): a fast, unsalted SHA-256 of the password; a leaked table is guessed offline.
    public static string HashPassword(string password)
        => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));

    // Secure counterpart: PBKDF2 with a random salt and 600,000 iterations.
    public static string DerivePassword(string password)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var hash = Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
        return Convert.ToHexString(salt) + ":" + Convert.ToHexString(hash);
    }

    // Not a security use: MD5 as a content checksum (an ETag) stays silent.
    public static string ETag(byte[] content) => "\"" + Convert.ToHexString(MD5.HashData(content)) + "\"";
}
