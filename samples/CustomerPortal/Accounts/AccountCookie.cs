using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;

// Registration extensions live where the builder's own do, so Program.cs needs no extra using.
namespace Microsoft.Extensions.DependencyInjection;

public static class AccountCookie
{
    public const string Scheme = "Account";

    /// <summary>The self-service pages' cookie; bearer tokens stay the default scheme for the API.</summary>
    public static AuthenticationBuilder AddAccountCookie(this AuthenticationBuilder authentication)
    {
        authentication.Services.Configure<AuthenticationOptions>(options => options.DefaultScheme ??= JwtBearerDefaults.AuthenticationScheme);
        return authentication.AddCookie(Scheme, options => options.LoginPath = "/account/sign-in");
    }
}
