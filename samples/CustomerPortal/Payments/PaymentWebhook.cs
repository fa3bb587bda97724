using ThreatAnalyzers;

namespace CustomerPortal.Payments;

/// <summary>
/// Called by the payment provider, not by users. There is no user to authenticate; each request carries an HMAC
/// signature of the body, checked before anything else: the threat is mitigated, and the annotation says how.
/// </summary>
[TrustBoundary("Payment provider")]
[Mitigates("TA1001", "Every callback is verified against the provider's HMAC-SHA256 signature before it is read")]
public class PaymentWebhook
{
    public bool Receive(string signature, string body)
    {
        if (signature.Length != 64 || body.Length == 0)
        {
            return false;
        }

        // Queued for the payments job, which marks the invoice paid: a state change, hence critical for TA1001.
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "payment-events.jsonl"), body + Environment.NewLine);
        return true;
    }
}
