using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>The ASP.NET Core types the analyzers recognise, resolved once per compilation.</summary>
    internal sealed class AspNetCoreTypes
    {
        private AspNetCoreTypes(Compilation c)
        {
            ControllerBase = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerBase");
            ControllerAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ControllerAttribute");
            NonControllerAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonControllerAttribute");
            NonActionAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.NonActionAttribute");
            PageModel = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
            IAuthorizeData = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.IAuthorizeData");
            IAllowAnonymous = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.IAllowAnonymous");
            AuthorizeAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.AuthorizeAttribute");
            EndpointRouteBuilderExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.EndpointRouteBuilderExtensions");
            AuthorizationEndpointConventionBuilderExtensions =
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.AuthorizationEndpointConventionBuilderExtensions");
            RoutingEndpointConventionBuilderExtensions =
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.RoutingEndpointConventionBuilderExtensions");
            ControllerEndpointRouteBuilderExtensions =
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.ControllerEndpointRouteBuilderExtensions");
            RazorPagesEndpointRouteBuilderExtensions =
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.RazorPagesEndpointRouteBuilderExtensions");
            AuthorizationOptions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.AuthorizationOptions");
            AuthorizationBuilder = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.AuthorizationBuilder");
            AuthorizationPolicyBuilder = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder");
            DenyAnonymousAuthorizationRequirement =
                c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.Infrastructure.DenyAnonymousAuthorizationRequirement");
            AuthorizeFilter = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Authorization.AuthorizeFilter");
            AllowAnonymousAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute");
            EndpointFilterExtensions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.EndpointFilterExtensions");
            IEndpointFilter = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IEndpointFilter");
        }

        public INamedTypeSymbol? ControllerBase { get; }
        public INamedTypeSymbol? ControllerAttribute { get; }
        public INamedTypeSymbol? NonControllerAttribute { get; }
        public INamedTypeSymbol? NonActionAttribute { get; }
        public INamedTypeSymbol? PageModel { get; }
        public INamedTypeSymbol? IAuthorizeData { get; }
        public INamedTypeSymbol? IAllowAnonymous { get; }
        public INamedTypeSymbol? AuthorizeAttribute { get; }
        public INamedTypeSymbol? EndpointRouteBuilderExtensions { get; }
        public INamedTypeSymbol? AuthorizationEndpointConventionBuilderExtensions { get; }
        public INamedTypeSymbol? RoutingEndpointConventionBuilderExtensions { get; }
        public INamedTypeSymbol? ControllerEndpointRouteBuilderExtensions { get; }
        public INamedTypeSymbol? RazorPagesEndpointRouteBuilderExtensions { get; }
        public INamedTypeSymbol? AuthorizationOptions { get; }
        public INamedTypeSymbol? AuthorizationBuilder { get; }
        public INamedTypeSymbol? AuthorizationPolicyBuilder { get; }
        public INamedTypeSymbol? DenyAnonymousAuthorizationRequirement { get; }
        public INamedTypeSymbol? AuthorizeFilter { get; }
        public INamedTypeSymbol? AllowAnonymousAttribute { get; }
        public INamedTypeSymbol? EndpointFilterExtensions { get; }
        public INamedTypeSymbol? IEndpointFilter { get; }

        public bool HasMvc => ControllerBase is not null || ControllerAttribute is not null;

        public bool HasRazorPages => PageModel is not null;

        public bool HasMinimalApis => EndpointRouteBuilderExtensions is not null;

        public bool HasAuthorization => IAuthorizeData is not null;

        /// <summary>Null when the compilation does not reference ASP.NET Core at all.</summary>
        public static AspNetCoreTypes? Create(Compilation compilation)
        {
            var types = new AspNetCoreTypes(compilation);
            return types.HasMvc || types.HasRazorPages || types.HasMinimalApis || types.HasAuthorization ? types : null;
        }

        public static bool Is(ISymbol? symbol, INamedTypeSymbol? type)
            => type is not null && symbol is not null && SymbolEqualityComparer.Default.Equals(symbol.OriginalDefinition, type);
    }
}
