using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2004: in an application that authenticates browsers with a cookie, a state-changing MVC action (POST, PUT,
    /// PATCH, DELETE on a controller with views, not an [ApiController]) that validates no anti-forgery token (no
    /// [ValidateAntiForgeryToken]/[AutoValidateAntiforgeryToken] on it, its controller or a base, no global filter, no
    /// explicit [IgnoreAntiforgeryToken]); or a minimal-API form endpoint that switches validation off with
    /// <c>.DisableAntiforgery()</c>. Razor Pages validate by default; bearer-token-only applications are not exposed.
    /// </summary>
    internal sealed class MissingAntiforgeryRule : EntryPointRule
    {
        /// <summary>Property telling the code fix what to do.</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>[ValidateAntiForgeryToken] on the action.</summary>
        internal const string FixValidateAttribute = "ValidateAntiForgeryToken";

        /// <summary>Remove .DisableAntiforgery() from the endpoint.</summary>
        internal const string FixRemoveDisable = "RemoveDisableAntiforgery";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.MissingAntiforgery,
            title: "Missing anti-forgery validation",
            messageFormat: "'{0}' accepts {1} requests authenticated by a cookie without validating an anti-forgery token",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "The browser sends the authentication cookie with every request to the site, including one a malicious page makes it send: "
                       + "without an anti-forgery token, any site the user visits can make this state-changing request in their name (cross-site request forgery).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.MissingAntiforgery + ".md",
            customTags: "CWE-352");

        public MissingAntiforgeryRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Does a state-changing action or form endpoint of a cookie-authenticated application accept requests without an anti-forgery token?",
                concerns: "the entry point's process",
                fix: "`[ValidateAntiForgeryToken]`, or remove `.DisableAntiforgery()`"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            var kind = context.EntryPoint.Kind;
            if (kind is not (EntryPointKind.ControllerAction or EntryPointKind.MinimalApiEndpoint))
            {
                return;
            }

            var antiforgery = Antiforgery.For(context.Analysis.Compilation);
            if (!antiforgery.IsAvailable)
            {
                return;
            }

            if (kind == EntryPointKind.ControllerAction)
            {
                if (context.Scope.FirstOrDefault() is not IMethodSymbol action
                    || !antiforgery.IsViewControllerAction(action)
                    || antiforgery.StateChangingVerbs(action) is not { Count: > 0 } verbs
                    || antiforgery.HasPolicy(action)
                    || !antiforgery.UsesCookieAuthentication(context.CancellationToken)
                    || antiforgery.HasGlobalPolicy(context.CancellationToken))
                {
                    return;
                }

                context.Report(this, ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixValidateAttribute), context.EntryPoint.Name, string.Join(", ", verbs));
                return;
            }

            if (context.Mapping is not { } mapping
                || context.Analysis.EntryPoints.HandlerOf(mapping) is not IMethodSymbol handler
                || !handler.Parameters.Any(antiforgery.IsFormParameter)
                || Antiforgery.DisableAntiforgeryOn(mapping) is null
                || !antiforgery.UsesCookieAuthentication(context.CancellationToken))
            {
                return;
            }

            context.Report(this, ImmutableDictionary<string, string?>.Empty.Add(FixProperty, FixRemoveDisable), context.EntryPoint.Name, "form");
        }
    }
}
