using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.AwsLambda;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Turns symbols and calls into <see cref="EntryPoint"/> facts: [TrustBoundary] annotations first (they name the
    /// boundary), then the framework conventions (ASP.NET Core controllers, Razor Pages, minimal APIs, AWS Lambda).
    /// Resolved once per compilation; safe to share between concurrent callbacks.
    /// </summary>
    internal sealed class EntryPointRecognizer
    {
        private readonly AnnotationUsage usage;

        // The same method or Map call is asked about by several readers of one compilation (the rules' symbol action and
        // walk, the flow engine, the flow record, the rules and the element lookup that ask whether a body belongs to an
        // entry point, the model's reading): each is recognized once.
        private readonly ConcurrentDictionary<IMethodSymbol, EntryPoint?> methods = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<SyntaxNode, EntryPoint> mappings = new();

        private EntryPointRecognizer(Compilation compilation, AnnotationTypes annotations, AspNetCoreTypes? aspNetCore, LambdaConventions? lambda)
        {
            usage = AnnotationUsage.Of(compilation);
            Annotations = annotations;
            AspNetCore = aspNetCore;
            Lambda = lambda;
            Application = aspNetCore is null ? null : new ApplicationAuthorization(compilation, aspNetCore, annotations);
        }

        public AnnotationTypes Annotations { get; }

        public AspNetCoreTypes? AspNetCore { get; }

        public LambdaConventions? Lambda { get; }

        public ApplicationAuthorization? Application { get; }

        /// <summary>False when nothing in the compilation could be an entry point: the analyzer registers nothing.</summary>
        public bool CanFindMethodEntryPoints
            => (Annotations.TrustBoundary is not null && usage.MayUse("TrustBoundary"))
               || AspNetCore is { HasMvc: true } or { HasRazorPages: true } || Lambda is not null;

        public bool CanFindRouteMappings => AspNetCore is { HasMinimalApis: true };

        public static EntryPointRecognizer Create(Compilation compilation)
            => new(compilation, AnnotationTypes.Create(compilation), AspNetCoreTypes.Create(compilation), LambdaConventions.Create(compilation));

        /// <summary>The entry point a method declares, if any.</summary>
        public EntryPoint? Recognize(IMethodSymbol method, CancellationToken cancellationToken)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.IsImplicitlyDeclared || method.ContainingType is not { } type)
            {
                return null;
            }

            if (methods.TryGetValue(method, out var known))
            {
                return known;
            }

            var entryPoint = RecognizeMethod(method, type, cancellationToken);
            methods.TryAdd(method, entryPoint);
            return entryPoint;
        }

        private EntryPoint? RecognizeMethod(IMethodSymbol method, INamedTypeSymbol type, CancellationToken cancellationToken)
        {
            var boundary = TrustBoundaryOf(method, type);
            var kind = FrameworkKindOf(method);
            if (kind is null && boundary is null)
            {
                return null;
            }

            var entryKind = kind ?? EntryPointKind.TrustBoundary;
            return new EntryPoint(NameOf(type, method), boundary ?? EntryPoint.InternetBoundary, entryKind, AuthorizationOf(method, type, entryKind, cancellationToken));
        }

        /// <summary>
        /// The actions a concrete controller inherits from base classes of the compilation (abstract or generic base
        /// controllers): each is an entry point of the controller, named after it, with the controller's authorization.
        /// </summary>
        public System.Collections.Generic.IEnumerable<(IMethodSymbol Method, EntryPoint EntryPoint)> InheritedActions(INamedTypeSymbol controller, CancellationToken cancellationToken)
        {
            if (AspNetCore is not { HasMvc: true } aspNetCore || !MvcConventions.IsController(controller, aspNetCore))
            {
                yield break;
            }

            foreach (var method in MvcConventions.InheritedActions(controller, aspNetCore))
            {
                var boundary = TrustBoundaryOf(method, controller) ?? EntryPoint.InternetBoundary;
                yield return (method, new EntryPoint(NameOf(controller, method), boundary, EntryPointKind.ControllerAction,
                    AuthorizationOf(method, controller, EntryPointKind.ControllerAction, cancellationToken)));
            }
        }

        /// <summary>
        /// The entry point's display name: <c>Type.Method</c>, with its parameter types where the type has another entry
        /// point of that name (overloaded actions: <c>ProductController.Get(int)</c>), as its process is named in the model.
        /// </summary>
        private string NameOf(INamedTypeSymbol type, IMethodSymbol method)
        {
            var name = type.Name + "." + method.Name;
            return IsOverloadedEntryPoint(type, method) ? name + ParameterListOf(method) : name;
        }

        /// <summary>
        /// <c>(int)</c> for <c>Get(int id)</c>, <c>(Product)</c> for <c>Post(TEntity item)</c> inherited through
        /// <c>CrudController&lt;Product&gt;</c>: each parameter type's simple name, a keyword for the common ones,
        /// <c>&lt;…&gt;</c> for a generic's arguments. Part of an overloaded entry point's name; the model adds it to
        /// processes that still share a name (controllers of one name in two namespaces).
        /// </summary>
        internal static string ParameterListOf(IMethodSymbol method)
        {
            var parameters = new System.Collections.Generic.List<string>(method.Parameters.Length);
            foreach (var parameter in method.Parameters)
            {
                parameters.Add(SimpleTypeName(parameter.Type));
            }

            return "(" + string.Join(", ", parameters) + ")";
        }

        private static string SimpleTypeName(ITypeSymbol type) => type switch
        {
            IArrayTypeSymbol array => SimpleTypeName(array.ElementType) + "[" + new string(',', array.Rank - 1) + "]",
            IPointerTypeSymbol pointer => SimpleTypeName(pointer.PointedAtType) + "*",
            INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: [var value] } => SimpleTypeName(value) + "?",
            INamedTypeSymbol { Arity: > 0 } generic => generic.Name + "<…>",
            INamedTypeSymbol { ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } system => Keyword(system.Name) ?? system.Name,
            { Name.Length: > 0 } named => named.Name,
            _ => type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat),
        };

        /// <summary>The C# keyword of a System type the parameters of actions commonly have.</summary>
        private static string? Keyword(string systemTypeName) => systemTypeName switch
        {
            "Int32" => "int",
            "Int64" => "long",
            "Int16" => "short",
            "Byte" => "byte",
            "String" => "string",
            "Boolean" => "bool",
            "Decimal" => "decimal",
            "Double" => "double",
            "Single" => "float",
            "Char" => "char",
            "Object" => "object",
            _ => null,
        };

        /// <summary>
        /// Whether the type has another entry point of the method's name: one that <see cref="Recognize(IMethodSymbol, CancellationToken)"/>
        /// or <see cref="InheritedActions"/> returns and that has a body (what the model draws).
        /// </summary>
        private bool IsOverloadedEntryPoint(INamedTypeSymbol type, IMethodSymbol method)
        {
            // The method itself counts without being asked again (it is being named); nearly always it is the only member.
            var entryPoints = 0;
            foreach (var member in type.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(member, method)
                    || (member is IMethodSymbol { MethodKind: MethodKind.Ordinary, IsImplicitlyDeclared: false, IsAbstract: false, IsExtern: false } declared
                        && (FrameworkKindOf(declared) is not null || TrustBoundaryOf(declared, type) is not null)))
                {
                    if (++entryPoints > 1)
                    {
                        return true;
                    }
                }
            }

            // An action inherited from a source base controller (rare): asked only where such a base has a namesake.
            if (AspNetCore is not { HasMvc: true } aspNetCore || !HasSourceBaseNamesake(type, method.Name) || !MvcConventions.IsController(type, aspNetCore))
            {
                return false;
            }

            foreach (var inherited in MvcConventions.InheritedActions(type, aspNetCore))
            {
                if (inherited.Name == method.Name && ++entryPoints > 1)
                {
                    return true;
                }
            }

            return false;
        }

        private static bool HasSourceBaseNamesake(INamedTypeSymbol type, string name)
        {
            for (var b = type.BaseType; b is not null && b.ContainingAssembly is ISourceAssemblySymbol; b = b.BaseType)
            {
                foreach (var member in b.GetMembers(name))
                {
                    if (member is IMethodSymbol { MethodKind: MethodKind.Ordinary })
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>The minimal API endpoint a MapGet/MapPost/... call declares, if any.</summary>
        public EntryPoint? Recognize(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            if (AspNetCore is null || Application is null || !RouteMapping.TryCreate(invocation, AspNetCore, out var mapping))
            {
                return null;
            }

            // Keyed by the call's syntax. The conventions chained on the call are read through its operation's parents, and
            // every (non-speculative) semantic model builds the enclosing member's whole operation tree, so the call's
            // operation has the same parents whichever model or node it was reached from. A speculative model's operation
            // would not: none is passed here.
            if (mappings.TryGetValue(invocation.Syntax, out var known))
            {
                return known;
            }

            var entryPoint = RecognizeMapping(invocation, mapping, AspNetCore, Application, cancellationToken);
            mappings.TryAdd(invocation.Syntax, entryPoint);
            return entryPoint;
        }

        private EntryPoint RecognizeMapping(IInvocationOperation invocation, RouteMapping mapping, AspNetCoreTypes aspNetCore, ApplicationAuthorization application, CancellationToken cancellationToken)
        {
            var evidence = application.Endpoints.ForMapping(invocation, cancellationToken);
            if (mapping.Handler is { } handler)
            {
                evidence = evidence.With(handler is IMethodSymbol method
                    ? AuthorizationAttributes.OnMethodAndOverridden(method, aspNetCore, Annotations)
                    : AuthorizationAttributes.On(handler, aspNetCore, Annotations));
            }

            if (evidence.IsNone && application.FallbackPolicyRequiresAuthenticatedUser(cancellationToken))
            {
                evidence = AuthorizationEvidence.Required;
            }

            var name = mapping.DisplayName(
                aspNetCore,
                parameter => application.CallSiteArguments(parameter, cancellationToken),
                method => application.IsOwnMethod(method) ? application.ReturnedValues(method, cancellationToken) : null);
            return new EntryPoint(name, EntryPoint.InternetBoundary, EntryPointKind.MinimalApiEndpoint, evidence);
        }

        /// <summary>
        /// The endpoints a <c>MapIdentityApi&lt;TUser&gt;()</c> call maps, named under the prefix of the group it is called on:
        /// the /manage ones require an authenticated user (Identity says so), the others follow the conventions on the call
        /// and the fallback policy like any endpoint. Empty for any other call.
        /// </summary>
        public System.Collections.Generic.IEnumerable<(IdentityApiEndpoints.Endpoint Endpoint, EntryPoint EntryPoint)> IdentityApi(IInvocationOperation invocation, CancellationToken cancellationToken)
        {
            if (AspNetCore is null || Application is null || IdentityApiEndpoints.UserTypeOf(invocation) is null)
            {
                yield break;
            }

            var evidence = Application.Endpoints.ForMapping(invocation, cancellationToken);
            if (evidence.IsNone && Application.FallbackPolicyRequiresAuthenticatedUser(cancellationToken))
            {
                evidence = AuthorizationEvidence.Required;
            }

            var prefix = RouteTemplates.PrefixOf(
                invocation.Receiver(),
                AspNetCore,
                parameter => Application.CallSiteArguments(parameter, cancellationToken),
                method => Application.IsOwnMethod(method) ? Application.ReturnedValues(method, cancellationToken) : null);
            foreach (var endpoint in IdentityApiEndpoints.All)
            {
                var authorization = endpoint.RequiresAuthentication && evidence.IsNone ? AuthorizationEvidence.Required : evidence;
                yield return (endpoint, new EntryPoint(endpoint.Verb + " " + RouteTemplates.Combine(prefix, endpoint.Route), EntryPoint.InternetBoundary, EntryPointKind.MinimalApiEndpoint, authorization));
            }
        }

        public ISymbol? HandlerOf(IInvocationOperation invocation)
            => AspNetCore is not null && RouteMapping.TryCreate(invocation, AspNetCore, out var mapping) ? mapping.Handler : null;

        private string? TrustBoundaryOf(IMethodSymbol method, INamedTypeSymbol type)
        {
            if (Annotations.TrustBoundary is null)
            {
                return null;
            }

            if (method.Find(Annotations.TrustBoundary) is { } onMethod)
            {
                return onMethod.StringArgument(0) ?? string.Empty;
            }

            // On a type: every public method declared in it (or in a type deriving from it) is an entry point.
            if (method.DeclaredAccessibility == Accessibility.Public)
            {
                foreach (var t in type.SelfAndBaseTypes())
                {
                    if (t.Find(Annotations.TrustBoundary) is { } onType)
                    {
                        return onType.StringArgument(0) ?? string.Empty;
                    }
                }
            }

            return null;
        }

        private EntryPointKind? FrameworkKindOf(IMethodSymbol method)
        {
            if (AspNetCore is not null)
            {
                if (AspNetCore.HasMvc && MvcConventions.IsAction(method, AspNetCore))
                {
                    return EntryPointKind.ControllerAction;
                }

                if (AspNetCore.HasRazorPages && MvcConventions.IsPageHandler(method, AspNetCore))
                {
                    return EntryPointKind.RazorPageHandler;
                }
            }

            return Lambda is not null && Lambda.IsHandler(method) ? EntryPointKind.LambdaHandler : null;
        }

        private AuthorizationEvidence AuthorizationOf(IMethodSymbol method, INamedTypeSymbol type, EntryPointKind kind, CancellationToken cancellationToken)
        {
            // Razor Pages ignore authorization attributes on handler methods: only the page model's count.
            var evidence = AuthorizationAttributes.OnTypeAndBases(type, AspNetCore, Annotations);
            if (kind != EntryPointKind.RazorPageHandler)
            {
                evidence = evidence.With(AuthorizationAttributes.OnMethodAndOverridden(method, AspNetCore, Annotations));
            }
            else
            {
                evidence = evidence.With(AnnotationsOnly(method));
            }

            if (!evidence.IsNone || Application is null)
            {
                return evidence;
            }

            var convention = kind switch
            {
                EntryPointKind.ControllerAction => Application.ForControllers(cancellationToken),
                EntryPointKind.RazorPageHandler => Application.ForRazorPages(cancellationToken),
                _ => AuthorizationEvidence.None,
            };

            if (convention.IsNone && (kind is EntryPointKind.ControllerAction or EntryPointKind.RazorPageHandler)
                && Application.FallbackPolicyRequiresAuthenticatedUser(cancellationToken))
            {
                convention = AuthorizationEvidence.Required;
            }

            return convention;
        }

        private AuthorizationEvidence AnnotationsOnly(IMethodSymbol method)
            => AuthorizationAttributes.OnMethodAndOverridden(method, aspNetCore: null, Annotations);
    }
}
