using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.IdentityModel
{
    /// <summary>
    /// Microsoft.IdentityModel's token validation switches, the JWT bearer and OpenID Connect handlers' metadata switch,
    /// and the token types a signature validator may wrap a token in. Resolved once per compilation.
    /// </summary>
    internal sealed class TokenValidationSettings
    {
        public const string TokenValidationParametersName = "Microsoft.IdentityModel.Tokens.TokenValidationParameters";

        /// <summary>The boolean switches of TokenValidationParameters that turn a check off when false, with what is then accepted.</summary>
        public static readonly ImmutableDictionary<string, string> Switches = ImmutableDictionary.CreateRange(new[]
        {
            Pair("ValidateIssuer", "tokens from any issuer are accepted"),
            Pair("ValidateAudience", "tokens issued for any other application are accepted"),
            Pair("ValidateLifetime", "expired tokens are accepted"),
            Pair("ValidateIssuerSigningKey", "the key that signed the token is not checked"),
            Pair("RequireSignedTokens", "unsigned tokens are accepted"),
            Pair("RequireExpirationTime", "tokens that never expire are accepted"),
        });

        /// <summary>The delegates that replace signature validation.</summary>
        public static readonly ImmutableArray<string> SignatureValidators = ImmutableArray.Create("SignatureValidator", "SignatureValidatorUsingConfiguration");

        /// <summary>The option types whose RequireHttpsMetadata lets the handler fetch its signing keys over plain HTTP.</summary>
        private static readonly string[] MetadataOptions =
        {
            "Microsoft.AspNetCore.Authentication.JwtBearer.JwtBearerOptions",
            "Microsoft.AspNetCore.Authentication.OpenIdConnect.OpenIdConnectOptions",
        };

        public const string RequireHttpsMetadata = "RequireHttpsMetadata";

        /// <summary>The token types a validator returns; wrapping the raw token in one of them validates nothing.</summary>
        private static readonly string[] TokenTypes =
        {
            "System.IdentityModel.Tokens.Jwt.JwtSecurityToken",
            "Microsoft.IdentityModel.JsonWebTokens.JsonWebToken",
        };

        private TokenValidationSettings(Compilation compilation)
        {
            TokenValidationParameters = compilation.GetTypeByMetadataName(TokenValidationParametersName);
            var options = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in MetadataOptions)
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    options.Add(type);
                }
            }

            MetadataOptionTypes = options.ToImmutable();
            var tokens = ImmutableArray.CreateBuilder<INamedTypeSymbol>();
            foreach (var name in TokenTypes)
            {
                if (compilation.GetTypeByMetadataName(name) is { } type)
                {
                    tokens.Add(type);
                }
            }

            TokenTypeSymbols = tokens.ToImmutable();
        }

        public INamedTypeSymbol? TokenValidationParameters { get; }

        public ImmutableArray<INamedTypeSymbol> MetadataOptionTypes { get; }

        public ImmutableArray<INamedTypeSymbol> TokenTypeSymbols { get; }

        public bool IsEmpty => TokenValidationParameters is null && MetadataOptionTypes.IsEmpty;

        public static TokenValidationSettings Of(Compilation compilation)
            => PerCompilation<TokenValidationSettings>.Get(compilation, c => new TokenValidationSettings(c));

        private static System.Collections.Generic.KeyValuePair<string, string> Pair(string key, string value) => new(key, value);
    }
}
