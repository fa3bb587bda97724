using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.PrivilegeSetFromRequestRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class PrivilegeSetFromRequestTests
    {
        private const string Store = """
            using Microsoft.AspNetCore.Identity;
            using Microsoft.EntityFrameworkCore;

            namespace Portal
            {
                public enum MemberLevel { Reader, Editor, Owner }

                public class AppUser : IdentityUser
                {
                    public string Role { get; set; } = "User";
                    public bool IsAdmin { get; set; }
                }

                public class Member
                {
                    public int Id { get; set; }
                    public string Name { get; set; } = "";
                    public MemberLevel AccessLevel { get; set; }
                    public string? Roleplay { get; set; }
                }

                public class SignUp
                {
                    public string Email { get; set; } = "";
                    public string Password { get; set; } = "";
                    public string Role { get; set; } = "";
                    public bool IsAdmin { get; set; }
                    public MemberLevel Level { get; set; }
                    public string Name { get; set; } = "";
                }

                public class Profile
                {
                    public string Role { get; set; } = "";
                }

                public class PortalDb(DbContextOptions<PortalDb> options) : DbContext(options)
                {
                    public DbSet<Member> Members => Set<Member>();
                }
            }
            """;

        private static Task Run(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source, Store) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        [Fact]
        public Task SignUp_CopyingTheRequestedRoleOrFlagIntoTheUser_IsReportedOnTheValue()
            => Run(
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    [ApiController]
                    [Route("account")]
                    public class AccountController(UserManager<AppUser> users) : ControllerBase
                    {
                        [HttpPost("signup")]
                        public async Task<IActionResult> Register(SignUp {|#9:dto|})
                        {
                            var user = new AppUser { UserName = dto.Email, IsAdmin = {|#0:dto.IsAdmin|} };
                            user.Role = {|#1:dto.Role|};
                            await users.CreateAsync(user, dto.Password);
                            await users.AddToRoleAsync(user, {|#2:dto.Role|});
                            return Ok();
                        }

                        [HttpPost("invite")]
                        public async Task<IActionResult> Invite(string email, [FromQuery] bool {|#8:admin|})
                        {
                            var user = new AppUser { UserName = email };
                            user.IsAdmin = {|#3:admin|};
                            await users.CreateAsync(user);
                            return Ok();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA6004").WithLocation(0).WithLocation(9).WithArguments("dto.IsAdmin", " (from 'dto')", "AppUser.IsAdmin", "", "AccountController.Register"),
                Verify.Diagnostic("TA6004").WithLocation(1).WithLocation(9).WithArguments("dto.Role", " (from 'dto')", "AppUser.Role", "", "AccountController.Register"),
                Verify.Diagnostic("TA6004").WithLocation(2).WithLocation(9).WithArguments("dto.Role", " (from 'dto')", "UserManager.AddToRoleAsync", "", "AccountController.Register"),
                Verify.Diagnostic("TA6004").WithLocation(3).WithLocation(8).WithArguments("admin", "", "AppUser.IsAdmin", "", "AccountController.Invite"));

        [Fact]
        public Task RoleClaims_FromTheRequest_AreReportedWhereTheClaimIsMade()
            => Run(
                """
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    public class ClaimsController(UserManager<AppUser> users) : Controller
                    {
                        [HttpPost]
                        public async Task<IActionResult> Join(string email, string {|#9:role|}, string {|#8:scope|}, string name)
                        {
                            var user = await users.FindByEmailAsync(email);
                            if (user is null) return NotFound();
                            await users.AddClaimAsync(user, new Claim(ClaimTypes.Role, {|#0:role|}));
                            var identity = new ClaimsIdentity();
                            identity.AddClaim(new Claim("scope", {|#1:scope|}));
                            identity.AddClaim(new Claim(ClaimTypes.GivenName, name));
                            return Ok();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA6004").WithLocation(0).WithLocation(9).WithArguments("role", "", "new Claim(ClaimTypes.Role, …)", "", "ClaimsController.Join"),
                Verify.Diagnostic("TA6004").WithLocation(1).WithLocation(8).WithArguments("scope", "", "new Claim(\"scope\", …)", "", "ClaimsController.Join"));

        [Fact]
        public Task AServiceCopyingTheRole_IsReportedAtTheCall_WithThePath_AndEnumsCount()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Portal;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/members", (SignUp {|#9:request|}, MemberService service) => service.Add({|#0:request|}));
                app.Run();

                public class MemberService(PortalDb db)
                {
                    public IResult Add(SignUp request)
                    {
                        var member = new Member { Name = request.Name };
                        member.AccessLevel = {|#1:request.Level|};
                        db.Members.Add(member);
                        db.SaveChanges();
                        return Results.Ok();
                    }
                }
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(
                Verify.Diagnostic("TA6004").WithLocation(0).WithLocation(9).WithLocation(1).WithArguments("request", "", "Member.AccessLevel", " via MemberService.Add", "POST /members"));

        [Fact]
        public Task ConstantRoles_AllowLists_AdminEndpoints_OtherMembers_AndOtherTypes_AreSilent()
            => Run(
                """
                using System.Collections.Generic;
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    [ApiController]
                    [Route("account")]
                    public class AccountController(UserManager<AppUser> users, PortalDb db) : ControllerBase
                    {
                        private static readonly HashSet<string> SelfServiceRoles = new() { "Reader", "Writer" };

                        [HttpPost("signup")]
                        public async Task<IActionResult> Register(SignUp dto)
                        {
                            var user = new AppUser { UserName = dto.Email, Role = "User", IsAdmin = false };
                            await users.CreateAsync(user, dto.Password);
                            await users.AddToRoleAsync(user, "User");
                            return Ok();
                        }

                        [HttpPost("join")]
                        public async Task<IActionResult> Join(SignUp dto)
                        {
                            if (!SelfServiceRoles.Contains(dto.Role))
                            {
                                return BadRequest();
                            }

                            var user = new AppUser { UserName = dto.Email, Role = dto.Role };
                            await users.CreateAsync(user, dto.Password);
                            var requested = dto.Role;
                            if (requested is not ("Reader" or "Writer")) return BadRequest();
                            await users.AddToRoleAsync(user, requested);
                            return Ok();
                        }

                        [HttpPut("members/{id}/level")]
                        [Authorize(Roles = "Admin")]
                        public async Task<IActionResult> Promote(int id, SignUp dto)
                        {
                            var member = await db.Members.FindAsync(id);
                            if (member is null) return NotFound();
                            member.AccessLevel = dto.Level;
                            var user = await users.FindByEmailAsync(dto.Email);
                            if (user is null) return NotFound();
                            user.Role = dto.Role;
                            await users.AddToRoleAsync(user, dto.Role);
                            await db.SaveChangesAsync();
                            return NoContent();
                        }

                        [HttpPut("members/{id}")]
                        public async Task<IActionResult> Rename(int id, SignUp dto)
                        {
                            var member = await db.Members.FindAsync(id);
                            if (member is null) return NotFound();
                            member.Name = dto.Name;
                            member.Roleplay = dto.Name;
                            var profile = new Profile { Role = dto.Role };
                            var identity = new ClaimsIdentity();
                            identity.AddClaim(new Claim(ClaimTypes.Name, dto.Name));
                            await db.SaveChangesAsync();
                            return Ok(profile);
                        }
                    }
                }
                """);

        [Fact]
        public Task AnEntityBoundWhole_IsOverPosting_NotThisRule()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    [ApiController]
                    [Route("members")]
                    public class MembersController(PortalDb db) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Create(Member member)
                        {
                            db.Members.Add(member);
                            db.SaveChanges();
                            return Ok();
                        }
                    }
                }
                """);
    
        [Fact]
        public Task MinimalApis_ForAdministrators_AreSilent()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Identity;
                using Portal;

                var app = WebApplication.CreateBuilder(args).Build();
                var admin = app.MapGroup("/admin").RequireAuthorization("Administrators");
                admin.MapPost("/users/{email}/role", async (string email, string role, UserManager<AppUser> users) =>
                {
                    var user = await users.FindByEmailAsync(email);
                    if (user is null) return Results.NotFound();
                    await users.AddToRoleAsync(user, role);
                    return Results.NoContent();
                });
                app.MapPut("/members/{id}", async (int id, SignUp request, PortalDb db) =>
                {
                    var member = await db.Members.FindAsync(id);
                    if (member is null) return Results.NotFound();
                    member.AccessLevel = request.Level;
                    await db.SaveChangesAsync();
                    return Results.NoContent();
                }).RequireAuthorization(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute { Roles = "Admin" });
                app.Run();
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync();
    
        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => new Verify.Test(
                """
                using System.Security.Claims;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    public class AccountController(UserManager<AppUser> users) : ControllerBase
                    {
                        [HttpPost]
                        public async Task<IActionResult> Register(SignUp dto)
                        {
                            var user = new AppUser { Role = , IsAdmin = dto. };
                            user.Missing = dto.Role;
                            await users.AddToRoleAsync(user, );
                            var claim = new Claim(, dto.Role);
                            var other = new Claim(Unknown.Role, dto.Role);
                            if (!Allowed.Contains(dto.Role)) return BadRequest();
                            return Ok(
                        }
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
