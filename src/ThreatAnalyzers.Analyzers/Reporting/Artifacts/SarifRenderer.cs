using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// threat-model.sarif: SARIF 2.1.0 for GitHub code scanning. Rule metadata (help URI, STRIDE category, CWE, severity),
    /// one result per threat; mitigated and accepted threats are suppressed results carrying their justification.
    /// </summary>
    internal static class SarifRenderer
    {
        public const string FileName = "threat-model.sarif";
        public const string ProjectRoot = "PROJECTROOT";

        public static string Render(ThreatModel model)
        {
            var rules = model.Rules.OrderBy(r => r.Id, System.StringComparer.Ordinal).ToList();
            var ruleIndex = rules.Select((d, i) => (d.Id, i)).ToDictionary(p => p.Id, p => p.i, System.StringComparer.Ordinal);

            var driver = new JsonObject
            {
                { "name", "ThreatAnalyzers" },
                { "informationUri", "https://github.com/threatanalyzers/threatanalyzers" },
                { "rules", rules.Select(Rule).ToList() },
            };

            var run = new JsonObject
            {
                { "tool", new JsonObject { { "driver", driver } } },
                { "originalUriBaseIds", new JsonObject { { ProjectRoot, new JsonObject { { "description", Text("The folder of the project " + model.System) } } } } },
                { "results", model.Threats.Select(t => Result(t, ruleIndex)).ToList() },
                { "properties", new JsonObject { { "system", model.System } } },
            };

            var log = new JsonObject
            {
                { "$schema", "https://json.schemastore.org/sarif-2.1.0.json" },
                { "version", "2.1.0" },
                { "runs", new List<object> { run } },
            };
            return Json.Write(log);
        }

        private static JsonObject Rule(RuleInfo r)
        {
            var tags = new List<string> { "security", "STRIDE:" + r.Category };
            if (r.Cwe is not null)
            {
                tags.Add(r.Cwe);
            }

            return new JsonObject
            {
                { "id", r.Id },
                { "name", string.Concat(r.Title.Split(' ').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w.Substring(1))) },
                { "shortDescription", Text(r.Title) },
                { "fullDescription", Text(r.Description) },
                { "helpUri", r.HelpUri },
                { "defaultConfiguration", new JsonObject { { "level", Level(r.DefaultSeverity) }, { "enabled", r.Evaluated } } },
                {
                    "properties", new JsonObject
                    {
                        { "category", r.Category },
                        { "tags", tags },
                        { "security-severity", SecuritySeverity(r.Risk) },
                    }
                },
            };
        }

        private static JsonObject Result(Threat t, Dictionary<string, int> ruleIndex)
        {
            var result = new JsonObject
            {
                { "ruleId", t.RuleId },
                { "ruleIndex", ruleIndex.TryGetValue(t.RuleId, out var index) ? index : 0 },
                { "level", "warning" },
                { "message", Text(t.Message) },
            };

            if (t.Location is { } location)
            {
                result.Add("locations", new List<object>
                {
                    new JsonObject
                    {
                        {
                            "physicalLocation", new JsonObject
                            {
                                { "artifactLocation", new JsonObject { { "uri", location.Path }, { "uriBaseId", ProjectRoot } } },
                                { "region", new JsonObject { { "startLine", location.Line } } },
                            }
                        },
                    },
                });
            }

            result.Add("partialFingerprints", new JsonObject { { "threatId/v1", t.Id } });
            if (t.Status != ThreatStatuses.Open)
            {
                var justification = t.Status switch
                {
                    ThreatStatuses.Mitigated => "Mitigated: " + t.Justification,
                    ThreatStatuses.Accepted => "Accepted risk: " + t.Justification + (t.Owner is null ? string.Empty : " (owner: " + t.Owner + ")") + (t.Expires is null ? string.Empty : " until " + t.Expires),
                    _ => "Suppressed" + (t.Justification is null ? string.Empty : ": " + t.Justification),
                };
                result.Add("suppressions", new List<object> { new JsonObject { { "kind", "inSource" }, { "status", "accepted" }, { "justification", justification } } });
            }

            result.Add("properties", new JsonObject { { "status", t.Status }, { "element", t.Element }, { "category", t.Category } });
            return result;
        }

        private static JsonObject Text(string text) => new() { { "text", text } };

        private static string Level(string severity) => severity switch
        {
            "error" => "error",
            "warning" => "warning",
            _ => "note",
        };

        private static string SecuritySeverity(string risk) => risk switch
        {
            RuleRisks.Critical => "9.5",
            RuleRisks.High => "8.0",
            RuleRisks.Low => "3.0",
            _ => "5.5",
        };
    }
}
