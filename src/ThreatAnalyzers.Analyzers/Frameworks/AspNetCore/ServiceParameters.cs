using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Which entry-point parameters ASP.NET Core fills from dependency injection rather than from the request: those marked
    /// <c>[FromServices]</c> or <c>[FromKeyedServices]</c>, and (minimal APIs) those whose type is registered as a service
    /// in the compilation: <c>AddScoped/AddSingleton/AddTransient&lt;T&gt;</c>, <c>&lt;TService, TImplementation&gt;</c>
    /// (the service type), their <c>TryAdd…</c> forms, and the non-generic forms with <c>typeof(T)</c> as the service type
    /// (a keyed registration needs <c>[FromKeyedServices]</c>; interfaces such as <c>IHttpContextAccessor</c> are services
    /// whatever the registrations). The registrations are found once per compilation, by a syntactic pass over the files that
    /// binds only the calls with those names (never a method body as a whole).
    /// </summary>
    internal sealed class ServiceParameters
    {
        private static readonly HashSet<string> Registrations = new(StringComparer.Ordinal)
        {
            "AddScoped", "AddSingleton", "AddTransient", "TryAddScoped", "TryAddSingleton", "TryAddTransient",
        };

        private readonly Compilation compilation;
        private readonly Func<SyntaxTree, SemanticModel> models;
        private readonly INamedTypeSymbol? fromServices;
        private readonly INamedTypeSymbol? fromKeyedServices;
        private readonly INamedTypeSymbol? serviceCollection;
        private readonly Lazy<HashSet<ITypeSymbol>> registered;

        public ServiceParameters(Compilation compilation, Func<SyntaxTree, SemanticModel> models)
        {
            this.compilation = compilation;
            this.models = models;
            fromServices = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.FromServicesAttribute");
            fromKeyedServices = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute");
            serviceCollection = compilation.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.IServiceCollection");
            registered = new Lazy<HashSet<ITypeSymbol>>(FindRegistrations, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Marked <c>[FromServices]</c> or <c>[FromKeyedServices]</c>: a service in a controller action as in a minimal API.</summary>
        public bool IsMarkedAsService(IParameterSymbol parameter)
            => (fromServices is not null || fromKeyedServices is not null)
               && parameter.GetAttributes().Any(a => a.AttributeClass is { } c
                                                     && (SymbolEqualityComparer.Default.Equals(c, fromServices) || SymbolEqualityComparer.Default.Equals(c, fromKeyedServices)));

        /// <summary>A minimal-API handler's parameter that ASP.NET Core resolves from services (marked, or of a registered service type).</summary>
        public bool IsService(IParameterSymbol parameter)
            => IsMarkedAsService(parameter)
               || (serviceCollection is not null && parameter.Type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type
                   && registered.Value.Contains(type.OriginalDefinition));

        private HashSet<ITypeSymbol> FindRegistrations()
        {
            var found = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var invocation in Analysis.SyntaxIndex.Of(compilation).InvocationsNamed(Registrations, System.Threading.CancellationToken.None))
            {
                var model = models(invocation.SyntaxTree);
                if (model.GetSymbolInfo(invocation).Symbol is not IMethodSymbol method
                    || (method.ReducedFrom ?? method).Parameters.FirstOrDefault()?.Type is not { } first
                    || !SymbolEqualityComparer.Default.Equals(first.OriginalDefinition, serviceCollection))
                {
                    continue;
                }

                // AddScoped<TService>() / AddScoped<TService, TImplementation>(): the service is the first type argument.
                if (method.TypeArguments.Length >= 1)
                {
                    found.Add(method.TypeArguments[0].OriginalDefinition);
                    continue;
                }

                // AddScoped(typeof(TService)) / AddScoped(typeof(TService), typeof(TImplementation)).
                var typeOf = invocation.ArgumentList.Arguments.Select(a => a.Expression).OfType<TypeOfExpressionSyntax>().FirstOrDefault();
                if (typeOf is not null && model.GetTypeInfo(typeOf.Type).Type is { } service)
                {
                    found.Add(service.OriginalDefinition);
                }
            }

            return found;
        }
    }
}
