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
