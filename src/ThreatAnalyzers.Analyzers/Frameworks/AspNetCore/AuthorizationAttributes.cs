using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// ASP.NET Core's authorization attributes as the framework reads them: anything implementing IAuthorizeData
    /// ([Authorize] and custom ones) requires a caller; anything implementing IAllowAnonymous makes the endpoint public.
    /// </summary>
    internal static class AuthorizationAttributes
    {
        public static AuthorizationEvidence On(ISymbol symbol, AspNetCoreTypes? aspNetCore, AnnotationTypes annotations)
        {
            var evidence = AuthorizationEvidence.None;
            foreach (var attribute in symbol.GetAttributes())
            {
                evidence = evidence.With(Of(attribute.AttributeClass, aspNetCore, annotations));
            }

            return evidence;
        }

        public static AuthorizationEvidence Of(INamedTypeSymbol? attributeClass, AspNetCoreTypes? aspNetCore, AnnotationTypes annotations)
        {
            if (attributeClass is null)
            {
                return AuthorizationEvidence.None;
            }

            if (aspNetCore is not null)
            {
                if (attributeClass.Implements(aspNetCore.IAllowAnonymous))
                {
                    return AuthorizationEvidence.Anonymous;
                }

                if (attributeClass.Implements(aspNetCore.IAuthorizeData))
                {
                    return AuthorizationEvidence.Required;
                }
            }

            // A role requirement cannot be met without an identity, so it implies authentication.
            return attributeClass.InheritsFromOrEquals(annotations.Authenticated) || attributeClass.InheritsFromOrEquals(annotations.RequiresRole)
                ? AuthorizationEvidence.Required
                : AuthorizationEvidence.None;
        }

        /// <summary>Attributes on a type and its base types (ASP.NET Core reads them inherited).</summary>
        public static AuthorizationEvidence OnTypeAndBases(INamedTypeSymbol type, AspNetCoreTypes? aspNetCore, AnnotationTypes annotations)
        {
            var evidence = AuthorizationEvidence.None;
            foreach (var t in type.SelfAndBaseTypes())
            {
                evidence = evidence.With(On(t, aspNetCore, annotations));
            }

            return evidence;
        }

        /// <summary>Attributes on a method and the methods it overrides.</summary>
        public static AuthorizationEvidence OnMethodAndOverridden(IMethodSymbol method, AspNetCoreTypes? aspNetCore, AnnotationTypes annotations)
        {
            var evidence = AuthorizationEvidence.None;
            foreach (var m in method.SelfAndOverridden())
            {
                evidence = evidence.With(On(m, aspNetCore, annotations));
            }

            return evidence;
        }
    }
}
