using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.ObjectLevelAuthorizationMissingRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class ObjectLevelAuthorizationMissingTests
    {
        private const string Store = """
            using System;
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                public class Order
                {
                    public int Id { get; set; }
                    public string UserId { get; set; } = "";
                    public decimal Total { get; set; }
                }

                public class Invoice
                {
                    public Guid Id { get; set; }
                    public int CustomerId { get; set; }
                }

                public class Post
                {
                    public int Id { get; set; }
                    public string AuthorId { get; set; } = "";
                    public string Title { get; set; } = "";
                }

                public class Note
                {
                    public int Id { get; set; }
                    public string Text { get; set; } = "";
                }

                public class Ticket
                {
                    public int Id { get; set; }
                    public int TenantId { get; set; }
                }

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Order> Orders => Set<Order>();
                    public DbSet<Invoice> Invoices => Set<Invoice>();
                    public DbSet<Note> Notes => Set<Note>();
                    public DbSet<Post> Posts => Set<Post>();
                    public DbSet<Ticket> Tickets => Set<Ticket>();

                    public int CurrentTenant { get; set; }

                    protected override void OnModelCreating(ModelBuilder builder)
                        => builder.Entity<Ticket>().HasQueryFilter(t => t.TenantId == CurrentTenant);
                }
            }
            """;

        private static Task Run(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source, Store) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        [Fact]
        public Task AuthenticatedActions_LoadingAUsersRecordByTheRequestId_AreReportedAtTheStoreCall()
            => Run(
                """
                using System;
                using System.Linq;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [ApiController]
                    [Route("orders")]
                    [Authorize]
                    public class OrdersController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int {|#9:id|})
                            => Ok(await db.Orders.{|#0:FindAsync(id)|});

                        [HttpGet("{id}/total")]
                        public async Task<IActionResult> Total(int {|#8:id|})
                            => Ok((await db.Orders.AsNoTracking().{|#1:FirstOrDefaultAsync(o => o.Id == id)|})?.Total);

                        [HttpDelete("{id}")]
                        public async Task<IActionResult> Delete(int {|#7:id|})
                        {
                            await db.Orders.Where(o => o.Id == id).{|#2:ExecuteDeleteAsync()|};
                            return NoContent();
                        }

                        [HttpDelete("{id}/stub")]
                        public IActionResult DeleteStub(int {|#6:id|})
                        {
                            db.Orders.{|#3:Remove(new Order { Id = id })|};
                            db.SaveChanges();
                            return NoContent();
                        }

                        [HttpGet("customers/{customerId}/invoices/{invoiceId}")]
                        public IActionResult Invoice(int {|#5:customerId|}, Guid invoiceId)
                            => Ok(db.Invoices.{|#4:Single(i => i.CustomerId == customerId && i.Id == invoiceId)|});
                    }
                }
                """,
                Verify.Diagnostic("TA6005").WithLocation(0).WithLocation(9).WithArguments("OrdersController.Get", "reads", "Order", "id", "", "Order.UserId"),
                Verify.Diagnostic("TA6005").WithLocation(1).WithLocation(8).WithArguments("OrdersController.Total", "reads", "Order", "id", "", "Order.UserId"),
                Verify.Diagnostic("TA6005").WithLocation(2).WithLocation(7).WithArguments("OrdersController.Delete", "deletes", "Order", "id", "", "Order.UserId"),
                Verify.Diagnostic("TA6005").WithLocation(3).WithLocation(6).WithArguments("OrdersController.DeleteStub", "deletes", "Order", "id", "", "Order.UserId"),
                Verify.Diagnostic("TA6005").WithLocation(4).WithLocation(5).WithArguments("OrdersController.Invoice", "reads", "Invoice", "customerId', 'invoiceId", "", "Invoice.CustomerId"));
    
        [Fact]
        public Task AServiceLoadingTheRecord_IsReportedAtItsStoreCall_WithThePath_AndMinimalApisCount()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.EntityFrameworkCore;
                using Shop;

                var app = WebApplication.CreateBuilder(args).Build();
                var orders = app.MapGroup("/orders");
                orders.RequireAuthorization(policy => policy.RequireAuthenticatedUser());
                orders.MapGet("/{id}", async (int {|#9:id|}, IOrderService service) => Results.Ok(await service.GetAsync(id)));
                app.Run();

                public interface IOrderService
                {
                    Task<Order?> GetAsync(int id);
                }

                public class OrderService(ShopDb db) : IOrderService
                {
                    public Task<Order?> GetAsync(int id) => db.Orders.{|#0:SingleOrDefaultAsync(o => o.Id == id)|};
                }
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(
                Verify.Diagnostic("TA6005").WithLocation(0).WithLocation(9).WithArguments("GET /orders/{id}", "reads", "Order", "id", " via OrderService.GetAsync", "Order.UserId"));

        [Fact]
        public Task OwnerChecks_CallerScopedQueries_ResourceAuthorization_AndScopedServices_AreSilent()
            => Run(
                """
                using System.Linq;
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    public class OrderQueries(ShopDb db)
                    {
                        public Task<Order?> ForUserAsync(int id, string userId) => db.Orders.FirstOrDefaultAsync(o => o.Id == id);
                    }

                    [ApiController]
                    [Route("orders")]
                    [Authorize]
                    public class OrdersController(ShopDb db, UserManager<IdentityUser> users, IAuthorizationService authorization, OrderQueries queries) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int id)
                        {
                            var userId = User.FindFirstValue(ClaimTypes.NameIdentifier);
                            return Ok(await db.Orders.Where(o => o.UserId == userId).FirstOrDefaultAsync(o => o.Id == id));
                        }

                        [HttpPut("{id}")]
                        public async Task<IActionResult> Update(int id, decimal total)
                        {
                            var order = await db.Orders.FindAsync(id);
                            if (order is null) return NotFound();
                            if (order.UserId != users.GetUserId(User)) return Forbid();
                            order.Total = total;
                            await db.SaveChangesAsync();
                            return NoContent();
                        }

                        [HttpDelete("{id}")]
                        public async Task<IActionResult> Delete(int id)
                        {
                            var order = await db.Orders.FindAsync(id);
                            if (order is null) return NotFound();
                            var allowed = await authorization.AuthorizeAsync(User, order, "SameOwner");
                            if (!allowed.Succeeded) return Forbid();
                            db.Orders.Remove(order);
                            await db.SaveChangesAsync();
                            return NoContent();
                        }

                        [HttpGet("{id}/scoped")]
                        public async Task<IActionResult> Scoped(int id)
                            => Ok(await queries.ForUserAsync(id, users.GetUserId(User)!));

                        [HttpGet("notes/{id}")]
                        public async Task<IActionResult> Note(int id) => Ok(await db.Notes.FindAsync(id));

                        [HttpGet("tickets/{id}")]
                        public async Task<IActionResult> Ticket(int id) => Ok(await db.Tickets.FindAsync(id));
                    }

                    [ApiController]
                    [Route("admin/orders")]
                    [Authorize(Roles = "Admin")]
                    public class OrderAdminController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int id) => Ok(await db.Orders.FindAsync(id));
                    }

                    [ApiController]
                    [Route("public/orders")]
                    public class PublicOrdersController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int id) => Ok(await db.Orders.FindAsync(id));

                        [HttpGet("{id}/anonymous")]
                        [AllowAnonymous]
                        public async Task<IActionResult> Anonymous(int id) => Ok(await db.Orders.FindAsync(id));
                    }
                }
                """);

        [Fact]
        public Task MinimalApis_ForAdministrators_AreSilent()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Shop;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/admin/orders/{id}", async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id))).RequireAuthorization("Admin");
                var admin = app.MapGroup("/admin").RequireAuthorization(policy => policy.RequireRole("Admin"));
                admin.MapDelete("/orders/{id}", async (int id, ShopDb db) => { db.Orders.Remove(new Order { Id = id }); await db.SaveChangesAsync(); return Results.NoContent(); });
                var support = app.MapGroup("/support");
                support.RequireAuthorization("Support");
                support.MapGet("/orders/{id}", async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id)));
                app.Run();
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync();
    
        [Fact]
        public Task AuthoredContent_IsReportedWhereItIsChanged_NotWhereItIsRead()
            => Run(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("posts")]
                    [Authorize]
                    public class PostsController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int id) => Ok(await db.Posts.FindAsync(id));

                        [HttpPut("{id}")]
                        public async Task<IActionResult> Edit(int {|#9:id|}, string title)
                        {
                            var post = await db.Posts.{|#0:FindAsync(id)|};
                            if (post is null) return NotFound();
                            post.Title = title;
                            await db.SaveChangesAsync();
                            return NoContent();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA6005").WithLocation(0).WithLocation(9).WithArguments("PostsController.Edit", "reads", "Post", "id", "", "Post.AuthorId"));
    
        /// <summary>
        /// An account entity (a password hash and an e-mail) belongs to the user it is: changing or deleting any account
        /// by the request's id is reported (seen in a real app: <c>PUT /api/users/{id}</c> for any signed-in user), reading
        /// one (a member's profile) is not, and neither is an action that compares the id with the caller's or the loaded
        /// account's key with it. A member's profile keyed by the account's key (<c>[ForeignKey(nameof(Id))] AppUser User</c>,
        /// seen in a real app) is read like the account and reported where it is changed. An entity holding a stored
        /// service password without an e-mail or user name is no account.
        /// </summary>
        [Fact]
        public Task AccountsAndProfiles_ChangedOrDeletedByTheRequestId_AreReported_ReadsAndCallerChecks_AreSilent()
            => new Verify.Test(
                """
                using System.ComponentModel.DataAnnotations.Schema;
                using System.Linq;
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Accounts
                {
                    [Route("api/[controller]")]
                    [Authorize]
                    public class UsersController(AccountsDb db) : Controller
                    {
                        [HttpGet("{id}")]
                        public IActionResult Get(int id) => Ok(db.Users.SingleOrDefault(m => m.ID == id));

                        [HttpPut("{id}")]
                        public IActionResult Put(int {|#9:id|}, string email)
                        {
                            var existing = db.Users.{|#0:SingleOrDefault(m => m.ID == id)|};
                            if (existing == null) return NotFound();
                            existing.email = email;
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpDelete("{id}")]
                        public IActionResult Delete(int {|#8:id|})
                        {
                            var user = db.Users.{|#1:SingleOrDefault(m => m.ID == id)|};
                            if (user == null) return NotFound();
                            db.Users.Remove(user);
                            db.SaveChanges();
                            return Ok(user);
                        }

                        [HttpPut("{id}/email")]
                        public IActionResult OwnEmail(int id, string email)
                        {
                            var callerId = int.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!);
                            if (id != callerId) return Forbid();
                            var existing = db.Users.SingleOrDefault(m => m.ID == id);
                            if (existing == null) return NotFound();
                            existing.email = email;
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpDelete("{id}/own")]
                        public IActionResult DeleteOwn(int id)
                        {
                            var user = db.Users.SingleOrDefault(m => m.ID == id);
                            if (user == null || user.ID != int.Parse(User.FindFirstValue(ClaimTypes.NameIdentifier)!)) return NotFound();
                            db.Users.Remove(user);
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpGet("members/{id}")]
                        public IActionResult Member(string id) => Ok(db.Members.SingleOrDefault(m => m.Id == id));

                        [HttpPut("members/{id}")]
                        public IActionResult EditMember(string {|#7:id|}, string name)
                        {
                            var member = db.Members.{|#2:SingleOrDefault(m => m.Id == id)|};
                            if (member == null) return NotFound();
                            member.DisplayName = name;
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpPut("servers/{id}")]
                        public IActionResult Server(int id, string host)
                        {
                            var server = db.Servers.SingleOrDefault(s => s.Id == id);
                            if (server == null) return NotFound();
                            server.Host = host;
                            db.SaveChanges();
                            return Ok();
                        }
                    }

                    public class User
                    {
                        public int ID { get; set; }
                        public string email { get; set; } = "";
                        public string password { get; set; } = "";
                        public string role { get; set; } = "";
                    }

                    public class AppUser : IdentityUser
                    {
                    }

                    public class Member
                    {
                        public string Id { get; set; } = "";
                        public string DisplayName { get; set; } = "";

                        [ForeignKey(nameof(Id))]
                        public AppUser User { get; set; } = null!;
                    }

                    public class ServerCredential
                    {
                        public int Id { get; set; }
                        public string Host { get; set; } = "";
                        public string Password { get; set; } = "";
                    }

                    public class AccountsDb(DbContextOptions<AccountsDb> options) : DbContext(options)
                    {
                        public DbSet<User> Users => Set<User>();
                        public DbSet<ServerCredential> Servers => Set<ServerCredential>();
                        public DbSet<Member> Members => Set<Member>();
                    }
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync(
                Verify.Diagnostic("TA6005").WithLocation(0).WithLocation(9).WithArguments("UsersController.Put", "reads", "User", "id", "", "User.ID"),
                Verify.Diagnostic("TA6005").WithLocation(1).WithLocation(8).WithArguments("UsersController.Delete", "reads", "User", "id", "", "User.ID"),
                Verify.Diagnostic("TA6005").WithLocation(2).WithLocation(7).WithArguments("UsersController.EditMember", "reads", "Member", "id", "", "Member.User"));

        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    [Authorize]
                    public class OrdersController(ShopDb db) : ControllerBase
                    {
                        [HttpGet("{id}")]
                        public async Task<IActionResult> Get(int id) => Ok(await db.Orders.FindAsync(id, ));

                        [HttpGet("{id}/x")]
                        public async Task<IActionResult> X(Unknown id) => Ok(await db.Missing.FirstOrDefaultAsync(o => o.Id == id));

                        [HttpDelete("{id}")]
                        public IActionResult Delete(int id) { db.Orders.Remove(new Order { Id = }); db.Find<>(id); return Ok(); }

                        [HttpGet("{id}/y")]
                        public IActionResult Y(string id) => Ok(db.Orders.Where(o => o.UserId == ).Single(o => o.Id.ToString() == id)
                    }
                }
                """,
                Store)
            {
                References = TestReferences.WebWithLibraries,
                CompilerDiagnostics = CompilerDiagnostics.None,
            }.RunWithAsync();
    }
}
