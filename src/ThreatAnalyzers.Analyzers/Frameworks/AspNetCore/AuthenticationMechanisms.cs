using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
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

        // ---- By convention: an authentication mechanism written by hand (no Identity, no sign-in call, no token handler) ----

        /// <summary>
        /// Names that say an action, handler or route IS the mechanism (compared without case, '-', '_', an "Async" suffix
        /// and a leading HTTP verb or page-handler prefix): <c>Login</c>, <c>LoginAsync</c>, <c>OnPostRegisterAsync</c>,
        /// <c>/auth/forgot-password</c>.
        /// </summary>
        public static readonly HashSet<string> MechanismNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "Login", "LogIn", "Logon", "SignIn", "Authenticate", "Logout", "LogOff", "SignOut",
            "SignUp", "Register", "Registration",
            "ForgotPassword", "ResetPassword", "PasswordReset", "RequestPasswordReset", "ConfirmPasswordReset",
            "ConfirmEmail", "VerifyEmail", "ConfirmAccount",
            "Token", "GetToken", "CreateToken", "IssueToken", "GenerateToken", "RefreshToken",
        };

        /// <summary>
        /// Controllers (or handler types) whose single purpose is the mechanism: their actions that submit or create
        /// (<see cref="SubmittingActions"/>) are the mechanism (<c>RegistrationsController.Post</c>,
        /// <c>PasswordResetsController.Put</c>). An account or authentication controller (<c>AccountController</c>,
        /// <c>AuthController</c>) is not single-purpose: only its actions named for the mechanism are.
        /// </summary>
        public static readonly HashSet<string> SinglePurposeTypes = new(StringComparer.OrdinalIgnoreCase)
        {
            "Login", "Logins", "SignIn", "SignUp", "Register", "Registration", "Registrations",
            "PasswordReset", "PasswordResets", "ForgotPassword", "ResetPassword", "Token", "Tokens", "RefreshToken", "RefreshTokens",
        };

        /// <summary>
        /// The actions of a single-purpose controller that perform the mechanism: they submit or create, never list or
        /// delete (<c>RegistrationsController.Index</c> listing accounts or <c>.Delete</c> is not the mechanism).
        /// </summary>
        public static readonly HashSet<string> SubmittingActions = new(StringComparer.OrdinalIgnoreCase)
        {
            "Post", "Put", "Patch", "Create", "New", "Submit", "Confirm", "Verify", "Reset", "Request", "Refresh", "Issue", "Handle", "OnPost",
        };

        /// <summary>
        /// Names that are the mechanism only when the entry point is given a credential: "Register" also registers a
        /// customer, a device or a claim; signing up or in takes a password (or a secret, a PIN, a one-time code).
        /// </summary>
        public static readonly HashSet<string> CredentialNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "Login", "LogIn", "Logins", "Logon", "SignIn", "Authenticate", "SignUp", "Register", "Registration", "Registrations",
        };

        /// <summary>Parameter and member names that hold a credential.</summary>
        private static readonly string[] CredentialParts = { "password", "passwd", "pwd", "passphrase", "secret", "credential", "pin", "otp" };

        /// <summary>Whether a parameter, or a property of a parameter's type, is named for a credential.</summary>
        private static bool CarriesCredential(IMethodSymbol method)
        {
            foreach (var parameter in method.Parameters)
            {
                if (IsCredentialName(parameter.Name)
                    || (parameter.Type is INamedTypeSymbol { SpecialType: SpecialType.None } model
                        && model.GetMembers().OfType<IPropertySymbol>().Any(p => IsCredentialName(p.Name))))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsCredentialName(string name)
        {
            foreach (var part in CredentialParts)
            {
                var at = name.IndexOf(part, StringComparison.OrdinalIgnoreCase);

                // "pin" and "otp" only as a whole word or a capitalised part (Pin, PinCode), not inside "Shipping" or "Hotpot".
                if (at >= 0 && (part.Length > 3 || at == 0 || char.IsUpper(name[at])))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What an action or handler's name is compared without: these prefixes and suffixes.</summary>
        private static readonly string[] Prefixes = { "OnPost", "OnPut", "Post", "Put", "Patch", "Handle" };
        private static readonly string[] Suffixes = { "Async", "Controller", "PageModel", "Model", "Endpoint", "Handler" };

        /// <summary>
        /// Whether an entry point is named for the authentication mechanism: its method, its controller or handler type
        /// (single-purpose ones, for submitting actions), or the last literal segment of its route.
        /// </summary>
        /// <param name="method">The action or handler method (null for a lambda).</param>
        /// <param name="type">The controller, page model or handler type (the inheriting controller for an inherited action).</param>
        /// <param name="verb">The HTTP method of a minimal API endpoint, if known.</param>
        /// <param name="route">The route of a minimal API endpoint, if known.</param>
        public static bool IsNamedForAuthentication(IMethodSymbol? method, INamedTypeSymbol? type, string? verb, string? route)
        {
            if (method is { MethodKind: MethodKind.Ordinary } && MechanismNames.Contains(Core(method.Name))
                && (!CredentialNames.Contains(Core(method.Name)) || CarriesCredential(method)))
            {
                return true;
            }

            if (type is not null && SinglePurposeTypes.Contains(Core(type.Name))
                && (method is null || method.MethodKind != MethodKind.Ordinary || SubmittingActions.Contains(Core(method.Name)) || SubmittingActions.Contains(Trimmed(method.Name)))
                && (method is null || !CredentialNames.Contains(Core(type.Name)) || CarriesCredential(method)))
            {
                return true;
            }

            if (route is null)
            {
                return false;
            }

            var last = route.Split('/').LastOrDefault(segment => segment.Length > 0 && segment[0] != '{');
            if (last is null)
            {
                return false;
            }

            var name = last.Replace("-", string.Empty).Replace("_", string.Empty).Replace(".", string.Empty);
            return MechanismNames.Contains(name)
                   || (SinglePurposeTypes.Contains(name) && verb is "POST" or "PUT" or "PATCH");
        }

        /// <summary>The name without its "Async"/type suffix and its HTTP verb or page-handler prefix.</summary>
        private static string Core(string name)
        {
            name = Trimmed(name);
            foreach (var prefix in Prefixes)
            {
                if (name.Length > prefix.Length && name.StartsWith(prefix, StringComparison.Ordinal) && char.IsUpper(name[prefix.Length]))
                {
                    return name.Substring(prefix.Length);
                }
            }

            return name;
        }

        private static string Trimmed(string name)
        {
            foreach (var suffix in Suffixes)
            {
                if (name.Length > suffix.Length && name.EndsWith(suffix, StringComparison.Ordinal))
                {
                    name = name.Substring(0, name.Length - suffix.Length);
                }
            }

            return name;
        }

        private static ReachRow Sign(string type, string member) => new(type, ReachKind.Authentication, member);
    }
}
