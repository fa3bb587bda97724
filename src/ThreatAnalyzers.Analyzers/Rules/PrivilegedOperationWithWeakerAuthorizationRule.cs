using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA6001 (CWE-285): an entry point reaches, through any chain of calls, a method that requires a role
    /// ([RequiresRole], [Authorize(Roles = …)], [Authorize(Policy = …)] for a policy built with RequireRole) that the
    /// entry point does not require: the in-process call skips the check the method declares. Asks the shared
    /// <see cref="ReachAnalysis"/> (privileged operations carry the method that requires the role) and
    /// <see cref="RoleRequirements"/>; reported on the call in the entry point's body that starts the chain.
    /// </summary>
    internal sealed class PrivilegedOperationWithWeakerAuthorizationRule : EntryPointRule
    {
        /// <summary>
        /// Property with the roles (comma-separated, any-of) the code fix may require on the action with
        /// <c>[Authorize(Roles = …)]</c>; absent where that is not safe (not a controller action declared in the class, or
        /// the application configures no authentication and authorization, where [Authorize] answers 500).
        /// </summary>
        internal const string RolesProperty = "ThreatAnalyzers.Roles";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.PrivilegedOperationWithWeakerAuthorization,
            title: "Privileged operation reachable with weaker authorization",
            messageFormat: "'{0}' calls '{1}'{2}, which requires {3}, but '{0}' {4}",
            RuleCategories.ElevationOfPrivilege,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A method declares that only callers holding a role may run it, and an entry point that does not require that role "
                       + "calls it (directly or through other methods): a caller without the role runs the privileged operation.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.PrivilegedOperationWithWeakerAuthorization + ".md",
            customTags: "CWE-285");

        public PrivilegedOperationWithWeakerAuthorizationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Does an entry point reach an operation that requires a role the entry point itself does not require?",
                concerns: "the entry point's process",
                fix: "`[Authorize(Roles = \"…\")]` on the action, where the application configures authentication and authorization"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            var analysis = context.Analysis;
            if (context.Handler is not IMethodSymbol handler
                || (analysis.Annotations.RequiresRole is null && analysis.EntryPoints.AspNetCore?.IAuthorizeData is null))
            {
                return;
            }

            // The entry point's whole reach first (memoized, shared with the other rules): nothing privileged, nothing to do.
            var reach = analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken);
            if (!reach.Effects.Any(e => e.Kind == ReachKind.Privileged && e.Target is not null))
            {
                return;
            }

            var roles = RoleRequirements.Of(analysis);
            var overridden = new List<ImmutableHashSet<string>>();
            if (Granted(context, handler, roles, overridden, out var cancelled) is not { } declared)
            {
                return;
            }

            // An AllowAnonymous on the endpoint cancels what it declares (ASP.NET Core lets it win).
            var granted = cancelled ? new List<ImmutableHashSet<string>>() : declared;

            var body = BodyOf(context, handler);
            if (body is null)
            {
                return;
            }

            var checkedRoles = new List<(int Position, string Role)>();
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "IsInRole" } check
                    && check.Arguments.Length == 1 && check.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string role })
                {
                    checkedRoles.Add((check.Syntax.SpanStart, role));
                }
            }

            var fixable = context.EntryPoint.Kind == EntryPointKind.ControllerAction && context.InheritedBy is null
                          && analysis.EntryPoints.AspNetCore?.AuthorizeAttribute is not null
                          && analysis.EntryPoints.Application?.AuthenticationAndAuthorizationConfigured(context.CancellationToken) == true;
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is not (IInvocationOperation or IObjectCreationOperation or IMethodReferenceOperation))
                {
                    continue;
                }

                context.CancellationToken.ThrowIfCancellationRequested();
                foreach (var effect in analysis.Reach.OfCall(operation, context.CancellationToken).Effects)
                {
                    if (effect.Kind != ReachKind.Privileged || effect.Target is not { } target)
                    {
                        continue;
                    }

                    var unmet = roles.RequiredBy(target, context.CancellationToken)
                        .FirstOrDefault(set => !RoleRequirements.Satisfies(granted, set)
                                               && !checkedRoles.Any(c => c.Position < operation.Syntax.SpanStart && set.Contains(c.Role)));
                    // Required by an [Authorize] that an AllowAnonymous cancels: TA6006 reports the cause, on that requirement.
                    if (unmet is null || RoleRequirements.Satisfies(overridden, unmet))
                    {
                        continue;
                    }

                    var via = effect.Via.IsDefaultOrEmpty ? string.Empty : " via " + string.Join(" → ", effect.Via);
                    var additional = target.Locations.Where(l => l.IsInSource).Take(1);
                    var properties = fixable ? ImmutableDictionary<string, string?>.Empty.Add(RolesProperty, string.Join(",", unmet.OrderBy(r => r, StringComparer.Ordinal))) : null;
                    context.Report(this, operation.Syntax.GetLocation(), additional, properties,
                        context.EntryPoint.Name, Display(target), via, RoleRequirements.Describe(unmet), Says(granted));
                    break;
                }
            }
        }

        /// <summary>
        /// The role sets the entry point requires: its attributes, and the conventions on its Map call, its groups, or
        /// MapControllers()/MapRazorPages(). Null when it requires a policy the compilation does not build (silent rather
        /// than wrong). <paramref name="cancelled"/>: an AllowAnonymous on the endpoint cancels them all (TA6006 says so).
        /// </summary>
        private static List<ImmutableHashSet<string>>? Granted(
            EntryPointContext context, IMethodSymbol handler, RoleRequirements roles, List<ImmutableHashSet<string>> overridden, out bool cancelled)
        {
            cancelled = false;
            var granted = new List<ImmutableHashSet<string>>();
            var unknown = false;
            var aspNetCore = context.Analysis.EntryPoints.AspNetCore;
            var endpoints = context.Analysis.EntryPoints.Application?.Endpoints;
            var ct = context.CancellationToken;
            switch (context.EntryPoint.Kind)
            {
                case EntryPointKind.MinimalApiEndpoint when context.Mapping is { } mapping:
                {
                    if (aspNetCore is null)
                    {
                        return granted;
                    }

                    var (requirements, anonymous) = AnonymousOverrides.OnChain(mapping, aspNetCore);
                    AnonymousOverrides.Collect(handler, 0, aspNetCore, requirements, anonymous);
                    cancelled = anonymous.Count > 0 || (endpoints?.ForMapping(mapping, ct).AllowsAnonymous ?? false);
                    if (cancelled)
                    {
                        // What the handler and the Map call's own chain require: TA6006's, cancelled by any AllowAnonymous.
                        var ignored = false;
                        foreach (var requirement in requirements)
                        {
                            if (requirement.Attribute is { } attribute)
                            {
                                roles.AddFrom(attribute, overridden, ref ignored, ct);
                            }
                            else if (requirement.Call is { } call)
                            {
                                roles.Resolve(roles.Conventions.Classify(call), overridden, ref ignored, ct);
                            }
                        }
                    }

                    roles.AddFrom(handler, granted, ref unknown, ct);
                    if (endpoints is not null)
                    {
                        roles.Resolve(endpoints.ForMapping(mapping, roles.Conventions, ct), granted, ref unknown, ct);
                    }

                    break;
                }

                case EntryPointKind.ControllerAction:
                case EntryPointKind.RazorPageHandler:
                {
                    var page = context.EntryPoint.Kind == EntryPointKind.RazorPageHandler;
                    var type = context.InheritedBy ?? handler.ContainingType;
                    if (aspNetCore is not null)
                    {
                        var (requirements, anonymous) = AnonymousOverrides.OfMethod(handler, type, !page, aspNetCore);
                        if (context.Analysis.EntryPoints.Application is { } application
                            && (page ? application.ForRazorPages(ct) : application.ForControllers(ct)).AllowsAnonymous)
                        {
                            anonymous.Add(new AuthorizationMark(Location.None, null, int.MaxValue, string.Empty));
                        }

                        cancelled = anonymous.Count > 0;
                        var ignored = false;
                        foreach (var (requirement, _) in AnonymousOverrides.OverriddenOnAction(requirements, anonymous))
                        {
                            if (requirement.Attribute is { } attribute)
                            {
                                roles.AddFrom(attribute, overridden, ref ignored, ct);
                            }
                        }
                    }

                    if (!page)
                    {
                        foreach (var m in handler.SelfAndOverridden())
                        {
                            roles.AddFrom(m, granted, ref unknown, ct);
                        }
                    }

                    foreach (var t in type.SelfAndBaseTypes())
                    {
                        roles.AddFrom(t, granted, ref unknown, ct);
                    }

                    if (endpoints is not null)
                    {
                        roles.Resolve(roles.ForMappedEndpoints(page, endpoints, ct), granted, ref unknown, ct);
                    }

                    break;
                }

                default:
                    // [TrustBoundary] methods, Lambda handlers: [RequiresRole] on the method or its type.
                    roles.AddFrom(handler, granted, ref unknown, ct);
                    if (handler.ContainingType is { } containing)
                    {
                        foreach (var t in containing.SelfAndBaseTypes())
                        {
                            roles.AddFrom(t, granted, ref unknown, ct);
                        }
                    }

                    break;
            }

            // A policy the compilation does not build (a policy provider, another assembly): what it requires cannot be
            // told, so the entry point is left alone rather than reported wrongly.
            return unknown ? null : granted;
        }

        private static IOperation? BodyOf(EntryPointContext context, IMethodSymbol handler)
        {
            if (handler.MethodKind == MethodKind.AnonymousFunction)
            {
                return context.Mapping?.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IAnonymousFunctionOperation>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, handler))?.Body;
            }

            return context.Analysis.Flow.BodyOf((handler.ReducedFrom ?? handler).OriginalDefinition, context.CancellationToken);
        }

        private static string Says(List<ImmutableHashSet<string>> granted)
            => granted.Count == 0 ? "does not require it" : "requires only " + string.Join(" and ", granted.Select(RoleRequirements.Describe));

        private static string Display(IMethodSymbol method)
            => method.ContainingType is { } type ? type.Name + "." + (method.MethodKind == MethodKind.Constructor ? type.Name : method.Name) : method.Name;
    }
}
