using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>Where ASP.NET Core takes a handler parameter's value from, as far as the size of the request goes.</summary>
    internal enum RequestPart
    {
        /// <summary>Not the request body: route, query, headers (bounded by the server's request-line and header limits), services, the context.</summary>
        None,

        /// <summary>The request body: a JSON (or other formatter) body, a Stream or PipeReader.</summary>
        Body,

        /// <summary>A form in the body: fields, files.</summary>
        Form,
    }

    /// <summary>
    /// What bounds the size of the request input an ASP.NET Core entry point binds (TA5003):
    /// <list type="bullet">
    /// <item>which parameters come from the body or a form: <c>[FromBody]</c>/<c>[FromForm]</c> (any attribute with
    /// <c>IFromBodyMetadata</c>/<c>IFromFormMetadata</c>), <c>IFormFile</c>, <c>IFormFileCollection</c>,
    /// <c>IFormCollection</c>, a collection of <c>IFormFile</c>, a minimal API's <c>Stream</c>/<c>PipeReader</c>, and the
    /// complex types the framework infers from the body (a minimal API's MapPost/MapPut/MapPatch, an <c>[ApiController]</c>)
    /// or a form (an MVC action without <c>[ApiController]</c> or a Razor Pages handler, for POST, PUT or PATCH);</item>
    /// <item>which members of a bound model the binder fills (public settable or init properties, record positional
    /// parameters; not <c>[JsonIgnore]</c>/<c>[BindNever]</c>), followed <see cref="MaxModelDepth"/> models deep;</item>
    /// <item>what limits a value: DataAnnotations' <c>[MaxLength]</c>, <c>[StringLength]</c>, <c>[Length]</c>,
    /// <c>[AllowedValues]</c> and what derives from them, a validation attribute of the application named for a length or
    /// size (<c>[MaxFileSize]</c>), a FluentValidation rule <c>RuleFor(x =&gt; x.P).MaximumLength(…)</c>/<c>Length(…)</c>,
    /// a handler that compares a file's <c>Length</c>;</item>
    /// <item>what limits the whole body: <c>[RequestSizeLimit]</c> (or <c>WithMetadata(new RequestSizeLimitAttribute(…))</c>)
    /// on the endpoint, its controller or a base; <c>[RequestFormLimits]</c> for forms; the server's
    /// <c>MaxRequestBodySize</c> (Kestrel, IIS, HTTP.sys) or <c>FormOptions</c>' limits set in the compilation; and what
    /// lifts it: <c>[DisableRequestSizeLimit]</c>.</item>
    /// </list>
    /// The application-wide settings are found once per compilation by a syntactic pass that binds only the candidates.
    /// </summary>
    internal sealed class RequestBodyLimits
    {
        /// <summary>How many models deep bound members are followed: the parameter's model and the models its members hold.</summary>
        public const int MaxModelDepth = 2;

        private static readonly ConditionalWeakTable<CompilationAnalysis, RequestBodyLimits> Instances = new();

        private static readonly HashSet<string> ServiceRegistrations = new(StringComparer.Ordinal)
        {
            "AddHttpClient", "AddDbContext", "AddDbContextPool", "AddDbContextFactory", "AddPooledDbContextFactory", "AddOptions",
        };

        private static readonly HashSet<string> FluentLengthRules = new(StringComparer.Ordinal) { "MaximumLength", "Length" };

        /// <summary>FluentValidation rules that put an upper bound on a number (TA5004's question, not a length).</summary>
        private static readonly HashSet<string> FluentUpperBoundRules = new(StringComparer.Ordinal) { "LessThan", "LessThanOrEqualTo", "InclusiveBetween", "ExclusiveBetween" };

        private static readonly HashSet<string> SimpleTypeNames = new(StringComparer.Ordinal)
        {
            "System.Guid", "System.DateTimeOffset", "System.TimeSpan", "System.DateOnly", "System.TimeOnly", "System.Uri", "System.Version",
            "System.Net.IPAddress", "System.Half", "System.Int128", "System.UInt128",
        };

        private readonly CompilationAnalysis analysis;
        private readonly AspNetCoreTypes aspNetCore;
        private readonly INamedTypeSymbol? fromBody;
        private readonly INamedTypeSymbol? fromForm;
        private readonly INamedTypeSymbol?[] notFromBody;
        private readonly INamedTypeSymbol? formFile;
        private readonly INamedTypeSymbol? formFileCollection;
        private readonly INamedTypeSymbol? formCollection;
        private readonly INamedTypeSymbol? stream;
        private readonly INamedTypeSymbol? pipeReader;
        private readonly INamedTypeSymbol? apiBehavior;
        private readonly INamedTypeSymbol? requestSizeLimit;
        private readonly INamedTypeSymbol? disableRequestSizeLimit;
        private readonly INamedTypeSymbol? requestFormLimits;
        private readonly INamedTypeSymbol? validationAttribute;
        private readonly INamedTypeSymbol?[] lengthAttributes;
        private readonly INamedTypeSymbol? jsonIgnore;
        private readonly INamedTypeSymbol? bindNever;
        private readonly INamedTypeSymbol? enumerable;
        private readonly Lazy<Settings> settings;
        private readonly RequestSizeConventionReader conventions;

        private RequestBodyLimits(CompilationAnalysis analysis, AspNetCoreTypes aspNetCore)
        {
            this.analysis = analysis;
            this.aspNetCore = aspNetCore;
            var c = analysis.Compilation;
            fromBody = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromBodyMetadata");
            fromForm = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromFormMetadata");
            notFromBody = new[]
            {
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromQueryMetadata"),
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromRouteMetadata"),
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromHeaderMetadata"),
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.Metadata.IFromServiceMetadata"),
                c.GetTypeByMetadataName("Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute"),
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.AsParametersAttribute"),
            };
            formFile = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IFormFile");
            formFileCollection = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IFormFileCollection");
            formCollection = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IFormCollection");
            stream = c.GetTypeByMetadataName("System.IO.Stream");
            pipeReader = c.GetTypeByMetadataName("System.IO.Pipelines.PipeReader");
            apiBehavior = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Infrastructure.IApiBehaviorMetadata");
            requestSizeLimit = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute");
            disableRequestSizeLimit = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.DisableRequestSizeLimitAttribute");
            requestFormLimits = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RequestFormLimitsAttribute");
            validationAttribute = c.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.ValidationAttribute");
            lengthAttributes = new[]
            {
                c.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.MaxLengthAttribute"),
                c.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.StringLengthAttribute"),
                c.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.LengthAttribute"),
                c.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.AllowedValuesAttribute"),
            };
            jsonIgnore = c.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
            bindNever = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ModelBinding.BindNeverAttribute");
            enumerable = c.GetSpecialType(SpecialType.System_Collections_IEnumerable);
            settings = new Lazy<Settings>(FindSettings, LazyThreadSafetyMode.ExecutionAndPublication);
            conventions = new RequestSizeConventionReader(this, aspNetCore);
        }

        /// <summary>Null when the compilation does not reference ASP.NET Core.</summary>
        public static RequestBodyLimits? Of(CompilationAnalysis analysis)
            => analysis.EntryPoints.AspNetCore is null ? null : Instances.GetValue(analysis, a => new RequestBodyLimits(a, a.EntryPoints.AspNetCore!));

        /// <summary>
        /// Whether a FluentValidation rule puts an upper bound on the number this property holds
        /// (<c>RuleFor(x =&gt; x.PageSize).LessThanOrEqualTo(100)</c>), written for it or for an interface property it
        /// implements (a validator of <c>T : IPagedRequest</c>).
        /// </summary>
        public bool IsUpperBoundedByValidator(IPropertySymbol property)
        {
            var bounded = settings.Value.FluentUpperBounded;
            if (bounded.Count == 0)
            {
                return false;
            }

            if (bounded.Contains(property.OriginalDefinition))
            {
                return true;
            }

            foreach (var implemented in property.ExplicitInterfaceImplementations)
            {
                if (bounded.Contains(implemented.OriginalDefinition))
                {
                    return true;
                }
            }

            foreach (var candidate in bounded)
            {
                if (candidate.ContainingType is { TypeKind: TypeKind.Interface } contract && property.ContainingType is { } type
                    && SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(candidate)?.OriginalDefinition, property.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The server's MaxRequestBodySize (Kestrel, IIS, HTTP.sys) is set to a value in the compilation.</summary>
        public bool ServerLimitsBody => settings.Value.ServerBodyLimit;

        /// <summary>FormOptions' value or multipart length limits are set in the compilation.</summary>
        public bool FormOptionsLimitForms => settings.Value.FormLimit;

        /// <summary>What the endpoint itself says about the size of its body.</summary>
        public EndpointLimit LimitOf(IMethodSymbol handler, IInvocationOperation? mapping, INamedTypeSymbol? inheritedBy, CancellationToken cancellationToken)
        {
            var limit = EndpointLimit.None;

            // The nearest declaration wins: the handler, then its controller and bases (an inheriting controller first).
            limit = limit.Or(FromAttributes(handler.SelfAndOverridden().SelectMany(m => m.GetAttributes())));
            if (handler.MethodKind == MethodKind.Ordinary && handler.ContainingType is { } type)
            {
                foreach (var t in (inheritedBy ?? type).SelfAndBaseTypes())
                {
                    limit = limit.Or(FromAttributes(t.GetAttributes()));
                }
            }

            if (mapping is not null && analysis.EntryPoints.Application is { } application)
            {
                limit = limit.Or(application.Endpoints.ForMapping(mapping, conventions, cancellationToken));
            }

            return limit;
        }

        private EndpointLimit FromAttributes(IEnumerable<AttributeData> attributes)
        {
            var limit = EndpointLimit.None;
            foreach (var attribute in attributes)
            {
                limit = limit.Or(Classify(attribute.AttributeClass, attribute.ApplicationSyntaxReference?.GetSyntax().GetLocation()));
            }

            return limit;
        }

        internal EndpointLimit Classify(ITypeSymbol? type, Location? location)
        {
            if (type is null)
            {
                return EndpointLimit.None;
            }

            if (type.InheritsFromOrEquals(disableRequestSizeLimit))
            {
                return new EndpointLimit(Body: false, Form: false, Disabled: location ?? Location.None);
            }

            if (type.InheritsFromOrEquals(requestSizeLimit))
            {
                return new EndpointLimit(Body: true, Form: true, Disabled: null);
            }

            return type.InheritsFromOrEquals(requestFormLimits) ? new EndpointLimit(Body: false, Form: true, Disabled: null) : EndpointLimit.None;
        }

        /// <summary>Where the parameter's value comes from, as far as the body goes.</summary>
        public RequestPart PartOf(IParameterSymbol parameter, IMethodSymbol handler, IInvocationOperation? mapping, Model.EntryPointKind kind)
        {
            foreach (var attribute in parameter.GetAttributes())
            {
                if (attribute.AttributeClass is not { } c)
                {
                    continue;
                }

                if (Is(c, fromBody))
                {
                    return RequestPart.Body;
                }

                if (Is(c, fromForm))
                {
                    return RequestPart.Form;
                }

                if (notFromBody.Any(n => Is(c, n)))
                {
                    return RequestPart.None;
                }
            }

            var type = parameter.Type;
            if (IsFormType(type) || (ElementOf(type) is { } element && IsFormType(element)))
            {
                return RequestPart.Form;
            }

            if (kind == Model.EntryPointKind.MinimalApiEndpoint)
            {
                if (SymbolEqualityComparer.Default.Equals(type, stream) || SymbolEqualityComparer.Default.Equals(type, pipeReader))
                {
                    return RequestPart.Body;
                }

                var verb = mapping?.TargetMethod.Name;
                return verb is "MapPost" or "MapPut" or "MapPatch" && IsInferredModel(type) && !IsService(parameter)
                    ? RequestPart.Body
                    : RequestPart.None;
            }

            if (!IsInferredModel(type) || IsService(parameter))
            {
                return RequestPart.None;
            }

            if (kind == Model.EntryPointKind.ControllerAction && IsApiController(handler.ContainingType))
            {
                return RequestPart.Body;
            }

            // MVC with views and Razor Pages bind complex types from the posted form (and route and query): only a verb with a body posts one.
            return AcceptsBody(handler, kind) ? RequestPart.Form : RequestPart.None;
        }

        /// <summary>A minimal-API parameter ASP.NET Core fills from dependency injection, not from the body.</summary>
        private bool IsService(IParameterSymbol parameter) => analysis.Flow.Services.IsService(parameter) || IsServiceType(parameter.Type);

        /// <summary>
        /// A DbContext, a [DataStore]/[ExternalEntity] type, or a type registered by AddHttpClient&lt;T&gt;, AddDbContext&lt;T&gt;
        /// (and their pool and factory forms) or AddOptions&lt;T&gt;: a service, never a request model.
        /// </summary>
        private bool IsServiceType(ITypeSymbol type)
            => type is INamedTypeSymbol named
               && (IsInjectedShape(named)
                   || named.InheritsFromOrEquals(analysis.Flow.DbContext)
                   || analysis.Resources.Annotated.AnnotatedElementOf(named, null) is not null
                   || settings.Value.RegisteredServices.Contains(named.OriginalDefinition));

        /// <summary>
        /// A class whose constructors all take an interface or abstract type (a repository, a logger, an HttpClient's
        /// factory): made by dependency injection, which may register it where the compilation does not show (assembly
        /// scanning, a library). A request model is built from the body and never takes one.
        /// </summary>
        private static bool IsInjectedShape(INamedTypeSymbol type)
        {
            var constructors = type.InstanceConstructors.Where(c => c.DeclaredAccessibility == Accessibility.Public && !c.IsImplicitlyDeclared).ToList();
            return type.TypeKind == TypeKind.Class && constructors.Count > 0
                   && constructors.All(c => c.Parameters.Any(p => p.Type.TypeKind == TypeKind.Interface || p.Type.IsAbstract));
        }

        private bool AcceptsBody(IMethodSymbol handler, Model.EntryPointKind kind)
        {
            if (kind == Model.EntryPointKind.RazorPageHandler)
            {
                return handler.Name.StartsWith("OnPost", StringComparison.Ordinal) || handler.Name.StartsWith("OnPut", StringComparison.Ordinal)
                       || handler.Name.StartsWith("OnPatch", StringComparison.Ordinal);
            }

            return Antiforgery.For(analysis.Compilation).StateChangingVerbs(handler).Any(v => v is "POST" or "PUT" or "PATCH");
        }

        private bool IsApiController(INamedTypeSymbol? controller)
            => apiBehavior is not null && controller is not null
               && (controller.SelfAndBaseTypes().Any(t => t.GetAttributes().Any(a => a.AttributeClass is { } c && c.AllInterfaces.Contains(apiBehavior, SymbolEqualityComparer.Default)))
                   || analysis.Compilation.Assembly.GetAttributes().Any(a => a.AttributeClass is { } c && c.AllInterfaces.Contains(apiBehavior, SymbolEqualityComparer.Default)));

        /// <summary>
        /// The inputs of one body- or form-bound parameter that nothing bounds: the parameter itself when it is a string, a
        /// collection, a stream or a file, else the bound members of its model (<see cref="MaxModelDepth"/> models deep).
        /// </summary>
        public void CollectUnbounded(IParameterSymbol parameter, IMethodSymbol handler, List<UnboundedInput> found, CancellationToken cancellationToken)
        {
            var type = parameter.Type;
            if (IsSized(type))
            {
                if (!IsLimited(parameter) && !(IsFormFile(type) && ComparesLength(handler, parameter, cancellationToken)))
                {
                    found.Add(new UnboundedInput(parameter.Name, type, parameter.Locations.FirstOrDefault()));
                }

                if (ElementOf(type) is { } element && IsModel(element))
                {
                    CollectMembers(element, parameter.Name + "[]", 2, found, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default));
                }

                return;
            }

            if (IsModel(type))
            {
                CollectMembers(type, parameter.Name, 1, found, new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default), BindIncludeOf(parameter) ?? BindIncludeOf(type));
            }
        }

        /// <summary>
        /// The properties MVC's <c>[Bind("A,B")]</c> on the parameter or the model type lets the binder fill (it binds no
        /// other, navigation properties included); null when there is no such list.
        /// </summary>
        private static HashSet<string>? BindIncludeOf(ISymbol symbol)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass?.ToDisplayString() != "Microsoft.AspNetCore.Mvc.BindAttribute" || attribute.ConstructorArguments.Length == 0)
                {
                    continue;
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var argument in attribute.ConstructorArguments)
                {
                    var values = argument.Kind == TypedConstantKind.Array ? argument.Values : ImmutableArray.Create(argument);
                    foreach (var value in values)
                    {
                        if (value.Value is string text)
                        {
                            foreach (var name in text.Split(','))
                            {
                                if (name.Trim() is { Length: > 0 } trimmed)
                                {
                                    names.Add(trimmed);
                                }
                            }
                        }
                    }
                }

                return names.Count > 0 ? names : null;
            }

            return null;
        }

        private void CollectMembers(ITypeSymbol model, string path, int depth, List<UnboundedInput> found, HashSet<ITypeSymbol> visiting, HashSet<string>? include = null)
        {
            if (depth > MaxModelDepth || model is not INamedTypeSymbol named || !visiting.Add(named.OriginalDefinition))
            {
                return;
            }

            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var current = named; current is not null && current.SpecialType == SpecialType.None; current = current.BaseType)
            {
                foreach (var member in current.GetMembers())
                {
                    if (member is not IPropertySymbol property || !seen.Add(property.Name) || !IsBound(property)
                        || (include is not null && !include.Contains(property.Name)))
                    {
                        continue;
                    }

                    var type = property.Type;
                    var memberPath = path + "." + property.Name;
                    if (IsSized(type))
                    {
                        if (!IsLimited(property))
                        {
                            found.Add(new UnboundedInput(memberPath, type, DeclarationOf(property)));
                        }

                        if (ElementOf(type) is { } element && IsModel(element))
                        {
                            CollectMembers(element, memberPath + "[]", depth + 1, found, visiting);
                        }
                    }
                    else if (IsModel(type))
                    {
                        CollectMembers(type, memberPath, depth + 1, found, visiting);
                    }
                }
            }

            visiting.Remove(named.OriginalDefinition);
        }

        /// <summary>A record's positional parameter is where its attributes are written; else the property's name.</summary>
        private static Location? DeclarationOf(IPropertySymbol property)
            => (SymbolAttributes.PositionalParameterOf(property)?.Locations ?? property.Locations).FirstOrDefault(l => l.IsInSource)
               ?? property.Locations.FirstOrDefault();

        /// <summary>Filled by model binding and System.Text.Json: public, instance, settable (or init, or a record's positional parameter), not ignored.</summary>
        private bool IsBound(IPropertySymbol property)
            => property is { IsStatic: false, IsIndexer: false, DeclaredAccessibility: Accessibility.Public }
               && (property.SetMethod is { DeclaredAccessibility: Accessibility.Public } || SymbolAttributes.PositionalParameterOf(property) is not null)
               && !property.Has(jsonIgnore) && !property.Has(bindNever);

        /// <summary>A limit on the value's size: a length attribute on it (or its record parameter), or a FluentValidation length rule for it.</summary>
        private bool IsLimited(ISymbol symbol)
        {
            if (symbol.GetAttributes().Any(IsLengthLimit))
            {
                return true;
            }

            if (symbol is IPropertySymbol property)
            {
                if (SymbolAttributes.PositionalParameterOf(property) is { } positional && positional.GetAttributes().Any(IsLengthLimit))
                {
                    return true;
                }

                return settings.Value.FluentLimited.Contains(property.OriginalDefinition);
            }

            return false;
        }

        private bool IsLengthLimit(AttributeData attribute)
        {
            if (attribute.AttributeClass is not { } c)
            {
                return false;
            }

            if (lengthAttributes.Any(l => c.InheritsFromOrEquals(l)))
            {
                return true;
            }

            // An application's own validation attribute named for it: [MaxFileSize], [FileSizeLimit], [MaxItemsLength].
            return c.InheritsFromOrEquals(validationAttribute) && c.DeclaringSyntaxReferences.Length > 0
                   && (c.Name.IndexOf("Length", StringComparison.Ordinal) >= 0 || c.Name.IndexOf("Size", StringComparison.Ordinal) >= 0);
        }

        /// <summary>The handler compares the file's size before using it: <c>if (file.Length &gt; MaxBytes) return …</c>.</summary>
        private bool ComparesLength(IMethodSymbol handler, IParameterSymbol parameter, CancellationToken cancellationToken)
        {
            foreach (var reference in handler.DeclaringSyntaxReferences)
            {
                foreach (var comparison in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<BinaryExpressionSyntax>())
                {
                    if (comparison.Kind() is SyntaxKind.GreaterThanExpression or SyntaxKind.GreaterThanOrEqualExpression
                            or SyntaxKind.LessThanExpression or SyntaxKind.LessThanOrEqualExpression
                        && (IsLengthOf(comparison.Left) || IsLengthOf(comparison.Right)))
                    {
                        return true;
                    }
                }
            }

            return false;

            bool IsLengthOf(ExpressionSyntax side)
                => side is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Length", Expression: IdentifierNameSyntax id }
                   && id.Identifier.ValueText == parameter.Name;
        }

        /// <summary>A value whose size the client chooses: a string, an array or collection, a stream, a file or form.</summary>
        private bool IsSized(ITypeSymbol type)
        {
            type = Unwrapped(type);
            return type.SpecialType == SpecialType.System_String
                   || type is IArrayTypeSymbol
                   || IsFormType(type)
                   || type.InheritsFromOrEquals(stream) || SymbolEqualityComparer.Default.Equals(type, pipeReader)
                   || (type.SpecialType == SpecialType.None && type.TypeKind is TypeKind.Class or TypeKind.Interface or TypeKind.Struct
                       && (SymbolEqualityComparer.Default.Equals(type, enumerable) || type.AllInterfaces.Contains(enumerable!, SymbolEqualityComparer.Default)));
        }

        private bool IsFormType(ITypeSymbol type)
            => IsFormFile(type) || type.Implements(formFileCollection) || SymbolEqualityComparer.Default.Equals(type, formFileCollection)
               || SymbolEqualityComparer.Default.Equals(type, formCollection);

        private bool IsFormFile(ITypeSymbol type) => SymbolEqualityComparer.Default.Equals(type, formFile) || type.Implements(formFile);

        /// <summary>A type of the application that the binder fills member by member (a request model).</summary>
        private bool IsModel(ITypeSymbol type)
        {
            type = Unwrapped(type);
            return type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None, IsAbstract: false } named
                   && named.DeclaringSyntaxReferences.Length > 0 && !IsSimple(named) && !IsSized(named);
        }

        /// <summary>A complex type the framework binds from the body (minimal APIs, [ApiController]) or a form: a model, or a collection of models.</summary>
        private bool IsInferredModel(ITypeSymbol type)
        {
            type = Unwrapped(type);
            if (type.TypeKind == TypeKind.Interface && ElementOf(type) is null)
            {
                return false;
            }

            return IsModel(type) || (ElementOf(type) is { } element && IsModel(element));
        }

        private static bool IsSimple(INamedTypeSymbol type)
            => type.TypeKind == TypeKind.Enum || SimpleTypeNames.Contains(type.ToDisplayString())
               || type.GetMembers("TryParse").Any(m => m is IMethodSymbol { IsStatic: true });

        private static ITypeSymbol Unwrapped(ITypeSymbol type)
            => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : type;

        /// <summary>The element type of an array or of a generic sequence (not of a string).</summary>
        private static ITypeSymbol? ElementOf(ITypeSymbol type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            if (type.SpecialType == SpecialType.System_String || type is not INamedTypeSymbol named)
            {
                return null;
            }

            var sequence = named.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T
                ? named
                : named.AllInterfaces.FirstOrDefault(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T);
            return sequence?.TypeArguments[0];
        }

        private static bool Is(INamedTypeSymbol attribute, INamedTypeSymbol? type)
            => type is not null && (SymbolEqualityComparer.Default.Equals(attribute, type) || attribute.InheritsFromOrEquals(type)
                                    || attribute.AllInterfaces.Contains(type, SymbolEqualityComparer.Default));

        private sealed class Settings
        {
            public bool ServerBodyLimit { get; set; }

            public bool FormLimit { get; set; }

            public HashSet<IPropertySymbol> FluentLimited { get; } = new(SymbolEqualityComparer.Default);

            public HashSet<IPropertySymbol> FluentUpperBounded { get; } = new(SymbolEqualityComparer.Default);

            public HashSet<ITypeSymbol> RegisteredServices { get; } = new(SymbolEqualityComparer.Default);
        }

        private Settings FindSettings()
        {
            var found = new Settings();
            var index = SyntaxIndex.Of(analysis.Compilation);
            foreach (var assignment in index.AssignmentsTo("MaxRequestBodySize", CancellationToken.None))
            {
                if (assignment.Right.IsKind(SyntaxKind.NullLiteralExpression)
                    || analysis.Flow.SemanticModelFor(assignment.SyntaxTree).GetSymbolInfo(assignment.Left).Symbol is not IPropertySymbol property)
                {
                    continue;
                }

                // The server's own limit for every request, not a per-request feature set in middleware.
                found.ServerBodyLimit |= property.ContainingType?.Name is "KestrelServerLimits" or "IISServerOptions" or "HttpSysOptions";
            }

            foreach (var name in new[] { "MultipartBodyLengthLimit", "ValueLengthLimit" })
            {
                foreach (var assignment in index.AssignmentsTo(name, CancellationToken.None))
                {
                    if (analysis.Flow.SemanticModelFor(assignment.SyntaxTree).GetSymbolInfo(assignment.Left).Symbol is IPropertySymbol property)
                    {
                        found.FormLimit |= property.ContainingType?.ToDisplayString() == "Microsoft.AspNetCore.Http.Features.FormOptions"
                                           || AspNetCoreTypes.Is(property.ContainingType, requestFormLimits);
                    }
                }
            }

            foreach (var invocation in index.InvocationsNamed(ServiceRegistrations, CancellationToken.None))
            {
                if (analysis.Flow.SemanticModelFor(invocation.SyntaxTree).GetSymbolInfo(invocation).Symbol is IMethodSymbol { IsGenericMethod: true } registration
                    && registration.ContainingNamespace?.ToDisplayString() is { } ns && ns.StartsWith("Microsoft.Extensions.DependencyInjection", StringComparison.Ordinal))
                {
                    foreach (var argument in registration.TypeArguments)
                    {
                        found.RegisteredServices.Add(argument.OriginalDefinition);
                    }
                }
            }

            foreach (var invocation in index.InvocationsNamed(FluentLengthRules, CancellationToken.None))
            {
                if (FluentRuleTarget(invocation) is { } property)
                {
                    found.FluentLimited.Add(property);
                }
            }

            foreach (var invocation in index.InvocationsNamed(FluentUpperBoundRules, CancellationToken.None))
            {
                if (FluentRuleTarget(invocation) is { } property)
                {
                    found.FluentUpperBounded.Add(property);
                }
            }

            return found;
        }

        /// <summary>The property of <c>RuleFor(x =&gt; x.P)…MaximumLength(n)</c>, when the call is FluentValidation's.</summary>
        private IPropertySymbol? FluentRuleTarget(InvocationExpressionSyntax rule)
        {
            var model = analysis.Flow.SemanticModelFor(rule.SyntaxTree);
            if (model.GetSymbolInfo(rule).Symbol is not IMethodSymbol method
                || method.ContainingNamespace?.ToDisplayString() is not { } ns || !ns.StartsWith("FluentValidation", StringComparison.Ordinal))
            {
                return null;
            }

            ExpressionSyntax current = rule;
            while (current is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } call)
            {
                if (SyntaxIndex.InvokedName(call.Expression) is "RuleFor" or "RuleForEach"
                    && call.ArgumentList.Arguments.FirstOrDefault()?.Expression is LambdaExpressionSyntax { Body: ExpressionSyntax body })
                {
                    return model.GetSymbolInfo(body).Symbol is IPropertySymbol property ? property.OriginalDefinition : null;
                }

                current = access.Expression;
            }

            // RuleFor(x => x.P) called without a receiver (inside the validator's constructor).
            return current is InvocationExpressionSyntax { ArgumentList.Arguments: { Count: > 0 } arguments } last
                   && SyntaxIndex.InvokedName(last.Expression) is "RuleFor" or "RuleForEach"
                   && arguments[0].Expression is LambdaExpressionSyntax { Body: ExpressionSyntax lambdaBody }
                   && model.GetSymbolInfo(lambdaBody).Symbol is IPropertySymbol target
                ? target.OriginalDefinition
                : null;
        }
    }

    /// <summary>
    /// <c>WithMetadata(new RequestSizeLimitAttribute(…))</c>, <c>new DisableRequestSizeLimitAttribute()</c> or
    /// <c>new RequestFormLimitsAttribute(…)</c> on the Map call, a local holding its builder, its group or a group passed
    /// through mapping methods, read by the shared <see cref="EndpointConventions"/> walker.
    /// </summary>
    internal sealed class RequestSizeConventionReader : EndpointConventionReader<EndpointLimit>
    {
        private readonly RequestBodyLimits limits;
        private readonly AspNetCoreTypes aspNetCore;

        public RequestSizeConventionReader(RequestBodyLimits limits, AspNetCoreTypes aspNetCore)
        {
            this.limits = limits;
            this.aspNetCore = aspNetCore;
        }

        public override EndpointLimit None => EndpointLimit.None;

        /// <summary>The walker meets the endpoint's own calls before its group's: the nearest decision wins.</summary>
        public override EndpointLimit With(EndpointLimit gathered, EndpointLimit more) => gathered.Or(more);

        /// <summary>Limited only when every path limits it; lifted when any path lifts it.</summary>
        public override EndpointLimit OnEveryPath(IReadOnlyList<EndpointLimit> paths)
        {
            if (paths.Count == 0)
            {
                return EndpointLimit.None;
            }

            foreach (var path in paths)
            {
                if (path.Disabled is not null)
                {
                    return path;
                }
            }

            return new EndpointLimit(paths.All(p => p.Body), paths.All(p => p.Form || p.Body), null);
        }

        public override EndpointLimit Classify(IInvocationOperation call)
        {
            if (call.TargetMethod.Name != "WithMetadata" || !AspNetCoreTypes.Is(call.TargetMethod.ContainingType, aspNetCore.RoutingEndpointConventionBuilderExtensions))
            {
                return EndpointLimit.None;
            }

            var limit = EndpointLimit.None;
            foreach (var created in call.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IObjectCreationOperation>())
            {
                limit = limit.Or(limits.Classify(created.Type, created.Syntax.GetLocation()));
            }

            return limit;
        }
    }

    /// <summary>What an endpoint says about its body's size: limited (all of it, or forms), or lifted by [DisableRequestSizeLimit] (where).</summary>
    internal readonly record struct EndpointLimit(bool Body, bool Form, Location? Disabled)
    {
        public static EndpointLimit None { get; } = new(false, false, null);

        /// <summary>The first declaration that decides wins (the handler's over its controller's).</summary>
        public EndpointLimit Or(EndpointLimit next)
            => Body || Disabled is not null ? this
               : next.Body || next.Disabled is not null ? next with { Form = next.Form || Form }
               : new EndpointLimit(false, Form || next.Form, null);
    }

    /// <summary>A bound value whose size nothing bounds: its path from the parameter (<c>dto.Items[].Notes</c>), its type, its declaration.</summary>
    internal readonly record struct UnboundedInput(string Path, ITypeSymbol Type, Location? Location);
}
