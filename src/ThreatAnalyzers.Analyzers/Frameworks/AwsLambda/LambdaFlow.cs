using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.AwsLambda
{
    /// <summary>What an API Gateway request carries is untrusted.</summary>
    internal static class LambdaFlow
    {
        public static readonly SourceRow[] Sources =
        {
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest", "Body", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest", "Headers", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest", "QueryStringParameters", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayProxyRequest", "PathParameters", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest", "Body", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest", "Headers", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest", "QueryStringParameters", FactKind.Untrusted),
            new("Amazon.Lambda.APIGatewayEvents.APIGatewayHttpApiV2ProxyRequest", "PathParameters", FactKind.Untrusted),
        };
    }
}
