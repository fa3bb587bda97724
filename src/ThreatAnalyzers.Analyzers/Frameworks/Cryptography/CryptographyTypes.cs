using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.Cryptography
{
    /// <summary>
    /// What .NET and Microsoft.IdentityModel mean for secrets and random values, resolved once per compilation: the
    /// constructors whose argument is key material (a signing or HMAC key), the conversions a literal passes through on
    /// its way there (<c>Encoding.UTF8.GetBytes("…")</c>), <see cref="System.Random"/> and <c>RandomNumberGenerator</c>.
    /// </summary>
    internal sealed class CryptographyTypes
    {
        private static readonly ConditionalWeakTable<Compilation, CryptographyTypes> Cache = new();

        /// <summary>Types whose constructor (or static HashData) takes key material in a parameter named "key".</summary>
        private static readonly string[] KeyMaterialTypeNames =
        {
            "Microsoft.IdentityModel.Tokens.SymmetricSecurityKey",
            "System.Security.Cryptography.HMACSHA1",
            "System.Security.Cryptography.HMACSHA256",
            "System.Security.Cryptography.HMACSHA384",
            "System.Security.Cryptography.HMACSHA512",
            "System.Security.Cryptography.HMACMD5",
        };

        private CryptographyTypes(Compilation c)
        {
            KeyMaterialTypes = KeyMaterialTypeNames.Select(c.GetTypeByMetadataName).Where(t => t is not null).Select(t => t!).ToArray();
            Encoding = c.GetTypeByMetadataName("System.Text.Encoding");
            Convert = c.GetTypeByMetadataName("System.Convert");
            Random = c.GetTypeByMetadataName("System.Random");
            Guid = c.GetTypeByMetadataName("System.Guid");
            RandomNumberGenerator = c.GetTypeByMetadataName("System.Security.Cryptography.RandomNumberGenerator");
            HasGetHexString = RandomNumberGenerator?.GetMembers("GetHexString").Length > 0;
            HasGetInt32 = RandomNumberGenerator?.GetMembers("GetInt32").Length > 0;
            HasFill = RandomNumberGenerator?.GetMembers("Fill").Length > 0;
            HashAlgorithm = c.GetTypeByMetadataName("System.Security.Cryptography.HashAlgorithm");
            SymmetricAlgorithm = c.GetTypeByMetadataName("System.Security.Cryptography.SymmetricAlgorithm");
            CipherMode = c.GetTypeByMetadataName("System.Security.Cryptography.CipherMode");
            BrokenHashes = Resolve(c, BrokenHashNames);
            FastHashes = Resolve(c, FastHashNames);
            BrokenCiphers = Resolve(c, BrokenCipherNames);
        }

        /// <summary>Hash algorithms with practical collisions (MD5, SHA-1): unfit wherever an attacker may choose or guess the input.</summary>
        private static readonly (string Type, string Name)[] BrokenHashNames =
        {
            ("System.Security.Cryptography.MD5", "MD5"),
            ("System.Security.Cryptography.SHA1", "SHA1"),
        };

        /// <summary>Sound but fast unkeyed hashes: fine for data, unfit for passwords (guessed offline by the billion per second).</summary>
        private static readonly (string Type, string Name)[] FastHashNames =
        {
            ("System.Security.Cryptography.SHA256", "SHA256"),
            ("System.Security.Cryptography.SHA384", "SHA384"),
            ("System.Security.Cryptography.SHA512", "SHA512"),
            ("System.Security.Cryptography.SHA3_256", "SHA3_256"),
            ("System.Security.Cryptography.SHA3_384", "SHA3_384"),
            ("System.Security.Cryptography.SHA3_512", "SHA3_512"),
        };

        /// <summary>Ciphers with keys or blocks too small to protect anything (DES, 3DES, RC2).</summary>
        private static readonly (string Type, string Name)[] BrokenCipherNames =
        {
            ("System.Security.Cryptography.DES", "DES"),
            ("System.Security.Cryptography.TripleDES", "TripleDES"),
            ("System.Security.Cryptography.RC2", "RC2"),
        };

        private static (INamedTypeSymbol Type, string Name)[] Resolve(Compilation c, (string Type, string Name)[] names)
            => names.Select(n => (Type: c.GetTypeByMetadataName(n.Type), n.Name)).Where(n => n.Type is not null).Select(n => (n.Type!, n.Name)).ToArray();

        public INamedTypeSymbol? HashAlgorithm { get; }

        public INamedTypeSymbol? SymmetricAlgorithm { get; }

        public INamedTypeSymbol? CipherMode { get; }

        public (INamedTypeSymbol Type, string Name)[] BrokenHashes { get; }

        public (INamedTypeSymbol Type, string Name)[] FastHashes { get; }

        public (INamedTypeSymbol Type, string Name)[] BrokenCiphers { get; }

        /// <summary>Whether the compilation can use any of the algorithms TA4007 looks for.</summary>
        public bool HasAlgorithms => BrokenHashes.Length > 0 || BrokenCiphers.Length > 0 || CipherMode is not null;

        /// <summary>The broken hash <paramref name="type"/> is or derives from (MD5CryptoServiceProvider is MD5), or null.</summary>
        public string? BrokenHash(ITypeSymbol? type) => NameIn(BrokenHashes, type);

        /// <summary>The fast unkeyed hash <paramref name="type"/> is or derives from, or null.</summary>
        public string? FastHash(ITypeSymbol? type) => NameIn(FastHashes, type);

        /// <summary>The broken cipher <paramref name="type"/> is or derives from (DESCryptoServiceProvider is DES), or null.</summary>
        public string? BrokenCipher(ITypeSymbol? type) => NameIn(BrokenCiphers, type);

        private static string? NameIn((INamedTypeSymbol Type, string Name)[] known, ITypeSymbol? type)
        {
            if (type is null || known.Length == 0)
            {
                return null;
            }

            foreach (var (candidate, name) in known)
            {
                if (type.InheritsFromOrEquals(candidate))
                {
                    return name;
                }
            }

            return null;
        }

        public INamedTypeSymbol[] KeyMaterialTypes { get; }

        public INamedTypeSymbol? Encoding { get; }

        public INamedTypeSymbol? Convert { get; }

        public INamedTypeSymbol? Random { get; }

        public INamedTypeSymbol? Guid { get; }

        public INamedTypeSymbol? RandomNumberGenerator { get; }

        public bool HasGetHexString { get; }

        public bool HasGetInt32 { get; }

        public bool HasFill { get; }

        public static CryptographyTypes For(Compilation compilation) => Cache.GetValue(compilation, c => new CryptographyTypes(c));

        /// <summary>The "key" parameter of a key-material constructor or of <c>HMACSHA256.HashData(key, …)</c>.</summary>
        public bool IsKeyMaterial(IParameterSymbol parameter)
            => parameter.Name == "key"
               && parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor or MethodKind.Ordinary } method
               && (method.MethodKind == MethodKind.Constructor || method.Name == "HashData")
               && KeyMaterialTypes.Any(t => SymbolEqualityComparer.Default.Equals(t, method.ContainingType));

        /// <summary>
        /// A call a literal goes through unchanged in meaning: <c>Encoding.X.GetBytes(s)</c>,
        /// <c>Convert.FromBase64String(s)</c>, <c>Convert.FromHexString(s)</c>, <c>s.ToCharArray()</c>.
        /// </summary>
        public bool IsPassThrough(IMethodSymbol method)
        {
            if (method.Name == "GetBytes" && method.ContainingType.InheritsFromOrEquals(Encoding))
            {
                return true;
            }

            if (method.Name is "FromBase64String" or "FromHexString" && SymbolEqualityComparer.Default.Equals(method.ContainingType, Convert))
            {
                return true;
            }

            return method.Name == "ToCharArray" && method.ContainingType.SpecialType == SpecialType.System_String;
        }

        /// <summary>A member of System.Random that produces a value: Next, NextInt64, NextDouble, NextSingle, NextBytes, GetItems.</summary>
        public bool IsRandomValue(IMethodSymbol method)
            => method.Name is "Next" or "NextInt64" or "NextDouble" or "NextSingle" or "NextBytes" or "GetItems"
               && method.ContainingType.InheritsFromOrEquals(Random);
    }
}
