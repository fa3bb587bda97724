using System;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
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
            if (operation is not IInvocationOperation { TargetMethod.ContainingType: { } declaring } invocation || ServiceOf(declaring) is not { } service)
            {
                return null;
            }

            var access = IsRead(invocation.TargetMethod.Name) ? Access.Read : Access.Write;
            return Store(service, ConstantNamed(invocation, service.Parameter, service.Property), access, ClassesOf(invocation, access, flow));
        }

        public override TouchFact? TryRecognize(SyntaxCall call)
        {
            if (call.DeclaringType is not { } declaring || ServiceOf(declaring) is not { } service)
            {
                return null;
            }

            var access = IsRead(call.Method.Name) ? Access.Read : Access.Write;
            return Store(service, ConstantNamed(call, service.Parameter, service.Property), access, ClassesOf(call, access));
        }

        /// <summary>A referenced type that takes an S3 or DynamoDB client reaches that service's store (which bucket or table its code names is not known).</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => dependency is INamedTypeSymbol client && ServiceOf(client) is { } service ? Store(service, null, access, classes) : null;

        /// <summary>Which service a method belongs to, and where its requests name the bucket or table.</summary>
        private (string Kind, string Name, string Parameter, string Property)? ServiceOf(INamedTypeSymbol declaring)
            => Is(declaring, s3) ? ("s3", "S3 bucket", "bucketName", "BucketName")
             : Is(declaring, dynamo) ? ("dynamodb", "DynamoDB table", "tableName", "TableName")
             : null;

        private static TouchFact Store((string Kind, string Name, string Parameter, string Property) service, string? named, string access, EquatableArray<string> classes)
            => Touch(named is null ? "store:" + service.Kind : "store:" + service.Kind + ":" + named, named is null ? service.Name : service.Name + " " + named,
                ElementKinds.DataStore, access, classes);

        /// <summary>A constant passed as the named parameter, or assigned to the named property in a request object's initializer (syntax side).</summary>
        private static string? ConstantNamed(SyntaxCall call, string parameter, string property)
        {
            foreach (var (argument, target) in call.ArgumentsWithParameters())
            {
                if (target?.Name == parameter && call.Body.ConstantString(argument.Expression) is { } direct)
                {
                    return direct;
                }

                foreach (var assignment in argument.Expression.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>())
                {
                    if (assignment.Parent is InitializerExpressionSyntax && assignment.Left is IdentifierNameSyntax { Identifier.ValueText: var name } && name == property
                        && call.Body.ConstantString(assignment.Right) is { } named)
                    {
                        return named;
                    }
                }
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
