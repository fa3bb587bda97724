using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.TokenValidationDisabledRule,
    ThreatAnalyzers.CodeFixes.Rules.TokenValidationDisabledFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.TokenValidationDisabledRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class TokenValidationDisabledTests
    {
        private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        private static Task VerifyProgramAsync(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source) { References = TestReferences.WebWithLibraries, OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication }.RunWithAsync(expected);

        [Fact]
        public Task EverySwitchSetToFalse_InAnInitializer_IsReported_OnTheAssignment()
            => VerifyAsync(
                """
                using Microsoft.IdentityModel.Tokens;

                public static class Tokens
                {
                    public static TokenValidationParameters Create() => new TokenValidationParameters
                    {
                        {|#0:ValidateIssuer = false|},
                        {|#1:ValidateAudience = false|},
                        {|#2:ValidateLifetime = false|},
                        {|#3:ValidateIssuerSigningKey = false|},
                        {|#4:RequireSignedTokens = false|},
                        {|#5:RequireExpirationTime = false|},
                        ValidIssuer = "https://login.example.com",
                    };
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ValidateIssuer = false", "'Tokens.Create'", "tokens from any issuer are accepted"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ValidateAudience = false", "'Tokens.Create'", "tokens issued for any other application are accepted"),
                Verify.Diagnostic().WithLocation(2).WithArguments("ValidateLifetime = false", "'Tokens.Create'", "expired tokens are accepted"),
                Verify.Diagnostic().WithLocation(3).WithArguments("ValidateIssuerSigningKey = false", "'Tokens.Create'", "the key that signed the token is not checked"),
                Verify.Diagnostic().WithLocation(4).WithArguments("RequireSignedTokens = false", "'Tokens.Create'", "unsigned tokens are accepted"),
                Verify.Diagnostic().WithLocation(5).WithArguments("RequireExpirationTime = false", "'Tokens.Create'", "tokens that never expire are accepted"));

        [Fact]
        public Task Assignment_AndAConstantFalse_AreReported()
            => VerifyAsync(
                """
                using Microsoft.IdentityModel.Tokens;

                public static class Tokens
                {
                    private const bool Off = false;

                    public static void Configure(TokenValidationParameters parameters)
                    {
                        {|#0:parameters.ValidateAudience = Off|};
                        {|#1:parameters.ValidateLifetime = (false)|};
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ValidateAudience = Off", "'Tokens.Configure'", "tokens issued for any other application are accepted"),
                Verify.Diagnostic().WithLocation(1).WithArguments("ValidateLifetime = (false)", "'Tokens.Configure'", "expired tokens are accepted"));

        [Fact]
        public Task TrueSwitches_ValuesFromConfiguration_AndOtherTypesProperties_AreSilent()
            => VerifyAsync(
                """
                using Microsoft.Extensions.Configuration;
                using Microsoft.IdentityModel.Tokens;

                public class Options { public bool ValidateIssuer { get; set; } }

                public static class Tokens
                {
                    public static TokenValidationParameters Create(IConfiguration configuration) => new TokenValidationParameters
                    {
                        ValidateIssuer = true,
                        ValidateAudience = configuration.GetValue<bool>("Jwt:ValidateAudience"),
                        ValidateLifetime = true,
                    };

                    public static Options Other() => new Options { ValidateIssuer = false };
                }
                """);

        [Fact]
        public Task SignatureValidator_ThatWrapsTheToken_IsReported_LambdaAndMethodGroup()
            => VerifyAsync(
                """
                using Microsoft.IdentityModel.JsonWebTokens;
                using Microsoft.IdentityModel.Tokens;
                using System.IdentityModel.Tokens.Jwt;

                public static class Tokens
                {
                    public static TokenValidationParameters Lambda() => new TokenValidationParameters
                    {
                        {|#0:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                    };

                    public static void Group(TokenValidationParameters parameters)
                    {
                        {|#1:parameters.SignatureValidator = Accept|};
                    }

                    private static SecurityToken Accept(string token, TokenValidationParameters parameters)
                    {
                        return new JsonWebToken(token);
                    }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("SignatureValidator", "'Tokens.Lambda'", "the delegate returns the token without checking its signature, so a forged token is accepted"),
                Verify.Diagnostic().WithLocation(1).WithArguments("SignatureValidator", "'Tokens.Group'", "the delegate returns the token without checking its signature, so a forged token is accepted"));

        [Fact]
        public Task SignatureValidator_ThatValidates_IsSilent()
            => VerifyAsync(
                """
                using Microsoft.IdentityModel.JsonWebTokens;
                using Microsoft.IdentityModel.Tokens;

                public static class Tokens
                {
                    public static TokenValidationParameters Create(SecurityKey key) => new TokenValidationParameters
                    {
                        SignatureValidator = (token, parameters) =>
                        {
                            var jwt = new JsonWebToken(token);
                            if (!Verify(jwt, key))
                            {
                                throw new SecurityTokenInvalidSignatureException("bad signature");
                            }

                            return jwt;
                        },
                    };

                    private static bool Verify(JsonWebToken token, SecurityKey key) => token.Kid == key.KeyId;
                }
                """);

        [Fact]
        public Task RequireHttpsMetadataFalse_OutsideADevelopmentBranch_IsReported_InsideItIsSilent()
            => VerifyProgramAsync(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                var builder = WebApplication.CreateBuilder(args);

                builder.Services.AddAuthentication().AddJwtBearer(options =>
                {
                    {|#0:options.RequireHttpsMetadata = false|};
                });

                if (builder.Environment.IsDevelopment())
                {
                    builder.Services.AddAuthentication().AddJwtBearer("dev", options => options.RequireHttpsMetadata = false);
                }

                if (!builder.Environment.IsDevelopment())
                {
                    builder.Services.AddAuthentication().AddJwtBearer("prod", options => options.RequireHttpsMetadata = true);
                }
                else
                {
                    builder.Services.AddAuthentication().AddJwtBearer("local", options => options.RequireHttpsMetadata = false);
                }

                builder.Services.AddAuthentication().AddJwtBearer("env", options => options.RequireHttpsMetadata = !builder.Environment.IsDevelopment());

                var app = builder.Build();
                app.Run();
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("RequireHttpsMetadata = false", "the top-level statements",
                    "the signing keys may be fetched over plain HTTP, where anyone on the path can replace them (guard it with IsDevelopment() if it is for local work)"));

        [Fact]
        public Task RequireHttpsMetadataFalse_WithTheSigningKeyInTheCodeAndNoAuthority_IsSilent_WithAnAuthorityNoKeyOrBoundOptions_IsReported()
            => VerifyProgramAsync(
                """
                using System.Text;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.IdentityModel.Tokens;

                var builder = WebApplication.CreateBuilder(args);
                var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(builder.Configuration["Jwt:Key"]!));

                // Found on a real app: an API that issues its own tokens downloads no metadata, so the switch changes nothing.
                builder.Services.AddAuthentication().AddJwtBearer(o =>
                {
                    o.RequireHttpsMetadata = false;
                    o.TokenValidationParameters = new TokenValidationParameters { ValidateIssuerSigningKey = true, IssuerSigningKey = key };
                });

                builder.Services.AddAuthentication().AddJwtBearer("assigned", o =>
                {
                    o.RequireHttpsMetadata = false;
                    o.TokenValidationParameters.IssuerSigningKey = key;
                });

                builder.Services.AddAuthentication().AddJwtBearer("authority", o =>
                {
                    {|#0:o.RequireHttpsMetadata = false|};
                    o.Authority = builder.Configuration["Jwt:Authority"];
                    o.TokenValidationParameters = new TokenValidationParameters { IssuerSigningKey = key };
                });

                builder.Services.AddAuthentication().AddJwtBearer("no key", o =>
                {
                    {|#1:o.RequireHttpsMetadata = false|};
                    o.TokenValidationParameters = new TokenValidationParameters { ValidIssuer = "https://login.example.com", IssuerSigningKey = null };
                });

                // The configuration may name an authority: the options handed to a call are not known to fetch nothing.
                builder.Services.AddAuthentication().AddJwtBearer("bound", o =>
                {
                    {|#2:o.RequireHttpsMetadata = false|};
                    builder.Configuration.Bind("Jwt", o);
                    o.TokenValidationParameters.IssuerSigningKey = key;
                });

                var app = builder.Build();
                app.Run();
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("RequireHttpsMetadata = false", "the top-level statements",
                    "the signing keys may be fetched over plain HTTP, where anyone on the path can replace them (guard it with IsDevelopment() if it is for local work)"),
                Verify.Diagnostic().WithLocation(1).WithArguments("RequireHttpsMetadata = false", "the top-level statements",
                    "the signing keys may be fetched over plain HTTP, where anyone on the path can replace them (guard it with IsDevelopment() if it is for local work)"),
                Verify.Diagnostic().WithLocation(2).WithArguments("RequireHttpsMetadata = false", "the top-level statements",
                    "the signing keys may be fetched over plain HTTP, where anyone on the path can replace them (guard it with IsDevelopment() if it is for local work)"));

        [Fact]
        public Task RequireHttpsMetadataFalse_InAStartupMethodGuardedByTheHostEnvironment_IsSilent()
            => VerifyAsync(
                """
                using Microsoft.AspNetCore.Authentication.JwtBearer;
                using Microsoft.Extensions.DependencyInjection;
                using Microsoft.Extensions.Hosting;

                public class Startup(IHostEnvironment environment)
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.AddAuthentication().AddJwtBearer(options =>
                        {
                            if (environment.IsDevelopment() && options.Authority is not null)
                            {
                                options.RequireHttpsMetadata = false;
                            }
                        });
                    }
                }
                """);

        [Fact]
        public Task AcceptedRisk_IsReportedSuppressed()
            => VerifyAsync(
                """
                using Microsoft.IdentityModel.Tokens;
                using ThreatAnalyzers;

                public static class Tokens
                {
                    [AcceptsRisk("TA1002", "Integration tests only, tokens minted in-process", Owner = "Team Portal", Expires = "2099-01-01")]
                    public static TokenValidationParameters ForTests() => new TokenValidationParameters { {|#0:ValidateLifetime = false|} };
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("ValidateLifetime = false", "'Tokens.ForTests'", "expired tokens are accepted").WithIsSuppressed(true));

        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => VerifyAsync(
                """
                using Microsoft.IdentityModel.Tokens;

                public static class Tokens
                {
                    public static TokenValidationParameters Create() => new TokenValidationParameters
                    {
                        {|CS0117:ValidateNothing|} = false,
                        ValidateIssuer = {|CS0103:Unknown|},
                        SignatureValidator = {|CS0103:Missing|},
                        {|#0:RequireSignedTokens = false|}
                    };
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("RequireSignedTokens = false", "'Tokens.Create'", "unsigned tokens are accepted"));

        [Fact]
        public Task Fix_SetsTheSwitchToTrue_AndRemovesTheValidator_FixAll()
            => new Fix.Test
            {
                References = TestReferences.WebWithLibraries,
                NumberOfFixAllIterations = 2,
                TestCode = """
                    using Microsoft.IdentityModel.Tokens;
                    using System.IdentityModel.Tokens.Jwt;

                    public static class Tokens
                    {
                        public static TokenValidationParameters Create() => new TokenValidationParameters
                        {
                            ValidIssuer = "https://login.example.com",
                            {|#0:ValidateIssuer = false|},
                            {|#1:ValidateLifetime = false|},
                            {|#2:SignatureValidator = (token, parameters) => new JwtSecurityToken(token)|},
                        };

                        public static void Configure(TokenValidationParameters parameters)
                        {
                            {|#3:parameters.ValidateAudience = false|};
                            {|#4:parameters.SignatureValidator = (token, _) => new JwtSecurityToken(token)|};
                            parameters.ValidAudience = "portal";
                        }
                    }
                    """,
                FixedCode = """
                    using Microsoft.IdentityModel.Tokens;
                    using System.IdentityModel.Tokens.Jwt;

                    public static class Tokens
                    {
                        public static TokenValidationParameters Create() => new TokenValidationParameters
                        {
                            ValidIssuer = "https://login.example.com",
                            ValidateIssuer = true,
                            ValidateLifetime = true,
                        };

                        public static void Configure(TokenValidationParameters parameters)
                        {
                            parameters.ValidateAudience = true;
                            parameters.ValidAudience = "portal";
                        }
                    }
                    """,
                ExpectedDiagnostics =
                {
                    Fix.Diagnostic().WithLocation(0).WithArguments("ValidateIssuer = false", "'Tokens.Create'", "tokens from any issuer are accepted"),
                    Fix.Diagnostic().WithLocation(1).WithArguments("ValidateLifetime = false", "'Tokens.Create'", "expired tokens are accepted"),
                    Fix.Diagnostic().WithLocation(2).WithArguments("SignatureValidator", "'Tokens.Create'", "the delegate returns the token without checking its signature, so a forged token is accepted"),
                    Fix.Diagnostic().WithLocation(3).WithArguments("ValidateAudience = false", "'Tokens.Configure'", "tokens issued for any other application are accepted"),
                    Fix.Diagnostic().WithLocation(4).WithArguments("SignatureValidator", "'Tokens.Configure'", "the delegate returns the token without checking its signature, so a forged token is accepted"),
                },
            }.RunWithAsync();
        [Fact]
        public Task Fix_IssuerAndAudience_OfferedWhenTheExpectedValueIsConfigured_FixAll()
            => new Fix.Test
            {
                References = TestReferences.WebWithLibraries,
                TestCode = """
                    using Microsoft.AspNetCore.Authentication.JwtBearer;

                    public static class Tokens
                    {
                        public static void Configure(JwtBearerOptions options)
                        {
                            {|#0:options.TokenValidationParameters.ValidateIssuer = false|};
                            options.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer;
                            {|#1:options.TokenValidationParameters.ValidateAudience = false|};
                            options.TokenValidationParameters.ValidAudiences = new[] { "portal", "jobs" };
                        }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Authentication.JwtBearer;

                    public static class Tokens
                    {
                        public static void Configure(JwtBearerOptions options)
                        {
                            options.TokenValidationParameters.ValidateIssuer = true;
                            options.TokenValidationParameters.IssuerValidator = (issuer, token, parameters) => issuer;
                            options.TokenValidationParameters.ValidateAudience = true;
                            options.TokenValidationParameters.ValidAudiences = new[] { "portal", "jobs" };
                        }
                    }
                    """,
                ExpectedDiagnostics =
                {
                    Fix.Diagnostic().WithLocation(0).WithArguments("ValidateIssuer = false", "'Tokens.Configure'", "tokens from any issuer are accepted"),
                    Fix.Diagnostic().WithLocation(1).WithArguments("ValidateAudience = false", "'Tokens.Configure'", "tokens issued for any other application are accepted"),
                },
            }.RunWithAsync();

        /// <summary>
        /// A self-issued token signed with the app's own key often carries no issuer or audience: turning the checks on
        /// without saying what to expect would reject every token, so no fix is offered (the finding stays).
        /// </summary>
        [Fact]
        public Task Fix_IssuerAndAudience_NotOfferedWithoutAnExpectedValue()
            => new Fix.Test
            {
                // No fix: the fixed state is the source itself, its findings still there.
                References = TestReferences.WebWithLibraries,
                TestCode = """
                    using System.Text;
                    using Microsoft.IdentityModel.Tokens;

                    public static class Tokens
                    {
                        public static TokenValidationParameters Create(string key) => new TokenValidationParameters
                        {
                            ValidateIssuerSigningKey = true,
                            IssuerSigningKey = new SymmetricSecurityKey(Encoding.UTF8.GetBytes(key)),
                            {|#0:ValidateIssuer = false|},
                            {|#1:ValidateAudience = false|},
                            ValidIssuer = null,
                        };

                        public static void Configure(TokenValidationParameters parameters, TokenValidationParameters other)
                        {
                            {|#2:parameters.ValidateAudience = false|};
                            other.ValidAudience = "portal";
                        }
                    }
                    """,
                FixedState = { InheritanceMode = StateInheritanceMode.AutoInheritAll, MarkupHandling = MarkupMode.Allow },
                ExpectedDiagnostics =
                {
                    Fix.Diagnostic().WithLocation(0).WithArguments("ValidateIssuer = false", "'Tokens.Create'", "tokens from any issuer are accepted"),
                    Fix.Diagnostic().WithLocation(1).WithArguments("ValidateAudience = false", "'Tokens.Create'", "tokens issued for any other application are accepted"),
                    Fix.Diagnostic().WithLocation(2).WithArguments("ValidateAudience = false", "'Tokens.Configure'", "tokens issued for any other application are accepted"),
                },
            }.RunWithAsync();
    }
}
