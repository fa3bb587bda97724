using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1001 (CWE-306, missing authentication for a critical function): an entry point that requires no authentication,
    /// is not public on purpose, and is critical: it (or what it calls) writes to a data store, calls an external entity,
    /// starts a process, changes files, reaches a privileged operation, or reads or returns personal data or secrets.
    /// An entry point that is the authentication mechanism itself (sign-in, registration, password reset, token issuance)
    /// is left to the rules about its own risks. Asks the shared <see cref="ReachAnalysis"/>; reported on the method's
    /// name or on the Map call's method name; a threat of the entry point's process.
    /// </summary>
    internal sealed class UnauthenticatedEntryPointRule : EntryPointRule
    {
        /// <summary>Property telling the code fix how to require authentication (absent: no such fix is safe here).</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>Property telling the code fix how to mark the entry point public on purpose (absent: no way here).</summary>
        internal const string AnonymousProperty = "ThreatAnalyzers.Anonymous";

        /// <summary>[Authorize] on the method.</summary>
        internal const string FixAuthorizeMethod = "AuthorizeMethod";

        /// <summary>[Authorize] on the containing type (Razor Pages ignore it on handlers).</summary>
        internal const string FixAuthorizeType = "AuthorizeType";

        /// <summary>.RequireAuthorization() on the Map call.</summary>
        internal const string FixRequireAuthorization = "RequireAuthorization";

        /// <summary>[Authenticated] on the method: authentication happens upstream (a gateway, the Lambda authorizer).</summary>
        internal const string FixAuthenticated = "Authenticated";

        /// <summary>[AllowAnonymous] on the method.</summary>
        internal const string AnonymousMethod = "AllowAnonymousMethod";

        /// <summary>[AllowAnonymous] on the page model (Razor Pages ignore it on handlers).</summary>
        internal const string AnonymousType = "AllowAnonymousType";

        /// <summary>.AllowAnonymous() on the Map call.</summary>
        internal const string AnonymousCall = "AllowAnonymousCall";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UnauthenticatedEntryPoint,
            title: "Unauthenticated critical entry point",
            messageFormat: "Entry point '{0}' receives data from '{1}', requires no authentication and {2}",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Anyone who can reach this entry point can use it without saying who they are, and it does something critical: "
                       + "it changes state (writes to a data store, calls an external entity, starts a process, changes files), "
                       + "reads or returns personal data or secrets, or reaches a privileged operation.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UnauthenticatedEntryPoint + ".md",
            customTags: "CWE-306");

        public UnauthenticatedEntryPointRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Does an entry point that changes state, handles personal data or secrets, or reaches a privileged operation require no authentication?",
                concerns: "the entry point's process",
                fix: "`[Authorize]` or `.RequireAuthorization()` where authentication is configured, `[Authenticated]` where it happens upstream, or `[AllowAnonymous]` when public on purpose"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (!context.EntryPoint.IsUnauthenticated || context.Handler is not { } handler)
            {
                return;
            }

            if (IsNamedForAuthentication(context, handler))
            {
                return;
            }

            var reach = context.Analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken);
            if (reach.Authenticates || reach.MostCritical is not { } critical)
            {
                return;
            }

            context.Report(this, FixProperties(context), context.EntryPoint.Name, context.EntryPoint.Boundary, critical.Describe());
        }

        /// <summary>
        /// An authentication mechanism written by hand (no Identity manager, sign-in call or token handler): an action or
        /// handler, its single-purpose controller, or its route named for sign-in, registration, password reset, e-mail
        /// confirmation, tokens or sign-out (the convention is in <see cref="Frameworks.AspNetCore.AuthenticationMechanisms"/>).
        /// </summary>
        internal static bool IsNamedForAuthentication(EntryPointContext context, ISymbol handler)
        {
            var method = handler as IMethodSymbol;
            var type = context.InheritedBy ?? (method is { MethodKind: MethodKind.Ordinary } ? method.ContainingType : null);
            string? verb = null;
            string? route = null;
            if (context.Mapping is not null && context.EntryPoint.Kind == EntryPointKind.MinimalApiEndpoint)
            {
                var name = context.EntryPoint.Name;
                var space = name.IndexOf(' ');
                verb = space > 0 ? name.Substring(0, space) : null;
                route = space > 0 ? name.Substring(space + 1) : name;
            }

            return Frameworks.AspNetCore.AuthenticationMechanisms.IsNamedForAuthentication(method, type, verb, route);
        }

        /// <summary>
        /// What the code fixes may offer, shared with TA1008. Requiring authorization is offered only where the application
        /// configures authentication and authorization (otherwise [Authorize] and RequireAuthorization() make the endpoint
        /// answer 500); an ASP.NET Core action or page handler may still say authentication happens upstream
        /// ([Authenticated]); a Map call is then offered no way to require it.
        /// </summary>
        internal static ImmutableDictionary<string, string?> FixProperties(EntryPointContext context)
        {
            var analysis = context.Analysis;
            var aspNetCore = analysis.EntryPoints.AspNetCore;
            var entryPoint = context.EntryPoint;
            var properties = ImmutableDictionary<string, string?>.Empty;

            var configured = aspNetCore?.AuthorizeAttribute is not null
                             && analysis.EntryPoints.Application?.AuthenticationAndAuthorizationConfigured(context.CancellationToken) == true;
            var fix = context.Mapping is not null
                ? (configured ? FixRequireAuthorization : null)
                : context.InheritedBy is not null ? (configured ? FixAuthorizeType : null)
                : entryPoint.Kind switch
                {
                    EntryPointKind.ControllerAction when configured => FixAuthorizeMethod,
                    EntryPointKind.RazorPageHandler when configured => FixAuthorizeType,
                    _ => analysis.Annotations.Authenticated is not null ? FixAuthenticated : null,
                };
            if (fix is not null)
            {
                properties = properties.Add(FixProperty, fix);
            }

            var anonymous = context.Mapping is not null
                ? (aspNetCore?.AuthorizationEndpointConventionBuilderExtensions is not null ? AnonymousCall : null)
                : aspNetCore?.AllowAnonymousAttribute is null ? null
                : entryPoint.Kind == EntryPointKind.RazorPageHandler || context.InheritedBy is not null ? AnonymousType
                : AnonymousMethod;
            if (anonymous is not null)
            {
                properties = properties.Add(AnonymousProperty, anonymous);
            }

            return properties;
        }
    }
}
