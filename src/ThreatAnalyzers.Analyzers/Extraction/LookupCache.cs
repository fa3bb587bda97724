using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Lookups and type bindings shared by the bodies of one compilation: what a name means depends on the file (its
    /// usings) and the type the code is in (its members, their accessibility), not on the method, except for the method's
    /// own parameters, locals and type parameters, which are never kept here.
    /// </summary>
    internal sealed class LookupCache
    {
        private readonly ConcurrentDictionary<Key, ImmutableArray<ISymbol>> lookups = new();
        private readonly ConcurrentDictionary<Key, ITypeSymbol?> types = new();

        public ImmutableArray<ISymbol> Lookup(SyntaxTree tree, INamedTypeSymbol? scope, INamespaceOrTypeSymbol? container, string name, bool extensions, Func<ImmutableArray<ISymbol>> lookup)
        {
            var key = new Key(tree, scope, container, name, extensions);
            if (lookups.TryGetValue(key, out var known))
            {
                return known;
            }

            var found = lookup();
            if (IsShared(found))
            {
                lookups.TryAdd(key, found);
            }

            return found;
        }

        public ITypeSymbol? BindType(SyntaxTree tree, INamedTypeSymbol? scope, string text, Func<ITypeSymbol?> bind)
        {
            var key = new Key(tree, scope, null, text, false);
            if (types.TryGetValue(key, out var known))
            {
                return known;
            }

            var bound = bind();
            if (bound is null || !MentionsMethodTypeParameter(bound))
            {
                types.TryAdd(key, bound);
            }

            return bound;
        }

        /// <summary>Not a local, a method's parameter or a method's type parameter: the same for every body of the type.</summary>
        private static bool IsShared(ImmutableArray<ISymbol> symbols)
        {
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case ILocalSymbol or ILabelSymbol or IRangeVariableSymbol:
                    case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: not MethodKind.Constructor } }:
                    case ITypeParameterSymbol { DeclaringMethod: not null }:
                        return false;
                }
            }

            return true;
        }

        private static bool MentionsMethodTypeParameter(ITypeSymbol type)
            => type switch
            {
                ITypeParameterSymbol parameter => parameter.DeclaringMethod is not null,
                IArrayTypeSymbol array => MentionsMethodTypeParameter(array.ElementType),
                INamedTypeSymbol named => AnyArgumentMentions(named),
                _ => false,
            };

        private static bool AnyArgumentMentions(INamedTypeSymbol named)
        {
            foreach (var argument in named.TypeArguments)
            {
                if (MentionsMethodTypeParameter(argument))
                {
                    return true;
                }
            }

            return false;
        }

        private readonly struct Key : IEquatable<Key>
        {
            private readonly SyntaxTree tree;
            private readonly INamedTypeSymbol? scope;
            private readonly INamespaceOrTypeSymbol? container;
            private readonly string name;
            private readonly bool extensions;

            public Key(SyntaxTree tree, INamedTypeSymbol? scope, INamespaceOrTypeSymbol? container, string name, bool extensions)
            {
                this.tree = tree;
                this.scope = scope;
                this.container = container;
                this.name = name;
                this.extensions = extensions;
            }

            public bool Equals(Key other)
                => tree == other.tree && extensions == other.extensions && string.Equals(name, other.name, StringComparison.Ordinal)
                   && SymbolEqualityComparer.Default.Equals(scope, other.scope) && SymbolEqualityComparer.Default.Equals(container, other.container);

            public override bool Equals(object? obj) => obj is Key other && Equals(other);

            public override int GetHashCode()
            {
                var hash = EqualityComparer<SyntaxTree>.Default.GetHashCode(tree);
                hash = unchecked((hash * 31) + StringComparer.Ordinal.GetHashCode(name));
                hash = unchecked((hash * 31) + SymbolEqualityComparer.Default.GetHashCode(scope));
                hash = unchecked((hash * 31) + SymbolEqualityComparer.Default.GetHashCode(container));
                return extensions ? ~hash : hash;
            }
        }
    }
}
