using System;

namespace ThreatAnalyzers
{
    /// <summary>
    /// Callers are authenticated before this code runs, by something the compiler cannot see
    /// (an API Gateway authorizer, middleware, mutual TLS).
    /// </summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
    public sealed class AuthenticatedAttribute : Attribute
    {
    }

    /// <summary>Privileged code: only callers holding the named role may run it. Implies <see cref="AuthenticatedAttribute"/>.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = true, Inherited = true)]
    public sealed class RequiresRoleAttribute : Attribute
    {
        /// <summary>Creates the annotation.</summary>
        /// <param name="role">The role a caller must hold, for example "Admin".</param>
        public RequiresRoleAttribute(string role) => Role = role;

        /// <summary>The role a caller must hold.</summary>
        public string Role { get; }
    }

    /// <summary>
    /// A validator or sanitizer. Its return value is trusted, and an argument it checked
    /// (throwing or returning early on failure) is trusted after the call.
    /// </summary>
    [AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
    public sealed class ValidatesAttribute : Attribute
    {
    }

    /// <summary>The annotated code writes an audit-trail record.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
    public sealed class AuditedAttribute : Attribute
    {
    }

    /// <summary>Protected by a rate limit enforced outside the code shown (gateway, load balancer, middleware).</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
    public sealed class RateLimitedAttribute : Attribute
    {
    }

    /// <summary>A data store that encrypts what it holds.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
    public sealed class EncryptedAtRestAttribute : Attribute
    {
    }

    /// <summary>Traffic to this data store or external entity is encrypted.</summary>
    [AttributeUsage(AttributeTargets.Class | AttributeTargets.Interface, AllowMultiple = false, Inherited = true)]
    public sealed class EncryptedInTransitAttribute : Attribute
    {
    }
}
