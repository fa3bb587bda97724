using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Xunit;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The README's main command, <c>dotnet build samples/CustomerPortal</c>, shows exactly the sample's deliberate threats:
    /// nothing on the secured, public-on-purpose, mitigated or accepted endpoints.
    /// </summary>
    public class SampleTests
    {
        [Fact]
        public async Task CustomerPortal_ShowsItsDeliberateThreats_AndNothingElse()
        {
            var project = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal", "CustomerPortal.csproj");
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                           ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

            // The solution build has restored and built everything this depends on; compile the sample itself again.
            var (exitCode, output) = await DotNetCli.RunAsync(DotNetCli.RepoRoot, packages,
                "build", project, "-c", DotNetCli.Configuration, "--no-restore", "--no-dependencies", "--no-incremental",
                "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(exitCode == 0, output);

            var threats = Regex.Matches(output, @"(?<file>[\w]+\.cs)\((?<line>\d+),(?<column>\d+)\): \w+ (?<id>TA\d{4}): (?<message>[^\[]+?) \(http")
                .Select(m => $"{m.Groups["file"].Value}({m.Groups["line"].Value},{m.Groups["column"].Value}) {m.Groups["id"].Value}: {m.Groups["message"].Value}")
                .Distinct()
                .OrderBy(t => t, StringComparer.Ordinal)
                .ToList();

            Assert.Equal(
                new[]
                {
                    "AdminController.cs(31,38) TA1001: Entry point 'ReportsController.ExportCustomers' receives data from 'Internet' but requires no authentication",
                    "Program.cs(40,5) TA1001: Entry point 'GET /api/documents/{customerId:int}/{name}' receives data from 'Internet' but requires no authentication",
                    "Program.cs(44,5) TA1001: Entry point 'POST /api/credit-checks' receives data from 'Internet' but requires no authentication",
                },
                threats);
        }
    }
}
