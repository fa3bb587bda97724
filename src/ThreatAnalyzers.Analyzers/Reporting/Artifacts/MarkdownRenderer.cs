using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// threat-model.md: a summary by STRIDE category and status, the data-flow diagram in Mermaid (trust boundaries as
    /// subgraphs, data classes on the edges), the elements, the threats linked to their source lines, and a
    /// personal-data inventory.
    /// </summary>
    internal static class MarkdownRenderer
    {
        public const string FileName = "threat-model.md";

        private static readonly string[] Categories =
        {
            RuleCategories.Spoofing, RuleCategories.Tampering, RuleCategories.Repudiation,
            RuleCategories.InformationDisclosure, RuleCategories.DenialOfService, RuleCategories.ElevationOfPrivilege,
        };

        private static readonly string[] Statuses = { ThreatStatuses.Open, ThreatStatuses.Mitigated, ThreatStatuses.Accepted, ThreatStatuses.Suppressed };

        /// <param name="model">The model.</param>
        /// <param name="sourceLinkBase">The path from the artifact's folder to the project folder, '/'-separated, ending in '/'.</param>
        public static string Render(ThreatModel model, string sourceLinkBase)
        {
            var md = new StringBuilder();
            md.Append("# Threat model: ").Append(Escape(RenderedText.Name(model.System))).Append("\n\n");
            md.Append("Derived from the code by ThreatAnalyzers on every build: ").Append(Count(model.Elements.Count, "element"))
              .Append(", ").Append(Count(model.Flows.Count, "data flow")).Append(", ").Append(Count(model.Threats.Count, "threat")).Append(".\n\n");

            Summary(md, model);
            Diagram(md, model);
            Elements(md, model, sourceLinkBase);
            Threats(md, model, sourceLinkBase);
            DataInventory(md, model, sourceLinkBase);
            return md.ToString();
        }

        /// <summary>
        /// The Mermaid flowchart alone (the README shows the sample's). Node ids are e1, e2, … in the order of the model's
        /// elements and box ids b_ and the boundary id, made safe and unique, so no name ever becomes syntax; every
        /// label is quoted and escaped with Mermaid's entity codes (<see cref="Label"/>).
        /// </summary>
        public static string Mermaid(ThreatModel model)
        {
            var ids = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < model.Elements.Count; i++)
            {
                ids[model.Elements[i].Id] = "e" + (i + 1).ToString(CultureInfo.InvariantCulture);
            }

            var names = RenderedText.BoundaryNames(model);
            var boxIds = new HashSet<string>(StringComparer.Ordinal);
            var md = new StringBuilder();
            md.Append("flowchart LR\n");
            foreach (var boundaryId in model.Boundaries.Select(b => b.Id).Distinct(StringComparer.Ordinal))
            {
                var box = BoxId(boundaryId, boxIds);
                md.Append("  subgraph ").Append(box).Append("[\"").Append(Label(names[boundaryId], box)).Append("\"]\n");
                foreach (var element in model.Elements.Where(e => e.Boundary == boundaryId))
                {
                    md.Append("    ").Append(ids[element.Id]).Append(Shape(element)).Append('\n');
                }

                md.Append("  end\n");
            }

            foreach (var flow in model.Flows)
            {
                if (!ids.TryGetValue(flow.From, out var from) || !ids.TryGetValue(flow.To, out var to))
                {
                    continue;
                }

                md.Append("  ").Append(from);
                md.Append(flow.DataClasses.Count == 0 ? " --> " : " -->|\"" + Label(string.Join(", ", flow.DataClasses.Select(DataClassName))) + "\"| ");
                md.Append(to).Append('\n');
            }

            return md.ToString();
        }

        /// <summary>"b_" and the boundary id with every character but ASCII letters and digits as '_' ("b_payment_provider"), unique.</summary>
        private static string BoxId(string boundaryId, HashSet<string> taken)
        {
            var id = new StringBuilder("b_");
            foreach (var c in boundaryId)
            {
                id.Append(c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') ? c : '_');
            }

            var box = id.ToString();
            for (var n = 2; !taken.Add(box); n++)
            {
                box = id + "_" + n.ToString(CultureInfo.InvariantCulture);
            }

            return box;
        }

        private static void Summary(StringBuilder md, ThreatModel model)
        {
            md.Append("## Summary\n\n");
            if (model.ThreatsState != ThreatsStates.Complete)
            {
                md.Append("**Threats unknown:** the analyzers did not run in this build (`RunAnalyzers=false`) or their results could not be read, ")
                  .Append("so the list below is not a clean bill. The diagram is complete.\n\n");
            }

            md.Append("| STRIDE category | open | mitigated | accepted | suppressed |\n|---|---:|---:|---:|---:|\n");
            foreach (var category in Categories)
            {
                var threats = model.Threats.Where(t => t.Category == category).ToList();
                md.Append("| ").Append(CategoryName(category));
                foreach (var status in Statuses)
                {
                    md.Append(" | ").Append(threats.Count(t => t.Status == status));
                }

                md.Append(" |\n");
            }

            md.Append("| **All**");
            foreach (var status in Statuses)
            {
                md.Append(" | **").Append(model.Threats.Count(t => t.Status == status)).Append("**");
            }

            md.Append(" |\n\n");
            var off = model.Rules.Where(r => !r.Evaluated).Select(r => r.Id).ToList();
            if (off.Count > 0)
            {
                md.Append("Not evaluated (switched off for this build): ").Append(string.Join(", ", off)).Append(". Their threats are unknown, not zero.\n\n");
            }

            foreach (var rule in model.Rules.Where(r => r.Evaluated && r.NotEvaluatedIn.Count > 0))
            {
                md.Append(rule.Id).Append(" is switched off (.editorconfig) in ").Append(string.Join(", ", rule.NotEvaluatedIn.Select(Escape)))
                  .Append(": its threats there are unknown.\n\n");
            }

            if (model.Threats.Any(t => t.LimitReached))
            {
                md.Append("Some findings were made with an analysis limit reached (marked *limit* below): the flow may go further than they say.\n\n");
            }
        }

        private static void Diagram(StringBuilder md, ThreatModel model)
        {
            md.Append("## Data-flow diagram\n\n");
            md.Append("Trust boundaries are the boxes; edges carry the classes of data that travel on them.\n\n");
            md.Append("```mermaid\n").Append(Mermaid(model)).Append("```\n\n");
        }

        private static void Elements(StringBuilder md, ThreatModel model, string linkBase)
        {
            md.Append("## Elements\n\n| element | kind | boundary | data | controls | STRIDE addressed | source |\n|---|---|---|---|---|---|---|\n");
            var boundaries = RenderedText.BoundaryNames(model);
            foreach (var e in model.Elements)
            {
                md.Append("| ").Append(Escape(RenderedText.Name(e.Name))).Append(" | ").Append(KindName(e.Kind)).Append(" | ").Append(Escape(RenderedText.BoundaryName(boundaries, e.Boundary)))
                  .Append(" | ").Append(List(e.DataClasses.Select(DataClassName)))
                  .Append(" | ").Append(List(e.Controls.Select(c => c == Controls.Roles && e.Roles.Count > 0 ? "roles: " + string.Join(", ", e.Roles) : c)))
                  .Append(" | ").Append(e.Stride.Addressed.Count + " of " + e.Stride.Applicable.Count)
                  .Append(" | ").Append(Link(e.Location, linkBase)).Append(" |\n");
            }

            md.Append('\n');
        }

        private static void Threats(StringBuilder md, ThreatModel model, string linkBase)
        {
            md.Append("## Threats\n\n");
            if (model.Threats.Count == 0)
            {
                md.Append("No threats found.\n\n");
                return;
            }

            var elements = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var e in model.Elements)
            {
                elements[e.Id] = e.Name;
            }

            md.Append("| status | rule | STRIDE | severity | element | where | note |\n|---|---|---|---|---|---|---|\n");
            foreach (var t in model.Threats.OrderBy(t => StatusOrder(t.Status)).ThenBy(t => t.Id, StringComparer.Ordinal))
            {
                var note = t.Status switch
                {
                    ThreatStatuses.Mitigated => "Mitigated: " + t.Justification,
                    ThreatStatuses.Accepted => "Accepted: " + t.Justification
                                               + (t.Owner is null ? string.Empty : " (owner: " + t.Owner + ")")
                                               + (t.Expires is null ? string.Empty : " until " + t.Expires),
                    ThreatStatuses.Suppressed => "Suppressed in code" + (t.Justification is null ? string.Empty : ": " + t.Justification) + ". " + t.Message,
                    _ => t.Message,
                } + (t.LimitReached ? " (*limit*)" : string.Empty);
                md.Append("| ").Append(t.Status).Append(" | [").Append(t.RuleId).Append("](").Append(ThreatDragonRenderer.HelpOf(model, t.RuleId)).Append(") ")
                  .Append(Escape(t.Title)).Append(" | ").Append(CategoryName(t.Category)).Append(" | ").Append(t.Severity)
                  .Append(" | ").Append(Escape(elements.TryGetValue(t.Element, out var name) ? RenderedText.Name(name) : t.Element))
                  .Append(" | ").Append(Link(t.Location, linkBase)).Append(" | ").Append(Escape(note)).Append(" |\n");
            }

            md.Append('\n');
        }

        /// <summary>
        /// The personal-data inventory (<see cref="PersonalDataInventory"/>): a table per class of data, each element that
        /// receives, stores, logs or sends it with its encryption, authentication and audit state and the findings that
        /// establish them.
        /// </summary>
        private static void DataInventory(StringBuilder md, ThreatModel model, string linkBase)
        {
            md.Append("## Personal-data inventory\n\n");
            var inventory = PersonalDataInventory.Of(model);
            if (inventory.Count == 0)
            {
                md.Append("No element handles classified data.\n\n");
                return;
            }

            md.Append("Per class of data, every element that receives, stores, logs or sends it (from the data flows), with its state: ")
              .Append("what the annotations declare and what the rules found (each finding with its status and where the build reported it).")
              .Append(model.ThreatsState == ThreatsStates.Complete ? string.Empty : " The threats are unknown in this build, so no state rests on a rule's silence.")
              .Append("\n\n");
            var elements = new Dictionary<string, Element>(StringComparer.Ordinal);
            foreach (var e in model.Elements)
            {
                elements[e.Id] = e;
            }

            var boundaries = RenderedText.BoundaryNames(model);
            var threats = new Dictionary<string, Threat>(StringComparer.Ordinal);
            foreach (var t in model.Threats)
            {
                threats[t.Id] = t;
            }

            foreach (var dataClass in inventory)
            {
                md.Append("### ").Append(DataClassName(dataClass.DataClass)).Append("\n\n");
                md.Append("| element | kind | boundary | role | encryption | authentication | audit | other findings |\n|---|---|---|---|---|---|---|---|\n");
                foreach (var entry in dataClass.Elements)
                {
                    var element = elements[entry.Element];
                    var shown = new HashSet<string>(StringComparer.Ordinal);
                    string Found(InventoryAspect aspect) => string.Join(", ", aspect.Threats.Select(id => { shown.Add(id); return FindingText(threats[id], linkBase); }));

                    var encryption = new List<string>();
                    if (entry.EncryptionAtRest is { } atRest)
                    {
                        encryption.Add(EncryptionText("at rest", "[EncryptedAtRest]", atRest, Found(atRest)));
                    }

                    if (entry.EncryptionInTransit is { } inTransit)
                    {
                        encryption.Add(EncryptionText("in transit", "[EncryptedInTransit]", inTransit, Found(inTransit)));
                    }

                    var authentication = entry.Authentication is { } auth ? AuthenticationText(element, auth, Found(auth)) : "—";
                    var audit = entry.Audit is { } trail ? AuditText(trail, Found(trail)) : "—";
                    var others = entry.Threats.Where(id => !shown.Contains(id)).Select(id => FindingText(threats[id], linkBase)).ToList();
                    md.Append("| ").Append(Escape(RenderedText.Name(element.Name))).Append(" | ").Append(KindName(element.Kind))
                      .Append(" | ").Append(Escape(RenderedText.BoundaryName(boundaries, element.Boundary)))
                      .Append(" | ").Append(string.Join(", ", entry.Roles))
                      .Append(" | ").Append(encryption.Count == 0 ? "—" : string.Join("; ", encryption))
                      .Append(" | ").Append(authentication)
                      .Append(" | ").Append(audit)
                      .Append(" | ").Append(others.Count == 0 ? "—" : string.Join(", ", others)).Append(" |\n");
                }

                md.Append('\n');
            }
        }

        private static string EncryptionText(string where, string annotation, InventoryAspect aspect, string found) => aspect.State switch
        {
            InventoryStates.Declared => "encrypted " + where + " (" + annotation + ")",
            InventoryStates.Finding => "**not encrypted " + where + "**: " + found,
            InventoryStates.NoFinding => where + ": not declared, no " + Rules(aspect) + " finding",
            InventoryStates.NotEvaluated => where + ": not declared, " + Rules(aspect) + " not evaluated",
            _ => where + ": not declared",
        };

        private static string AuthenticationText(Element element, InventoryAspect aspect, string found)
        {
            var state = aspect.State switch
            {
                InventoryStates.Required => element.Roles.Count > 0 ? "required (roles: " + Escape(string.Join(", ", element.Roles)) + ")" : "required",
                InventoryStates.PublicByDesign => "public by design",
                _ => "**none**",
            };
            return found.Length == 0 ? state : state + ": " + found;
        }

        private static string AuditText(InventoryAspect aspect, string found) => aspect.State switch
        {
            InventoryStates.Declared => "audited ([Audited])",
            InventoryStates.Finding => "**no audit trail**: " + found,
            InventoryStates.NoFinding => "not declared, no " + Rules(aspect) + " finding",
            InventoryStates.NotEvaluated => "not declared, " + Rules(aspect) + " not evaluated",
            _ => "not declared",
        };

        private static string Rules(InventoryAspect aspect) => string.Join("/", aspect.Rules);

        /// <summary>"TA4003 open at [path:line](link)": the rule, the status and where the build reported it.</summary>
        private static string FindingText(Threat threat, string linkBase)
            => threat.RuleId + " " + threat.Status + (threat.Location is null ? string.Empty : " at " + Link(threat.Location, linkBase));

        private static int StatusOrder(string status) => Array.IndexOf(Statuses, status) is var i and >= 0 ? i : Statuses.Length;

        private static string Shape(Element element)
        {
            var label = Label(RenderedText.Name(element.Name));
            return element.Kind switch
            {
                ElementKinds.Process => "([\"" + label + "\"])",
                ElementKinds.DataStore => "[(\"" + label + "\")]",
                _ => "[\"" + label + "\"]",
            };
        }

        /// <summary>A link to the line: the path as its text (brackets escaped), each of its segments percent-encoded in the target.</summary>
        internal static string Link(SourceLocation? location, string linkBase)
            => location is null ? string.Empty
             : "[" + Escape(location.Path).Replace("[", "\\[").Replace("]", "\\]") + ":" + location.Line.ToString(CultureInfo.InvariantCulture) + "](" + linkBase
               + string.Join("/", RenderedText.WellFormed(location.Path).Split('/').Select(segment => segment == "." || segment == ".." ? segment : Uri.EscapeDataString(segment)))
               + "#L" + location.Line.ToString(CultureInfo.InvariantCulture) + ")";

        private static string List(IEnumerable<string> items)
        {
            var list = items.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).Select(Escape).ToList();
            return list.Count == 0 ? "—" : string.Join(", ", list);
        }

        private static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");

        public static string CategoryName(string category) => category switch
        {
            RuleCategories.InformationDisclosure => "Information disclosure",
            RuleCategories.DenialOfService => "Denial of service",
            RuleCategories.ElevationOfPrivilege => "Elevation of privilege",
            _ => category,
        };

        public static string DataClassName(string dataClass) => dataClass switch
        {
            DataClasses.Pii => "PII",
            DataClasses.Secrets => "secrets",
            _ => dataClass,
        };

        internal static string KindName(string kind) => kind switch
        {
            ElementKinds.ExternalEntity => "external entity",
            ElementKinds.DataStore => "data store",
            _ => kind,
        };

        /// <summary>
        /// Text inside a Markdown table cell: on one line, '|' and '\\' escaped with a backslash (GFM splits cells on every
        /// '|' no backslash escapes, and "\\\\" is an escaped backslash), '&lt;' as an entity so no text becomes HTML.
        /// </summary>
        internal static string Escape(string text)
        {
            var cell = new StringBuilder(text.Length);
            foreach (var c in RenderedText.OneLine(RenderedText.WellFormed(text)))
            {
                switch (c)
                {
                    case '\\': cell.Append("\\\\"); break;
                    case '|': cell.Append("\\|"); break;
                    case '<': cell.Append("&lt;"); break;
                    default: cell.Append(c); break;
                }
            }

            return cell.ToString();
        }

        /// <summary>Longest label the diagram shows in full; a longer one is cut and ends in '…' (Mermaid draws no diagram over 50,000 characters).</summary>
        internal const int MaxLabel = 120;

        /// <summary>
        /// Text inside a quoted Mermaid label: on one line, at most <see cref="MaxLabel"/> characters, and every character
        /// Mermaid or the page would take for syntax written as Mermaid's entity code (#quot; #35; …): the quote that ends
        /// the label, '#' that starts a code, '%' (%% starts comments and directives), '&amp;', '&lt;' and '&gt;' (HTML),
        /// '`' (Markdown strings); ':' too on a line that says "style" or "classDef" (Mermaid rewrites such lines).
        /// </summary>
        internal static string Label(string text, string lineContext = "")
        {
            var line = RenderedText.OneLine(RenderedText.WellFormed(text));
            if (line.Length > MaxLabel)
            {
                var cut = MaxLabel - 1;
                if (char.IsLowSurrogate(line[cut]))
                {
                    cut--;
                }

                line = line.Substring(0, cut).TrimEnd() + "…";
            }

            var styleLine = (lineContext + line).Contains("style") || (lineContext + line).Contains("classDef");
            var label = new StringBuilder(line.Length);
            foreach (var c in line)
            {
                switch (c)
                {
                    case '"': label.Append("#quot;"); break;
                    case '#': label.Append("#35;"); break;
                    case '%': label.Append("#37;"); break;
                    case '&': label.Append("#amp;"); break;
                    case '<': label.Append("#lt;"); break;
                    case '>': label.Append("#gt;"); break;
                    case '`': label.Append("#96;"); break;
                    case ':' when styleLine: label.Append("#58;"); break;
                    default: label.Append(c); break;
                }
            }

            return label.ToString();
        }
    }
}
