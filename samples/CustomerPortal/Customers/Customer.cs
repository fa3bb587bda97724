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

public record NewCustomer([property: HandlesPii] string FullName, [property: HandlesPii] string Email, DateOnly DateOfBirth);

public record ContactChange([property: HandlesPii] string Email);
