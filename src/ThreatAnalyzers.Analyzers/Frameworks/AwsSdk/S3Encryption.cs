using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AwsSdk
{
    /// <summary>
    /// Whether an object put into S3 is encrypted at rest by the request: <c>ServerSideEncryptionMethod</c> (AES256,
    /// aws:kms, aws:kms:dsse; not None), <c>ServerSideEncryptionCustomerMethod</c> (SSE-C) or a KMS key id set on the
    /// <c>PutObjectRequest</c>, in its initializer or by an assignment to the local that holds it. (A bucket's default
    /// encryption is configured outside the code: the rule cannot see it, so a team that relies on it says so with
    /// [Mitigates].) Types resolved once per compilation.
    /// </summary>
    internal sealed class S3Encryption
    {
        /// <summary>The request properties that encrypt the object.</summary>
        public static readonly string[] EncryptingProperties = { "ServerSideEncryptionMethod", "ServerSideEncryptionCustomerMethod", "ServerSideEncryptionKeyManagementServiceKeyId" };

        private S3Encryption(INamedTypeSymbol? s3, INamedTypeSymbol? putObjectRequest)
        {
            S3 = s3;
            PutObjectRequest = putObjectRequest;
        }

        public INamedTypeSymbol? S3 { get; }

        public INamedTypeSymbol? PutObjectRequest { get; }

        public static S3Encryption Of(Compilation compilation)
            => PerCompilation<S3Encryption>.Get(compilation, c => new S3Encryption(c.GetTypeByMetadataName("Amazon.S3.IAmazonS3"), c.GetTypeByMetadataName("Amazon.S3.Model.PutObjectRequest")));

        /// <summary>IAmazonS3.PutObject/PutObjectAsync (or an implementation of them).</summary>
        public bool IsPut(IMethodSymbol method)
            => S3 is not null && method.Name is "PutObject" or "PutObjectAsync" && method.ContainingType is { } type
               && (SymbolEqualityComparer.Default.Equals(type, S3) || type.Implements(S3));

        /// <summary>
        /// The PutObjectRequest creation behind the argument (written there, or the initial value of the local passed), and
        /// whether the request is encrypted; null when the request comes from elsewhere (a parameter, a field): not known.
        /// </summary>
        public (IObjectCreationOperation Creation, bool Encrypted)? RequestOf(IOperation argument, System.Func<SyntaxTree, SemanticModel> modelFor, CancellationToken cancellationToken)
        {
            argument = argument.WithoutConversions();
            if (argument is IObjectCreationOperation direct && IsRequest(direct))
            {
                return (direct, SetsEncryption(direct));
            }

            if (argument is not ILocalReferenceOperation { Local: { } local }
                || local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator)
            {
                return null;
            }

            var model = modelFor(declarator.SyntaxTree);
            if (model.GetOperation(initial, cancellationToken)?.WithoutConversions() is not IObjectCreationOperation creation || !IsRequest(creation))
            {
                return null;
            }

            if (SetsEncryption(creation))
            {
                return (creation, true);
            }

            // request.ServerSideEncryptionMethod = … later in the same member.
            var scope = declarator.FirstAncestorOrSelf<MemberDeclarationSyntax>() ?? (SyntaxNode)declarator.SyntaxTree.GetRoot(cancellationToken);
            foreach (var assignment in scope.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name, Expression: IdentifierNameSyntax { Identifier.ValueText: var holder } }
                    && holder == local.Name && EncryptingProperties.Contains(name)
                    && model.GetOperation(assignment, cancellationToken) is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Instance: ILocalReferenceOperation target } } set
                    && SymbolEqualityComparer.Default.Equals(target.Local, local) && Encrypts(set.Value))
                {
                    return (creation, true);
                }
            }

            return (creation, false);
        }

        private bool IsRequest(IObjectCreationOperation creation) => PutObjectRequest is not null && creation.Type is INamedTypeSymbol type && type.InheritsFromOrEquals(PutObjectRequest);

        private static bool SetsEncryption(IObjectCreationOperation creation)
            => creation.Initializer?.Initializers.Any(i => i is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: var name } } assignment
                                                          && EncryptingProperties.Contains(name) && Encrypts(assignment.Value)) == true;

        /// <summary>Any value but ServerSideEncryptionMethod.None / null / an empty string.</summary>
        private static bool Encrypts(IOperation value)
        {
            value = value.WithoutConversions();
            return value switch
            {
                IFieldReferenceOperation { Field.Name: "None" } => false,
                IPropertyReferenceOperation { Property.Name: "None" } => false,
                ILiteralOperation { ConstantValue: { HasValue: true, Value: null or "" } } => false,
                IDefaultValueOperation => false,
                _ => true,
            };
        }
    }
}
