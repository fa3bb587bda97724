using System;
using System.Collections.Generic;
using System.Linq;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using static ThreatAnalyzers.Reporting.Artifacts.JsonFields;

namespace ThreatAnalyzers.Reporting.Findings
{
    /// <summary>
    /// Reads the compiler's own SARIF 2.1 log (the <c>ErrorLog</c> property) back into the findings of our threat rules:
    /// what the compiler actually reported, with the properties each diagnostic carries and the suppressions the compiler
    /// applied. Shapes as the compiler writes them: <c>properties.customProperties</c> holds a diagnostic's properties;
    /// a suppression has <c>properties.suppressionType</c> ("Pragma Directive", "SuppressMessageAttribute" with a
    /// <c>justification</c>, or "DiagnosticSuppressor { Suppression Id: …, Suppression Justification: … }").
    /// </summary>
    internal static class CompilerLogReader
    {
        /// <summary>The only SARIF version the reader accepts (the compiler writes it for <c>ErrorLog=path,version=2.1</c>).</summary>
        public const string SarifVersion = "2.1.0";

        /// <summary>The analyzer that reports the model, as the driver names it when it throws (AD0001: "Analyzer 'ThreatAnalyzers.Modeling.ThreatModelAnalyzer' threw …").</summary>
        public const string ModelAnalyzerName = "Analyzer 'ThreatAnalyzers.Modeling.ThreatModelAnalyzer'";

        /// <summary>
        /// Suppression ids of our own DiagnosticSuppressor start with this: its suppressions carry the review decision
        /// ([Mitigates], [AcceptsRisk]) that the finding's Status already states, so they are not "suppressed by" anyone.
        /// </summary>
        public const string OurSuppressionIdPrefix = "TA";

        private const string DiagnosticSuppressorType = "DiagnosticSuppressor";
        private const string PragmaType = "Pragma Directive";
        private const string SuppressMessageType = "SuppressMessageAttribute";

        /// <param name="json">The log's text.</param>
        /// <param name="ruleIds">Our threat rules (the model's <c>rules</c>); results of every other rule are skipped.</param>
        /// <exception cref="JsonFormatException">Not JSON, not SARIF, or not SARIF 2.1.0 (the message says how to fix ErrorLog).</exception>
        public static List<ReportedFinding> Read(string json, IReadOnlyCollection<string> ruleIds) => ReadLog(json, ruleIds).Findings;

        /// <summary>
        /// The findings, and whether our analyzers ran at all: the compiler lists in <c>tool.driver.rules</c> the rules of
        /// every analyzer it ran, so a log without any of ours (analyzers skipped, or ours not loaded) says nothing about
        /// our threats, even though it has no results for them.
        /// </summary>
        /// <inheritdoc cref="Read"/>
        public static CompilerLog ReadLog(string json, IReadOnlyCollection<string> ruleIds)
        {
            var root = AsObject(JsonReader.Parse(json), "$");
            if (!root.TryGetValue("version", out var version) || version is not string versionText)
            {
                throw new JsonFormatException("$", "not a SARIF log (no 'version'); ErrorLog must be '<path>,version=2.1'");
            }

            if (versionText != SarifVersion)
            {
                throw new JsonFormatException("$.version", "SARIF " + versionText + ", not " + SarifVersion + "; ErrorLog must be '<path>,version=2.1'");
            }

            var wanted = new HashSet<string>(ruleIds, StringComparer.Ordinal);
            var findings = new List<ReportedFinding>();
            var rulesListed = false;
            var runs = RequiredArray(root, "runs", "$");
            for (var r = 0; r < runs.Count; r++)
            {
                var runPath = Index("$.runs", r);
                var run = AsObject(runs[r], runPath);
                rulesListed |= ListsAnyOf(run, wanted, runPath);
                var results = OptionalArray(run, "results", runPath);
                if (results is null)
                {
                    continue;
                }

                for (var i = 0; i < results.Count; i++)
                {
                    var path = Index(runPath + ".results", i);
                    var result = AsObject(results[i], path);
                    if (OptionalString(result, "ruleId", path) is { } ruleId && wanted.Contains(ruleId))
                    {
                        findings.Add(ReadFinding(ruleId, result, path));
                    }
                }
            }

            // The compiler logs diagnostics in the order its concurrent analyzers reported them: sort, so that the same
            // code always gives the same findings in the same order.
            var ordered = findings
                .OrderBy(f => f.Location?.Path, StringComparer.Ordinal)
                .ThenBy(f => f.Location?.Line ?? 0)
                .ThenBy(f => f.RuleId, StringComparer.Ordinal)
                .ThenBy(f => f.Message, StringComparer.Ordinal)
                .ToList();
            return new CompilerLog(ordered, rulesListed || ordered.Count > 0);
        }

