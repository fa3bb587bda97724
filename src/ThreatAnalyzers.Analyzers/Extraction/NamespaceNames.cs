using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Whether a symbol's namespace is one written as a dotted name, compared part by part from the innermost: asked of
    /// calls and types at every reference, where building the namespace's display string each time cost more than the
    /// question.
    /// </summary>
    internal static class NamespaceNames
    {
        /// <summary>Whether <paramref name="ns"/> is the namespace <paramref name="dotted"/> names ("System.Threading.Tasks"; "" is the global namespace).</summary>
        public static bool Is(INamespaceSymbol? ns, string dotted)
        {
            if (ns is null)
            {
                return false;
            }

            var end = dotted.Length;
            while (end > 0)
            {
                var start = dotted.LastIndexOf('.', end - 1) + 1;
                var name = ns.Name;
                if (ns.IsGlobalNamespace || name.Length != end - start || string.CompareOrdinal(name, 0, dotted, start, name.Length) != 0)
                {
                    return false;
                }

                ns = ns.ContainingNamespace;
                if (ns is null)
                {
                    return false;
                }

                end = start - 1;
                if (end < 0)
                {
                    break;
                }
            }

            return ns.IsGlobalNamespace;
        }
    }
}
