using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>Route templates as written in code, joined the way MapGroup joins prefixes.</summary>
    internal static class RouteTemplates
    {
        private const int MaxDepth = 8;

        public static string Text(IOperation? pattern, IInvocationOperation? within = null)
        {
            if (pattern is null)
            {
                return "/";
            }

            if (pattern.WithoutConversions().ConstantValue is { HasValue: true, Value: string text })
            {
                return text;
            }

            if (within is not null && Constant(pattern, within, 0) is (true, var known))
            {
                return known ?? string.Empty;
            }

            return "{" + pattern.Syntax.ToString() + "}";
        }

        /// <summary>The prefix the enclosing MapGroup calls add, as far as the code shows it in this method.</summary>
        /// <param name="builder">The builder the route is mapped on.</param>
        /// <param name="aspNetCore">The ASP.NET Core types.</param>
        /// <param name="callSites">The values passed for a parameter at its call sites: a group that reaches a mapping method
        /// as a parameter contributes its prefix when every call site agrees on it.</param>
        /// <param name="depth">How deep the search is.</param>
        public static string PrefixOf(
            IOperation? builder,
            AspNetCoreTypes aspNetCore,
            Func<IParameterSymbol, IReadOnlyList<IOperation>>? callSites,
            Func<IMethodSymbol, IReadOnlyList<IOperation>?>? returnedValues = null,
            int depth = 0,
            IInvocationOperation? within = null)
        {
            if (builder is null || depth > MaxDepth)
            {
                return string.Empty;
            }

            switch (builder.WithoutConversions())
            {
                case IInvocationOperation call when call.TargetMethod.Name == "MapGroup"
                                                   && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.EndpointRouteBuilderExtensions):
                    return Combine(PrefixOf(call.Receiver(), aspNetCore, callSites, returnedValues, depth + 1, within), Text(call.ArgumentValue("prefix"), within));
                case IInvocationOperation call when returnedValues?.Invoke(call.TargetMethod) is { Count: > 0 } returned:
                    // A helper of the application that returns the group: its prefix, when every return agrees.
                    var fromHelper = returned.Select(v => EndpointConventions.ArgumentFor(v, call) is { } passed
                            ? PrefixOf(passed, aspNetCore, callSites, returnedValues, depth)
                            : PrefixOf(v, aspNetCore, callSites, returnedValues, depth + 1, call))
                        .Distinct(StringComparer.Ordinal).ToList();
                    return fromHelper.Count == 1 ? fromHelper[0] : string.Empty;
                case IInvocationOperation call when call.Receiver() is { } receiver
                                                   && SymbolEqualityComparer.Default.Equals(call.Type, receiver.Type):
                    // A convention such as RequireAuthorization() returns the group it was given.
                    return PrefixOf(receiver, aspNetCore, callSites, returnedValues, depth + 1, within);
                case ILocalReferenceOperation local when local.Root().InitializerOf(local.Local) is { } initializer:
                    return PrefixOf(initializer, aspNetCore, callSites, returnedValues, depth + 1, within);
                case IParameterReferenceOperation parameter when within is not null && EndpointConventions.ArgumentFor(parameter, within) is { } passed:
                    return PrefixOf(passed, aspNetCore, callSites, returnedValues, depth);
                case IParameterReferenceOperation parameter when callSites is not null:
                    var prefixes = callSites(parameter.Parameter).Select(a => PrefixOf(a, aspNetCore, callSites, returnedValues, depth + 1)).Distinct(StringComparer.Ordinal).ToList();
                    return prefixes.Count == 1 ? prefixes[0] : string.Empty;
                default:
                    return string.Empty;
            }
        }

        /// <summary>
        /// The constant a template has in a helper called as <paramref name="within"/>: its parameters are what that call
        /// passes (an omitted optional argument is its default), and <c>prefix ?? ""</c> picks the side that applies.
        /// </summary>
        private static (bool Known, string? Value) Constant(IOperation value, IInvocationOperation? within, int depth)
        {
            value = value.WithoutConversions();
            if (value.ConstantValue is { HasValue: true } constant)
            {
                return constant.Value is null or string ? (true, (string?)constant.Value) : (false, null);
            }

            switch (value)
            {
                case IParameterReferenceOperation parameter when within is not null && depth < 2
                                                                && EndpointConventions.ArgumentFor(parameter, within) is { } passed:
                    return Constant(passed, null, depth + 1);
                case IFieldReferenceOperation { Field: { Name: "Empty", ContainingType.SpecialType: SpecialType.System_String } }:
                    return (true, string.Empty);
                case ICoalesceOperation coalesce:
                    var left = Constant(coalesce.Value, within, depth);
                    return left is (true, null) ? Constant(coalesce.WhenNull, within, depth) : left;
                default:
                    return (false, null);
            }
        }

        public static string Combine(string prefix, string pattern)
        {
            prefix = prefix.TrimEnd('/');
            if (pattern.Length == 0 || pattern == "/")
            {
                return prefix.Length == 0 ? "/" : prefix;
            }

            return prefix + (pattern.StartsWith("/", System.StringComparison.Ordinal) ? pattern : "/" + pattern);
        }
    }
}
