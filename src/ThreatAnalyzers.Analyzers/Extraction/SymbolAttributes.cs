using System.Collections.Generic;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>Small helpers to read attributes the way the frameworks read them (inherited through base types).</summary>
    internal static class SymbolAttributes
    {
        public static bool Has(this ISymbol symbol, INamedTypeSymbol? attributeType)
            => attributeType is not null && Find(symbol, attributeType) is not null;

        public static AttributeData? Find(this ISymbol symbol, INamedTypeSymbol? attributeType)
        {
            if (attributeType is null)
            {
                return null;
            }

            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is { } c && c.InheritsFromOrEquals(attributeType))
                {
                    return attribute;
                }
            }

            return null;
        }

        /// <summary>
        /// Like <see cref="Has"/>, and for a record's positional property also its parameter: <c>record R([HandlesPii] string Email)</c>
        /// puts the attribute on the parameter, and users mean the property it declares.
        /// </summary>
        public static bool HasClassification(this ISymbol symbol, INamedTypeSymbol? attributeType)
            => symbol.Has(attributeType) || (symbol is IPropertySymbol property && PositionalParameterOf(property) is { } parameter && parameter.Has(attributeType));

        /// <summary>The primary-constructor parameter that declares a record's positional property, or null.</summary>
        public static IParameterSymbol? PositionalParameterOf(IPropertySymbol property)
            => property.ContainingType is { IsRecord: true } ? PositionalParameters.GetValue(property, FindPositionalParameter).Value : null;

        // Asked at every read of a record's property that the rules classify; found once per property object (a property of
        // a constructed generic record may be a new object at each ask, and is then found again, as before).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPropertySymbol, System.Runtime.CompilerServices.StrongBox<IParameterSymbol?>> PositionalParameters = new();
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IPropertySymbol, System.Runtime.CompilerServices.StrongBox<IParameterSymbol?>>.CreateValueCallback FindPositionalParameter
            = property => new System.Runtime.CompilerServices.StrongBox<IParameterSymbol?>(PositionalParameterIn(property));

        private static IParameterSymbol? PositionalParameterIn(IPropertySymbol property)
        {
            if (property.ContainingType is not { IsRecord: true } record || property.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var declaration = property.DeclaringSyntaxReferences[0];
            foreach (var constructor in record.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == property.Name && parameter.DeclaringSyntaxReferences.Length == 1
                        && parameter.DeclaringSyntaxReferences[0].SyntaxTree == declaration.SyntaxTree
                        && parameter.DeclaringSyntaxReferences[0].Span == declaration.Span)
                    {
                        return parameter;
                    }
                }
            }

            return null;
        }

        /// <summary>The type and its base types, nearest first.</summary>
        public static IEnumerable<INamedTypeSymbol> SelfAndBaseTypes(this INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                yield return current;
            }
        }

        /// <summary>The method and the methods it overrides, nearest first.</summary>
        public static IEnumerable<IMethodSymbol> SelfAndOverridden(this IMethodSymbol method)
        {
            for (var current = method; current is not null; current = current.OverriddenMethod)
            {
                yield return current;
            }
        }

        public static bool InheritsFromOrEquals(this ITypeSymbol type, INamedTypeSymbol? baseType)
        {
            if (baseType is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
                {
                    return true;
                }
            }

            return false;
        }

        public static bool Implements(this ITypeSymbol type, INamedTypeSymbol? interfaceType)
        {
            if (interfaceType is null)
            {
                return false;
            }

            if (type is not INamedTypeSymbol named)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceType))
                    {
                        return true;
                    }
                }

                return false;
            }

            foreach (var implemented in InterfaceDefinitions.GetValue(named.OriginalDefinition, OriginalDefinitionsOfAllInterfaces))
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, interfaceType))
                {
                    return true;
                }
            }

            return false;
        }

        // A type's interfaces are asked about at nearly every call and parameter the rules look at, and Roslyn hands out a
        // new array of them each time. Kept beside the type's definition, one object as long as it lives (a constructed or
        // nullable-annotated type is a new object at each ask; its interfaces' definitions are its definition's).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ITypeSymbol, INamedTypeSymbol[]> InterfaceDefinitions = new();
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ITypeSymbol, INamedTypeSymbol[]>.CreateValueCallback OriginalDefinitionsOfAllInterfaces = type =>
        {
            var all = type.AllInterfaces;
            var definitions = new INamedTypeSymbol[all.Length];
            for (var i = 0; i < all.Length; i++)
            {
                definitions[i] = all[i].OriginalDefinition;
            }

            return definitions;
        };

        /// <summary>The value of a constructor argument of type string, or null when absent or not a string.</summary>
        public static string? StringArgument(this AttributeData attribute, int index)
            => index < attribute.ConstructorArguments.Length && attribute.ConstructorArguments[index].Value is string s ? s : null;

        public static string? NamedStringArgument(this AttributeData attribute, string name)
        {
            foreach (var pair in attribute.NamedArguments)
            {
                if (pair.Key == name)
                {
                    return pair.Value.Value as string;
                }
            }

            return null;
        }
    }
}
