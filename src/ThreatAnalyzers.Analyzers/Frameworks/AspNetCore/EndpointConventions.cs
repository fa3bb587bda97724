using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Authorization conventions on endpoint builders: RequireAuthorization(), AllowAnonymous() and
    /// WithMetadata(new AuthorizeAttribute()), whether chained on the Map call, applied to a local that holds the
    /// builder, or inherited from the MapGroup the endpoint was mapped in (also when that group reaches the mapping
    /// method as a parameter).
    /// </summary>
    internal sealed class EndpointConventions
    {
        /// <summary>How many mapping methods deep a group is followed back to its callers.</summary>
        public const int MaxCallDepth = 3;

        private readonly AspNetCoreTypes aspNetCore;
        private readonly AnnotationTypes annotations;
        private readonly ApplicationAuthorization application;

        public EndpointConventions(AspNetCoreTypes aspNetCore, AnnotationTypes annotations, ApplicationAuthorization application)
        {
            this.aspNetCore = aspNetCore;
            this.annotations = annotations;
            this.application = application;
        }

        /// <summary>Everything that protects (or opens) the endpoint or group created by the Map call.</summary>
        public AuthorizationEvidence ForMapping(IInvocationOperation mapCall, CancellationToken cancellationToken)
        {
            var visited = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
            var evidence = AppliedTo(mapCall, visited);
            return mapCall.Receiver() is { } builder
                ? evidence.With(InheritedFrom(builder, 0, visited, cancellationToken))
                : evidence;
        }

        /// <summary>Conventions applied to the builder value that <paramref name="producer"/> evaluates to.</summary>
        private AuthorizationEvidence AppliedTo(IOperation producer, HashSet<ILocalSymbol> visited)
        {
            var evidence = AuthorizationEvidence.None;
            var current = producer;
            while (true)
            {
                var parent = current.Parent;
                while (parent is IConversionOperation)
                {
                    current = parent;
                    parent = parent.Parent;
                }

                switch (parent)
                {
                    case IArgumentOperation { Parent: IInvocationOperation call } argument
                        when call.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0:
                        if (StartsNewBuilder(call))
                        {
                            return evidence;
                        }

                        evidence = evidence.With(Classify(call));
                        if (!SymbolEqualityComparer.Default.Equals(call.Type, current.Type))
                        {
                            return evidence;
                        }

                        current = call;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return evidence.With(ConventionsOnLocal(declarator.Symbol, declarator, visited));
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current:
                        return evidence.With(ConventionsOnLocal(target.Local, assignment, visited));
                    default:
                        return evidence;
                }
            }
        }

        /// <summary>Conventions inherited from the builder an endpoint or group is mapped on.</summary>
        private AuthorizationEvidence InheritedFrom(IOperation builder, int depth, HashSet<ILocalSymbol> visited, CancellationToken cancellationToken)
        {
            switch (builder.WithoutConversions())
            {
                case IInvocationOperation call when IsMapGroup(call):
                    return AppliedTo(call, visited).With(Inherited(call.Receiver()));
                case IInvocationOperation call when depth < MaxCallDepth && application.IsOwnMethod(call.TargetMethod):
                    // A helper of the application that returns the group (app.Authed(), MapAuthorizedGroup()): what it returns
                    // carries the conventions, on every path; conventions added to its result here count too.
                    return AppliedTo(call, visited).With(AuthorizationEvidence.OnEveryPath(
                        application.ReturnedValues(call.TargetMethod, cancellationToken)
                            .Select(value => ArgumentFor(value, call) is { } passed
                                // The builder it was given: still this method's expression (a part of the call), no deeper.
                                ? InheritedFrom(passed, depth, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), cancellationToken)
                                : InheritedFrom(value, depth + 1, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), cancellationToken))
                            .ToList()));
                case IInvocationOperation call when call.Receiver() is { } receiver && !StartsNewBuilder(call)
                                                   && SymbolEqualityComparer.Default.Equals(call.Type, receiver.Type):
                    return Classify(call).With(Inherited(receiver));
                case ILocalReferenceOperation local:
                    var onLocal = ConventionsOnLocal(local.Local, local, visited);
                    return local.Root().InitializerOf(local.Local) is { } initializer
                        ? onLocal.With(InheritedFrom(initializer, depth, visited, cancellationToken))
                        : onLocal;
                case IParameterReferenceOperation parameter when depth < MaxCallDepth:
                    return application.FromCallSites(
                        parameter.Parameter,
                        argument => InheritedFrom(argument, depth + 1, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default), cancellationToken),
                        cancellationToken);
                default:
                    return AuthorizationEvidence.None;
            }

            AuthorizationEvidence Inherited(IOperation? receiver)
                => receiver is null ? AuthorizationEvidence.None : InheritedFrom(receiver, depth, visited, cancellationToken);
        }

        /// <summary>
        /// A helper that returns the builder it was given (<c>MapEndpoint&lt;T&gt;(this IEndpointRouteBuilder app) { …; return app; }</c>)
        /// returns what this call passes it, not what every caller does.
        /// </summary>
        internal static IOperation? ArgumentFor(IOperation returned, IInvocationOperation call)
            => returned.WithoutConversions() is IParameterReferenceOperation { Parameter: var parameter }
               && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol.OriginalDefinition, (call.TargetMethod.ReducedFrom ?? call.TargetMethod).OriginalDefinition)
                ? call.ArgumentValue(parameter)
                : null;

        /// <summary>Conventions applied anywhere in the method to a local that holds a builder (order does not matter to ASP.NET Core).</summary>
        private AuthorizationEvidence ConventionsOnLocal(ILocalSymbol local, IOperation anyOperationInBody, HashSet<ILocalSymbol> visited)
        {
            if (!visited.Add(local))
            {
                return AuthorizationEvidence.None;
            }

            var evidence = AuthorizationEvidence.None;
            foreach (var operation in anyOperationInBody.Root().Descendants())
            {
                if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
                {
                    evidence = evidence.With(AppliedTo(reference, visited));
                }
            }

            return evidence;
        }

        /// <summary>What one convention call says.</summary>
        private AuthorizationEvidence Classify(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (AspNetCoreTypes.Is(method.ContainingType, aspNetCore.AuthorizationEndpointConventionBuilderExtensions))
            {
                return method.Name switch
                {
                    "RequireAuthorization" => AuthorizationEvidence.Required,
                    "AllowAnonymous" => AuthorizationEvidence.Anonymous,
                    _ => AuthorizationEvidence.None,
                };
            }

            if (method.Name == "WithMetadata" && AspNetCoreTypes.Is(method.ContainingType, aspNetCore.RoutingEndpointConventionBuilderExtensions))
            {
                var evidence = AuthorizationEvidence.None;
                foreach (var argument in call.Arguments)
                {
                    foreach (var operation in argument.Value.DescendantsAndSelf())
                    {
                        if (operation is IObjectCreationOperation { Type: INamedTypeSymbol created })
                        {
                            evidence = evidence.With(AuthorizationAttributes.Of(created, aspNetCore, annotations));
                        }
                    }
                }

                return evidence;
            }

            return AuthorizationEvidence.None;
        }

        private bool IsMapGroup(IInvocationOperation call)
            => call.TargetMethod.Name == "MapGroup" && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.EndpointRouteBuilderExtensions);

        /// <summary>MapGet, MapGroup, MapControllers...: a new endpoint or group built on this builder, not a convention on it.</summary>
        private static bool StartsNewBuilder(IInvocationOperation call)
            => call.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal);
    }
}
