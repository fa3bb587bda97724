using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// The ids of the model's elements as derived from code symbols: the model analyzer names the processes it draws with
    /// these, and the rules put them on their findings, so a finding lands on its element in the artifact.
    /// </summary>
    internal static class ElementIds
    {
        /// <summary>A method that is an entry point (an action, a handler, a [TrustBoundary] method).</summary>
        public static string ProcessOf(IMethodSymbol method) => ProcessOf(BehaviorExtractor.IdOf(method));

        /// <summary>The same, from the method's documentation-comment id.</summary>
        public static string ProcessOf(string? methodId) => "process:" + methodId;

        /// <summary>An action a concrete controller inherits from a base class: the base method's process, per controller.</summary>
        public static string ProcessOfInherited(INamedTypeSymbol controller, IMethodSymbol method)
            => ProcessOfInherited(controller.GetDocumentationCommentId(), BehaviorExtractor.IdOf(method));

        /// <summary>The same, from the documentation-comment ids.</summary>
        public static string ProcessOfInherited(string? controllerId, string? methodId) => "process:" + methodId + "@" + controllerId;

        /// <summary>A minimal-API route: keyed by the method that maps it and the route, both stable across builds.</summary>
        public static string ProcessOfRoute(ISymbol? mappedIn, string routeName)
            => ProcessOfRoute(mappedIn is null ? null : BehaviorExtractor.IdOf(mappedIn), routeName);

        /// <summary>The same, from the mapping method's documentation-comment id.</summary>
        public static string ProcessOfRoute(string? mapperId, string routeName)
            => "process:" + (mapperId is null ? string.Empty : mapperId + "#") + routeName;
    }
}
