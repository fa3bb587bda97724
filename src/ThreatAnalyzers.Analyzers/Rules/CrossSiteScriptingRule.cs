using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2008: untrusted data written into a page as markup: Html.Raw, new HtmlString, new MarkupString, Content(…) or
    /// ContentResult with an HTML content type, or a response body written with Response.WriteAsync after the response's
    /// content type was set to HTML; without an HTML encoder (HtmlEncoder/TextEncoder.Encode, WebUtility.HtmlEncode,
    /// HttpUtility.HtmlEncode) on the way. Content(text) without a content type answers text/plain: not reported.
    /// A threat of the entry point.
    /// </summary>
    internal sealed class CrossSiteScriptingRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.CrossSiteScripting,
            title: "Cross-site scripting",
            messageFormat: "'{0}' ({1}) reaches {2}{3} in {4} as HTML, without encoding",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data is written into a page as markup. A script in it runs in the browser of whoever sees the page, "
                       + "with their session: it can read what they see and act as them.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.CrossSiteScripting + ".md",
            customTags: "CWE-79");

        public CrossSiteScriptingRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which untrusted values are written into a page as markup without HTML encoding?",
                concerns: "the entry point",
                fix: "HTML-encode the value (WebUtility.HtmlEncode)"))
        {
        }

        public override SinkKind Sinks => SinkKind.Html | SinkKind.HttpResponse;

        /// <summary>An HTML encoder on the way makes a value safe for both kinds of sink.</summary>
        /// <summary>Without any of its sinks in the compilation, the rule has nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted && !fact.IsSafeFor(SinkKind.Html);

        public override void Report(FlowContext context, FlowFinding finding)
        {
            if (UntrustedFlowFindings.OperationAt(context.Analysis, finding.SinkLocation, context.CancellationToken) is not { } sinkValue
                || !HtmlResponses.SendsHtml(sinkValue))
            {
                return;
            }

            UntrustedFlowFindings.Report(this, context, finding);
        }
    }
}
