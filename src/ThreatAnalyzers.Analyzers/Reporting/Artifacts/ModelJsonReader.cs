using System;
using System.Collections.Generic;
using System.Linq;
using ThreatAnalyzers.Model;
using static ThreatAnalyzers.Reporting.Artifacts.JsonFields;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// Reads what <see cref="ModelJsonRenderer"/> writes, the artifact or the model analyzer's intermediate (whose flows carry
    /// <c>via</c>), back into a <see cref="ThreatModel"/>; <c>Render(Read(Render(m))) == Render(m)</c>. Arrays keep their
    /// order: the renderer's order is already canonical.
    /// </summary>
    internal static class ModelJsonReader
    {
        /// <exception cref="JsonFormatException">Not JSON, not a threat model, or one of another major schema version.</exception>
        public static ThreatModel Read(string json)
        {
            var root = AsObject(JsonReader.Parse(json), "$");
            var schemaVersion = RequiredString(root, "schemaVersion", "$");
            if (Major(schemaVersion) != Major(ThreatModel.CurrentSchemaVersion))
            {
                throw new JsonFormatException("$.schemaVersion", "schema " + schemaVersion + " is not readable by this version of ThreatAnalyzers (schema " + ThreatModel.CurrentSchemaVersion + ")");
            }

            return new ThreatModel(
                schemaVersion,
                RequiredString(root, "system", "$"),
                Items(root, "boundaries", "$", (o, p) => new Boundary(RequiredString(o, "id", p), RequiredString(o, "name", p))),
                Items(root, "elements", "$", ReadElement),
                Items(root, "flows", "$", ReadFlow),
                Items(root, "threats", "$", ReadThreat),
                Items(root, "rules", "$", ReadRule),
                RequiredString(root, "threatsState", "$"));
        }

        private static Element ReadElement(Dictionary<string, object?> o, string path)
        {
            var stride = RequiredObject(o, "stride", path);
            return new Element(
                RequiredString(o, "id", path),
                RequiredString(o, "name", path),
                RequiredString(o, "kind", path),
                RequiredString(o, "boundary", path),
                ReadLocation(Get(o, "location", path), path + ".location"),
                StringArray(o, "dataClasses", path).ToEquatableArray(),
                StringArray(o, "controls", path).ToEquatableArray(),
                StringArray(o, "roles", path).ToEquatableArray(),
                new Stride(StringArray(stride, "applicable", path + ".stride").ToEquatableArray(), StringArray(stride, "addressed", path + ".stride").ToEquatableArray()));
        }

        private static Flow ReadFlow(Dictionary<string, object?> o, string path)
            => new(
                RequiredString(o, "id", path),
                RequiredString(o, "from", path),
                RequiredString(o, "to", path),
                StringArray(o, "dataClasses", path).ToEquatableArray(),
                OptionalString(o, "crossesBoundary", path),
                o.ContainsKey("via") ? StringArray(o, "via", path).ToEquatableArray() : EquatableArray<string>.Empty);

        private static RuleInfo ReadRule(Dictionary<string, object?> o, string path)
            => new(
                RequiredString(o, "id", path),
                RequiredString(o, "title", path),
                RequiredString(o, "category", path),
                OptionalString(o, "cwe", path),
                RequiredString(o, "risk", path),
                RequiredString(o, "defaultSeverity", path),
                RequiredString(o, "helpUri", path),
                RequiredString(o, "description", path),
                RequiredBool(o, "evaluated", path),
                o.ContainsKey("notEvaluatedIn") ? StringArray(o, "notEvaluatedIn", path).ToEquatableArray() : EquatableArray<string>.Empty);

        private static Threat ReadThreat(Dictionary<string, object?> o, string path)
        {
            var related = RequiredArray(o, "related", path);
            return new Threat(
                RequiredString(o, "id", path),
                RequiredString(o, "ruleId", path),
                RequiredString(o, "title", path),
                RequiredString(o, "category", path),
                RequiredString(o, "severity", path),
                RequiredString(o, "element", path),
                ReadLocation(Get(o, "location", path), path + ".location"),
                RequiredString(o, "message", path),
                RequiredString(o, "status", path),
                OptionalString(o, "justification", path),
                OptionalString(o, "owner", path),
                OptionalString(o, "expires", path),
                related.Select((item, i) => ReadLocation(item, Index(path + ".related", i)) ?? throw Mismatch(Index(path + ".related", i), "a location", null)).ToEquatableArray(),
                RequiredBool(o, "limitReached", path),
                o.ContainsKey("dataClasses") ? StringArray(o, "dataClasses", path).ToEquatableArray() : EquatableArray<string>.Empty);
        }

        private static SourceLocation? ReadLocation(object? value, string path)
        {
            if (value is null)
            {
                return null;
            }

            var o = AsObject(value, path);
            return new SourceLocation(RequiredString(o, "path", path), RequiredInt(o, "line", path));
        }

        private static EquatableArray<T> Items<T>(Dictionary<string, object?> parent, string name, string path, Func<Dictionary<string, object?>, string, T> read)
            where T : IEquatable<T>
        {
            var items = RequiredArray(parent, name, path);
            var result = new List<T>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                var itemPath = Index(path + "." + name, i);
                result.Add(read(AsObject(items[i], itemPath), itemPath));
            }

            return result.ToEquatableArray();
        }

        private static string Major(string version)
        {
            var dot = version.IndexOf('.');
            return dot < 0 ? version : version.Substring(0, dot);
        }
    }
}