        /// <summary>
        /// What the build step needs from the log besides the findings: the model (the property of the model analyzer's TA0000
        /// diagnostic) and the compiler's own errors. Read from a log of either version the compiler writes (1.0 or 2.1):
        /// both keep a result's properties as <c>properties.customProperties</c>.
        /// </summary>
        /// <param name="json">The log's text.</param>
        /// <param name="modelRuleId">The model analyzer's diagnostic (TA0000).</param>
        /// <param name="modelProperty">Its property that holds the model's JSON.</param>
        /// <exception cref="JsonFormatException">Not JSON, or not a SARIF log.</exception>
        public static LogOverview ReadOverview(string json, string modelRuleId, string modelProperty)
        {
            var root = AsObject(JsonReader.Parse(json), "$");
            if (!root.TryGetValue("version", out var version) || version is not string)
            {
                throw new JsonFormatException("$", "not a SARIF log (no 'version')");
            }

            string? model = null;
            var errors = 0;
            string? firstError = null;
            string? modelFailure = null;
            var runs = RequiredArray(root, "runs", "$");
            for (var r = 0; r < runs.Count; r++)
            {
                var runPath = Index("$.runs", r);
                var results = OptionalArray(AsObject(runs[r], runPath), "results", runPath);
                for (var i = 0; results is not null && i < results.Count; i++)
                {
                    var path = Index(runPath + ".results", i);
                    var result = AsObject(results[i], path);
                    var ruleId = OptionalString(result, "ruleId", path);
                    if (ruleId == modelRuleId)
                    {
                        if (ReadCustomProperties(result, path).TryGetValue(modelProperty, out var text) && text.Length > 0)
                        {
                            model = text;
                        }

                        continue;
                    }

                    // AD0001: an analyzer threw; when it is the model's, the model is missing for that reason.
                    if (ruleId == "AD0001"
                        && OptionalObject(result, "message", path) is { } failure && OptionalString(failure, "text", path + ".message") is { } failureText
                        && failureText.IndexOf(ModelAnalyzerName, StringComparison.Ordinal) >= 0)
                    {
                        // Only the first line (the exception's type and message): the rest is a stack trace, the
                        // failing file's absolute path and advice to suppress TA0000, none of which belongs in the artifact.
                        var firstLine = failureText.Split('\n')[0].TrimEnd('\r', ' ');
                        modelFailure ??= ruleId + " '" + firstLine + "'";
                    }

                    // The compiler's own errors (CSnnnn). A warning made an error (-warnaserror) keeps its warning level and
                    // does not count: the code compiles, the build only refuses the warning.
                    if (ruleId is not null && ruleId.StartsWith("CS", StringComparison.Ordinal)
                        && OptionalString(result, "level", path) == "error"
                        && !(OptionalObject(result, "properties", path) is { } properties && properties.TryGetValue("warningLevel", out var level) && level is long and not 0))
                    {
                        errors++;
                        if (firstError is null)
                        {
                            var message = OptionalObject(result, "message", path) is { } messageObject ? OptionalString(messageObject, "text", path + ".message") : null;
                            var locations = OptionalArray(result, "locations", path);
                            var location = locations is { Count: > 0 } && locations[0] is Dictionary<string, object?> ? ReadLocation(locations[0], Index(path + ".locations", 0)) : null;
                            firstError = ruleId + (message is null ? string.Empty : " '" + message + "'")
                                + (location is null ? string.Empty : " at " + System.IO.Path.GetFileName(location.Path) + ":" + location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                    }
                }
            }

            return new LogOverview(model, errors, firstError, modelFailure);
        }

        /// <summary>
        /// A property of the first result of <paramref name="ruleId"/> in the log (the flow record the shared pass reports
        /// as TA0010), or null when the log has no such result or the result no such property.
        /// </summary>
        /// <exception cref="JsonFormatException">Not JSON, or not a SARIF log.</exception>
        public static string? ReadResultProperty(string json, string ruleId, string property)
        {
            var root = AsObject(JsonReader.Parse(json), "$");
            var runs = RequiredArray(root, "runs", "$");
            for (var r = 0; r < runs.Count; r++)
            {
                var runPath = Index("$.runs", r);
                var results = OptionalArray(AsObject(runs[r], runPath), "results", runPath);
                for (var i = 0; results is not null && i < results.Count; i++)
                {
                    var path = Index(runPath + ".results", i);
                    var result = AsObject(results[i], path);
                    if (OptionalString(result, "ruleId", path) == ruleId && ReadCustomProperties(result, path).TryGetValue(property, out var value))
                    {
                        return value;
                    }
                }
            }

            return null;
        }

        private static bool ListsAnyOf(Dictionary<string, object?> run, HashSet<string> wanted, string runPath)
        {
            if (OptionalObject(run, "tool", runPath) is not { } tool
                || OptionalObject(tool, "driver", runPath + ".tool") is not { } driver
                || OptionalArray(driver, "rules", runPath + ".tool.driver") is not { } rules)
            {
                return false;
            }

            return rules.OfType<Dictionary<string, object?>>().Any(rule => rule.TryGetValue("id", out var id) && id is string text && wanted.Contains(text));
        }

        private static ReportedFinding ReadFinding(string ruleId, Dictionary<string, object?> result, string path)
        {
            var message = OptionalObject(result, "message", path) is { } messageObject ? OptionalString(messageObject, "text", path + ".message") ?? string.Empty : string.Empty;
            var locations = OptionalArray(result, "locations", path);
            var location = locations is { Count: > 0 } ? ReadLocation(locations[0], Index(path + ".locations", 0)) : null;
            var related = new List<SourceLocation>();
            if (OptionalArray(result, "relatedLocations", path) is { } relatedItems)
            {
                for (var i = 0; i < relatedItems.Count; i++)
                {
                    if (ReadLocation(relatedItems[i], Index(path + ".relatedLocations", i)) is { } relatedLocation)
                    {
                        related.Add(relatedLocation);
                    }
                }
            }

            var properties = ReadCustomProperties(result, path);
            string? Property(string name) => properties.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value) ? value : null;

            var status = Property(FindingProperties.Status) ?? ThreatStatuses.Open;
            var justification = Property(FindingProperties.Justification);
            var (suppressedBy, suppressionJustification) = ForeignSuppression(result, path);
            if (suppressedBy is not null && status == ThreatStatuses.Open && suppressionJustification is not null)
            {
                justification = suppressionJustification;
            }

            return new ReportedFinding(
                ruleId,
                message,
                location,
                related.ToEquatableArray(),
                Property(FindingProperties.Element),
                Property(FindingProperties.ElementName),
                Property(FindingProperties.ElementKind),
                status,
                justification,
                Property(FindingProperties.Owner),
                Property(FindingProperties.Expires),
                suppressedBy,
                Property(FindingProperties.LimitReached) ?? string.Empty,
                (Property(FindingProperties.DataClasses) ?? string.Empty)
                    .Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries)
                    .Select(c => c.Trim())
                    .Where(c => c.Length > 0)
                    .ToSortedSet(),
                Property(FindingProperties.SinkMethod));
        }

