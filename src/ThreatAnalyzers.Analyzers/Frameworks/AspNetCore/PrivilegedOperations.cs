using System;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// What counts as a privileged operation and as a verified credential, for the rule about identities taken from
    /// client-controlled values (TA1005).
    /// </summary>
    internal static class PrivilegedOperations
    {
        /// <summary>
        /// A method that requires a role or a policy: <c>[RequiresRole]</c>, or an authorization attribute
        /// (<c>[Authorize(Roles = …)]</c>, <c>[Authorize(Policy = …)]</c>, anything implementing IAuthorizeData with
        /// Roles or Policy set), on the method or its type.
        /// </summary>
        public static bool IsPrivileged(IMethodSymbol method, AnnotationTypes annotations, AspNetCoreTypes? aspNetCore)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            // The application's own operations: a library's methods do not carry its role requirements.
            if (method.DeclaringSyntaxReferences.Length == 0 || (annotations.RequiresRole is null && aspNetCore?.IAuthorizeData is null))
            {
                return false;
            }

            return RequiresRoleOrPolicy(method, annotations, aspNetCore) || (method.ContainingType is { } type && RequiresRoleOrPolicy(type, annotations, aspNetCore));
        }

        private static bool RequiresRoleOrPolicy(ISymbol symbol, AnnotationTypes annotations, AspNetCoreTypes? aspNetCore)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type)
                {
                    continue;
                }

                if (type.InheritsFromOrEquals(annotations.RequiresRole))
                {
                    return true;
                }

                if (aspNetCore?.IAuthorizeData is { } authorizeData && type.Implements(authorizeData))
                {
                    foreach (var named in attribute.NamedArguments)
                    {
                        if (named.Key is "Roles" or "Policy" && named.Value.Value is string { Length: > 0 })
                        {
                            return true;
                        }
                    }

                    if (attribute.ConstructorArguments.Length > 0 && attribute.ConstructorArguments[0].Value is string { Length: > 0 })
                    {
                        return true; // [Authorize("PolicyName")]
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// A call that verifies who the caller is before an identity is made from what they sent: a password, a
        /// one-time code, an e-mail confirmation or reset token, an external login, a signed token; or the creation of a
        /// new account (registration signs in the user it just created).
        /// </summary>
        public static bool VerifiesCredentials(IMethodSymbol method)
        {
            var name = method.Name;
            var type = (method.ReducedFrom ?? method).ContainingType?.Name ?? string.Empty;
            switch (type)
            {
                case "UserManager":
                    return name is "CheckPasswordAsync" or "CreateAsync" or "ConfirmEmailAsync" or "ResetPasswordAsync" or "VerifyUserTokenAsync"
                        or "VerifyTwoFactorTokenAsync" or "ChangeEmailAsync" or "RedeemTwoFactorRecoveryCodeAsync" or "ChangePhoneNumberAsync";
                case "SignInManager":
                    return name is "PasswordSignInAsync" or "CheckPasswordSignInAsync" or "TwoFactorSignInAsync" or "TwoFactorAuthenticatorSignInAsync"
                        or "TwoFactorRecoveryCodeSignInAsync" or "ExternalLoginSignInAsync" or "GetExternalLoginInfoAsync" or "GetTwoFactorAuthenticationUserAsync";
                case "BCrypt":
                    return name.IndexOf("Verify", StringComparison.Ordinal) >= 0;
            }

            // VerifyHashedPassword, ValidateToken(Async), ValidateCredentials, CheckPassword, VerifySignature, ValidateUser(name, password),
            // AuthenticateUser… in any library or in the project.
            if (name.StartsWith("Authenticate", StringComparison.Ordinal) && method.Parameters.Length >= 2)
            {
                return true;
            }

            return (name.StartsWith("Verify", StringComparison.Ordinal) || name.StartsWith("Validate", StringComparison.Ordinal) || name.StartsWith("Check", StringComparison.Ordinal))
                   && (name.IndexOf("Password", StringComparison.Ordinal) >= 0 || name.IndexOf("Credential", StringComparison.Ordinal) >= 0
                       || (method.Parameters.Length >= 2 && (name.IndexOf("User", StringComparison.Ordinal) >= 0 || name.IndexOf("Login", StringComparison.Ordinal) >= 0 || name.IndexOf("Logon", StringComparison.Ordinal) >= 0))
                       || name.IndexOf("Token", StringComparison.Ordinal) >= 0 || name.IndexOf("Signature", StringComparison.Ordinal) >= 0
                       || name.IndexOf("Otp", StringComparison.Ordinal) >= 0 || name.IndexOf("TwoFactor", StringComparison.Ordinal) >= 0);
        }
    }
}
