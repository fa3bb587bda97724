using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.FluentValidation;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Whether ASP.NET Core validates what an entry point binds to a parameter before its code runs or on its path:
    /// <list type="bullet">
    /// <item>MVC: DataAnnotations on the parameter or its type (a <c>ValidationAttribute</c> on the parameter, on a property
    /// or a record's positional parameter, or <c>IValidatableObject</c>) with <c>[ApiController]</c> (the automatic 400,
    /// unless <c>SuppressModelStateInvalidFilter = true</c> appears in the application) or with the action reading
    /// <c>ModelState.IsValid</c>;</item>
    /// <item>minimal APIs: <c>AddValidation()</c> (.NET 10) with an annotated parameter or type, unless the endpoint or its
    /// group calls <c>DisableValidation()</c>; or an endpoint filter that validates (<c>AddEndpointFilter&lt;T&gt;</c> where
    /// T's name contains "Validat" or T's code calls a validator; <c>AddEndpointFilter(lambda)</c> whose code does; a method
    /// of the application called on the endpoint or its group whose code adds a filter, named "…Validat…" or calling a
    /// validator);</item>
    /// <item>FluentValidation: an <c>IValidator&lt;T&gt;</c> invoked on the parameter in the entry point's code (its result
    /// used), or validators of the parameter's type registered with automatic validation;</item>
    /// <item>explicit: <c>Validator.TryValidateObject</c>/<c>ValidateObject</c> or MVC's <c>TryValidateModel</c> called on the parameter.</item>
    /// </list>
    /// Application-wide registrations are found once per compilation by a syntactic pass that binds only the candidate calls.
    /// </summary>
    internal sealed class InputValidation
    {
        private static readonly ConditionalWeakTable<CompilationAnalysis, InputValidation> Instances = new();

        private static readonly HashSet<string> ValidatorCalls = new(StringComparer.Ordinal)
        {
            "Validate", "ValidateAsync", "ValidateAndThrow", "ValidateAndThrowAsync", "TryValidateObject", "ValidateObject", "TryValidate", "TryValidateModel",
        };

        private static readonly HashSet<string> Registrations = new(StringComparer.Ordinal)
        {
            "AddValidation", FluentValidationConventions.AutoValidation, "AddScoped", "AddTransient", "AddSingleton",
            "AddValidatorsFromAssembly", "AddValidatorsFromAssemblies", "AddValidatorsFromAssemblyContaining", "AddValidator",
        };

        private readonly CompilationAnalysis analysis;
        private readonly AspNetCoreTypes? aspNetCore;
        private readonly FluentValidationConventions? fluent;
        private readonly INamedTypeSymbol? validationAttribute;
        private readonly INamedTypeSymbol? validatableObject;
        private readonly INamedTypeSymbol? apiController;
        private readonly INamedTypeSymbol? modelState;
        private readonly Lazy<Registered> registered;
        private readonly ConcurrentDictionary<IParameterSymbol, bool> byParameter = new(SymbolEqualityComparer.Default);

        private InputValidation(CompilationAnalysis analysis)
        {
            this.analysis = analysis;
            var compilation = analysis.Compilation;
            aspNetCore = analysis.EntryPoints.AspNetCore;
            fluent = FluentValidationConventions.Create(compilation);
            validationAttribute = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.ValidationAttribute");
            validatableObject = compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.IValidatableObject");
            apiController = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
            modelState = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary");
            registered = new Lazy<Registered>(FindRegistrations, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public static InputValidation Of(CompilationAnalysis analysis) => Instances.GetValue(analysis, a => new InputValidation(a));

        /// <summary>Whether the value bound to this entry-point parameter is validated (see the class's summary).</summary>
        public bool IsValidated(IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            if (byParameter.TryGetValue(parameter, out var known))
            {
                return known;
            }

            var result = Decide(parameter, cancellationToken);
            byParameter.TryAdd(parameter, result);
            return result;
        }

        private bool Decide(IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            if (parameter.ContainingSymbol is not IMethodSymbol method
                || method.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not { } body)
            {
                return false;
            }

            var type = ModelType(parameter.Type);
            if (InvokesValidation(body, parameter, cancellationToken))
            {
                return true;
            }

            var annotated = IsAnnotated(parameter, type);
            var apps = registered.Value;
            var fluentAuto = fluent is not null && apps.FluentAutoValidation
                             && (apps.FluentTypes.Contains(type.OriginalDefinition) || (apps.FluentAssemblyScan && fluent.HasValidatorFor(type)));
            if (aspNetCore is not null && method.ContainingType is { } owner && (MvcConventions.IsController(owner, aspNetCore) || MvcConventions.IsPageModel(owner, aspNetCore)))
            {
                var automatic = HasApiController(owner) && !apps.SuppressModelStateInvalidFilter;
                return (annotated || fluentAuto) && (automatic || ChecksModelState(body, cancellationToken));
            }

            var endpoint = EndpointCalls(body, method, cancellationToken);
            var disabled = endpoint.Any(c => NameOf(c) == "DisableValidation");
            return (apps.AddValidation && annotated && !disabled) || fluentAuto || endpoint.Any(c => IsValidatingFilter(c, cancellationToken));
        }

        /// <summary>The bound model's type: the element of an array or sequence, the value of a nullable.</summary>
        private static ITypeSymbol ModelType(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                return nullable.TypeArguments[0];
            }

            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            return type is INamedTypeSymbol { TypeArguments.Length: 1 } generic && type.SpecialType != SpecialType.System_String
                   && (generic.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                       || generic.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T))
                ? generic.TypeArguments[0]
                : type;
        }

        private bool IsValidationAttribute(AttributeData attribute) => attribute.AttributeClass is { } c && c.InheritsFromOrEquals(validationAttribute);

        /// <summary>DataAnnotations on the parameter, on the type's properties (declared or inherited) or a record's positional parameters, or IValidatableObject.</summary>
        private bool IsAnnotated(IParameterSymbol parameter, ITypeSymbol type)
        {
            if (validationAttribute is null)
            {
                return false;
            }

            if (parameter.GetAttributes().Any(IsValidationAttribute))
            {
                return true;
            }

            if (type is not INamedTypeSymbol named || named.SpecialType != SpecialType.None)
            {
                return false;
            }

            if (validatableObject is not null && named.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, validatableObject)))
            {
                return true;
            }

            for (var current = named; current is not null && current.SpecialType == SpecialType.None; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is IPropertySymbol or IFieldSymbol && member.GetAttributes().Any(IsValidationAttribute))
                    {
                        return true;
                    }

                    if (member is IMethodSymbol { MethodKind: MethodKind.Constructor } constructor && constructor.Parameters.Any(p => p.GetAttributes().Any(IsValidationAttribute)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private bool HasApiController(INamedTypeSymbol controller)
            => apiController is not null
               && (controller.SelfAndBaseTypes().Any(t => t.GetAttributes().Any(a => a.AttributeClass is { } c && c.InheritsFromOrEquals(apiController)))
                   || controller.ContainingAssembly.GetAttributes().Any(a => a.AttributeClass is { } c && c.InheritsFromOrEquals(apiController)));

        /// <summary>The action reads ModelState.IsValid (the usual <c>if (!ModelState.IsValid) return BadRequest(ModelState);</c>).</summary>
        private bool ChecksModelState(SyntaxNode body, CancellationToken cancellationToken)
        {
            if (modelState is null)
            {
                return false;
            }

            foreach (var access in body.DescendantNodes().OfType<MemberAccessExpressionSyntax>())
            {
                if (access.Name.Identifier.ValueText == "IsValid"
                    && analysis.Flow.SemanticModelFor(body.SyntaxTree).GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol property
                    && SymbolEqualityComparer.Default.Equals(property.ContainingType, modelState))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The entry point's code validates the parameter itself: a FluentValidation validator, DataAnnotations' Validator, or
        /// MVC's TryValidateModel called with it, the result not thrown away (ValidateAndThrow throws).
        /// </summary>
        private bool InvokesValidation(SyntaxNode body, IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            var model = analysis.Flow.SemanticModelFor(body.SyntaxTree);
            foreach (var invocation in body.DescendantNodes().OfType<InvocationExpressionSyntax>())
            {
                if (NameOf(invocation) is not { } name || !ValidatorCalls.Contains(name)
                    || !invocation.ArgumentList.Arguments.Any(a => a.Expression is IdentifierNameSyntax id && id.Identifier.ValueText == parameter.Name
                                                                   && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(id, cancellationToken).Symbol, parameter)))
                {
                    continue;
                }

                if (model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol target)
                {
                    continue;
                }

                var validates = (fluent is not null && fluent.IsValidateCall(target))
                                || (target.ContainingType?.ToDisplayString() == "System.ComponentModel.DataAnnotations.Validator")
                                || (name == "TryValidateModel" && NamespaceNames.Is(target.ContainingNamespace, "Microsoft.AspNetCore.Mvc"))
                                || (name == "TryValidate" && target.ContainingType?.Name == "MiniValidator");
                if (!validates)
                {
                    continue;
                }

                // A validation result that is thrown away validates nothing; ValidateAndThrow and ValidateObject throw.
                var used = name is "ValidateAndThrow" or "ValidateAndThrowAsync" or "ValidateObject"
                           || !(invocation.Parent is ExpressionStatementSyntax || invocation.Parent is AwaitExpressionSyntax { Parent: ExpressionStatementSyntax });
                if (used)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The calls made on a minimal-API endpoint's builder: after the Map call, on its receiver, and on the group a local holds.</summary>
        private List<InvocationExpressionSyntax> EndpointCalls(SyntaxNode handler, IMethodSymbol method, CancellationToken cancellationToken)
        {
            var calls = new List<InvocationExpressionSyntax>();
            InvocationExpressionSyntax map;
            if (handler is AnonymousFunctionExpressionSyntax && handler.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax lambdaMap } })
            {
                map = lambdaMap;
            }
            else if (analysis.Flow.MappingOf(method)?.Syntax is InvocationExpressionSyntax namedMap)
            {
                // A handler named by its Map call (MapPost("/", Handle).WithRequestValidation<…>()): the same chain and group.
                map = namedMap;
            }
            else
            {
                return calls;
            }

            // app.MapPost(...).AddEndpointFilter<…>().DisableValidation()
            SyntaxNode node = map;
            while (node.Parent is MemberAccessExpressionSyntax access && access.Expression == node && access.Parent is InvocationExpressionSyntax next)
            {
                calls.Add(next);
                node = next;
            }

            // group.MapPost(...), app.MapGroup("/x").AddEndpointFilter<…>().MapPost(...)
            if (map.Expression is MemberAccessExpressionSyntax { Expression: { } receiver })
            {
                calls.AddRange(receiver.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>());
                var root = receiver;
                while (root is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax inner })
                {
                    root = inner.Expression;
                }

                if (root is IdentifierNameSyntax local
                    && analysis.Flow.SemanticModelFor(root.SyntaxTree).GetSymbolInfo(local, cancellationToken).Symbol is ILocalSymbol symbol)
                {
                    foreach (var reference in symbol.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer: { } initializer } declarator)
                        {
                            calls.AddRange(initializer.DescendantNodes().OfType<InvocationExpressionSyntax>());
                            calls.AddRange(CallsOnLocal(declarator, symbol, cancellationToken));
                        }
                    }
                }
            }

            return calls;
        }

        /// <summary>
        /// The calls made on a local that holds a group or endpoint builder, as statements of their own in the local's scope
        /// (<c>group.AddEndpointFilter&lt;…&gt;();</c>, <c>group.WithParameterValidation(…);</c>): a group's conventions apply to
        /// every endpoint mapped on it, before or after the call.
        /// </summary>
        private IEnumerable<InvocationExpressionSyntax> CallsOnLocal(VariableDeclaratorSyntax declarator, ILocalSymbol local, CancellationToken cancellationToken)
        {
            var scope = declarator.Ancestors().FirstOrDefault(a => a is BlockSyntax or CompilationUnitSyntax);
            if (scope is null)
            {
                yield break;
            }

            var model = analysis.Flow.SemanticModelFor(declarator.SyntaxTree);
            foreach (var statement in scope.DescendantNodes().OfType<ExpressionStatementSyntax>())
            {
                if (statement.Expression is not InvocationExpressionSyntax outer)
                {
                    continue;
                }

                // local.A(…).B(…); — only the calls on the local's builder itself
                var chain = new List<InvocationExpressionSyntax>();
                ExpressionSyntax current = outer;
                while (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
                {
                    chain.Add(call);
                    current = access.Expression;
                }

                if (chain.Count > 0 && current is IdentifierNameSyntax name && name.Identifier.ValueText == local.Name
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, local))
                {
                    // From the local outward, up to a Map call: what follows it is about the endpoint or group it maps.
                    for (var i = chain.Count - 1; i >= 0 && NameOf(chain[i]) is { } called && !called.StartsWith("Map", StringComparison.Ordinal); i--)
                    {
                        yield return chain[i];
                    }
                }
            }
        }

        private static string? NameOf(InvocationExpressionSyntax invocation)
            => invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };

        /// <summary>
        /// An endpoint filter that validates: AddEndpointFilter&lt;T&gt; where T's name contains "Validat" or T's code calls a
        /// validator, or AddEndpointFilter(lambda) whose code calls one.
        /// </summary>
        private bool IsValidatingFilter(InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            if (NameOf(call) is not ("AddEndpointFilter" or "AddEndpointFilterFactory"))
            {
                return IsValidatingFilterExtension(call, cancellationToken);
            }

            var name = call.Expression switch
            {
                MemberAccessExpressionSyntax { Name: GenericNameSyntax generic } => generic,
                GenericNameSyntax generic => generic,
                _ => null,
            };
            if (name is { TypeArgumentList.Arguments.Count: 1 }
                && analysis.Flow.SemanticModelFor(call.SyntaxTree).GetTypeInfo(name.TypeArgumentList.Arguments[0], cancellationToken).Type is INamedTypeSymbol filter)
            {
                return filter.Name.IndexOf("Validat", StringComparison.OrdinalIgnoreCase) >= 0
                       || filter.OriginalDefinition.DeclaringSyntaxReferences.Any(r => CallsValidator(r.GetSyntax(cancellationToken)));
            }

            return call.ArgumentList.Arguments.Any(a => a.Expression is AnonymousFunctionExpressionSyntax lambda && CallsValidator(lambda));
        }

        /// <summary>
        /// A method of the application called on the endpoint or group builder (<c>group.WithParameterValidation(typeof(T))</c>)
        /// whose code adds an endpoint filter (<c>AddEndpointFilter…</c>, or <c>FilterFactories.Add</c> in a <c>builder.Add(…)</c>
        /// convention) and whose name contains "Validat" or whose code calls a validator. Only the called method's own code is
        /// read, not the methods it calls.
        /// </summary>
        private bool IsValidatingFilterExtension(InvocationExpressionSyntax call, CancellationToken cancellationToken)
        {
            if (NameOf(call) is not { } name
                || analysis.Flow.SemanticModelFor(call.SyntaxTree).GetSymbolInfo(call, cancellationToken).Symbol is not IMethodSymbol method)
            {
                return false;
            }

            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            foreach (var reference in definition.DeclaringSyntaxReferences)
            {
                var code = reference.GetSyntax(cancellationToken);
                if (AddsFilter(code) && (name.IndexOf("Validat", StringComparison.OrdinalIgnoreCase) >= 0 || CallsValidator(code)))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool AddsFilter(SyntaxNode code)
            => code.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => NameOf(i) switch
            {
                "AddEndpointFilter" or "AddEndpointFilterFactory" => true,
                "Add" => i.Expression is MemberAccessExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "FilterFactories" } or IdentifierNameSyntax { Identifier.ValueText: "FilterFactories" } },
                _ => false,
            });

        private static bool CallsValidator(SyntaxNode code)
            => code.DescendantNodes().OfType<InvocationExpressionSyntax>().Any(i => NameOf(i) is { } n && ValidatorCalls.Contains(n) && n != "TryValidateModel");

        private sealed class Registered
        {
            public bool AddValidation { get; set; }

            public bool SuppressModelStateInvalidFilter { get; set; }

            public bool FluentAutoValidation { get; set; }

            public bool FluentAssemblyScan { get; set; }

            public HashSet<ITypeSymbol> FluentTypes { get; } = new(SymbolEqualityComparer.Default);
        }

        private Registered FindRegistrations()
        {
            var found = new Registered();
            var index = SyntaxIndex.Of(analysis.Compilation);
            foreach (var suppress in index.AssignmentsTo("SuppressModelStateInvalidFilter", CancellationToken.None))
            {
                found.SuppressModelStateInvalidFilter |= suppress.Right.IsKind(SyntaxKind.TrueLiteralExpression);
            }

            foreach (var invocation in index.InvocationsNamed(Registrations, CancellationToken.None))
            {
                var name = SyntaxIndex.InvokedName(invocation.Expression);
                switch (name)
                {
                    case FluentValidationConventions.AutoValidation:
                        found.FluentAutoValidation = true;
                        continue;
                    case "AddValidatorsFromAssembly" or "AddValidatorsFromAssemblies" or "AddValidatorsFromAssemblyContaining":
                        found.FluentAssemblyScan = true;
                        continue;
                }

                var symbol = analysis.Flow.SemanticModelFor(invocation.SyntaxTree).GetSymbolInfo(invocation).Symbol as IMethodSymbol;
                if (name == "AddValidation")
                {
                    found.AddValidation |= symbol?.ContainingType?.Name == "ValidationServiceCollectionExtensions";
                }
                else if (fluent is not null && symbol is { TypeArguments.Length: >= 1 } generic && fluent.IsValidatorOf(generic.TypeArguments[0], out var validated) && validated is not null)
                {
                    found.FluentTypes.Add(validated.OriginalDefinition);
                }
            }

            return found;
        }
    }
}
