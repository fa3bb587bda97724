using System;
using System.Collections.Generic;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// threat-model.threatdragon.json: an OWASP Threat Dragon v2 model with one STRIDE diagram. Threat Dragon decides which
    /// boundary box holds an element from geometry, so every element is placed inside its boundary's box: boxes side by
    /// side, elements stacked inside. No nulls are written (strict schema validators reject them in string fields).
    /// </summary>
    internal static class ThreatDragonRenderer
    {
        public const string FileName = "threat-model.threatdragon.json";
        public const string Version = "2.2.0";

        // Layout, in Threat Dragon's pixels.
        private const int BoxWidth = 280;
        private const int BoxGap = 80;
        private const int BoxTop = 40;
        private const int HeaderHeight = 60;
        private const int RowHeight = 130;
        private const int Margin = 40;

        public static string Render(ThreatModel model)
        {
            var cells = new List<object>();
            var inventory = new Dictionary<string, List<(string DataClass, InventoryEntry Entry)>>(StringComparer.Ordinal);
            foreach (var dataClass in PersonalDataInventory.Of(model))
            {
                foreach (var entry in dataClass.Elements)
                {
                    if (!inventory.TryGetValue(entry.Element, out var entries))
                    {
                        inventory[entry.Element] = entries = new List<(string, InventoryEntry)>();
                    }

                    entries.Add((dataClass.DataClass, entry));
                }
            }

            var threatsById = new Dictionary<string, Threat>(StringComparer.Ordinal);
            foreach (var threat in model.Threats)
            {
                threatsById[threat.Id] = threat;
            }

            var cellIds = model.Elements.ToDictionary(e => e.Id, e => StableId("element:" + e.Id), StringComparer.Ordinal);
            var zIndex = 1;
            var threatNumber = 0;

            var column = 0;
            var boundaryNames = RenderedText.BoundaryNames(model);
            foreach (var boundary in OrderedBoundaries(model))
            {
                var members = model.Elements.Where(e => e.Boundary == boundary.Id).ToList();
                var x = Margin + column * (BoxWidth + BoxGap);
                var height = HeaderHeight + members.Count * RowHeight + 20;
                cells.Add(BoundaryBox(boundary.Id, boundaryNames[boundary.Id], x, height));

                for (var row = 0; row < members.Count; row++)
                {
                    var element = members[row];
                    var (width, elementHeight) = SizeOf(element.Kind);
                    var position = new JsonObject { { "x", x + (BoxWidth - width) / 2 }, { "y", BoxTop + HeaderHeight + row * RowHeight } };
                    var threats = model.Threats.Where(t => t.Element == element.Id).Select(t => (object)Threat(model, t, ++threatNumber)).ToList();
                    cells.Add(new JsonObject
                    {
                        { "id", cellIds[element.Id] },
                        { "shape", ShapeOf(element.Kind) },
                        { "zIndex", ++zIndex },
                        { "visible", true },
                        { "position", position },
                        { "size", new JsonObject { { "width", width }, { "height", elementHeight } } },
                        { "attrs", NodeAttrs(element) },
                        { "data", NodeData(element, threats, model, inventory.TryGetValue(element.Id, out var personal) ? personal : new List<(string, InventoryEntry)>(), threatsById) },
                    });
                }

                column++;
            }

            foreach (var flow in model.Flows)
            {
                var name = flow.DataClasses.Count == 0 ? string.Empty : string.Join(", ", flow.DataClasses.Select(MarkdownRenderer.DataClassName));
                cells.Add(new JsonObject
                {
                    { "id", StableId("flow:" + flow.Id) },
                    { "shape", "flow" },
                    { "zIndex", ++zIndex },
                    { "connector", "smooth" },
                    { "source", new JsonObject { { "cell", cellIds[flow.From] } } },
                    { "target", new JsonObject { { "cell", cellIds[flow.To] } } },
                    { "vertices", new List<object>() },
                    {
                        "attrs", new JsonObject
                        {
                            {
                                "line", new JsonObject
                                {
                                    { "stroke", "#333333" },
                                    { "strokeWidth", 1 },
                                    { "targetMarker", new JsonObject { { "name", "block" } } },
                                    { "sourceMarker", new JsonObject { { "name", "" } } },
                                    { "strokeDasharray", "" },
                                }
                            },
                        }
                    },
                    { "labels", new List<object> { name } },
                    {
                        "data", new JsonObject
                        {
                            { "type", "tm.Flow" },
                            { "name", name },
                            { "description", flow.From + " to " + flow.To },
                            { "outOfScope", false },
                            { "reasonOutOfScope", "" },
                            { "protocol", "" },
                            { "isBidirectional", false },
                            { "isEncrypted", false },
                            { "isPublicNetwork", flow.CrossesBoundary == ModelText.Slug(ModelText.InternetBoundary) },
                            { "isTrustBoundary", false },
                            { "hasOpenThreats", false },
                            { "threats", new List<object>() },
                        }
                    },
                });
            }

            var root = new JsonObject
            {
                { "version", Version },
                {
                    "summary", new JsonObject
                    {
                        { "title", RenderedText.Name(model.System) },
                        { "owner", "" },
                        { "description", "Derived from the code of " + RenderedText.Name(model.System) + " by ThreatAnalyzers." + SummaryNote(model) },
                        { "id", 0 },
                    }
                },
                {
                    "detail", new JsonObject
                    {
                        { "contributors", new List<object>() },
                        {
                            "diagrams", new List<object>
                            {
                                new JsonObject
                                {
                                    { "id", 0 },
                                    { "title", RenderedText.Name(model.System) + " data flows" },
                                    { "diagramType", "STRIDE" },
                                    { "placeholder", "Data-flow diagram derived from the code" },
                                    { "thumbnail", "./public/content/images/thumbnail.stride.jpg" },
                                    { "version", Version },
                                    { "cells", cells },
                                },
                            }
                        },
                        { "diagramTop", 1 },
                        { "reviewer", "" },
                        { "threatTop", threatNumber },
                    }
                },
            };
            return Json.Write(root);
        }

        /// <summary>
        /// Outside parties on the left, the system in the middle, external services on the right; each boundary id once
        /// (two names can slug to one id: one box holds their elements).
        /// </summary>
        private static IEnumerable<Boundary> OrderedBoundaries(ThreatModel model)
        {
            var system = ModelText.Slug(model.System);
            var external = ModelText.Slug(ModelText.ExternalServicesBoundary);
            return model.Boundaries.GroupBy(b => b.Id, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(b => b.Id == system ? 1 : b.Id == external ? 2 : 0).ThenBy(b => b.Id, StringComparer.Ordinal);
        }

        private static JsonObject BoundaryBox(string id, string name, int x, int height) => new()
        {
            { "id", StableId("boundary:" + id) },
            { "shape", "trust-boundary-box" },
            { "zIndex", -1 },
            { "visible", true },
            { "position", new JsonObject { { "x", x }, { "y", BoxTop } } },
            { "size", new JsonObject { { "width", BoxWidth }, { "height", height } } },
            { "attrs", new JsonObject { { "label", new JsonObject { { "text", name } } } } },
            {
                "data", new JsonObject
                {
                    { "type", "tm.BoundaryBox" },
                    { "name", name },
                    { "description", "" },
                    { "isTrustBoundary", true },
                    { "hasOpenThreats", false },
                }
            },
        };

        private static JsonObject NodeAttrs(Element element)
        {
            var stroke = new JsonObject { { "stroke", "#333333" }, { "strokeWidth", 1.5 }, { "strokeDasharray", "" } };
            var attrs = new JsonObject { { "text", new JsonObject { { "text", RenderedText.Name(element.Name) } } } };
            if (element.Kind == ElementKinds.DataStore)
            {
                attrs.Add("topLine", stroke);
                attrs.Add("bottomLine", new JsonObject { { "stroke", "#333333" }, { "strokeWidth", 1.5 }, { "strokeDasharray", "" } });
            }
            else
            {
                attrs.Add("body", stroke);
            }

            return attrs;
        }

        private static JsonObject NodeData(
            Element element, List<object> threats, ThreatModel model, List<(string DataClass, InventoryEntry Entry)> personalData, Dictionary<string, Threat> threatsById)
        {
            var hasOpen = model.Threats.Any(t => t.Element == element.Id && t.Status == ThreatStatuses.Open);
            var data = new JsonObject
            {
                { "type", element.Kind switch { ElementKinds.Process => "tm.Process", ElementKinds.DataStore => "tm.Store", _ => "tm.Actor" } },
                { "name", RenderedText.Name(element.Name) },
                { "description", Description(element, personalData, threatsById) },
                { "outOfScope", false },
                { "reasonOutOfScope", "" },
                { "isTrustBoundary", false },
                { "hasOpenThreats", hasOpen },
                { "threats", threats },
            };

            switch (element.Kind)
            {
                case ElementKinds.Process:
                    data.Add("handlesCardPayment", false);
                    data.Add("handlesGoodsOrServices", false);
                    data.Add("isWebApplication", element.Boundary == model.Boundaries.FirstOrDefault(b => b.Name == model.System)?.Id);
                    data.Add("privilegeLevel", element.Roles.Count == 0 ? "" : string.Join(", ", element.Roles));
                    break;
                case ElementKinds.DataStore:
                    data.Add("isALog", ModelText.IsLogs(element.Id));
                    data.Add("storesCredentials", element.DataClasses.Contains(DataClasses.Secrets) || element.DataClasses.Contains(DataClasses.Pii));
                    data.Add("isEncrypted", element.Controls.Contains(Controls.EncryptedAtRest));
                    data.Add("isSigned", false);
                    break;
                default:
                    data.Add("providesAuthentication", false);
                    break;
            }

            // The personal-data inventory's entries for this element, as in threat-model.json's personalData (Threat Dragon's
            // schema allows further properties in a cell's data; its editor shows them in no panel, so the description says them too).
            if (personalData.Count > 0)
            {
                data.Add("personalData", personalData.Select(p =>
                {
                    // An aspect that does not apply to the element's kind is left out (no nulls in this file).
                    var entry = new JsonObject { { "dataClass", p.DataClass }, { "roles", p.Entry.Roles.ToList() } };
                    entry.AddIfNotNull("encryptionAtRest", p.Entry.EncryptionAtRest?.State);
                    entry.AddIfNotNull("encryptionInTransit", p.Entry.EncryptionInTransit?.State);
                    entry.AddIfNotNull("authentication", p.Entry.Authentication?.State);
                    entry.AddIfNotNull("audit", p.Entry.Audit?.State);
                    entry.Add("threats", p.Entry.Threats.Select(id => (object)StableId("threat:" + id)).ToList());
                    return (object)entry;
                }).ToList());
            }

            return data;
        }

        private static string Description(Element element, List<(string DataClass, InventoryEntry Entry)> personalData, Dictionary<string, Threat> threatsById)
        {
            var parts = new List<string> { element.Id };
            if (element.Location is { } location)
            {
                parts.Add(location.Path + ":" + location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            if (element.DataClasses.Count > 0)
            {
                parts.Add("data: " + string.Join(", ", element.DataClasses.Select(MarkdownRenderer.DataClassName)));
            }

            if (element.Controls.Count > 0)
            {
                parts.Add("controls: " + string.Join(", ", element.Controls));
            }

            foreach (var (dataClass, entry) in personalData)
            {
                var states = new List<string> { string.Join(", ", entry.Roles) };
                void Add(string aspect, InventoryAspect? state)
                {
                    if (state is not null)
                    {
                        states.Add(aspect + ": " + state.State + (state.Threats.Count == 0 ? "" : " (" + string.Join(", ", state.Threats.Select(id => threatsById[id].RuleId + " " + threatsById[id].Status)) + ")"));
                    }
                }

                Add("encryption at rest", entry.EncryptionAtRest);
                Add("encryption in transit", entry.EncryptionInTransit);
                Add("authentication", entry.Authentication);
                Add("audit", entry.Audit);
                var inAspects = new[] { entry.EncryptionAtRest, entry.EncryptionInTransit, entry.Authentication, entry.Audit }.SelectMany(a => a?.Threats ?? EquatableArray<string>.Empty);
                var others = entry.Threats.Except(inAspects, StringComparer.Ordinal).Select(id => threatsById[id].RuleId + " " + threatsById[id].Status).ToList();
                if (others.Count > 0)
                {
                    states.Add("findings: " + string.Join(", ", others));
                }

                parts.Add("personal data, " + MarkdownRenderer.DataClassName(dataClass) + ": " + string.Join("; ", states));
            }

            return string.Join("\n", parts);
        }

        /// <summary>What the threat list cannot say by itself: unknown threats, rules not evaluated.</summary>
        private static string SummaryNote(ThreatModel model)
        {
            var note = model.ThreatsState == ThreatsStates.Complete
                ? string.Empty
                : " Threats unknown: the analyzers did not run in this build or their results could not be read.";
            var off = model.Rules.Where(r => !r.Evaluated).Select(r => r.Id).ToList();
            return off.Count == 0 ? note : note + " Not evaluated (switched off): " + string.Join(", ", off) + ".";
        }

        /// <summary>The rule's help page, from the rule metadata the model carries.</summary>
        public static string HelpOf(ThreatModel model, string ruleId)
            => model.Rules.FirstOrDefault(r => r.Id == ruleId)?.HelpUri ?? ruleId;

        private static JsonObject Threat(ThreatModel model, Threat t, int number) => new()
        {
            { "id", StableId("threat:" + t.Id) },
            { "number", number },
            { "title", t.RuleId + " " + t.Title },
            { "type", MarkdownRenderer.CategoryName(t.Category) },
            { "modelType", "STRIDE" },
            { "status", t.Status switch { ThreatStatuses.Mitigated => "Mitigated", ThreatStatuses.Accepted => "Accepted", _ => "Open" } },
            { "severity", t.Severity switch { RuleRisks.Critical or RuleRisks.High => "High", RuleRisks.Low => "Low", _ => "Medium" } },
            { "score", "" },
            { "description", t.Message + (t.Location is null ? "" : " (" + t.Location.Path + ":" + t.Location.Line.ToString(System.Globalization.CultureInfo.InvariantCulture) + ")") },
            {
                "mitigation", t.Status switch
                {
                    ThreatStatuses.Mitigated => t.Justification ?? "",
                    ThreatStatuses.Accepted => "Accepted risk: " + t.Justification + (t.Owner is null ? "" : " (owner: " + t.Owner + ")") + (t.Expires is null ? "" : " until " + t.Expires),
                    ThreatStatuses.Suppressed => "Suppressed in code" + (t.Justification is null ? "" : ": " + t.Justification) + ". See " + HelpOf(model, t.RuleId),
                    _ => "See " + HelpOf(model, t.RuleId),
                }
            },
        };

        private static string ShapeOf(string kind) => kind switch
        {
            ElementKinds.Process => "process",
            ElementKinds.DataStore => "store",
            _ => "actor",
        };

        private static (int Width, int Height) SizeOf(string kind) => kind == ElementKinds.Process ? (100, 100) : (160, 80);

        /// <summary>A UUID-shaped id derived from a stable key (two 64-bit FNV-1a hashes), so the file is the same on every build.</summary>
        public static string StableId(string key)
        {
            var a = Fnv(key, 14695981039346656037UL);
            var b = Fnv(key, 1099511628211UL * 31);
            var hex = a.ToString("x16", System.Globalization.CultureInfo.InvariantCulture) + b.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
            return hex.Substring(0, 8) + "-" + hex.Substring(8, 4) + "-" + hex.Substring(12, 4) + "-" + hex.Substring(16, 4) + "-" + hex.Substring(20, 12);
        }

        private static ulong Fnv(string key, ulong seed)
        {
            var hash = seed;
            foreach (var c in key)
            {
                hash ^= c;
                hash = unchecked(hash * 1099511628211UL);
            }

            return hash;
        }
    }
}
