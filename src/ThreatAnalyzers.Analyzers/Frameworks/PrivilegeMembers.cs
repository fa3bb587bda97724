using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>
    /// Which members of an application's own types grant privilege (TA6004), as data and in one framework-neutral place.
    /// A member grants privilege when
    /// <list type="bullet">
    /// <item>its name, split into words at case changes and underscores, ends with one of <see cref="GrantingWords"/>
    /// (compared case-insensitively as whole words: <c>Role</c>, <c>UserRole</c>, <c>Roles</c>, <c>RoleId</c>,
    /// <c>AccessLevel</c>, <c>Permissions</c>; not <c>Roleplay</c> or <c>ScopeName</c>), or is one of <see cref="GrantingNames"/>
    /// (<c>IsAdmin</c>…), and</item>
    /// <item>its type is persisted: an EF Core entity (the element type of a <c>DbSet&lt;T&gt;</c> of a DbContext in the
    /// compilation) or an ASP.NET Core Identity user (a type deriving from <c>IdentityUser&lt;TKey&gt;</c>), the types
    /// whose values decide what a signed-in user may do on the next request.</item>
    /// </list>
    /// Claims grant privilege by their type: <see cref="GrantingClaimTypes"/> (a role, a permission, a scope).
    /// Resolved once per compilation; the answer for each member is memoized.
    /// </summary>
    internal sealed class PrivilegeMembers
    {
        /// <summary>Name endings (as word sequences) of members that say what their holder may do.</summary>
        public static readonly string[][] GrantingWords =
        {
            new[] { "Role" }, new[] { "Roles" }, new[] { "Role", "Id" }, new[] { "Role", "Ids" }, new[] { "Role", "Name" }, new[] { "Role", "Names" },
            new[] { "Permission" }, new[] { "Permissions" }, new[] { "Claims" },
            new[] { "Scope" }, new[] { "Scopes" }, new[] { "Access", "Level" }, new[] { "Privilege" }, new[] { "Privileges" },
        };

        /// <summary>Whole names (case-insensitive, words joined) of flags that make their holder an administrator.</summary>
        public static readonly string[] GrantingNames = { "IsAdmin", "IsAdministrator", "IsSuperUser", "IsSuperuser", "IsSuperAdmin", "Admin", "IsStaff" };

        /// <summary>
        /// Claim types that grant privilege: ClaimTypes.Role's URI, and the short names JWTs and OAuth use for roles,
        /// permissions and scopes. Compared case-insensitively with the claim's constant type.
        /// </summary>
        public static readonly string[] GrantingClaimTypes =
        {
            "http://schemas.microsoft.com/ws/2008/06/identity/claims/role", "role", "roles", "permission", "permissions", "scope", "scp", "scopes",
        };

        private readonly EntityFrameworkCore.EfCoreResources? entityFramework;
        private readonly INamedTypeSymbol? identityUser;
        private readonly ConcurrentDictionary<ISymbol, bool> known = new(SymbolEqualityComparer.Default);

        public PrivilegeMembers(Compilation compilation, EntityFrameworkCore.EfCoreResources? entityFramework)
        {
            this.entityFramework = entityFramework;
            identityUser = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.IdentityUser`1");
        }

        /// <summary>Whether the compilation has any persisted type whose members could grant privilege.</summary>
        public bool Exist => entityFramework is not null || identityUser is not null;

        /// <summary>Whether <paramref name="member"/> (a property or field being written) grants privilege to the object it belongs to.</summary>
        public bool Grants(ISymbol member)
        {
            if (!Exist || member is not (IPropertySymbol or IFieldSymbol) || member.ContainingType is not { } type)
            {
                return false;
            }

            return known.GetOrAdd(member, m => HasGrantingName(m.Name) && IsPersisted(type));
        }

        /// <summary>The persisted type a granting member belongs to, as messages name it.</summary>
        public static string Display(ISymbol member) => member.ContainingType?.Name + "." + member.Name;

        public static bool HasGrantingName(string name)
        {
            if (GrantingNames.Any(n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }

            var words = Words(name);
            foreach (var ending in GrantingWords)
            {
                if (words.Count >= ending.Length
                    && ending.Select((word, i) => string.Equals(word, words[words.Count - ending.Length + i], StringComparison.OrdinalIgnoreCase)).All(same => same))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool IsGrantingClaimType(string? type)
            => type is not null && GrantingClaimTypes.Any(t => string.Equals(t, type, StringComparison.OrdinalIgnoreCase));

        private bool IsPersisted(INamedTypeSymbol type)
            => (entityFramework is not null && entityFramework.IsEntity(type))
               || (identityUser is not null && type.SelfAndBaseTypes().Any(t => SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, identityUser)));

        /// <summary>A name's words: split at a lower-to-upper change, before the last capital of an acronym, and at underscores.</summary>
        private static List<string> Words(string name)
        {
            var words = new List<string>();
            var start = 0;
            for (var i = 1; i <= name.Length; i++)
            {
                var boundary = i == name.Length || name[i] == '_'
                    || (char.IsUpper(name[i]) && (char.IsLower(name[i - 1]) || (i + 1 < name.Length && char.IsUpper(name[i - 1]) && char.IsLower(name[i + 1]))));
                if (boundary)
                {
                    if (i > start)
                    {
                        words.Add(name.Substring(start, i - start).Trim('_'));
                    }

                    start = i < name.Length && name[i] == '_' ? i + 1 : i;
                }
            }

            words.RemoveAll(w => w.Length == 0);
            return words;
        }
    }
}
