using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// The calls by which code IS the authentication mechanism: it signs a caller in or out, registers an account,
    /// resets or checks a password, confirms an e-mail address, or issues a token. An entry point that reaches one of
    /// them is the sign-in, sign-up, password-reset or token endpoint, which must be reachable without authentication.
    /// </summary>
    internal static class AuthenticationMechanisms
    {
        public static readonly ReachRow[] Rows =
        {
            // ASP.NET Core Identity's sign-in manager (Microsoft.AspNetCore.Identity).
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "PasswordSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "SignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "SignInWithClaimsAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "ExternalLoginSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "TwoFactorSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "TwoFactorAuthenticatorSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "TwoFactorRecoveryCodeSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "CheckPasswordSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "RefreshSignInAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "SignOutAsync"),
            Sign("Microsoft.AspNetCore.Identity.SignInManager`1", "GetExternalLoginInfoAsync"),

            // ASP.NET Core Identity's user manager (Microsoft.Extensions.Identity.Core): registration, passwords, tokens.
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "CreateAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "CheckPasswordAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "GeneratePasswordResetTokenAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "ResetPasswordAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "GenerateEmailConfirmationTokenAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "ConfirmEmailAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "GenerateTwoFactorTokenAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "VerifyTwoFactorTokenAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "GenerateUserTokenAsync"),
            Sign("Microsoft.AspNetCore.Identity.UserManager`1", "VerifyUserTokenAsync"),

            // Cookie and scheme sign-in (Microsoft.AspNetCore.Authentication), and the sign-in results.
            Sign("Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions", "SignInAsync"),
            Sign("Microsoft.AspNetCore.Authentication.AuthenticationHttpContextExtensions", "SignOutAsync"),
            Sign("Microsoft.AspNetCore.Authentication.IAuthenticationService", "SignInAsync"),
            Sign("Microsoft.AspNetCore.Http.Results", "SignIn"),
            Sign("Microsoft.AspNetCore.Http.TypedResults", "SignIn"),
            Sign("Microsoft.AspNetCore.Mvc.ControllerBase", "SignIn"),

            // Issuing a token.
            Sign("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler", "CreateToken"),
            Sign("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler", "WriteToken"),
            Sign("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler", "CreateEncodedJwt"),
            Sign("System.IdentityModel.Tokens.Jwt.JwtSecurityTokenHandler", "CreateJwtSecurityToken"),
            Sign("Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler", "CreateToken"),
        };

        private static ReachRow Sign(string type, string member) => new(type, ReachKind.Authentication, member);
    }
}
