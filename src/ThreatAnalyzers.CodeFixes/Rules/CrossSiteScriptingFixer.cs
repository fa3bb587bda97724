using System.Collections.Immutable;
using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>TA2008: HTML-encodes the untrusted value where it is written into the markup: <c>System.Net.WebUtility.HtmlEncode(name)</c>.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CrossSiteScriptingFixer))]
    [Shared]
    public sealed class CrossSiteScriptingFixer : WrapUntrustedValueFixer
    {
        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.CrossSiteScripting);

        protected override string Title => "HTML-encode the value (WebUtility.HtmlEncode)";

        protected override string Wrapper => "System.Net.WebUtility.HtmlEncode";
    }
}
