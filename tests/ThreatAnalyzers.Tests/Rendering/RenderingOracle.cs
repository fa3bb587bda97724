using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Schema;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>
    /// What every rendering of every model must be, whatever its text says: each check throws a
    /// <see cref="RenderingDefect"/> naming the artifact and what is wrong with it.
    /// </summary>
    internal static class RenderingOracle
    {
        /// <summary>The name shown for an element, boundary or system whose name shows nothing (docs/threat-model.md).</summary>
        public const string Unnamed = "(unnamed)";

        /// <summary>Longest label the diagram shows in full; longer ones are cut and end in '…'.</summary>
        public const int MaxLabel = 120;

        /// <summary>Mermaid refuses to draw a diagram longer than this (mermaidAPI.ts, MAX_TEXTLENGTH).</summary>
        public const int MermaidMaxText = 50_000;

        /// <summary>Every check on every artifact; all that fail are reported together.</summary>
        public static void AssertAll(ThreatModel model, string? projectPath)
        {
            var defects = new List<RenderingDefect>();
            foreach (var check in new Action[] { () => JsonModel(model), () => Sarif(model, projectPath), () => ThreatDragon(model), () => Markdown(model), () => Mermaid(model) })
            {
                try
                {
                    check();
                }
                catch (RenderingDefect defect)
                {
                    defects.Add(defect);
                }
            }

            if (defects.Count == 1)
            {
                throw defects[0];
            }

            if (defects.Count > 1)
            {
                throw new RenderingDefect(string.Join(", ", defects.Select(d => d.Artifact)), "\n" + string.Join("\n", defects.Select(d => d.Message)));
            }
        }

        private static string FirstDifference(string expected, string actual)
        {
            var a = expected.Split('\n');
            var b = actual.Split('\n');
            for (var i = 0; i < System.Math.Min(a.Length, b.Length); i++)
            {
                if (a[i] != b[i])
                {
                    return ": line " + (i + 1).ToString(CultureInfo.InvariantCulture) + " was '" + Show(a[i]) + "', is '" + Show(b[i]) + "'";
                }
            }

            return a.Length == b.Length ? string.Empty : ": " + a.Length.ToString(CultureInfo.InvariantCulture) + " lines, then " + b.Length.ToString(CultureInfo.InvariantCulture);
        }

        public static void JsonModel(ThreatModel model)
        {
            var json = Render("threat-model.json", () => ModelJsonRenderer.Render(model));
            Valid("threat-model.json", "threat-model.schema.json", json);
            var read = ModelJsonReader.Read(json);
            var again = ModelJsonRenderer.Render(read);
            Check(again == json, "threat-model.json", "reading it back and writing it again changes it" + FirstDifference(json, again));
            var intermediate = Render("threat-model.model.json", () => ModelJsonRenderer.Render(model, intermediate: true));
            WellFormed("threat-model.model.json", intermediate);
            Check(ModelJsonRenderer.Render(ModelJsonReader.Read(intermediate), intermediate: true) == intermediate, "threat-model.model.json", "reading it back and writing it again changes it");
        }

        public static void Sarif(ThreatModel model, string? projectPath)
            => Valid("threat-model.sarif", "sarif-2.1.0.json", Render("threat-model.sarif", () => SarifRenderer.Render(model, projectPath)));

        public static void ThreatDragon(ThreatModel model)
        {
            var json = Render("threat-model.threatdragon.json", () => ThreatDragonRenderer.Render(model));
            Valid("threat-model.threatdragon.json", "threat-dragon-v2.schema.json", json);
            using var document = JsonDocument.Parse(json);
            var cells = document.RootElement.GetProperty("detail").GetProperty("diagrams")[0].GetProperty("cells").EnumerateArray().ToList();
            var ids = cells.Select(c => c.GetProperty("id").GetString()!).ToList();
            Check(ids.Distinct(StringComparer.Ordinal).Count() == ids.Count, "threat-model.threatdragon.json", "two cells share an id: " + string.Join(", ", ids.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key)));
            var nodes = cells.Count(c => c.GetProperty("shape").GetString() is "actor" or "process" or "store");
            Check(nodes == model.Elements.Count, "threat-model.threatdragon.json", $"{nodes} element cells for {model.Elements.Count} elements");
            var boxes = cells.Count(c => c.GetProperty("shape").GetString() == "trust-boundary-box");
            var boundaryIds = model.Boundaries.Select(b => b.Id).Distinct(StringComparer.Ordinal).Count();
            Check(boxes == boundaryIds, "threat-model.threatdragon.json", $"{boxes} boundary boxes for {boundaryIds} boundary ids");
            foreach (var flow in cells.Where(c => c.GetProperty("shape").GetString() == "flow"))
            {
                Check(ids.Contains(flow.GetProperty("source").GetProperty("cell").GetString()!) && ids.Contains(flow.GetProperty("target").GetProperty("cell").GetString()!),
                    "threat-model.threatdragon.json", "a flow points at no cell");
            }

            foreach (var cell in cells.Where(c => c.GetProperty("data").TryGetProperty("name", out _)))
            {
                var name = cell.GetProperty("data").GetProperty("name").GetString()!;
                var type = cell.GetProperty("data").GetProperty("type").GetString();
                Check(type == "tm.Flow" || Visible(name), "threat-model.threatdragon.json", $"a {type} named '{Show(name)}' shows no name");
            }
        }

        /// <summary>The Markdown: every table row one line with its table's column count, the diagram the one Mermaid renders, no other line made by user text.</summary>
        public static void Markdown(ThreatModel model)
        {
            const string Artifact = "threat-model.md";
            var markdown = Render(Artifact, () => MarkdownRenderer.Render(model, "../../"));
            WellFormed(Artifact, markdown);
            var mermaid = MarkdownRenderer.Mermaid(model);
            var fence = "```mermaid\n" + mermaid + "```\n";
            var start = markdown.IndexOf(fence, StringComparison.Ordinal);
            Check(start >= 0, Artifact, "the diagram block is not the Mermaid diagram, fenced");
            Check(!mermaid.Split('\n').Any(l => l.TrimStart().StartsWith("```", StringComparison.Ordinal)), Artifact, "a line of the diagram closes its fence");
            var rest = markdown.Substring(0, start) + markdown.Substring(start + fence.Length);

            var lines = rest.Split('\n');
            Check(lines[0].StartsWith("# Threat model: ", StringComparison.Ordinal), Artifact, "the title is not the first line");
            var expectedRows = new Queue<(string Table, int Rows)>(new[]
            {
                ("summary", 6 + 1),
                ("elements", model.Elements.Count),
            }.Concat(model.Threats.Count > 0 ? new[] { ("threats", model.Threats.Count) } : Array.Empty<(string, int)>())
             .Concat(InventoryRows(model).Select(rows => ("personal-data inventory", rows))));
            string[] prose =
            {
                "Derived from the code by ThreatAnalyzers", "## ", "**Threats unknown:**", "Not evaluated (switched off for this build): ",
                "Some findings were made with an analysis limit reached", "Trust boundaries are the boxes", "No threats found.", "No element handles classified data.",
                "Per class of data, every element", "### ",
            };
            for (var i = 1; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.StartsWith('|'))
                {
                    var header = Cells(line);
                    Check(i + 1 < lines.Length && Regex.IsMatch(lines[i + 1], @"^\|(-+:?\|)+$"), Artifact, $"the table at line {i + 1} has no delimiter row");
                    Check(Cells(lines[i + 1]) == header, Artifact, $"the delimiter row of the table at line {i + 1} has {Cells(lines[i + 1])} columns, the header {header}");
                    var rows = 0;
                    for (i += 2; i < lines.Length && lines[i].Length > 0; i++, rows++)
                    {
                        Check(lines[i].StartsWith('|') && lines[i].EndsWith('|'), Artifact, $"line {i + 1} breaks a table: '{Show(lines[i])}'");
                        Check(Cells(lines[i]) == header, Artifact, $"line {i + 1} has {Cells(lines[i])} cells where its table has {header}: '{Show(lines[i])}'");
                    }

                    Check(expectedRows.Count > 0, Artifact, "a table too many");
                    var (table, expected) = expectedRows.Dequeue();
                    Check(rows == expected, Artifact, $"the {table} table has {rows} rows, not {expected}");
                }
                else
                {
                    Check(line.Length == 0 || prose.Any(p => line.StartsWith(p, StringComparison.Ordinal)), Artifact, $"line {i + 1} is neither a table row nor the renderer's own text: '{Show(line)}'");
                }
            }

            Check(expectedRows.Count == 0, Artifact, $"the {expectedRows.FirstOrDefault().Table} table is missing");
        }

        /// <summary>The diagram parses with the real Mermaid parser, and draws exactly the model: its nodes, boxes and edges, labelled as named.</summary>
        public static void Mermaid(ThreatModel model)
        {
            const string Artifact = "Mermaid diagram";
            var text = Render(Artifact, () => MarkdownRenderer.Mermaid(model));
            WellFormed(Artifact, text);
            Check(!text.Contains("%%", StringComparison.Ordinal), Artifact, "'%%' starts a comment or a directive");
            Check(text.Length <= MermaidMaxText || model.Elements.Count > 50, Artifact, $"{text.Length} characters: Mermaid draws no diagram over {MermaidMaxText}");
            var diagram = MermaidParser.Parse(text, out var error);
            Check(diagram is not null, Artifact, "Mermaid does not parse it: " + error + "\n" + text);
            Check(diagram!.Type == "flowchart-v2", Artifact, "not a flowchart: " + diagram.Type);
            Check(!diagram.ConfigChanged, Artifact, "the text changes Mermaid's configuration (a directive)");
            Check(diagram.TextIsPreprocessed, Artifact, "Mermaid's preprocessing (comments, line ends, tags) changes the text");

            var boundaries = model.Boundaries.GroupBy(b => b.Id, StringComparer.Ordinal).ToList();
            Check(diagram.Subgraphs.Count == boundaries.Count, Artifact, $"{diagram.Subgraphs.Count} boxes for {boundaries.Count} boundary ids\n" + text);
            Check(diagram.Vertices.Count == model.Elements.Count, Artifact,
                $"{diagram.Vertices.Count} nodes ({string.Join(", ", diagram.Vertices.Select(v => v.Id))}) for {model.Elements.Count} elements\n" + text);
            Check(diagram.Edges.Count == model.Flows.Count, Artifact, $"{diagram.Edges.Count} edges for {model.Flows.Count} flows\n" + text);
            var vertexIds = diagram.Vertices.Select(v => v.Id).ToList();
            Check(vertexIds.Distinct(StringComparer.Ordinal).Count() == vertexIds.Count && !vertexIds.Intersect(diagram.Subgraphs.Select(s => s.Id)).Any(), Artifact, "ids are not unique");

            var nodeOf = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < model.Elements.Count; i++)
            {
                var element = model.Elements[i];
                // The renderer's node ids: e1, e2, … in the order of the model's elements.
                var vertex = diagram.Vertices.FirstOrDefault(v => v.Id == "e" + (i + 1).ToString(CultureInfo.InvariantCulture));
                Check(vertex.Id is not null, Artifact, $"element {i + 1} has no node e{i + 1}");
                nodeOf[element.Id] = vertex.Id!;
                var shape = element.Kind switch { ElementKinds.Process => "stadium", ElementKinds.DataStore => "cylinder", _ => "square" };
                Check(vertex.Type == shape, Artifact, $"element {i + 1} is drawn as a {vertex.Type}, not a {shape}");
                SameLabel(Artifact, $"element {i + 1}", element.Name, vertex.Text);
                var box = diagram.Subgraphs.Where(s => s.Nodes.Contains(vertex.Id)).ToList();
                var inBoundary = model.Boundaries.Any(b => b.Id == element.Boundary);
                Check(box.Count == (inBoundary ? 1 : 0), Artifact, $"element {i + 1} is in {box.Count} boxes");
            }

            foreach (var group in boundaries)
            {
                var members = model.Elements.Where(e => e.Boundary == group.Key).Select(e => nodeOf[e.Id]).ToHashSet(StringComparer.Ordinal);
                var box = diagram.Subgraphs.Where(s => s.Nodes.Count == members.Count && s.Nodes.All(members.Contains)).ToList();
                Check(box.Count >= 1, Artifact, $"no box holds exactly the elements of boundary '{Show(group.Key)}'\n" + text);
                if (group.Count() == 1)
                {
                    Check(box.Any(b => SameText(group.First().Name, b.Title)), Artifact, $"the box of boundary '{Show(group.Key)}' is not titled '{Show(group.First().Name)}'\n" + text);
                }
            }

            for (var i = 0; i < model.Flows.Count; i++)
            {
                var flow = model.Flows[i];
                var edge = diagram.Edges[i];
                Check(edge.Start == nodeOf[flow.From] && edge.End == nodeOf[flow.To], Artifact, $"flow {i + 1} is drawn from {edge.Start} to {edge.End}");
                Check(edge.Text == string.Join(", ", flow.DataClasses.Select(MarkdownRenderer.DataClassName)), Artifact, $"flow {i + 1} is labelled '{Show(edge.Text)}'");
            }
        }

        /// <summary>What a page shows for a name: the placeholder when it shows nothing, else the name, whitespace collapsed.</summary>
        public static string Shown(string name) => Collapse(Visible(name) ? name : Unnamed);

        public static bool Visible(string name)
            => name.Any(c => !char.IsWhiteSpace(c) && !char.IsControl(c) && CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.Format);

        private static void SameLabel(string artifact, string what, string name, string shown)
            => Check(SameText(name, shown), artifact, $"{what} is labelled '{Show(shown)}', not '{Show(Shown(name))}'");

        private static bool SameText(string name, string shown)
        {
            var expected = Shown(name.Replace("\uFFFD", "?"));
            var actual = Collapse(shown).Replace("\uFFFD", "?");
            if (expected.Length <= MaxLabel || !actual.EndsWith('…'))
            {
                return actual == WellFormedText(expected);
            }

            return actual.Length <= MaxLabel + 1 && WellFormedText(expected).StartsWith(actual.Substring(0, actual.Length - 1).TrimEnd(), StringComparison.Ordinal);
        }

        /// <summary>Whitespace and control characters as one space, trimmed (HTML shows them so; JavaScript's trim() takes U+FEFF for whitespace too).</summary>
        private static string Collapse(string text)
        {
            var builder = new StringBuilder(text.Length);
            foreach (var c in text)
            {
                var blank = char.IsWhiteSpace(c) || char.IsControl(c) || c == '\uFEFF';
                if (!blank)
                {
                    builder.Append(c);
                }
                else if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }
            }

            return builder.ToString().TrimEnd(' ');
        }

        /// <summary>Lone surrogates as '?': they cannot be written in UTF-8, so the renderer may only replace them.</summary>
        private static string WellFormedText(string text)
        {
            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(text[i]).Append(text[++i]);
                }
                else
                {
                    builder.Append(char.IsSurrogate(text[i]) ? '?' : text[i]);
                }
            }

            return builder.ToString();
        }

        /// <summary>The personal-data inventory's tables: one per class of data, a row per element a flow carrying it touches or that holds it.</summary>
        private static IEnumerable<int> InventoryRows(ThreatModel model)
            => model.Flows.SelectMany(f => f.DataClasses).Concat(model.Elements.SelectMany(e => e.DataClasses))
                .Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal)
                .Select(c => model.Elements.Count(e => e.DataClasses.Contains(c)
                    || model.Flows.Any(f => f.DataClasses.Contains(c) && (f.From == e.Id || f.To == e.Id))));

        /// <summary>
        /// The cells of a GFM table row as cmark-gfm splits it: on each '|' that no backslash escapes ("\\" being an
        /// escaped backslash), a leading and a trailing '|' opening and closing the row.
        /// </summary>
        public static int Cells(string row)
        {
            var segments = new List<string>();
            var current = new StringBuilder();
            for (var i = 0; i < row.Length; i++)
            {
                if (row[i] == '\\' && i + 1 < row.Length)
                {
                    current.Append(row[i]).Append(row[++i]);
                }
                else if (row[i] == '|')
                {
                    segments.Add(current.ToString());
                    current.Clear();
                }
                else
                {
                    current.Append(row[i]);
                }
            }

            segments.Add(current.ToString());
            if (row.StartsWith('|'))
            {
                segments.RemoveAt(0);
            }

            if (segments.Count > 0 && segments[^1].Length == 0 && row.EndsWith('|'))
            {
                segments.RemoveAt(segments.Count - 1);
            }

            return segments.Count;
        }

        /// <summary>Text that UTF-8 can carry: no lone surrogate (the file writer would put U+FFFD or '?' in its place, or throw).</summary>
        private static void WellFormed(string artifact, string text)
        {
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    i++;
                    continue;
                }

                Check(!char.IsSurrogate(text[i]), artifact, $"a lone surrogate U+{(int)text[i]:X4} at {i}: not writable as UTF-8");
            }
        }

        private static string Render(string artifact, Func<string> render)
        {
            try
            {
                return render();
            }
            catch (Exception exception) when (exception is not RenderingDefect)
            {
                throw new RenderingDefect(artifact, "the renderer throws " + exception.GetType().Name + ": " + exception.Message, exception);
            }
        }

        private static readonly ConcurrentDictionary<string, Lazy<JsonSchema>> Schemas = new();

        private static JsonSchema Schema(string file)
            => Schemas.GetOrAdd(file, f => new Lazy<JsonSchema>(() =>
            {
                // Threat Dragon's schema carries OpenAPI's "nullable" hint, which JSON Schema does not know: dropping it only makes validation stricter.
                var text = Regex.Replace(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Schemas", f)), @",\s*""nullable""\s*:\s*true", string.Empty);
                return JsonSchema.FromText(text, new BuildOptions { SchemaRegistry = new SchemaRegistry() });
            })).Value;

        /// <summary>Parses as JSON, from UTF-8 bytes as a file is read, and is valid against the schema, formats included.</summary>
        private static void Valid(string artifact, string schemaFile, string json)
        {
            WellFormed(artifact, json);
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(new UTF8Encoding(false, throwOnInvalidBytes: true).GetBytes(json));
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException)
            {
                throw new RenderingDefect(artifact, "not JSON: " + exception.Message, exception);
            }

            using (document)
            {
                var result = Schema(schemaFile).Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
                var errors = (result.Details ?? new List<EvaluationResults>())
                    .Where(d => d.Errors is not null)
                    .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"));
                Check(result.IsValid, artifact, "not valid against " + schemaFile + ":\n" + string.Join("\n", errors.Take(10)));
            }
        }

        private static void Check(bool condition, string artifact, string message)
        {
            if (!condition)
            {
                throw new RenderingDefect(artifact, message);
            }
        }

        /// <summary>A string with its invisible characters made visible, for messages.</summary>
        public static string Show(string text)
        {
            var builder = new StringBuilder();
            foreach (var c in text.Length > 300 ? text.Substring(0, 300) + "…(" + text.Length + " chars)" : text)
            {
                if (char.IsControl(c) || char.IsSurrogate(c) || char.IsWhiteSpace(c) && c != ' ' || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.Format)
                {
                    builder.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                }
                else
                {
                    builder.Append(c);
                }
            }

            return builder.ToString();
        }
    }

    internal sealed class RenderingDefect : Exception
    {
        public RenderingDefect(string artifact, string message, Exception? inner = null)
            : base(artifact + ": " + message, inner)
        {
            Artifact = artifact;
        }

        public string Artifact { get; }
    }
}
