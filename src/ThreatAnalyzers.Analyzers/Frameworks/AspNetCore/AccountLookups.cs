using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// How sign-in and password-reset code finds an account by what the caller typed, and how it checks a credential:
    /// the calls TA4009 (account enumeration) looks for. Resolved once per compilation (<see cref="Of"/>).
    /// </summary>
    internal sealed class AccountLookups
    {
        /// <summary>Calls that find an account by name or e-mail address: null when there is none.</summary>
        private static readonly (string Type, string[] Members)[] ByName =
        {
            ("Microsoft.AspNetCore.Identity.UserManager`1", new[] { "FindByEmailAsync", "FindByNameAsync" }),
        };

        /// <summary>Queries that return an element or null (EF Core, LINQ): a lookup when their predicate compares an account's name.</summary>
        private static readonly (string Type, string[] Members)[] Queries =
        {
            ("System.Linq.Queryable", new[] { "FirstOrDefault", "SingleOrDefault" }),
            ("System.Linq.Enumerable", new[] { "FirstOrDefault", "SingleOrDefault" }),
            ("Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions", new[] { "FirstOrDefaultAsync", "SingleOrDefaultAsync" }),
        };

        /// <summary>Members of an account that name it: what a caller types to sign in or to ask for a reset.</summary>
        public static readonly HashSet<string> AccountNames = new(StringComparer.OrdinalIgnoreCase)
        {
            "Email", "EmailAddress", "NormalizedEmail", "UserName", "Username", "NormalizedUserName", "Login", "LoginName", "PhoneNumber",
        };

        /// <summary>Calls that check a credential: their failure branch is what the missing-account branch must look like.</summary>
        private static readonly (string Type, string[] Members)[] CredentialChecks =
        {
            ("Microsoft.AspNetCore.Identity.UserManager`1", new[] { "CheckPasswordAsync" }),
            ("Microsoft.AspNetCore.Identity.SignInManager`1", new[] { "PasswordSignInAsync", "CheckPasswordSignInAsync" }),
            ("Microsoft.AspNetCore.Identity.IPasswordHasher`1", new[] { "VerifyHashedPassword" }),
            ("Microsoft.AspNetCore.Identity.PasswordHasher`1", new[] { "VerifyHashedPassword" }),
        };

        /// <summary>
        /// Calls that create an account (or any entity): a missing-account branch that makes one is a registration, whose
        /// "already registered" answer TA4009 leaves alone.
        /// </summary>
        private static readonly (string Type, string[] Members)[] Creations =
        {
            ("Microsoft.AspNetCore.Identity.UserManager`1", new[] { "CreateAsync" }),
            ("Microsoft.EntityFrameworkCore.DbSet`1", new[] { "Add", "AddAsync" }),
            ("Microsoft.EntityFrameworkCore.DbContext", new[] { "Add", "AddAsync" }),
        };

        /// <summary>Where Razor Pages and MVC put an error message shown with the page: its text is part of the answer.</summary>
        private const string ModelState = "Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary";

        private readonly Dictionary<INamedTypeSymbol, HashSet<string>> byName;
        private readonly Dictionary<INamedTypeSymbol, HashSet<string>> queries;
        private readonly Dictionary<INamedTypeSymbol, HashSet<string>> checks;
        private readonly Dictionary<INamedTypeSymbol, HashSet<string>> creations;
        private readonly INamedTypeSymbol? modelState;

        private AccountLookups(Compilation compilation)
        {
            byName = Load(compilation, ByName);
            queries = Load(compilation, Queries);
            checks = Load(compilation, CredentialChecks);
            creations = Load(compilation, Creations);
            modelState = compilation.GetTypeByMetadataName(ModelState);
        }

        /// <summary>Whether there is any way to look an account up here.</summary>
        public bool Exists => byName.Count > 0 || queries.Count > 0;

        public static AccountLookups Of(Compilation compilation) => Analysis.PerCompilation<AccountLookups>.Get(compilation, c => new AccountLookups(c));

        public bool IsLookupByName(IMethodSymbol method) => Matches(byName, method);

        public bool IsNullableQuery(IMethodSymbol method) => Matches(queries, method);

        public bool IsCredentialCheck(IMethodSymbol method) => Matches(checks, method);

        public bool IsCreation(IMethodSymbol method) => Matches(creations, method);

        public bool IsModelError(IMethodSymbol method)
            => method.Name == "AddModelError" && modelState is not null && SymbolEqualityComparer.Default.Equals(method.ContainingType?.OriginalDefinition, modelState);

        private static bool Matches(Dictionary<INamedTypeSymbol, HashSet<string>> rows, IMethodSymbol method)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            for (var type = definition.ContainingType; type is not null; type = type.BaseType)
            {
                if (rows.TryGetValue(type.OriginalDefinition, out var members) && members.Contains(definition.Name))
                {
                    return true;
                }
            }

            foreach (var implemented in definition.ContainingType?.AllInterfaces ?? default)
            {
                if (rows.TryGetValue(implemented.OriginalDefinition, out var members) && members.Contains(definition.Name))
                {
                    return true;
                }
            }

            return false;
        }

        private static Dictionary<INamedTypeSymbol, HashSet<string>> Load(Compilation compilation, (string Type, string[] Members)[] rows)
        {
            var loaded = new Dictionary<INamedTypeSymbol, HashSet<string>>(SymbolEqualityComparer.Default);
            foreach (var (type, members) in rows)
            {
                if (compilation.GetTypeByMetadataName(type) is { } symbol)
                {
                    loaded[symbol] = new HashSet<string>(members, StringComparer.Ordinal);
                }
            }

            return loaded;
        }
    }
}
