using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.WeakCryptographyRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class WeakCryptographyTests
    {
        private const string PasswordAdvice = "a fast hash of a password is guessed offline; derive it with Rfc2898DeriveBytes.Pbkdf2 (600,000 iterations of SHA256 and a random salt) or Identity's PasswordHasher<T>";
        private const string HashAdvice = "use SHA256 (or HMACSHA256 with a key, for a signature)";

        [Fact]
        public Task BrokenCiphers_AndEcb_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Security.Cryptography;

                public class Vault
                {
                #pragma warning disable SYSLIB0021
                    public byte[] A(byte[] data) { using var des = {|#0:DES.Create()|}; return des.EncryptCbc(data, new byte[8]); }
                    public SymmetricAlgorithm B() => {|#1:TripleDES.Create()|};
                    public SymmetricAlgorithm C() => {|#2:new TripleDESCryptoServiceProvider()|};
                    public SymmetricAlgorithm D() => {|#3:RC2.Create()|};
                #pragma warning restore SYSLIB0021
                    public byte[] E(byte[] data)
                    {
                        using var aes = Aes.Create();
                        aes.Mode = {|#4:CipherMode.ECB|};
                        return {|#5:aes.EncryptEcb(data, PaddingMode.PKCS7)|};
                    }
                }
                """,
                Verify.Diagnostic("TA4007").WithLocation(0).WithArguments("DES", "the data it encrypts", "use Aes (AesGcm for authenticated encryption)"),
                Verify.Diagnostic("TA4007").WithLocation(1).WithArguments("TripleDES", "the data it encrypts", "use Aes (AesGcm for authenticated encryption)"),
                Verify.Diagnostic("TA4007").WithLocation(2).WithArguments("TripleDES", "the data it encrypts", "use Aes (AesGcm for authenticated encryption)"),
                Verify.Diagnostic("TA4007").WithLocation(3).WithArguments("RC2", "the data it encrypts", "use Aes (AesGcm for authenticated encryption)"),
                Verify.Diagnostic("TA4007").WithLocation(4).WithArguments("ECB mode", "the data it encrypts", "ECB shows which blocks are equal; use CBC with a random IV, or AesGcm"),
                Verify.Diagnostic("TA4007").WithLocation(5).WithArguments("ECB mode", "the data it encrypts", "ECB shows which blocks are equal; use CBC with a random IV, or AesGcm"));

        [Fact]
        public Task FastHashOfAPassword_Fires_WhateverTheAlgorithm()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Security.Cryptography;
                using System.Text;

                public record LoginRequest(string UserName, string Password);

                public class Users
                {
                    public string PasswordHash { get; set; } = "";

                    public string A(string password) => Convert.ToHexString({|#0:SHA256.HashData(Encoding.UTF8.GetBytes(password))|});
                    public byte[] B(LoginRequest request, string salt) => {|#1:SHA512.HashData(Encoding.UTF8.GetBytes(salt + request.Password))|};
                    public byte[] C(string pwd)
                    {
                        using var md5 = MD5.Create();
                        var bytes = Encoding.UTF8.GetBytes(pwd);
                        return {|#2:md5.ComputeHash(bytes)|};
                    }

                    // Stored as a password hash, whatever the input is called.
                    public void D(string text) => PasswordHash = Convert.ToBase64String({|#3:SHA1.HashData(Encoding.UTF8.GetBytes(text))|});
                }
                """,
                Verify.Diagnostic("TA4007").WithLocation(0).WithArguments("SHA256", "'password' (a password)", PasswordAdvice),
                Verify.Diagnostic("TA4007").WithLocation(1).WithArguments("SHA512", "'request.Password' (a password)", PasswordAdvice),
                Verify.Diagnostic("TA4007").WithLocation(2).WithArguments("MD5", "'pwd' (a password)", PasswordAdvice),
                Verify.Diagnostic("TA4007").WithLocation(3).WithArguments("SHA1", "'Users.PasswordHash' (a password)", PasswordAdvice));

        [Fact]
        public Task Md5OrSha1_OfPersonalDataOrASecret_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Security.Cryptography;
                using System.Text;
                using ThreatAnalyzers;

                public class Customer
                {
                    [HandlesPii] public string Email { get; set; } = "";
                }

                public class Tokens
                {
                    public string A(Customer customer) => Convert.ToHexString({|#0:{|#3:MD5|}.HashData(Encoding.UTF8.GetBytes(customer.Email))|});
                    public byte[] B(string apiKey) => {|#1:{|#4:SHA1.Create()|}.ComputeHash(Encoding.UTF8.GetBytes(apiKey))|};
                    public string Signature { get; private set; } = "";
                    public void C(byte[] payload) => Signature = Convert.ToBase64String({|#2:{|#5:MD5|}.HashData(payload)|});
                }
                """,
                Verify.Diagnostic("TA4007").WithLocation(0).WithLocation(3).WithArguments("MD5", "'customer.Email' (PII)", HashAdvice),
                Verify.Diagnostic("TA4007").WithLocation(1).WithLocation(4).WithArguments("SHA1", "'apiKey' (secret)", HashAdvice),
                Verify.Diagnostic("TA4007").WithLocation(2).WithLocation(5).WithArguments("MD5", "'Tokens.Signature' (secret)", HashAdvice));

        [Fact]
        public Task Checksums_StrongHashesOfData_Kdfs_AndHmacs_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.Security.Cryptography;
                using System.Text;

                public class Files
                {
                    // Content checksums, ETags and cache keys: MD5/SHA1 over data nobody keeps secret.
                    public string ETag(byte[] content) => "\"" + Convert.ToHexString(MD5.HashData(content)) + "\"";
                    public string CacheKey(string url) => Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(url)));
                    public byte[] Checksum(Stream stream) { using var md5 = MD5.Create(); return md5.ComputeHash(stream); }

                    // A strong hash of a secret that is not a password (an API key kept as its hash).
                    public byte[] KeyHash(string apiKey) => SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

                    // Password hashing done right, and keyed hashes.
                    public byte[] Derive(string password, byte[] salt) => Rfc2898DeriveBytes.Pbkdf2(password, salt, 600_000, HashAlgorithmName.SHA256, 32);
                #pragma warning disable SYSLIB0041
                    public byte[] Legacy(string password, byte[] salt) { using var kdf = new Rfc2898DeriveBytes(password, salt, 10000, HashAlgorithmName.SHA1); return kdf.GetBytes(32); }
                #pragma warning restore SYSLIB0041
                    public byte[] Mac(byte[] key, byte[] body) => HMACSHA1.HashData(key, body);
                    public byte[] Gcm(byte[] key, byte[] nonce, byte[] plain, byte[] cipher, byte[] tag) { using var aes = new AesGcm(key, 16); aes.Encrypt(nonce, plain, cipher, tag); return cipher; }
                    public SymmetricAlgorithm Cbc() { var aes = Aes.Create(); aes.Mode = CipherMode.CBC; return aes; }
                }
                """);
    }
}
