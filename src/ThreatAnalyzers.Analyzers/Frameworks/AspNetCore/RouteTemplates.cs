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

        public static string Text(IOperation? pattern)
        {
            if (pattern is null)
            {
                return "/";
            }

            if (pattern.WithoutConversions().ConstantValue is { HasValue: true, Value: string text })
            {
                return text;
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
            int depth = 0)
        {
            if (builder is null || depth > MaxDepth)
            {
                return string.Empty;
            }

            switch (builder.WithoutConversions())
            {
                case IInvocationOperation call when call.TargetMethod.Name == "MapGroup"
                                                   && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.EndpointRouteBuilderExtensions):
                    return Combine(PrefixOf(call.Receiver(), aspNetCore, callSites, returnedValues, depth + 1), Text(call.ArgumentValue("prefix")));
                case IInvocationOperation call when returnedValues?.Invoke(call.TargetMethod) is { Count: > 0 } returned:
                    // A helper of the application that returns the group: its prefix, when every return agrees.
                    var fromHelper = returned.Select(v => PrefixOf(v, aspNetCore, callSites, returnedValues, depth + 1)).Distinct(StringComparer.Ordinal).ToList();
                    return fromHelper.Count == 1 ? fromHelper[0] : string.Empty;
                case IInvocationOperation call when call.Receiver() is { } receiver
                                                   && SymbolEqualityComparer.Default.Equals(call.Type, receiver.Type):
                    // A convention such as RequireAuthorization() returns the group it was given.
                    return PrefixOf(receiver, aspNetCore, callSites, returnedValues, depth + 1);
                case ILocalReferenceOperation local when local.Root().InitializerOf(local.Local) is { } initializer:
                    return PrefixOf(initializer, aspNetCore, callSites, returnedValues, depth + 1);
                case IParameterReferenceOperation parameter when callSites is not null:
                    var prefixes = callSites(parameter.Parameter).Select(a => PrefixOf(a, aspNetCore, callSites, returnedValues, depth + 1)).Distinct(StringComparer.Ordinal).ToList();
                    return prefixes.Count == 1 ? prefixes[0] : string.Empty;
                default:
                    return string.Empty;
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
