using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA6006 (CWE-285): an explicit authorization requirement ([Authorize], with or without roles or a policy, or
    /// RequireAuthorization()) that ASP.NET Core ignores because an IAllowAnonymous ([AllowAnonymous], .AllowAnonymous())
    /// covers the same or a wider scope: the same action, its controller or a base class, its route or group. The
    /// intended use, [AllowAnonymous] on a narrower scope than the requirement (the Login action of an [Authorize]
    /// controller), is silent (<see cref="AnonymousOverrides"/>). Reported on the requirement that is overridden: once
    /// per action for one on the action or its route, once per controller (from its first action) for one on the class.
    /// </summary>
    internal sealed class AuthorizationOverriddenByAllowAnonymousRule : EntryPointRule
    {
        /// <summary>Property telling the code fix what to do with the AllowAnonymous (the additional location); absent: no safe fix.</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>Remove the [AllowAnonymous] attribute (on the same action, or on the class whose own [Authorize] it cancels).</summary>
        internal const string FixRemoveAttribute = "RemoveAttribute";

        /// <summary>Move the class's [AllowAnonymous] to its actions that have no authorization attribute of their own.</summary>
        internal const string FixMoveToActions = "MoveToActions";

        /// <summary>Remove the .AllowAnonymous() call from the Map call's chain.</summary>
        internal const string FixRemoveCall = "RemoveCall";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.AuthorizationOverriddenByAllowAnonymous,
            title: "Authorization overridden by AllowAnonymous",
            messageFormat: "'{0}' requires {1}, but {2} overrides it: anyone can call it",
            RuleCategories.ElevationOfPrivilege,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "ASP.NET Core skips authorization for an endpoint that carries any AllowAnonymous metadata, wherever it comes from: "
                       + "an [Authorize] (with roles or a policy, or none) or RequireAuthorization() on the same or a narrower scope "
                       + "than an [AllowAnonymous] or .AllowAnonymous() is ignored, and the endpoint is public.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.AuthorizationOverriddenByAllowAnonymous + ".md",
            customTags: "CWE-285");

        public AuthorizationOverriddenByAllowAnonymousRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Does an [AllowAnonymous] or .AllowAnonymous() cancel an authorization requirement that the code states for the same endpoint?",
                concerns: "the entry point's process",
                fix: "remove the AllowAnonymous that covers the endpoint (move a controller's [AllowAnonymous] to its public actions)"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            var aspNetCore = context.Analysis.EntryPoints.AspNetCore;
            if (aspNetCore?.IAllowAnonymous is null || aspNetCore.IAuthorizeData is null || context.Handler is not IMethodSymbol handler)
            {
                return;
            }

            switch (context.EntryPoint.Kind)
            {
                case EntryPointKind.ControllerAction:
                case EntryPointKind.RazorPageHandler:
                    AnalyzeAction(context, handler, aspNetCore);
                    break;
                case EntryPointKind.MinimalApiEndpoint when context.Mapping is { } mapping:
                    AnalyzeRoute(context, handler, mapping, aspNetCore);
                    break;
            }
        }

        private void AnalyzeAction(EntryPointContext context, IMethodSymbol method, AspNetCoreTypes aspNetCore)
        {
            var page = context.EntryPoint.Kind == EntryPointKind.RazorPageHandler;
            var type = context.InheritedBy ?? method.ContainingType;
            var (requirements, anonymous) = AnonymousOverrides.OfMethod(method, type, handlerAttributesCount: !page, aspNetCore);
            if (requirements.Count == 0)
            {
                return;
            }

            var application = context.Analysis.EntryPoints.Application;
            if (application is not null && (page ? application.ForRazorPages(context.CancellationToken) : application.ForControllers(context.CancellationToken)).AllowsAnonymous)
            {
                anonymous.Add(new AuthorizationMark(Location.None, null, int.MaxValue, page ? "MapRazorPages()" : "MapControllers()"));
            }

            if (anonymous.Count == 0)
            {
                return;
            }

            bool? first = null;
            foreach (var (authorize, cover) in AnonymousOverrides.OverriddenOnAction(requirements, anonymous))
            {
                string name;
                if (authorize.Rank == 0)
                {
                    name = context.EntryPoint.Name;
                }
                else
                {
                    // A requirement on the class is one finding for the class, reported with its first action.
                    first ??= IsFirstEntryPoint(context, method, type, page, aspNetCore);
                    if (first != true)
                    {
                        continue;
                    }

                    name = type.Name;
                }

                string? fix = null;
                if (cover.Holder is not null && cover.Location.SourceTree == authorize.Location.SourceTree && cover.Location.IsInSource)
                {
                    if (cover.Holder is IMethodSymbol
                        || (authorize.Rank > 0 && SymbolEqualityComparer.Default.Equals(cover.Holder, authorize.Holder)))
                    {
                        fix = FixRemoveAttribute;
                    }
                    else if (authorize.Rank == 0 && !page && context.InheritedBy is null && SymbolEqualityComparer.Default.Equals(cover.Holder, method.ContainingType))
                    {
                        fix = FixMoveToActions;
                    }
                }

                Report(context, authorize, cover, name, Where(cover, authorize, type), fix);
            }
        }

        private void AnalyzeRoute(EntryPointContext context, IMethodSymbol handler, Microsoft.CodeAnalysis.Operations.IInvocationOperation mapping, AspNetCoreTypes aspNetCore)
        {
            var (requirements, anonymous) = AnonymousOverrides.OnChain(mapping, aspNetCore);
            foreach (var m in handler.MethodKind == MethodKind.AnonymousFunction ? new[] { handler } : handler.SelfAndOverridden())
            {
                AnonymousOverrides.Collect(m, 0, aspNetCore, requirements, anonymous);
            }

            if (requirements.Count == 0)
            {
                return;
            }

            if (anonymous.Count == 0 && context.Analysis.EntryPoints.Application is { } application
                && application.Endpoints.ForMapping(mapping, context.CancellationToken).AllowsAnonymous)
            {
                anonymous.Add(new AuthorizationMark(Location.None, null, int.MaxValue, "its route group"));
            }

            foreach (var (authorize, cover) in AnonymousOverrides.Overridden(requirements, anonymous))
            {
                var where = cover.Call is not null ? ".AllowAnonymous() on the same route"
                    : cover.Holder is not null ? "[AllowAnonymous] on the handler"
                    : ".AllowAnonymous() on " + cover.Requirement;
                var fix = cover.Call is not null && cover.Location.SourceTree == authorize.Location.SourceTree ? FixRemoveCall
                    : cover.Holder is not null && cover.Location.SourceTree == authorize.Location.SourceTree ? FixRemoveAttribute
                    : null;
                if (authorize.Holder is null)
                {
                    // A RequireAuthorization() on the chain lies outside the Map call the pass analyzes: reported on the Map
                    // call's name (so it shows live), with the AllowAnonymous and the requirement as related locations.
                    var properties = fix is null ? null : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
                    var related = new[] { cover.Location, authorize.Location }.Where(l => l.IsInSource);
                    context.Report(this, context.Location, related, properties, context.EntryPoint.Name, authorize.Requirement, where);
                    continue;
                }

                Report(context, authorize, cover, context.EntryPoint.Name, where, fix);
            }
        }

        private void Report(EntryPointContext context, AuthorizationMark authorize, AuthorizationMark cover, string name, string where, string? fix)
        {
            var properties = fix is null ? null : ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);
            var additional = cover.Location.IsInSource ? new[] { cover.Location } : System.Array.Empty<Location>();
            context.Report(this, authorize.Location, additional, properties, name, authorize.Requirement, where);
        }

        /// <summary>"[AllowAnonymous] on the same action", "[AllowAnonymous] on class 'AdminController'", "… on base class 'PublicController'".</summary>
        private static string Where(AuthorizationMark cover, AuthorizationMark authorize, INamedTypeSymbol type)
        {
            switch (cover.Holder)
            {
                case IMethodSymbol method:
                    return "[AllowAnonymous] on " + (SymbolEqualityComparer.Default.Equals(method, authorize.Holder) ? "the same action" : "'" + method.ContainingType?.Name + "." + method.Name + "'");
                case INamedTypeSymbol holder:
                    if (SymbolEqualityComparer.Default.Equals(holder, authorize.Holder))
                    {
                        return "[AllowAnonymous] on the same class";
                    }

                    return "[AllowAnonymous] on " + (SymbolEqualityComparer.Default.Equals(holder, type) || authorize.Holder is IMethodSymbol { ContainingType: var declaring } && SymbolEqualityComparer.Default.Equals(holder, declaring)
                        ? "class '" : "base class '") + holder.Name + "'";
                default:
                    return ".AllowAnonymous() on " + cover.Requirement;
            }
        }

        /// <summary>Whether this is the first entry point the type declares (or, declaring none, the first it inherits).</summary>
        private static bool IsFirstEntryPoint(EntryPointContext context, IMethodSymbol method, INamedTypeSymbol type, bool page, AspNetCoreTypes aspNetCore)
        {
            var own = type.GetMembers().OfType<IMethodSymbol>()
                .FirstOrDefault(m => page ? MvcConventions.IsPageHandler(m, aspNetCore) : MvcConventions.IsAction(m, aspNetCore));
            if (own is not null)
            {
                return context.InheritedBy is null && SymbolEqualityComparer.Default.Equals(own, method);
            }

            return context.InheritedBy is not null && !page
                   && MvcConventions.InheritedActions(type, aspNetCore).FirstOrDefault() is { } inherited
                   && SymbolEqualityComparer.Default.Equals(inherited.OriginalDefinition, method.OriginalDefinition);
        }
    }
}
