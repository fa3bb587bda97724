using System.Collections.Generic;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// Open Threat Model (OTM) 0.2.0 JSON, the interchange format IriusRisk and Threat Dragon import: boundaries become
    /// trust zones, elements components, flows dataflows; each threat is a threat definition (rule title, STRIDE
    /// category, CWE, impact from its severity) and an instance on its component with its state; a mitigated threat's
    /// [Mitigates] justification is a mitigation, implemented. Roslyn-free, like the other renderers, so the build can
    /// write it too. Ids are the model's own (stable across builds); nothing is null except a threat's likelihood, which
    /// the code does not tell (the schema allows null there).
    /// </summary>
    internal static class OtmRenderer
    {
        public const string FileName = "threat-model.otm.json";
        public const string OtmVersion = "0.2.0";

        /// <summary>The representation the components' source locations refer to.</summary>
        public const string SourceRepresentation = "source-code";

        public static string Render(ThreatModel model)
        {
            var boundaryIds = model.Boundaries.ToDictionary(b => b.Id, b => RenderedText.BoundaryId(b.Id));
            string Zone(string id) => boundaryIds.TryGetValue(id, out var zone) ? zone : RenderedText.BoundaryId(id);
            var rulesById = model.Rules.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First());
            var threatsByElement = model.Threats.GroupBy(t => t.Element).ToDictionary(g => g.Key, g => g.ToList());
            var elementIds = new HashSet<string>(model.Elements.Select(e => e.Id));

            var projectAttributes = new JsonObject { { "schemaVersion", model.SchemaVersion }, { "threatsState", model.ThreatsState } };

            // A threat on an element the diagram does not hold (none today) would otherwise be lost: the project lists it.
            var orphans = model.Threats.Where(t => !elementIds.Contains(t.Element)).Select(t => (object?)t.Id).ToList();
            if (orphans.Count > 0)
            {
                projectAttributes.Add("threatsWithoutComponent", orphans);
            }

            var root = new JsonObject
            {
                { "otmVersion", OtmVersion },
                {
                    "project", new JsonObject
                    {
                        { "name", RenderedText.Name(model.System) },
                        { "id", ModelText.Slug(RenderedText.Name(model.System)) },
                        { "description", "Derived from the code by ThreatAnalyzers (threats " + model.ThreatsState + ")." },
                        { "attributes", projectAttributes },
                    }
                },
                {
                    "representations", new List<object?>
                    {
                        new JsonObject { { "name", "Source code" }, { "id", SourceRepresentation }, { "type", "code" } },
                    }
                },
                { "trustZones", model.Boundaries.Select(b => TrustZone(b, model)).ToList() },
                { "components", model.Elements.Select(e => Component(e, Zone(e.Boundary), threatsByElement)).ToList() },
                { "dataflows", model.Flows.Select(Dataflow).ToList() },
                { "threats", model.Threats.Select(t => ThreatDefinition(t, rulesById)).ToList() },
                { "mitigations", model.Threats.Where(t => t.Status == ThreatStatuses.Mitigated).Select(Mitigation).ToList() },
            };

            return Json.Write(root);
        }

        /// <summary>
        /// OTM's trust rating, 0 (untrusted) to 100: the Internet 0; the system's own zone (where its processes run) 100;
        /// every other zone (external services, partner networks) 50.
        /// </summary>
        private static JsonObject TrustZone(Boundary boundary, ThreatModel model)
        {
            var rating = boundary.Id == "internet" ? 0
                : model.Elements.Any(e => e.Boundary == boundary.Id && e.Kind == ElementKinds.Process) ? 100
                : 50;
            return new JsonObject
            {
                { "id", RenderedText.BoundaryId(boundary.Id) },
                { "name", RenderedText.Name(boundary.Name) },
                { "type", "trust-boundary" },
                { "risk", new JsonObject { { "trustRating", rating } } },
            };
        }

        private static JsonObject Component(Element element, string zone, Dictionary<string, List<Threat>> threatsByElement)
        {
            var component = new JsonObject
            {
                { "id", element.Id },
                { "name", RenderedText.Name(element.Name) },
                { "type", ComponentType(element.Kind) },
                { "parent", new JsonObject { { "trustZone", zone } } },
            };
            if (element.Location is not null)
            {
                component.Add("representations", new List<object?>
                {
                    new JsonObject
                    {
                        { "representation", SourceRepresentation },
                        { "id", element.Id + "@source" },
                        { "file", RenderedText.WellFormed(element.Location.Path) },
                        { "line", element.Location.Line },
                    },
                });
            }

            if (element.DataClasses.Count > 0)
            {
                component.Add("assets", new JsonObject { { "processed", element.DataClasses.ToList() } });
            }

            component.Add("threats", threatsByElement.TryGetValue(element.Id, out var threats) ? threats.Select(ThreatInstance).ToList() : new List<object?>());
            component.Add("tags", element.Controls.Concat(element.DataClasses).ToList());
            component.Add("attributes", new JsonObject
            {
                { "kind", element.Kind },
                { "roles", element.Roles.ToList() },
                { "strideApplicable", element.Stride.Applicable.ToList() },
                { "strideAddressed", element.Stride.Addressed.ToList() },
            });
            return component;
        }

        private static string ComponentType(string kind) => kind switch
        {
            ElementKinds.ExternalEntity => "external-entity",
            ElementKinds.DataStore => "data-store",
            _ => "process",
        };

        private static JsonObject ThreatInstance(Threat threat)
        {
            var instance = new JsonObject
            {
                { "threat", threat.Id },
                { "state", State(threat.Status) },
            };
            instance.Add("mitigations", threat.Status == ThreatStatuses.Mitigated
                ? new List<object?> { new JsonObject { { "mitigation", MitigationId(threat) }, { "state", "IMPLEMENTED" } } }
                : new List<object?>());
            return instance;
        }

        /// <summary>IriusRisk's threat states; a threat silenced by #pragma or [SuppressMessage] was judged not applicable in code.</summary>
        internal static string State(string status) => status switch
        {
            ThreatStatuses.Mitigated => "MITIGATED",
            ThreatStatuses.Accepted => "ACCEPTED",
            ThreatStatuses.Suppressed => "NOT_APPLICABLE",
            _ => "EXPOSED",
        };

        private static JsonObject Dataflow(Flow flow)
        {
            var dataflow = new JsonObject
            {
                { "id", flow.Id },
                { "name", flow.DataClasses.Count == 0 ? "data" : string.Join(", ", flow.DataClasses.Select(MarkdownRenderer.DataClassName)) },
                { "source", flow.From },
                { "destination", flow.To },
                { "bidirectional", false },
                { "tags", flow.DataClasses.ToList() },
            };
            if (flow.CrossesBoundary is not null)
            {
                dataflow.Add("attributes", new JsonObject { { "crossesBoundary", RenderedText.BoundaryId(flow.CrossesBoundary) } });
            }

            return dataflow;
        }

        private static JsonObject ThreatDefinition(Threat threat, Dictionary<string, RuleInfo> rules)
        {
            rules.TryGetValue(threat.RuleId, out var rule);
            var definition = new JsonObject
            {
                { "id", threat.Id },
                { "name", threat.Title },
                { "description", threat.Message },
                { "categories", new List<object?> { MarkdownRenderer.CategoryName(threat.Category) } },
                { "cwes", rule?.Cwe is { } cwe ? new List<object?> { cwe } : new List<object?>() },
                {
                    "risk", new JsonObject
                    {
                        { "likelihood", null },
                        { "likelihoodComment", "not derived from the code" },
                        { "impact", Impact(threat.Severity) },
                        { "impactComment", threat.Severity },
                    }
                },
                { "tags", new List<object?> { threat.RuleId, threat.Category } },
            };
            var attributes = new JsonObject
            {
                { "ruleId", threat.RuleId },
                { "element", threat.Element },
                { "severity", threat.Severity },
                { "status", threat.Status },
            };
            if (threat.Location is not null)
            {
                attributes.Add("file", RenderedText.WellFormed(threat.Location.Path));
                attributes.Add("line", threat.Location.Line);
            }

            attributes.AddIfNotNull("justification", threat.Justification);
            attributes.AddIfNotNull("owner", threat.Owner);
            attributes.AddIfNotNull("expires", threat.Expires);
            definition.Add("attributes", attributes);
            return definition;
        }

        /// <summary>The impact, 0 to 100, from the rule's risk: critical 100, high 75, medium 50, low 25.</summary>
        internal static int Impact(string severity) => severity switch
        {
            RuleRisks.Critical => 100,
            RuleRisks.High => 75,
            RuleRisks.Medium => 50,
            _ => 25,
        };

        private static JsonObject Mitigation(Threat threat) => new()
        {
            { "id", MitigationId(threat) },
            { "name", string.IsNullOrWhiteSpace(threat.Justification) ? "Mitigated in code" : threat.Justification! },
            { "description", "[Mitigates(\"" + threat.RuleId + "\")] at " + (threat.Location is null ? "(no location)" : threat.Location.Path + ":" + threat.Location.Line) },
            { "riskReduction", 100 },
        };

        private static string MitigationId(Threat threat) => "mitigation:" + threat.Id;
    }
}
