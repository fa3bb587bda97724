using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;

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
        private readonly ConcurrentDictionary<IMethodSymbol, Found> byMember = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, IReadOnlyList<IMethodSymbol>> byConstruction = new(SymbolEqualityComparer.Default);
        private readonly Lazy<Hierarchy> hierarchy;
        private readonly Lazy<IReadOnlyList<INamespaceSymbol>> scopesWithReferencedTypes;
        private readonly ConcurrentDictionary<(string Name, INamedTypeSymbol Container), bool> referencedNameLeadsTo = new(NameAndTypeComparer.Instance);

        public Implementations(Compilation compilation, Func<SyntaxTree, SemanticModel> modelFor)
        {
            this.compilation = compilation;
            this.modelFor = modelFor;
            // PublicationOnly: a failure (or cancellation) is not cached for the compilation; two threads may both build it.
            hierarchy = new Lazy<Hierarchy>(() => Hierarchy.Of(compilation), LazyThreadSafetyMode.PublicationOnly);
            scopesWithReferencedTypes = new Lazy<IReadOnlyList<INamespaceSymbol>>(() => ScopesWithReferencedTypes(hierarchy.Value), LazyThreadSafetyMode.PublicationOnly);
        }

        /// <summary>
        /// The source methods that implement or override <paramref name="member"/>, in the compilation's tree order, then
        /// position: paths named in messages do not depend on how they were found. Called through a closed construction
        /// (<c>IRequestHandler&lt;GetProductQuery, Product&gt;</c>), only the implementations of that construction, of open
        /// ones and, through a variant type parameter, of compatible ones answer (<see cref="Extraction.ContractKeys.Answers"/>);
        /// through the definition or an open one, all of them.
        /// </summary>
        public IReadOnlyList<IMethodSymbol> Of(IMethodSymbol member)
        {
            var definition = member.OriginalDefinition;
            var found = byMember.TryGetValue(definition, out var known) ? known : byMember.GetOrAdd(definition, Find(definition));
            if (found.Pairs.Count == 0 || Extraction.ContractKeys.ClosedConstruction(member.ContainingType) is not { } asked)
            {
                return found.Any;
            }

            return byConstruction.TryGetValue(member, out var answering) ? answering : byConstruction.GetOrAdd(member, Answering(found, asked));
        }

        private static IReadOnlyList<IMethodSymbol> Answering(Found found, INamedTypeSymbol? asked)
        {
            var answering = new List<IMethodSymbol>(found.Pairs.Count);
            foreach (var implementation in found.Pairs)
            {
                if (Extraction.ContractKeys.Answers(implementation.Via, asked)
                    && (answering.Count == 0 || !SymbolEqualityComparer.Default.Equals(answering[answering.Count - 1], implementation.Method)))
                {
                    answering.Add(implementation.Method);
                }
            }

            return answering;
        }

        /// <summary>What implements a member: each method with the construction it implements through, and the methods alone.</summary>
        private sealed class Found
        {
            public static readonly Found None = new(Array.Empty<Implementation>());

            public Found(IReadOnlyList<Implementation> pairs)
            {
                Pairs = pairs;
                Any = Answering(this, asked: null);
            }

            public IReadOnlyList<Implementation> Pairs { get; }

            public IReadOnlyList<IMethodSymbol> Any { get; }
        }

        /// <summary>A method that implements or overrides a member, and the construction of the member's type it does so through.</summary>
        private readonly struct Implementation
        {
            public Implementation(IMethodSymbol method, INamedTypeSymbol via)
            {
                Method = method;
                Via = via;
            }

            public IMethodSymbol Method { get; }

            public INamedTypeSymbol Via { get; }
        }

        private Found Find(IMethodSymbol member)
        {
            // Nothing derives from a struct, an enum, a delegate or a sealed class: no override or implementation to find.
            if (member.ContainingType is not { } container
                || (container.TypeKind != TypeKind.Interface && (container.IsSealed || container.IsValueType || container.TypeKind == TypeKind.Delegate)))
            {
                return Found.None;
            }

            var found = new List<Implementation>();
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
                                found.Add(new Implementation(implementation, implemented));
                            }
                        }
                    }
                }

                // Only a type that derives from the member's type can override it: its base chain is read from declarations,
                // before the type's members are built.
                if ((member.IsVirtual || member.IsAbstract || member.IsOverride) && DerivesFrom(type, container))
                {
                    foreach (var method in type.GetMembers(member.Name).OfType<IMethodSymbol>())
                    {
                        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                        {
                            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, member))
                            {
                                found.Add(new Implementation(method, overridden.ContainingType));
                                break;
                            }
                        }
                    }
                }
            }

            // A method found twice through one construction is kept once; through two (IHandler<A> and IHandler<B>), twice,
            // next to each other, so that either construction's call finds it.
            var order = hierarchy.Value.TreeOrder;
            var seenPairs = new HashSet<(IMethodSymbol, INamedTypeSymbol)>(MethodAndTypeComparer.Instance);
            return new Found(found.Where(f => seenPairs.Add((f.Method, f.Via)))
                .OrderBy(f => f.Method.Locations.FirstOrDefault()?.SourceTree is { } tree && order.TryGetValue(tree, out var index) ? index : int.MaxValue)
                .ThenBy(f => f.Method.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0)
                .ToList());
        }

        private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol container)
        {
            if (container.TypeKind == TypeKind.Interface)
            {
                return false;
            }

            for (var current = type.BaseType; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, container.OriginalDefinition))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// The source types that may derive from <paramref name="container"/>: those whose base list names it, or a type
        /// that does (transitively); for a type of another assembly, also every type whose base list names a type that may
        /// not be this compilation's own and may derive from the container through it (<see cref="ReferencedTypeNamedMayDeriveFrom"/>,
        /// or always where the name cannot be looked up by itself); for object, every type. A name is compared by its
        /// simple name, aliases seen through, so the candidates are a superset of the derived types.
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
                var names = new HashSet<string>(StringComparer.Ordinal);
                var pending = new Queue<string>();
                var found = new List<TypeDeclarationSyntax>();
                var taken = new HashSet<TypeDeclarationSyntax>();
                void Take(TypeDeclarationSyntax declaration)
                {
                    if (taken.Add(declaration))
                    {
                        found.Add(declaration);
                    }

                    Follow(declaration.Identifier.ValueText);
                }

                void Follow(string name)
                {
                    if (names.Add(name))
                    {
                        pending.Enqueue(name);
                    }
                }

                Follow(container.Name);
                // A type of a referenced project is "in source" in the IDE (a compilation reference) but not in the build;
                // what counts is whether this compilation declares it.
                if (!SymbolEqualityComparer.Default.Equals(container.ContainingAssembly, compilation.Assembly))
                {
                    foreach (var (declaration, referenced) in known.NamingReferencedBase)
                    {
                        if (referenced.Unsure || known.ImportsUnusually || referenced.Names.Any(name => ReferencedTypeNamedMayDeriveFrom(name, container)))
                        {
                            Take(declaration);
                        }
                    }

                    // A record implements IEquatable<itself> without naming it.
                    if (container.Name == "IEquatable" && NamespaceNames.Is(container.ContainingNamespace, "System"))
                    {
                        foreach (var record in known.Records)
                        {
                            Take(record);
                        }
                    }
                }

                while (pending.Count > 0)
                {
                    foreach (var declaration in known.DerivedFrom(pending.Dequeue()))
                    {
                        Take(declaration);
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

        /// <summary>
        /// Whether a type of another assembly by this simple name, in a namespace where a base list can find it by that
        /// name (the global one, one a using directive imports, one the compilation declares types in), is the
        /// container or derives from it. When none is, a declaration whose base list names it cannot derive from the
        /// container through it, and is not bound to ask (binding every such type made each first analysis after an
        /// edit pay for every file).
        /// </summary>
        private bool ReferencedTypeNamedMayDeriveFrom(string name, INamedTypeSymbol container)
            => referencedNameLeadsTo.GetOrAdd((name, container), key =>
            {
                foreach (var scope in scopesWithReferencedTypes.Value)
                {
                    foreach (var type in scope.GetTypeMembers(key.Name))
                    {
                        if (!SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly) && IsOrDerivesFrom(type, key.Container))
                        {
                            return true;
                        }
                    }
                }

                return false;
            });

        private static bool IsOrDerivesFrom(INamedTypeSymbol type, INamedTypeSymbol container)
        {
            var wanted = container.OriginalDefinition;
            for (INamedTypeSymbol? current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, wanted))
                {
                    return true;
                }
            }

            return wanted.TypeKind == TypeKind.Interface
                   && type.AllInterfaces.Any(implemented => SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, wanted));
        }

        /// <summary>
        /// The namespaces where a simple name in a base list may find a type of another assembly: the global one, each one
        /// a using directive imports, and each namespace the compilation declares types in (or encloses them) that another
        /// assembly also has types or namespaces in.
        /// </summary>
        private IReadOnlyList<INamespaceSymbol> ScopesWithReferencedTypes(Hierarchy known)
        {
            var scopes = new List<INamespaceSymbol> { compilation.GlobalNamespace };
            var seen = new HashSet<INamespaceSymbol>(SymbolEqualityComparer.Default) { compilation.GlobalNamespace };
            foreach (var imported in known.ImportedNamespaces)
            {
                if (Resolve(imported) is { } found && seen.Add(found))
                {
                    scopes.Add(found);
                }
            }

            foreach (var declared in known.DeclaredNamespaces)
            {
                var current = compilation.GlobalNamespace;
                foreach (var part in declared.Split('.'))
                {
                    current = current.GetMembers(part).OfType<INamespaceSymbol>().FirstOrDefault();
                    // A namespace only this compilation has holds none of another assembly's types, nor do those inside it.
                    if (current is null || current.ConstituentNamespaces.All(n => SymbolEqualityComparer.Default.Equals(n.ContainingAssembly, compilation.Assembly)))
                    {
                        break;
                    }

                    if (seen.Add(current))
                    {
                        scopes.Add(current);
                    }
                }
            }

            return scopes;

            INamespaceSymbol? Resolve(string dotted)
            {
                INamespaceSymbol? current = compilation.GlobalNamespace;
                foreach (var part in dotted.Split('.'))
                {
                    current = current?.GetMembers(part).OfType<INamespaceSymbol>().FirstOrDefault();
                }

                return current;
            }
        }

        private sealed class MethodAndTypeComparer : IEqualityComparer<(IMethodSymbol Method, INamedTypeSymbol Type)>
        {
            public static readonly MethodAndTypeComparer Instance = new();

            public bool Equals((IMethodSymbol Method, INamedTypeSymbol Type) x, (IMethodSymbol Method, INamedTypeSymbol Type) y)
                => SymbolEqualityComparer.Default.Equals(x.Method, y.Method) && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

            public int GetHashCode((IMethodSymbol Method, INamedTypeSymbol Type) key)
                => SymbolEqualityComparer.Default.GetHashCode(key.Method) ^ SymbolEqualityComparer.Default.GetHashCode(key.Type);
        }

        private sealed class NameAndTypeComparer : IEqualityComparer<(string Name, INamedTypeSymbol Container)>
        {
            public static readonly NameAndTypeComparer Instance = new();

            public bool Equals((string Name, INamedTypeSymbol Container) x, (string Name, INamedTypeSymbol Container) y)
                => string.Equals(x.Name, y.Name, StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(x.Container, y.Container);

            public int GetHashCode((string Name, INamedTypeSymbol Container) key)
                => StringComparer.Ordinal.GetHashCode(key.Name) ^ SymbolEqualityComparer.Default.GetHashCode(key.Container);
        }

        /// <summary>
        /// The simple names in a declaration's base list that may name a type of another assembly; unsure where a name
        /// cannot be looked up by its simple name alone (qualified, an alias, or a declaration nested in a type, whose
        /// base types' nested types are in scope).
        /// </summary>
        private sealed record ReferencedBaseNames(bool Unsure, IReadOnlyList<string> Names);

        /// <summary>The compilation's type declarations by the simple names their base lists use (aliases seen through).</summary>
        private sealed class Hierarchy
        {
            private readonly Dictionary<string, List<TypeDeclarationSyntax>> byBaseName = new(StringComparer.Ordinal);

            private Hierarchy()
            {
            }

            public List<TypeDeclarationSyntax> All { get; } = new();

            public List<TypeDeclarationSyntax> Records { get; } = new();

            /// <summary>
            /// Declarations whose base list names a type that may belong to another assembly: a name no declaration of
            /// this compilation has, a name more than one declaration has, a qualified name, or an alias.
            /// </summary>
            public List<(TypeDeclarationSyntax Declaration, ReferencedBaseNames Referenced)> NamingReferencedBase { get; } = new();

            /// <summary>The namespaces the compilation's using directives import (global ones included).</summary>
            public HashSet<string> ImportedNamespaces { get; } = new(StringComparer.Ordinal);

            /// <summary>The namespaces the compilation declares.</summary>
            public HashSet<string> DeclaredNamespaces { get; } = new(StringComparer.Ordinal);

            /// <summary>
            /// Whether some file imports in a way a simple name's lookup here does not follow: a <c>using static</c> (a base
            /// list may then name a nested type of any type), an <c>extern alias</c> or a using through one (<c>X::N</c>),
            /// or a using whose name starts with an alias.
            /// </summary>
            public bool ImportsUnusually { get; private set; }

            public Dictionary<SyntaxTree, int> TreeOrder { get; } = new();

            public IReadOnlyList<TypeDeclarationSyntax> DerivedFrom(string name)
                => byBaseName.TryGetValue(name, out var list) ? list : (IReadOnlyList<TypeDeclarationSyntax>)Array.Empty<TypeDeclarationSyntax>();

            public static Hierarchy Of(Compilation compilation)
            {
                var hierarchy = new Hierarchy();
                var trees = new List<TreeTypes>();
                foreach (var tree in compilation.SyntaxTrees)
                {
                    hierarchy.TreeOrder[tree] = hierarchy.TreeOrder.Count;
                    var types = TreeTypes.Of(tree);
                    trees.Add(types);
                    hierarchy.ImportedNamespaces.UnionWith(types.ImportedNamespaces);
                    hierarchy.DeclaredNamespaces.UnionWith(types.DeclaredNamespaces);
                    hierarchy.ImportsUnusually |= types.ImportsUnusually;
                }

                // Aliases of every file, global ones included: an alias used in one file may be declared in another.
                var aliases = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                foreach (var (alias, target) in trees.SelectMany(t => t.Aliases))
                {
                    if (!aliases.TryGetValue(alias, out var targets))
                    {
                        aliases[alias] = targets = new HashSet<string>(StringComparer.Ordinal);
                    }

                    targets.Add(target);
                }

                // How many declarations have each name (partial ones each count). Built for every compilation, that is after
                // every edit: counted, not grouped.
                // A using whose name starts with an alias (declared in any file: global ones apply everywhere) is not
                // followed by the lookup of simple names.
                hierarchy.ImportsUnusually |= hierarchy.ImportedNamespaces.Any(imported => aliases.ContainsKey(imported.Split('.')[0]));

                var declarations = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var tree in trees)
                {
                    foreach (var (declaration, _) in tree.Types)
                    {
                        var name = declaration.Identifier.ValueText;
                        declarations[name] = declarations.TryGetValue(name, out var counted) ? counted + 1 : 1;
                    }
                }

                foreach (var (declaration, baseNames) in trees.SelectMany(t => t.Types))
                {
                    var referencedNames = new List<string>();
                    var unsure = declaration.Parent is TypeDeclarationSyntax;
                    hierarchy.All.Add(declaration);
                    if (declaration is RecordDeclarationSyntax)
                    {
                        hierarchy.Records.Add(declaration);
                    }

                    var mayNameReferenced = false;
                    foreach (var (written, qualified) in baseNames)
                    {
                        var names = aliases.TryGetValue(written, out var targets) ? targets.Append(written) : new[] { written };
                        foreach (var name in names)
                        {
                            if (!hierarchy.byBaseName.TryGetValue(name, out var list))
                            {
                                hierarchy.byBaseName[name] = list = new List<TypeDeclarationSyntax>();
                            }

                            // A declaration's names are added together: a repeat (an alias and its target) is the last one.
                            if (list.Count == 0 || !ReferenceEquals(list[list.Count - 1], declaration))
                            {
                                list.Add(declaration);
                            }
                        }

                        var isAlias = targets is not null;
                        if (qualified || isAlias || !declarations.TryGetValue(written, out var count) || count > 1)
                        {
                            mayNameReferenced = true;
                            unsure |= qualified || isAlias;
                            referencedNames.Add(written);
                        }
                    }

                    if (mayNameReferenced)
                    {
                        hierarchy.NamingReferencedBase.Add((declaration, new ReferencedBaseNames(unsure, referencedNames)));
                    }
                }

                return hierarchy;
            }
        }

        /// <summary>One file's type declarations with the simple names in their base lists, and its using aliases; kept with the tree.</summary>
        private sealed class TreeTypes
        {
            private static readonly ConditionalWeakTable<SyntaxTree, TreeTypes> Cache = new();

            public List<(TypeDeclarationSyntax Declaration, List<(string Name, bool Qualified)> BaseNames)> Types { get; } = new();

            public List<(string Alias, string Target)> Aliases { get; } = new();

            public List<string> ImportedNamespaces { get; } = new();

            public List<string> DeclaredNamespaces { get; } = new();

            public bool ImportsUnusually { get; private set; }

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
                            var baseNames = new List<(string, bool)>();
                            foreach (var baseType in declaration.BaseList?.Types ?? default)
                            {
                                if (SimpleName(baseType.Type) is { } name)
                                {
                                    baseNames.Add((name, baseType.Type is not SimpleNameSyntax));
                                }
                            }

                            types.Types.Add((declaration, baseNames));
                            break;
                        case UsingDirectiveSyntax { Alias: { } alias } directive when SimpleName(directive.Name) is { } target:
                            types.Aliases.Add((alias.Name.Identifier.ValueText, target));
                            break;
                        case UsingDirectiveSyntax { Alias: null, StaticKeyword.RawKind: not 0 }:
                        case UsingDirectiveSyntax { Alias: null, Name: AliasQualifiedNameSyntax { Alias.Identifier.ValueText: not "global" } }:
                        case ExternAliasDirectiveSyntax:
                            types.ImportsUnusually = true;
                            break;
                        case UsingDirectiveSyntax { Alias: null, Name: { } imported } directive:
                            var dotted = DottedName(imported);
                            types.ImportedNamespaces.Add(dotted);
                            if (directive.Parent is BaseNamespaceDeclarationSyntax enclosing && imported is not AliasQualifiedNameSyntax)
                            {
                                // Inside a namespace, the name is looked up from each enclosing namespace outwards.
                                for (var outer = NamespaceOf(enclosing); outer.Length > 0; outer = outer.Substring(0, Math.Max(0, outer.LastIndexOf('.'))))
                                {
                                    types.ImportedNamespaces.Add(outer + "." + dotted);
                                }
                            }

                            break;
                        case BaseNamespaceDeclarationSyntax declaredNamespace:
                            types.DeclaredNamespaces.Add(NamespaceOf(declaredNamespace));
                            break;
                    }
                }

                return types;
            }

            /// <summary>The full name of a declared namespace: <c>A.B.C</c> for <c>namespace A { namespace B.C { … } }</c>.</summary>
            private static string NamespaceOf(BaseNamespaceDeclarationSyntax declaration)
                => string.Join(".", declaration.AncestorsAndSelf().OfType<BaseNamespaceDeclarationSyntax>().Reverse().Select(n => DottedName(n.Name)));

            /// <summary><c>System.Text</c> for <c>global::System.Text</c>.</summary>
            private static string DottedName(NameSyntax name)
                => name switch
                {
                    QualifiedNameSyntax qualified => DottedName(qualified.Left) + "." + qualified.Right.Identifier.ValueText,
                    AliasQualifiedNameSyntax aliased => aliased.Name.Identifier.ValueText,
                    SimpleNameSyntax simple => simple.Identifier.ValueText,
                    _ => name.ToString(),
                };

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
