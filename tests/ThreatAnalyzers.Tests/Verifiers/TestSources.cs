namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>Shared sources for tests.</summary>
    public static class TestSources
    {
        /// <summary>
        /// Amazon.Lambda.APIGatewayEvents and Amazon.Lambda.Core are not served by this project's package feed, so the
        /// few types the analyzers look at are declared here with their exact full names and shapes.
        /// </summary>
        public const string AwsLambdaTypes = """
            namespace Amazon.Lambda.Core
            {
                public interface ILambdaContext { string AwsRequestId { get; } }
            }

            namespace Amazon.Lambda.APIGatewayEvents
            {
                using System.Collections.Generic;

                public class APIGatewayProxyRequest
                {
                    public string Body { get; set; }
                    public IDictionary<string, string> Headers { get; set; }
                    public IDictionary<string, string> QueryStringParameters { get; set; }
                    public IDictionary<string, string> PathParameters { get; set; }
                }

                public class APIGatewayProxyResponse
                {
                    public int StatusCode { get; set; }
                    public string Body { get; set; }
                }

                public class APIGatewayHttpApiV2ProxyRequest
                {
                    public string Body { get; set; }
                    public IDictionary<string, string> Headers { get; set; }
                    public IDictionary<string, string> QueryStringParameters { get; set; }
                    public IDictionary<string, string> PathParameters { get; set; }
                }

                public class APIGatewayHttpApiV2ProxyResponse
                {
                    public int StatusCode { get; set; }
                    public string Body { get; set; }
                }
            }
            """;
    }
}
