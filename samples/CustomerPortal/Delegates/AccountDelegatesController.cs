using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Delegates;

/// <summary>
/// Someone a customer lets into their account (a partner, an accountant), with the role they were given: a "viewer"
/// sees statements, a "payer" also pays; only the customer is the "owner". Belongs to a customer (CustomerId).
/// </summary>
public class AccountDelegate
{
    public int Id { get; set; }

    public int CustomerId { get; set; }

    public string DisplayName { get; set; } = string.Empty;

    public string Role { get; set; } = "viewer";
}

public record DelegateInvite([property: Required, StringLength(100)] string DisplayName, [property: Required, StringLength(20)] string Role);

/// <summary>
/// The customer's own delegates: each deliberate elevation-of-privilege flaw next to its secure counterpart (which must
/// stay silent). Authorized, so any signed-in customer can call it; the caller's customer id is the "customer_id" claim.
/// </summary>
[ApiController]
[Route("api/delegates")]
[Authorize]
public class AccountDelegatesController(CustomerDbContext db, ILogger<AccountDelegatesController> logger) : ControllerBase
{
    private static readonly HashSet<string> InvitableRoles = new(StringComparer.Ordinal) { "viewer", "payer" };

    /// <summary>
    /// DELIBERATELY INSECURE (TA6004): the delegate's role is whatever the request says, so a customer's invite can make
    /// the delegate an "owner" (or anything a later role check trusts).
    /// </summary>
    [HttpPost]
    public async Task<IActionResult> Invite(DelegateInvite invite)
    {
        var accountDelegate = new AccountDelegate { CustomerId = CallerCustomerId(), DisplayName = invite.DisplayName, Role = invite.Role };
        db.Delegates.Add(accountDelegate);
        await db.SaveChangesAsync();
        logger.LogInformation("Delegate {DelegateId} invited", accountDelegate.Id);
        return Ok(accountDelegate.Id);
    }

    /// <summary>Secure counterpart: only the roles a customer may hand out are accepted.</summary>
    [HttpPost("checked")]
    public async Task<IActionResult> InviteChecked(DelegateInvite invite)
    {
        if (!InvitableRoles.Contains(invite.Role))
        {
            return BadRequest();
        }

        var accountDelegate = new AccountDelegate { CustomerId = CallerCustomerId(), DisplayName = invite.DisplayName, Role = invite.Role };
        db.Delegates.Add(accountDelegate);
        await db.SaveChangesAsync();
        logger.LogInformation("Delegate {DelegateId} invited", accountDelegate.Id);
        return Ok(accountDelegate.Id);
    }

    /// <summary>
    /// DELIBERATELY INSECURE (TA6005): any signed-in customer reads any customer's delegate by counting ids (broken
    /// object-level authorization).
    /// </summary>
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Get(int id)
        => await db.Delegates.FindAsync(id) is { } accountDelegate ? Ok(accountDelegate.DisplayName) : NotFound();

    /// <summary>Secure counterpart: the query is scoped to the caller's own delegates.</summary>
    [HttpGet("{id:int}/mine")]
    public async Task<IActionResult> GetMine(int id)
    {
        var customerId = CallerCustomerId();
        return await db.Delegates.FirstOrDefaultAsync(d => d.Id == id && d.CustomerId == customerId) is { } accountDelegate
            ? Ok(accountDelegate.DisplayName)
            : NotFound();
    }

    private int CallerCustomerId() => int.Parse(User.FindFirstValue("customer_id") ?? "0", System.Globalization.CultureInfo.InvariantCulture);
}
