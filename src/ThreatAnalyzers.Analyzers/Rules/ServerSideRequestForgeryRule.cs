using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4008: untrusted data decides the address of an outbound request (HttpClient's Get/Post/Put/Patch/Delete and
    /// JSON methods, <c>new HttpRequestMessage(method, url)</c>, <c>RequestUri</c>, <c>BaseAddress</c>,
    /// <c>WebRequest.Create</c>, WebClient downloads) without an allow-list check guarding it. What a request carries (its
    /// content) is not its address and is not a sink. A constant prefix that fixes the host (<c>"https://api.example.com/items/"
    /// + id</c>, <c>$"/api/items/{id}"</c> against the client's BaseAddress) makes the rest safe
    /// (<see cref="Frameworks.Http.HttpClientFlow.FixesTheHost"/>); so does a check like <c>allowedHosts.Contains(uri.Host)</c>
    /// or <c>uri.Host == "…"</c> that the request runs only after (<see cref="Frameworks.Http.HttpClientFlow.Guards"/>).
    /// A threat of the entry point.
    /// </summary>
    internal sealed class ServerSideRequestForgeryRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.ServerSideRequestForgery,
            title: "Server-side request forgery",
            messageFormat: "'{0}' ({1}) reaches {2}{3} in {4}: the caller chooses where the server sends a request",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data decides the URL or host of a request the server makes. The caller can then make the server "
                       + "call what only it can reach: the cloud metadata endpoint with its credentials (169.254.169.254), internal "
                       + "services and admin ports behind the firewall, or another site in the server's name.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.ServerSideRequestForgery + ".md",
            customTags: "CWE-918");

        public ServerSideRequestForgeryRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which untrusted values decide the address of an outbound request without an allow-list check?",
                concerns: "the entry point",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.RequestAddress;

        /// <summary>Without any of its sinks in the compilation, the rule has nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => UntrustedFlowFindings.Report(this, context, finding);
    }
}
