using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA2005: keeps only the file name of the untrusted value: <c>Path.Combine(root, name)</c> becomes
    /// <c>Path.Combine(root, System.IO.Path.GetFileName(name))</c>. Where a sub-folder is meant, check containment instead (see the rule's page).
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PathTraversalFixer))]
    [Shared]
    public sealed class PathTraversalFixer : WrapUntrustedValueFixer
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PathTraversal);

        protected override string Title => "Keep only the file name (Path.GetFileName)";

        protected override string Wrapper => "System.IO.Path.GetFileName";
    }
}
