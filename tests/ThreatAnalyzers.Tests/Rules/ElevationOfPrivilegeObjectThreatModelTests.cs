using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA6004 and TA6005 findings become threats of the entry point in the artifact.</summary>
    public class ElevationOfPrivilegeObjectThreatModelTests
    {
        [Fact]
        public async Task PrivilegeSetFromRequest_IsAThreatOfTheSignUpEndpoint()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.Identity;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapPost("/signup", async (SignUp dto, UserManager<AppUser> users) =>
                    {
                        var user = new AppUser { UserName = dto.Email, Role = dto.Role };
                        await users.CreateAsync(user, dto.Password);
                        return Results.Ok();
                    }).AllowAnonymous();
                    app.Run();

                    public class AppUser : IdentityUser
                    {
                        public string Role { get; set; } = "User";
                    }

                    public record SignUp(string Email, string Password, string Role);
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var warning = Assert.Single(build.Warnings, d => d.Id == "TA6004");
            var threat = Assert.Single(build.Model.Threats, t => t.RuleId == "TA6004");
            Assert.Equal(ThreatStatuses.Open, threat.Status);
            Assert.Equal("POST /signup", build.Model.Elements.Single(e => e.Id == threat.Element).Name);
            Assert.Contains("AppUser.Role", threat.Message);
            Assert.Equal(warning.Location.GetLineSpan().StartLinePosition.Line + 1, threat.Location!.Line);
        }
    
        [Fact]
        public async Task ObjectLevelAuthorizationMissing_IsAThreatOfTheEndpoint_AtTheStoreCall()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.EntityFrameworkCore;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapGet("/orders/{id}", async (int id, ShopDb db) => Results.Ok(await db.Orders.FindAsync(id))).RequireAuthorization();
                    app.Run();

                    public class Order
                    {
                        public int Id { get; set; }
                        public string UserId { get; set; } = "";
                    }

                    public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                    {
                        public DbSet<Order> Orders => Set<Order>();
                    }
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var warning = Assert.Single(build.Warnings, d => d.Id == "TA6005");
            var threat = Assert.Single(build.Model.Threats, t => t.RuleId == "TA6005");
            Assert.Equal(ThreatStatuses.Open, threat.Status);
            Assert.Equal("GET /orders/{id}", build.Model.Elements.Single(e => e.Id == threat.Element).Name);
            Assert.Contains("Order.UserId", threat.Message);
            Assert.Equal(warning.Location.GetLineSpan().StartLinePosition.Line + 1, threat.Location!.Line);
        }
    }
}
