using System.Net;

namespace CustomerPortal.Notifications;

/// <summary>
/// DELIBERATELY INSECURE (TA1003): the SMTP relay's password, written in the source "until the vault is set up".
/// Everyone with the repository, a build log or the DLL can send mail as the portal.
/// </summary>
public class LegacyMailRelay
{
    private const string RelayUser = "portal-notifications";
    private const string RelayPassword = "Smtp-Relay-2024!";

    public NetworkCredential Credentials => new(RelayUser, RelayPassword);
}

/// <summary>Secure counterpart: the credentials come from configuration (user secrets locally, the vault in production).</summary>
public class MailRelay(IConfiguration configuration)
{
    public NetworkCredential Credentials => new(configuration["Mail:User"], configuration["Mail:Password"]);
}
