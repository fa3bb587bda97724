using System.Collections.Generic;
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
    /// TA5001 (CWE-770, allocation of resources without limits or throttling): an entry point anyone across its trust
    /// boundary can call as often as they like. ASP.NET Core endpoints (actions, Razor Pages handlers, minimal APIs) are
    /// limited by a global limiter, <c>[EnableRateLimiting]</c> or <c>RequireRateLimiting()</c> on them, their controller,
    /// their group or <c>MapControllers()</c>; <c>[DisableRateLimiting]</c> is a decision and stays silent. Lambda handlers
    /// behind API Gateway, which throttles outside the code, are limited only by <c>[RateLimited]</c>, which also covers
    /// any endpoint whose limit lives in a gateway or ingress. Authorization does not count: an authenticated caller can
    /// flood an endpoint too. <c>[TrustBoundary]</c> methods are left out: their transport is not known (usually an endpoint
    /// that this rule already judges calls them). What <see cref="RateLimiting"/> knows decides; reported on the entry
    /// point's name, once per entry point.
    /// </summary>
    internal sealed class EntryPointWithoutRateLimitingRule : EntryPointRule
    {
        /// <summary>Property telling the code fix what to add (absent: no fix here).</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>The policy name the fix applies (a policy registered in the compilation).</summary>
        internal const string PolicyProperty = "ThreatAnalyzers.Policy";

        /// <summary>.RequireRateLimiting("policy") on the Map call.</summary>
        internal const string FixRequireRateLimiting = "RequireRateLimiting";

        /// <summary>[EnableRateLimiting("policy")] on the method.</summary>
        internal const string FixEnableOnMethod = "EnableRateLimitingMethod";

        /// <summary>[EnableRateLimiting("policy")] on the containing type (page model; controller of an inherited action).</summary>
        internal const string FixEnableOnType = "EnableRateLimitingType";

        /// <summary>[RateLimited] on the method: the limit is enforced outside the code.</summary>
        internal const string FixRateLimitedMethod = "RateLimitedMethod";

        /// <summary>[RateLimited] on the containing type.</summary>
        internal const string FixRateLimitedType = "RateLimitedType";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.EntryPointWithoutRateLimiting,
            title: "Entry point without rate limiting",
            messageFormat: "Entry point '{0}' accepts requests from '{1}' with no rate limit: a caller can send as many as it likes",
            RuleCategories.DenialOfService,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "No rate limit applies to this entry point: no global limiter, no [EnableRateLimiting] or RequireRateLimiting() on it, "
                       + "its controller or its group, and no [RateLimited] saying a gateway throttles it. One client can exhaust the "
                       + "threads, connections, database and money behind it. Authentication does not help: an authenticated caller can flood it too.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.EntryPointWithoutRateLimiting + ".md",
            customTags: "CWE-770");

        public EntryPointWithoutRateLimitingRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which entry points can a caller invoke with no rate limit?",
                concerns: "the entry point's process",
                fix: "`.RequireRateLimiting(\"policy\")` or `[EnableRateLimiting(\"policy\")]` with a policy of the application, else `[RateLimited]` (throttled outside the code)"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            var entryPoint = context.EntryPoint;
            if (entryPoint.Kind == EntryPointKind.TrustBoundary || context.Handler is not { } handler)
            {
                return;
            }

            var annotations = context.Analysis.Annotations;
            if (HasRateLimited(context, handler, annotations))
            {
                return;
            }

            var rateLimiting = RateLimiting.Of(context.Analysis);
            if (entryPoint.IsAspNetCoreEndpoint && Decided(context, handler, rateLimiting))
            {
                return;
            }

            context.Report(this, FixProperties(context, rateLimiting), entryPoint.Name, entryPoint.Boundary);
        }

        /// <summary>[RateLimited] on the handler (or what it overrides), its type or a base type, or the method that maps the route.</summary>
        private static bool HasRateLimited(EntryPointContext context, ISymbol handler, AnnotationTypes annotations)
        {
            if (annotations.RateLimited is not { } rateLimited)
            {
                return false;
            }

            var symbols = new List<ISymbol> { handler };
            symbols.AddRange(context.Scope);
            foreach (var symbol in symbols)
            {
                if (symbol.Has(rateLimited) || (symbol is IMethodSymbol method && method.SelfAndOverridden().Any(m => m.Has(rateLimited))))
                {
                    return true;
                }

                var type = symbol as INamedTypeSymbol ?? (symbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } m2 ? m2.ContainingType : null);
                if (type is not null && type.SelfAndBaseTypes().Any(t => t.Has(rateLimited)))
                {
                    return true;
                }
            }

            return context.InheritedBy is { } controller && controller.SelfAndBaseTypes().Any(t => t.Has(rateLimited));
        }

        /// <summary>A global limiter, or a limit (or its explicit absence) on the endpoint, its controller, its group or MapControllers().</summary>
        private static bool Decided(EntryPointContext context, ISymbol handler, RateLimiting rateLimiting)
        {
            if (!rateLimiting.IsAvailable)
            {
                return false;
            }

            if (rateLimiting.HasGlobalLimiter)
            {
                return true;
            }

            var decision = rateLimiting.Of(handler.GetAttributes());
            if (handler is IMethodSymbol method)
            {
                decision |= rateLimiting.Of(method.SelfAndOverridden().SelectMany(m => m.GetAttributes()));
                var type = context.InheritedBy ?? (method.MethodKind == MethodKind.Ordinary ? method.ContainingType : null);
                if (type is not null)
                {
                    decision |= rateLimiting.Of(type.SelfAndBaseTypes().SelectMany(t => t.GetAttributes()));
                }
            }

            if (decision != RateLimitDecision.None)
            {
                return true;
            }

            return context.EntryPoint.Kind switch
            {
                EntryPointKind.MinimalApiEndpoint => context.Mapping is { } mapping
                                                     && context.Analysis.EntryPoints.Application?.Endpoints.ForMapping(mapping, rateLimiting.Conventions, context.CancellationToken) is { } found
                                                     && found != RateLimitDecision.None,
                EntryPointKind.ControllerAction => rateLimiting.ForControllers != RateLimitDecision.None,
                EntryPointKind.RazorPageHandler => rateLimiting.ForRazorPages != RateLimitDecision.None,
                _ => false,
            };
        }

        /// <summary>
        /// What the code fix may add: an existing policy where ASP.NET Core's rate limiting applies (the first one the
        /// compilation registers), else [RateLimited] where the annotations are referenced (not on a minimal-API lambda).
        /// </summary>
        private static ImmutableDictionary<string, string?> FixProperties(EntryPointContext context, RateLimiting rateLimiting)
        {
            var properties = ImmutableDictionary<string, string?>.Empty;
            var entryPoint = context.EntryPoint;
            var onType = context.InheritedBy is not null || entryPoint.Kind == EntryPointKind.RazorPageHandler;
            if (entryPoint.IsAspNetCoreEndpoint && rateLimiting.IsAvailable && rateLimiting.PolicyNames.Count > 0)
            {
                var fix = context.Mapping is not null ? FixRequireRateLimiting : onType ? FixEnableOnType : FixEnableOnMethod;
                return properties.Add(FixProperty, fix).Add(PolicyProperty, rateLimiting.PolicyNames[0]);
            }

            if (context.Analysis.Annotations.RateLimited is not null && context.Mapping is null)
            {
                properties = properties.Add(FixProperty, onType ? FixRateLimitedType : FixRateLimitedMethod);
            }

            return properties;
        }
    }
}
