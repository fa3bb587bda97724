using System.ComponentModel.DataAnnotations;
using System.Diagnostics;
using System.Net.NetworkInformation;
using System.Text.RegularExpressions;
using CustomerPortal.Customers;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace CustomerPortal.Tools;

/// <summary>
/// The operations team's tools (Denial of service and Elevation of privilege, STRIDE's D and E): a reachability check,
/// a customer search with a filter expression, report exports in a chosen format and by pages. Each flaw is next to its fix.
/// </summary>
[ApiController]
[Authorize(Roles = "Operations")]
[Route("ops")]
public sealed class AdminToolsController(CustomerDbContext db) : ControllerBase
{
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private static readonly Dictionary<string, Type> Exporters = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csv"] = typeof(CsvCustomerExport),
        ["json"] = typeof(JsonCustomerExport),
    };

    /// <summary>
    /// DELIBERATELY INSECURE (TA6002): the host goes into ping's command line. "8.8.8.8 &amp; cat /app/appsettings.json"
    /// runs a second command on Windows (cmd parses the line), and options such as "-f" flood on Linux.
    /// </summary>
    [HttpGet("ping")]
    public IActionResult Ping([Required, StringLength(253)] string host)
    {
        using var process = Process.Start(new ProcessStartInfo("ping", "-c 1 " + host) { RedirectStandardOutput = true })!;
        return Ok(process.StandardOutput.ReadToEnd());
    }

    /// <summary>Secure counterpart (no TA6002): a library call instead of a process; the host is data, never a command.</summary>
    [HttpGet("reachable")]
    public async Task<IActionResult> Reachable([Required, StringLength(253)] string host)
    {
        using var ping = new Ping();
        var reply = await ping.SendPingAsync(host, 1000);
        return Ok(reply.Status.ToString());
    }

    /// <summary>
    /// DELIBERATELY INSECURE (TA5002): the filter is used as a regular expression. "(a+)+$" against a long tier name keeps
    /// a thread backtracking for minutes; no timeout stops it.
    /// </summary>
    [HttpGet("customers/matching")]
    public async Task<IActionResult> Matching([Required, StringLength(100)] string filter)
    {
        var names = await db.Customers.AsNoTracking().Select(c => c.FullName).ToListAsync();
        return Ok(names.Where(name => Regex.IsMatch(name, filter)).ToList());
    }

    /// <summary>Secure counterpart (no TA5002): the filter is matched as text (Regex.Escape) and the match has a timeout.</summary>
    [HttpGet("customers/containing")]
    public async Task<IActionResult> Containing([Required, StringLength(100)] string filter)
    {
        var names = await db.Customers.AsNoTracking().Select(c => c.FullName).ToListAsync();
        return Ok(names.Where(name => Regex.IsMatch(name, Regex.Escape(filter), RegexOptions.IgnoreCase, MatchTimeout)).ToList());
    }

    /// <summary>
    /// DELIBERATELY INSECURE (TA6003): the format names the exporter type. Any type the process can load with a public
    /// constructor is created ("System.Diagnostics.Process, System.Diagnostics.Process" or worse, a gadget).
    /// </summary>
    [HttpGet("export/{format}")]
    public async Task<IActionResult> Export(string format)
    {
        var exporter = (ICustomerExport)Activator.CreateInstance(Type.GetType("CustomerPortal.Tools." + format + "CustomerExport", throwOnError: true)!)!;
        return File(exporter.Write(await db.Customers.AsNoTracking().Select(c => c.Id).ToListAsync()), exporter.ContentType);
    }

    /// <summary>Secure counterpart (no TA6003): the format is looked up in an allow-list of exporter types.</summary>
    [HttpGet("exports/{format}")]
    public async Task<IActionResult> ExportKnown(string format)
    {
        if (!Exporters.TryGetValue(format, out var type))
        {
            return NotFound();
        }

        var exporter = (ICustomerExport)Activator.CreateInstance(type)!;
        return File(exporter.Write(await db.Customers.AsNoTracking().Select(c => c.Id).ToListAsync()), exporter.ContentType);
    }

    /// <summary>
    /// DELIBERATELY INSECURE (TA5004): the caller chooses the page size of the export. "?pageSize=100000000" makes the
    /// database read, and the service hold and serialize, the whole customer table in one request.
    /// </summary>
    [HttpGet("export/page")]
    public async Task<IActionResult> ExportPage(int page = 0, int pageSize = 50)
        => Ok(await db.Customers.AsNoTracking().OrderBy(c => c.Id).Skip(page * pageSize).Take(pageSize).Select(c => c.Id).ToListAsync());

    /// <summary>Secure counterpart (no TA5004): [Range] bounds the page size, and [ApiController] refuses a request outside it.</summary>
    [HttpGet("exports/page")]
    public async Task<IActionResult> ExportBoundedPage(int page = 0, [Range(1, 100)] int pageSize = 50)
        => Ok(await db.Customers.AsNoTracking().OrderBy(c => c.Id).Skip(page * pageSize).Take(pageSize).Select(c => c.Id).ToListAsync());
}

public interface ICustomerExport
{
    string ContentType { get; }

    byte[] Write(IReadOnlyList<int> customerIds);
}

public sealed class CsvCustomerExport : ICustomerExport
{
    public string ContentType => "text/csv";

    public byte[] Write(IReadOnlyList<int> customerIds) => System.Text.Encoding.UTF8.GetBytes(string.Join("\n", customerIds));
}

public sealed class JsonCustomerExport : ICustomerExport
{
    public string ContentType => "application/json";

    public byte[] Write(IReadOnlyList<int> customerIds) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(customerIds);
}
