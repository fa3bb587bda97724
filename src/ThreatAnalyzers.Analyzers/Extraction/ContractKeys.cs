using System;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// How a call through an interface or a base class names the member it calls, and how an implementation names the
    /// members it answers, so that the two meet only where the implementation can answer the call. A member of a generic
    /// type called through a closed construction (<c>IRequestHandler&lt;GetProductQuery, Product&gt;.ExecuteAsync</c>) is
    /// answered only by the implementations of that construction, not by every handler of the generic interface; its key
    /// is the member's documentation-comment id, <c>|</c>, and the construction's reference id. A call through an open
    /// construction, or the definition, has the member's id alone, and so does an implementation of an open construction
    /// (<c>class Handler&lt;T&gt; : IRequestHandler&lt;T, int&gt;</c>), which may answer any.
    /// </summary>
    internal static class ContractKeys
    {
        public const char Separator = '|';

        /// <summary>
        /// The type whose members a call through <paramref name="type"/> reaches only in implementations of that
        /// construction (or, through a variant type parameter, of a compatible one: <see cref="Answers"/>): a generic type
        /// constructed with closed type arguments. Null otherwise.
        /// </summary>
        public static INamedTypeSymbol? ClosedConstruction(INamedTypeSymbol? type)
            => type is null || SymbolEqualityComparer.Default.Equals(type, type.OriginalDefinition) || ContainsTypeParameter(type) ? null : type;

        /// <summary>
        /// Whether a member implemented or overridden through <paramref name="via"/> (the implementing type's construction of
        /// the interface or base class) can answer a call through <paramref name="asked"/> (the call's closed construction,
        /// null when the call may reach any): the same construction, an open one whose type parameters may stand for the
        /// asked arguments, or, for a variant type parameter, a base type of the asked argument (<c>in</c>:
        /// <c>IHandler&lt;object&gt;</c> answers <c>IHandler&lt;Order&gt;</c>) or a derived one (<c>out</c>).
        /// </summary>
        public static bool Answers(INamedTypeSymbol via, INamedTypeSymbol? asked)
        {
            if (asked is null)
            {
                return true;
            }

            var definition = via.OriginalDefinition;
            if (!SymbolEqualityComparer.Default.Equals(definition, asked.OriginalDefinition) || via.TypeArguments.Length != asked.TypeArguments.Length)
            {
                return MayBe(via, asked);
            }

            for (var i = 0; i < via.TypeArguments.Length; i++)
            {
                var given = via.TypeArguments[i];
                var wanted = asked.TypeArguments[i];
                var fits = ContainsTypeParameter(given)
                    ? MayBe(given, wanted)
                    : definition.TypeParameters[i].Variance switch
                    {
                        VarianceKind.In => IsSameOrBaseOf(given, wanted),
                        VarianceKind.Out => IsSameOrBaseOf(wanted, given),
                        _ => SymbolEqualityComparer.Default.Equals(given, wanted),
                    };
                if (!fits)
                {
                    return false;
                }
            }

            return via.ContainingType is not { } outer || asked.ContainingType is not { } askedOuter || MayBe(outer, askedOuter);
        }

        /// <summary>Whether a <paramref name="derived"/> value is a <paramref name="candidate"/> by a reference conversion (variance applies to reference types only).</summary>
        private static bool IsSameOrBaseOf(ITypeSymbol candidate, ITypeSymbol derived)
        {
            if (SymbolEqualityComparer.Default.Equals(candidate, derived))
            {
                return true;
            }

            if (!derived.IsReferenceType)
            {
                return false;
            }

            if (candidate.SpecialType == SpecialType.System_Object)
            {
                return true;
            }

            for (var current = derived.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, candidate))
                {
                    return true;
                }
            }

            foreach (var implemented in derived.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, candidate))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether <paramref name="open"/> (its type parameters standing for any type) may be <paramref name="closed"/>.</summary>
        private static bool MayBe(ITypeSymbol open, ITypeSymbol closed)
        {
            switch (open)
            {
                case ITypeParameterSymbol:
                    return true;
                case IArrayTypeSymbol array:
                    return closed is IArrayTypeSymbol other && array.Rank == other.Rank && MayBe(array.ElementType, other.ElementType);
                case INamedTypeSymbol named when ContainsTypeParameter(named):
                    if (closed is not INamedTypeSymbol constructed || !SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, constructed.OriginalDefinition)
                        || named.TypeArguments.Length != constructed.TypeArguments.Length)
                    {
                        return false;
                    }

                    for (var i = 0; i < named.TypeArguments.Length; i++)
                    {
                        if (!MayBe(named.TypeArguments[i], constructed.TypeArguments[i]))
                        {
                            return false;
                        }
                    }

                    return named.ContainingType is not { } outer || constructed.ContainingType is not { } otherOuter || MayBe(outer, otherOuter);
                default:
                    // Closed: the same type, or (a pointer, a function pointer, anything unusual) never narrowed.
                    return !ContainsTypeParameter(open) ? SymbolEqualityComparer.Default.Equals(open, closed) : true;
            }
        }

        /// <summary>
        /// Whether <paramref name="implementation"/> can answer a call through <paramref name="asked"/>: it implements or
        /// derives from that construction, or from an open one of its definition. True when <paramref name="asked"/> is null.
        /// </summary>
        public static bool MayAnswer(INamedTypeSymbol implementation, INamedTypeSymbol? asked)
        {
            if (asked is null)
            {
                return true;
            }

            var definition = asked.OriginalDefinition;
            var found = false;
            if (definition.TypeKind == TypeKind.Interface)
            {
                foreach (var implemented in implementation.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, definition))
                    {
                        found = true;
                        if (Answers(implemented, asked))
                        {
                            return true;
                        }
                    }
                }
            }
            else
            {
                for (var baseType = implementation.BaseType; baseType is not null; baseType = baseType.BaseType)
                {
                    if (SymbolEqualityComparer.Default.Equals(baseType.OriginalDefinition, definition))
                    {
                        found = true;
                        if (Answers(baseType, asked))
                        {
                            return true;
                        }
                    }
                }
            }

            // Not found as either: nothing here says it cannot answer.
            return !found;
        }

        /// <summary>The key of <paramref name="member"/> as called or implemented through its containing type (see the class).</summary>
        public static string? KeyOf(ISymbol member)
        {
            var symbol = member is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : member;
            if (symbol.OriginalDefinition.GetDocumentationCommentId() is not { } id)
            {
                return null;
            }

            return ClosedConstruction(symbol.ContainingType) is { } closed && DocumentationCommentId.CreateReferenceId(closed) is { Length: > 0 } construction
                ? id + Separator + construction
                : id;
        }

        /// <summary>The member's documentation-comment id in a key.</summary>
        public static string DefinitionOf(string key)
        {
            var separator = key.IndexOf(Separator);
            return separator < 0 ? key : key.Substring(0, separator);
        }

        /// <summary>Whether a key names a closed construction (and so is answered by its own implementations and the open ones).</summary>
        public static bool IsConstructed(string key) => key.IndexOf(Separator) >= 0;

        private static bool ContainsTypeParameter(ITypeSymbol type)
            => type switch
            {
                ITypeParameterSymbol => true,
                IArrayTypeSymbol array => ContainsTypeParameter(array.ElementType),
                IPointerTypeSymbol pointer => ContainsTypeParameter(pointer.PointedAtType),
                INamedTypeSymbol named => (named.ContainingType is { } outer && ContainsTypeParameter(outer)) || AnyContainsTypeParameter(named),
                _ => false,
            };

        private static bool AnyContainsTypeParameter(INamedTypeSymbol named)
        {
            foreach (var argument in named.TypeArguments)
            {
                if (ContainsTypeParameter(argument))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
