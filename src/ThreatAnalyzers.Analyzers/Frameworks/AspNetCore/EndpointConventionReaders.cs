using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// What one kind of endpoint convention means, for <see cref="EndpointConventions"/>: the evidence a convention call
    /// gives, how evidence gathered along one path adds up, and what an endpoint reached along several paths (a mapping
    /// method called from several places) keeps. Readers are created once per compilation; the walker caches per reader.
    /// </summary>
    internal abstract class EndpointConventionReader<T>
    {
        public abstract T None { get; }

        /// <summary>Evidence gathered on one path: everything said anywhere along it counts.</summary>
        public abstract T With(T gathered, T more);

        /// <summary>Evidence for an endpoint reached along every one of <paramref name="paths"/>.</summary>
        public abstract T OnEveryPath(IReadOnlyList<T> paths);

        /// <summary>What one call on a builder says (None for calls this reader does not know).</summary>
        public abstract T Classify(IInvocationOperation call);
    }

    /// <summary>RequireAuthorization(), AllowAnonymous() and WithMetadata(new AuthorizeAttribute()).</summary>
    internal sealed class AuthorizationConventionReader : EndpointConventionReader<AuthorizationEvidence>
    {
        private readonly AspNetCoreTypes aspNetCore;
        private readonly AnnotationTypes annotations;

        public AuthorizationConventionReader(AspNetCoreTypes aspNetCore, AnnotationTypes annotations)
        {
            this.aspNetCore = aspNetCore;
            this.annotations = annotations;
        }

        public override AuthorizationEvidence None => AuthorizationEvidence.None;

        public override AuthorizationEvidence With(AuthorizationEvidence gathered, AuthorizationEvidence more) => gathered.With(more);

        public override AuthorizationEvidence OnEveryPath(IReadOnlyList<AuthorizationEvidence> paths) => AuthorizationEvidence.OnEveryPath(paths);

        public override AuthorizationEvidence Classify(IInvocationOperation call)
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
    }

    /// <summary>The endpoint filter types an endpoint runs behind, as written (AddEndpointFilter&lt;T&gt;(), AddEndpointFilter(new T())).</summary>
    internal sealed class EndpointFilters
    {
        public static readonly EndpointFilters None = new(ImmutableHashSet.Create<INamedTypeSymbol>(SymbolEqualityComparer.Default));

        private EndpointFilters(ImmutableHashSet<INamedTypeSymbol> types) => Types = types;

        public ImmutableHashSet<INamedTypeSymbol> Types { get; }

        public static EndpointFilters Of(INamedTypeSymbol type) => new(None.Types.Add(type));

        public EndpointFilters With(EndpointFilters other)
            => other.Types.IsEmpty ? this : Types.IsEmpty ? other : new EndpointFilters(Types.Union(other.Types));

        /// <summary>Only the filters that every path adds run on every call.</summary>
        public static EndpointFilters OnEveryPath(IReadOnlyList<EndpointFilters> paths)
            => paths.Count == 0 ? None : new EndpointFilters(paths.Skip(1).Aggregate(paths[0].Types, (common, path) => common.Intersect(path.Types)));
    }

    /// <summary>Reads <see cref="EndpointFilters"/>.</summary>
    internal sealed class EndpointFilterConventionReader : EndpointConventionReader<EndpointFilters>
    {
        private readonly AspNetCoreTypes aspNetCore;

        public EndpointFilterConventionReader(AspNetCoreTypes aspNetCore) => this.aspNetCore = aspNetCore;

        public override EndpointFilters None => EndpointFilters.None;

        public override EndpointFilters With(EndpointFilters gathered, EndpointFilters more) => gathered.With(more);

        public override EndpointFilters OnEveryPath(IReadOnlyList<EndpointFilters> paths) => EndpointFilters.OnEveryPath(paths);

        public override EndpointFilters Classify(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            if (method.Name != "AddEndpointFilter" || !AspNetCoreTypes.Is(method.ContainingType, aspNetCore.EndpointFilterExtensions))
            {
                return EndpointFilters.None;
            }

            // AddEndpointFilter<TFilter>() or AddEndpointFilter<TBuilder, TFilter>(): the type argument that is a filter
            // (TBuilder is the builder itself).
            foreach (var typeArgument in method.TypeArguments)
            {
                if (IsFilter(typeArgument))
                {
                    return EndpointFilters.Of((INamedTypeSymbol)typeArgument);
                }
            }

            // AddEndpointFilter(new TFilter(...)) or a filter instance; a delegate filter has no type to follow.
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal > 0 && argument.Value.WithoutConversions().Type is { } instance && IsFilter(instance))
                {
                    return EndpointFilters.Of((INamedTypeSymbol)instance);
                }
            }

            return EndpointFilters.None;
        }

        private bool IsFilter(ITypeSymbol type)
            => type is INamedTypeSymbol { TypeKind: TypeKind.Class } && aspNetCore.IEndpointFilter is { } filter
               && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, filter));
    }
}
