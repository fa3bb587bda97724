using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Tool
{
    /// <summary>The three forms of a <see cref="ModelDiff"/>: Markdown for a pull-request comment, JSON for tools, text for a log.</summary>
    internal static class DiffOutput
    {
        private static readonly (string Kind, string Added, string Removed)[] ElementGroups =
        {
            (ElementKinds.Process, "New entry points", "Removed entry points"),
            (ElementKinds.DataStore, "New data stores", "Removed data stores"),
            (ElementKinds.ExternalEntity, "New external entities", "Removed external entities"),
        };

        /// <summary>The diagram is left out above this many nodes: a pull-request comment cannot show it usefully.</summary>
        private const int MaxDiagramNodes = 60;

        public static string Markdown(ModelDiff diff, string linkBase)
        {
            var md = new StringBuilder();
            md.Append("## Threat model changes: ").Append(MarkdownRenderer.Escape(diff.System)).Append("\n\n");
            if (UnknownThreats(diff) is { } warning)
            {
                md.Append("> **Warning**: ").Append(warning).Append("\n\n");
            }

            if (diff.IsEmpty)
            {
                md.Append("No change to the architecture or its threats.\n");
                return md.ToString();
            }

            md.Append("| change | count |\n|---|---:|\n");
            foreach (var (label, count) in Counts(diff).Where(c => c.Count > 0))
            {
                md.Append("| ").Append(label).Append(" | ").Append(count.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
            }

            md.Append('\n');
            ThreatSection(md, diff, "Threats opened", diff.Opened, linkBase);
            ThreatSection(md, diff, "Threats closed", diff.Closed, linkBase);
            ThreatSection(md, diff, "Threats newly mitigated", diff.NewlyMitigated, linkBase);
            ThreatSection(md, diff, "Risks newly accepted", diff.NewlyAccepted, linkBase);
            if (diff.Expiring.Count > 0)
            {
                md.Append("### Acceptances expiring within ").Append(Days(diff.ExpiringWithinDays)).Append(" of ").Append(Date(diff.Today)).Append("\n\n");
                foreach (var x in diff.Expiring)
                {
                    md.Append("- **").Append(x.Threat.RuleId).Append("** ").Append(MarkdownRenderer.Escape(x.Threat.Title)).Append(" on `")
                      .Append(Code(diff.NameOf(x.Threat.Element))).Append("` ").Append(MarkdownRenderer.Link(x.Threat.Location, linkBase))
                      .Append(": ").Append(Expiry(x)).Append(", owner ").Append(MarkdownRenderer.Escape(x.Threat.Owner ?? "(none)"))
                      .Append(" — ").Append(MarkdownRenderer.Escape(x.Threat.Justification ?? string.Empty)).Append('\n');
                }

                md.Append('\n');
            }

            var architecture = new StringBuilder();
            foreach (var (kind, added, removed) in ElementGroups)
            {
                ElementList(architecture, added, diff.AddedElements.Where(e => e.Kind == kind), linkBase);
                ElementList(architecture, removed, diff.RemovedElements.Where(e => e.Kind == kind), linkBase);
            }

            BoundaryList(architecture, "New trust boundaries", diff.AddedBoundaries);
            BoundaryList(architecture, "Removed trust boundaries", diff.RemovedBoundaries);
            FlowList(architecture, diff, "New flows across a trust boundary", diff.AddedCrossingFlows);
            FlowList(architecture, diff, "Flows across a trust boundary no longer made", diff.RemovedCrossingFlows);
            if (diff.DataNewlyOnFlows.Count > 0)
            {
                architecture.Append("#### Data newly on a flow\n\n");
                foreach (var change in diff.DataNewlyOnFlows)
                {
                    architecture.Append("- `").Append(Code(diff.NameOf(change.Flow.From))).Append("` → `").Append(Code(diff.NameOf(change.Flow.To))).Append("`: ")
                                .Append(string.Join(", ", change.NewDataClasses.Select(c => "**" + MarkdownRenderer.DataClassName(c) + "**")))
                                .Append(change.Flow.CrossesBoundary is null ? string.Empty : " (crosses " + MarkdownRenderer.Escape(diff.BoundaryName(change.Flow.CrossesBoundary)) + ")").Append('\n');
                }

                architecture.Append('\n');
            }

            if (diff.ControlChanges.Count > 0)
            {
                architecture.Append("#### Controls changed\n\n");
                foreach (var change in diff.ControlChanges)
                {
                    architecture.Append("- `").Append(Code(change.Element.Name)).Append("` ").Append(MarkdownRenderer.Link(change.Element.Location, linkBase)).Append(':')
                                .Append(change.Removed.Count > 0 ? " removed **" + string.Join(", ", change.Removed) + "**" : string.Empty)
                                .Append(change.Removed.Count > 0 && change.Added.Count > 0 ? ";" : string.Empty)
                                .Append(change.Added.Count > 0 ? " added " + string.Join(", ", change.Added) : string.Empty).Append('\n');
                }

                architecture.Append('\n');
            }

            if (architecture.Length > 0)
            {
                md.Append("### Architecture\n\n").Append(architecture);
            }

            Diagram(md, diff);
            return md.ToString();
        }

        public static string Text(ModelDiff diff, Terminal terminal)
        {
            var text = new StringBuilder();
            text.Append(terminal.Bold("Threat model changes: " + diff.System)).Append('\n');
            if (UnknownThreats(diff) is { } warning)
            {
                text.Append(terminal.Yellow("warning")).Append(' ').Append(warning).Append('\n');
            }

            if (diff.IsEmpty)
            {
                text.Append("No change to the architecture or its threats.\n");
                return text.ToString();
            }

            void Threats(string title, IReadOnlyList<Threat> threats, Func<string, string> paint)
            {
                foreach (var t in threats)
                {
                    text.Append(paint(title)).Append(' ').Append(terminal.Severity(t.Severity, t.Severity)).Append(' ').Append(t.RuleId).Append(' ').Append(t.Title)
                        .Append(" on ").Append(diff.NameOf(t.Element)).Append(" at ").Append(Where(t.Location)).Append('\n');
                }
            }

            Threats("opened", diff.Opened, terminal.Red);
            Threats("closed", diff.Closed, terminal.Green);
            Threats("mitigated", diff.NewlyMitigated, terminal.Green);
            Threats("accepted", diff.NewlyAccepted, terminal.Yellow);
            foreach (var x in diff.Expiring)
            {
                text.Append(terminal.Yellow("expiring")).Append(' ').Append(x.Threat.RuleId).Append(" on ").Append(diff.NameOf(x.Threat.Element)).Append(" at ").Append(Where(x.Threat.Location))
                    .Append(": ").Append(Expiry(x)).Append(", owner ").Append(x.Threat.Owner ?? "(none)").Append('\n');
            }

            foreach (var (kind, added, removed) in ElementGroups)
            {
                foreach (var e in diff.AddedElements.Where(e => e.Kind == kind))
                {
                    text.Append(terminal.Yellow("added")).Append(' ').Append(KindWord(kind)).Append(' ').Append(e.Name).Append(" at ").Append(Where(e.Location)).Append('\n');
                }

                foreach (var e in diff.RemovedElements.Where(e => e.Kind == kind))
                {
                    text.Append("removed ").Append(KindWord(kind)).Append(' ').Append(e.Name).Append(" at ").Append(Where(e.Location)).Append('\n');
                }
            }

            foreach (var b in diff.AddedBoundaries)
            {
                text.Append(terminal.Yellow("added")).Append(" trust boundary ").Append(b.Name).Append('\n');
            }

            foreach (var b in diff.RemovedBoundaries)
            {
                text.Append("removed trust boundary ").Append(b.Name).Append('\n');
            }

            foreach (var f in diff.AddedCrossingFlows)
            {
                text.Append(terminal.Yellow("added")).Append(" flow ").Append(diff.NameOf(f.From)).Append(" -> ").Append(diff.NameOf(f.To)).Append(" across ").Append(diff.BoundaryName(f.CrossesBoundary!)).Append(DataText(f.DataClasses)).Append('\n');
            }

            foreach (var f in diff.RemovedCrossingFlows)
            {
                text.Append("removed flow ").Append(diff.NameOf(f.From)).Append(" -> ").Append(diff.NameOf(f.To)).Append(" across ").Append(diff.BoundaryName(f.CrossesBoundary!)).Append('\n');
            }

            foreach (var c in diff.DataNewlyOnFlows)
            {
                text.Append(terminal.Yellow("data")).Append(' ').Append(string.Join(", ", c.NewDataClasses)).Append(" newly on ").Append(diff.NameOf(c.Flow.From)).Append(" -> ").Append(diff.NameOf(c.Flow.To)).Append('\n');
            }

            foreach (var c in diff.ControlChanges)
            {
                text.Append("controls of ").Append(c.Element.Name).Append(':')
                    .Append(c.Removed.Count > 0 ? " " + terminal.Red("removed " + string.Join(", ", c.Removed)) : string.Empty)
                    .Append(c.Added.Count > 0 ? " added " + string.Join(", ", c.Added) : string.Empty).Append('\n');
            }

            return text.ToString();
        }

        public static string JsonText(ModelDiff diff)
        {
            JsonObject Element(Element e) => new() { { "id", e.Id }, { "name", e.Name }, { "kind", e.Kind }, { "boundary", e.Boundary }, { "location", Location(e.Location) } };
            JsonObject FlowObject(Flow f) => new() { { "id", f.Id }, { "from", f.From }, { "to", f.To }, { "dataClasses", f.DataClasses.ToList() }, { "crossesBoundary", f.CrossesBoundary } };
            JsonObject ThreatObject(Threat t) => new()
            {
                { "id", t.Id }, { "ruleId", t.RuleId }, { "title", t.Title }, { "severity", t.Severity }, { "category", t.Category },
                { "element", t.Element }, { "location", Location(t.Location) }, { "status", t.Status }, { "message", t.Message },
            };
            var root = new JsonObject
            {
                { "system", diff.System },
                { "today", Date(diff.Today) },
                { "expiringWithinDays", diff.ExpiringWithinDays },
                { "baseThreatsState", diff.Base.ThreatsState },
                { "headThreatsState", diff.Head.ThreatsState },
                {
                    "elements", new JsonObject
                    {
                        { "added", diff.AddedElements.Select(Element).ToList() },
                        { "removed", diff.RemovedElements.Select(Element).ToList() },
                    }
                },
                {
                    "boundaries", new JsonObject
                    {
                        { "added", diff.AddedBoundaries.Select(b => new JsonObject { { "id", b.Id }, { "name", b.Name } }).ToList() },
                        { "removed", diff.RemovedBoundaries.Select(b => new JsonObject { { "id", b.Id }, { "name", b.Name } }).ToList() },
                    }
                },
                {
                    "crossingFlows", new JsonObject
                    {
                        { "added", diff.AddedCrossingFlows.Select(FlowObject).ToList() },
                        { "removed", diff.RemovedCrossingFlows.Select(FlowObject).ToList() },
                    }
                },
                { "dataNewlyOnFlows", diff.DataNewlyOnFlows.Select(c => new JsonObject { { "flow", c.Flow.Id }, { "from", c.Flow.From }, { "to", c.Flow.To }, { "dataClasses", c.NewDataClasses.ToList() } }).ToList() },
                { "controlChanges", diff.ControlChanges.Select(c => new JsonObject { { "element", c.Element.Id }, { "removed", c.Removed.ToList() }, { "added", c.Added.ToList() } }).ToList() },
                {
                    "threats", new JsonObject
                    {
                        { "opened", diff.Opened.Select(ThreatObject).ToList() },
                        { "closed", diff.Closed.Select(ThreatObject).ToList() },
                        { "newlyMitigated", diff.NewlyMitigated.Select(ThreatObject).ToList() },
                        { "newlyAccepted", diff.NewlyAccepted.Select(ThreatObject).ToList() },
                    }
                },
                {
                    "expiringAcceptances", diff.Expiring.Select(x => new JsonObject
                    {
                        { "threat", x.Threat.Id }, { "ruleId", x.Threat.RuleId }, { "element", x.Threat.Element }, { "location", Location(x.Threat.Location) },
                        { "expires", x.Threat.Expires }, { "daysLeft", x.DaysLeft }, { "owner", x.Threat.Owner }, { "justification", x.Threat.Justification },
                    }).ToList()
                },
            };
            return Reporting.Artifacts.Json.Write(root);
        }

        /// <summary>The counts a reader sees first, and a terminal's summary table.</summary>
        public static IReadOnlyList<(string Label, int Count)> Counts(ModelDiff diff) => new[]
        {
            ("threats opened", diff.Opened.Count),
            ("threats closed", diff.Closed.Count),
            ("threats newly mitigated", diff.NewlyMitigated.Count),
            ("risks newly accepted", diff.NewlyAccepted.Count),
            ("acceptances expiring", diff.Expiring.Count),
            ("elements added", diff.AddedElements.Count),
            ("elements removed", diff.RemovedElements.Count),
            ("trust boundaries added", diff.AddedBoundaries.Count),
            ("trust boundaries removed", diff.RemovedBoundaries.Count),
            ("new flows across a boundary", diff.AddedCrossingFlows.Count),
            ("flows across a boundary removed", diff.RemovedCrossingFlows.Count),
            ("flows carrying new data", diff.DataNewlyOnFlows.Count),
            ("elements whose controls changed", diff.ControlChanges.Count),
        };

        private static void ThreatSection(StringBuilder md, ModelDiff diff, string title, IReadOnlyList<Threat> threats, string linkBase)
        {
            if (threats.Count == 0)
            {
                return;
            }

            md.Append("### ").Append(title).Append("\n\n");
            foreach (var group in threats.GroupBy(t => t.Severity))
            {
                md.Append("**").Append(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(group.Key)).Append("**\n\n");
                foreach (var t in group)
                {
                    md.Append("- **").Append(t.RuleId).Append("** ").Append(MarkdownRenderer.Escape(t.Title)).Append(" on `").Append(Code(diff.NameOf(t.Element))).Append("` ")
                      .Append(MarkdownRenderer.Link(t.Location, linkBase)).Append(": ").Append(MarkdownRenderer.Escape(t.Message)).Append('\n');
                }

                md.Append('\n');
            }
        }

        private static void ElementList(StringBuilder md, string title, IEnumerable<Element> elements, string linkBase)
        {
            var list = elements.ToList();
            if (list.Count == 0)
            {
                return;
            }

            md.Append("#### ").Append(title).Append("\n\n");
            foreach (var e in list)
            {
                md.Append("- `").Append(Code(e.Name)).Append("` ").Append(MarkdownRenderer.Link(e.Location, linkBase))
                  .Append(e.Controls.Count == 0 ? " (no controls)" : " (" + string.Join(", ", e.Controls) + ")").Append('\n');
            }

            md.Append('\n');
        }

        private static void BoundaryList(StringBuilder md, string title, IReadOnlyList<Boundary> boundaries)
        {
            if (boundaries.Count == 0)
            {
                return;
            }

            md.Append("#### ").Append(title).Append("\n\n");
            foreach (var b in boundaries)
            {
                md.Append("- ").Append(MarkdownRenderer.Escape(b.Name)).Append('\n');
            }

            md.Append('\n');
        }

        private static void FlowList(StringBuilder md, ModelDiff diff, string title, IReadOnlyList<Flow> flows)
        {
            if (flows.Count == 0)
            {
                return;
            }

            md.Append("#### ").Append(title).Append("\n\n");
            foreach (var f in flows)
            {
                md.Append("- `").Append(Code(diff.NameOf(f.From))).Append("` → `").Append(Code(diff.NameOf(f.To))).Append("` crosses ")
                  .Append(MarkdownRenderer.Escape(diff.BoundaryName(f.CrossesBoundary!))).Append(DataText(f.DataClasses)).Append('\n');
            }

            md.Append('\n');
        }

        /// <summary>
        /// The changed part of the data-flow diagram: added, removed and changed elements and the ends of the changed
        /// flows. Node ids are n1, n2, … and every label goes through the build's Mermaid escaping, so no name becomes syntax.
        /// </summary>
        private static void Diagram(StringBuilder md, ModelDiff diff)
        {
            var added = new HashSet<string>(diff.AddedElements.Select(e => e.Id), StringComparer.Ordinal);
            var removed = new HashSet<string>(diff.RemovedElements.Select(e => e.Id), StringComparer.Ordinal);
            var changed = new HashSet<string>(diff.ControlChanges.Select(c => c.Element.Id)
                .Concat(diff.Opened.Select(t => t.Element)), StringComparer.Ordinal);
            var edges = diff.AddedCrossingFlows.Select(f => (Flow: f, Style: "-->"))
                .Concat(diff.DataNewlyOnFlows.Where(c => !diff.AddedCrossingFlows.Contains(c.Flow)).Select(c => (Flow: c.Flow, Style: "==>")))
                .Concat(diff.RemovedCrossingFlows.Select(f => (Flow: f, Style: "-.->")))
                .ToList();
            var nodes = added.Concat(removed).Concat(changed).Concat(edges.SelectMany(e => new[] { e.Flow.From, e.Flow.To }))
                .Distinct(StringComparer.Ordinal).OrderBy(id => id, StringComparer.Ordinal).ToList();
            if (nodes.Count == 0)
            {
                return;
            }

            md.Append("### Diagram of the changed part\n\n");
            if (nodes.Count > MaxDiagramNodes)
            {
                md.Append("(").Append(nodes.Count.ToString(CultureInfo.InvariantCulture)).Append(" elements changed: too many to draw here; see the lists above.)\n");
                return;
            }

            var ids = nodes.Select((id, i) => (id, n: "n" + (i + 1).ToString(CultureInfo.InvariantCulture))).ToDictionary(x => x.id, x => x.n, StringComparer.Ordinal);
            md.Append("```mermaid\nflowchart LR\n");
            foreach (var id in nodes)
            {
                md.Append("  ").Append(ids[id]).Append("[\"").Append(MarkdownRenderer.Label(diff.NameOf(id))).Append("\"]\n");
            }

            foreach (var (flow, style) in edges)
            {
                var label = flow.DataClasses.Count == 0 ? string.Empty : "|\"" + MarkdownRenderer.Label(string.Join(", ", flow.DataClasses.Select(MarkdownRenderer.DataClassName))) + "\"|";
                md.Append("  ").Append(ids[flow.From]).Append(' ').Append(style).Append(label).Append(' ').Append(ids[flow.To]).Append('\n');
            }

            md.Append("  classDef added stroke:#1a7f37,stroke-width:3px\n");
            md.Append("  classDef removed stroke:#cf222e,stroke-dasharray:5 5\n");
            md.Append("  classDef changed stroke:#bf8700,stroke-width:3px\n");
            void Class(string name, IEnumerable<string> members)
            {
                var list = members.Where(ids.ContainsKey).Select(m => ids[m]).ToList();
                if (list.Count > 0)
                {
                    md.Append("  class ").Append(string.Join(",", list)).Append(' ').Append(name).Append('\n');
                }
            }

            Class("added", nodes.Where(added.Contains));
            Class("removed", nodes.Where(removed.Contains));
            Class("changed", nodes.Where(n => changed.Contains(n) && !added.Contains(n) && !removed.Contains(n)));
            md.Append("```\n\nSolid arrows: new flows across a boundary; thick: flows carrying new data; dotted: flows across a boundary no longer made.\n");
        }

        /// <summary>A build whose threats are unknown lists none: every threat of the other would look opened or closed.</summary>
        private static string? UnknownThreats(ModelDiff diff)
        {
            var unknown = new[] { ("base", diff.Base), ("head", diff.Head) }.Where(m => m.Item2.ThreatsState != ThreatsStates.Complete).Select(m => m.Item1).ToList();
            return unknown.Count == 0 ? null
                : "the threats of the " + string.Join(" and the ", unknown) + " build are unknown (threatsState " + ThreatsStates.Unknown + "): the threat changes below are not to be trusted.";
        }

        private static string DataText(EquatableArray<string> classes)
            => classes.Count == 0 ? string.Empty : " carrying " + string.Join(", ", classes.Select(MarkdownRenderer.DataClassName));

        private static string KindWord(string kind) => kind switch
        {
            ElementKinds.Process => "entry point",
            ElementKinds.DataStore => "data store",
            _ => "external entity",
        };

        /// <summary>Text inside a Markdown code span: on one line, no backtick that would end it.</summary>
        private static string Code(string text) => RenderedText.OneLine(RenderedText.WellFormed(text)).Replace('`', '\'');

        private static string Where(SourceLocation? location) => location is null ? "(no location)" : location.Path + ":" + location.Line.ToString(CultureInfo.InvariantCulture);

        private static string Expiry(ExpiringAcceptance x)
            => x.DaysLeft < 0 ? "expired " + Date(x.Expires) + " (" + Days(-x.DaysLeft) + " ago)"
             : "expires " + Date(x.Expires) + " (in " + Days(x.DaysLeft) + ")";

        private static string Days(int n) => n.ToString(CultureInfo.InvariantCulture) + (n == 1 ? " day" : " days");

        private static string Date(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private static JsonObject? Location(SourceLocation? location)
            => location is null ? null : new JsonObject { { "path", location.Path }, { "line", location.Line } };
    }
}
