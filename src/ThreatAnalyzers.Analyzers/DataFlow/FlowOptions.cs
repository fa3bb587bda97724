using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The engine's limits and switches for one file, read the way .editorconfig works: a key in a section that matches
    /// the file (for example <c>[*.cs]</c> in the root .editorconfig) or in a global config (.globalconfig, or
    /// is_global = true):
    /// <c>threat_analyzers.flow.max_call_depth</c> (default 8, 0 to 64) and <c>threat_analyzers.infer_sensitive_names</c>
    /// (default false). A body is analyzed with its own file's options; a callee is summarized with the callee's.
    /// </summary>
    internal sealed record FlowOptions(int MaxCallDepth, bool InferSensitiveNames)
    {
        public const int DefaultMaxCallDepth = 8;
        public const string MaxCallDepthKey = "threat_analyzers.flow.max_call_depth";
        public const string InferSensitiveNamesKey = "threat_analyzers.infer_sensitive_names";

        public static FlowOptions Default { get; } = new(DefaultMaxCallDepth, InferSensitiveNames: false);

        /// <summary>The options of one file: its own keys first, then the global ones.</summary>
        public static FlowOptions Read(AnalyzerConfigOptions? file, AnalyzerConfigOptions? global)
        {
            string? Get(string key)
                => file is not null && file.TryGetValue(key, out var value) ? value
                 : global is not null && global.TryGetValue(key, out value) ? value
                 : null;

            var depth = int.TryParse(Get(MaxCallDepthKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) && parsed >= 0 && parsed <= 64
                ? parsed
                : DefaultMaxCallDepth;
            var infer = string.Equals(Get(InferSensitiveNamesKey)?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase);
            return new FlowOptions(depth, infer);
        }
    }

    /// <summary>The options of every file of a compilation, read once per file.</summary>
    internal sealed class FlowOptionsByFile
    {
        private readonly AnalyzerConfigOptionsProvider? provider;
        private readonly FlowOptions? uniform;
        private readonly ConcurrentDictionary<SyntaxTree, FlowOptions> byTree = new();

        private FlowOptionsByFile(AnalyzerConfigOptionsProvider? provider, FlowOptions? uniform)
        {
            this.provider = provider;
            this.uniform = uniform;
            Global = uniform ?? FlowOptions.Read(null, provider?.GlobalOptions);
        }

        /// <summary>What the global configuration says (the options of code in no file).</summary>
        public FlowOptions Global { get; }

        public static FlowOptionsByFile From(AnalyzerConfigOptionsProvider? provider) => new(provider, uniform: null);

        /// <summary>The same options for every file (tests, tools).</summary>
        public static FlowOptionsByFile Uniform(FlowOptions options) => new(provider: null, options);

        public FlowOptions For(SyntaxTree? tree)
        {
            if (uniform is not null || tree is null || provider is null)
            {
                return Global;
            }

            return byTree.GetOrAdd(tree, t => FlowOptions.Read(provider.GetOptions(t), provider.GlobalOptions));
        }

        /// <summary>Whether the name heuristic is on for any file of the compilation (then names may make data sensitive).</summary>
        public bool AnyFileInfersSensitiveNames(Compilation compilation)
        {
            if (Global.InferSensitiveNames)
            {
                return true;
            }

            // Only the one key, not each file's options: asked of every file of a library at the start of the compilation.
            foreach (var tree in compilation.SyntaxTrees)
            {
                if (uniform is null && provider is not null && provider.GetOptions(tree).TryGetValue(FlowOptions.InferSensitiveNamesKey, out var value))
                {
                    if (string.Equals(value?.Trim(), "true", System.StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
