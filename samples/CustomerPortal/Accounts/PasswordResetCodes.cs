using System.Security.Cryptography;

namespace CustomerPortal.Accounts;

public class PasswordReset
{
    public required string ResetCode { get; init; }

    public DateTimeOffset Expires { get; init; }
}

public static class PasswordResetCodes
{
    /// <summary>
    /// DELIBERATELY INSECURE (TA1007): the six-digit code mailed to a customer who forgot their password comes from
    /// System.Random. Whoever has seen a few codes can compute the next ones and take over accounts.
    /// </summary>
    public static PasswordReset IssueLegacy() => new()
    {
        ResetCode = Random.Shared.Next(0, 1_000_000).ToString("D6"),
        Expires = DateTimeOffset.UtcNow.AddMinutes(15),
    };

    /// <summary>Secure counterpart: the code comes from the cryptographic generator.</summary>
    public static PasswordReset Issue() => new()
    {
        ResetCode = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6"),
        Expires = DateTimeOffset.UtcNow.AddMinutes(15),
    };
}
