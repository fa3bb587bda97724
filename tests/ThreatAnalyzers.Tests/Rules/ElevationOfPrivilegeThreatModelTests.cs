using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA6001 and TA6006 findings become threats of their entry points in the artifact; an accepted one stays a threat, accepted.</summary>
    public class ElevationOfPrivilegeThreatModelTests
    {
        [Fact]
        public async Task WeakerAuthorization_AndOverriddenAuthorize_AreThreatsOfTheirEntryPoints()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.AspNetCore.Authorization;
                    using Microsoft.AspNetCore.Mvc;
                    using ThreatAnalyzers;

                    public class AdminService
                    {
                        [RequiresRole("Admin")]
                        public void Purge(int id) { }
                    }

                    [Authorize]
                    public class UsersController(AdminService admin) : ControllerBase
                    {
                        [HttpDelete("users/{id}")]
                        public IActionResult Delete(int id) { admin.Purge(id); return NoContent(); }

                        [HttpDelete("users/{id}/all")]
                        [AcceptsRisk("TA6001", "Purge re-checks the role", Owner = "security", Expires = "2099-01-01")]
                        public IActionResult DeleteAll(int id) { admin.Purge(id); return NoContent(); }
                    }

                    [AllowAnonymous]
                    public class ReportsController : ControllerBase
                    {
                        [HttpGet("reports")]
                        public IActionResult List() => Ok();

                        [HttpPost("reports/rebuild")]
                        [Authorize(Roles = "Admin")]
                        public IActionResult Rebuild() => Ok();
                    }
                    """,
                });

            Threat Single(string ruleId, string status)
                => Assert.Single(build.Model.Threats, t => t.RuleId == ruleId && t.Status == status);

            string ElementName(Threat threat) => build.Model.Elements.Single(e => e.Id == threat.Element).Name;

            Assert.Single(build.Warnings, d => d.Id == "TA6001");
            Assert.Single(build.Warnings, d => d.Id == "TA6006");
            Assert.Equal("UsersController.Delete", ElementName(Single("TA6001", ThreatStatuses.Open)));
            Assert.Equal("UsersController.DeleteAll", ElementName(Single("TA6001", ThreatStatuses.Accepted)));
            Assert.Equal("ReportsController.Rebuild", ElementName(Single("TA6006", ThreatStatuses.Open)));
        }
    }
}
