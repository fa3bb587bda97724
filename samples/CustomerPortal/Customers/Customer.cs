using ThreatAnalyzers;

namespace CustomerPortal.Customers;

/// <summary>A customer of the portal: most of what it holds is personal data.</summary>
[HandlesPii]
public class Customer
{
    public int Id { get; set; }

    [HandlesPii]
    public string FullName { get; set; } = string.Empty;

    [HandlesPii]
    public string Email { get; set; } = string.Empty;

    [HandlesPii]
    public DateOnly DateOfBirth { get; set; }

    public string Tier { get; set; } = "standard";
}

public record NewCustomer([property: HandlesPii] string FullName, [property: HandlesPii] string Email, DateOnly DateOfBirth)
{
    // Secure (TA4006): the generated ToString would print the name and e-mail address wherever a request is logged.
    protected virtual bool PrintMembers(System.Text.StringBuilder builder) => false;
}

public record ContactChange([property: HandlesPii] string Email)
{
    // Secure (TA4006): prints no members.
    protected virtual bool PrintMembers(System.Text.StringBuilder builder) => false;
}
