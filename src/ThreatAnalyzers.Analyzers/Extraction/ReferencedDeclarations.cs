using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// What the methods of referenced projects and packages that the project's code calls reach, read from metadata: a
    /// referenced method's body is never available (a project reference compiles against a reference assembly, where even
    /// private fields are gone), so what a type reaches is what it depends on — its constructor's parameters (a
    /// repository's DbContext and ILogger&lt;T&gt;, a typed client's HttpClient), recognised by the same conventions as the
    /// project's own code (<see cref="ResourceConvention.TryRecognizeDependency"/>), and, transitively, what the
    /// referenced types among them depend on. An interface resolves through the project's own registrations
    /// (<c>AddScoped&lt;IRepository, Repository&gt;()</c>) and, where none names it, through the referenced types that
    /// implement it. How a call uses what it reaches comes from its signature: a method that returns data reads it,
    /// one that takes data writes it.
    /// </summary>
    /// <remarks>
    /// Only types reached from the project's calls are read, never every type of every reference; framework and package
    /// assemblies (<see cref="IsFramework"/>) are known through the conventions, not walked. The implementers of a
    /// referenced application assembly are found once per assembly symbol, which compilations share while the reference
    /// does not change.
    /// </remarks>
    internal static class ReferencedDeclarations
    {
        private const int MaxDepth = 8;

        /// <summary>Assemblies of the platform and of packages: what they mean is in the conventions; their types are not followed.</summary>
        private static readonly string[] FrameworkPrefixes =
        {
            "System", "Microsoft.", "mscorlib", "netstandard", "WindowsBase", "AWSSDK.", "Amazon.", "Azure.", "Google.", "Grpc.",
            "Newtonsoft.", "Serilog", "Dapper", "FluentValidation", "Npgsql", "MySql", "MySqlConnector", "Pomelo.", "Oracle.", "SQLitePCLRaw",
            "Swashbuckle.", "AutoMapper", "MediatR", "Mediator", "Polly", "StackExchange.", "MongoDB.", "Humanizer", "NodaTime",
            "xunit", "NUnit", "Moq", "Castle.", "ThreatAnalyzers",
        };

        private static readonly ConditionalWeakTable<IAssemblySymbol, Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>> ImplementersByAssembly = new();
        private static readonly ConditionalWeakTable<IAssemblySymbol, List<INamedTypeSymbol>> ClassesByAssembly = new();

        /// <summary>A platform or package assembly, by name.</summary>
        public static bool IsFramework(IAssemblySymbol assembly)
        {
            // A whole name or a dotted prefix of one: "System" is System and System.*, never a project named SystemsCatalog,
            // and "Mediator" is not MediatorApp.Infrastructure (whose types would otherwise go unread, silently).
            var name = assembly.Name;
            foreach (var prefix in FrameworkPrefixes)
            {
                var dotted = prefix.EndsWith(".", StringComparison.Ordinal);
                if (dotted ? name.StartsWith(prefix, StringComparison.Ordinal)
                           : name == prefix || name.StartsWith(prefix + ".", StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// A platform or package assembly: by name, or by where the compilation takes it from (a package's layout, in
        /// whatever folder NuGet restores to), which a project reference never is. The path is only compared, never opened.
        /// </summary>
        public static bool IsFramework(IAssemblySymbol assembly, Compilation compilation)
            => IsFramework(assembly)
               || (compilation.GetMetadataReference(assembly) is PortableExecutableReference { FilePath: { } path } && IsPackagePath(path));

        /// <summary>
        /// A package's layout, wherever NuGet restores (its global folder, a NUGET_PACKAGES or RestorePackagesPath of a CI
        /// machine, a fallback folder): <c>…/&lt;id&gt;/&lt;version&gt;/lib|ref/&lt;tfm&gt;/X.dll</c>, also under
        /// <c>runtimes/&lt;rid&gt;/</c>. A project's output is <c>bin/&lt;configuration&gt;/&lt;tfm&gt;/X.dll</c> or
        /// <c>obj/…/&lt;tfm&gt;/ref/X.dll</c>: never a version folder above a lib or ref folder above the framework's.
        /// </summary>
        private static bool IsPackagePath(string path)
        {
            var segments = path.Replace('\\', '/').Split('/');
            // segments[^1] is the file, [^2] the target framework, [^3] lib or ref.
            var folder = segments.Length - 3;
            if (folder < 2 || !(segments[folder].Equals("lib", StringComparison.OrdinalIgnoreCase) || segments[folder].Equals("ref", StringComparison.OrdinalIgnoreCase)))
            {
                return false;
            }

            // runtimes/<rid>/lib/<tfm>/X.dll sits two folders deeper than the version.
            var version = folder >= 4 && segments[folder - 2].Equals("runtimes", StringComparison.OrdinalIgnoreCase) ? folder - 3 : folder - 1;
            return version >= 1 && IsVersion(segments[version]);
        }

        /// <summary>A NuGet version folder: digits and dots, then an optional prerelease label (<c>10.0.15</c>, <c>1.0.0-rc.1</c>).</summary>
        private static bool IsVersion(string folder)
        {
            var release = folder.Split(new[] { '-', '+' }, 2)[0];
            var parts = release.Split('.');
            return parts.Length >= 2 && parts.Length <= 4 && parts.All(part => part.Length > 0 && part.All(char.IsDigit));
        }

        /// <summary>Code of a referenced project (not the platform's or a package's): another assembly than the compilation's own.</summary>
        public static bool IsReferencedApplicationCode(ISymbol symbol, Compilation compilation)
            => symbol.ContainingAssembly is { } assembly && !SymbolEqualityComparer.Default.Equals(assembly, compilation.Assembly) && !IsFramework(assembly, compilation);

        /// <summary>
        /// The facts of the referenced methods the project's code calls (<paramref name="behaviors"/>' calls that name no
        /// method of the project), and the referenced DbContexts they reach.
        /// </summary>
        public static ReferencedFacts Read(
            Compilation compilation, IEnumerable<MethodFact> methods, IEnumerable<BehaviorFact> behaviors, IEnumerable<ServiceRegistrationFact> registrations, CancellationToken cancellationToken)
        {
            var known = new HashSet<string>(StringComparer.Ordinal);
            // The order calls are read in does not matter: what is read is keyed and sorted.
            var called = new HashSet<string>(StringComparer.Ordinal);
            foreach (var method in methods)
            {
                known.Add(method.Id);
                called.UnionWith(method.Behavior.Calls);
            }

            foreach (var behavior in behaviors)
            {
                called.UnionWith(behavior.Calls);
            }

            called.ExceptWith(known);
            if (called.Count == 0)
            {
                return ReferencedFacts.Empty;
            }

            // Most calls that name no method of the project are the platform's virtual and interface members: their
            // declaring type, resolved once per type, says so before any member is looked up.
            var reader = new Reader(compilation, registrations, cancellationToken);
            var types = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var id in known)
            {
                // A type with a method of the project is the project's own.
                if (TypeIdOf(id) is { } own)
                {
                    types[own] = false;
                }
            }

            foreach (var id in called)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var type = TypeIdOf(ContractKeys.DefinitionOf(id));
                if (type is not null)
                {
                    if (!types.TryGetValue(type, out var referenced))
                    {
                        // A package's interface (Mediator's IQueryHandler, MediatR's IRequestHandler) is answered by the
                        // referenced projects' classes that implement it.
                        types[type] = referenced = DocumentationCommentId.GetFirstSymbolForDeclarationId(type, compilation) is not { } symbol
                                                   || IsReferencedApplicationCode(symbol, compilation)
                                                   || (symbol is INamedTypeSymbol contract && reader.HasApplicationImplementers(contract));
                    }

                    if (!referenced)
                    {
                        continue;
                    }
                }

                reader.Method(id);
            }

            return reader.Result();
        }

        /// <summary>The id of the type that declares a member, from the member's id (<c>M:Ns.Type.Name(…)</c> → <c>T:Ns.Type</c>); null when it cannot be told.</summary>
        private static string? TypeIdOf(string memberId)
        {
            if (memberId.Length < 3 || memberId[1] != ':')
            {
                return null;
            }

            var end = memberId.IndexOf('(');
            var name = end < 0 ? memberId : memberId.Substring(0, end);
            var dot = name.LastIndexOf('.');
            return dot <= 2 ? null : "T:" + name.Substring(2, dot - 2);
        }

        private sealed class Reader
        {
            private readonly Compilation compilation;
            private readonly ExtractionContext context;
            private readonly CancellationToken cancellationToken;
            private readonly Dictionary<string, List<string>> registered = new(StringComparer.Ordinal);
            private readonly SortedDictionary<string, (SortedSet<string> Implements, List<TouchFact> Touches)> facts = new(StringComparer.Ordinal);
            private readonly SortedDictionary<string, ElementFact> stores = new(StringComparer.Ordinal);
            private List<IAssemblySymbol>? applicationAssemblies;

            public Reader(Compilation compilation, IEnumerable<ServiceRegistrationFact> registrations, CancellationToken cancellationToken)
            {
                this.compilation = compilation;
                this.cancellationToken = cancellationToken;
                context = ExtractionContext.For(compilation);
                foreach (var registration in registrations)
                {
                    if (!registered.TryGetValue(registration.ServiceId, out var list))
                    {
                        registered[registration.ServiceId] = list = new List<string>();
                    }

                    if (!list.Contains(registration.ImplementationId))
                    {
                        list.Add(registration.ImplementationId);
                    }
                }
            }

            /// <summary>What a call reaches, by its <see cref="ContractKeys"/> key: through a closed construction, only that construction's implementations.</summary>
            public void Method(string key)
            {
                var id = ContractKeys.DefinitionOf(key);
                var asked = ContractKeys.IsConstructed(key)
                    ? DocumentationCommentId.GetFirstSymbolForReferenceId(key.Substring(id.Length + 1), compilation) as INamedTypeSymbol
                    : null;
                foreach (var symbol in DocumentationCommentId.GetSymbolsForDeclarationId(id, compilation))
                {
                    // Making an object reaches nothing yet: the calls made on it later do. A package's interface or abstract
                    // member reaches what the referenced projects' implementations reach; its other members, nothing here.
                    if (symbol is not IMethodSymbol { MethodKind: not (MethodKind.Constructor or MethodKind.StaticConstructor) } method
                        || method.ContainingType is not { } type)
                    {
                        continue;
                    }

                    var applicationCode = IsReferencedApplicationCode(method, compilation);
                    if (!applicationCode && !HasApplicationImplementers(type))
                    {
                        continue;
                    }

                    var uses = UsesOf(method);
                    if (type.TypeKind == TypeKind.Interface || method.IsAbstract || method.IsVirtual)
                    {
                        foreach (var implementation in Implementations(type, asked))
                        {
                            if (MemberOf(implementation, type, method) is { } member && IsReferencedApplicationCode(implementation, compilation) && BehaviorExtractor.IdOf(member) is { } memberId)
                            {
                                // A member the class inherits from a package's base class (AbstractValidator<T>.Validate) is
                                // that class's: named with it, so two classes sharing it do not share what they reach.
                                var answering = IsReferencedApplicationCode(member, compilation) ? memberId : memberId + "@" + implementation.GetDocumentationCommentId();
                                Add(answering, key, Touches(implementation, member, uses));
                            }
                        }
                    }

                    if (applicationCode && type.TypeKind is TypeKind.Class or TypeKind.Struct && !method.IsAbstract)
                    {
                        Add(id, null, Touches(type, method, uses));
                    }
                }
            }

            public ReferencedFacts Result()
                => new(
                    facts.Where(f => f.Value.Touches.Count > 0 || f.Value.Implements.Count > 0)
                        .Select(f => new MethodFact(
                            f.Key,
                            f.Value.Implements.ToSortedSet(),
                            new BehaviorFact(
                                EquatableArray<string>.Empty,
                                f.Value.Touches.Distinct().OrderBy(t => t.ElementId, StringComparer.Ordinal).ThenBy(t => t.Access, StringComparer.Ordinal).ToEquatableArray())))
                        .Where(f => !f.Behavior.IsEmpty)
                        .ToEquatableArray(),
                    stores.Values.ToEquatableArray());

            private void Add(string id, string? implements, List<TouchFact> touches)
            {
                if (touches.Count == 0)
                {
                    return;
                }

                if (!facts.TryGetValue(id, out var fact))
                {
                    facts[id] = fact = (new SortedSet<string>(StringComparer.Ordinal), new List<TouchFact>());
                }

                if (implements is not null && implements != id)
                {
                    fact.Implements.Add(implements);
                }

                fact.Touches.AddRange(touches);
            }

            /// <summary>
            /// How a call of a method whose body is unknown uses what its type reaches, from its signature: it reads when it
            /// returns data (carrying what its result declares), it writes when it takes data or returns nothing (carrying
            /// what its parameters declare).
            /// </summary>
            private List<(string Access, EquatableArray<string> Classes)> UsesOf(IMethodSymbol method)
            {
                var written = new HashSet<string>();
                var takesData = false;
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Type is { Name: "CancellationToken" })
                    {
                        continue;
                    }

                    takesData = true;
                    context.Classification.AddFrom(parameter, written);
                    context.Classification.AddFrom(parameter.Type, written);
                }

                var uses = new List<(string, EquatableArray<string>)>();
                var returnsData = !method.ReturnsVoid && method.ReturnType is not INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 0 };
                if (returnsData)
                {
                    var read = new HashSet<string>();
                    context.Classification.AddFromResult(method, read);
                    uses.Add((Access.Read, read.ToSortedSet()));
                }

                if (takesData || !returnsData)
                {
                    uses.Add((Access.Write, written.ToSortedSet()));
                }

                return uses;
            }

            /// <summary>What a call of <paramref name="method"/> of <paramref name="type"/> reaches: what its parameters are (a logger handed to a static helper) and what the type depends on.</summary>
            private List<TouchFact> Touches(INamedTypeSymbol type, IMethodSymbol method, List<(string Access, EquatableArray<string> Classes)> uses)
            {
                var touches = new List<TouchFact>();
                foreach (var parameter in method.Parameters)
                {
                    // Only what a convention recognises: a parameter of a referenced type is data handed in, not a dependency.
                    Recognize(parameter.Type, type, uses, touches);
                }

                if (!method.IsStatic)
                {
                    Depends(type, uses, new HashSet<INamedTypeSymbol>(SymbolEqualityComparer.Default), touches, 0);
                }

                return touches;
            }

            private void Depends(INamedTypeSymbol type, List<(string Access, EquatableArray<string> Classes)> uses, HashSet<INamedTypeSymbol> visited, List<TouchFact> touches, int depth)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (depth > MaxDepth || !visited.Add(type.OriginalDefinition))
                {
                    return;
                }

                foreach (var constructor in type.InstanceConstructors)
                {
                    if (constructor.DeclaredAccessibility == Accessibility.Private)
                    {
                        continue;
                    }

                    foreach (var parameter in constructor.Parameters)
                    {
                        if (Recognize(parameter.Type, type, uses, touches))
                        {
                            continue;
                        }

                        if (parameter.Type is INamedTypeSymbol dependency && IsReferencedApplicationCode(dependency, compilation))
                        {
                            if (dependency.TypeKind == TypeKind.Interface || dependency.IsAbstract)
                            {
                                foreach (var implementation in Implementations(dependency, ContractKeys.ClosedConstruction(dependency)))
                                {
                                    Depends(implementation, uses, visited, touches, depth + 1);
                                }
                            }
                            else if (dependency.TypeKind == TypeKind.Class)
                            {
                                Depends(dependency, uses, visited, touches, depth + 1);
                            }
                        }
                    }
                }
            }

            private bool Recognize(ITypeSymbol dependency, INamedTypeSymbol dependent, List<(string Access, EquatableArray<string> Classes)> uses, List<TouchFact> touches)
            {
                var recognized = false;
                foreach (var (access, classes) in uses)
                {
                    if (context.Resources.TryRecognizeDependency(dependency, dependent, access, classes) is { } touch)
                    {
                        recognized = true;
                        touches.Add(touch);
                    }
                }

                if (recognized && context.Resources.EntityFrameworkCore is { } ef && ef.ContextOfDependency(dependency) is { } named
                    && !SymbolEqualityComparer.Default.Equals(named.ContainingAssembly, compilation.Assembly))
                {
                    var store = ef.DeclaredStore(named, null);
                    stores[store.Id] = store;
                }

                return recognized;
            }

            /// <summary>
            /// The implementations of a referenced interface or abstract class that can answer through <paramref name="asked"/>
            /// (its closed construction, or null for any): those the project registers for it, else the referenced types that
            /// implement it.
            /// </summary>
            private IEnumerable<INamedTypeSymbol> Implementations(INamedTypeSymbol service, INamedTypeSymbol? asked)
                => Registered(service).Where(implementation => ContractKeys.MayAnswer(implementation, asked));

            private IEnumerable<INamedTypeSymbol> Registered(INamedTypeSymbol service)
            {
                if (service.OriginalDefinition.GetDocumentationCommentId() is { } serviceId && registered.TryGetValue(serviceId, out var implementations))
                {
                    foreach (var implementationId in implementations)
                    {
                        if (DocumentationCommentId.GetFirstSymbolForDeclarationId(implementationId, compilation) is INamedTypeSymbol implementation)
                        {
                            yield return implementation;
                        }
                    }

                    yield break;
                }

                var definition = service.OriginalDefinition;
                foreach (var assembly in ApplicationAssemblies())
                {
                    if (!SymbolEqualityComparer.Default.Equals(assembly, definition.ContainingAssembly)
                        && !assembly.Modules.Any(m => m.ReferencedAssemblySymbols.Contains(definition.ContainingAssembly, SymbolEqualityComparer.Default)))
                    {
                        continue;
                    }

                    if (ImplementersIn(assembly).TryGetValue(definition, out var found))
                    {
                        foreach (var implementation in found)
                        {
                            yield return implementation;
                        }
                    }
                }
            }

            /// <summary>
            /// Whether a class of a referenced project implements or derives from a package's generic interface or abstract
            /// class: a handler or validator contract (MediatR's IRequestHandler&lt;,&gt;, FluentValidation's
            /// IValidator&lt;T&gt;). The platform's own (IDisposable, IEnumerable&lt;T&gt;, IHostedService) are left out: a call
            /// of Dispose does not reach every class of the solution that has one.
            /// </summary>
            public bool HasApplicationImplementers(INamedTypeSymbol type)
                => (type.TypeKind == TypeKind.Interface || type.IsAbstract) && type.IsGenericType
                   && type.ContainingNamespace?.ToDisplayString() is { } space
                   && !IsPlatformNamespace(space)
                   && ApplicationAssemblies().Any(assembly => ImplementersIn(assembly).ContainsKey(type.OriginalDefinition));

            private static bool IsPlatformNamespace(string space)
                => space == "System" || space.StartsWith("System.", StringComparison.Ordinal)
                   || space == "Microsoft" || space.StartsWith("Microsoft.", StringComparison.Ordinal);

            private List<IAssemblySymbol> ApplicationAssemblies()
                => applicationAssemblies ??= ApplicationReferences(compilation).ToList();

            /// <summary>The member of <paramref name="implementation"/> that answers a call of <paramref name="method"/> (declared by <paramref name="type"/>, generic or not).</summary>
            private static IMethodSymbol? MemberOf(INamedTypeSymbol implementation, INamedTypeSymbol type, IMethodSymbol method)
            {
                if (type.TypeKind == TypeKind.Interface)
                {
                    foreach (var implemented in implementation.AllInterfaces)
                    {
                        if (!SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, type.OriginalDefinition))
                        {
                            continue;
                        }

                        foreach (var member in implemented.GetMembers(method.Name))
                        {
                            if (SymbolEqualityComparer.Default.Equals(member.OriginalDefinition, method.OriginalDefinition)
                                && implementation.FindImplementationForInterfaceMember(member) is IMethodSymbol found)
                            {
                                return found;
                            }
                        }
                    }

                    return null;
                }

                foreach (var candidate in implementation.SelfAndBaseTypes())
                {
                    foreach (var member in candidate.GetMembers(method.Name).OfType<IMethodSymbol>())
                    {
                        for (var overridden = member; overridden is not null; overridden = overridden.OverriddenMethod)
                        {
                            if (SymbolEqualityComparer.Default.Equals(overridden.OriginalDefinition, method.OriginalDefinition))
                            {
                                return member;
                            }
                        }
                    }
                }

                return null;
            }
        }

        /// <summary>The concrete classes of a referenced assembly by the interfaces and abstract classes they derive from: one walk per assembly symbol.</summary>
        private static Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>> ImplementersIn(IAssemblySymbol assembly)
            => ImplementersByAssembly.GetValue(assembly, static a =>
            {
                var map = new Dictionary<INamedTypeSymbol, List<INamedTypeSymbol>>(SymbolEqualityComparer.Default);
                void Add(INamedTypeSymbol service, INamedTypeSymbol implementation)
                {
                    if (!map.TryGetValue(service.OriginalDefinition, out var list))
                    {
                        map[service.OriginalDefinition] = list = new List<INamedTypeSymbol>();
                    }

                    list.Add(implementation);
                }

                foreach (var type in ConcreteClassesOf(a))
                {
                    foreach (var implemented in type.AllInterfaces)
                    {
                        Add(implemented, type);
                    }

                    for (var baseType = type.BaseType; baseType is { IsAbstract: true }; baseType = baseType.BaseType)
                    {
                        Add(baseType, type);
                    }
                }

                return map;
            });

        /// <summary>The concrete classes an assembly declares (nested ones included), in metadata order: one walk per assembly symbol.</summary>
        public static IReadOnlyList<INamedTypeSymbol> ConcreteClassesOf(IAssemblySymbol assembly)
            => ClassesByAssembly.GetValue(assembly, static a =>
            {
                var found = new List<INamedTypeSymbol>();
                var pending = new Stack<INamespaceOrTypeSymbol>();
                pending.Push(a.GlobalNamespace);
                while (pending.Count > 0)
                {
                    foreach (var member in pending.Pop().GetMembers())
                    {
                        if (member is INamespaceSymbol ns)
                        {
                            pending.Push(ns);
                        }
                        else if (member is INamedTypeSymbol type)
                        {
                            pending.Push(type);
                            if (type.TypeKind == TypeKind.Class && !type.IsAbstract && !type.IsStatic)
                            {
                                found.Add(type);
                            }
                        }
                    }
                }

                return found;
            });

        /// <summary>The assemblies of referenced projects (not the platform's or a known package's), by name.</summary>
        public static IEnumerable<IAssemblySymbol> ApplicationReferences(Compilation compilation)
            => compilation.SourceModule.ReferencedAssemblySymbols.Where(a => !IsFramework(a, compilation)).OrderBy(a => a.Name, StringComparer.Ordinal);
    }
}