        /// <summary>A location object's file and start line; null when it names no file.</summary>
        private static SourceLocation? ReadLocation(object? value, string path)
        {
            var location = AsObject(value, path);
            if (OptionalObject(location, "physicalLocation", path) is not { } physical
                || OptionalObject(physical, "artifactLocation", path + ".physicalLocation") is not { } artifact
                || OptionalString(artifact, "uri", path + ".physicalLocation.artifactLocation") is not { } uri)
            {
                return null;
            }

            // A diagnostic on a whole file has no region: it points at the file's start.
            var region = OptionalObject(physical, "region", path + ".physicalLocation");
            var line = region is not null && region.ContainsKey("startLine") ? RequiredInt(region, "startLine", path + ".physicalLocation.region") : 1;
            return new SourceLocation(PathOf(uri), line);
        }

        /// <summary>The compiler writes absolute file URIs (file:///C:/src/a%20b.cs); the join makes them project-relative.</summary>
        private static string PathOf(string uri)
            => Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.IsFile
                ? absolute.LocalPath
                : Uri.UnescapeDataString(uri);

        private static Dictionary<string, string> ReadCustomProperties(Dictionary<string, object?> result, string path)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            if (OptionalObject(result, "properties", path) is { } properties
                && OptionalObject(properties, "customProperties", path + ".properties") is { } custom)
            {
                foreach (var pair in custom)
                {
                    values[pair.Key] = pair.Value as string ?? throw Mismatch(path + ".properties.customProperties." + pair.Key, "a string", pair.Value);
                }
            }

