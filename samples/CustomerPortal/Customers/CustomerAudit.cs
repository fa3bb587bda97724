namespace CustomerPortal.Customers;

/// <summary>The customer audit log.</summary>
public class CustomerAudit(ILogger<CustomerAudit> logger)
{
    /// <summary>Safe: identifiers and the tier only, no personal data.</summary>
    public void Registered(Customer customer)
        => logger.LogInformation("Customer {CustomerId} registered ({Tier})", customer.Id, customer.Tier);

    /// <summary>
    /// DELIBERATELY INSECURE (TA4001): support asked for the new address "to find the customer faster", so the e-mail
    /// address goes into the logs, through <see cref="Write"/>. The warning sits where the address enters this chain.
    /// </summary>
    public void ContactChanged(int customerId, string newEmail)
        => Write("Customer {CustomerId} changed their contact address to {Detail}", customerId, newEmail);

    private void Write(string template, int customerId, string detail) => logger.LogInformation(template, customerId, detail);
}
