using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>TA2005, TA2007, TA2008 and TA1005 findings are threats of the entry point whose code they are in, with their STRIDE category.</summary>
    public class UntrustedFlowThreatsTests
    {
        [Fact]
        public async Task EachFinding_IsAThreatOfItsAction_WithTheSameMessage()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using System.IO;
                using System.Security.Claims;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;

                namespace Portal
                {
                    [Authorize]
                    public class FilesController : Controller
                    {
                        public string Read(string name) => System.IO.File.ReadAllText(Path.Combine("/srv", name));
                        public IActionResult Back(string returnUrl) => Redirect(returnUrl);
                        public IActionResult Hello(string name) => Content("<p>" + name + "</p>", "text/html");
                        public IActionResult As(string userId) => Ok(new Claim(ClaimTypes.NameIdentifier, userId));
                    }
                }
                """,
            });

            foreach (var (id, action, category) in new[]
                     {
                         ("TA2005", "FilesController.Read", "Tampering"),
                         ("TA2007", "FilesController.Back", "Tampering"),
                         ("TA2008", "FilesController.Hello", "Tampering"),
                         ("TA1005", "FilesController.As", "Spoofing"),
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
