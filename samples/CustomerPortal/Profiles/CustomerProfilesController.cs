using System.ComponentModel.DataAnnotations;
using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Profiles;

/// <summary>
/// The support team's customer-profile API: each deliberate tampering flaw next to its secure counterpart.
/// Authorized, so TA1001 has nothing to say; the flaws are in what the actions do with their input.
/// </summary>
[ApiController]
[Route("api/profiles")]
[Authorize]
public class CustomerProfilesController(CustomerDbContext db) : ControllerBase
{
    /// <summary>DELIBERATELY INSECURE (TA2002): the name is pasted into the SQL text; <c>x' OR '1'='1</c> lists every customer.</summary>
    [HttpGet("search")]
    public async Task<IActionResult> Search(string name)
        => Ok(await db.Customers.FromSqlRaw($"SELECT * FROM Customers WHERE FullName = '{name}'").Select(c => c.Id).ToListAsync());

    /// <summary>Secure counterpart: FromSql turns the interpolated value into a parameter.</summary>
    [HttpGet("find")]
    public async Task<IActionResult> Find(string name)
        => Ok(await db.Customers.FromSql($"SELECT * FROM Customers WHERE FullName = {name}").Select(c => c.Id).ToListAsync());

    /// <summary>
    /// DELIBERATELY INSECURE (TA2006, and TA2001): binds the Customer entity itself and saves it, so a caller can set
    /// Tier to "platinum"; nothing on Customer is validated either.
    /// </summary>
    [HttpPut("{id:int}")]
    public async Task<IActionResult> Replace(int id, Customer customer)
    {
        customer.Id = id;
        db.Customers.Update(customer);
        await db.SaveChangesAsync();
        return NoContent();
    }

    /// <summary>Secure counterpart: a request type with only what the caller may change, validated ([ApiController] answers 400).</summary>
    [HttpPut("{id:int}/name")]
    public async Task<IActionResult> Rename(int id, ProfileRename rename)
    {
        if (await db.Customers.FindAsync(id) is not { } customer)
        {
            return NotFound();
        }

        customer.FullName = rename.FullName;
        await db.SaveChangesAsync();
        return NoContent();
    }

    /// <summary>DELIBERATELY INSECURE (TA2001): imports a customer from a request type with no validation at all.</summary>
    [HttpPost("import")]
    public async Task<IActionResult> Import(ProfileImport import)
    {
        db.Customers.Add(new Customer { FullName = import.FullName, Email = import.Email });
        await db.SaveChangesAsync();
        return NoContent();
    }

    /// <summary>Secure counterpart: the same import, validated by DataAnnotations and [ApiController].</summary>
    [HttpPost("register")]
    public async Task<IActionResult> Register(ProfileRegistration registration)
    {
        db.Customers.Add(new Customer { FullName = registration.FullName, Email = registration.Email });
        await db.SaveChangesAsync();
        return NoContent();
    }
}

public record ProfileRename([Required, StringLength(200)] string FullName);

public record ProfileImport(string FullName, string Email);

public record ProfileRegistration([Required, StringLength(200)] string FullName, [Required, EmailAddress] string Email);
