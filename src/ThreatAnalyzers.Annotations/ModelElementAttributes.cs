using System;

namespace ThreatAnalyzers
{
    /// <summary>
    /// Marks an entry point: data from outside the named trust boundary (for example "Internet") enters here,
    /// so the parameters are untrusted. On a type, every public method of the type is such an entry point.
    /// </summary>
    /// <remarks>Kept in metadata: projects that reference this assembly see the boundary too.</remarks>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
    public sealed class TrustBoundaryAttribute : Attribute
    {
        /// <summary>Creates the annotation.</summary>
        /// <param name="name">The boundary the data crosses to get here, for example "Internet" or "Partner network".</param>
        public TrustBoundaryAttribute(string name) => Name = name;

        /// <summary>The boundary the data crosses to get here.</summary>
        public string Name { get; }
    }

    /// <summary>A data store: a database, bucket, file, cache or queue.</summary>
    /// <remarks>Kept in metadata: projects that reference this assembly see the store too.</remarks>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
    public sealed class DataStoreAttribute : Attribute
    {
        /// <summary>Creates the annotation.</summary>
        /// <param name="name">The store's name as it should appear in the threat model, for example "Customer database".</param>
        public DataStoreAttribute(string name) => Name = name;

        /// <summary>The store's name in the threat model.</summary>
        public string Name { get; }
    }

    /// <summary>A system or actor outside our control that we call or that calls us.</summary>
    /// <remarks>Kept in metadata: projects that reference this assembly see the entity too.</remarks>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
    public sealed class ExternalEntityAttribute : Attribute
    {
        /// <summary>Creates the annotation.</summary>
        /// <param name="name">The entity's name in the threat model, for example "Payment provider".</param>
        public ExternalEntityAttribute(string name) => Name = name;

        /// <summary>The entity's name in the threat model.</summary>
        public string Name { get; }
    }
}
