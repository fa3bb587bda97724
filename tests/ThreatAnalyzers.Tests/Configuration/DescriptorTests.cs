using System;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Rules;
using Xunit;

namespace ThreatAnalyzers.Tests.Configuration
{
    /// <summary>
    /// One catalog: every rule's README row, the header of its docs/rules page and its release note are what the rule's
    /// definition says. A failing test prints the text to paste; `THREATANALYZERS_WRITE_DOCS=1 dotnet test --filter
    /// DescriptorTests` writes it.
    /// </summary>
    public class DescriptorTests
    {
        private static readonly string RepoRoot = typeof(DescriptorTests).Assembly
            .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "RepoRoot").Value!;

        private static bool Write => Environment.GetEnvironmentVariable("THREATANALYZERS_WRITE_DOCS") == "1";

        public static TheoryData<string> RuleIds()
        {
            var data = new TheoryData<string>();
            foreach (var rule in RuleCatalog.All)
            {
                data.Add(rule.Id);
            }

            return data;
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void DocPageHeader_IsTheCatalogs(string id)
        {
            var rule = RuleCatalog.Find(id)!;
            Assert.Equal($"{RuleDefinition.HelpLinkBase}{id}.md", rule.Descriptor.HelpLinkUri);
            var path = Path.Combine(RepoRoot, "docs", "rules", id + ".md");
            Assert.True(File.Exists(path), $"docs/rules/{id}.md is missing");
            var page = File.ReadAllText(path).Replace("\r\n", "\n");
            var body = page.IndexOf("\n## ", StringComparison.Ordinal);
            Assert.True(body > 0, $"docs/rules/{id}.md has no '## ' section");
            var expected = Header(rule);
            if (Write && page.Substring(0, body + 1) != expected)
            {
                File.WriteAllText(path, expected + page.Substring(body + 1));
                return;
            }

            Assert.Equal(expected, page.Substring(0, body + 1));
        }

        [Fact]
        public void ReadmeRuleTable_IsTheCatalogs()
        {
            var path = Path.Combine(RepoRoot, "README.md");
            var readme = File.ReadAllText(path).Replace("\r\n", "\n");
            const string start = "<!-- rules:start -->\n";
            const string end = "<!-- rules:end -->";
            var from = readme.IndexOf(start, StringComparison.Ordinal);
            var to = readme.IndexOf(end, StringComparison.Ordinal);
            Assert.True(from >= 0 && to > from, "README.md has no '<!-- rules:start -->' … '<!-- rules:end -->' block");
            var expected = Table();
            var actual = readme.Substring(from + start.Length, to - from - start.Length);
            if (Write && actual != expected)
            {
                File.WriteAllText(path, readme.Substring(0, from + start.Length) + expected + readme.Substring(to));
                return;
            }

            Assert.Equal(expected, actual);
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void ReleaseNote_NamesTheRule_WithItsCategoryAndSeverity(string id)
        {
            var rule = RuleCatalog.Find(id)!;
            var unshipped = File.ReadAllText(Path.Combine(RepoRoot, "src", "ThreatAnalyzers.Analyzers", "AnalyzerReleases.Unshipped.md"));
            var shipped = File.ReadAllText(Path.Combine(RepoRoot, "src", "ThreatAnalyzers.Analyzers", "AnalyzerReleases.Shipped.md"));
            // Release tracking writes an opt-in rule (not enabled by default) as Disabled.
            var severity = rule.Descriptor.IsEnabledByDefault ? rule.DefaultSeverity.ToString() : "Disabled";
            var row = $"{id} | {rule.Category} | {severity} |";
            Assert.True(unshipped.Contains(row, StringComparison.Ordinal) || shipped.Contains(row, StringComparison.Ordinal), $"no release note row starting '{row}'");
        }

        [Theory]
        [MemberData(nameof(RuleIds))]
        public void EveryRule_IsReportedByExactlyOneAnalyzer(string id)
        {
            var analyzers = typeof(RuleCatalog).Assembly.GetTypes()
                .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && !typeof(DiagnosticSuppressor).IsAssignableFrom(t))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
                .ToList();
            Assert.Single(analyzers);
        }

        [Fact]
        public void Categories_AreOnePerStrideLetter()
        {
            Assert.All(RuleCatalog.All, r => Assert.Contains(r.Category, new[]
            {
                RuleCategories.ThreatModel, RuleCategories.Spoofing, RuleCategories.Tampering, RuleCategories.Repudiation,
                RuleCategories.InformationDisclosure, RuleCategories.DenialOfService, RuleCategories.ElevationOfPrivilege,
            }));
            var letters = new[]
            {
                RuleCategories.ThreatModel, RuleCategories.Spoofing, RuleCategories.Tampering, RuleCategories.Repudiation,
                RuleCategories.InformationDisclosure, RuleCategories.DenialOfService, RuleCategories.ElevationOfPrivilege,
            };
            Assert.All(RuleCatalog.All, r => Assert.Equal(letters[r.Id[2] - '0'], r.Category));
            Assert.All(RuleCatalog.All.Where(r => r.IsThreat), r => Assert.NotNull(r.Cwe));
        }

        /// <summary>The README's rule table, from the catalog.</summary>
        internal static string Table()
        {
            var table = new StringBuilder();
            table.Append("| ID | title | STRIDE | category | risk | default severity | code fix |\n");
            table.Append("|---|---|---|---|---|---|---|\n");
            foreach (var rule in RuleCatalog.All.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                table.Append("| [").Append(rule.Id).Append("](docs/rules/").Append(rule.Id).Append(".md) | ")
                     .Append(rule.Title).Append(rule.Cwe is null ? string.Empty : " (" + rule.Cwe + ")").Append(" | ")
                     .Append(StrideName(rule.Category)).Append(" | `").Append(rule.Category).Append("` | ")
                     .Append(rule.IsThreat ? rule.Risk : "—").Append(" | ")
                     .Append(DefaultSeverity(rule)).Append(" | ")
                     .Append(rule.Fix is null ? "—" : "yes: " + rule.Fix).Append(" |\n");
            }

            return table.ToString();
        }

        /// <summary>A rule page's header (title and facts table), from the catalog.</summary>
        internal static string Header(RuleDefinition rule)
        {
            var header = new StringBuilder();
            header.Append("# ").Append(rule.Id).Append(": ").Append(rule.Title).Append("\n\n");
            header.Append("| | |\n|---|---|\n");
            header.Append("| Category | `").Append(rule.Category).Append('`')
                  .Append(rule.IsThreat ? " (STRIDE: **" + StrideName(rule.Category)[0] + "**" + StrideName(rule.Category).Substring(1) + ")" : string.Empty).Append(" |\n");
            if (rule.Cwe is { } cwe)
            {
                header.Append("| CWE | [").Append(cwe).Append("](https://cwe.mitre.org/data/definitions/").Append(cwe.Substring(4)).Append(".html) |\n");
            }

            if (rule.IsThreat)
            {
                header.Append("| Risk | ").Append(rule.Risk).Append(" |\n");
                header.Append("| Threat of | ").Append(rule.Concerns).Append(" |\n");
            }

            header.Append("| Default severity | ").Append(DefaultSeverity(rule)).Append(" |\n");
            header.Append("| Asks | ").Append(rule.Question).Append(" |\n");
            header.Append("| Code fix | ").Append(rule.Fix ?? "no").Append(" |\n\n");
            return header.ToString();
        }

        private static string Severity(DiagnosticSeverity severity) => severity.ToString().ToLowerInvariant();

        /// <summary>An opt-in rule says so: its severity once switched on, and that it is off until then.</summary>
        private static string DefaultSeverity(RuleDefinition rule)
            => rule.Descriptor.IsEnabledByDefault ? Severity(rule.DefaultSeverity) : Severity(rule.DefaultSeverity) + ", off by default (opt-in)";

        private static string StrideName(string category) => category switch
        {
            RuleCategories.Spoofing => "Spoofing",
            RuleCategories.Tampering => "Tampering",
            RuleCategories.Repudiation => "Repudiation",
            RuleCategories.InformationDisclosure => "Information disclosure",
            RuleCategories.DenialOfService => "Denial of service",
            RuleCategories.ElevationOfPrivilege => "Elevation of privilege",
            _ => "—",
        };
    }
}
