using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>ASP.NET Core Identity in the model, on small apps built against the real Identity and EF Core types.</summary>
    public class IdentityModelTests
    {
        private const string AppWithIdentityContext = """
            using System.Linq;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;
            using Microsoft.AspNetCore.Identity;
            using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
            using Microsoft.EntityFrameworkCore;
            using Microsoft.Extensions.DependencyInjection;

            public class AppUser : IdentityUser { public string DisplayName { get; set; } }

            public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options) { }

            public record SignUp(string Email, string Password);

            public static class Program
            {
                public static void Main()
                {
                    var builder = WebApplication.CreateBuilder();
                    builder.Services.AddDbContext<AppDbContext>(o => o.UseSqlite("Data Source=app.db"));
                    builder.Services.AddIdentityCore<AppUser>().AddEntityFrameworkStores<AppDbContext>();
                    var app = builder.Build();
                    app.MapPost("/signup", async (SignUp body, UserManager<AppUser> users) =>
                    {
                        var user = new AppUser { UserName = body.Email, Email = body.Email };
                        await users.CreateAsync(user, body.Password);
                        return Results.Ok();
                    });
                    app.MapPost("/login", async (SignUp body, SignInManager<AppUser> signIn) =>
                        await signIn.PasswordSignInAsync(body.Email, body.Password, false, true) is { Succeeded: true } ? Results.Ok() : Results.Unauthorized());
                    app.MapGet("/users", (AppDbContext db) => db.Users.ToList()).RequireAuthorization();
                    app.Run();
                }
            }
            """;

        private static string Id(ThreatModelHarness.Build build, string name) => build.Model.Elements.Single(e => e.Name == name).Id;

        private static Flow FlowBetween(ThreatModelHarness.Build build, string from, string to)
            => build.Model.Flows.Single(f => f.From == Id(build, from) && f.To == Id(build, to));

        [Fact]
        public async Task IdentityUserMembers_ArePersonalData_WhereverTheUserTravels()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { AppWithIdentityContext }, kind: OutputKind.ConsoleApplication);

            // IdentityUser's Email, PhoneNumber, UserName are [PersonalData] in Identity's assembly; PasswordHash is a secret by name.
            var store = build.Model.Elements.Single(e => e.Id == "T:AppDbContext");
            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, store.DataClasses.ToArray());
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "AppDbContext (SQLite)", "GET /users").DataClasses);
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "GET /users", "Client").DataClasses);
        }

        [Fact]
        public async Task SignUpAndSignIn_ReachTheAppsIdentityDbContext()
        {
            var build = await ThreatModelHarness.RunAsync(new[] { AppWithIdentityContext }, kind: OutputKind.ConsoleApplication);

            // CreateAsync writes the user (and the password on its way to the hash); PasswordSignInAsync reads the user back.
            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, FlowBetween(build, "POST /signup", "AppDbContext (SQLite)").DataClasses.ToArray());
            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, FlowBetween(build, "AppDbContext (SQLite)", "POST /login").DataClasses.ToArray());
            Assert.DoesNotContain(build.Model.Elements, e => e.Name == "Identity user store");
        }

        [Fact]
        public async Task WithoutAnIdentityDbContext_TheManagersReachTheIdentityUserStore_ReadsAndWritesByMethod()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using System.Security.Claims;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.Identity;

                    public static class Program
                    {
                        public static void Main()
                        {
                            var app = WebApplication.CreateBuilder().Build();
                            app.MapGet("/me", async (ClaimsPrincipal principal, UserManager<IdentityUser> users) =>
                                Results.Ok(await users.FindByIdAsync(users.GetUserId(principal)))).RequireAuthorization();
                            app.MapPost("/me/phone", async (ClaimsPrincipal principal, string phone, UserManager<IdentityUser> users) =>
                            {
                                var user = await users.GetUserAsync(principal);
                                await users.SetPhoneNumberAsync(user, phone);
                                return Results.NoContent();
                            }).RequireAuthorization();
                            app.MapGet("/whoami", (ClaimsPrincipal principal, UserManager<IdentityUser> users) => users.GetUserName(principal)).RequireAuthorization();
                            app.MapPost("/roles", async (string name, RoleManager<IdentityRole> roles) => await roles.CreateAsync(new IdentityRole(name))).RequireAuthorization();
                            app.Run();
                        }
                    }
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var store = build.Model.Elements.Single(e => e.Name == "Identity user store");
            Assert.Equal("store:identity:users", store.Id);
            Assert.Equal(ElementKinds.DataStore, store.Kind);
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "Identity user store", "GET /me").DataClasses);
            Assert.DoesNotContain(build.Model.Flows, f => f.From == Id(build, "GET /me") && f.To == store.Id);

            // GetUserAsync reads the user, SetPhoneNumberAsync writes it.
            Assert.Contains(build.Model.Flows, f => f.From == store.Id && f.To == Id(build, "POST /me/phone"));
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "POST /me/phone", "Identity user store").DataClasses);

            // GetUserName reads the principal's claims, not the store.
            Assert.DoesNotContain(build.Model.Flows, f => (f.From == store.Id && f.To == Id(build, "GET /whoami")) || (f.To == store.Id && f.From == Id(build, "GET /whoami")));

            // A role is not personal data.
            Assert.Empty(FlowBetween(build, "POST /roles", "Identity user store").DataClasses);
        }

        [Fact]
        public async Task ARoleManager_ReachesTheContextThatStoresItsRoles_AndASubclassedUserManagerCounts()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using System;
                    using System.Collections.Generic;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
                    using Microsoft.EntityFrameworkCore;
                    using Microsoft.Extensions.Logging;
                    using Microsoft.Extensions.Options;

                    public class Member : IdentityUser<Guid> { }
                    public class MemberRole : IdentityRole<Guid> { }
                    public class ClubContext(DbContextOptions<ClubContext> options) : IdentityDbContext<Member, MemberRole, Guid>(options) { }

                    public class MemberManager(IUserStore<Member> store, IOptions<IdentityOptions> options, IPasswordHasher<Member> hasher,
                        IEnumerable<IUserValidator<Member>> users, IEnumerable<IPasswordValidator<Member>> passwords, ILookupNormalizer normalizer,
                        IdentityErrorDescriber errors, IServiceProvider services, ILogger<UserManager<Member>> logger)
                        : UserManager<Member>(store, options, hasher, users, passwords, normalizer, errors, services, logger) { }

                    public static class Program
                    {
                        public static void Main()
                        {
                            var app = WebApplication.CreateBuilder().Build();
                            app.MapPost("/admin/roles", async (string name, RoleManager<MemberRole> roles) => await roles.CreateAsync(new MemberRole { Name = name })).RequireAuthorization();
                            app.MapDelete("/admin/members/{id}", async (string id, MemberManager members) => await members.DeleteAsync(await members.FindByIdAsync(id))).RequireAuthorization();
                            app.Run();
                        }
                    }
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            Assert.Contains(build.Model.Flows, f => f.From == Id(build, "POST /admin/roles") && f.To == "T:ClubContext");
            Assert.Contains(DataClasses.Pii, build.Model.Flows.Single(f => f.From == Id(build, "DELETE /admin/members/{id}") && f.To == "T:ClubContext").DataClasses);
            Assert.Contains(build.Model.Flows, f => f.From == "T:ClubContext" && f.To == Id(build, "DELETE /admin/members/{id}"));
            Assert.DoesNotContain(build.Model.Elements, e => e.Name == "Identity user store");
        }

        [Fact]
        public async Task MapIdentityApi_MapsIdentitysEndpoints_UnderTheGroupsPrefix_WithFlowsToTheUserStore()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
                    using Microsoft.AspNetCore.Routing;
                    using Microsoft.EntityFrameworkCore;
                    using Microsoft.Extensions.DependencyInjection;

                    public class AppUser : IdentityUser { }

                    public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options) { }

                    public static class Program
                    {
                        public static void Main()
                        {
                            var builder = WebApplication.CreateBuilder();
                            builder.Services.AddDbContext<AppDbContext>(o => o.UseSqlite("Data Source=app.db"));
                            builder.Services.AddAuthorization();
                            builder.Services.AddIdentityApiEndpoints<AppUser>().AddEntityFrameworkStores<AppDbContext>();
                            var app = builder.Build();
                            app.MapGroup("/account").MapIdentityApi<AppUser>();
                            app.Run();
                        }
                    }
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var endpoints = build.Model.Elements.Where(e => e.Kind == ElementKinds.Process).Select(e => e.Name).OrderBy(n => n, System.StringComparer.Ordinal).ToArray();
            Assert.Equal(
                new[]
                {
                    "GET /account/confirmEmail", "GET /account/manage/info", "POST /account/forgotPassword", "POST /account/login", "POST /account/manage/2fa",
                    "POST /account/manage/info", "POST /account/refresh", "POST /account/register", "POST /account/resendConfirmationEmail", "POST /account/resetPassword",
                },
                endpoints);

            // Sign-up writes the user with its password; sign-in reads it back; both from the Internet, to the app's Identity context.
            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, FlowBetween(build, "POST /account/register", "AppDbContext (SQLite)").DataClasses.ToArray());
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "AppDbContext (SQLite)", "POST /account/login").DataClasses);
            Assert.Contains(DataClasses.Secrets, FlowBetween(build, "POST /account/login", "Client").DataClasses);
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "Client", "POST /account/register").DataClasses);
            Assert.DoesNotContain(build.Model.Flows, f => f.From == Id(build, "POST /account/login") && f.To == "T:AppDbContext");

            // Identity requires an authenticated user on /manage, not on sign-in or sign-up.
            Assert.Contains("authenticated", build.Model.Elements.Single(e => e.Name == "GET /account/manage/info").Controls);
            Assert.Contains("authenticated", build.Model.Elements.Single(e => e.Name == "POST /account/manage/2fa").Controls);
            Assert.DoesNotContain("authenticated", build.Model.Elements.Single(e => e.Name == "POST /account/login").Controls);

            // They are the authentication mechanism: no "entry point without authentication" on them.
            Assert.DoesNotContain(build.Warnings, w => w.Id == "TA1001");
        }

        [Fact]
        public async Task MapIdentityApi_WithoutAnIdentityDbContext_ReachesTheIdentityUserStore_AndAnotherMapCallIsNotIdentitys()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.AspNetCore.Routing;

                    public static class MyApi
                    {
                        public static IEndpointRouteBuilder MapIdentityApi(this IEndpointRouteBuilder endpoints) => endpoints;
                    }

                    public static class Program
                    {
                        public static void Main()
                        {
                            var app = WebApplication.CreateBuilder().Build();
                            app.MapIdentityApi<IdentityUser>();
                            app.MapIdentityApi();
                            app.Run();
                        }
                    }
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            Assert.Equal(10, build.Model.Elements.Count(e => e.Kind == ElementKinds.Process));
            Assert.Contains(DataClasses.Pii, FlowBetween(build, "Identity user store", "GET /manage/info").DataClasses);
            Assert.Contains(build.Model.Flows, f => f.From == Id(build, "POST /register") && f.To == "store:identity:users");
        }
    }
}
