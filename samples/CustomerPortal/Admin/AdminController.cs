using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Admin;

/// <summary>Secure: the whole controller requires the Admin role.</summary>
[ApiController]
[Route("admin/customers")]
[Authorize(Roles = "Admin")]
public class AdminController(CustomerDbContext db) : ControllerBase
{
    [HttpDelete("{id:int}")]
    public async Task<IActionResult> Delete(int id)
    {
        await db.Customers.Where(c => c.Id == id).ExecuteDeleteAsync();
        return NoContent();
    }
}

/// <summary>
/// DELIBERATELY INSECURE (TA1001): an export of every customer, added "for the reporting team" without [Authorize].
/// Anyone on the Internet can download the customer list.
/// </summary>
[ApiController]
[Route("reports")]
public class ReportsController(CustomerDbContext db) : ControllerBase
{
    [HttpGet("customers.csv")]
    public async Task<IActionResult> ExportCustomers()
    {
        var lines = await db.Customers.Select(c => $"{c.Id},{c.FullName},{c.Email}").ToListAsync();
        return File(System.Text.Encoding.UTF8.GetBytes(string.Join('\n', lines)), "text/csv");
    }
}
