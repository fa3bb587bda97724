using System;
using System.Linq;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// What names and literal values say about secrets, for the rules about hard-coded secrets (TA1003) and predictable
    /// security values (TA1007): a member, parameter or variable named as a secret, a literal shaped like a well-known
    /// credential, an obvious placeholder. Names are compared case- and separator-insensitively, on their last word(s):
    /// <c>SmtpPassword</c>, <c>api_key</c> and <c>JwtSigningKey</c> are secrets, <c>PasswordHash</c>,
    /// <c>ApiKeyHeaderName</c> and <c>TokenEndpoint</c> are not.
    /// </summary>
    internal static class SecretNames
    {
        // The normalized endings of a secret's name, with the kind of secret the message names (longest first).
        private static readonly (string Ending, string Kind)[] Endings =
        {
            ("clientsecret", "client secret"),
            ("privatekey", "private key"),
            ("signingkey", "signing key"),
            ("encryptionkey", "encryption key"),
            ("secretkey", "secret key"),
            ("accesskey", "access key"),
            ("accesskeyid", "access key id"),
            ("hmackey", "signing key"),
            ("jwtkey", "signing key"),
            ("masterkey", "master key"),
            ("apikey", "API key"),
            ("password", "password"),
            ("passwd", "password"),
            ("passphrase", "password"),
            ("pwd", "password"),
            ("secret", "secret"),
            ("token", "token"),
        };

        // What makes a generated value a security value (TA1007), beyond the secrets above.
        private static readonly (string Ending, string Kind)[] SecurityValueEndings =
        {
            ("resetcode", "reset code"),
            ("verificationcode", "verification code"),
            ("confirmationcode", "confirmation code"),
            ("securitycode", "security code"),
            ("accesscode", "access code"),
            ("authcode", "authorization code"),
            ("authorizationcode", "authorization code"),
            ("logincode", "login code"),
            ("mfacode", "one-time password"),
            ("twofactorcode", "one-time password"),
            ("smscode", "one-time password"),
            ("pincode", "PIN"),
            ("otp", "one-time password"),
            ("otpcode", "one-time password"),
            ("onetimecode", "one-time password"),
            ("totp", "one-time password"),
            ("nonce", "nonce"),
            ("salt", "salt"),
            ("sessionid", "session id"),
            ("sessionkey", "session key"),
        };

        // Words a generator's name starts with: GenerateToken, CreateResetCode, NewSalt.
        private static readonly string[] GeneratorVerbs = { "generate", "create", "new", "make", "build", "random", "next", "get", "issue", "load", "read" };

        /// <summary>The kind of secret a name names (password, API key, token…), or null.</summary>
        public static string? SecretKind(string? name)
        {
            var normalized = Normalize(name);
            if (normalized.Length == 0)
            {
                return null;
            }

            foreach (var (ending, kind) in Endings)
            {
                if (normalized.EndsWith(ending, StringComparison.Ordinal))
                {
                    return kind;
                }
            }

            return null;
        }

        /// <summary>
        /// The kind of security value a name names: a secret, or a reset code, one-time password, nonce, salt or session
        /// id. A method's name counts without its verb: <c>GenerateResetCode</c> names a reset code.
        /// </summary>
        public static string? SecurityValueKind(string? name)
        {
            var normalized = Normalize(name);
            if (normalized.Length == 0)
            {
                return null;
            }

            if (SecretKind(normalized) is { } kind)
            {
                return kind;
            }

            foreach (var (ending, securityKind) in SecurityValueEndings)
            {
                if (normalized.EndsWith(ending, StringComparison.Ordinal))
                {
                    // "code" alone is too common (a product code); "resetcode", "otpcode" are not.
                    return securityKind;
                }
            }

            return null;
        }

        /// <summary>A method whose name says it produces a security value: GenerateToken, CreatePassword, NewSalt, GenerateOtp.</summary>
        public static string? GeneratorKind(string? methodName, bool securityValues = true)
        {
            var normalized = Normalize(methodName);
            foreach (var verb in GeneratorVerbs)
            {
                if (normalized.StartsWith(verb, StringComparison.Ordinal) && normalized.Length > verb.Length)
                {
                    var rest = normalized.Substring(verb.Length);
                    if (rest.EndsWith("async", StringComparison.Ordinal))
                    {
                        rest = rest.Substring(0, rest.Length - "async".Length);
                    }

                    return securityValues ? SecurityValueKind(rest) : SecretKind(rest);
                }
            }

            return null;
        }

        /// <summary>
        /// A value that stands for a secret rather than being one: a template reference resolved elsewhere
        /// (<c>${DB_PASSWORD}</c>, <c>{{token}}</c>, <c>%API_KEY%</c>, <c>$(Secret)</c>, <c>#{Key}#</c>). Never a finding.
        /// </summary>
        public static bool IsTemplateReference(string value)
        {
            var v = value.Trim();
            return (v.StartsWith("${", StringComparison.Ordinal) && v.EndsWith("}", StringComparison.Ordinal))
                || (v.StartsWith("{{", StringComparison.Ordinal) && v.EndsWith("}}", StringComparison.Ordinal))
                || (v.StartsWith("$(", StringComparison.Ordinal) && v.EndsWith(")", StringComparison.Ordinal))
                || (v.StartsWith("#{", StringComparison.Ordinal) && v.EndsWith("}#", StringComparison.Ordinal))
                || (v.Length > 2 && v[0] == '%' && v[v.Length - 1] == '%' && v.IndexOf(' ') < 0);
        }

        /// <summary>
        /// An obvious placeholder: <c>changeme</c>, <c>&lt;your-key&gt;</c>, <c>xxx</c>, <c>TODO</c>, <c>your-api-key</c>,
        /// <c>dummy</c>, AWS's documented <c>…EXAMPLE</c> keys. Silent in test projects only: shipped in an application, a
        /// placeholder works as the credential until someone overrides it.
        /// </summary>
        public static bool IsPlaceholder(string value)
        {
            var v = value.Trim();
            if (v.Length == 0 || IsTemplateReference(v))
            {
                return true;
            }

            if ((v[0] == '<' && v[v.Length - 1] == '>') || (v[0] == '[' && v[v.Length - 1] == ']') || (v[0] == '{' && v[v.Length - 1] == '}'))
            {
                return true;
            }

            if (v.All(c => c is 'x' or 'X' or '*' or '.' or '-' or '_' or '0' or '#'))
            {
                return true;
            }

            var n = Normalize(v);
            return n is "changeme" or "changeit" or "todo" or "tbd" or "fixme" or "placeholder" or "dummy" or "example" or "sample"
                       or "test" or "testing" or "secret" or "password" or "redacted" or "none" or "null" or "na" or "notset" or "unset"
                       or "foo" or "bar" or "foobar" or "admin" or "letmein"
                || n.StartsWith("your", StringComparison.Ordinal)
                || n.StartsWith("insert", StringComparison.Ordinal)
                || n.StartsWith("replace", StringComparison.Ordinal)
                || n.StartsWith("enter", StringComparison.Ordinal)
                || n.StartsWith("fake", StringComparison.Ordinal)
                || n.StartsWith("dummy", StringComparison.Ordinal)
                || n.StartsWith("todo", StringComparison.Ordinal)
                || n.StartsWith("changeme", StringComparison.Ordinal)
                || n.EndsWith("example", StringComparison.Ordinal)
                || n.EndsWith("placeholder", StringComparison.Ordinal);
        }

        /// <summary>
        /// A placeholder that cannot work as a credential: a template reference, a bracketed or "your…" hint
        /// (<c>&lt;your-key&gt;</c>, <c>YOUR_API_KEY_HERE</c>, <c>[api key]</c>), x's or stars, <c>TODO</c>, "insert/replace …",
        /// AWS's documented <c>…EXAMPLE</c> keys. Never a finding: there is no secret in it. (Weak defaults such as
        /// <c>changeme</c> or <c>password</c> do work as credentials; they are findings outside test projects.)
        /// </summary>
        public static bool IsInertPlaceholder(string value)
        {
            var v = value.Trim();
            if (v.Length == 0 || IsTemplateReference(v))
            {
                return true;
            }

            if ((v[0] == '<' && v[v.Length - 1] == '>') || (v[0] == '[' && v[v.Length - 1] == ']') || (v[0] == '{' && v[v.Length - 1] == '}'))
            {
                return true;
            }

            if (v.All(c => c is 'x' or 'X' or '*' or '.' or '-' or '_' or '#'))
            {
                return true;
            }

            var n = Normalize(v);
            return n is "todo" or "tbd" or "fixme" or "placeholder" or "redacted" or "notset" or "unset"
                || n.StartsWith("your", StringComparison.Ordinal)
                || n.StartsWith("insert", StringComparison.Ordinal)
                || n.StartsWith("replace", StringComparison.Ordinal)
                || n.StartsWith("enter", StringComparison.Ordinal)
                || n.StartsWith("todo", StringComparison.Ordinal)
                || n.EndsWith("example", StringComparison.Ordinal)
                || n.EndsWith("placeholder", StringComparison.Ordinal)
                || n.EndsWith("here", StringComparison.Ordinal) && n.StartsWith("put", StringComparison.Ordinal);
        }

        /// <summary>The kind of well-known credential a literal is shaped like, or null.</summary>
        public static string? CredentialShape(string value)
        {
            var v = value.Trim();
            if (v.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                v = v.Substring("Bearer ".Length).Trim();
            }

            if (v.IndexOf("-----BEGIN ", StringComparison.Ordinal) >= 0 && v.IndexOf("PRIVATE KEY-----", StringComparison.Ordinal) > 0)
            {
                return "private key";
            }

            if (v.Length == 20 && (v.StartsWith("AKIA", StringComparison.Ordinal) || v.StartsWith("ASIA", StringComparison.Ordinal))
                && v.All(c => c is >= 'A' and <= 'Z' or >= '0' and <= '9'))
            {
                return "AWS access key id";
            }

            if (v.Length == 40 && (v.StartsWith("ghp_", StringComparison.Ordinal) || v.StartsWith("gho_", StringComparison.Ordinal)
                    || v.StartsWith("ghu_", StringComparison.Ordinal) || v.StartsWith("ghs_", StringComparison.Ordinal) || v.StartsWith("ghr_", StringComparison.Ordinal))
                && v.Skip(4).All(IsAlphanumeric))
            {
                return "GitHub token";
            }

            if (v.StartsWith("github_pat_", StringComparison.Ordinal) && v.Length >= 40 && v.Skip(11).All(c => IsAlphanumeric(c) || c == '_'))
            {
                return "GitHub token";
            }

            if ((v.StartsWith("sk_live_", StringComparison.Ordinal) || v.StartsWith("rk_live_", StringComparison.Ordinal) || v.StartsWith("sk_test_", StringComparison.Ordinal))
                && v.Length >= 24 && v.Skip(8).All(IsAlphanumeric))
            {
                return "Stripe secret key";
            }

            if (v.Length == 39 && v.StartsWith("AIza", StringComparison.Ordinal) && v.Skip(4).All(c => IsAlphanumeric(c) || c is '-' or '_'))
            {
                return "Google API key";
            }

            if (IsJwt(v))
            {
                return "JWT";
            }

            return null;
        }

        /// <summary>
        /// The password of a connection string (<c>…;Password=…</c>, <c>Pwd=…</c>) or of a URL's user info
        /// (<c>scheme://user:password@host</c>), or null when there is none or it is empty.
        /// </summary>
        public static string? ConnectionStringPassword(string value)
        {
            if (value.IndexOf('=') > 0)
            {
                foreach (var part in value.Split(';'))
                {
                    var equals = part.IndexOf('=');
                    if (equals <= 0)
                    {
                        continue;
                    }

                    var key = Normalize(part.Substring(0, equals));
                    if (key is "password" or "pwd")
                    {
                        var password = part.Substring(equals + 1).Trim().Trim('\'', '"');
                        return password.Length == 0 ? null : password;
                    }
                }
            }

            var scheme = value.IndexOf("://", StringComparison.Ordinal);
            if (scheme > 0)
            {
                var rest = value.Substring(scheme + 3);
                var at = rest.IndexOf('@');
                var slash = rest.IndexOf('/');
                if (at > 0 && (slash < 0 || at < slash))
                {
                    var userInfo = rest.Substring(0, at);
                    var colon = userInfo.IndexOf(':');
                    if (colon >= 0 && colon < userInfo.Length - 1)
                    {
                        return userInfo.Substring(colon + 1);
                    }
                }
            }

            return null;
        }

        /// <summary>Lower case, without separators: <c>API_KEY</c>, <c>apiKey</c> and <c>api-key</c> are all <c>apikey</c>.</summary>
        public static string Normalize(string? name)
        {
            if (string.IsNullOrEmpty(name))
            {
                return string.Empty;
            }

            var chars = new char[name!.Length];
            var length = 0;
            foreach (var c in name)
            {
                if (char.IsLetterOrDigit(c))
                {
                    chars[length++] = char.ToLowerInvariant(c);
                }
            }

            return new string(chars, 0, length);
        }

        private static bool IsJwt(string v)
        {
            if (!v.StartsWith("eyJ", StringComparison.Ordinal))
            {
                return false;
            }

            var parts = v.Split('.');
            return parts.Length == 3
                && parts[0].Length >= 10 && parts[1].StartsWith("eyJ", StringComparison.Ordinal) && parts[1].Length >= 10
                && parts.All(p => p.All(c => IsAlphanumeric(c) || c is '-' or '_'));
        }

        private static bool IsAlphanumeric(char c) => c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9';
    }
}
