using Amazon.S3;
using Amazon.S3.Model;
using ThreatAnalyzers;

namespace CustomerPortal.Documents;

/// <summary>Customer documents (contracts, ID scans) in an S3 bucket.</summary>
[DataStore("Customer documents bucket")]
[EncryptedAtRest]
[EncryptedInTransit]
public class DocumentStore(IAmazonS3 s3)
{
    private const string Bucket = "customer-portal-documents";

    /// <summary>ID scans and signed contracts: personal data.</summary>
    [return: HandlesPii]
    public async Task<Stream> OpenAsync(int customerId, string name, CancellationToken cancellationToken)
    {
        var response = await s3.GetObjectAsync(new GetObjectRequest { BucketName = Bucket, Key = $"{customerId}/{name}" }, cancellationToken);
        return response.ResponseStream;
    }

    public Task UploadAsync(int customerId, string name, [HandlesPii] Stream content, CancellationToken cancellationToken)
        => s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"{customerId}/{name}", InputStream = content }, cancellationToken);
}
