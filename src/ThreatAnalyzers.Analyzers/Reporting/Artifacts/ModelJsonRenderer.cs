using System;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// threat-model.json: the canonical model (docs/threat-model.schema.json). Field names are a contract. Text is written
    /// as the model has it, except a system, boundary or element name that shows nothing, written as
    /// <see cref="RenderedText.Unnamed"/> (the schema wants a name), a boundary id that is not lower-case ASCII
    /// (<see cref="RenderedText.BoundaryId"/>), and lone surrogates, written as U+FFFD.
    /// </summary>
    internal static class ModelJsonRenderer
    {
        public const string FileName = "threat-model.json";

        /// <summary>The intermediate the model analyzer hands the build step: the model before the join, with each flow's methods.</summary>
        public const string IntermediateFileName = "threat-model.model.json";

        /// <param name="model">The model.</param>
        /// <param name="intermediate">The model analyzer's output for the build step's join (the model's own boundary ids, no inventory).</param>
        public static string Render(ThreatModel model, bool intermediate = false)
        {
            // The published file's boundary ids follow its schema; the intermediate keeps the model's, which the join matches.
            Func<string, string> boundaryId = intermediate ? id => id : RenderedText.BoundaryId;
            var root = new JsonObject
            {
                { "schemaVersion", model.SchemaVersion },
                { "system", RenderedText.Name(model.System) },
                { "boundaries", model.Boundaries.Select(b => new JsonObject { { "id", boundaryId(b.Id) }, { "name", RenderedText.Name(b.Name) } }).ToList() },
                { "elements", model.Elements.Select(e => Element(e, boundaryId)).ToList() },
                { "flows", model.Flows.Select(f => { var o = Flow(f, boundaryId); o.Add("via", f.Via.ToList()); return o; }).ToList() },
                { "threatsState", model.ThreatsState },
                { "rules", model.Rules.Select(Rule).ToList() },
                { "threats", model.Threats.Select(Threat).ToList() },
            };
            if (!intermediate)
            {
                // Derived from the joined model: the model analyzer's intermediate has no threats yet, so it has no inventory either.
                root.Add("personalData", PersonalDataInventory.Of(model).Select(InventoryClass).ToList());
            }

            return Json.Write(root);
        }

        private static JsonObject Element(Element e, Func<string, string> boundaryId) => new()
        {
            { "id", e.Id },
            { "name", RenderedText.Name(e.Name) },
            { "kind", e.Kind },
            { "boundary", boundaryId(e.Boundary) },
            { "location", Location(e.Location) },
            { "dataClasses", e.DataClasses.ToList() },
            { "controls", e.Controls.ToList() },
            { "roles", e.Roles.ToList() },
            { "stride", new JsonObject { { "applicable", e.Stride.Applicable.ToList() }, { "addressed", e.Stride.Addressed.ToList() } } },
        };

        private static JsonObject Flow(Flow f, Func<string, string> boundaryId) => new()
        {
            { "id", f.Id },
            { "from", f.From },
            { "to", f.To },
            { "dataClasses", f.DataClasses.ToList() },
            { "crossesBoundary", f.CrossesBoundary is null ? null : boundaryId(f.CrossesBoundary) },
        };

        private static JsonObject Rule(RuleInfo r) => new()
        {
            { "id", r.Id },
            { "title", r.Title },
            { "category", r.Category },
            { "cwe", r.Cwe },
            { "risk", r.Risk },
            { "defaultSeverity", r.DefaultSeverity },
            { "helpUri", r.HelpUri },
            { "description", r.Description },
            { "evaluated", r.Evaluated },
            { "notEvaluatedIn", r.NotEvaluatedIn.ToList() },
        };

        private static JsonObject Threat(Threat t) => new()
        {
            { "id", t.Id },
            { "ruleId", t.RuleId },
            { "title", t.Title },
            { "category", t.Category },
            { "severity", t.Severity },
            { "element", t.Element },
            { "location", Location(t.Location) },
            { "message", t.Message },
            { "status", t.Status },
            { "justification", t.Justification },
            { "owner", t.Owner },
            { "expires", t.Expires },
            { "related", t.Related.Select(l => (object?)Location(l)).ToList() },
            { "limitReached", t.LimitReached },
            { "dataClasses", t.DataClasses.ToList() },
        };

        private static JsonObject InventoryClass(InventoryClass c) => new()
        {
            { "dataClass", c.DataClass },
            { "elements", c.Elements.Select(InventoryEntry).ToList() },
        };

        private static JsonObject InventoryEntry(InventoryEntry e) => new()
        {
            { "element", e.Element },
            { "roles", e.Roles.ToList() },
            { "encryptionAtRest", Aspect(e.EncryptionAtRest) },
            { "encryptionInTransit", Aspect(e.EncryptionInTransit) },
            { "authentication", Aspect(e.Authentication) },
            { "audit", Aspect(e.Audit) },
            { "threats", e.Threats.ToList() },
        };

        private static JsonObject? Aspect(InventoryAspect? a)
            => a is null ? null : new JsonObject { { "state", a.State }, { "rules", a.Rules.ToList() }, { "threats", a.Threats.ToList() } };

        private static JsonObject? Location(SourceLocation? location)
            => location is null ? null : new JsonObject { { "path", location.Path }, { "line", location.Line } };
    }
}
