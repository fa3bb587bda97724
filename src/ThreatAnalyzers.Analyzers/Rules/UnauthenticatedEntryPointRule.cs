using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1001: an entry point that receives data from outside a trust boundary and requires no authentication.
    /// Asks the shared pass for entry points and their authorization evidence; reported on the method's name or on the
    /// Map call's method name. A threat of the entry point's process.
    /// </summary>
    internal sealed class UnauthenticatedEntryPointRule : EntryPointRule
    {

        /// <summary>Property telling the code fix what to add.</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>[Authorize] on the method.</summary>
        internal const string FixAuthorizeMethod = "AuthorizeMethod";

        /// <summary>[Authorize] on the containing type (Razor Pages ignore it on handlers).</summary>
        internal const string FixAuthorizeType = "AuthorizeType";

        /// <summary>.RequireAuthorization() on the Map call.</summary>
        internal const string FixRequireAuthorization = "RequireAuthorization";

        /// <summary>[Authenticated] on the method, where ASP.NET Core authorization does not apply.</summary>
        internal const string FixAuthenticated = "Authenticated";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UnauthenticatedEntryPoint,
            title: "Unauthenticated entry point",
            messageFormat: "Entry point '{0}' receives data from '{1}' but requires no authentication",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Data from outside a trust boundary enters here, and nothing in the code requires the caller to be authenticated: "
                       + "anyone who can reach it can claim to be anyone.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UnauthenticatedEntryPoint + ".md",
            customTags: "CWE-306");

        public UnauthenticatedEntryPointRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Does an entry point across a trust boundary require neither authentication nor an explicit anonymous choice?",
                concerns: "the entry point's process",
                fix: "`[Authorize]`, `.RequireAuthorization()` or `[Authenticated]`"))
        {
        }


        public override void Analyze(EntryPointContext context)
        {
            if (!context.EntryPoint.IsUnauthenticated)
            {
                return;
            }

            var fix = context.Mapping is not null ? FixRequireAuthorization : FixFor(context.EntryPoint, context.Analysis);
            context.Report(this, ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix), context.EntryPoint.Name, context.EntryPoint.Boundary);
        }

        private static string FixFor(EntryPoint entryPoint, CompilationAnalysis analysis)
        {
            if (analysis.EntryPoints.AspNetCore?.AuthorizeAttribute is null)
            {
                return FixAuthenticated;
            }

            return entryPoint.Kind switch
            {
                EntryPointKind.ControllerAction => FixAuthorizeMethod,
                EntryPointKind.RazorPageHandler => FixAuthorizeType,
                _ => FixAuthenticated,
            };
        }
    }
}
