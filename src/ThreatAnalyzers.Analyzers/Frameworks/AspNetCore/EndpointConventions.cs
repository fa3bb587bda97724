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
    /// Conventions on endpoint builders, whether chained on the Map call, applied to a local that holds the builder, or
    /// inherited from the MapGroup the endpoint was mapped in (also when that group reaches the mapping method as a
    /// parameter, or comes back from a helper that makes it). One walker for every kind of convention: a
    /// <see cref="EndpointConventionReader{T}"/> says what one call means (authorization, endpoint filters, rate
    /// limiting...) and how evidence combines.
    /// </summary>
    internal sealed class EndpointConventions
    {
        /// <summary>
        /// How many mapping methods deep a group is followed back to its callers or into the helpers that make it (real apps
        /// nest about four: MapEndpoints → MapPostEndpoints → MapAuthorizedGroup → MapEndpoint&lt;T&gt; → T.Map). Beyond it a
        /// convention is not seen: the endpoint counts as unprotected and unfiltered, so the limit shows as a warning, never
        /// as silence.
        /// </summary>
        public const int MaxCallDepth = 6;

        private readonly AspNetCoreTypes aspNetCore;
        private readonly ApplicationAuthorization application;

        public EndpointConventions(AspNetCoreTypes aspNetCore, AnnotationTypes annotations, ApplicationAuthorization application)
        {
            this.aspNetCore = aspNetCore;
            this.application = application;
            Authorization = new AuthorizationConventionReader(aspNetCore, annotations);
            Filters = new EndpointFilterConventionReader(aspNetCore);
        }

        /// <summary>RequireAuthorization(), AllowAnonymous() and WithMetadata(new AuthorizeAttribute()).</summary>
        public EndpointConventionReader<AuthorizationEvidence> Authorization { get; }

        /// <summary>AddEndpointFilter&lt;T&gt;() and AddEndpointFilter(instance): the filter types every path adds.</summary>
        public EndpointConventionReader<EndpointFilters> Filters { get; }

        /// <summary>Everything that protects (or opens) the endpoint or group created by the Map call.</summary>
        public AuthorizationEvidence ForMapping(IInvocationOperation mapCall, CancellationToken cancellationToken)
            => ForMapping(mapCall, Authorization, cancellationToken);

        /// <summary>What the conventions <paramref name="reader"/> knows say about the endpoint or group created by the Map call.</summary>
        public T ForMapping<T>(IInvocationOperation mapCall, EndpointConventionReader<T> reader, CancellationToken cancellationToken)
        {
            var visited = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            var evidence = AppliedTo(mapCall, reader, visited);
            return mapCall.Receiver() is { } builder
                ? reader.With(evidence, InheritedFrom(builder, reader, 0, visited, cancellationToken))
                : evidence;
        }

        /// <summary>Conventions applied to the builder value that <paramref name="producer"/> evaluates to.</summary>
        private T AppliedTo<T>(IOperation producer, EndpointConventionReader<T> reader, HashSet<ISymbol> visited)
        {
            var evidence = reader.None;
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
                    case IArgumentOperation { Parent: IInvocationOperation call, Parameter: { } parameter } argument
                        when !call.TargetMethod.IsExtensionMethod && application.IsOwnMethod(call.TargetMethod):
                        // ApplyLimits(group): what the application's helper applies to the builder it is given.
                        return reader.With(evidence, AppliedInside(call.TargetMethod, parameter, reader, visited));
                    case IArgumentOperation { Parent: IInvocationOperation call } argument
                        when call.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0:
                        if (StartsNewBuilder(call))
                        {
                            return evidence;
                        }

                        evidence = reader.With(evidence, reader.Classify(call));
                        if (application.IsOwnMethod(call.TargetMethod) && argument.Parameter is { } extended)
                        {
                            // group.RequirePerUserRateLimit(): an extension of the application that applies conventions to
                            // the builder it extends (and returns it or not).
                            evidence = reader.With(evidence, AppliedInside(call.TargetMethod, extended, reader, visited));
                        }

                        if (!SymbolEqualityComparer.Default.Equals(call.Type, current.Type))
                        {
                            return evidence;
                        }

                        current = call;
                        continue;
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return reader.With(evidence, ConventionsOnLocal(declarator.Symbol, declarator, reader, visited));
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == current:
                        return reader.With(evidence, ConventionsOnLocal(target.Local, assignment, reader, visited));
                    default:
                        return evidence;
                }
            }
        }

        /// <summary>Conventions inherited from the builder an endpoint or group is mapped on.</summary>
        private T InheritedFrom<T>(IOperation builder, EndpointConventionReader<T> reader, int depth, HashSet<ISymbol> visited, CancellationToken cancellationToken)
        {
            switch (builder.WithoutConversions())
            {
                case IInvocationOperation call when IsMapGroup(call):
                    return reader.With(AppliedTo(call, reader, visited), Inherited(call.Receiver()));
                case IInvocationOperation call when depth < MaxCallDepth && application.IsOwnMethod(call.TargetMethod):
                    // A helper of the application that returns the group (app.Authed(), MapAuthorizedGroup()): what it returns
                    // carries the conventions, on every path; conventions added to its result here count too.
                    return reader.With(AppliedTo(call, reader, visited), reader.OnEveryPath(
                        application.ReturnedValues(call.TargetMethod, cancellationToken)
                            .Select(value => ArgumentFor(value, call) is { } passed
                                // The builder it was given: still this method's expression (a part of the call), no deeper.
                                ? InheritedFrom(passed, reader, depth, NewVisited(), cancellationToken)
                                : InheritedFrom(value, reader, depth + 1, NewVisited(), cancellationToken))
                            .ToList()));
                case IInvocationOperation call when call.Receiver() is { } receiver && !StartsNewBuilder(call)
                                                   && SymbolEqualityComparer.Default.Equals(call.Type, receiver.Type):
                    return reader.With(reader.Classify(call), Inherited(receiver));
                case ILocalReferenceOperation local:
                    var onLocal = ConventionsOnLocal(local.Local, local, reader, visited);
                    return local.Root().InitializerOf(local.Local) is { } initializer
                        ? reader.With(onLocal, InheritedFrom(initializer, reader, depth, visited, cancellationToken))
                        : onLocal;
                case IParameterReferenceOperation parameter when depth < MaxCallDepth:
                    return application.FromCallSites(
                        parameter.Parameter,
                        depth,
                        reader,
                        argument => InheritedFrom(argument, reader, depth + 1, NewVisited(), cancellationToken),
                        cancellationToken);
                default:
                    return reader.None;
            }

            T Inherited(IOperation? receiver)
                => receiver is null ? reader.None : InheritedFrom(receiver, reader, depth, visited, cancellationToken);

            static HashSet<ISymbol> NewVisited() => new(SymbolEqualityComparer.Default);
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

        /// <summary>
        /// The conventions a method of the application applies, anywhere in its body, to the builder it receives as
        /// <paramref name="parameter"/> (only to it: not what its other callers pass).
        /// </summary>
        private T AppliedInside<T>(IMethodSymbol method, IParameterSymbol parameter, EndpointConventionReader<T> reader, HashSet<ISymbol> visited)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.Parameters.Length <= parameter.Ordinal || !visited.Add(definition))
            {
                return reader.None;
            }

            try
            {
                var received = definition.Parameters[parameter.Ordinal];
                var evidence = reader.None;
                foreach (var statement in application.StatementsNaming(definition, received, CancellationToken.None))
                {
                    foreach (var operation in statement.DescendantsAndSelf())
                    {
                        if (operation is IParameterReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Parameter.OriginalDefinition, received))
                        {
                            evidence = reader.With(evidence, AppliedTo(reference, reader, visited));
                        }
                    }
                }

                return evidence;
            }
            finally
            {
                // A guard against a helper that calls itself, not a once-per-walk mark: the same helper may apply its
                // conventions to several builders of one endpoint.
                visited.Remove(definition);
            }
        }

        /// <summary>Conventions applied anywhere in the method to a local that holds a builder (order does not matter to ASP.NET Core).</summary>
        private T ConventionsOnLocal<T>(ILocalSymbol local, IOperation anyOperationInBody, EndpointConventionReader<T> reader, HashSet<ISymbol> visited)
        {
            if (!visited.Add(local))
            {
                return reader.None;
            }

            var evidence = reader.None;
            foreach (var reference in anyOperationInBody.Root().ReferencesTo(local))
            {
                evidence = reader.With(evidence, AppliedTo(reference, reader, visited));
            }

            return evidence;
        }

        private bool IsMapGroup(IInvocationOperation call)
            => call.TargetMethod.Name == "MapGroup" && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.EndpointRouteBuilderExtensions);

        /// <summary>MapGet, MapGroup, MapControllers...: a new endpoint or group built on this builder, not a convention on it.</summary>
        private static bool StartsNewBuilder(IInvocationOperation call)
            => call.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal);
    }
}
