using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>TA1001: an entry point that receives data from outside a trust boundary and requires no authentication.</summary>
    internal sealed class UnauthenticatedEntryPointRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UnauthenticatedEntryPoint,
            title: "Unauthenticated entry point",
            messageFormat: "Entry point '{0}' receives data from '{1}' but requires no authentication",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Data from outside a trust boundary enters here, and nothing in the code requires the caller to be authenticated: "
                       + "anyone who can reach it can claim to be anyone.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UnauthenticatedEntryPoint + ".md", customTags: "CWE-306");

        internal static RuleDefinition Definition { get; } = new(
            Descriptor,
            risk: RuleRisks.High,
            question: "Does an entry point across a trust boundary require neither authentication nor an explicit anonymous choice?",
            concerns: "the entry point's process",
            fix: "`[Authorize]`, `.RequireAuthorization()` or `[Authenticated]`");
    }
}
