using System.Runtime.Serialization.Formatters.Binary;
using System.Text.Json;

namespace CustomerPortal.Security;

/// <summary>The wizard state of a customer's application, kept in the browser between steps.</summary>
public class WizardState
{
    public int Step { get; set; }

    public string? Tier { get; set; }
}

public static class SessionState
{
    /// <summary>Secure: System.Text.Json creates a WizardState and nothing else.</summary>
    public static WizardState? Restore(string base64) => JsonSerializer.Deserialize<WizardState>(Convert.FromBase64String(base64));

    /// <summary>
    /// DELIBERATELY INSECURE (TA2003): the old wizard's state, restored with BinaryFormatter from what the browser sends
    /// back. A crafted value creates whatever types it names (on .NET 10 the formatter throws, but the code is one
    /// AppContext switch away from remote code execution).
    /// </summary>
    public static WizardState? RestoreLegacy(string base64)
    {
        using var stream = new MemoryStream(Convert.FromBase64String(base64));
#pragma warning disable SYSLIB0011 // The obsolete formatter is the deliberate flaw of this sample.
        return new BinaryFormatter().Deserialize(stream) as WizardState;
#pragma warning restore SYSLIB0011
    }
}
