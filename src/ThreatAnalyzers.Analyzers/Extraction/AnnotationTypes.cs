using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>The ThreatAnalyzers annotation attributes, resolved once per compilation.</summary>
    internal sealed class AnnotationTypes
    {
        public const string Namespace = "ThreatAnalyzers";

        /// <summary>
        /// The annotation types, with each one nothing in the compilation or its references can carry left out (null): a
        /// question about such an attribute has its answer without reading a symbol's attributes, which for symbols from
        /// metadata means decoding them. For checks only; whether annotations are referenced is asked of <see cref="Create"/>.
        /// </summary>
        public static AnnotationTypes InUse(Compilation compilation)
            => InUseCache.GetValue(compilation, c =>
            {
                var all = new AnnotationTypes(c);
                var usage = AnnotationUsage.Of(c);
                INamedTypeSymbol? Used(INamedTypeSymbol? type) => type is not null && usage.MaySpell(type.Name.Substring(0, type.Name.Length - "Attribute".Length)) ? type : null;
                return new AnnotationTypes(
                    Used(all.TrustBoundary), Used(all.DataStore), Used(all.ExternalEntity), Used(all.HandlesPii), Used(all.HandlesSecrets), Used(all.Authenticated),
                    Used(all.RequiresRole), Used(all.Validates), Used(all.Audited), Used(all.RateLimited), Used(all.EncryptedAtRest), Used(all.EncryptedInTransit),
                    Used(all.Mitigates), Used(all.AcceptsRisk));
            });

        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Compilation, AnnotationTypes> InUseCache = new();

        private AnnotationTypes(
            INamedTypeSymbol? trustBoundary, INamedTypeSymbol? dataStore, INamedTypeSymbol? externalEntity, INamedTypeSymbol? handlesPii, INamedTypeSymbol? handlesSecrets,
            INamedTypeSymbol? authenticated, INamedTypeSymbol? requiresRole, INamedTypeSymbol? validates, INamedTypeSymbol? audited, INamedTypeSymbol? rateLimited,
            INamedTypeSymbol? encryptedAtRest, INamedTypeSymbol? encryptedInTransit, INamedTypeSymbol? mitigates, INamedTypeSymbol? acceptsRisk)
        {
            TrustBoundary = trustBoundary;
            DataStore = dataStore;
            ExternalEntity = externalEntity;
            HandlesPii = handlesPii;
            HandlesSecrets = handlesSecrets;
            Authenticated = authenticated;
            RequiresRole = requiresRole;
            Validates = validates;
            Audited = audited;
            RateLimited = rateLimited;
            EncryptedAtRest = encryptedAtRest;
            EncryptedInTransit = encryptedInTransit;
            Mitigates = mitigates;
            AcceptsRisk = acceptsRisk;
        }

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
