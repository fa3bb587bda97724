using System.Text.Json;
using Amazon.S3;
using Amazon.S3.Model;
using CustomerPortal.Customers;

namespace CustomerPortal.Sharing;

/// <summary>
/// DELIBERATELY INSECURE (TA4002): the marketing team's old CRM is still fed over plain HTTP "because it is on the
/// partner network". Every hop between the portal and the CRM can read the customers' e-mail addresses.
/// </summary>
public class LegacyCrmSync(HttpClient http)
{
    public Task PushAsync(Customer customer, CancellationToken cancellationToken)
        => http.PostAsJsonAsync("http://crm.partner.example.com/contacts", customer.Email, cancellationToken);
}

/// <summary>Secure counterpart: the new CRM is reached over HTTPS.</summary>
public class CrmSync(HttpClient http)
{
    public Task PushAsync(Customer customer, CancellationToken cancellationToken)
        => http.PostAsJsonAsync("https://crm.example.com/contacts", customer.Email, cancellationToken);
}

/// <summary>Nightly exports of customer records for the analytics team, to S3.</summary>
public class CustomerExports(IAmazonS3 s3)
{
    private const string Bucket = "customer-portal-exports";

    /// <summary>
    /// DELIBERATELY INSECURE (TA4003): the export is written without server-side encryption; whoever gets hold of the
    /// bucket (a wrong policy, a leaked key, a replica in another account) reads every customer's name, e-mail and birthday.
    /// </summary>
    public Task ExportAsync(Customer customer, CancellationToken cancellationToken)
        => s3.PutObjectAsync(new PutObjectRequest { BucketName = Bucket, Key = $"plain/{customer.Id}.json", ContentBody = JsonSerializer.Serialize(customer) }, cancellationToken);

    /// <summary>Secure counterpart: the same export, encrypted with SSE-S3.</summary>
    public Task ExportEncryptedAsync(Customer customer, CancellationToken cancellationToken)
        => s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = Bucket,
            Key = $"encrypted/{customer.Id}.json",
            ContentBody = JsonSerializer.Serialize(customer),
            ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256,
        }, cancellationToken);
}
