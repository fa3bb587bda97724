using System.Security.Claims;
using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Admin;

/// <summary>
/// Closing an account deletes the customer: only administrators may do it, and each closure is logged. (Made by the
/// controllers that use it, so the sample's Program.cs needs no registration.)
/// </summary>
public class AccountClosure(CustomerDbContext db, ILogger<AccountClosure> logger)
{
    [Authorize(Roles = "Admin")]
    public async Task CloseAsync(int customerId)
    {
        await db.Customers.Where(c => c.Id == customerId).ExecuteDeleteAsync();
        logger.LogInformation("Account {CustomerId} closed", customerId);
    }
}

/// <summary>Secure: the administrators' closing of an account requires the role the operation requires.</summary>
[ApiController]
[Route("admin/accounts")]
[Authorize(Roles = "Admin")]
public class AccountAdministrationController(CustomerDbContext db, ILogger<AccountClosure> logger) : ControllerBase
{
    private readonly AccountClosure closure = new(db, logger);

    [HttpDelete("{customerId:int}")]
    public async Task<IActionResult> Close(int customerId)
    {
        await closure.CloseAsync(customerId);
        return NoContent();
    }
}

/// <summary>
/// DELIBERATELY INSECURE (TA6001): "close my account" was added for customers by reusing the administrators' routine.
/// Any signed-in customer runs an operation that requires the Admin role.
/// </summary>
[ApiController]
[Route("me/account")]
[Authorize]
public class SelfServiceController(CustomerDbContext db, ILogger<AccountClosure> logger) : ControllerBase
{
    private readonly AccountClosure closure = new(db, logger);

    [HttpDelete]
    public async Task<IActionResult> CloseMine()
    {
        var customerId = int.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
        await closure.CloseAsync(customerId);
        return NoContent();
    }
}

/// <summary>
/// DELIBERATELY INSECURE (TA6006): the help centre was marked [AllowAnonymous] so its articles are public; the
/// maintenance action added later kept its [Authorize(Roles = "Admin")], which ASP.NET Core now ignores.
/// </summary>
[ApiController]
[Route("help")]
[AllowAnonymous]
public class HelpCentreController : ControllerBase
{
    private static readonly List<string> Articles = new() { "getting-started", "billing" };

    [HttpGet("articles")]
    public IActionResult List() => Ok(Articles);

    [HttpPost("articles/reset")]
    [Authorize(Roles = "Admin")]
    public IActionResult Reset()
    {
        Articles.Clear();
        return NoContent();
    }
}

/// <summary>Secure: a protected controller with one public action, the intended use of [AllowAnonymous].</summary>
[ApiController]
[Route("help/tickets")]
[Authorize]
public class HelpTicketsController : ControllerBase
{
    [HttpGet("status")]
    [AllowAnonymous]
    public IActionResult Status() => Ok("open");

    [HttpGet("mine")]
    public IActionResult Mine() => Ok(Array.Empty<string>());
}
