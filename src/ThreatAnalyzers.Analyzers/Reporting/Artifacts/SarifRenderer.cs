using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// threat-model.sarif: SARIF 2.1.0 that GitHub code scanning accepts as is (checked in the tests with the schema and
    /// with Sarif.Multitool's GitHub rules). Rules carry help, tags and security-severity; one result per threat, with its
    /// related locations and a fingerprint from the threat id; mitigated, accepted and suppressed threats are suppressed
    /// results carrying their justification. Paths are relative to the repository root (SRCROOT) when it is known.
    /// </summary>
    internal static class SarifRenderer
    {
        public const string FileName = "threat-model.sarif";
        public const string SourceRoot = "SRCROOT";
        public const string FingerprintKey = "threatId/v1";

        /// <summary>Renders the model.</summary>
        /// <param name="model">The project's threat model; its paths are relative to the project folder.</param>
        /// <param name="projectPathFromRepositoryRoot">
        /// The project folder relative to the repository root, with '/' ("" when the project sits at the root); null when
        /// no repository root is known, and then paths stay relative to the project folder, which SRCROOT stands for.
        /// </param>
        public static string Render(ThreatModel model, string? projectPathFromRepositoryRoot)
        {
            var prefix = ProjectPrefix(projectPathFromRepositoryRoot);
            var system = RenderedText.Name(model.System);
            var rules = model.Rules.OrderBy(r => r.Id, System.StringComparer.Ordinal).ToList();
            var ruleIndex = rules.Select((rule, index) => (rule, index)).ToDictionary(p => p.rule.Id, p => p, System.StringComparer.Ordinal);
            var elementLocations = model.Elements.Where(e => e.Location is not null).ToDictionary(e => e.Id, e => e.Location!, System.StringComparer.Ordinal);

            var driver = new JsonObject
            {
                { "name", "ThreatAnalyzers" },
                { "informationUri", "https://github.com/threatanalyzers/threatanalyzers" },
                { "semanticVersion", ToolVersion() },
                { "rules", rules.Select(Rule).ToList() },
            };

            var sourceRootDescription = projectPathFromRepositoryRoot is null
                ? "The folder of the project " + system + " (no repository root was found: no .git above it and ThreatModelRepositoryRoot is not set)."
                : "The root of the repository that holds the project " + system + ".";

            var run = new JsonObject
            {
                { "tool", new JsonObject { { "driver", driver } } },
                // One category per project, so that several projects' files can be uploaded together.
                { "automationDetails", new JsonObject { { "id", "threatanalyzers/" + system + "/" } } },
                { "invocations", new List<object> { Invocation(model) } },
                { "originalUriBaseIds", new JsonObject { { SourceRoot, new JsonObject { { "description", Text(sourceRootDescription) } } } } },
                { "results", model.Threats.Select(t => Result(t, ruleIndex, elementLocations, prefix)).ToList() },
                { "columnKind", "utf16CodeUnits" },
                { "properties", new JsonObject { { "system", system }, { "threatsState", model.ThreatsState } } },
            };

            var log = new JsonObject
            {
                { "$schema", "https://json.schemastore.org/sarif-2.1.0.json" },
                { "version", "2.1.0" },
                { "runs", new List<object> { run } },
            };
            return Json.Write(log);
        }

        /// <summary>
        /// Unknown threats must not look like a clean scan: the invocation says it did not succeed, and why. (The results
        /// array stays, empty: GitHub's upload refuses a run without one.)
        /// </summary>
        private static JsonObject Invocation(ThreatModel model)
        {
            if (model.ThreatsState != ThreatsStates.Unknown)
            {
                return new JsonObject { { "executionSuccessful", true } };
            }

            var notification = new JsonObject
            {
                { "level", "error" },
                {
                    "message", Text("The threats of " + RenderedText.Name(model.System) + " are unknown, not zero: the ThreatAnalyzers analyzers did not run in this build "
                                    + "(RunAnalyzers or RunAnalyzersDuringBuild is false), or the compiler's SARIF log of what they reported could not be read "
                                    + "(the build's warning THREATMODEL003 or THREATMODEL004 says why). Build again with the analyzers on to get the threats.")
                },
            };
            return new JsonObject
            {
                { "executionSuccessful", false },
                { "toolExecutionNotifications", new List<object> { notification } },
            };
        }

        private static JsonObject Rule(RuleInfo r)
        {
            var tags = new List<string> { "security", "STRIDE:" + r.Category };
            if (r.Cwe is not null)
            {
                tags.Add(r.Cwe);

                // The form CodeQL's own rules use for their CWE.
                if (CweNumber(r.Cwe) is { } number)
                {
                    tags.Add("external/cwe/cwe-" + number);
                }
            }

            return new JsonObject
            {
                { "id", r.Id },
                { "name", string.Concat(r.Title.Split(' ').Select(w => w.Length == 0 ? w : char.ToUpperInvariant(w[0]) + w.Substring(1))) },
                { "shortDescription", Text(r.Title) },
                { "fullDescription", Text(r.Description) },
                { "helpUri", r.HelpUri },
                { "help", Help(r) },
                { "defaultConfiguration", new JsonObject { { "level", Level(r.DefaultSeverity) }, { "enabled", r.Evaluated } } },
                {
                    "properties", new JsonObject
                    {
                        { "category", r.Category },
                        { "tags", tags },
                        { "security-severity", SecuritySeverity(r.Risk) },
                        { "risk", r.Risk },
                    }
                },
            };
        }

        /// <summary>What code scanning shows under "Rule help": the description, the STRIDE category, the CWE and the rule's page.</summary>
        private static JsonObject Help(RuleInfo r)
        {
            var cweNumber = r.Cwe is null ? null : CweNumber(r.Cwe);
            var text = r.Description + "\n\nSTRIDE category: " + r.Category + (r.Cwe is null ? string.Empty : "; " + r.Cwe) + ". Risk: " + r.Risk + ".\n\nMore: " + r.HelpUri;
            var cweMarkdown = r.Cwe is null
                ? string.Empty
                : cweNumber is null ? " · " + r.Cwe : " · [" + r.Cwe + "](https://cwe.mitre.org/data/definitions/" + cweNumber + ".html)";
            var markdown = "**" + r.Id + ": " + r.Title + "**\n\n" + r.Description + "\n\nSTRIDE category: " + r.Category + cweMarkdown + " · risk: " + r.Risk
                           + "\n\n[What it means and how to fix it](" + r.HelpUri + ")";
            return new JsonObject { { "text", text }, { "markdown", markdown } };
        }

        private static JsonObject Result(Threat t, Dictionary<string, (RuleInfo Rule, int Index)> rules, Dictionary<string, SourceLocation> elementLocations, string prefix)
        {
            var known = rules.TryGetValue(t.RuleId, out var rule);
            var result = new JsonObject { { "ruleId", t.RuleId } };
            if (known)
            {
                result.Add("ruleIndex", rule.Index);
            }

            result.Add("level", known ? Level(rule.Rule.DefaultSeverity) : "warning");
            result.Add("message", Text(MessageWithLinks(t, prefix)));
            result.Add("locations", new List<object> { PrimaryLocation(t, elementLocations, prefix) });

            if (t.Related.Count > 0)
            {
                result.Add("relatedLocations", t.Related.Select((location, i) => (object)new JsonObject
                {
                    { "id", i + 1 },
                    { "physicalLocation", PhysicalLocation(location, prefix) },
                    { "message", Text("Related location " + (i + 1).ToString(CultureInfo.InvariantCulture) + " of " + t.Related.Count.ToString(CultureInfo.InvariantCulture) + ": " + prefix + location.Path + ":" + location.Line.ToString(CultureInfo.InvariantCulture)) },
                }).ToList());
            }

            result.Add("partialFingerprints", new JsonObject { { FingerprintKey, t.Id } });
            if (t.Status != ThreatStatuses.Open)
            {
                var justification = t.Status switch
                {
                    ThreatStatuses.Mitigated => "Mitigated: " + t.Justification,
                    ThreatStatuses.Accepted => "Accepted risk: " + t.Justification + (t.Owner is null ? string.Empty : " (owner: " + t.Owner + ")") + (t.Expires is null ? string.Empty : " until " + t.Expires),
                    _ => "Suppressed" + (t.Justification is null ? " (#pragma, [SuppressMessage] or a severity setting)" : ": " + t.Justification),
                };
                result.Add("suppressions", new List<object> { new JsonObject { { "kind", "inSource" }, { "status", "accepted" }, { "justification", justification } } });
            }

            result.Add("properties", new JsonObject
            {
                { "threatId", t.Id },
                { "status", t.Status },
                { "element", t.Element },
                { "category", t.Category },
                { "severity", t.Severity },
                { "limitReached", t.LimitReached },
            });
            return result;
        }

        /// <summary>
        /// The compiler's message, then a link to each related location: code scanning shows related locations only
        /// where the message links them ([text](id), SARIF §3.11.6), so literal brackets in the message are escaped.
        /// </summary>
        private static string MessageWithLinks(Threat t, string prefix)
        {
            var text = EscapeBrackets(t.Message);
            if (t.Related.Count == 0)
            {
                return text;
            }

            var links = t.Related.Select((l, i) => "[" + EscapeBrackets(prefix + l.Path) + ":" + l.Line.ToString(CultureInfo.InvariantCulture) + "](" + (i + 1).ToString(CultureInfo.InvariantCulture) + ")");
            return text + "\nRelated locations: " + string.Join(", ", links) + ".";
        }

        private static string EscapeBrackets(string text) => text.Replace("[", "\\[").Replace("]", "\\]");

        /// <summary>
        /// Code scanning refuses a result without a location (the whole upload fails), so a threat the compiler placed
        /// nowhere gets its first related location, else its element's, else the project folder itself.
        /// </summary>
        private static JsonObject PrimaryLocation(Threat t, Dictionary<string, SourceLocation> elementLocations, string prefix)
        {
            var location = t.Location
                           ?? (t.Related.Count > 0 ? t.Related[0] : null)
                           ?? (elementLocations.TryGetValue(t.Element, out var elementLocation) ? elementLocation : null);
            if (location is not null)
            {
                return new JsonObject { { "physicalLocation", PhysicalLocation(location, prefix) } };
            }

            return new JsonObject
            {
                { "physicalLocation", new JsonObject { { "artifactLocation", ArtifactLocation(prefix.Length == 0 ? "./" : prefix) } } },
                { "message", Text("The compiler gave this finding no source location; it concerns the project as a whole.") },
            };
        }

        private static JsonObject PhysicalLocation(SourceLocation location, string prefix) => new()
        {
            { "artifactLocation", ArtifactLocation(prefix + location.Path) },
            { "region", new JsonObject { { "startLine", location.Line } } },
        };

        private static JsonObject ArtifactLocation(string path) => new() { { "uri", UriReference(path) }, { "uriBaseId", SourceRoot } };

        /// <summary>"src/App/" for "src/App", "" for the repository root or an unknown root.</summary>
        private static string ProjectPrefix(string? projectPathFromRepositoryRoot)
        {
            var path = (projectPathFromRepositoryRoot ?? string.Empty).Replace('\\', '/').Trim('/');
            return path.Length == 0 || path == "." ? string.Empty : path + "/";
        }

        /// <summary>A relative URI reference: each segment percent-encoded (a space or '#' in a file name is legal on disk, not in a URI).</summary>
        private static string UriReference(string path)
            => string.Join("/", path.Split('/').Select(segment => segment == "." || segment == ".." ? segment : System.Uri.EscapeDataString(segment)));

        private static JsonObject Text(string text) => new() { { "text", text } };

        private static string Level(string severity) => severity switch
        {
            "error" => "error",
            "warning" => "warning",
            "none" => "none",
            _ => "note",
        };

        private static string SecuritySeverity(string risk) => risk switch
        {
            RuleRisks.Critical => "9.5",
            RuleRisks.High => "8.0",
            RuleRisks.Low => "3.0",
            _ => "5.5",
        };

        private static string? CweNumber(string cwe)
        {
            var number = cwe.StartsWith("CWE-", System.StringComparison.OrdinalIgnoreCase) ? cwe.Substring(4) : cwe;
            return number.Length > 0 && number.All(c => c >= '0' && c <= '9') ? number : null;
        }

        /// <summary>The version of the assembly this renderer is compiled into (analyzer or build task: both carry the package's version).</summary>
        private static string ToolVersion()
        {
            var version = typeof(SarifRenderer).Assembly.GetName().Version ?? new System.Version(0, 0, 0);
            return version.Major.ToString(CultureInfo.InvariantCulture) + "." + version.Minor.ToString(CultureInfo.InvariantCulture) + "." + System.Math.Max(0, version.Build).ToString(CultureInfo.InvariantCulture);
        }
    }
}
