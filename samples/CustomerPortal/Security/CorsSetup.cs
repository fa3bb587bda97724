using Microsoft.AspNetCore.Identity;

namespace CustomerPortal.Security;

/// <summary>The browser-facing policies: which web sites may call the API with the user's cookies, and password rules.</summary>
public static class CorsSetup
{
    public static void AddPortalPolicies(IServiceCollection services)
    {
        services.AddCors(options =>
        {
            // Secure: the portal's own front end, with credentials.
            options.AddPolicy("portal", policy => policy.WithOrigins("https://app.customerportal.example").AllowCredentials());

            // DELIBERATELY INSECURE (TA1006): the marketing widget "works on any site" by reflecting every origin, with
            // credentials, so any web site a signed-in customer visits can read their data through the API.
            options.AddPolicy("widget", policy => policy.SetIsOriginAllowed(origin => true).AllowAnyHeader().AllowCredentials());
        });

        // Secure: NIST SP 800-63B length, no composition rules.
        services.Configure<PasswordOptions>(password =>
        {
            password.RequiredLength = 15;
            password.RequireNonAlphanumeric = false;
        });
    }
}
