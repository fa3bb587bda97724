using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Authorization that the application configures once and that applies to endpoints declared elsewhere:
    /// an authorization FallbackPolicy that requires an authenticated user, conventions on MapControllers() and
    /// MapRazorPages(), and the call sites of methods that map endpoints on a group they receive.
    /// </summary>
    /// <remarks>
    /// Found once per compilation, on first need, so that entry points can still be reported live from the symbol or
    /// operation being analyzed: a syntactic pass over the trees picks the few candidate calls by name, and only those
    /// are bound.
    /// </remarks>
    internal sealed class ApplicationAuthorization
    {
        private static readonly HashSet<string> ControllerMappings = new(StringComparer.Ordinal)
        {
            "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute",
        };

        /// <summary>Calls that register an authentication scheme (ASP.NET Core, Identity, Microsoft.Identity.Web).</summary>
        private static readonly HashSet<string> AuthenticationSetups = new(StringComparer.Ordinal)
        {
            "AddAuthentication", "AddIdentity", "AddDefaultIdentity", "AddIdentityApiEndpoints",
            "AddMicrosoftIdentityWebApi", "AddMicrosoftIdentityWebApp", "AddMicrosoftIdentityWebApiAuthentication", "AddMicrosoftIdentityWebAppAuthentication",
        };

        /// <summary>Calls that register authorization or add its middleware.</summary>
        private static readonly HashSet<string> AuthorizationSetups = new(StringComparer.Ordinal)
        {
            "AddAuthorization", "AddAuthorizationBuilder", "AddAuthorizationCore", "UseAuthorization",
        };

        /// <summary>What a file holding a candidate spells: a candidate's name, or for <c>Filters.Add(…)</c> its receiver's.</summary>
        private static readonly string[] CandidateWords = ControllerMappings.Concat(AuthenticationSetups).Concat(AuthorizationSetups)
            .Concat(new[] { "SetFallbackPolicy", "MapRazorPages", "Filters" }).Distinct(StringComparer.Ordinal).ToArray();

        private readonly Compilation compilation;
        private readonly AspNetCoreTypes aspNetCore;
        private readonly object gate = new();
        // Per convention reader (one instance per compilation), per mapping-method parameter and depth: what a parameter's
        // call sites say depends on how many mapping methods deeper the walk may still go, so that is part of the key and
        // no answer depends on which entry point asked first.
        private readonly ConcurrentDictionary<object, ConcurrentDictionary<(IParameterSymbol Parameter, int Depth), object?>> callSiteEvidence = new();
        private readonly ConcurrentDictionary<IParameterSymbol, IReadOnlyList<IOperation>> callSiteArguments = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IOperation>> returnedValues = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IParameterSymbol, IReadOnlyList<IOperation>> statementsNaming = new(SymbolEqualityComparer.Default);
        private Facts? facts;
        private readonly ConcurrentDictionary<SyntaxTree, SemanticModel> models = new();

        public ApplicationAuthorization(Compilation compilation, AspNetCoreTypes aspNetCore, AnnotationTypes annotations)
        {
            this.compilation = compilation;
            this.aspNetCore = aspNetCore;
            Endpoints = new EndpointConventions(aspNetCore, annotations, this);
        }

        public EndpointConventions Endpoints { get; }

        public bool FallbackPolicyRequiresAuthenticatedUser(CancellationToken cancellationToken) => GetFacts(cancellationToken).Fallback;

        public AuthorizationEvidence ForControllers(CancellationToken cancellationToken) => GetFacts(cancellationToken).Controllers;

        public AuthorizationEvidence ForRazorPages(CancellationToken cancellationToken) => GetFacts(cancellationToken).RazorPages;

        /// <summary>
        /// Whether the application registers an authentication scheme and authorization (AddAuthentication or Identity's
        /// AddIdentity/AddDefaultIdentity…, and AddAuthorization/UseAuthorization): only then does [Authorize] or
        /// RequireAuthorization() protect an endpoint instead of making it fail with a server error.
        /// </summary>
        public bool AuthenticationAndAuthorizationConfigured(CancellationToken cancellationToken)
            => GetFacts(cancellationToken) is { AuthenticationConfigured: true, AuthorizationConfigured: true };

        /// <summary>
        /// What the callers of a mapping method pass for one of its builder parameters, as <paramref name="reader"/> reads
        /// conventions: what holds on every call site (protected only if every call site is).
        /// </summary>
        public T FromCallSites<T>(
            IParameterSymbol parameter, int depth, EndpointConventionReader<T> reader, Func<IOperation, T> evaluate, CancellationToken cancellationToken)
        {
            var cache = callSiteEvidence.GetOrAdd(reader, _ => new ConcurrentDictionary<(IParameterSymbol, int), object?>(ParameterAtDepthComparer.Instance));
            if (cache.TryGetValue((parameter, depth), out var cached))
            {
                return (T)cached!;
            }

            var evidence = reader.OnEveryPath(CallSiteArguments(parameter, cancellationToken).Select(evaluate).ToList());
            cache.TryAdd((parameter, depth), evidence);
            return evidence;
        }

        private sealed class ParameterAtDepthComparer : IEqualityComparer<(IParameterSymbol Parameter, int Depth)>
        {
            public static readonly ParameterAtDepthComparer Instance = new();

            public bool Equals((IParameterSymbol Parameter, int Depth) x, (IParameterSymbol Parameter, int Depth) y)
                => x.Depth == y.Depth && SymbolEqualityComparer.Default.Equals(x.Parameter, y.Parameter);

            public int GetHashCode((IParameterSymbol Parameter, int Depth) key)
                => (SymbolEqualityComparer.Default.GetHashCode(key.Parameter) * 31) + key.Depth;
        }

        /// <summary>
        /// The values a method of the compilation returns: how a helper that makes a group (<c>app.Authed()</c> returning
        /// <c>app.MapGroup("/a").RequireAuthorization()</c>) passes its prefix and conventions on. Each returned expression is
        /// bound on its own, never the helper's whole body.
        /// </summary>
        public IReadOnlyList<IOperation> ReturnedValues(IMethodSymbol method, CancellationToken cancellationToken)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (returnedValues.TryGetValue(method, out var cached))
            {
                return cached;
            }

            var values = new List<IOperation>();
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                var model = SemanticModelFor(declaration.SyntaxTree);
                var returned = declaration switch
                {
                    BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => new[] { arrow.Expression },
                    BaseMethodDeclarationSyntax { Body: { } body } => body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                        .OfType<ReturnStatementSyntax>().Select(r => r.Expression).OfType<ExpressionSyntax>().ToArray(),
                    _ => Array.Empty<ExpressionSyntax>(),
                };
                foreach (var expression in returned)
                {
                    if (model.GetOperation(expression, cancellationToken) is { } value)
                    {
                        values.Add(value);
                    }
                }
            }

            returnedValues.TryAdd(method, values);
            return values;
        }

        /// <summary>
        /// The statements of a method of the compilation that name one of its parameters, each bound on its own (a mapping
        /// helper's <c>return builder.RequireRateLimiting(Policy);</c> or <c>group.RequireAuthorization();</c>), to read
        /// what it applies to the builder it is given; never the helper's whole body.
        /// </summary>
        public IReadOnlyList<IOperation> StatementsNaming(IMethodSymbol method, IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (statementsNaming.TryGetValue(parameter.OriginalDefinition, out var cached))
            {
                return cached;
            }

            var statements = new List<IOperation>();
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var declaration = reference.GetSyntax(cancellationToken);
                if (!compilation.ContainsSyntaxTree(declaration.SyntaxTree))
                {
                    continue;
                }

                var model = SemanticModelFor(declaration.SyntaxTree);
                var named = declaration switch
                {
                    BaseMethodDeclarationSyntax { ExpressionBody: { } arrow } => new SyntaxNode[] { arrow.Expression },
                    BaseMethodDeclarationSyntax { Body: { } body } => body.DescendantNodes(n => n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax))
                        .Where(n => n is ExpressionStatementSyntax or ReturnStatementSyntax or LocalDeclarationStatementSyntax).ToArray(),
                    _ => Array.Empty<SyntaxNode>(),
                };
                foreach (var statement in named)
                {
                    if (statement.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == parameter.Name)
                        && model.GetOperation(statement, cancellationToken) is { } bound)
                    {
                        statements.Add(bound);
                    }
                }
            }

            statementsNaming.TryAdd(parameter.OriginalDefinition, statements);
            return statements;
        }

        /// <summary>Whether calls to this method can be followed into its returned values: it is declared in this compilation.</summary>
        public bool IsOwnMethod(IMethodSymbol method)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return definition.MethodKind == MethodKind.Ordinary && definition.DeclaringSyntaxReferences.Any(r => compilation.ContainsSyntaxTree(r.SyntaxTree));
        }

        /// <summary>The values passed for a parameter of an ordinary method at its call sites in the compilation.</summary>
        public IReadOnlyList<IOperation> CallSiteArguments(IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            if (callSiteArguments.TryGetValue(parameter, out var cached))
            {
                return cached;
            }

            var arguments = new List<IOperation>();
            if (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                foreach (var (invocation, model) in InvocationsNamed(method.Name, cancellationToken))
                {
                    if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation call
                        && SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, method.OriginalDefinition)
                        && call.ArgumentValue(parameter) is { } argument)
                    {
                        arguments.Add(argument);
                    }
                }

                // A static method that implements a static abstract interface member is also called through a type
                // parameter (TEndpoint.Map(app) in MapEndpoint<TEndpoint>): such a call site counts when the generic method's
                // own call site names this type (MapEndpoint<CreatePost>()); a value the generic method received as a
                // parameter is then what that call site passes.
                foreach (var contract in StaticContractsOf(method))
                {
                    foreach (var (invocation, model) in InvocationsNamed(method.Name, cancellationToken))
                    {
                        if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                            || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, contract.OriginalDefinition)
                            || call.ConstrainedToType is not ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method, DeclaringMethod: { } generic } typeParameter
                            || call.ArgumentValue(parameter) is not { } argument)
                        {
                            continue;
                        }

                        var outerDefinition = generic.OriginalDefinition;
                        if (argument.WithoutConversions() is not IParameterReferenceOperation { Parameter: var received }
                            || !SymbolEqualityComparer.Default.Equals(received.ContainingSymbol.OriginalDefinition, outerDefinition))
                        {
                            arguments.Add(argument);
                            continue;
                        }

                        foreach (var (outerInvocation, outerModel) in InvocationsNamed(outerDefinition.Name, cancellationToken))
                        {
                            if (outerModel.GetOperation(outerInvocation, cancellationToken) is IInvocationOperation outer
                                && SymbolEqualityComparer.Default.Equals(outer.TargetMethod.OriginalDefinition, outerDefinition)
                                && outer.TargetMethod.TypeArguments.Length > typeParameter.Ordinal
                                && SymbolEqualityComparer.Default.Equals(outer.TargetMethod.TypeArguments[typeParameter.Ordinal].OriginalDefinition, method.ContainingType.OriginalDefinition)
                                && outer.ArgumentValue(received) is { } passed)
                            {
                                arguments.Add(passed);
                            }
                        }
                    }
                }
            }

            callSiteArguments.TryAdd(parameter, arguments);
            return arguments;
        }

        /// <summary>The static abstract interface members a static method implements.</summary>
        private static IEnumerable<IMethodSymbol> StaticContractsOf(IMethodSymbol method)
        {
            if (!method.IsStatic || method.ContainingType is not { } type)
            {
                yield break;
            }

            foreach (var contract in type.AllInterfaces)
            {
                foreach (var member in contract.GetMembers(method.Name))
                {
                    if (member is IMethodSymbol { IsStatic: true, IsAbstract: true } candidate
                        && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate), method))
                    {
                        yield return candidate;
                    }
                }
            }
        }

        private Facts GetFacts(CancellationToken cancellationToken)
        {
            if (facts is { } known)
            {
                return known;
            }

            // Under a lock so the scan runs once; a cancelled scan leaves nothing behind and the next caller starts over.
            lock (gate)
            {
                return facts ??= Scan(cancellationToken);
            }
        }

        private Facts Scan(CancellationToken cancellationToken)
        {
            var fallback = false;
            var authentication = false;
            var authorization = false;
            var globalFilter = AuthorizationEvidence.None;
            var controllers = new List<AuthorizationEvidence>();
            var pages = new List<AuthorizationEvidence>();

            foreach (var (node, model) in Candidates(cancellationToken))
            {
                var operation = model.GetOperation(node, cancellationToken);
                switch (operation)
                {
                    case ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                        when target.Property.Name == "FallbackPolicy" && AspNetCoreTypes.Is(target.Property.ContainingType, aspNetCore.AuthorizationOptions):
                        fallback |= PolicyRequiresAuthenticatedUser(assignment.Value);
                        break;
                    case IInvocationOperation call when call.TargetMethod.Name == "SetFallbackPolicy"
                                                       && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.AuthorizationBuilder):
                        fallback |= call.ArgumentValue("policy") is { } policy && PolicyRequiresAuthenticatedUser(policy);
                        break;
                    case IInvocationOperation call when ControllerMappings.Contains(call.TargetMethod.Name)
                                                       && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.ControllerEndpointRouteBuilderExtensions):
                        controllers.Add(Endpoints.ForMapping(call, cancellationToken));
                        break;
                    case IInvocationOperation call when AuthenticationSetups.Contains(call.TargetMethod.Name) && !IsOwnMethod(call.TargetMethod):
                        authentication = true;
                        break;
                    case IInvocationOperation call when AuthorizationSetups.Contains(call.TargetMethod.Name) && !IsOwnMethod(call.TargetMethod):
                        authorization = true;
                        break;
                    case IInvocationOperation call when call.TargetMethod.Name == "Add" && IsGlobalAuthorizeFilter(call):
                        globalFilter = AuthorizationEvidence.Required;
                        break;
                    case IInvocationOperation call when call.TargetMethod.Name == "MapRazorPages"
                                                       && AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.RazorPagesEndpointRouteBuilderExtensions):
                        pages.Add(Endpoints.ForMapping(call, cancellationToken));
                        break;
                }
            }

            // A global AuthorizeFilter (MvcOptions.Filters, from AddControllers/AddControllersWithViews/AddMvc options) applies
            // to every controller action and Razor Page.
            return new Facts(
                fallback,
                AuthorizationEvidence.OnEveryPath(controllers).With(globalFilter),
                AuthorizationEvidence.OnEveryPath(pages).With(globalFilter),
                authentication,
                authorization);
        }

        /// <summary><c>options.Filters.Add(new AuthorizeFilter(...))</c> with a policy an anonymous caller cannot satisfy.</summary>
        private bool IsGlobalAuthorizeFilter(IInvocationOperation call)
        {
            // FilterCollection's Add<T>(), or Collection<IFilterMetadata>.Add(filter) on it.
            if (aspNetCore.AuthorizeFilter is null || call.Instance?.Type?.Name != "FilterCollection")
            {
                return false;
            }

            if (call.TargetMethod.IsGenericMethod)
            {
                return call.TargetMethod.TypeArguments.Length == 1 && AspNetCoreTypes.Is(call.TargetMethod.TypeArguments[0], aspNetCore.AuthorizeFilter);
            }

            if (call.Arguments.Length == 0 || call.Arguments[0].Value.WithoutConversions() is not IObjectCreationOperation creation
                || !AspNetCoreTypes.Is(creation.Type, aspNetCore.AuthorizeFilter))
            {
                return false;
            }

            // new AuthorizeFilter() uses the default policy; a policy name or authorize data name a requirement; a built policy is read.
            var policy = creation.Arguments.Length == 1 ? creation.Arguments[0].Value.WithoutConversions() : null;
            return policy is null || policy.Type?.SpecialType == SpecialType.System_String || policy.Type?.Name != "AuthorizationPolicy"
                   || PolicyRequiresAuthenticatedUser(policy);
        }

        /// <summary>
        /// A policy that anonymous callers cannot satisfy: built with RequireAuthenticatedUser, RequireRole, RequireClaim or
        /// RequireUserName, made of such requirements, or the default policy (which requires an authenticated user).
        /// </summary>
        private bool PolicyRequiresAuthenticatedUser(IOperation policy)
        {
            policy = policy.WithoutConversions();
            if (policy is ILocalReferenceOperation local && policy.Root().InitializerOf(local.Local) is { } initializer)
            {
                policy = initializer;
            }

            foreach (var operation in policy.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IPropertyReferenceOperation property when property.Property.Name == "DefaultPolicy"
                                                                  && AspNetCoreTypes.Is(property.Property.ContainingType, aspNetCore.AuthorizationOptions):
                        return true;
                    case IInvocationOperation call when AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.AuthorizationPolicyBuilder)
                                                       && call.TargetMethod.Name is "RequireAuthenticatedUser" or "RequireRole" or "RequireClaim" or "RequireUserName":
                        return true;
                    case IObjectCreationOperation creation when AspNetCoreTypes.Is(creation.Type, aspNetCore.DenyAnonymousAuthorizationRequirement):
                        return true;
                }
            }

            return false;
        }

        /// <summary>The few calls and assignments that configure authorization application-wide, from the compilation's syntax index.</summary>
        private IEnumerable<(SyntaxNode Node, SemanticModel Model)> Candidates(CancellationToken cancellationToken)
        {
            var index = SyntaxIndex.Of(compilation);
            var calls = index.InvocationsWhere(
                    name => name == "SetFallbackPolicy" || name == "MapRazorPages" || name == "Add" || ControllerMappings.Contains(name)
                            || AuthenticationSetups.Contains(name) || AuthorizationSetups.Contains(name),
                    CandidateWords,
                    ignoreCase: false,
                    cancellationToken)
                .Where(invocation => NameOf(invocation.Expression) != "Add" || invocation.Expression is MemberAccessExpressionSyntax { Expression: var filters } && NameOf(filters) == "Filters");
            var candidates = index.InOrder(calls.Cast<SyntaxNode>().Concat(index.AssignmentsTo("FallbackPolicy", cancellationToken)), cancellationToken);
            foreach (var node in candidates)
            {
                yield return (node, SemanticModelFor(node.SyntaxTree));
            }
        }

        /// <summary>Invocations by the simple name of what they call (the call sites of a mapping method), from the compilation's syntax index.</summary>
        private IEnumerable<(InvocationExpressionSyntax Node, SemanticModel Model)> InvocationsNamed(string name, CancellationToken cancellationToken)
        {
            foreach (var invocation in SyntaxIndex.Of(compilation).InvocationsNamed(name, cancellationToken))
            {
                yield return (invocation, SemanticModelFor(invocation.SyntaxTree));
            }
        }

        private SemanticModel SemanticModelFor(SyntaxTree tree) => models.GetOrAdd(tree, t => compilation.GetSemanticModel(t));
#pragma warning restore RS1030

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        private sealed record Facts(bool Fallback, AuthorizationEvidence Controllers, AuthorizationEvidence RazorPages, bool AuthenticationConfigured, bool AuthorizationConfigured);
    }
}
