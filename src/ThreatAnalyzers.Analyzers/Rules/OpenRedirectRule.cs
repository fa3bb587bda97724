using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2007: untrusted data chooses where a redirect sends the browser (Redirect, RedirectPermanent,
    /// RedirectPreserveMethod, Results/TypedResults.Redirect, Response.Redirect, new RedirectResult) without a
    /// <c>Url.IsLocalUrl</c> check guarding it. <c>LocalRedirect</c> is not a sink. A threat of the entry point.
    /// </summary>
    internal sealed class OpenRedirectRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.OpenRedirect,
            title: "Open redirect",
            messageFormat: "'{0}' ({1}) reaches {2}{3} in {4}: the caller chooses where the browser is sent",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data chooses the target of a redirect. A link to this site can then send its users to any other "
                       + "site (a phishing page that looks like the sign-in page, a page that collects the token in the URL).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.OpenRedirect + ".md",
            customTags: "CWE-601");

        public OpenRedirectRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which untrusted values choose the target of a redirect without a check that the URL is local?",
                concerns: "the entry point",
                fix: "redirect with LocalRedirect"))
        {
        }

        public override SinkKind Sinks => SinkKind.Redirect;

        /// <summary>Without any of its sinks in the compilation, the rule has nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => UntrustedFlowFindings.Report(this, context, finding);
    }
}
