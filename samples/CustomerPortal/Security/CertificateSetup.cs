using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace CustomerPortal.Security;

/// <summary>The HTTP handlers for the credit bureau's environments.</summary>
public static class CertificateSetup
{
    /// <summary>The bureau's test environment certificate, pinned by thumbprint.</summary>
    private const string BureauTestThumbprint = "3B7E0B5E2F1C8A9D4E6F708192A3B4C5D6E7F809";

    /// <summary>Secure: the platform validates the certificate; the bureau's self-signed test certificate is accepted by its thumbprint only.</summary>
    public static HttpClientHandler BureauTest() => new()
    {
        ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
            errors == SslPolicyErrors.None || certificate?.Thumbprint == BureauTestThumbprint,
    };

    /// <summary>
    /// DELIBERATELY INSECURE (TA1004): "the staging certificate expired, just accept anything for now". Whoever sits on
    /// the path to the bureau now receives customers' names and dates of birth.
    /// </summary>
    public static HttpClientHandler BureauStaging() => new()
    {
        ServerCertificateCustomValidationCallback = AcceptAll,
    };

    private static bool AcceptAll(HttpRequestMessage request, X509Certificate2? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
}
