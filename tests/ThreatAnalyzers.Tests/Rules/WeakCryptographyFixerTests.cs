using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.WeakCryptographyRule,
    ThreatAnalyzers.CodeFixes.Rules.WeakCryptographyFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class WeakCryptographyFixerTests
    {
        private const string HashAdvice = "use SHA256 (or HMACSHA256 with a key, for a signature)";

        [Fact]
        public Task Md5AndSha1_OfSensitiveData_BecomeSha256_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Security.Cryptography;
                        using System.Text;
                        using ThreatAnalyzers;

                        public class Customer
                        {
                            [HandlesPii] public string Email { get; set; } = "";
                            [HandlesPii] public string Phone { get; set; } = "";
                        }

                        public class Pseudonyms
                        {
                            public string A(Customer c) => Convert.ToHexString({|#0:{|#1:MD5|}.HashData(Encoding.UTF8.GetBytes(c.Email))|});
                            public string B(Customer c) => Convert.ToHexString({|#2:{|#3:System.Security.Cryptography.SHA1|}.HashData(Encoding.UTF8.GetBytes(c.Phone))|});
                            public byte[] C(string apiKey)
                            {
                                using {|#8:MD5|} md5 = {|#5:MD5.Create()|};
                                return {|#4:md5.ComputeHash(Encoding.UTF8.GetBytes(apiKey))|};
                            }
                        #pragma warning disable SYSLIB0021
                            public byte[] D(string clientSecret)
                            {
                                using var sha = {|#7:new SHA1Managed()|};
                                return {|#6:sha.ComputeHash(Encoding.UTF8.GetBytes(clientSecret))|};
                            }
                        #pragma warning restore SYSLIB0021
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Security.Cryptography;
                        using System.Text;
                        using ThreatAnalyzers;

                        public class Customer
                        {
                            [HandlesPii] public string Email { get; set; } = "";
                            [HandlesPii] public string Phone { get; set; } = "";
                        }

                        public class Pseudonyms
                        {
                            public string A(Customer c) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(c.Email)));
                            public string B(Customer c) => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(c.Phone)));
                            public byte[] C(string apiKey)
                            {
                                using SHA256 md5 = SHA256.Create();
                                return md5.ComputeHash(Encoding.UTF8.GetBytes(apiKey));
                            }
                        #pragma warning disable SYSLIB0021
                            public byte[] D(string clientSecret)
                            {
                                using var sha = SHA256.Create();
                                return sha.ComputeHash(Encoding.UTF8.GetBytes(clientSecret));
                            }
                        #pragma warning restore SYSLIB0021
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA4007").WithLocation(0).WithLocation(1).WithArguments("MD5", "'c.Email' (PII)", HashAdvice),
                Verify.Diagnostic("TA4007").WithLocation(2).WithLocation(3).WithArguments("SHA1", "'c.Phone' (PII)", HashAdvice),
                Verify.Diagnostic("TA4007").WithLocation(4).WithLocation(5).WithLocation(8).WithArguments("MD5", "'apiKey' (secret)", HashAdvice),
                Verify.Diagnostic("TA4007").WithLocation(6).WithLocation(7).WithArguments("SHA1", "'clientSecret' (secret)", HashAdvice));
    }
}
