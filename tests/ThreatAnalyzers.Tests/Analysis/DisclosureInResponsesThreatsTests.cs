using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>TA4005, TA4006, TA4009 and TA4010 in the artifact: each warning is a threat of its element, with the same message.</summary>
    public class DisclosureInResponsesThreatsTests
    {
        [Fact]
        public async Task EachWarning_IsAThreatOfItsEntryPoint_OrOfTheApplication()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                namespace Portal
                {
                    public class ApplicationUser : IdentityUser { }

                    public record Contact(int Id, [HandlesPii] string Phone);

                    public class Contacts
                    {
                        public Contact Find(int id) => new Contact(id, "");
                    }

                    [Authorize]
                    public class UsersController(UserManager<ApplicationUser> users) : ControllerBase
                    {
                        [HttpGet("users/{id}")]
                        public async Task<IActionResult> Get(string id) => Ok(await users.FindByIdAsync(id));
                    }

                    public class DirectoryController(Contacts contacts) : ControllerBase
                    {
                        [AllowAnonymous]
                        [HttpGet("directory/{id}")]
                        public Contact Find(int id) => contacts.Find(id);
                    }

                    public class AuthController(UserManager<ApplicationUser> users) : ControllerBase
                    {
                        [AllowAnonymous]
                        [HttpPost("login")]
                        public async Task<IActionResult> Login(string email, string password)
                        {
                            var user = await users.FindByEmailAsync(email);
                            if (user == null)
                            {
                                return NotFound("No such user");
                            }

                            return await users.CheckPasswordAsync(user, password) ? Ok() : BadRequest("Wrong password");
                        }
                    }
                }
                """,
            });

            string[] ours = { "TA4005", "TA4006", "TA4009", "TA4010" };
            var warnings = build.Warnings.Where(d => ours.Contains(d.Id)).OrderBy(d => d.Id).ToList();
            var threats = build.Model.Threats.Where(t => ours.Contains(t.RuleId)).OrderBy(t => t.RuleId).ToList();
            Assert.Equal(ours, warnings.Select(w => w.Id));
            Assert.Equal(ours, threats.Select(t => t.RuleId));
            for (var i = 0; i < ours.Length; i++)
            {
                Assert.Equal(warnings[i].GetMessage(System.Globalization.CultureInfo.InvariantCulture), threats[i].Message);
                Assert.Equal(ThreatStatuses.Open, threats[i].Status);
            }

            string ElementName(string ruleId) => build.Model.Elements.Single(e => e.Id == threats.Single(t => t.RuleId == ruleId).Element).Name;
            Assert.Equal("DirectoryController.Find", ElementName("TA4005"));
            Assert.Equal("AuthController.Login", ElementName("TA4009"));
            Assert.Equal("UsersController.Get", ElementName("TA4010"));
            Assert.StartsWith("system:", threats.Single(t => t.RuleId == "TA4006").Element, System.StringComparison.Ordinal);
            Assert.Equal(
                "Entry point 'UsersController.Get' returns 'await users.FindByIdAsync(id)', which carries the secret 'ApplicationUser.PasswordHash'",
                threats.Single(t => t.RuleId == "TA4010").Message);
        }
    }
}
