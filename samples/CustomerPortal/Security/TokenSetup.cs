using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace CustomerPortal.Security;

/// <summary>How the portal validates the tokens of its callers and of the partner's batch jobs.</summary>
public static class TokenSetup
{
    /// <summary>Secure: every check of the token on, the issuer's keys fetched over HTTPS except on a developer's machine.</summary>
    public static void ConfigureCallers(JwtBearerOptions options, IHostEnvironment environment)
    {
        options.Authority = "https://login.customerportal.example";
        options.Audience = "customer-portal";
        options.TokenValidationParameters = new TokenValidationParameters
        {
            ValidateIssuer = true,
            ValidateAudience = true,
            ValidateLifetime = true,
            ValidateIssuerSigningKey = true,
        };

        if (environment.IsDevelopment())
        {
            // The local identity server runs on plain HTTP; this branch never runs in production.
            options.RequireHttpsMetadata = false;
        }
    }

    /// <summary>
    /// DELIBERATELY INSECURE (TA1002): the partner's batch jobs "kept failing at midnight" when their tokens expired, so
    /// someone switched the lifetime check off. A token stolen once now works forever.
    /// </summary>
    public static TokenValidationParameters PartnerJobs(SecurityKey partnerKey) => new()
    {
        ValidIssuer = "https://partner.example",
        ValidAudience = "customer-portal",
        IssuerSigningKey = partnerKey,
        ValidateLifetime = false,
    };
}
