using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Frameworks.AwsLambda
{
    /// <summary>
    /// AWS Lambda functions behind API Gateway: a public method that takes the API Gateway proxy request is a handler
    /// that anyone who can reach the API can call.
    /// </summary>
    internal sealed class LambdaConventions
    {
        private LambdaConventions(INamedTypeSymbol? restApiRequest, INamedTypeSymbol? httpApiRequest)
        {
            RestApiRequest = restApiRequest;
            HttpApiRequest = httpApiRequest;
        }

        public INamedTypeSymbol? RestApiRequest { get; }

        public INamedTypeSymbol? HttpApiRequest { get; }

        /// <summary>Null when the compilation does not reference Amazon.Lambda.APIGatewayEvents.</summary>
        public static LambdaConventions? Create(Compilation compilation)
        {
            var rest = compilation.GetTypeByMetadataName("Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest");
            var http = compilation.GetTypeByMetadataName("Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest");
            return rest is null && http is null ? null : new LambdaConventions(rest, http);
        }

        public bool IsHandler(IMethodSymbol method)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.DeclaredAccessibility != Accessibility.Public || method.IsAbstract)
            {
                return false;
            }

            foreach (var parameter in method.Parameters)
            {
                if (SymbolEqualityComparer.Default.Equals(parameter.Type, RestApiRequest)
                    || SymbolEqualityComparer.Default.Equals(parameter.Type, HttpApiRequest))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
