using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.Logging;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// Builds the data-flow model from the facts: pure and deterministic (every collection sorted by id), so two builds
    /// of the same code give the same model whatever order the compiler handed the files in.
    /// </summary>
    internal static class ModelBuilder
    {
        public const string ExternalServicesBoundary = ModelText.ExternalServicesBoundary;

        public static ThreatModel Build(ModelInputs inputs)
        {
            var elements = new SortedDictionary<string, ElementDraft>(StringComparer.Ordinal);
            var flows = new SortedDictionary<string, FlowDraft>(StringComparer.Ordinal);
            var threats = new List<Threat>();
            var system = inputs.System;

            foreach (var declared in inputs.Elements.OrderBy(e => e.Id, StringComparer.Ordinal))
            {
                var draft = Draft(elements, declared.Id, declared.Name, declared.Kind, declared.Boundary ?? DefaultBoundary(declared.Kind, system));
                draft.Annotated = true;
                draft.Name = declared.Name;
                draft.Location ??= Relative(declared.Location, inputs.ProjectDirectory);
                draft.DataClasses.UnionWith(declared.DataClasses);
                draft.Controls.UnionWith(declared.Controls);
            }

            var methods = inputs.Methods.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var implementers = new Dictionary<string, List<MethodFact>>(StringComparer.Ordinal);
            foreach (var method in inputs.Methods)
            {
                foreach (var implemented in method.Implements)
                {
                    if (!implementers.TryGetValue(implemented, out var list))
                    {
                        implementers[implemented] = list = new List<MethodFact>();
                    }

                    list.Add(method);
                }
            }

            foreach (var entry in inputs.EntryPoints.GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => g.First()).OrderBy(e => e.Id, StringComparer.Ordinal))
            {
                var process = Draft(elements, entry.Id, entry.Name, ElementKinds.Process, system);
                process.Location ??= Relative(entry.Location, inputs.ProjectDirectory);
                process.Controls.UnionWith(entry.Controls);
                if (entry.Authorization.RequiresAuthentication && !entry.Authorization.AllowsAnonymous)
                {
                    process.Controls.Add(Controls.Authenticated);
                }

                if (entry.Authorization.AllowsAnonymous)
                {
                    process.Controls.Add(Controls.PublicByDesign);
                }

                if (entry.Roles.Count > 0)
                {
                    process.Controls.Add(Controls.Roles);
                    process.Roles.UnionWith(entry.Roles);
                }

                var client = Draft(elements, "client:" + Slug(entry.Boundary), ClientName(entry.Boundary), ElementKinds.ExternalEntity, entry.Boundary);
                AddFlow(flows, client.Id, process.Id, entry.RequestDataClasses);
                AddFlow(flows, process.Id, client.Id, entry.ResponseDataClasses);

                foreach (var touch in Reach(entry, methods, implementers))
                {
                    var element = Draft(elements, touch.ElementId, touch.ElementName, touch.ElementKind, DefaultBoundary(touch.ElementKind, system));
                    element.Controls.UnionWith(touch.Controls);
                    switch (touch.Access)
                    {
                        case Access.Read:
                            AddFlow(flows, element.Id, process.Id, touch.DataClasses);
                            break;
                        case Access.Write:
                            AddFlow(flows, process.Id, element.Id, touch.DataClasses);
                            break;
                        default:
                            AddFlow(flows, process.Id, element.Id, touch.DataClasses);
                            AddFlow(flows, element.Id, process.Id, EquatableArray<string>.Empty);
                            break;
                    }
                }

                if (entry.Authorization.IsNone)
                {
                    threats.Add(UnauthenticatedEntryPoint(entry, process.Location, inputs.BuildDate));
                }
            }

            // Flow rules' findings, wherever they are (the same finding is seen from a method and from the lambda inside it).
            var findings = inputs.Methods.SelectMany(m => m.Behavior.Findings)
                .Concat(inputs.EntryPoints.SelectMany(e => e.DirectBehavior.Findings))
                .Select(f => (Fact: f, Location: Relative(f.Location, inputs.ProjectDirectory)))
                .GroupBy(f => (f.Fact.RuleId, f.Location, f.Fact.Origin))
                .Select(g => g.First())
                .OrderBy(f => f.Location?.Path, StringComparer.Ordinal).ThenBy(f => f.Location?.Line).ThenBy(f => f.Fact.Origin, StringComparer.Ordinal);
            foreach (var (fact, location) in findings)
            {
                Draft(elements, fact.ElementId, "Logs", ElementKinds.DataStore, system);
                threats.Add(FromFinding(fact, location, inputs.BuildDate));
            }

            foreach (var provider in inputs.Providers.OrderBy(p => p.StoreId, StringComparer.Ordinal))
            {
                if (elements.TryGetValue(provider.StoreId, out var store) && !store.Annotated && !store.Name.EndsWith(")", StringComparison.Ordinal))
                {
                    store.Name += " (" + provider.Provider + ")";
                }
            }

            // An element is concerned by the classes of data on the flows it takes part in.
            foreach (var flow in flows.Values)
            {
                elements[flow.From].DataClasses.UnionWith(flow.DataClasses);
                elements[flow.To].DataClasses.UnionWith(flow.DataClasses);
            }

            var boundaries = elements.Values.Select(e => e.Boundary).Distinct(StringComparer.Ordinal)
                .Select(name => new Boundary(Slug(name), name))
                .OrderBy(b => b.Id, StringComparer.Ordinal)
                .ToEquatableArray();

            var threatList = threats.OrderBy(t => t.Id, StringComparer.Ordinal).ToEquatableArray();
            var elementList = elements.Values.Select(e => e.ToElement(threatList)).ToEquatableArray();
            var flowList = flows.Values.Select(f => f.ToFlow(elements, system)).ToEquatableArray();
            return new ThreatModel(ThreatModel.CurrentSchemaVersion, system, boundaries, elementList, flowList, threatList, EquatableArray<RuleInfo>.Empty, ThreatsStates.Unknown);
        }

        /// <summary>Everything an entry point reaches through calls: its own behavior, then its callees', then theirs.</summary>
        private static IEnumerable<TouchFact> Reach(EntryPointFact entry, Dictionary<string, MethodFact> methods, Dictionary<string, List<MethodFact>> implementers)
        {
            var touches = new List<TouchFact>(entry.DirectBehavior.Touches);
            var visited = new HashSet<string>(StringComparer.Ordinal);
            var pending = new Queue<string>(entry.DirectBehavior.Calls);
            if (entry.HandlerMethodId is { } handler)
            {
                pending.Enqueue(handler);
            }

            while (pending.Count > 0)
            {
                var id = pending.Dequeue();
                if (!visited.Add(id))
                {
                    continue;
                }

                var targets = new List<MethodFact>();
                if (methods.TryGetValue(id, out var direct))
                {
                    targets.Add(direct);
                }

                if (implementers.TryGetValue(id, out var implementations))
                {
                    targets.AddRange(implementations);
                }

                foreach (var target in targets)
                {
                    touches.AddRange(target.Behavior.Touches);
                    foreach (var call in target.Behavior.Calls)
                    {
                        pending.Enqueue(call);
                    }

                    // A method reached through an interface may be answered by its own implementations too.
                    if (target.Id != id)
                    {
                        pending.Enqueue(target.Id);
                    }
                }
            }

            return touches;
        }

        private static Threat UnauthenticatedEntryPoint(EntryPointFact entry, SourceLocation? location, ReviewDate? buildDate)
        {
            var descriptor = UnauthenticatedEntryPointRule.Descriptor;
            var disposition = ThreatDisposition.Decide(descriptor.Id, entry.Reviews, buildDate);
            var status = disposition.Status switch
            {
                ThreatStatus.Mitigated => ThreatStatuses.Mitigated,
                ThreatStatus.Accepted => ThreatStatuses.Accepted,
                _ => ThreatStatuses.Open,
            };

            return new Threat(
                descriptor.Id + ":" + entry.Id,
                descriptor.Id,
                descriptor.Title.ToString(CultureInfo.InvariantCulture),
                descriptor.Category,
                RuleCatalog.Find(descriptor.Id)!.Risk,
                entry.Id,
                location,
                string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(CultureInfo.InvariantCulture), entry.Name, entry.Boundary),
                status,
                disposition.Because?.Text,
                disposition.Because?.Owner,
                disposition.Because?.Expires,
                EquatableArray<SourceLocation>.Empty,
                false);
        }

        private static Threat FromFinding(FindingFact finding, SourceLocation? location, ReviewDate? buildDate)
        {
            var descriptor = RuleCatalog.Find(finding.RuleId)!.Descriptor;
            var disposition = ThreatDisposition.Decide(descriptor.Id, finding.Reviews, buildDate);
            var status = disposition.Status switch
            {
                ThreatStatus.Mitigated => ThreatStatuses.Mitigated,
                ThreatStatus.Accepted => ThreatStatuses.Accepted,
                _ => ThreatStatuses.Open,
            };

            var where = location is null ? string.Empty : "@" + location.Path + ":" + location.Line.ToString(CultureInfo.InvariantCulture);
            return new Threat(
                descriptor.Id + ":" + finding.ElementId + where + ":" + finding.Origin,
                descriptor.Id,
                descriptor.Title.ToString(CultureInfo.InvariantCulture),
                descriptor.Category,
                RuleCatalog.Find(descriptor.Id)!.Risk,
                finding.ElementId,
                location,
                finding.Message,
                status,
                disposition.Because?.Text,
                disposition.Because?.Owner,
                disposition.Because?.Expires,
                EquatableArray<SourceLocation>.Empty,
                false);
        }

        private static ElementDraft Draft(SortedDictionary<string, ElementDraft> elements, string id, string name, string kind, string boundary)
        {
            if (!elements.TryGetValue(id, out var draft))
            {
                elements[id] = draft = new ElementDraft(id, name, kind, boundary);
            }

            return draft;
        }

        private static void AddFlow(SortedDictionary<string, FlowDraft> flows, string from, string to, IEnumerable<string> classes)
        {
            var id = from + "->" + to;
            if (!flows.TryGetValue(id, out var flow))
            {
                flows[id] = flow = new FlowDraft(id, from, to);
            }

            flow.DataClasses.UnionWith(classes);
        }

        private static string DefaultBoundary(string kind, string system)
            => kind == ElementKinds.ExternalEntity ? ExternalServicesBoundary : system;

        private static string ClientName(string boundary)
            => boundary == EntryPoint.InternetBoundary ? "Client" : boundary;

        public static SourceLocation? Relative(SourceLocation? location, string? projectDirectory) => ModelText.Relative(location, projectDirectory);

        public static string Slug(string name) => ModelText.Slug(name);

        private sealed class ElementDraft
        {
            public ElementDraft(string id, string name, string kind, string boundary)
            {
                Id = id;
                Name = name;
                Kind = kind;
                Boundary = boundary;
            }

            public string Id { get; }
            public string Name { get; set; }
            public string Kind { get; }
            public string Boundary { get; }
            public bool Annotated { get; set; }
            public SourceLocation? Location { get; set; }
            public SortedSet<string> DataClasses { get; } = new(StringComparer.Ordinal);
            public SortedSet<string> Controls { get; } = new(StringComparer.Ordinal);
            public SortedSet<string> Roles { get; } = new(StringComparer.Ordinal);

            public Element ToElement(EquatableArray<Threat> threats)
            {
                var applicable = StridePerElement.ApplicableTo(Kind, Id == LoggingResources.LogsId);
                var addressed = new HashSet<string>(Controls.SelectMany(StridePerElement.AddressedBy));
                foreach (var threat in threats)
                {
                    if (threat.Element == Id && threat.Status != ThreatStatuses.Open)
                    {
                        addressed.Add(threat.Category);
                    }
                }

                return new Element(
                    Id,
                    Name,
                    Kind,
                    Slug(Boundary),
                    Location,
                    DataClasses.ToSortedSet(),
                    Controls.ToSortedSet(),
                    Roles.ToSortedSet(),
                    new Stride(applicable.ToSortedSet(), applicable.Where(addressed.Contains).ToSortedSet()));
            }
        }

        private sealed class FlowDraft
        {
            public FlowDraft(string id, string from, string to)
            {
                Id = id;
                From = from;
                To = to;
            }

            public string Id { get; }
            public string From { get; }
            public string To { get; }
            public SortedSet<string> DataClasses { get; } = new(StringComparer.Ordinal);

            /// <summary>A flow crosses the boundary of whichever end lies outside the system (the destination's when both do).</summary>
            public Flow ToFlow(SortedDictionary<string, ElementDraft> elements, string system)
            {
                var from = elements[From].Boundary;
                var to = elements[To].Boundary;
                string? crosses = from == to ? null : to != system ? Slug(to) : Slug(from);
                return new Flow(Id, From, To, DataClasses.ToSortedSet(), crosses, EquatableArray<string>.Empty);
            }
        }
    }
}
