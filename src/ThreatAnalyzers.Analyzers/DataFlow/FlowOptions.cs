using System.Globalization;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The engine's limits and switches, from .editorconfig (global options):
    /// <c>threat_analyzers.flow.max_call_depth</c> (default 8) and <c>threat_analyzers.infer_sensitive_names</c> (default false).
    /// </summary>
    internal sealed record FlowOptions(int MaxCallDepth, bool InferSensitiveNames)
    {
        public const int DefaultMaxCallDepth = 8;

        public static FlowOptions Default { get; } = new(DefaultMaxCallDepth, InferSensitiveNames: false);

        public static FlowOptions Read(AnalyzerConfigOptionsProvider? provider)
        {
            if (provider is null)
            {
                return Default;
            }

            var options = provider.GlobalOptions;
            var depth = options.TryGetValue("threat_analyzers.flow.max_call_depth", out var text)
                        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && parsed <= 64
                ? parsed
                : DefaultMaxCallDepth;
            var infer = options.TryGetValue("threat_analyzers.infer_sensitive_names", out var flag) && flag.Trim().Equals("true", System.StringComparison.OrdinalIgnoreCase);
            return new FlowOptions(depth, infer);
        }
    }
}
