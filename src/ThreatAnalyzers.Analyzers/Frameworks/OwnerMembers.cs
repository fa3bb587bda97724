using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>
    /// Which persisted entities belong to a user (TA6005), as data and in one framework-neutral place: an EF Core entity
    /// with a property named in <see cref="OwnerNames"/> (compared case-insensitively) or a navigation to an ASP.NET Core
    /// Identity user (a type deriving from <c>IdentityUser&lt;TKey&gt;</c>); else, for an account (an entity holding a
    /// password or its hash and an e-mail or user name, <see cref="AccountCredentialNames"/>), its own key. Reading an
    /// account, or a profile keyed by the account's key, is like reading authored content: no ownership question by
    /// itself. <see cref="DeclaredOnlyNames"/> count only when
    /// the entity declares them itself: inherited from a base class they are an audit stamp every entity carries
    /// (<c>BaseAuditableEntity.CreatedBy</c>), not ownership. An entity with an EF Core global query filter
    /// (<c>HasQueryFilter</c> on its builder anywhere in the project) is scoped by it on every query and is not owned here.
    /// Found once per compilation.
    /// </summary>
    internal sealed class OwnerMembers
    {
        /// <summary>Properties that say which user, customer, account or tenant a record belongs to.</summary>
        public static readonly string[] OwnerNames =
        {
            "OwnerId", "OwnerUserId", "UserId", "AppUserId", "ApplicationUserId", "AuthorId", "CustomerId", "AccountId", "TenantId",
            "CreatedBy", "CreatedById", "CreatedByUserId",
        };

        /// <summary>
        /// Owner names (and navigation names) that say who wrote a record rather than whose private data it is: a post, a
        /// comment, a review is usually meant to be read by others, so only changing or deleting it is an ownership question.
        /// </summary>
        public static readonly string[] AuthorshipNames = { "AuthorId", "CreatedBy", "CreatedById", "CreatedByUserId", "Author", "Creator", "CreatedByUser" };

        /// <summary>Owner names that count only when declared on the entity itself (audit stamps of a base entity are not ownership).</summary>
        public static readonly string[] DeclaredOnlyNames = { "CreatedBy", "CreatedById", "CreatedByUserId" };

        /// <summary>
        /// Properties that make an entity an account (it holds the user's password or its hash): its record belongs to the
        /// user it is, so its key is its owner (<c>PUT /users/{id}</c> changing any account, not only the caller's).
        /// </summary>
        public static readonly string[] AccountCredentialNames = { "Password", "PasswordHash", "HashedPassword" };

        /// <summary>What an account is signed in with besides its password (a stored service credential has none of these).</summary>
        public static readonly string[] AccountNameNames = { "Email", "EmailAddress", "UserName", "Username", "Login" };

        /// <summary>An entity's key by EF Core's convention: <c>Id</c>, or the type's name followed by <c>Id</c>.</summary>
        private const string KeyName = "Id";

        private readonly Dictionary<ITypeSymbol, IPropertySymbol> owners;
        private readonly HashSet<IPropertySymbol> accountKeys;
        private readonly HashSet<IPropertySymbol> profileOwners;

        private OwnerMembers(Dictionary<ITypeSymbol, IPropertySymbol> owners, HashSet<IPropertySymbol> accountKeys, HashSet<IPropertySymbol> profileOwners)
        {
            this.owners = owners;
            this.accountKeys = accountKeys;
            this.profileOwners = profileOwners;
        }

        public bool IsEmpty => owners.Count == 0;

        /// <summary>The owner property of a user-owned entity type, or null.</summary>
        public IPropertySymbol? OwnerOf(ITypeSymbol? type)
            => type is not null && owners.TryGetValue(type.OriginalDefinition, out var owner) ? owner : null;

        /// <summary>Whether <paramref name="property"/> is an owner property of some entity (the one found for it, or any other of the names).</summary>
        public bool IsOwnerProperty(IPropertySymbol property)
            => property.ContainingType is { } type && owners.ContainsKey(type.OriginalDefinition) && (IsOwnerName(property) || accountKeys.Contains(property.OriginalDefinition));

        /// <summary>
        /// Whether reading a record by this owner is no ownership question by itself: authored content (a post, a
        /// comment) and accounts (another member's profile) are commonly shown to other users; changing or deleting
        /// them is.
        /// </summary>
        public bool IsReadableByOthers(IPropertySymbol owner)
            => IsAuthorship(owner) || accountKeys.Contains(owner.OriginalDefinition) || profileOwners.Contains(owner.OriginalDefinition);

        public static OwnerMembers For(CompilationAnalysis analysis, CancellationToken cancellationToken)
            => PerCompilation<OwnerMembers>.Get(analysis.Compilation, _ => Find(analysis, cancellationToken));

        private static OwnerMembers Find(CompilationAnalysis analysis, CancellationToken cancellationToken)
        {
            var found = new Dictionary<ITypeSymbol, IPropertySymbol>(SymbolEqualityComparer.Default);
            var accountKeys = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
            var profileOwners = new HashSet<IPropertySymbol>(SymbolEqualityComparer.Default);
            if (analysis.Resources.EntityFrameworkCore is not { } ef)
            {
                return new OwnerMembers(found, accountKeys, profileOwners);
            }

            var identityUser = analysis.Compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.IdentityUser`1");
            var filtered = Filtered(analysis, cancellationToken);
            foreach (var entity in ef.Entities)
            {
                if (entity is not INamedTypeSymbol named || filtered.Contains(named))
                {
                    continue;
                }

                if (OwnerProperty(named, identityUser) is { } owner)
                {
                    found[named.OriginalDefinition] = owner;
                    if (IsProfileOf(named, owner))
                    {
                        profileOwners.Add(owner.OriginalDefinition);
                    }
                }
                else if (AccountKeyOf(named) is { } key)
                {
                    found[named.OriginalDefinition] = key;
                    accountKeys.Add(key.OriginalDefinition);
                }
            }

            return new OwnerMembers(found, accountKeys, profileOwners);
        }

        /// <summary>
        /// A profile of the account (one per user, keyed by the user's own key): the owner is a navigation that
        /// <c>[ForeignKey]</c> ties to the entity's key, or the key names the navigation (<c>[ForeignKey(nameof(Id))]
        /// public AppUser User</c>). Another member's profile is commonly read, like the account itself.
        /// </summary>
        private static bool IsProfileOf(INamedTypeSymbol entity, IPropertySymbol owner)
        {
            if (owner.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class } || KeyOf(entity) is not { } key)
            {
                return false;
            }

            return string.Equals(ForeignKeyName(owner), key.Name, StringComparison.Ordinal)
                   || string.Equals(ForeignKeyName(key), owner.Name, StringComparison.Ordinal);
        }

        /// <summary>The name a <c>[ForeignKey("…")]</c> (System.ComponentModel.DataAnnotations.Schema) on the property gives, or null.</summary>
        private static string? ForeignKeyName(IPropertySymbol property)
            => property.GetAttributes()
                .FirstOrDefault(a => a.AttributeClass is { Name: "ForeignKeyAttribute" } attribute
                                     && NamespaceNames.Is(attribute.ContainingNamespace, "System.ComponentModel.DataAnnotations.Schema"))
                ?.ConstructorArguments.FirstOrDefault().Value as string;

        /// <summary>The entity's key by EF Core's convention: <c>Id</c>, or the type's name followed by <c>Id</c>.</summary>
        private static IPropertySymbol? KeyOf(INamedTypeSymbol entity) => KeyOf(entity, InstanceProperties(entity));

        private static IPropertySymbol? KeyOf(INamedTypeSymbol entity, List<IPropertySymbol> properties)
            => properties.FirstOrDefault(p => string.Equals(p.Name, KeyName, StringComparison.OrdinalIgnoreCase))
               ?? properties.FirstOrDefault(p => string.Equals(p.Name, entity.Name + KeyName, StringComparison.OrdinalIgnoreCase));

        private static List<IPropertySymbol> InstanceProperties(INamedTypeSymbol entity)
            => entity.SelfAndBaseTypes().SelectMany(t => t.GetMembers().OfType<IPropertySymbol>()).Where(p => !p.IsStatic).ToList();

        /// <summary>The key of an account entity (a password or its hash and an e-mail or user name, its own or Identity's), or null.</summary>
        private static IPropertySymbol? AccountKeyOf(INamedTypeSymbol entity)
        {
            var properties = InstanceProperties(entity);
            if (!properties.Any(p => AccountCredentialNames.Any(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase)))
                || !properties.Any(p => AccountNameNames.Any(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase))))
            {
                return null;
            }

            return KeyOf(entity, properties);
        }

        /// <summary>The entity's owner property: one that says whose data it is before one that says who wrote it.</summary>
        private static IPropertySymbol? OwnerProperty(INamedTypeSymbol entity, INamedTypeSymbol? identityUser)
        {
            var candidates = OwnerProperties(entity, identityUser).ToList();
            return candidates.FirstOrDefault(p => !IsAuthorship(p)) ?? candidates.FirstOrDefault();
        }

        private static IEnumerable<IPropertySymbol> OwnerProperties(INamedTypeSymbol entity, INamedTypeSymbol? identityUser)
        {
            foreach (var type in entity.SelfAndBaseTypes())
            {
                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    var declaredHere = SymbolEqualityComparer.Default.Equals(type, entity);
                    if (OwnerNames.Any(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase))
                        && (declaredHere || !DeclaredOnlyNames.Any(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase))))
                    {
                        yield return property;
                    }
                    else if (identityUser is not null && property.Type is INamedTypeSymbol navigation
                             && navigation.SelfAndBaseTypes().Any(t => SymbolEqualityComparer.Default.Equals(t.OriginalDefinition, identityUser)))
                    {
                        yield return property;
                    }
                }
            }
        }

        /// <summary>Whether the owner property says who wrote the record (<see cref="AuthorshipNames"/>).</summary>
        public static bool IsAuthorship(IPropertySymbol owner)
            => AuthorshipNames.Any(n => string.Equals(n, owner.Name, StringComparison.OrdinalIgnoreCase));

        private static bool IsOwnerName(IPropertySymbol property)
            => OwnerNames.Any(n => string.Equals(n, property.Name, StringComparison.OrdinalIgnoreCase));

        /// <summary>Entities given a global query filter (<c>builder.Entity&lt;T&gt;().HasQueryFilter(…)</c>, <c>EntityTypeBuilder&lt;T&gt;.HasQueryFilter</c>).</summary>
        private static HashSet<INamedTypeSymbol> Filtered(CompilationAnalysis analysis, CancellationToken cancellationToken)
        {
            var filtered = new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var call in SyntaxIndex.Of(analysis.Compilation).InvocationsNamed("HasQueryFilter", cancellationToken))
            {
                if (!analysis.Compilation.ContainsSyntaxTree(call.SyntaxTree)
                    || analysis.Flow.SemanticModelFor(call.SyntaxTree).GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
                {
                    continue;
                }

                var builder = invocation.Instance?.Type ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value.Type : null);
                if (builder is INamedTypeSymbol { TypeArguments.Length: 1 } generic && generic.TypeArguments[0] is INamedTypeSymbol entity)
                {
                    filtered.Add((INamedTypeSymbol)entity.OriginalDefinition);
                }
            }

            return filtered;
        }
    }
}
