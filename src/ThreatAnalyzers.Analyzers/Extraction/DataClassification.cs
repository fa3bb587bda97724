using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Which classes of data (PII, secrets) a type, member or parameter carries, from our annotations and from ASP.NET Core
    /// Identity's <c>[PersonalData]</c> (and its subclass <c>[ProtectedPersonalData]</c>), which Identity puts on
    /// <c>IdentityUser</c>'s members in its own assembly: an app's user type is personal data without a word from us.
    /// </summary>
    internal sealed class DataClassification
    {
        private const int MaxDepth = 3;
        private readonly AnnotationTypes annotations;
        private readonly INamedTypeSymbol? identityPersonalData;

        // The classes a type carries, computed once per type: the flow engine asks at every reference.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<ITypeSymbol, string[]> byType = new(SymbolEqualityComparer.Default);

        public DataClassification(AnnotationTypes annotations, Compilation compilation)
        {
            this.annotations = annotations;
            identityPersonalData = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PersonalDataAttribute");
        }

        public void AddFrom(ISymbol? symbol, ISet<string> into)
        {
            if (symbol is null)
            {
                return;
            }

            if (symbol.HasClassification(annotations.HandlesPii) || symbol.Has(identityPersonalData))
            {
                into.Add(DataClasses.Pii);
            }

            if (symbol.HasClassification(annotations.HandlesSecrets))
            {
                into.Add(DataClasses.Secrets);
            }
        }

        /// <summary>
        /// The classes <see cref="AddFrom(ITypeSymbol?, ISet{string}, int)"/> finds on a type, computed once per type (never
        /// null; the array is shared, never to be modified).
        /// </summary>
        public string[] ClassesOf(ITypeSymbol type)
            => type.SpecialType != SpecialType.None
                ? System.Array.Empty<string>()
                : byType.TryGetValue(type, out var known) ? known : byType.GetOrAdd(type, t =>
                {
                    var classes = new HashSet<string>();
                    AddFrom(t, classes, 1);
                    return classes.Count == 0 ? System.Array.Empty<string>() : System.Linq.Enumerable.ToArray(classes);
                });

        /// <summary>A type carries a class when it, a base type or one of its members is annotated; collections and tasks carry their elements'.</summary>
        public void AddFrom(ITypeSymbol? type, ISet<string> into, int depth = 0)
        {
            if (type is null || depth > MaxDepth || type.SpecialType != SpecialType.None)
            {
                return;
            }

            if (depth == 0)
            {
                foreach (var known in ClassesOf(type))
                {
                    into.Add(known);
                }

                return;
            }

            if (type is IArrayTypeSymbol array)
            {
                AddFrom(array.ElementType, into, depth + 1);
                return;
            }

            if (type is not INamedTypeSymbol named)
            {
                return;
            }

            // Inherited members count: an app's user type derives from IdentityUser, whose members Identity classifies.
            foreach (var t in named.SelfAndBaseTypes())
            {
                AddFrom((ISymbol)t, into);
                if (t.SpecialType == SpecialType.System_Object)
                {
                    continue;
                }

                foreach (var member in t.GetMembers())
                {
                    if (member is IPropertySymbol or IFieldSymbol && !member.IsStatic)
                    {
                        AddFrom(member, into);
                    }
                }
            }

            // Identity's services (UserManager<TUser>, SignInManager<TUser>, stores, hashers) are generic over the user type
            // but hold no user: what they hand out carries it, through their methods' return types.
            if (NamespaceNames.Is(named.ContainingNamespace, "Microsoft.AspNetCore.Identity") && named.TypeKind is TypeKind.Class or TypeKind.Interface)
            {
                return;
            }

            foreach (var argument in named.TypeArguments)
            {
                AddFrom(argument, into, depth + 1);
            }
        }

        /// <summary>What a method's parameters and return declare, and what their types carry.</summary>
        public void AddFromSignature(IMethodSymbol method, ISet<string> parameters, ISet<string> result)
        {
            foreach (var parameter in method.Parameters)
            {
                AddFrom(parameter, parameters);
                AddFrom(parameter.Type, parameters);
            }

            AddFromResult(method, result);
        }

        /// <summary>What a method returns: its [return: ...] and method annotations, and what its return type carries.</summary>
        public void AddFromResult(IMethodSymbol method, ISet<string> result)
        {
            AddFrom(method, result);
            foreach (var attribute in method.GetReturnTypeAttributes())
            {
                if (annotations.Is(attribute, annotations.HandlesPii))
                {
                    result.Add(DataClasses.Pii);
                }
                else if (annotations.Is(attribute, annotations.HandlesSecrets))
                {
                    result.Add(DataClasses.Secrets);
                }
            }

            AddFrom(method.ReturnType, result);
        }
    }
}
