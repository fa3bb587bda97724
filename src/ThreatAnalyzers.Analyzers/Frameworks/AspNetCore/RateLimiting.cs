using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>What the code says about an endpoint's rate limit: limited, or explicitly not (<c>[DisableRateLimiting]</c>).</summary>
    [Flags]
    internal enum RateLimitDecision
    {
        None = 0,
        Limited = 1,
        Disabled = 2,
    }

    /// <summary>
    /// ASP.NET Core rate limiting (Microsoft.AspNetCore.RateLimiting, .NET 7+) as TA5001 reads it: <c>[EnableRateLimiting]</c>
    /// and <c>[DisableRateLimiting]</c> on an action, a controller, a base controller, a page model or a minimal-API handler;
    /// <c>RequireRateLimiting(…)</c>, <c>DisableRateLimiting()</c> and <c>WithMetadata(new EnableRateLimitingAttribute(…))</c>
    /// on a Map call, a local that holds the builder, the MapGroup above it or a group passed through mapping methods (the
    /// shared <see cref="EndpointConventions"/> walker) and on <c>MapControllers()</c>/<c>MapRazorPages()</c>; a global
    /// limiter (<c>RateLimiterOptions.GlobalLimiter</c> assigned anywhere in the compilation); the named policies
    /// (<c>AddFixedWindowLimiter("name", …)</c>, <c>AddSlidingWindowLimiter</c>, <c>AddTokenBucketLimiter</c>,
    /// <c>AddConcurrencyLimiter</c>, <c>AddPolicy("name", …)</c>) a fix can apply. Application-wide facts are found once per
    /// compilation by a syntactic pass that binds only the candidates.
    /// </summary>
    internal sealed class RateLimiting
    {
        private static readonly ConditionalWeakTable<CompilationAnalysis, RateLimiting> Instances = new();

        private static readonly HashSet<string> PolicyMethods = new(StringComparer.Ordinal)
        {
            "AddFixedWindowLimiter", "AddSlidingWindowLimiter", "AddTokenBucketLimiter", "AddConcurrencyLimiter", "AddPolicy",
        };

        private readonly CompilationAnalysis analysis;
        private readonly Lazy<Facts> facts;

        private RateLimiting(CompilationAnalysis analysis)
        {
            this.analysis = analysis;
            var c = analysis.Compilation;
            EnableRateLimitingAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute");
            DisableRateLimitingAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.RateLimiting.DisableRateLimitingAttribute");
            RateLimiterOptions = c.GetTypeByMetadataName("Microsoft.AspNetCore.RateLimiting.RateLimiterOptions");
            RateLimiterOptionsExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.RateLimiting.RateLimiterOptionsExtensions");
            ConventionExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.RateLimiterEndpointConventionBuilderExtensions");
            Conventions = new RateLimitingConventionReader(this, analysis.EntryPoints.AspNetCore);
            facts = new Lazy<Facts>(Scan, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public INamedTypeSymbol? EnableRateLimitingAttribute { get; }

        public INamedTypeSymbol? DisableRateLimitingAttribute { get; }

        public INamedTypeSymbol? RateLimiterOptions { get; }

        public INamedTypeSymbol? RateLimiterOptionsExtensions { get; }

        public INamedTypeSymbol? ConventionExtensions { get; }

        /// <summary>Reads RequireRateLimiting()/DisableRateLimiting() through the shared endpoint-conventions walker.</summary>
        public EndpointConventionReader<RateLimitDecision> Conventions { get; }

        /// <summary>Whether ASP.NET Core's rate limiting exists in this compilation at all (.NET 7 and later).</summary>
        public bool IsAvailable => EnableRateLimitingAttribute is not null;

        public static RateLimiting Of(CompilationAnalysis analysis) => Instances.GetValue(analysis, a => new RateLimiting(a));

        /// <summary><c>RateLimiterOptions.GlobalLimiter</c> is assigned in the compilation: every ASP.NET Core endpoint goes through it.</summary>
        public bool HasGlobalLimiter => facts.Value.Global;

        /// <summary>The named policies the compilation registers, in source order.</summary>
        public IReadOnlyList<string> PolicyNames => facts.Value.Policies;

        /// <summary>What <c>MapControllers()</c> (and the other controller mappings) say, on every such call.</summary>
        public RateLimitDecision ForControllers => facts.Value.Controllers;

        /// <summary>What <c>MapRazorPages()</c> says, on every such call.</summary>
        public RateLimitDecision ForRazorPages => facts.Value.RazorPages;

        /// <summary>[EnableRateLimiting]/[DisableRateLimiting] among the attributes.</summary>
        public RateLimitDecision Of(IEnumerable<AttributeData> attributes)
        {
            var decision = RateLimitDecision.None;
            foreach (var attribute in attributes)
            {
                decision |= Classify(attribute.AttributeClass);
            }

            return decision;
        }

        public RateLimitDecision Classify(ITypeSymbol? type)
            => type is null ? RateLimitDecision.None
               : type.InheritsFromOrEquals(EnableRateLimitingAttribute) ? RateLimitDecision.Limited
               : type.InheritsFromOrEquals(DisableRateLimitingAttribute) ? RateLimitDecision.Disabled
               : RateLimitDecision.None;

        private sealed record Facts(bool Global, IReadOnlyList<string> Policies, RateLimitDecision Controllers, RateLimitDecision RazorPages);

        private Facts Scan()
        {
            var global = false;
            var named = new Dictionary<SyntaxNode, string>();
            var controllers = new List<RateLimitDecision>();
            var pages = new List<RateLimitDecision>();
            var index = SyntaxIndex.Of(analysis.Compilation);
            var aspNetCore = analysis.EntryPoints.AspNetCore;
            var endpoints = analysis.EntryPoints.Application?.Endpoints;

            foreach (var assignment in index.AssignmentsTo("GlobalLimiter", CancellationToken.None))
            {
                if (analysis.Flow.SemanticModelFor(assignment.SyntaxTree).GetSymbolInfo(assignment.Left).Symbol is IPropertySymbol property
                    && AspNetCoreTypes.Is(property.ContainingType, RateLimiterOptions)
                    && !assignment.Right.IsKind(Microsoft.CodeAnalysis.CSharp.SyntaxKind.NullLiteralExpression))
                {
                    global = true;
                }
            }

            var names = new HashSet<string>(PolicyMethods, StringComparer.Ordinal) { "MapRazorPages" };
            names.UnionWith(ApplicationControllerMappings);
            foreach (var invocation in index.InOrder(index.InvocationsNamed(names, CancellationToken.None), CancellationToken.None))
            {
                if (analysis.Flow.SemanticModelFor(invocation.SyntaxTree).GetOperation(invocation) is not IInvocationOperation call)
                {
                    continue;
                }

                var method = call.TargetMethod;
                if (PolicyMethods.Contains(method.Name))
                {
                    if ((AspNetCoreTypes.Is(method.ContainingType, RateLimiterOptions) || AspNetCoreTypes.Is(method.ContainingType, RateLimiterOptionsExtensions))
                        && call.ArgumentValue("policyName") is { ConstantValue: { HasValue: true, Value: string name } } argument)
                    {
                        // A chain (o.AddA("a").AddB("b")) starts every call at one place: the names are ordered where they are written.
                        named[argument.Syntax] = name;
                    }

                    continue;
                }

                if (aspNetCore is null || endpoints is null)
                {
                    continue;
                }

                if (ApplicationControllerMappings.Contains(method.Name) && AspNetCoreTypes.Is(method.ContainingType, aspNetCore.ControllerEndpointRouteBuilderExtensions))
                {
                    controllers.Add(endpoints.ForMapping(call, Conventions, CancellationToken.None));
                }
                else if (method.Name == "MapRazorPages" && AspNetCoreTypes.Is(method.ContainingType, aspNetCore.RazorPagesEndpointRouteBuilderExtensions))
                {
                    pages.Add(endpoints.ForMapping(call, Conventions, CancellationToken.None));
                }
            }

            var policies = index.InOrder(named.Keys, CancellationToken.None).Select(node => named[node]).Distinct().ToList();
            return new Facts(global, policies, Conventions.OnEveryPath(controllers), Conventions.OnEveryPath(pages));
        }

        private static readonly HashSet<string> ApplicationControllerMappings = new(StringComparer.Ordinal)
        {
            "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute",
        };
    }

    /// <summary>RequireRateLimiting(…), DisableRateLimiting() and WithMetadata(new EnableRateLimitingAttribute(…)/new DisableRateLimitingAttribute()).</summary>
    internal sealed class RateLimitingConventionReader : EndpointConventionReader<RateLimitDecision>
    {
        private readonly RateLimiting rateLimiting;
        private readonly AspNetCoreTypes? aspNetCore;

        public RateLimitingConventionReader(RateLimiting rateLimiting, AspNetCoreTypes? aspNetCore)
        {
            this.rateLimiting = rateLimiting;
            this.aspNetCore = aspNetCore;
        }

        public override RateLimitDecision None => RateLimitDecision.None;

        public override RateLimitDecision With(RateLimitDecision gathered, RateLimitDecision more) => gathered | more;

        /// <summary>Decided only when every path decides (limited on one, disabled on another: both are decisions).</summary>
        public override RateLimitDecision OnEveryPath(IReadOnlyList<RateLimitDecision> paths)
            => paths.Count == 0 || paths.Any(p => p == RateLimitDecision.None) ? RateLimitDecision.None : paths.Aggregate(RateLimitDecision.None, (a, b) => a | b);

        public override RateLimitDecision Classify(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (AspNetCoreTypes.Is(method.ContainingType, rateLimiting.ConventionExtensions))
            {
                return method.Name switch
                {
                    "RequireRateLimiting" => RateLimitDecision.Limited,
                    "DisableRateLimiting" => RateLimitDecision.Disabled,
                    _ => RateLimitDecision.None,
                };
            }

            if (method.Name == "WithMetadata" && aspNetCore is not null && AspNetCoreTypes.Is(method.ContainingType, aspNetCore.RoutingEndpointConventionBuilderExtensions))
            {
                var decision = RateLimitDecision.None;
                foreach (var created in call.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IObjectCreationOperation>())
                {
                    decision |= rateLimiting.Classify(created.Type);
                }

                return decision;
            }

            return RateLimitDecision.None;
        }
    }
}
