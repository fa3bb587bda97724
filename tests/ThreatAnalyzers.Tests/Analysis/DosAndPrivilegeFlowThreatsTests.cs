using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>TA5002, TA5004, TA6002 and TA6003 findings are threats of the entry point whose code they are in, with their STRIDE category.</summary>
    public class DosAndPrivilegeFlowThreatsTests
    {
        [Fact]
        public async Task EachFinding_IsAThreatOfItsAction_WithTheSameMessage()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using System;
                using System.Diagnostics;
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    [Authorize]
                    public class ToolsController : Controller
                    {
                        public IActionResult Search(string q) => Ok(Regex.IsMatch(q, @"^(\w+\s?)*$"));
                        public IActionResult Ping(string host) { Process.Start("ping", "-c 1 " + host); return Ok(); }
                        public IActionResult Load(string type) => Ok(Type.GetType(type));
                        public IActionResult Numbers(int count) => Ok(System.Linq.Enumerable.Range(0, count));
                    }
                }
                """,
            });

            foreach (var (id, action, category) in new[]
                     {
                         ("TA5002", "ToolsController.Search", "DenialOfService"),
                         ("TA5004", "ToolsController.Numbers", "DenialOfService"),
                         ("TA6002", "ToolsController.Ping", "ElevationOfPrivilege"),
                         ("TA6003", "ToolsController.Load", "ElevationOfPrivilege"),
                     })
            {
                var warning = Assert.Single(build.Warnings, d => d.Id == id);
                var threat = Assert.Single(build.Model.Threats, t => t.RuleId == id);
                Assert.Equal(warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), threat.Message);
                Assert.Equal(ThreatStatuses.Open, threat.Status);
                Assert.Contains(category, threat.Category, System.StringComparison.OrdinalIgnoreCase);
                Assert.Contains(build.Model.Elements, e => e.Id == threat.Element && e.Kind == ElementKinds.Process && e.Name == action);
            }
        }
    }
}
