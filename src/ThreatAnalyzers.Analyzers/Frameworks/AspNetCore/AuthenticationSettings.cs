using System;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// ASP.NET Core's authentication-strength settings: Identity's password and lockout options, the cookies that carry
    /// a session (authentication, session state, antiforgery, and cookies the application appends itself under such a
    /// name), and the CORS policy builder. Resolved once per compilation.
    /// </summary>
    internal sealed class AuthenticationSettings
    {
        /// <summary>NIST SP 800-63B: memorized secrets of at least 8 characters (15 when the password is the only factor, in revision 4).</summary>
        public const int MinimumPasswordLength = 8;

        /// <summary>NIST SP 800-63B 5.2.2: no more than 100 consecutive failed attempts on one account.</summary>
        public const int MaximumFailedAttempts = 100;

        /// <summary>Identity's own default, what the fix writes.</summary>
        public const int DefaultFailedAttempts = 5;

        /// <summary>The option types whose <c>Cookie</c> builds a cookie that carries a session or a token.</summary>
        private static readonly string[] SessionCookieOwners =
        {
            "Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions",
            "Microsoft.AspNetCore.Builder.SessionOptions",
            "Microsoft.AspNetCore.Antiforgery.AntiforgeryOptions",
        };

        public const string CookieProperty = "Cookie";

        /// <summary>Names of cookies an application appends itself that say they carry a session or a credential.</summary>
        private static readonly string[] SessionCookieNameParts = { "session", "auth", "token", "jwt", "sid", "identity", "login", "remember" };

        /// <summary>Cookies meant to be read by script (the double-submit antiforgery pattern): never reported.</summary>
        private static readonly string[] ScriptReadableCookieNameParts = { "xsrf", "csrf", "antiforgery" };

        private AuthenticationSettings(Compilation c)
        {
            PasswordOptions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PasswordOptions");
            LockoutOptions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.LockoutOptions");
            CookieBuilder = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.CookieBuilder");
            CookieOptions = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.CookieOptions");
            ResponseCookies = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IResponseCookies");
            CookieSecurePolicy = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.CookieSecurePolicy");
            SecurePolicyNone = CookieSecurePolicy?.GetMembers("None").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue;
            CorsPolicyBuilder = c.GetTypeByMetadataName("Microsoft.AspNetCore.Cors.Infrastructure.CorsPolicyBuilder");
            CookieOwners = SessionCookieOwners.Select(c.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableArray();
        }

        public INamedTypeSymbol? PasswordOptions { get; }

        public INamedTypeSymbol? LockoutOptions { get; }

        public INamedTypeSymbol? CookieBuilder { get; }

        public INamedTypeSymbol? CookieOptions { get; }

        public INamedTypeSymbol? ResponseCookies { get; }

        public INamedTypeSymbol? CookieSecurePolicy { get; }

        /// <summary>The constant of CookieSecurePolicy.None.</summary>
        public object? SecurePolicyNone { get; }

        public INamedTypeSymbol? CorsPolicyBuilder { get; }

        public ImmutableArray<INamedTypeSymbol> CookieOwners { get; }

        public bool IsEmpty => PasswordOptions is null && LockoutOptions is null && CookieBuilder is null && CookieOptions is null && CorsPolicyBuilder is null;

        /// <summary>Whether a <c>Cookie</c> property belongs to authentication, session or antiforgery options.</summary>
        public bool IsSessionCookieBuilder(IPropertySymbol? owner)
            => owner is { Name: CookieProperty } && CookieOwners.Any(t => ConfigurationShapes.IsOrDerives(owner.ContainingType, t));

        /// <summary>Whether a cookie the application names itself carries a session or a credential, by its name.</summary>
        public static bool IsSessionCookieName(string name)
            => SessionCookieNameParts.Any(p => name.IndexOf(p, StringComparison.OrdinalIgnoreCase) >= 0)
               && !ScriptReadableCookieNameParts.Any(p => name.IndexOf(p, StringComparison.OrdinalIgnoreCase) >= 0);

        public static AuthenticationSettings Of(Compilation compilation)
            => PerCompilation<AuthenticationSettings>.Get(compilation, c => new AuthenticationSettings(c));
    }
}
