using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1008 (opt-in): an entry point that neither requires authentication nor says it is public on purpose, whatever
    /// it does. For teams that want every public endpoint marked ([AllowAnonymous], .AllowAnonymous()); TA1001 reports
    /// only the critical ones.
    /// </summary>
    internal sealed class NoExplicitAuthenticationDecisionRule : EntryPointRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.NoExplicitAuthenticationDecision,
            title: "No explicit authentication decision",
            messageFormat: "Entry point '{0}' receives data from '{1}' but neither requires authentication nor is marked public on purpose",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: false,
            description: "Data from outside a trust boundary enters here and nothing in the code decides who may call it: it neither requires "
                       + "an authenticated caller nor says that it is public on purpose. Off by default; turn it on to require that every "
                       + "entry point states its decision.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.NoExplicitAuthenticationDecision + ".md",
            customTags: "CWE-306");

        public NoExplicitAuthenticationDecisionRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Low,
                question: "Does an entry point across a trust boundary require neither authentication nor an explicit anonymous choice?",
                concerns: "the entry point's process",
                fix: "`[AllowAnonymous]` or `.AllowAnonymous()` when public on purpose, else `[Authorize]`, `.RequireAuthorization()` or `[Authenticated]`"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (context.EntryPoint.IsUnauthenticated)
            {
                context.Report(this, UnauthenticatedEntryPointRule.FixProperties(context), context.EntryPoint.Name, context.EntryPoint.Boundary);
            }
        }
    }
}
