using Amazon;
using Amazon.S3;
using CustomerPortal.CreditChecks;
using CustomerPortal.Customers;
using CustomerPortal.Documents;
using CustomerPortal.Payments;
using CustomerPortal.Throttling;
using Microsoft.EntityFrameworkCore;
using ThreatAnalyzers;

var builder = WebApplication.CreateBuilder(args).AddRequestLimits();

builder.Services.AddAuthentication().AddJwtBearer().AddAccountCookie();
builder.Services.AddAuthorization();
builder.Services.AddControllers();
builder.Services.AddDbContext<CustomerDbContext>(options => options.UseSqlite(builder.Configuration.GetConnectionString("Customers")));
builder.Services.AddSingleton<IAmazonS3>(_ => new AmazonS3Client(RegionEndpoint.EUWest1));
builder.Services.AddScoped<DocumentStore>();
builder.Services.AddScoped<CustomerAudit>();
builder.Services.AddSingleton<PaymentWebhook>();
builder.Services.AddHttpClient<CreditBureauClient>(http => http.BaseAddress = new Uri(builder.Configuration["CreditBureau:BaseAddress"]!));

var app = builder.Build();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

// Public on purpose: the load balancer's health probe.
app.MapGet("/health", () => Results.Ok("healthy")).AllowAnonymous().DisableRateLimiting();

// Secure: everything under /api/customers requires an authenticated caller (the group's convention).
app.MapGroup("/api/customers").RequireAuthorization().RequireRateLimiting(RequestLimits.Portal).MapCustomers();

// Secure: uploading a document requires authorization on the endpoint itself.
app.MapPost("/api/documents/{customerId:int}/{name}", async (int customerId, string name, HttpRequest request, DocumentStore documents, CancellationToken ct) =>
{
    await documents.UploadAsync(customerId, name, request.Body, ct);
    return Results.Accepted();
}).RequireAuthorization().RequireRateLimiting(RequestLimits.Portal);

// DELIBERATELY INSECURE (TA1001): a "temporary" download link for customer documents, left without authorization.
// Anyone who guesses a customer id and a file name can read ID scans and contracts from the bucket.
app.MapGet("/api/documents/{customerId:int}/{name}", async (int customerId, string name, DocumentStore documents, CancellationToken ct) =>
    Results.Stream(await documents.OpenAsync(customerId, name, ct))).RequireRateLimiting(RequestLimits.Portal);

// DELIBERATELY INSECURE (TA1001): a credit check open to anyone, which spends money at the bureau and leaks scores.
app.MapPost("/api/credit-checks", async (NewCustomer applicant, CreditBureauClient bureau, CancellationToken ct) =>
    await bureau.ScoreAsync(applicant.FullName, applicant.DateOfBirth, ct) is { } score ? Results.Ok(score) : Results.NoContent()).RequireRateLimiting(RequestLimits.Portal);

// Public price list: no customer data, nothing changed, so not critical and no TA1001 (see Newsletter/ for an accepted risk).
app.MapGet("/api/tiers", () =>
    new[] { "standard", "gold", "platinum" }).RequireRateLimiting(RequestLimits.Portal);

// The payment provider's callback: mitigated by signature verification (see PaymentWebhook).
app.MapPost("/webhooks/payments", (HttpRequest request, PaymentWebhook webhook) =>
    webhook.Receive(request.Headers["X-Signature"].ToString(), request.Query["body"].ToString()) ? Results.Ok() : Results.Unauthorized())
    .AllowAnonymous().RequireRateLimiting(RequestLimits.Portal);

app.MapControllers().RequireRateLimiting(RequestLimits.Portal);
app.MapStatementImports();

using (var scope = app.Services.CreateScope())
{
    scope.ServiceProvider.GetRequiredService<CustomerDbContext>().Database.EnsureCreated();
}

app.Run();
