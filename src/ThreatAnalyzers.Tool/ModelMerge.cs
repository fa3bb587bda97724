using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Tool
{
    /// <summary>One project's model and the folder its paths are relative to, as seen from the merge's common root.</summary>
    internal sealed record ProjectModel(string File, string ProjectFolder, ThreatModel Model);

    /// <summary>
    /// One solution-level model from the projects' models. Element ids are stable across projects (a store declared in a
    /// data library and used by an API has one id in both), so an id is one element: its declaring project's name, kind,
    /// boundary and location (the copy with a location), with the data classes, controls and roles of every copy. Flows
    /// with one id are one flow; boundaries with one id one boundary; threats with one id and location one threat. Source
    /// paths are made relative to the folder that holds every project, so each element and threat keeps the project it
    /// comes from in its path (src/Api/Program.cs), and links from the repository root work.
    /// </summary>
    internal static class ModelMerge
    {
        public static IReadOnlyList<ProjectModel> Projects(IReadOnlyList<string> files, IReadOnlyList<ThreatModel> models)
        {
            var folders = files.Select(ProjectFolderOf).ToList();
            var root = CommonRoot(folders);
            return files.Select((f, i) => new ProjectModel(f, Path.GetRelativePath(root, folders[i]).Replace('\\', '/'), models[i])).ToList();
        }

        public static ThreatModel Merge(IReadOnlyList<ProjectModel> projects, string? systemName)
        {
            var ordered = projects.OrderBy(p => p.ProjectFolder, StringComparer.Ordinal).ThenBy(p => p.Model.System, StringComparer.Ordinal).ToList();
            var system = systemName ?? string.Join(" + ", ordered.Select(p => p.Model.System).Distinct(StringComparer.Ordinal));

            var boundaries = new Dictionary<string, Boundary>(StringComparer.Ordinal);
            var elements = new Dictionary<string, Element>(StringComparer.Ordinal);
            var flows = new Dictionary<string, Flow>(StringComparer.Ordinal);
            var threats = new Dictionary<(string, SourceLocation?), Threat>();
            var rules = new Dictionary<string, RuleInfo>(StringComparer.Ordinal);
            foreach (var project in ordered)
            {
                SourceLocation? Moved(SourceLocation? l) => l is null ? null : new SourceLocation(Prefixed(project.ProjectFolder, l.Path), l.Line);
                foreach (var b in project.Model.Boundaries)
                {
                    boundaries.TryAdd(b.Id, b);
                }

                foreach (var e in project.Model.Elements)
                {
                    var moved = e with { Location = Moved(e.Location) };
                    elements[e.Id] = elements.TryGetValue(e.Id, out var seen) ? Combine(seen, moved) : moved;
                }

                foreach (var f in project.Model.Flows)
                {
                    flows[f.Id] = flows.TryGetValue(f.Id, out var seen)
                        ? seen with { DataClasses = Union(seen.DataClasses, f.DataClasses), CrossesBoundary = seen.CrossesBoundary ?? f.CrossesBoundary, Via = Union(seen.Via, f.Via) }
                        : f;
                }

                foreach (var t in project.Model.Threats)
                {
                    var moved = t with { Location = Moved(t.Location), Related = t.Related.Select(l => Moved(l)!).ToEquatableArray() };
                    threats.TryAdd((t.Id, moved.Location), moved);
                }

                foreach (var r in project.Model.Rules)
                {
                    // A rule counts as evaluated only if every project ran it: otherwise its silence means nothing somewhere.
                    rules[r.Id] = rules.TryGetValue(r.Id, out var seen)
                        ? seen with { Evaluated = seen.Evaluated && r.Evaluated, NotEvaluatedIn = Union(seen.NotEvaluatedIn, r.NotEvaluatedIn.Select(p => Prefixed(project.ProjectFolder, p)).ToEquatableArray()) }
                        : r with { NotEvaluatedIn = r.NotEvaluatedIn.Select(p => Prefixed(project.ProjectFolder, p)).ToEquatableArray() };
                }
            }

            return new ThreatModel(
                ThreatModel.CurrentSchemaVersion,
                system,
                boundaries.Values.OrderBy(b => b.Id, StringComparer.Ordinal).ToEquatableArray(),
                elements.Values.OrderBy(e => e.Id, StringComparer.Ordinal).ToEquatableArray(),
                flows.Values.OrderBy(f => f.Id, StringComparer.Ordinal).ToEquatableArray(),
                threats.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ThenBy(t => t.Location?.Path, StringComparer.Ordinal).ToEquatableArray(),
                rules.Values.OrderBy(r => r.Id, StringComparer.Ordinal).ToEquatableArray(),
                ordered.All(p => p.Model.ThreatsState == ThreatsStates.Complete) ? ThreatsStates.Complete : ThreatsStates.Unknown);
        }

        /// <summary>The copy that declares the element (has a location) gives its shape; every copy adds what it knows.</summary>
        private static Element Combine(Element seen, Element other)
        {
            var declaring = seen.Location is null && other.Location is not null ? other : seen;
            return declaring with
            {
                DataClasses = Union(seen.DataClasses, other.DataClasses),
                Controls = Union(seen.Controls, other.Controls),
                Roles = Union(seen.Roles, other.Roles),
                Stride = new Stride(Union(seen.Stride.Applicable, other.Stride.Applicable), Union(seen.Stride.Addressed, other.Stride.Addressed)),
            };
        }

        private static EquatableArray<string> Union(EquatableArray<string> a, EquatableArray<string> b)
            => a.Concat(b).Distinct(StringComparer.Ordinal).OrderBy(s => s, StringComparer.Ordinal).ToEquatableArray();

        private static string Prefixed(string folder, string path) => folder is "" or "." ? path : folder.TrimEnd('/') + "/" + path;

        /// <summary>
        /// The project folder of an artifact: bin/&lt;configuration&gt;/&lt;tfm&gt;/threat-model/threat-model.json is the
        /// build's default place; any other file is taken to sit in its project's folder.
        /// </summary>
        private static string ProjectFolderOf(string file)
        {
            var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
            var parts = folder.Replace('\\', '/').Split('/');
            var n = parts.Length;
            return n >= 5 && parts[n - 1] == "threat-model" && parts[n - 4] == "bin"
                ? Path.GetFullPath(Path.Combine(folder, "..", "..", "..", ".."))
                : folder;
        }

        private static string CommonRoot(IReadOnlyList<string> folders)
        {
            if (folders.Count == 1)
            {
                return folders[0];
            }

            var split = folders.Select(f => f.Replace('\\', '/').TrimEnd('/').Split('/')).ToList();
            var common = new List<string>();
            for (var i = 0; split.All(s => s.Length > i && s[i] == split[0][i]); i++)
            {
                common.Add(split[0][i]);
            }

            var root = string.Join("/", common);
            return root.Length == 0 ? "/" : root;
        }
    }
}
