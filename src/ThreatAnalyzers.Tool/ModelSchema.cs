using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using Json.Schema;

namespace ThreatAnalyzers.Tool
{
    /// <summary>docs/threat-model.schema.json, embedded: the contract a threat-model.json file is checked against.</summary>
    internal static class ModelSchema
    {
        private static readonly Lazy<JsonSchema> Schema = new(() =>
        {
            using var stream = typeof(ModelSchema).Assembly.GetManifestResourceStream("threat-model.schema.json")!;
            using var reader = new StreamReader(stream);

            // A registry of its own: the library's global one keys schemas by $id, and a process may load it more than once.
            return JsonSchema.FromText(reader.ReadToEnd(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
        });

        /// <summary>The first place the JSON breaks the schema, on one line (JSON pointer: message); null when it is valid.</summary>
        public static string? FirstError(string json)
        {
            using var document = JsonDocument.Parse(json);
            var result = Schema.Value.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (result.IsValid)
            {
                return null;
            }

            var first = (result.Details ?? new System.Collections.Generic.List<EvaluationResults>())
                .Where(d => d.Errors is not null && d.Errors.Count > 0)
                .Select(d => (Where: d.InstanceLocation.ToString(), Message: d.Errors!.First().Value))
                .OrderByDescending(e => e.Where.Length)
                .FirstOrDefault();
            var where = string.IsNullOrEmpty(first.Where) ? "/" : first.Where;
            return first.Message is null ? "invalid" : where + ": " + first.Message.Replace('\n', ' ').Replace('\r', ' ');
        }
    }
}
