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

            foreach (var implemented in type.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, interfaceType))
                {
                    return true;
                }
            }

            return false;
        }

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
