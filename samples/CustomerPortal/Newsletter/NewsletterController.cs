using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ThreatAnalyzers;

namespace CustomerPortal.Newsletter;

/// <summary>
/// The newsletter links in customers' e-mails. Both actions change the customer database without a signed-in caller,
/// so both are critical for TA1001; each carries an explicit, reviewed decision.
/// </summary>
[ApiController]
[Route("newsletter")]
public class NewsletterController(CustomerDbContext db) : ControllerBase
{
    /// <summary>Public on purpose (no TA1001): opting out must work from any mail client; it only ever lowers what we send.</summary>
    [AllowAnonymous]
    [HttpPost("opt-out/{id:int}")]
    public async Task<IActionResult> OptOut(int id)
    {
        await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, "no-mail"));
        return NoContent();
    }

    /// <summary>
    /// Accepted risk (TA1001, reported suppressed and listed as accepted in the artifact): the one-click upgrade link of
    /// the spring campaign; the marketing team owns it until the campaign ends.
    /// </summary>
    [HttpPost("upgrade/{id:int}")]
    [AcceptsRisk("TA1001", "Campaign link: anyone with the link can upgrade the tier, which is free during the campaign", Owner = "Team Marketing", Expires = "2027-06-30")]
    public async Task<IActionResult> Upgrade(int id)
    {
        await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, "gold"));
        return NoContent();
    }
}
