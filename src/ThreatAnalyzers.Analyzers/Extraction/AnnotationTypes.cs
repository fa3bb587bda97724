using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>The ThreatAnalyzers annotation attributes, resolved once per compilation.</summary>
    internal sealed class AnnotationTypes
    {
        public const string Namespace = "ThreatAnalyzers";

        private AnnotationTypes(Compilation compilation)
        {
            TrustBoundary = Get(compilation, "TrustBoundaryAttribute");
            DataStore = Get(compilation, "DataStoreAttribute");
            ExternalEntity = Get(compilation, "ExternalEntityAttribute");
            HandlesPii = Get(compilation, "HandlesPiiAttribute");
            HandlesSecrets = Get(compilation, "HandlesSecretsAttribute");
            Authenticated = Get(compilation, "AuthenticatedAttribute");
            RequiresRole = Get(compilation, "RequiresRoleAttribute");
            Validates = Get(compilation, "ValidatesAttribute");
            Audited = Get(compilation, "AuditedAttribute");
            RateLimited = Get(compilation, "RateLimitedAttribute");
            EncryptedAtRest = Get(compilation, "EncryptedAtRestAttribute");
            EncryptedInTransit = Get(compilation, "EncryptedInTransitAttribute");
            Mitigates = Get(compilation, "MitigatesAttribute");
            AcceptsRisk = Get(compilation, "AcceptsRiskAttribute");
        }

        public INamedTypeSymbol? TrustBoundary { get; }
        public INamedTypeSymbol? DataStore { get; }
        public INamedTypeSymbol? ExternalEntity { get; }
        public INamedTypeSymbol? HandlesPii { get; }
        public INamedTypeSymbol? HandlesSecrets { get; }
        public INamedTypeSymbol? Authenticated { get; }
        public INamedTypeSymbol? RequiresRole { get; }
        public INamedTypeSymbol? Validates { get; }
        public INamedTypeSymbol? Audited { get; }
        public INamedTypeSymbol? RateLimited { get; }
        public INamedTypeSymbol? EncryptedAtRest { get; }
        public INamedTypeSymbol? EncryptedInTransit { get; }
        public INamedTypeSymbol? Mitigates { get; }
        public INamedTypeSymbol? AcceptsRisk { get; }

        /// <summary>False when the compilation does not reference the annotations at all.</summary>
        public bool AreReferenced => TrustBoundary is not null;

        public static AnnotationTypes Create(Compilation compilation) => new(compilation);

        public bool Is(AttributeData attribute, INamedTypeSymbol? type)
            => type is not null && SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, type);

        private static INamedTypeSymbol? Get(Compilation compilation, string name)
            => compilation.GetTypeByMetadataName(Namespace + "." + name);
    }
}
