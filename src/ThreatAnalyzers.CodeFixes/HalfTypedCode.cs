using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.CodeFixes
{
    /// <summary>
    /// Code being typed: a fix that adds an attribute to a member whose declaration does not parse is formatted against
    /// the broken syntax, which Roslyn's formatter does not survive (found by the mutation tests). Such a fix is not
    /// offered until the member parses again.
    /// </summary>
    internal static class HalfTypedCode
    {
        /// <summary>Whether the member declaration (or top-level statement) that holds the finding has syntax errors.</summary>
        public static bool Holds(SyntaxNode? root, Diagnostic diagnostic)
        {
            if (root is null || !diagnostic.Location.IsInSource || !root.FullSpan.Contains(diagnostic.Location.SourceSpan))
            {
                return false;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            return node.AncestorsAndSelf().OfType<MemberDeclarationSyntax>().FirstOrDefault() is { ContainsDiagnostics: true };
        }
    }
}
