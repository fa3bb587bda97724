using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using ThreatAnalyzers;

namespace CustomerPortal.Disclosure;

/// <summary>A partner system allowed to call the API: its key is a secret.</summary>
public class ApiClient
{
    public int Id { get; set; }

    public string Name { get; set; } = string.Empty;

    [HandlesSecrets]
    public string ApiKey { get; set; } = string.Empty;
}

/// <summary>The registered partner systems (kept in memory in the sample).</summary>
public static class ApiClientRegistry
{
    private static readonly List<ApiClient> Clients = new() { new ApiClient { Id = 1, Name = "Payroll" } };

    public static ApiClient? Find(int id) => Clients.FirstOrDefault(c => c.Id == id);
}

/// <summary>Staff pages about partner systems: authenticated, but no one needs to read a key back.</summary>
[Authorize]
[Route("api/clients")]
public class ApiClientsController : ControllerBase
{
    /// <summary>DELIBERATELY INSECURE (TA4010): answers with the whole client, API key included.</summary>
    [HttpGet("{id:int}")]
    public IActionResult Get(int id)
    {
        var client = ApiClientRegistry.Find(id);
        if (client is null)
        {
            return NotFound();
        }

        return Ok(client);
    }

    /// <summary>Secure counterpart: answers with what the page shows, not the key.</summary>
    [HttpGet("{id:int}/summary")]
    public IActionResult Summary(int id)
    {
        var client = ApiClientRegistry.Find(id);
        return client is null ? NotFound() : Ok(new { client.Id, client.Name });
    }
}

/// <summary>The public customer directory used by the branch-finder widget: anyone may call it.</summary>
[Route("api/directory")]
public class CustomerDirectoryController(CustomerDbContext db) : ControllerBase
{
    /// <summary>DELIBERATELY INSECURE (TA4005): public on purpose, and it answers with the customer's name, e-mail address and birth date.</summary>
    [AllowAnonymous]
    [HttpGet("{id:int}")]
    public async Task<IActionResult> Card(int id)
        => await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id) is { } customer ? Ok(customer) : NotFound();

    /// <summary>Secure counterpart: public too, but answers only with the customer's tier.</summary>
    [AllowAnonymous]
    [HttpGet("{id:int}/tier")]
    public async Task<IActionResult> Tier(int id)
        => await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Id == id) is { } customer ? Ok(new { customer.Tier }) : NotFound();
}

/// <summary>Password recovery for customers; anyone may ask.</summary>
[AllowAnonymous]
[Route("api/recovery")]
public class AccountRecoveryController(CustomerDbContext db) : ControllerBase
{
    /// <summary>
    /// DELIBERATELY INSECURE (TA4009): says whether an e-mail address belongs to a customer, so anyone can test
    /// addresses to learn who banks here.
    /// </summary>
    [HttpPost("forgot-password")]
    public async Task<IActionResult> ForgotPassword(string email)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Email == email);
        if (customer is null)
        {
            return NotFound("No customer uses that e-mail address");
        }

        return Ok("We sent you a link to reset your password");
    }

    /// <summary>Secure counterpart: the same answer whether or not the address belongs to a customer.</summary>
    [HttpPost("request-password-reset")]
    public async Task<IActionResult> RequestPasswordReset(string email)
    {
        var customer = await db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Email == email);
        if (customer is null)
        {
            return Ok("If an account uses that address, we sent it a link");
        }

        return Ok("If an account uses that address, we sent it a link");
    }
}

/// <summary>DELIBERATELY INSECURE (TA4006): the record's generated ToString prints the customer's e-mail address wherever a ticket is logged.</summary>
public record SupportTicket(int Id, [property: HandlesPii] string CustomerEmail, string Subject);

/// <summary>Secure counterpart: its PrintMembers leaves the e-mail address out.</summary>
public record SupportTicketSummary(int Id, [property: HandlesPii] string CustomerEmail, string Subject)
{
    protected virtual bool PrintMembers(System.Text.StringBuilder builder)
    {
        builder.Append("Id = ");
        builder.Append(Id);
        builder.Append(", Subject = ");
        builder.Append(Subject);
        return true;
    }
}
