using System;
using System.Collections.Generic;
using System.Linq;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// Builds the data-flow model from the facts: pure and deterministic (every collection sorted by id), so two builds
    /// of the same code give the same model whatever order the compiler handed the files in.
    /// </summary>
    /// <remarks>
    /// The model holds no threats: they are the analyzers' diagnostics, which the build step joins in (threatsState stays
    /// unknown until it does). Each flow made from touches records in <see cref="Flow.Via"/> the methods whose code makes
    /// it happen, for that join.
    /// </remarks>
    internal static class ModelBuilder
    {
        public const string ExternalServicesBoundary = ModelText.ExternalServicesBoundary;

        public static ThreatModel Build(ModelInputs inputs)
        {
            var elements = new SortedDictionary<string, ElementDraft>(StringComparer.Ordinal);
            var flows = new SortedDictionary<string, FlowDraft>(StringComparer.Ordinal);
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

            // A DbContext is a store of the model even where no flow reaches it (a library's own model); an annotation's name wins.
            foreach (var declared in inputs.DeclaredStores.OrderBy(e => e.Id, StringComparer.Ordinal))
            {
                var draft = Draft(elements, declared.Id, declared.Name, declared.Kind, declared.Boundary ?? DefaultBoundary(declared.Kind, system));
                draft.Location ??= Relative(declared.Location, inputs.ProjectDirectory);
                draft.DataClasses.UnionWith(declared.DataClasses);
                draft.Controls.UnionWith(declared.Controls);
            }

            var methods = inputs.Methods.GroupBy(m => m.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var implementers = new Implementers();
            foreach (var method in inputs.Methods)
            {
                foreach (var implemented in method.Implements)
                {
                    implementers.Add(implemented, method);
                }
            }

            // A raw connection made from the connection string a DbContext is registered with is that context's database.
            var contextsByConnectionKey = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var provider in inputs.Providers.Where(p => p.ConnectionKey is not null).OrderBy(p => p.StoreId, StringComparer.Ordinal))
            {
                if (!contextsByConnectionKey.ContainsKey(provider.ConnectionKey!))
                {
                    contextsByConnectionKey[provider.ConnectionKey!] = provider.StoreId;
                }
            }

            foreach (var entry in inputs.EntryPoints.GroupBy(e => e.Id, StringComparer.Ordinal).Select(g => g.First()).OrderBy(e => e.Id, StringComparer.Ordinal))
            {
                var process = Draft(elements, entry.Id, entry.Name, ElementKinds.Process, system);
                process.ParameterList ??= entry.ParameterList;
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

                var client = Draft(elements, ModelText.ClientIdPrefix + Slug(entry.Boundary), ClientName(entry.Boundary), ElementKinds.ExternalEntity, entry.Boundary);
                AddFlow(flows, client.Id, process.Id, entry.RequestDataClasses, via: null);

                // A handler that answers only a status (void, Task, NoContent(), NotFound(), …) sends no data back: no response flow.
                if (entry.Responds)
                {
                    AddFlow(flows, process.Id, client.Id, entry.ResponseDataClasses, via: null);
                }

                foreach (var (touch, via) in Reach(entry, methods, implementers))
                {
                    var (elementId, elementName) = SameDatabase(touch, contextsByConnectionKey);
                    var element = Draft(elements, elementId, elementName, touch.ElementKind, DefaultBoundary(touch.ElementKind, system));
                    element.Controls.UnionWith(touch.Controls);
                    switch (touch.Access)
                    {
                        case Access.Read:
                            AddFlow(flows, element.Id, process.Id, touch.DataClasses, via);
                            break;
                        case Access.Write:
                            AddFlow(flows, process.Id, element.Id, touch.DataClasses, via);
                            break;
                        default:
                            AddFlow(flows, process.Id, element.Id, touch.DataClasses, via);
                            AddFlow(flows, element.Id, process.Id, EquatableArray<string>.Empty, via);
                            break;
                    }
                }
            }

            foreach (var providers in inputs.Providers.GroupBy(p => p.StoreId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                if (elements.TryGetValue(providers.Key, out var store) && !store.Annotated && !store.Name.EndsWith(")", StringComparison.Ordinal))
                {
                    store.Name += " (" + ProviderNames(providers.Select(p => p.Provider)) + ")";
                }
            }

            // Overloaded actions are named with their parameters already (EntryPointRecognizer, as the rules name them);
            // processes that still share a name (controllers of one simple name in two namespaces) get their parameter
            // types too, which tells them apart where those differ.
            foreach (var sameName in elements.Values.Where(e => e.Kind == ElementKinds.Process && !e.Annotated).GroupBy(e => e.Name, StringComparer.Ordinal).Where(g => g.Count() > 1).ToList())
            {
                foreach (var process in sameName)
                {
                    if (process.ParameterList is { } parameters && !process.Name.EndsWith(parameters, StringComparison.Ordinal))
                    {
                        process.Name += parameters;
                    }
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

            var elementList = elements.Values.Select(e => e.ToElement()).ToEquatableArray();
            var flowList = flows.Values.Select(f => f.ToFlow(elements, system)).ToEquatableArray();
            return new ThreatModel(ThreatModel.CurrentSchemaVersion, system, boundaries, elementList, flowList, EquatableArray<Threat>.Empty, inputs.Rules, ThreatsStates.Unknown);
        }

        /// <summary>The context's store for a raw connection made from its connection string's key; the touch's own element otherwise.</summary>
        private static (string Id, string Name) SameDatabase(TouchFact touch, Dictionary<string, string> contextsByConnectionKey)
        {
            if (touch.ElementId.StartsWith(Frameworks.AdoNet.OwnDatabase.ConnectionIdPrefix, StringComparison.Ordinal)
                && contextsByConnectionKey.TryGetValue(touch.ElementId.Substring(Frameworks.AdoNet.OwnDatabase.ConnectionIdPrefix.Length), out var context))
            {
                // "T:Shop.ShopDb" is named ShopDb, as EF Core's own touches of it are (an annotated context is named already).
                var name = context.Substring(context.LastIndexOfAny(new[] { '.', ':' }) + 1);
                return (context, name);
            }

            return (touch.ElementId, touch.ElementName);
        }

        /// <summary>
        /// Everything an entry point reaches through calls: its own behavior, then its callees', then theirs; each touch
        /// with the method whose body makes it (the method that maps the route, for a lambda handler's own touches).
        /// </summary>
        private static IEnumerable<(TouchFact Touch, string? Via)> Reach(EntryPointFact entry, Dictionary<string, MethodFact> methods, Implementers implementers)
        {
            var touches = entry.DirectBehavior.Touches.Select(t => (t, entry.DirectBehaviorIn)).ToList();
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
                if (methods.TryGetValue(Extraction.ContractKeys.DefinitionOf(id), out var direct))
                {
                    targets.Add(direct);
                }

                targets.AddRange(implementers.Answering(id));

                foreach (var target in targets)
                {
                    touches.AddRange(target.Behavior.Touches.Select(t => (t, (string?)target.Id)));
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

        /// <summary>
        /// The methods that implement or override each member, by <see cref="Extraction.ContractKeys"/>: a call through a
        /// closed construction is answered by that construction's implementations and the open ones; a call through the
        /// definition or an open construction by all of them.
        /// </summary>
        private sealed class Implementers
        {
            private readonly Dictionary<string, List<MethodFact>> byKey = new(StringComparer.Ordinal);
            private readonly Dictionary<string, List<MethodFact>> byMember = new(StringComparer.Ordinal);

            public void Add(string key, MethodFact method)
            {
                Append(byKey, key, method);
                Append(byMember, Extraction.ContractKeys.DefinitionOf(key), method);
            }

            public IEnumerable<MethodFact> Answering(string key)
            {
                if (!Extraction.ContractKeys.IsConstructed(key))
                {
                    return byMember.TryGetValue(key, out var any) ? any : Enumerable.Empty<MethodFact>();
                }

                var own = byKey.TryGetValue(key, out var constructed) ? constructed : Enumerable.Empty<MethodFact>();
                var open = byKey.TryGetValue(Extraction.ContractKeys.DefinitionOf(key), out var unconstructed) ? unconstructed : Enumerable.Empty<MethodFact>();
                return own.Concat(open);
            }

            private static void Append(Dictionary<string, List<MethodFact>> lists, string key, MethodFact method)
            {
                if (!lists.TryGetValue(key, out var list))
                {
                    lists[key] = list = new List<MethodFact>();
                }

                // A method's keys are added together: a repeat (two constructions of one member) is the last one.
                if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], method))
                {
                    list.Add(method);
                }
            }
        }

        /// <summary>
        /// How a store's providers name it: a context registered with a provider under a configuration switch (in-memory
        /// in development, SQL Server otherwise) is the real database; the in-memory one is left out beside another, the
        /// rest are named in order (<c>SQL Server or PostgreSQL</c>).
        /// </summary>
        private static string ProviderNames(IEnumerable<string> providers)
        {
            var distinct = providers.Distinct(StringComparer.Ordinal).ToList();
            if (distinct.Count > 1)
            {
                distinct.Remove(Frameworks.EntityFrameworkCore.EfCoreProviders.InMemory);
            }

            return string.Join(" or ", distinct);
        }

        private static ElementDraft Draft(SortedDictionary<string, ElementDraft> elements, string id, string name, string kind, string boundary)
        {
            if (!elements.TryGetValue(id, out var draft))
            {
                elements[id] = draft = new ElementDraft(id, name, kind, boundary);
            }

            return draft;
        }

        private static void AddFlow(SortedDictionary<string, FlowDraft> flows, string from, string to, IEnumerable<string> classes, string? via)
        {
            var id = from + "->" + to;
            if (!flows.TryGetValue(id, out var flow))
            {
                flows[id] = flow = new FlowDraft(id, from, to);
            }

            flow.DataClasses.UnionWith(classes);
            if (via is not null)
            {
                flow.Via.Add(via);
            }
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
            public string? ParameterList { get; set; }
            public SortedSet<string> DataClasses { get; } = new(StringComparer.Ordinal);
            public SortedSet<string> Controls { get; } = new(StringComparer.Ordinal);
            public SortedSet<string> Roles { get; } = new(StringComparer.Ordinal);

            /// <summary>STRIDE as the element's controls address it; the build step adds what reviewed threats mitigate or accept.</summary>
            public Element ToElement()
            {
                var applicable = StridePerElement.ApplicableTo(Kind, ModelText.IsLogs(Id));
                var addressed = new HashSet<string>(Controls.SelectMany(StridePerElement.AddressedBy));

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

            public SortedSet<string> Via { get; } = new(StringComparer.Ordinal);

            /// <summary>A flow crosses the boundary of whichever end lies outside the system (the destination's when both do).</summary>
            public Flow ToFlow(SortedDictionary<string, ElementDraft> elements, string system)
            {
                var from = elements[From].Boundary;
                var to = elements[To].Boundary;
                string? crosses = from == to ? null : to != system ? Slug(to) : Slug(from);
                return new Flow(Id, From, To, DataClasses.ToSortedSet(), crosses, Via.ToSortedSet());
            }
        }
    }
}
