using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Frameworks.FluentValidation
{
    /// <summary>
    /// FluentValidation as input validation: an <c>IValidator&lt;T&gt;</c> invoked on a value (Validate, ValidateAsync,
    /// ValidateAndThrow, ValidateAndThrowAsync), or validators registered (AddValidatorsFromAssembly…, or
    /// AddScoped/AddTransient/AddSingleton&lt;IValidator&lt;T&gt;, …&gt;) together with automatic validation
    /// (AddFluentValidationAutoValidation, from FluentValidation.AspNetCore or SharpGrip's auto-validation package, matched
    /// by name since neither is referenced here).
    /// </summary>
    internal sealed class FluentValidationConventions
    {
        public static readonly HashSet<string> ValidateMethods = new(StringComparer.Ordinal) { "Validate", "ValidateAsync", "ValidateAndThrow", "ValidateAndThrowAsync" };

        public static readonly HashSet<string> RegistrationMethods = new(StringComparer.Ordinal)
        {
            "AddValidatorsFromAssembly", "AddValidatorsFromAssemblies", "AddValidatorsFromAssemblyContaining", "AddValidator",
        };

        public const string AutoValidation = "AddFluentValidationAutoValidation";

        private readonly INamedTypeSymbol validatorInterface;
        private readonly Lazy<HashSet<ITypeSymbol>> validatedTypes;

        private FluentValidationConventions(Compilation compilation, INamedTypeSymbol validatorInterface)
        {
            this.validatorInterface = validatorInterface;
            validatedTypes = new Lazy<HashSet<ITypeSymbol>>(() => FindValidators(compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Null when FluentValidation is not referenced.</summary>
        public static FluentValidationConventions? Create(Compilation compilation)
            => compilation.GetTypeByMetadataName("FluentValidation.IValidator`1") is { } validator ? new FluentValidationConventions(compilation, validator) : null;

        /// <summary>IValidator&lt;T&gt; (or a type implementing it), for some T.</summary>
        public bool IsValidatorOf(ITypeSymbol? type, out ITypeSymbol? validated)
        {
            validated = null;
            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            foreach (var candidate in new[] { named }.Concat(named.AllInterfaces))
            {
                if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, validatorInterface))
                {
                    validated = candidate.TypeArguments[0];
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the method is one that validates a value with a FluentValidation validator (including the DefaultValidatorExtensions).</summary>
        public bool IsValidateCall(IMethodSymbol method)
            => ValidateMethods.Contains(method.Name)
               && method.ContainingNamespace?.ToDisplayString() is { } ns && ns.StartsWith("FluentValidation", StringComparison.Ordinal);

        /// <summary>A validator class for this type exists in the compilation (what assembly scanning registers).</summary>
        public bool HasValidatorFor(ITypeSymbol type) => validatedTypes.Value.Contains(type.OriginalDefinition);

        private HashSet<ITypeSymbol> FindValidators(Compilation compilation)
        {
            var found = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type))
            {
                if (symbol is INamedTypeSymbol { TypeKind: TypeKind.Class, IsAbstract: false } type && IsValidatorOf(type, out var validated) && validated is not null)
                {
                    found.Add(validated.OriginalDefinition);
                }
            }

            return found;
        }
    }
}
