using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// A minimal API endpoint: a call to MapGet, MapPost, MapPut, MapDelete, MapPatch, MapMethods or Map on an
    /// IEndpointRouteBuilder (the app itself or a MapGroup), with its verb, route and handler.
    /// </summary>
    internal sealed class RouteMapping
    {
        /// <summary>The names of the mapping methods, for a syntactic first look before anything is bound.</summary>
        public static readonly HashSet<string> MethodNames = new(StringComparer.Ordinal) { "MapGet", "MapPost", "MapPut", "MapDelete", "MapPatch", "MapMethods", "Map" };

        private RouteMapping(IInvocationOperation invocation, string verb)
        {
            Invocation = invocation;
            Verb = verb;
        }

        public IInvocationOperation Invocation { get; }

        /// <summary>GET, POST, ..., several joined by commas for MapMethods, empty for Map (any verb).</summary>
        public string Verb { get; }

        public IOperation? Builder => Invocation.Receiver();

        /// <summary>The lambda or method that handles the request, when the code shows it.</summary>
        public ISymbol? Handler
        {
            get
            {
                var value = Invocation.ArgumentValue("handler") ?? Invocation.ArgumentValue("requestDelegate");
                value = value?.WithoutConversions();
                if (value is IDelegateCreationOperation creation)
                {
                    value = creation.Target.WithoutConversions();
                }

                return value switch
                {
                    IAnonymousFunctionOperation lambda => lambda.Symbol,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };
            }
        }

        public static bool TryCreate(IInvocationOperation invocation, AspNetCoreTypes aspNetCore, out RouteMapping mapping)
        {
            mapping = null!;
            var method = invocation.TargetMethod;
            if (!AspNetCoreTypes.Is(method.ContainingType, aspNetCore.EndpointRouteBuilderExtensions))
            {
                return false;
            }

            string? verb = method.Name switch
            {
                "MapGet" => "GET",
                "MapPost" => "POST",
                "MapPut" => "PUT",
                "MapDelete" => "DELETE",
                "MapPatch" => "PATCH",
                "MapMethods" => MethodsOf(invocation),
                "Map" => string.Empty,
                _ => null,
            };

            if (verb is null)
            {
                return false;
            }

            mapping = new RouteMapping(invocation, verb);
            return true;
        }

        /// <summary>What users call the endpoint: "GET /api/patients/{id}", with the prefixes of the groups it is mapped in.</summary>
        public string DisplayName(AspNetCoreTypes aspNetCore, Func<IParameterSymbol, IReadOnlyList<IOperation>>? callSites, Func<IMethodSymbol, IReadOnlyList<IOperation>?>? returnedValues = null)
        {
            var route = RouteTemplates.Combine(RouteTemplates.PrefixOf(Builder, aspNetCore, callSites, returnedValues), RouteTemplates.Text(Invocation.ArgumentValue("pattern")));
            return Verb.Length == 0 ? route : Verb + " " + route;
        }

        private static string MethodsOf(IInvocationOperation invocation)
        {
            var verbs = new List<string>();
            if (invocation.ArgumentValue("httpMethods")?.WithoutConversions() is IArrayCreationOperation { Initializer: { } initializer })
            {
                foreach (var element in initializer.ElementValues)
                {
                    if (element.ConstantValue is { HasValue: true, Value: string verb })
                    {
                        verbs.Add(verb.ToUpperInvariant());
                    }
                }
            }

            return verbs.Count == 0 ? "MapMethods" : string.Join(",", verbs);
        }
    }
}
