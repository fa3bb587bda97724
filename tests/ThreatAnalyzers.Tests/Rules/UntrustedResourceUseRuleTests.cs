using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.UntrustedResourceUseRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class UntrustedResourceUseRuleTests
    {
        private static DiagnosticResult At(int location, int source, string origin, string sink, string element, string via = "")
            => Verify.Diagnostic("TA5004").WithLocation(location).WithLocation(source).WithArguments(origin, sink, via, element);

        [Fact]
        public Task AllocationsCountsLoopsAndDelays_FromAParameter_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Buffers;
                using System.Collections.Generic;
                using System.Linq;
                using System.Text;
                using System.Threading;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class ToolsController : ControllerBase
                {
                    public IActionResult A(int {|#1:size|}) => Ok(new byte[{|#0:size|}].Length);
                    public IActionResult B(int {|#3:n|}) => Ok(new string('x', {|#2:n|}));
                    public IActionResult C(int {|#5:n|}) => Ok(new List<int>({|#4:n|}).Capacity);
                    public IActionResult D(int {|#7:n|}) => Ok(new StringBuilder({|#6:n|}).Capacity);
                    public IActionResult E(int {|#9:n|}) => Ok(ArrayPool<byte>.Shared.Rent({|#8:n|}).Length);
                    public IActionResult F(int {|#11:n|}) => Ok(Enumerable.Range(0, {|#10:n|}).Sum());
                    public IActionResult G(int {|#13:n|}) => Ok(Enumerable.Repeat("x", {|#12:n|}).Count());
                    public IActionResult H(int {|#15:n|}) => Ok(Enumerable.Range(0, 10).Take({|#14:n|}).Sum());

                    public IActionResult I(int {|#17:n|})
                    {
                        var total = 0;
                        for (var i = 0; i < {|#16:n|}; i++) total += i;
                        return Ok(total);
                    }

                    public async Task<IActionResult> J(int {|#19:ms|}) { await Task.Delay({|#18:ms|}); return Ok(); }
                    public IActionResult K(int {|#21:seconds|}) { Thread.Sleep({|#20:System.TimeSpan.FromSeconds(seconds)|}); return Ok(); }

                    public IActionResult L(long {|#23:n|})
                    {
                        var doubled = n * 2;
                        return Ok(new Dictionary<string, int>({|#22:(int)doubled|}).Count);
                    }
                }
                """,
                At(0, 1, "size", "the size of new byte[]", "ToolsController.A"),
                At(2, 3, "n", "the length of new string", "ToolsController.B"),
                At(4, 5, "n", "the capacity of new List<int>", "ToolsController.C"),
                At(6, 7, "n", "the capacity of new StringBuilder", "ToolsController.D"),
                At(8, 9, "n", "the size of ArrayPool.Rent", "ToolsController.E"),
                At(10, 11, "n", "the count of Enumerable.Range", "ToolsController.F"),
                At(12, 13, "n", "the count of Enumerable.Repeat", "ToolsController.G"),
                At(14, 15, "n", "the count of Enumerable.Take", "ToolsController.H"),
                At(16, 17, "n", "the bound of a for loop", "ToolsController.I"),
                At(18, 19, "ms", "the delay of Task.Delay", "ToolsController.J"),
                At(20, 21, "seconds", "the delay of Thread.Sleep", "ToolsController.K"),
                At(22, 23, "n", "the capacity of new Dictionary<string, int>", "ToolsController.L"));

        [Fact]
        public Task PageSize_OfAStoreQuery_FromAModelAndThroughAService_Fires()
            => new Verify.Test("""
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                public class Order { public int Id { get; set; } }

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Order> Orders => Set<Order>();
                }

                public class PageRequest
                {
                    public int Page { get; set; }
                    public int PageSize { get; set; }
                }

                public class OrderQueries(ShopDb db)
                {
                    public Task<List<Order>> PageAsync(int page, int size)
                        => db.Orders.OrderBy(o => o.Id).Skip(page * size).Take({|#4:size|}).ToListAsync();
                }

                [ApiController]
                public class OrdersController(ShopDb db, OrderQueries queries) : ControllerBase
                {
                    [HttpGet("orders")]
                    public async Task<IActionResult> List([FromQuery] PageRequest {|#1:request|})
                        => Ok(await db.Orders.OrderBy(o => o.Id).Skip(request.Page * request.PageSize).Take({|#0:request.PageSize|}).ToListAsync());

                    [HttpGet("orders/page")]
                    public async Task<IActionResult> Page(int page, int {|#3:size|}) => Ok(await queries.PageAsync(page, {|#2:size|}));
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync(
                At(0, 1, "request.PageSize", "the page size of Queryable.Take", "OrdersController.List"),
                Verify.Diagnostic("TA5004").WithLocation(2).WithLocation(3).WithLocation(4)
                    .WithArguments("size", "the page size of Queryable.Take", " via OrderQueries.PageAsync", "OrdersController.Page"));

        /// <summary>
        /// A FluentValidation rule that bounds the number from above (LessThanOrEqualTo, LessThan, InclusiveBetween) is a
        /// limit, also when the validator is written for an interface the request implements (a real app's paged requests);
        /// a lower bound alone is not.
        /// </summary>
        [Fact]
        public Task APageSizeBoundedByAFluentValidationRuleOrAGuard_IsSilent_ALowerBoundAloneIsNot()
            => new Verify.Test("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Threading.Tasks;
                using FluentValidation;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                public class Order { public int Id { get; set; } }

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Order> Orders => Set<Order>();
                }

                public interface IPaged
                {
                    int PageSize { get; }
                }

                public static class Paging
                {
                    public const int MaxPageSize = 100;

                    // The .NET 8 guard before the Take is a limit whatever the validators say.
                    public static IQueryable<Order> PageOf(IQueryable<Order> orders, GuardedPage request)
                    {
                        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.PageSize, MaxPageSize);
                        return orders.Take(request.PageSize);
                    }
                }

                public class PagedValidator<T> : AbstractValidator<T> where T : IPaged
                {
                    public PagedValidator() => RuleFor(x => x.PageSize).GreaterThan(0).LessThanOrEqualTo(100);
                }

                public record OrderPage(int PageSize) : IPaged;

                // No validator: only the guard in Paging.PageOf bounds it.
                public record GuardedPage(int PageSize);

                public class AuditPage
                {
                    public int Count { get; set; }
                }

                public class AuditPageValidator : AbstractValidator<AuditPage>
                {
                    public AuditPageValidator() => RuleFor(x => x.Count).GreaterThan(0);
                }

                [ApiController]
                public class OrdersController(ShopDb db) : ControllerBase
                {
                    [HttpGet("orders")]
                    public async Task<IActionResult> List([FromQuery] OrderPage request)
                        => Ok(await db.Orders.OrderBy(o => o.Id).Take(request.PageSize).ToListAsync());

                    [HttpGet("guarded")]
                    public async Task<IActionResult> Guarded([FromQuery] GuardedPage request)
                        => Ok(await Paging.PageOf(db.Orders.OrderBy(o => o.Id), request).ToListAsync());

                    [HttpGet("audit")]
                    public async Task<IActionResult> Audit([FromQuery] AuditPage {|#1:page|})
                        => Ok(await db.Orders.OrderBy(o => o.Id).Take({|#0:page.Count|}).ToListAsync());
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync(
                At(0, 1, "page.Count", "the page size of Queryable.Take", "OrdersController.Audit"));

        [Fact]
        public Task MinimalApi_TakeFromTheQuery_Fires()
            => Verify.VerifyProgramAsync("""
                using System.Linq;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.MapGet("/numbers", (int {|#1:count|}) => Results.Ok(Enumerable.Range(1, {|#0:count|}).ToList()));
                app.Run();
                """,
                At(0, 1, "count", "the count of Enumerable.Range", "GET /numbers"));

        [Fact]
        public Task ClampedCheckedAndRangeBoundValues_AreSilent()
            => new Verify.Test("""
                using System;
                using System.ComponentModel.DataAnnotations;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class PageRequest
                {
                    [Range(1, 100)] public int PageSize { get; set; }
                    public int Page { get; set; }
                }

                public class ToolsController : ControllerBase
                {
                    private const int MaxSize = 100;

                    public IActionResult A(int n) => Ok(new byte[Math.Min(n, 4096)].Length);
                    public IActionResult B(int n) => Ok(Enumerable.Range(0, Math.Clamp(n, 0, 100)).Sum());

                    public IActionResult C(int n)
                    {
                        if (n > MaxSize)
                        {
                            return BadRequest();
                        }

                        return Ok(new byte[n].Length);
                    }

                    public IActionResult D(int n)
                    {
                        n = Math.Min(n, MaxSize);
                        return Ok(Enumerable.Repeat(0, n).Count());
                    }

                    public IActionResult E([Range(1, 100)] int n) => Ok(Enumerable.Range(0, 10).Take(n).Sum());
                    public IActionResult F([FromQuery] PageRequest request) => Ok(Enumerable.Range(0, 1000).Take(request.PageSize).Sum());
                    public IActionResult G(int n) => Ok(new byte[n % 1024].Length);
                    public async Task<IActionResult> H(int ms) { await Task.Delay(ms < 1 || ms > 5000 ? 0 : ms); return Ok(); }
                    public IActionResult I(int id) => Ok(new byte[16].Length + id);
                    public IActionResult J(int n) => Ok(Enumerable.Range(0, 10).Skip(n).Sum());

                    public IActionResult K(string text, char c, int n)
                    {
                        var count = 0;
                        foreach (var ch in text) if (ch < 'a' && c > 'z') count++;
                        for (var i = 0; i < n && i < text.Length; i++) count++;
                        return Ok(count);
                    }
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync();

        [Fact]
        public Task ALowerBoundOnly_IsNotAClamp()
            => Verify.VerifyAnalyzerAsync("""
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;

                public class ToolsController : ControllerBase
                {
                    public IActionResult A(int {|#1:n|})
                    {
                        if (n <= 0)
                        {
                            return BadRequest();
                        }

                        return Ok(Enumerable.Range(0, {|#0:n|}).Sum());
                    }
                }
                """,
                At(0, 1, "n", "the count of Enumerable.Range", "ToolsController.A"));
    }
}
