using Microsoft.EntityFrameworkCore;
using ThreatAnalyzers;

namespace CustomerPortal.Customers;

/// <summary>The relational store (RDS in production; SQLite here).</summary>
[DataStore("Customer database")]
[EncryptedAtRest]
public class CustomerDbContext(DbContextOptions<CustomerDbContext> options) : DbContext(options)
{
    public DbSet<Customer> Customers => Set<Customer>();
    public DbSet<Delegates.AccountDelegate> Delegates => Set<Delegates.AccountDelegate>();
}
