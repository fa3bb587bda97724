using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// ASP.NET Core Identity: <c>UserManager&lt;TUser&gt;</c>, <c>SignInManager&lt;TUser&gt;</c> and <c>RoleManager&lt;TRole&gt;</c>
    /// read and write the user store. The store is the app's <c>IdentityDbContext</c> for that user (or role) type when the
    /// compilation declares one, so sign-in and sign-up join the same element as the app's own queries; otherwise an element
    /// "Identity user store". Which methods read and which write is Identity's API, kept here as data; the flow carries
    /// the user type's classes (Identity marks <c>IdentityUser</c>'s members <c>[PersonalData]</c>) and secrets when the
    /// method takes a password or a token.
    /// </summary>
    internal sealed class IdentityStores : ResourceConvention
    {
        public const string FallbackId = "store:identity:users";
        public const string FallbackName = "Identity user store";

        /// <summary>UserManager methods that change what the store holds (the rest of <see cref="UserReads"/> only read it).</summary>
        public static readonly HashSet<string> UserWrites = new(StringComparer.Ordinal)
        {
            "CreateAsync", "UpdateAsync", "DeleteAsync", "ChangePasswordAsync", "ResetPasswordAsync", "AddPasswordAsync", "RemovePasswordAsync",
            "AddToRoleAsync", "AddToRolesAsync", "RemoveFromRoleAsync", "RemoveFromRolesAsync", "AddClaimAsync", "AddClaimsAsync",
            "RemoveClaimAsync", "RemoveClaimsAsync", "ReplaceClaimAsync", "AddLoginAsync", "RemoveLoginAsync", "SetEmailAsync",
            "SetUserNameAsync", "SetPhoneNumberAsync", "ChangeEmailAsync", "ChangePhoneNumberAsync", "ConfirmEmailAsync",
            "SetLockoutEnabledAsync", "SetLockoutEndDateAsync", "AccessFailedAsync", "ResetAccessFailedCountAsync",
            "SetTwoFactorEnabledAsync", "UpdateSecurityStampAsync", "ResetAuthenticatorKeyAsync", "GenerateNewTwoFactorRecoveryCodesAsync",
            "RedeemTwoFactorRecoveryCodeAsync", "SetAuthenticationTokenAsync", "RemoveAuthenticationTokenAsync", "UpdateNormalizedEmailAsync",
            "UpdateNormalizedUserNameAsync", "AddOrUpdatePasskeyAsync", "RemovePasskeyAsync",
        };

        /// <summary>UserManager methods that read the store. Claims-only helpers (GetUserId, GetUserName of a principal) are not here: they read no store.</summary>
        public static readonly HashSet<string> UserReads = new(StringComparer.Ordinal)
        {
            "FindByIdAsync", "FindByEmailAsync", "FindByNameAsync", "FindByLoginAsync", "GetUserAsync", "CheckPasswordAsync", "HasPasswordAsync",
            "IsEmailConfirmedAsync", "IsPhoneNumberConfirmedAsync", "GetRolesAsync", "IsInRoleAsync", "GetClaimsAsync", "GetUsersInRoleAsync",
            "GetUsersForClaimAsync", "GetEmailAsync", "GetPhoneNumberAsync", "GetLoginsAsync", "IsLockedOutAsync", "GetLockoutEndDateAsync",
            "GetLockoutEnabledAsync", "GetAccessFailedCountAsync", "GetTwoFactorEnabledAsync", "GetValidTwoFactorProvidersAsync",
            "GenerateEmailConfirmationTokenAsync", "GeneratePasswordResetTokenAsync", "GenerateChangeEmailTokenAsync",
            "GenerateChangePhoneNumberTokenAsync", "GenerateTwoFactorTokenAsync", "GenerateUserTokenAsync", "VerifyTwoFactorTokenAsync",
            "VerifyUserTokenAsync", "VerifyChangePhoneNumberTokenAsync", "GetAuthenticatorKeyAsync", "CountRecoveryCodesAsync",
            "GetAuthenticationTokenAsync", "GetSecurityStampAsync", "GetPasskeysAsync", "GetPasskeyAsync", "FindByPasskeyIdAsync",
        };

        /// <summary>SignInManager methods that read the user from the store (and, for the password and code checks, count failures in it).</summary>
        public static readonly HashSet<string> SignInReads = new(StringComparer.Ordinal)
        {
            "PasswordSignInAsync", "CheckPasswordSignInAsync", "SignInAsync", "SignInWithClaimsAsync", "RefreshSignInAsync",
            "ExternalLoginSignInAsync", "TwoFactorSignInAsync", "TwoFactorAuthenticatorSignInAsync", "ValidateSecurityStampAsync",
            "ValidateTwoFactorSecurityStampAsync", "GetTwoFactorAuthenticationUserAsync", "CreateUserPrincipalAsync", "CanSignInAsync",
            "IsTwoFactorClientRememberedAsync", "PasskeySignInAsync",
        };

        /// <summary>SignInManager methods that write to the store.</summary>
        public static readonly HashSet<string> SignInWrites = new(StringComparer.Ordinal)
        {
            "TwoFactorRecoveryCodeSignInAsync", "UpdateExternalAuthenticationTokensAsync",
        };

        /// <summary>RoleManager methods: writes, and reads.</summary>
        public static readonly HashSet<string> RoleWrites = new(StringComparer.Ordinal)
        {
            "CreateAsync", "UpdateAsync", "DeleteAsync", "SetRoleNameAsync", "AddClaimAsync", "RemoveClaimAsync",
        };

        public static readonly HashSet<string> RoleReads = new(StringComparer.Ordinal)
        {
            "FindByIdAsync", "FindByNameAsync", "RoleExistsAsync", "GetClaimsAsync", "GetRoleNameAsync", "GetRoleIdAsync",
        };

        private readonly INamedTypeSymbol? userManager;
        private readonly INamedTypeSymbol? signInManager;
        private readonly INamedTypeSymbol? roleManager;
        private readonly INamedTypeSymbol? dbContext;
        private readonly EfCoreResources? entityFramework;
        private readonly Lazy<INamedTypeSymbol[]> contexts;

        private IdentityStores(Compilation compilation, EfCoreResources? entityFramework, DataClassification classification)
            : base(classification)
        {
            userManager = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.UserManager`1");
            signInManager = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.SignInManager`1");
            roleManager = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.RoleManager`1");
            dbContext = compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext");
            this.entityFramework = entityFramework;
            contexts = new Lazy<INamedTypeSymbol[]>(() => FindContexts(compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The convention, when the compilation references Identity's managers; null otherwise.</summary>
        public static IdentityStores? Create(Compilation compilation, EfCoreResources? entityFramework, DataClassification classification)
        {
            var stores = new IdentityStores(compilation, entityFramework, classification);
            return stores.userManager is null && stores.roleManager is null ? null : stores;
        }

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            if (operation is not IInvocationOperation invocation || invocation.Instance?.Type is not { } receiver
                || Classify(receiver, invocation.TargetMethod) is not { } use)
            {
                return null;
            }

            var classes = new HashSet<string>(ClassesOf(invocation, use.Access, flow));
            return Touch(use, invocation.TargetMethod, classes);
        }

        /// <summary>Whether a bound call is a manager's call that uses the store.</summary>
        public bool IsManagerCall(IOperation operation)
            => operation is IInvocationOperation { Instance.Type: { } receiver } invocation && Classify(receiver, invocation.TargetMethod) is not null;

        public override TouchFact? TryRecognize(SyntaxCall call)
        {
            if (call.ReceiverType is not { } receiver || call.Method.IsStatic || Classify(receiver, call.Method) is not { } use)
            {
                return null;
            }

            var classes = new HashSet<string>(ClassesOf(call, use.Access));
            return Touch(use, call.Method, classes);
        }

        /// <summary>A referenced type that takes a UserManager or SignInManager uses the user store.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => dependency is INamedTypeSymbol { TypeArguments.Length: 1 } manager
               && (SymbolEqualityComparer.Default.Equals(manager.OriginalDefinition, userManager) || SymbolEqualityComparer.Default.Equals(manager.OriginalDefinition, signInManager))
                ? UserStoreTouch(manager.TypeArguments[0], access, classes)
                : null;

        /// <summary>The store a user type lives in, touched by a framework endpoint (MapIdentityApi's) that carries <paramref name="classes"/> besides the user.</summary>
        public TouchFact UserStoreTouch(ITypeSymbol user, string access, IEnumerable<string> classes)
        {
            var all = new HashSet<string>(classes);
            Classification.AddFrom(user, all);
            var use = new Use(access, user, false);
            return ContextFor(use) is { } context && entityFramework is not null
                ? entityFramework.StoreTouch(context, access, all.ToSortedSet())
                : Touch(FallbackId, FallbackName, ElementKinds.DataStore, access, all.ToSortedSet());
        }

        private readonly struct Use
        {
            public Use(string access, ITypeSymbol stored, bool isRole)
            {
                Access = access;
                Stored = stored;
                IsRole = isRole;
            }

            public string Access { get; }

            /// <summary>The user type (or the role type, for a RoleManager).</summary>
            public ITypeSymbol Stored { get; }

            public bool IsRole { get; }
        }

        /// <summary>Whether a call on a manager touches the store, how, and the type it stores; null for any other call.</summary>
        private Use? Classify(ITypeSymbol receiver, IMethodSymbol method)
        {
            var name = method.Name;
            if (ManagedType(receiver, userManager) is { } user)
            {
                return UserWrites.Contains(name) ? new Use(Access.Write, user, false) : UserReads.Contains(name) ? new Use(Access.Read, user, false) : null;
            }

            if (ManagedType(receiver, signInManager) is { } signingIn)
            {
                return SignInWrites.Contains(name) ? new Use(Access.Write, signingIn, false) : SignInReads.Contains(name) ? new Use(Access.Read, signingIn, false) : null;
            }

            if (ManagedType(receiver, roleManager) is { } role)
            {
                return RoleWrites.Contains(name) ? new Use(Access.Write, role, true) : RoleReads.Contains(name) ? new Use(Access.Read, role, true) : null;
            }

            return null;
        }

        /// <summary>TUser of a UserManager&lt;TUser&gt; (or a subclass of one), likewise for the other managers.</summary>
        private static ITypeSymbol? ManagedType(ITypeSymbol receiver, INamedTypeSymbol? manager)
        {
            if (manager is null || receiver is not INamedTypeSymbol named)
            {
                return null;
            }

            foreach (var type in named.SelfAndBaseTypes())
            {
                if (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, manager) && type.TypeArguments.Length == 1)
                {
                    return type.TypeArguments[0];
                }
            }

            return null;
        }

        private TouchFact Touch(Use use, IMethodSymbol method, HashSet<string> classes)
        {
            // The stored user travels on every use of the store (written, read back, or checked against a password).
            Classification.AddFrom(use.Stored, classes);
            foreach (var parameter in method.Parameters)
            {
                // A password or a token handed to Identity is a credential on its way to the store's hashes and stamps.
                if (parameter.Type.SpecialType == SpecialType.System_String
                    && (parameter.Name.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0 || parameter.Name.IndexOf("token", StringComparison.OrdinalIgnoreCase) >= 0
                        || parameter.Name.IndexOf("code", StringComparison.OrdinalIgnoreCase) >= 0))
                {
                    classes.Add(DataClasses.Secrets);
                }
            }

            return ContextFor(use) is { } context && entityFramework is not null
                ? entityFramework.StoreTouch(context, use.Access, classes.ToSortedSet())
                : Touch(FallbackId, FallbackName, ElementKinds.DataStore, use.Access, classes.ToSortedSet());
        }

        /// <summary>
        /// The app's Identity context that stores this user (or role) type; the first by name when several do, so the
        /// choice is stable.
        /// </summary>
        private INamedTypeSymbol? ContextFor(Use use)
        {
            foreach (var context in contexts.Value)
            {
                if (StoredBy(context, use.IsRole) is { } stored && use.Stored.InheritsFromOrEquals(stored))
                {
                    return context;
                }
            }

            return null;
        }

        /// <summary>
        /// The user type (or role type) an Identity EF context stores: TUser is the first type argument of
        /// <c>IdentityUserContext&lt;…&gt;</c>, TRole the second of <c>IdentityDbContext&lt;TUser, TRole, TKey…&gt;</c>. Matched by
        /// name, not arity: Identity adds type parameters across versions (passkeys in .NET 10).
        /// </summary>
        private static INamedTypeSymbol? StoredBy(INamedTypeSymbol context, bool role)
        {
            foreach (var type in context.SelfAndBaseTypes())
            {
                if (!NamespaceNames.Is(type.ContainingNamespace, IdentityEfNamespace))
                {
                    continue;
                }

                if (!role && type.Name == "IdentityUserContext" && type.TypeArguments.Length >= 1)
                {
                    return type.TypeArguments[0] as INamedTypeSymbol;
                }

                if (role && type.Name == "IdentityDbContext" && type.TypeArguments.Length >= 3)
                {
                    return type.TypeArguments[1] as INamedTypeSymbol;
                }
            }

            return null;
        }

        private const string IdentityEfNamespace = "Microsoft.AspNetCore.Identity.EntityFrameworkCore";

        /// <summary>The classes of the compilation that derive from Identity's EF contexts, ordered by name (found once, when first asked).</summary>
        private INamedTypeSymbol[] FindContexts(Compilation compilation)
        {
            if (dbContext is null)
            {
                return Array.Empty<INamedTypeSymbol>();
            }

            // The project's own contexts first; then those of the projects it references (an infrastructure project's).
            var own = compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type)
                .OfType<INamedTypeSymbol>()
                .Where(IsIdentityContext)
                .OrderBy(type => type.ToDisplayString(), StringComparer.Ordinal);
            var referenced = ReferencedDeclarations.ApplicationReferences(compilation)
                .SelectMany(ReferencedDeclarations.ConcreteClassesOf)
                .Where(IsIdentityContext)
                .OrderBy(type => type.ToDisplayString(), StringComparer.Ordinal);
            return own.Concat(referenced).ToArray();

            bool IsIdentityContext(INamedTypeSymbol type)
                => type.TypeKind == TypeKind.Class && !type.IsAbstract && type.InheritsFromOrEquals(dbContext) && StoredBy(type, role: false) is not null;
        }
    }
}
