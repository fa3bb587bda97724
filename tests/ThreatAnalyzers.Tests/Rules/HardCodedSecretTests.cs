using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.HardCodedSecretRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class HardCodedSecretTests
    {
        private static Task VerifyAsync(string source, params Microsoft.CodeAnalysis.Testing.DiagnosticResult[] expected)
            => new Verify.Test(source) { References = Verifiers.TestReferences.WebWithLibraries }.RunWithAsync(expected);

        // ---- named as a secret ----

        [Fact]
        public Task SecretNamedMembers_FieldsPropertiesConstantsLocalsAndParameters_Fire()
            => VerifyAsync("""
                public class SmtpOptions
                {
                    public string Host { get; set; } = "smtp.example.org";
                    public string Password { get; set; } = {|#0:"Sm7p!pass"|};
                    private const string ApiKey = {|#1:"k3y-live-8f2c1d"|};
                    private static readonly string client_secret = {|#2:"s3cr3t-value"|};
                    public string SigningKey => {|#3:"the-signing-key-2024"|};
                    public const string JWT_SECRET_KEY = {|#8:"SecretKeyOfDoomThatMustBeAMinimumNumberOfBytes"|};
                    public const string DEFAULT_PASSWORD = {|#9:"Pass@word1"|};

                    public void Configure(SmtpOptions other)
                    {
                        other.Password = {|#4:"Other-pass1"|};
                        var accessToken = {|#5:"at_9f8e7d6c"|};
                        string dbPwd;
                        dbPwd = {|#6:"pw1234"|};
                        Send(accessToken, dbPwd, {|#7:"ApiSecret99"|});
                    }

                    private static void Send(string token, string user, string secret) { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'SmtpOptions.Password'", "password"),
                Verify.Diagnostic().WithLocation(1).WithArguments("'SmtpOptions.ApiKey'", "API key"),
                Verify.Diagnostic().WithLocation(2).WithArguments("'SmtpOptions.client_secret'", "client secret"),
                Verify.Diagnostic().WithLocation(3).WithArguments("'SmtpOptions.SigningKey'", "signing key"),
                Verify.Diagnostic().WithLocation(4).WithArguments("'SmtpOptions.Password'", "password"),
                Verify.Diagnostic().WithLocation(5).WithArguments("the variable 'accessToken'", "token"),
                Verify.Diagnostic().WithLocation(6).WithArguments("the variable 'dbPwd'", "password"),
                Verify.Diagnostic().WithLocation(7).WithArguments("the argument 'secret' of 'SmtpOptions.Send'", "secret"),
                Verify.Diagnostic().WithLocation(8).WithArguments("'SmtpOptions.JWT_SECRET_KEY'", "secret key"),
                Verify.Diagnostic().WithLocation(9).WithArguments("'SmtpOptions.DEFAULT_PASSWORD'", "password"));

        [Fact]
        public Task HandlesSecrets_AndFrameworkParameters_AndIndexerKeys_Fire()
            => VerifyAsync("""
                using System.Collections.Generic;
                using System.Net;
                using ThreatAnalyzers;

                public class Partner
                {
                    [HandlesSecrets] public string Credential { get; set; }

                    public static Partner Create() => new Partner { Credential = {|#0:"partner-cred-77"|} };

                    public NetworkCredential Network() => new NetworkCredential("svc-user", {|#1:"N3twork!"|});

                    public Dictionary<string, string> Settings() => new() { ["Smtp:Password"] = {|#2:"Sm7p!pass"|}, ["Smtp:Host"] = "localhost" };
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Partner.Credential'", "secret"),
                Verify.Diagnostic().WithLocation(1).WithArguments("the argument 'password' of 'NetworkCredential'", "password"),
                Verify.Diagnostic().WithLocation(2).WithArguments("'Smtp:Password'", "password"));

        [Fact]
        public Task SymmetricSecurityKey_FromALiteral_Fires()
            => VerifyAsync("""
                using System.Text;
                using Microsoft.IdentityModel.Tokens;

                public class Tokens
                {
                    public SecurityKey Key() => new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|#0:"a-very-long-development-signing-key-0123456789"|}));
                    public byte[] Mac(byte[] data) => System.Security.Cryptography.HMACSHA256.HashData(Encoding.ASCII.GetBytes({|#1:"mac-key-1"|}), data);
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("the argument 'key' of 'SymmetricSecurityKey'", "signing key"),
                Verify.Diagnostic().WithLocation(1).WithArguments("the argument 'key' of 'HMACSHA256.HashData'", "signing key"));

        // ---- connection strings and credential shapes ----

        [Fact]
        public Task ConnectionStringWithPassword_AndUrlWithPassword_Fire()
            => VerifyAsync("""
                public class Db
                {
                    public string Main = {|#0:"Server=db;Database=shop;User Id=sa;Password=Pa55word!;"|};
                    public string Legacy() => {|#1:"Data Source=db;Uid=app;Pwd=legacy1"|};
                    public string Queue = {|#2:"amqp://app:rabbit-pw@mq.internal:5672/"|};
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Db.Main'", "connection string password"),
                Verify.Diagnostic().WithLocation(1).WithArguments("the result of 'Db.Legacy'", "connection string password"),
                Verify.Diagnostic().WithLocation(2).WithArguments("'Db.Queue'", "connection string password"));

        [Fact]
        public Task WellKnownCredentialShapes_FireWhateverTheName()
            => VerifyAsync("""
                using System.Net.Http;

                public class Clients
                {
                    public string Id = {|#0:"AKIAZ7Q3TXN5KD2LPW4M"|};
                    public string Pem = {|#1:"-----BEGIN RSA PRIVATE KEY-----\nMIIEow\n-----END RSA PRIVATE KEY-----"|};
                    public string Gh = {|#2:"ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5"|};
                    public string Maps = {|#4:"AIzaSyAO_FJ2SlqU8Q4STEHLGCilw_Y9_11qcW8"|};
                    public string Stripe = {|#5:"sk_live_4eC39HqLyjWDarjtT1zdp7dc"|};

                    public void Call(HttpClient client)
                        => client.DefaultRequestHeaders.Add("Authorization", {|#3:"Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"|});
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Clients.Id'", "AWS access key id"),
                Verify.Diagnostic().WithLocation(1).WithArguments("'Clients.Pem'", "private key"),
                Verify.Diagnostic().WithLocation(2).WithArguments("'Clients.Gh'", "GitHub token"),
                Verify.Diagnostic().WithLocation(3).WithArguments("the argument 'value' of 'HttpHeaders.Add'", "JWT"),
                Verify.Diagnostic().WithLocation(4).WithArguments("'Clients.Maps'", "Google API key"),
                Verify.Diagnostic().WithLocation(5).WithArguments("'Clients.Stripe'", "Stripe secret key"));

        /// <summary>
        /// A piece of an interpolated string's text, or a format clause (a literal with no quote of its own), is reported
        /// for its shape or a connection string's password, also where a handler's AppendLiteral takes the text (and only
        /// such an interpolated string is walked to); a message, a label or a template reference in the text is silent.
        /// </summary>
        [Fact]
        public Task InterpolatedStrings_PiecesAndFormatClausesShapedLikeCredentials_Fire_Messages_AreSilent()
            => VerifyAsync("""
                using System;
                using System.Runtime.CompilerServices;
                using System.Text;

                [InterpolatedStringHandler]
                public ref struct CredentialHandler
                {
                    public CredentialHandler(int literalLength, int formattedCount) { }
                    public void AppendLiteral(string password) { }
                    public void AppendFormatted<T>(T value) { }
                }

                public class Endpoints
                {
                    public string Connection(string host) => $"Server={host}{|#0:;Database=shop;Password=Hunter2-prod;|}";
                    public string Key(string region) => $@"{region}{|#1:AKIAZ7Q3TXN5KD2LPW4M|}";
                    public string Formatted(int x) => $"{x{|#2::AKIAZ7Q3TXN5KD2LPW4M|}}";
                    public void Append(StringBuilder builder, int x) => builder.Append($"{x}{|#3:AKIAZ7Q3TXN5KD2LPW4M|}");
                    public string Message(char c, int start) => $"Unexpected '{c}' at {start}";
                    public string Header(string name) => $"X-Api-Key: {name}";
                    public string Templated(string host) => $"Server={host};Password=${{DB_PASSWORD}}";
                    public string Hex(int x) => $"{x:X8}";
                    public void Fail(int position) => throw new FormatException($"Expected ')' at {position}");
                    public void Handled(int x) => Use($"pw1234{x}");

                    private static void Use(CredentialHandler handler) { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Endpoints.Connection'", "connection string password"),
                Verify.Diagnostic().WithLocation(1).WithArguments("'Endpoints.Key'", "AWS access key id"),
                Verify.Diagnostic().WithLocation(2).WithArguments("'Endpoints.Formatted'", "AWS access key id"),
                Verify.Diagnostic().WithLocation(3).WithArguments("'Endpoints.Append'", "AWS access key id"));

        [Fact]
        public Task TopLevelStatements_Fire()
            => new Verify.Test("""
                using System.Text;
                using Microsoft.IdentityModel.Tokens;

                var key = new SymmetricSecurityKey(Encoding.UTF8.GetBytes({|#0:"dev-signing-key-please-change-0123456789"|}));
                var password = {|#1:"hunter22"|};
                System.Console.WriteLine(key.KeySize + password.Length);
                """) { References = Verifiers.TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }
                .RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("the argument 'key' of 'SymmetricSecurityKey'", "signing key"),
                    Verify.Diagnostic().WithLocation(1).WithArguments("the variable 'password'", "password"));

        // ---- silent ----

        [Fact]
        public Task ConfigurationReads_EmptyValues_Labels_AndOtherNames_AreSilent()
            => VerifyAsync("""
                using System;
                using System.Text;
                using Microsoft.Extensions.Configuration;
                using Microsoft.IdentityModel.Tokens;

                public class Settings
                {
                    public string Password { get; set; } = "";
                    public string ApiKey { get; set; } = string.Empty;
                    public string Token = "   ";
                    public const string ApiKeyHeaderName = "X-Api-Key";
                    public const string RefreshToken = "refresh_token";
                    public const string AntiforgeryToken = "__RequestVerificationToken";
                    public const string ApiSecretKey = "ApiSecret";
                    public const string CredentialsApiKey = "YOUR_API_KEY_HERE";
                    public const string SampleToken = "xxx";
                    public const string DocsAccessKey = "<your-access-key>";
                    public string PasswordHash { get; set; } = "AQAAAAEAACcQAAAAE";
                    public string TokenEndpoint { get; set; } = "https://login.example.org/token";
                    public string PasswordError = "The password must have 12 characters";
                    public string Connection = "Server=db;Database=shop;Integrated Security=true";
                    public string Templated = "Server=db;Password=${DB_PASSWORD}";
                    public string Holes(string pwd) => $"Server=db;Password={pwd};";

                    public SecurityKey Key(IConfiguration configuration)
                    {
                        var secret = configuration["Jwt:Key"];
                        var fromEnv = Environment.GetEnvironmentVariable("API_TOKEN");
                        var apiKey = configuration.GetValue<string>("Partner:ApiKey");
                        var token = "${PARTNER_TOKEN}";
                        return new SymmetricSecurityKey(Encoding.UTF8.GetBytes(secret + fromEnv + apiKey + token));
                    }
                }
                """);

        [Theory]
        [InlineData("changeme")]
        [InlineData("<your-key>")]
        [InlineData("xxx")]
        [InlineData("TODO")]
        [InlineData("your-api-key")]
        [InlineData("AKIAIOSFODNN7EXAMPLE")]
        public Task Placeholders_InATestProject_AreSilent(string placeholder)
            => new Verify.Test($$"""
                public class FakeSmtp
                {
                    public string Password { get; set; } = "{{placeholder}}";
                    public string Connection = "Server=db;Password={{placeholder}}";
                }
                """)
            {
                SolutionTransforms = { (solution, project) => solution.WithProjectAssemblyName(project, "CustomerPortal.Tests") },
            }.RunWithAsync();

        [Fact]
        public Task WeakDefaults_InAnApplication_AreReported_InertPlaceholdersAreNot()
            => VerifyAsync("""
                public class Smtp
                {
                    public string Password { get; set; } = {|#0:"changeme"|};
                    public string AdminPassword { get; set; } = {|#1:"admin"|};
                    public string ApiKey { get; set; } = "${SMTP_API_KEY}";
                    public string Token { get; set; } = "{{token}}";
                    public string Secret { get; set; } = "<your-secret>";
                    public string AccessKey { get; set; } = "TODO";
                    public string AwsKey = "AKIAIOSFODNN7EXAMPLE";
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Smtp.Password'", "password"),
                Verify.Diagnostic().WithLocation(1).WithArguments("'Smtp.AdminPassword'", "password"));

        [Fact]
        public Task RealSecret_InATestProject_IsStillReported()
            => new Verify.Test("""
                public class FakeSmtp
                {
                    public string Password { get; set; } = {|#0:"Sm7p!pass"|};
                }
                """)
            {
                SolutionTransforms = { (solution, project) => solution.WithProjectAssemblyName(project, "CustomerPortal.Tests") },
            }.RunWithAsync(Verify.Diagnostic().WithLocation(0).WithArguments("'FakeSmtp.Password'", "password"));

        [Fact]
        public Task Accepted_IsSuppressed()
            => VerifyAsync("""
                using ThreatAnalyzers;

                public class Smtp
                {
                    [AcceptsRisk("TA1003", "Local relay, no credentials of value", Owner = "Ops", Expires = "2027-01-01")]
                    public string Password { get; set; } = {|#0:"relay-pass-1"|};
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Smtp.Password'", "password").WithIsSuppressed(true));
    }
}
