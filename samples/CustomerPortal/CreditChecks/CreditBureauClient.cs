using ThreatAnalyzers;

namespace CustomerPortal.CreditChecks;

/// <summary>The external credit-check service, called over HTTPS with the customer's identity.</summary>
[ExternalEntity("Credit bureau")]
[EncryptedInTransit]
public class CreditBureauClient(HttpClient http)
{
    public async Task<int?> ScoreAsync([HandlesPii] string fullName, [HandlesPii] DateOnly dateOfBirth, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("v1/score", new { fullName, dateOfBirth }, cancellationToken);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<int>(cancellationToken) : null;
    }
}
