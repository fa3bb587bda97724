using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>The facts one declaration contributes: its behavior for the call graph, and the entry point it is, if any.</summary>
    internal sealed record DeclaredMethodFacts(MethodFact? Method, EntryPointFact? EntryPoint);

    /// <summary>
    /// Declarations and syntax to facts: the only place that turns what the compiler knows about one declaration or call
    /// into the plain values the model is built from. Nothing it returns holds a symbol, a syntax node or a compilation.
    /// </summary>
    /// <remarks>
    /// Bodies are read with <see cref="BodyReader"/> (declared symbols, lookups, speculative type binding, and, where the
    /// rules bind the body anyway, what the compiler bound a name to). Three kinds of call are read from their operations,
    /// because only the binder can say what they mean: a route mapping (MapGet/MapPost/…: its route, group prefixes,
    /// handler and authorization), <c>MapIdentityApi</c>, and an EF Core provider call (UseSqlite inside AddDbContext&lt;T&gt;).
    /// </remarks>
    internal static class FactExtractor
    {
        public static DeclaredMethodFacts? FromMethod(SyntaxNode declaration, SemanticModel model, bool sharesBinding, CancellationToken cancellationToken)
        {
            // Flows start at entry points: where none can exist (no web or Lambda framework referenced, no [TrustBoundary]
            // written), a method contributes nothing, and is not even resolved.
            if (ExtractionContext.For(model.Compilation).EntryPoints is { CanFindMethodEntryPoints: false, CanFindRouteMappings: false })
            {
                return null;
            }

            if (declaration is not BaseMethodDeclarationSyntax syntax || (syntax.Body ?? (SyntaxNode?)syntax.ExpressionBody) is not { } body
                || model.GetDeclaredSymbol(syntax, cancellationToken) is not IMethodSymbol method || BehaviorExtractor.IdOf(method) is not { } id)
            {
                return null;
            }

            var context = ExtractionContext.For(model.Compilation);
            var reader = new BodyReader(model, method, method.ContainingType, body, body.SpanStart, cancellationToken, context.Lookups, sharesBinding);
            var behavior = context.Behavior.Extract(reader, body, cancellationToken);
            var implements = BehaviorExtractor.ImplementedBy(method);
            var methodFact = behavior.IsEmpty && implements.Count == 0 ? null : new MethodFact(id, implements, behavior);

            EntryPointFact? entryFact = null;
            if (context.EntryPoints.Recognize(method, cancellationToken) is { } entryPoint)
            {
                var response = context.Responses.Of(method, reader, body);
                entryFact = new EntryPointFact(
                    Analysis.ElementIds.ProcessOf(id),
                    entryPoint.Name,
                    entryPoint.Boundary,
                    entryPoint.Kind,
                    LocationOf(method.Locations.Length > 0 ? method.Locations[0] : null),
                    entryPoint.Authorization,
                    ControlsOf(method, context),
                    RolesOf(method, context),
                    RequestClassesOf(method, context),
                    response.Responds,
                    response.DataClasses,
                    id,
                    BehaviorFact.Empty,
                    DirectBehaviorIn: null,
                    EntryPointRecognizer.ParameterListOf(method));
            }

            return methodFact is null && entryFact is null ? null : new DeclaredMethodFacts(methodFact, entryFact);
        }

        /// <summary>
        /// The actions a concrete controller inherits from base classes of the compilation (abstract or generic base
        /// controllers): entry points of the controller, handled by the base method, whose behavior is in its own method
        /// facts. Declarations only; the base method's answer is read from its syntax.
        /// </summary>
        public static EquatableArray<EntryPointFact> FromControllerType(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            var context = ExtractionContext.For(model.Compilation);
            if (context.EntryPoints.AspNetCore is not { HasMvc: true }
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol { IsAbstract: false, BaseType.DeclaringSyntaxReferences.Length: > 0 } controller
                || controller.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) != declaration
                || controller.GetDocumentationCommentId() is not { } controllerId)
            {
                return EquatableArray<EntryPointFact>.Empty;
            }

            var facts = new List<EntryPointFact>();
            var location = LocationOf(controller.Locations.Length > 0 ? controller.Locations[0] : null);
            foreach (var (method, entryPoint) in context.EntryPoints.InheritedActions(controller, cancellationToken))
            {
                if (BehaviorExtractor.IdOf(method) is not { } methodId)
                {
                    continue;
                }

                var response = ResponseOfDeclared(method, model, context, cancellationToken);
                facts.Add(new EntryPointFact(
                    Analysis.ElementIds.ProcessOfInherited(controllerId, methodId),
                    entryPoint.Name,
                    entryPoint.Boundary,
                    entryPoint.Kind,
                    location,
                    entryPoint.Authorization,
                    ControlsOf(method, context),
                    RolesOf(method, context),
                    RequestClassesOf(method, context),
                    response.Responds,
                    response.DataClasses,
                    methodId,
                    BehaviorFact.Empty,
                    DirectBehaviorIn: null,
                    EntryPointRecognizer.ParameterListOf(method)));
            }

            return facts.ToEquatableArray();
        }

        /// <summary>A minimal API endpoint. The mapping call's own statement is bound (route, groups, handler, authorization); the handler's body is read from syntax.</summary>
        public static EntryPointFact? FromRouteMapping(SyntaxNode invocationSyntax, SemanticModel model, bool sharesBinding, CancellationToken cancellationToken)
        {
            if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            var context = ExtractionContext.For(model.Compilation);
            if (context.EntryPoints.Recognize(invocation, cancellationToken) is not { } entryPoint)
            {
                return null;
            }

            var handler = context.EntryPoints.HandlerOf(invocation);
            var containing = model.GetEnclosingSymbol(invocationSyntax.SpanStart, cancellationToken);

            // A route's process is keyed by the method that maps it and the route, both stable across builds and edits elsewhere.
            var mappedIn = MappingMethodOf(containing) is { } mapping ? BehaviorExtractor.IdOf(mapping) : null;
            var request = EquatableArray<string>.Empty;
            var response = HandlerResponse.Nothing;
            string? handlerId = null;
            var direct = BehaviorFact.Empty;
            string? directIn = null;
            if (handler is IMethodSymbol handlerMethod)
            {
                request = RequestClassesOf(handlerMethod, context);
                if (handlerMethod.MethodKind == MethodKind.AnonymousFunction && LambdaOf(invocation) is { } lambda)
                {
                    // Lookups happen before the mapping statement, outside the lambda (asking about a position inside a lambda binds around it).
                    var position = (invocationSyntax.FirstAncestorOrSelf<StatementSyntax>() ?? invocationSyntax).SpanStart;
                    var reader = new BodyReader(model, handlerMethod, handlerMethod.ContainingType, lambda.Body, position, cancellationToken, context.Lookups, sharesBinding);
                    direct = context.Behavior.Extract(reader, lambda.Body, cancellationToken);
                    directIn = mappedIn;
                    response = context.Responses.Of(handlerMethod, reader, lambda.Body);
                }
                else
                {
                    handlerId = BehaviorExtractor.IdOf(handlerMethod);
                    response = ResponseOfDeclared(handlerMethod, model, context, cancellationToken);
                }
            }

            var nameLocation = invocationSyntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } ? member.Name.GetLocation() : invocationSyntax.GetLocation();
            return new EntryPointFact(
                Analysis.ElementIds.ProcessOfRoute(mappedIn, entryPoint.Name),
                entryPoint.Name,
                entryPoint.Boundary,
                entryPoint.Kind,
                LocationOf(nameLocation),
                entryPoint.Authorization,
                handler is null ? EquatableArray<string>.Empty : ControlsOf(handler, context),
                handler is null ? EquatableArray<string>.Empty : RolesOf(handler, context),
                request,
                response.Responds,
                response.DataClasses,
                handlerId,
                direct,
                directIn);
        }

        /// <summary>
        /// The endpoints a <c>MapIdentityApi&lt;TUser&gt;()</c> call maps: each a process keyed like a route of the mapping
        /// method, whose own behavior is Identity's use of the user store (Identity's code is not ours to read).
        /// </summary>
        public static EquatableArray<EntryPointFact> FromIdentityApiMapping(SyntaxNode invocationSyntax, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation
                || IdentityApiEndpoints.UserTypeOf(invocation) is not { } user)
            {
                return EquatableArray<EntryPointFact>.Empty;
            }

            var context = ExtractionContext.For(model.Compilation);
            var containing = model.GetEnclosingSymbol(invocationSyntax.SpanStart, cancellationToken);
            var mappedIn = MappingMethodOf(containing) is { } mapping ? BehaviorExtractor.IdOf(mapping) : null;
            var nameLocation = invocationSyntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } ? member.Name.GetLocation() : invocationSyntax.GetLocation();
            var facts = new List<EntryPointFact>();
            foreach (var (endpoint, entryPoint) in context.EntryPoints.IdentityApi(invocation, cancellationToken))
            {
                var touches = new List<TouchFact>();
                if (context.Resources.Identity is { } identity)
                {
                    if (endpoint.Reads)
                    {
                        touches.Add(identity.UserStoreTouch(user, Access.Read, endpoint.Response));
                    }

                    if (endpoint.Writes)
                    {
                        touches.Add(identity.UserStoreTouch(user, Access.Write, endpoint.Request));
                    }
                }

                facts.Add(new EntryPointFact(
                    Analysis.ElementIds.ProcessOfRoute(mappedIn, entryPoint.Name),
                    entryPoint.Name,
                    entryPoint.Boundary,
                    entryPoint.Kind,
                    LocationOf(nameLocation),
                    entryPoint.Authorization,
                    EquatableArray<string>.Empty,
                    EquatableArray<string>.Empty,
                    endpoint.Request.ToSortedSet(),
                    endpoint.Response.Length > 0,
                    endpoint.Response.ToSortedSet(),
                    null,
                    new BehaviorFact(EquatableArray<string>.Empty, touches.ToEquatableArray()),
                    mappedIn));
            }

            return facts.ToEquatableArray();
        }

        /// <summary>
        /// A type declaration's <c>[DataStore]</c> and <c>[ExternalEntity]</c>: the element each declares (the first of each
        /// kind written on this declaration; a partial type's other parts speak for themselves).
        /// </summary>
        public static EquatableArray<ElementFact> FromAnnotatedDeclaration(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            var annotations = ExtractionContext.For(model.Compilation).Annotations;
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol type)
            {
                return EquatableArray<ElementFact>.Empty;
            }

            ElementFact? store = null;
            ElementFact? entity = null;
            foreach (var attribute in type.GetAttributes())
            {
                if (attribute.ApplicationSyntaxReference is not { } application || application.SyntaxTree != declaration.SyntaxTree || !declaration.Span.Contains(application.Span))
                {
                    continue;
                }

                if (store is null && annotations.Is(attribute, annotations.DataStore))
                {
                    store = FromAnnotatedType(type, attribute, ElementKinds.DataStore, model.Compilation);
                }
                else if (entity is null && annotations.Is(attribute, annotations.ExternalEntity))
                {
                    entity = FromAnnotatedType(type, attribute, ElementKinds.ExternalEntity, model.Compilation);
                }
            }

            return new[] { store, entity }.OfType<ElementFact>().ToEquatableArray();
        }

        private static ElementFact? FromAnnotatedType(INamedTypeSymbol type, AttributeData attribute, string kind, Compilation compilation)
        {
            if (type.GetDocumentationCommentId() is not { } id)
            {
                return null;
            }

            var context = ExtractionContext.For(compilation);
            var classes = new HashSet<string>();
            context.Classification.AddFrom(type, classes);
            var name = attribute.StringArgument(0);
            return new ElementFact(
                id,
                string.IsNullOrWhiteSpace(name) ? type.Name : name!.Trim(),
                kind,
                Boundary: null,
                LocationOf(type.Locations.Length > 0 ? type.Locations[0] : null),
                classes.ToSortedSet(),
                context.Resources.Annotated.ControlsOf(type));
        }

        /// <summary>An EF Core provider call: bound on its own, as it must be understood in its AddDbContext&lt;T&gt; or OnConfiguring.</summary>
        public static StoreProviderFact? FromProviderCall(SyntaxNode invocationSyntax, SemanticModel model, CancellationToken cancellationToken)
            => model.GetOperation(invocationSyntax, cancellationToken) is IInvocationOperation invocation ? EfCoreProviders.Recognize(invocation) : null;

        /// <summary>The registration methods that name a service and its implementation as type arguments.</summary>
        public static readonly HashSet<string> RegistrationMethodNames = new(System.StringComparer.Ordinal)
        {
            "AddScoped", "AddTransient", "AddSingleton", "TryAddScoped", "TryAddTransient", "TryAddSingleton",
            "AddKeyedScoped", "AddKeyedTransient", "AddKeyedSingleton", "AddHttpClient",
        };

        /// <summary>
        /// <c>services.AddScoped&lt;IRepository, Repository&gt;()</c> (and the other lifetimes, <c>AddHttpClient&lt;IClient, Client&gt;</c>),
        /// when the service is a referenced project's type: its implementation answers the calls through it. Only the two
        /// type arguments are bound, each on its own as a type, at a position outside any lambda; never the call.
        /// </summary>
        public static ServiceRegistrationFact? FromServiceRegistration(SyntaxNode invocationSyntax, SemanticModel model, CancellationToken cancellationToken)
        {
            if (invocationSyntax is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name: GenericNameSyntax { TypeArgumentList.Arguments: { Count: 2 } arguments } } }
                || arguments[0] is OmittedTypeArgumentSyntax || arguments[1] is OmittedTypeArgumentSyntax)
            {
                return null;
            }

            var scope = invocationSyntax.Ancestors().LastOrDefault(a => a is GlobalStatementSyntax or MemberDeclarationSyntax and not BaseNamespaceDeclarationSyntax and not TypeDeclarationSyntax);
            var position = scope switch
            {
                BaseMethodDeclarationSyntax { Body: { } body } => body.SpanStart,
                BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => arrow.SpanStart,
                null => invocationSyntax.SpanStart,
                _ => scope.SpanStart,
            };

            ITypeSymbol? Bind(TypeSyntax type)
                => model.GetSpeculativeTypeInfo(position, type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type is { } found and not IErrorTypeSymbol ? found : null;

            cancellationToken.ThrowIfCancellationRequested();
            if (Bind(arguments[0]) is not INamedTypeSymbol service || !ReferencedDeclarations.IsReferencedApplicationCode(service, model.Compilation)
                || Bind(arguments[1]) is not INamedTypeSymbol implementation
                || service.OriginalDefinition.GetDocumentationCommentId() is not { } serviceId || implementation.OriginalDefinition.GetDocumentationCommentId() is not { } implementationId)
            {
                return null;
            }

            return new ServiceRegistrationFact(serviceId, implementationId);
        }

        /// <summary>A DbContext declared in the project: a store of its model, with the classes of data of its DbSets' entity types.</summary>
        public static ElementFact? FromDeclaredContext(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            if (ExtractionContext.For(model.Compilation).Resources.EntityFrameworkCore is not { } entityFramework
                || model.GetDeclaredSymbol(declaration, cancellationToken) is not INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false, IsGenericType: false } type
                || !entityFramework.IsDbContext(type)
                || type.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) != declaration)
            {
                return null;
            }

            return entityFramework.DeclaredStore(type, LocationOf(type.Locations.Length > 0 ? type.Locations[0] : null));
        }

        /// <summary>A location as a plain value: the file path as the compiler saw it (made relative when the model is built) and a 1-based line.</summary>
        public static SourceLocation? LocationOf(Location? location)
            => location is { IsInSource: true } && location.GetLineSpan() is { } span
                ? new SourceLocation(span.Path, span.StartLinePosition.Line + 1)
                : null;

        /// <summary>What a request brings in: the classes the handler's parameters declare.</summary>
        private static EquatableArray<string> RequestClassesOf(IMethodSymbol handler, ExtractionContext context)
        {
            var request = new HashSet<string>();
            foreach (var parameter in handler.Parameters)
            {
                context.Classification.AddFrom(parameter, request);
                context.Classification.AddFrom(parameter.Type, request);
            }

            return request.ToSortedSet();
        }

        /// <summary>What a method handler (<c>app.MapGet("/", Handlers.Get)</c>) answers, read from its own declaration.</summary>
        private static HandlerResponse ResponseOfDeclared(IMethodSymbol handler, SemanticModel model, ExtractionContext context, CancellationToken cancellationToken)
        {
            foreach (var reference in handler.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                var body = declaration switch
                {
                    BaseMethodDeclarationSyntax method => method.Body ?? (SyntaxNode?)method.ExpressionBody,
                    LocalFunctionStatementSyntax local => local.Body ?? (SyntaxNode?)local.ExpressionBody,
                    _ => null,
                };

                if (body is not null)
                {
                    var declaringModel = declaration.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(declaration.SyntaxTree);
                    var position = declaration is LocalFunctionStatementSyntax ? declaration.SpanStart : body.SpanStart;
                    var reader = new BodyReader(declaringModel, handler, handler.ContainingType, body, position, cancellationToken, context.Lookups);
                    return context.Responses.Of(handler, reader, body);
                }
            }

            return context.Responses.Of(handler, null, null);
        }

        /// <summary>The lambda handed to a route mapping as its handler.</summary>
        private static AnonymousFunctionExpressionSyntax? LambdaOf(IInvocationOperation invocation)
        {
            var value = (invocation.ArgumentValue("handler") ?? invocation.ArgumentValue("requestDelegate"))?.WithoutConversions();
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target.WithoutConversions();
            }

            return (value as IAnonymousFunctionOperation)?.Syntax as AnonymousFunctionExpressionSyntax;
        }

        /// <summary>The method (or top-level <c>Main</c>) whose body holds a route mapping, past any lambda or local function around it.</summary>
        private static ISymbol? MappingMethodOf(ISymbol? symbol)
        {
            while (symbol is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                symbol = symbol.ContainingSymbol;
            }

            return symbol;
        }

        private static EquatableArray<string> ControlsOf(ISymbol handler, ExtractionContext context)
        {
            var controls = new List<string>();
            var owner = handler.ContainingType;
            bool Has(INamedTypeSymbol? attribute) => handler.Has(attribute) || (owner is not null && owner.Has(attribute));
            if (Has(context.Annotations.Audited))
            {
                controls.Add(Controls.Audited);
            }

            if (Has(context.Annotations.RateLimited))
            {
                controls.Add(Controls.RateLimited);
            }

            return controls.ToSortedSet();
        }

        /// <summary>Roles from [RequiresRole] and from [Authorize(Roles = "a,b")] on the handler and its type.</summary>
        private static EquatableArray<string> RolesOf(ISymbol handler, ExtractionContext context)
        {
            var roles = new List<string>();
            var scopes = new List<ISymbol> { handler };
            if (handler.ContainingType is { } owner)
            {
                scopes.AddRange(owner.SelfAndBaseTypes());
            }

            foreach (var scope in scopes)
            {
                foreach (var attribute in scope.GetAttributes())
                {
                    if (context.Annotations.Is(attribute, context.Annotations.RequiresRole) && attribute.StringArgument(0) is { } role)
                    {
                        roles.Add(role.Trim());
                    }
                    else if (attribute.AttributeClass is { } cls && cls.Implements(context.EntryPoints.AspNetCore?.IAuthorizeData)
                             && attribute.NamedStringArgument("Roles") is { } list)
                    {
                        foreach (var r in list.Split(','))
                        {
                            if (r.Trim().Length > 0)
                            {
                                roles.Add(r.Trim());
                            }
                        }
                    }
                }
            }

            return roles.ToSortedSet();
        }
    }
}
