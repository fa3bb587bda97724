using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AwsSdk
{
    /// <summary>
    /// The AWS SDK: IAmazonS3 (a bucket, named when the code gives its name as a constant) and IAmazonDynamoDB (a table,
    /// likewise) are data stores. Get/List/Head/Query/Scan read; Put/Delete/Copy/Update write.
    /// </summary>
    internal sealed class AwsResources : ResourceConvention
    {
        private static readonly string[] ReadPrefixes = { "Get", "List", "Head", "Query", "Scan", "BatchGet", "Describe", "Select" };

        private readonly INamedTypeSymbol? s3;
        private readonly INamedTypeSymbol? dynamo;

        private AwsResources(INamedTypeSymbol? s3, INamedTypeSymbol? dynamo, DataClassification classification)
            : base(classification)
        {
            this.s3 = s3;
            this.dynamo = dynamo;
        }

        public static AwsResources? Create(Compilation compilation, DataClassification classification)
        {
            var s3 = compilation.GetTypeByMetadataName("Amazon.S3.IAmazonS3");
            var dynamo = compilation.GetTypeByMetadataName("Amazon.DynamoDBv2.IAmazonDynamoDB");
            return s3 is null && dynamo is null ? null : new AwsResources(s3, dynamo, classification);
        }

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            if (operation is not IInvocationOperation { TargetMethod.ContainingType: { } declaring } invocation)
            {
                return null;
            }

            var access = IsRead(invocation.TargetMethod.Name) ? Access.Read : Access.Write;
            if (Is(declaring, s3))
            {
                var bucket = ConstantNamed(invocation, "bucketName", "BucketName");
                return Touch(bucket is null ? "store:s3" : "store:s3:" + bucket, bucket is null ? "S3 bucket" : "S3 bucket " + bucket,
                    ElementKinds.DataStore, access, ClassesOf(invocation, access, flow));
            }

            if (Is(declaring, dynamo))
            {
                var table = ConstantNamed(invocation, "tableName", "TableName");
                return Touch(table is null ? "store:dynamodb" : "store:dynamodb:" + table, table is null ? "DynamoDB table" : "DynamoDB table " + table,
                    ElementKinds.DataStore, access, ClassesOf(invocation, access, flow));
            }

            return null;
        }

        private static bool Is(INamedTypeSymbol declaring, INamedTypeSymbol? service)
            => service is not null && (SymbolEqualityComparer.Default.Equals(declaring, service) || declaring.Implements(service));

        /// <summary>A constant passed as the named parameter, or assigned to the named property in a request object's initializer.</summary>
        private static string? ConstantNamed(IInvocationOperation invocation, string parameter, string property)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameter && argument.Value.ConstantValue is { HasValue: true, Value: string direct })
                {
                    return direct;
                }

                foreach (var descendant in argument.Value.DescendantsAndSelf())
                {
                    if (descendant is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                        && target.Property.Name == property
                        && assignment.Value.ConstantValue is { HasValue: true, Value: string named })
                    {
                        return named;
                    }
                }
            }

            return null;
        }

        private static bool IsRead(string name)
        {
            foreach (var prefix in ReadPrefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
