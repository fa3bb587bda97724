using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.PredictableSecurityValueRule,
    ThreatAnalyzers.CodeFixes.Rules.PredictableSecurityValueFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.PredictableSecurityValueRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class PredictableSecurityValueTests
    {
        // ---- vulnerable ----

        [Fact]
        public Task RandomNext_IntoSecurityNamedTargets_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System;

                public class User
                {
                    public string ResetCode { get; set; }
                    public int Otp { get; set; }
                    public string SessionId { get; set; }
                }

                public class Accounts
                {
                    private static readonly Random random = new();

                    public void StartReset(User user)
                    {
                        user.ResetCode = {|#0:random.Next(100000, 1000000)|}.ToString("D6");
                        user.Otp = {|#1:Random.Shared.Next(1000000)|};
                        var nonce = {|#2:random.NextInt64()|};
                        Send(user, nonce.ToString());
                    }

                    public void Start(User user)
                    {
                        var id = {|#3:random.Next()|};
                        var text = $"s-{id}";
                        user.SessionId = text;
                    }

                    private static void Send(User user, string salt) { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'User.ResetCode'", "reset code", "Random.Next"),
                Verify.Diagnostic().WithLocation(1).WithArguments("'User.Otp'", "one-time password", "Random.Next"),
                Verify.Diagnostic().WithLocation(2).WithArguments("the variable 'nonce'", "nonce", "Random.NextInt64"),
                Verify.Diagnostic().WithLocation(3).WithArguments("'User.SessionId'", "session id", "Random.Next"));

        [Fact]
        public Task NextBytes_CharacterPicking_AndGeneratorMethods_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Text;

                public class Tokens
                {
                    private readonly Random random = new();

                    public string NewApiKey()
                    {
                        var bytes = new byte[32];
                        {|#0:random.NextBytes(bytes)|};
                        return Convert.ToBase64String(bytes);
                    }

                    public string GeneratePassword(int length)
                    {
                        const string chars = "abcdefghijkmnopqrstuvwxyz23456789";
                        var builder = new StringBuilder();
                        for (var i = 0; i < length; i++)
                        {
                            builder.Append(chars[{|#1:random.Next(chars.Length)|}]);
                        }

                        return builder.ToString();
                    }

                    public byte[] Salt()
                    {
                        var salt = new byte[16];
                        {|#2:random.NextBytes(salt)|};
                        return salt;
                    }

                    public double CreateNonce() => {|#3:random.NextDouble()|};

                    public void Login(string email)
                    {
                        int myRandom = {|#4:random.Next(100000, 999999)|};
                        string login_otp = myRandom.ToString();
                        Store(email, login_otp);
                    }

                    private static void Store(string email, string code) { }
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("the result of 'Tokens.NewApiKey'", "API key", "Random.NextBytes"),
                Verify.Diagnostic().WithLocation(1).WithArguments("the result of 'Tokens.GeneratePassword'", "password", "Random.Next"),
                Verify.Diagnostic().WithLocation(2).WithArguments("the variable 'salt'", "salt", "Random.NextBytes"),
                Verify.Diagnostic().WithLocation(3).WithArguments("the result of 'Tokens.CreateNonce'", "nonce", "Random.NextDouble"),
                Verify.Diagnostic().WithLocation(4).WithArguments("the variable 'login_otp'", "one-time password", "Random.Next"));

        [Fact]
        public Task TruncatedGuid_IntoATokenOrHandlesSecrets_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using ThreatAnalyzers;

                public class Invitation
                {
                    public string Token { get; set; }
                    [HandlesSecrets] public string Link { get; set; }
                }

                public class Invitations
                {
                    public Invitation Create() => new Invitation
                    {
                        Token = {|#0:Guid.NewGuid().ToString("N").Substring(0, 8)|},
                        Link = "https://portal/i/" + {|#1:Guid.NewGuid().ToString().Replace("-", "")[..12]|},
                    };
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("'Invitation.Token'", "token", "a truncated Guid"),
                Verify.Diagnostic().WithLocation(1).WithArguments("'Invitation.Link'", "secret", "a truncated Guid"));

        // ---- silent ----

        [Fact]
        public Task RandomForOtherThings_WholeGuids_AndRandomNumberGenerator_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Security.Cryptography;
                using System.Threading.Tasks;

                public class Misc
                {
                    private readonly Random random = new(42);

                    public Task Backoff() => Task.Delay(random.Next(100, 500));

                    public string PickGreeting(List<string> greetings) => greetings[random.Next(greetings.Count)];

                    public int Dice() { var roll = random.Next(1, 7); return roll; }

                    public string ResetCode() => RandomNumberGenerator.GetInt32(100000, 1000000).ToString("D6");

                    public string Token { get; set; } = Guid.NewGuid().ToString("N");

                    public string ShortReference() => Guid.NewGuid().ToString("N")[..8];

                    public string CreateSessionId() => Convert.ToHexString(RandomNumberGenerator.GetBytes(32));

                    public static int GerarCodigoSala() { var random = new Random(); int codigoSala = random.Next(100000, 999999); return codigoSala; }

                    public string TransactionReference() => $"TXN{random.Next(100000, 999999)}";
                }
                """);

        // ---- the fix ----

        [Fact]
        public Task Fix_ReplacesWithRandomNumberGenerator_FixAllToo()
            => new Fix.Test
            {
                TestCode = """
                    using System;

                    public class User
                    {
                        public string ResetCode { get; set; }
                        public int Otp { get; set; }
                        public string Token { get; set; }
                        public byte[] Salt { get; set; }
                        public long Nonce { get; set; }
                    }

                    public class Accounts
                    {
                        private static readonly Random random = new();

                        public void Issue(User user)
                        {
                            user.ResetCode = {|#0:random.Next(100000, 1000000)|}.ToString("D6");
                            user.Otp = {|#1:Random.Shared.Next(1000000)|};
                            user.Token = {|#2:Guid.NewGuid().ToString("N").Substring(0, 12)|};
                            var salt = new byte[16];
                            {|#3:random.NextBytes(salt)|};
                            user.Salt = salt;
                            user.Nonce = {|#4:random.NextInt64()|};
                        }
                    }
                    """,
                FixedCode = """
                    using System;
                    using System.Security.Cryptography;

                    public class User
                    {
                        public string ResetCode { get; set; }
                        public int Otp { get; set; }
                        public string Token { get; set; }
                        public byte[] Salt { get; set; }
                        public long Nonce { get; set; }
                    }

                    public class Accounts
                    {
                        private static readonly Random random = new();

                        public void Issue(User user)
                        {
                            user.ResetCode = RandomNumberGenerator.GetInt32(100000, 1000000).ToString("D6");
                            user.Otp = RandomNumberGenerator.GetInt32(1000000);
                            user.Token = RandomNumberGenerator.GetHexString(12, lowercase: true);
                            var salt = new byte[16];
                            RandomNumberGenerator.Fill(salt);
                            user.Salt = salt;
                            user.Nonce = {|#4:random.NextInt64()|};
                        }
                    }
                    """,
                FixedState = { ExpectedDiagnostics = { Fix.Diagnostic().WithLocation(4).WithArguments("'User.Nonce'", "nonce", "Random.NextInt64") } },
            }.RunWithAsync(
                Fix.Diagnostic().WithLocation(0).WithArguments("'User.ResetCode'", "reset code", "Random.Next"),
                Fix.Diagnostic().WithLocation(1).WithArguments("'User.Otp'", "one-time password", "Random.Next"),
                Fix.Diagnostic().WithLocation(2).WithArguments("'User.Token'", "token", "a truncated Guid"),
                Fix.Diagnostic().WithLocation(3).WithArguments("the variable 'salt'", "salt", "Random.NextBytes"),
                Fix.Diagnostic().WithLocation(4).WithArguments("'User.Nonce'", "nonce", "Random.NextInt64"));

        [Fact]
        public Task Fix_RangeOnAGuid_BecomesGetHexString()
            => Fix.VerifyCodeFixAsync("""
                using System;

                public class Invitations
                {
                    public string CreateToken() => {|#0:Guid.NewGuid().ToString("N")[..10]|};
                }
                """,
                new[] { Fix.Diagnostic().WithLocation(0).WithArguments("the result of 'Invitations.CreateToken'", "token", "a truncated Guid") },
                """
                using System;
                using System.Security.Cryptography;

                public class Invitations
                {
                    public string CreateToken() => RandomNumberGenerator.GetHexString(10, lowercase: true);
                }
                """);
    }
}
