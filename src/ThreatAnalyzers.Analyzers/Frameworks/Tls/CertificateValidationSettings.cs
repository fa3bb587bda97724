using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.Tls
{
    /// <summary>
    /// The places .NET lets code decide whether a server's TLS certificate is trusted: validation callbacks on the HTTP
    /// handlers, TLS options and the legacy service point, SslStream's constructor, and the accept-anything validator.
    /// </summary>
    internal sealed class CertificateValidationSettings
    {
        /// <summary>(type, callback property): assigning a callback there replaces the platform's certificate validation.</summary>
        private static readonly (string Type, string Property)[] CallbackProperties =
        {
            ("System.Net.Http.HttpClientHandler", "ServerCertificateCustomValidationCallback"),
            ("System.Net.Security.SslClientAuthenticationOptions", "RemoteCertificateValidationCallback"),
            ("System.Net.ServicePointManager", "ServerCertificateValidationCallback"),
            ("System.Net.HttpWebRequest", "ServerCertificateValidationCallback"),
        };

        public const string SslStreamName = "System.Net.Security.SslStream";

        /// <summary>SslStream's constructor parameter that takes the callback.</summary>
        public const string SslStreamCallbackParameter = "userCertificateValidationCallback";

        public const string AcceptAnyName = "DangerousAcceptAnyServerCertificateValidator";

        private CertificateValidationSettings(Compilation compilation)
        {
            var callbacks = ImmutableArray.CreateBuilder<(INamedTypeSymbol, string)>();
            foreach (var (type, property) in CallbackProperties)
            {
                if (compilation.GetTypeByMetadataName(type) is { } symbol)
                {
                    callbacks.Add((symbol, property));
                }
            }

            Callbacks = callbacks.ToImmutable();
            SslStream = compilation.GetTypeByMetadataName(SslStreamName);
            HttpClientHandler = compilation.GetTypeByMetadataName("System.Net.Http.HttpClientHandler");
        }

        public ImmutableArray<(INamedTypeSymbol Type, string Property)> Callbacks { get; }

        public INamedTypeSymbol? SslStream { get; }

        /// <summary>Declares <see cref="AcceptAnyName"/>.</summary>
        public INamedTypeSymbol? HttpClientHandler { get; }

        public bool IsEmpty => Callbacks.IsEmpty && SslStream is null;

        public bool IsCallback(IPropertySymbol property)
        {
            foreach (var (type, name) in Callbacks)
            {
                if (property.Name == name && ConfigurationShapes.IsOrDerives(property.ContainingType, type))
                {
                    return true;
                }
            }

            return false;
        }

        public bool IsAcceptAny(IOperation value)
            => ConfigurationShapes.Unwrap(value) is IPropertyReferenceOperation { Property: { Name: AcceptAnyName } property }
               && ConfigurationShapes.IsOrDerives(property.ContainingType, HttpClientHandler);

        public static CertificateValidationSettings Of(Compilation compilation)
            => PerCompilation<CertificateValidationSettings>.Get(compilation, c => new CertificateValidationSettings(c));
    }
}
