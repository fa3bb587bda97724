using System;

namespace ThreatAnalyzers
{
    /// <summary>Personal data (PII): the annotated type, member, parameter or return value carries it.</summary>
    /// <remarks>Kept in metadata: projects that reference this assembly see the classification too.</remarks>
    [AttributeUsage(
        AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Property | AttributeTargets.Field |
        AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Method,
        AllowMultiple = false, Inherited = true)]
    public sealed class HandlesPiiAttribute : Attribute
    {
    }

    /// <summary>Secrets: credentials, tokens or keys travel in the annotated type, member, parameter or return value.</summary>
    /// <remarks>Kept in metadata: projects that reference this assembly see the classification too.</remarks>
    [AttributeUsage(
        AttributeTargets.Class | AttributeTargets.Struct | AttributeTargets.Property | AttributeTargets.Field |
        AttributeTargets.Parameter | AttributeTargets.ReturnValue | AttributeTargets.Method,
        AllowMultiple = false, Inherited = true)]
    public sealed class HandlesSecretsAttribute : Attribute
    {
    }
}
