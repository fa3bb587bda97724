using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The methods of this compilation that implement an interface member or override a virtual method, found when a
    /// call asks for them and kept per member. Only the types that can derive from the member's type are bound: the
    /// names in the base lists of the compilation's type declarations (read from syntax, kept with each tree) lead from
    /// the member's type to its possible implementers. Binding every type's members up front made the first analysis of
    /// a document after an edit pay for the whole compilation.
    /// </summary>
    internal sealed class Implementations
    {
        private readonly Compilation compilation;
        private readonly Func<SyntaxTree, SemanticModel> modelFor;
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IMethodSymbol>> byMember = new(SymbolEqualityComparer.Default);
        private readonly Lazy<Hierarchy> hierarchy;

        public Implementations(Compilation compilation, Func<SyntaxTree, SemanticModel> modelFor)
        {
            this.compilation = compilation;
            this.modelFor = modelFor;
            hierarchy = new Lazy<Hierarchy>(() => Hierarchy.Of(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The source methods that implement or override <paramref name="member"/> (its original definition), in declaration order.</summary>
        public IReadOnlyList<IMethodSymbol> Of(IMethodSymbol member)
        {
            member = member.OriginalDefinition;
            return byMember.TryGetValue(member, out var known) ? known : byMember.GetOrAdd(member, Find(member));
        }

        private IReadOnlyList<IMethodSymbol> Find(IMethodSymbol member)
        {
            if (member.ContainingType is not { } container)
            {
                return Array.Empty<IMethodSymbol>();
            }

            var found = new List<IMethodSymbol>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var type in Candidates(container.OriginalDefinition))
            {
                if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || !seen.Add(type))
                {
                    continue;
                }

                if (container.TypeKind == TypeKind.Interface)
                {
                    foreach (var implemented in type.AllInterfaces)
                    {
                        if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, container.OriginalDefinition))
                        {
                            continue;
                        }

                        foreach (var candidate in implemented.GetMembers(member.Name))
                        {
                            if (SymbolEqualityComparer.Default.Equals(candidate.OriginalDefinition, member)
                                && type.FindImplementationForInterfaceMember(candidate) is IMethodSymbol implementation
                                && SymbolEqualityComparer.Default.Equals(implementation.ContainingType, type))
                            {
                                found.Add(implementation);
                            }
                        }
                    }
                }

                if (member.IsVirtual || member.IsAbstract || member.IsOverride)
                {
                    foreach (var method in type.GetMembers(member.Name).OfType<IMethodSymbol>())
                    {
                        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                        {
                            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
                            {
                                found.Add(method);
                                break;
                            }
                        }
                    }
                }
            }

            // In source order, whatever order the base-list names led to them: paths named in messages must not change.
            return found.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default)
                .OrderBy(m => m.Locations.FirstOrDefault()?.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
                .ThenBy(m => m.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                .ToList();
        }

        /// <summary>
        /// The source types that may derive from <paramref name="container"/>: those whose base list names it or a source
        /// type that does (transitively); for a type from a referenced assembly, also those whose base list names another
        /// referenced type (it may derive from the container); for object, every type.
        /// </summary>
        private IEnumerable<INamedTypeSymbol> Candidates(INamedTypeSymbol container)
        {
            var known = hierarchy.Value;
            IEnumerable<TypeDeclarationSyntax> declarations;
            if (container.SpecialType is SpecialType.System_Object or SpecialType.System_ValueType)
            {
                declarations = known.All;
            }
            else
            {
                var names = new HashSet<string>(StringComparer.Ordinal) { container.Name };
                var pending = new Queue<string>(names);
                var found = new List<TypeDeclarationSyntax>();
                var taken = new HashSet<TypeDeclarationSyntax>();
                if (!container.Locations.Any(l => l.IsInSource))
                {
                    foreach (var declaration in known.NamingReferencedBase)
                    {
                        if (taken.Add(declaration) && names.Add(declaration.Identifier.ValueText))
                        {
                            pending.Enqueue(declaration.Identifier.ValueText);
                        }
                    }

                    found.AddRange(known.NamingReferencedBase);
                }

                while (pending.Count > 0)
                {
                    foreach (var declaration in known.DerivedFrom(pending.Dequeue()))
                    {
                        if (taken.Add(declaration))
                        {
                            found.Add(declaration);
                        }

                        if (names.Add(declaration.Identifier.ValueText))
                        {
                            pending.Enqueue(declaration.Identifier.ValueText);
                        }
                    }
                }

                declarations = found;
            }

            foreach (var declaration in declarations)
            {
                if (compilation.ContainsSyntaxTree(declaration.SyntaxTree)
                    && modelFor(declaration.SyntaxTree).GetDeclaredSymbol(declaration) is INamedTypeSymbol type)
                {
                    yield return type;
                }
            }
        }

        /// <summary>The compilation's type declarations by the simple names their base lists use (aliases seen through).</summary>
        private sealed class Hierarchy
        {
            private readonly Dictionary<string, List<TypeDeclarationSyntax>> byBaseName = new(StringComparer.Ordinal);

            private Hierarchy()
            {
            }

            public List<TypeDeclarationSyntax> All { get; } = new();

            /// <summary>Declarations whose base list names a type no declaration of this compilation declares.</summary>
            public List<TypeDeclarationSyntax> NamingReferencedBase { get; } = new();

            public IReadOnlyList<TypeDeclarationSyntax> DerivedFrom(string name)
                => byBaseName.TryGetValue(name, out var list) ? list : (IReadOnlyList<TypeDeclarationSyntax>)Array.Empty<TypeDeclarationSyntax>();

            public static Hierarchy Of(Compilation compilation)
            {
                var hierarchy = new Hierarchy();
                var trees = compilation.SyntaxTrees.Select(TreeTypes.Of).ToList();
                var declared = new HashSet<string>(trees.SelectMany(t => t.Types).Select(t => t.Declaration.Identifier.ValueText), StringComparer.Ordinal);
                foreach (var tree in trees)
                {
                    foreach (var (declaration, baseNames) in tree.Types)
                    {
                        hierarchy.All.Add(declaration);
                        var namesReferenced = false;
                        foreach (var written in baseNames)
                        {
                            var name = tree.Aliases.TryGetValue(written, out var target) ? target : written;
                            if (!hierarchy.byBaseName.TryGetValue(name, out var list))
                            {
                                hierarchy.byBaseName[name] = list = new List<TypeDeclarationSyntax>();
                            }

                            list.Add(declaration);
                            namesReferenced |= !declared.Contains(name);
                        }

                        if (namesReferenced)
                        {
                            hierarchy.NamingReferencedBase.Add(declaration);
                        }
                    }
                }

                return hierarchy;
            }
        }

        /// <summary>One file's type declarations with the simple names in their base lists, and its using aliases; kept with the tree.</summary>
        private sealed class TreeTypes
        {
            private static readonly ConditionalWeakTable<SyntaxTree, TreeTypes> Cache = new();

            public List<(TypeDeclarationSyntax Declaration, List<string> BaseNames)> Types { get; } = new();

            public Dictionary<string, string> Aliases { get; } = new(StringComparer.Ordinal);

            public static TreeTypes Of(SyntaxTree tree) => Cache.GetValue(tree, Read);

            private static TreeTypes Read(SyntaxTree tree)
            {
                var types = new TreeTypes();
                // Types sit in namespaces and other types, never in member bodies: those are not walked.
                foreach (var node in tree.GetRoot().DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    switch (node)
                    {
                        case TypeDeclarationSyntax declaration:
                            types.Types.Add((declaration, declaration.BaseList?.Types.Select(t => SimpleName(t.Type)).Where(n => n is not null).Select(n => n!).ToList() ?? new List<string>()));
                            break;
                        case UsingDirectiveSyntax { Alias: { } alias } directive when SimpleName(directive.Name) is { } target:
                            types.Aliases[alias.Name.Identifier.ValueText] = target;
                            break;
                    }
                }

                return types;
            }

            private static string? SimpleName(TypeSyntax? type)
                => type switch
                {
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                    _ => null,
                };
        }
    }
}
