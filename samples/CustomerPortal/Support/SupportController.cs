using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Support;

/// <summary>
/// The support desk's tools on customer accounts (Repudiation, STRIDE's R): who changed a customer's tier, and what an
/// agent searched for, must be on record and the record must be the application's own.
/// </summary>
[ApiController]
[Authorize(Roles = "Support")]
[Route("support/customers")]
public class SupportController(CustomerDbContext db, ILogger<SupportController> logger) : ControllerBase
{
    /// <summary>
    /// DELIBERATELY INSECURE (TA3001): an agent downgrades a customer's tier and nothing records which agent did it or
    /// when. When the customer disputes it, no one can say.
    /// </summary>
    [HttpPost("{id:int}/downgrade")]
    public async Task<IActionResult> Downgrade(int id)
    {
        await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, "standard"));
        return NoContent();
    }

    /// <summary>Secure counterpart (no TA3001): the same kind of change, with an audit entry naming the customer and the agent.</summary>
    [HttpPost("{id:int}/upgrade")]
    public async Task<IActionResult> Upgrade(int id)
    {
        await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, "gold"));
        logger.LogInformation("Customer {CustomerId} upgraded to gold by {Agent}", id, User.Identity?.Name);
        return NoContent();
    }

    /// <summary>
    /// DELIBERATELY INSECURE (TA3002): the search term is interpolated into the text of the log message. A term with a
    /// line break ("x\ninfo: Customer 42 upgraded to gold by alice") writes an entry of its own into the audit log.
    /// </summary>
    [HttpGet("search")]
    public async Task<IActionResult> Search(string term)
    {
        logger.LogInformation($"Support search for {term}");
        return Ok(await db.Customers.Where(c => c.Tier == term).Select(c => c.Id).ToListAsync());
    }

    /// <summary>Secure counterpart (no TA3002): the term is an argument of the message template, kept apart from its text.</summary>
    [HttpGet("lookup")]
    public async Task<IActionResult> Lookup(string term)
    {
        logger.LogInformation("Support lookup for {Term}", term);
        return Ok(await db.Customers.Where(c => c.Tier == term).Select(c => c.Id).ToListAsync());
    }
}
