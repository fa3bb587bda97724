using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>Where an authorization attribute or convention sits, narrowest first.</summary>
    internal enum AuthorizationScope
    {
        /// <summary>On the action, the handler method or lambda, or the Map call itself.</summary>
        Endpoint,

        /// <summary>On the controller or page model (or a class it derives from).</summary>
        Type,

        /// <summary>On a route group, or on MapControllers()/MapRazorPages(): wider than any type.</summary>
        Application,
    }

    /// <summary>One authorization requirement (an IAuthorizeData attribute or a RequireAuthorization() call), or one IAllowAnonymous.</summary>
    /// <param name="Location">The attribute's syntax, or the convention call's name.</param>
    /// <param name="Holder">The symbol the attribute is on (method or type); null for a convention call.</param>
    /// <param name="Rank">How wide its scope is: 0 on the endpoint, 1 on its type, 2 on that type's base, …; <see cref="int.MaxValue"/> on a group or the application.</param>
    /// <param name="Requirement">For a requirement: what it asks ("role 'Admin'", "policy 'Staff'", "an authenticated user").</param>
    /// <param name="Call">The convention call (<c>.AllowAnonymous()</c>) when it is one on the Map call's own chain.</param>
    internal sealed record AuthorizationMark(Location Location, ISymbol? Holder, int Rank, string Requirement, IInvocationOperation? Call = null)
    {
        /// <summary>The attribute, for one on a symbol.</summary>
        public AttributeData? Attribute { get; init; }
    }

    /// <summary>A requirement that ASP.NET Core ignores because an IAllowAnonymous covers the same or a wider scope.</summary>
    internal sealed record OverriddenAuthorization(AuthorizationMark Authorize, AuthorizationMark Anonymous, string AnonymousDescription);

    /// <summary>
    /// ASP.NET Core's rule that AllowAnonymous wins: any IAllowAnonymous metadata on an endpoint (on the action, its
    /// controller or a base class, the handler, the Map call or its group) skips authorization, so every [Authorize]
    /// and RequireAuthorization() on the endpoint is ignored. What is a mistake and what is the intended use is a
    /// matter of scope: [AllowAnonymous] on a narrower scope than the [Authorize] (one public action in a protected
    /// controller) is the intended use; an explicit requirement on the same or a narrower scope than the
    /// [AllowAnonymous] that cancels it is not.
    /// </summary>
    internal static class AnonymousOverrides
    {
        /// <summary>
        /// The attributes of an action or page handler: on the method (and what it overrides; not for Razor Pages, which
        /// ignore them on handlers), on <paramref name="type"/> (the controller or page model) and its base classes, and
        /// an <c>AllowAnonymous()</c> convention on MapControllers()/MapRazorPages() (<paramref name="conventionAnonymous"/>).
        /// </summary>
        public static (List<AuthorizationMark> Requirements, List<AuthorizationMark> Anonymous) OfMethod(
            IMethodSymbol method, INamedTypeSymbol type, bool handlerAttributesCount, AspNetCoreTypes aspNetCore)
        {
            var requirements = new List<AuthorizationMark>();
            var anonymous = new List<AuthorizationMark>();
            if (handlerAttributesCount)
            {
                foreach (var m in method.SelfAndOverridden())
                {
                    Collect(m, 0, aspNetCore, requirements, anonymous);
                }
            }

            var rank = 1;
            foreach (var t in type.SelfAndBaseTypes())
            {
                Collect(t, rank++, aspNetCore, requirements, anonymous);
            }

            return (requirements, anonymous);
        }

        /// <summary>The IAuthorizeData and IAllowAnonymous attributes on one symbol.</summary>
        public static void Collect(ISymbol symbol, int rank, AspNetCoreTypes aspNetCore, List<AuthorizationMark> requirements, List<AuthorizationMark> anonymous)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type || attribute.ApplicationSyntaxReference is not { } reference)
                {
                    continue;
                }

                if (type.Implements(aspNetCore.IAllowAnonymous))
                {
                    anonymous.Add(new AuthorizationMark(reference.GetSyntax().GetLocation(), symbol, rank, string.Empty) { Attribute = attribute });
                }
                else if (type.Implements(aspNetCore.IAuthorizeData))
                {
                    requirements.Add(new AuthorizationMark(reference.GetSyntax().GetLocation(), symbol, rank, RequirementOf(attribute)) { Attribute = attribute });
                }
            }
        }

        /// <summary>What an [Authorize] asks: its roles, its policy, or just an authenticated user.</summary>
        public static string RequirementOf(AttributeData attribute)
        {
            var roles = attribute.NamedStringArgument("Roles");
            var policy = attribute.NamedStringArgument("Policy") ?? attribute.StringArgument(0);
            return Describe(roles, policy);
        }

        public static string Describe(string? roles, string? policy)
        {
            var parts = new List<string>();
            if (roles is { Length: > 0 })
            {
                parts.Add((roles.IndexOf(',') >= 0 ? "one of the roles '" : "role '") + roles + "'");
            }

            if (policy is { Length: > 0 })
            {
                parts.Add("policy '" + policy + "'");
            }

            return parts.Count == 0 ? "an authenticated user" : string.Join(" and ", parts);
        }

        /// <summary>
        /// The requirements an IAllowAnonymous cancels against the intent the code shows: each requirement with an
        /// anonymous mark on the same or a wider scope and none on a narrower one (a narrower [AllowAnonymous] is the
        /// intended use, one public action in a protected controller). The anonymous mark named is the narrowest that covers it.
        /// </summary>
        public static IEnumerable<(AuthorizationMark Authorize, AuthorizationMark Anonymous)> Overridden(
            IEnumerable<AuthorizationMark> requirements, IReadOnlyCollection<AuthorizationMark> anonymous)
        {
            foreach (var requirement in requirements)
            {
                if (anonymous.Any(a => a.Rank < requirement.Rank))
                {
                    continue;
                }

                var cover = anonymous.Where(a => a.Rank >= requirement.Rank).OrderBy(a => a.Rank).FirstOrDefault();
                if (cover is not null)
                {
                    yield return (requirement, cover);
                }
            }
        }

        /// <summary>
        /// For an action or page handler: a requirement on the action against every AllowAnonymous; one on the class against
        /// those on the class, its bases and the application only (an action's own [AllowAnonymous] says nothing about the class).
        /// </summary>
        public static IEnumerable<(AuthorizationMark Authorize, AuthorizationMark Anonymous)> OverriddenOnAction(
            IReadOnlyCollection<AuthorizationMark> requirements, IReadOnlyCollection<AuthorizationMark> anonymous)
        {
            var onTypes = anonymous.Where(a => a.Rank > 0).ToList();
            return Overridden(requirements.Where(r => r.Rank == 0), anonymous)
                .Concat(Overridden(requirements.Where(r => r.Rank > 0), onTypes));
        }

        /// <summary>
        /// The authorization conventions called on the Map call's own chain (<c>app.MapGet(…).RequireAuthorization("Admin").AllowAnonymous()</c>),
        /// not those inherited from a group.
        /// </summary>
        public static (List<AuthorizationMark> Requirements, List<AuthorizationMark> Anonymous) OnChain(IInvocationOperation mapCall, AspNetCoreTypes aspNetCore)
        {
            var requirements = new List<AuthorizationMark>();
            var anonymous = new List<AuthorizationMark>();
            IOperation current = mapCall;
            while (true)
            {
                var parent = current.Parent;
                while (parent is IConversionOperation)
                {
                    current = parent;
                    parent = parent.Parent;
                }

                if (parent is not IArgumentOperation { Parent: IInvocationOperation call } argument
                    || !call.TargetMethod.IsExtensionMethod || argument.Parameter?.Ordinal != 0
                    || call.TargetMethod.Name.StartsWith("Map", System.StringComparison.Ordinal))
                {
                    break;
                }

                if (AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.AuthorizationEndpointConventionBuilderExtensions))
                {
                    if (call.TargetMethod.Name == "AllowAnonymous")
                    {
                        anonymous.Add(new AuthorizationMark(NameLocation(call), null, 0, string.Empty, call));
                    }
                    else if (call.TargetMethod.Name == "RequireAuthorization")
                    {
                        requirements.Add(new AuthorizationMark(NameLocation(call), null, 0, RequirementOf(call), call));
                    }
                }

                current = call;
            }

            return (requirements, anonymous);
        }

        /// <summary>What RequireAuthorization(…) asks: the policy names it passes (constants), or an authenticated user.</summary>
        private static string RequirementOf(IInvocationOperation call)
        {
            var names = new List<string>();
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    continue;
                }

                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    if (operation is ILiteralOperation { ConstantValue: { HasValue: true, Value: string name } } && name.Length > 0)
                    {
                        names.Add(name);
                    }
                }
            }

            return names.Count == 0 ? "an authenticated user" : (names.Count == 1 ? "policy '" : "policies '") + string.Join("', '", names) + "'";
        }

        private static Location NameLocation(IInvocationOperation call)
            => call.Syntax is Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax { Expression: Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax member }
                ? member.Name.GetLocation()
                : call.Syntax.GetLocation();
    }
}