            return values;
        }

        /// <summary>
        /// The first suppression that is not our review decision: who made it ("pragma", "SuppressMessage", or the log's
        /// own words) and its justification when the log has one. (null, null) when nothing else suppressed the finding.
        /// </summary>
        private static (string? SuppressedBy, string? Justification) ForeignSuppression(Dictionary<string, object?> result, string path)
        {
            var suppressions = OptionalArray(result, "suppressions", path);
            if (suppressions is null)
            {
                return (null, null);
            }

            for (var i = 0; i < suppressions.Count; i++)
            {
                var itemPath = Index(path + ".suppressions", i);
                var suppression = AsObject(suppressions[i], itemPath);
                var justification = OptionalString(suppression, "justification", itemPath);
                var type = OptionalObject(suppression, "properties", itemPath) is { } properties
                    ? OptionalString(properties, "suppressionType", itemPath + ".properties")
                    : null;

                if (type is not null && type.StartsWith(DiagnosticSuppressorType, StringComparison.Ordinal))
                {
                    var id = Field(type, "Suppression Id: ", ',');
                    if (id is not null && id.StartsWith(OurSuppressionIdPrefix, StringComparison.Ordinal))
                    {
                        continue;
                    }

                    return (DiagnosticSuppressorType + (id is null ? string.Empty : " " + id), justification ?? Field(type, "Suppression Justification: ", '}'));
                }

                if (type == PragmaType)
                {
                    return ("pragma", justification);
                }

                if (type == SuppressMessageType || (type is null && justification is not null))
                {
                    return ("SuppressMessage", justification);
                }

                return (type ?? OptionalString(suppression, "kind", itemPath) ?? "suppressed", justification);
            }

            return (null, null);
        }

        /// <summary>One field of the compiler's "DiagnosticSuppressor { Suppression Id: X, Suppression Justification: Y }".</summary>
        private static string? Field(string text, string label, char end)
        {
            var start = text.IndexOf(label, StringComparison.Ordinal);
            if (start < 0)
            {
                return null;
            }

            start += label.Length;
            var stop = end == '}' ? text.LastIndexOf(end) : text.IndexOf(end, start);
            var value = (stop < start ? text.Substring(start) : text.Substring(start, stop - start)).Trim();
            return value.Length == 0 ? null : value;
        }
    }

    /// <summary>What the compiler's log says about our rules.</summary>
    /// <param name="Findings">Every diagnostic of our rules, suppressed or not.</param>
    /// <param name="AnalyzersRan">False when the log lists none of our rules: the analyzers did not run, so threats are unknown.</param>
    internal sealed record CompilerLog(List<ReportedFinding> Findings, bool AnalyzersRan);

    /// <summary>The model and the compiler's own errors, as one log records them.</summary>
    /// <param name="ModelJson">The model the model analyzer reported (TA0000), or null when it did not run in that compile.</param>
    /// <param name="CompileErrors">The compiler's own errors (not warnings made errors).</param>
    /// <param name="FirstError">The first of them: ID, message and file:line.</param>
    /// <param name="ModelFailure">The compiler's report that the ThreatAnalyzers model analyzer threw (AD0001), if any.</param>
    internal sealed record LogOverview(string? ModelJson, int CompileErrors, string? FirstError, string? ModelFailure = null);
}
