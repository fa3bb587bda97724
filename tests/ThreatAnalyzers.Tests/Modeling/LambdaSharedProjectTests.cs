using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// A Lambda project whose data access sits in a shared project (tried on a real app: its model had no DynamoDB store
    /// at all). The shared project is compiled with the real AWS SDK (AWSSDK.DynamoDBv2) and handed to the function as a
    /// project reference gets it (a reference assembly: metadata only, no private members); Amazon.Lambda.* is not served
    /// here, so its event types are declared with their exact full names (TestSources.AwsLambdaTypes).
    /// </summary>
    public class LambdaSharedProjectTests
    {
        private const string Shared = """
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Amazon.DynamoDBv2;
            using Amazon.DynamoDBv2.Model;
            using ThreatAnalyzers;

            namespace Orders.Shared
            {
                public class Order
                {
                    public string Id { get; set; }
                    [HandlesPii] public string CustomerEmail { get; set; }
                }

                public class OrderTable
                {
                    private readonly IAmazonDynamoDB dynamo;
                    public OrderTable(IAmazonDynamoDB dynamo) => this.dynamo = dynamo;

                    public Task SaveAsync(Order order)
                        => dynamo.PutItemAsync(new PutItemRequest
                        {
                            TableName = "orders",
                            Item = new Dictionary<string, AttributeValue> { ["id"] = new AttributeValue { S = order.Id }, ["email"] = new AttributeValue { S = order.CustomerEmail } },
                        });
                }
            }
            """;

        private const string Function = """
            using System.Text.Json;
            using System.Threading.Tasks;
            using Amazon.Lambda.APIGatewayEvents;
            using Orders.Shared;

            namespace Orders.Functions
            {
                public class PlaceOrderFunction
                {
                    private readonly OrderTable orders;
                    public PlaceOrderFunction(OrderTable orders) => this.orders = orders;

                    public async Task<APIGatewayProxyResponse> Handle(APIGatewayProxyRequest request)
                    {
                        await orders.SaveAsync(JsonSerializer.Deserialize<Order>(request.Body));
                        return new APIGatewayProxyResponse { StatusCode = 202 };
                    }
                }
            }
            """;

        [Fact]
        public void TheFunction_WritesToTheSharedProjectsDynamoDbTable_ThroughItsDataAccessClass()
        {
            var shared = ModelHarness.CreateCompilation(new[] { Shared }, TestReferences.WebWithLibraries, assemblyName: "Orders.Shared");
            Assert.Empty(shared.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            using var stream = new MemoryStream();
            Assert.True(shared.Emit(stream, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false)).Success);

            var compilation = ModelHarness.CreateCompilation(
                new[] { TestSources.AwsLambdaTypes, Function },
                TestReferences.WebWithLibraries.Add(MetadataReference.CreateFromImage(stream.ToArray())),
                assemblyName: "Orders.Functions");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var model = ModelHarness.Run(compilation).Model();

            var table = model.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "dataStore");
            Assert.Equal("DynamoDB table", table.GetProperty("name").GetString());
            var handler = model.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("kind").GetString() == "process").GetProperty("name").GetString()!;
            var write = model.Flow(handler, "DynamoDB table")!.Value;
            Assert.Equal(new[] { "M:Orders.Shared.OrderTable.SaveAsync(Orders.Shared.Order)" }, write.Via());
            Assert.Contains("pii", write.Strings("dataClasses"));
        }
    }
}
