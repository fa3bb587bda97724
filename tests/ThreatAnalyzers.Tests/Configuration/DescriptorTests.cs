using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ThreatAnalyzers.Tests.Configuration
{
    /// <summary>A newcomer finds any rule from its ID: descriptor, analyzer, doc page and release notes agree.</summary>
    public class DescriptorTests
    {
        private static readonly string RepoRoot = typeof(DescriptorTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        public static TheoryData<string> RuleIds()
        {
            var data = new TheoryData<string>();
            foreach (var descriptor in RuleCatalog.Descriptors)
            {
                data.Add(descriptor.Id);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void EveryRule_HasItsDocPage_HelpLink_AndReleaseNote(string id)
        {
            var descriptor = RuleCatalog.Descriptors.Single(d => d.Id == id);
            Assert.Equal($"{ThreatAnalyzers.Rules.RuleDefinition.HelpLinkBase}{id}.md", descriptor.HelpLinkUri);
            Assert.True(File.Exists(Path.Combine(RepoRoot, "docs", "rules", id + ".md")), $"docs/rules/{id}.md is missing");

            var unshipped = File.ReadAllText(Path.Combine(RepoRoot, "src", "ThreatAnalyzers.Analyzers", "AnalyzerReleases.Unshipped.md"));
            var shipped = File.ReadAllText(Path.Combine(RepoRoot, "src", "ThreatAnalyzers.Analyzers", "AnalyzerReleases.Shipped.md"));
            Assert.True(unshipped.Contains(id + " |", System.StringComparison.Ordinal) || shipped.Contains(id + " |", System.StringComparison.Ordinal));

            var readme = File.ReadAllText(Path.Combine(RepoRoot, "README.md"));
            Assert.Contains($"[{id}](docs/rules/{id}.md)", readme, System.StringComparison.Ordinal);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void EveryRule_IsReportedByExactlyOneAnalyzer(string id)
        {
            var analyzers = typeof(RuleCatalog).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
                .Select(t => (DiagnosticAnalyzer)System.Activator.CreateInstance(t)!)
                .Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
                .ToList();
            Assert.Single(analyzers);
        }

        [Fact]
        public void Categories_AreOnePerStrideLetter()
        {
            Assert.All(RuleCatalog.Descriptors, d => Assert.Contains(d.Category, new[]
            {
                RuleCategories.ThreatModel, RuleCategories.Spoofing, RuleCategories.Tampering, RuleCategories.Repudiation,
                RuleCategories.InformationDisclosure, RuleCategories.DenialOfService, RuleCategories.ElevationOfPrivilege,
            }));
            Assert.All(RuleCatalog.Descriptors.Where(d => d.Id.StartsWith("TA1", System.StringComparison.Ordinal)), d => Assert.Equal(RuleCategories.Spoofing, d.Category));
            Assert.All(RuleCatalog.Descriptors.Where(d => d.Id.StartsWith("TA0", System.StringComparison.Ordinal)), d => Assert.Equal(RuleCategories.ThreatModel, d.Category));
        }
    }
}
