using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.Annotated;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.EntityFrameworkCore
{
    /// <summary>
    /// EF Core: a DbContext is a relational data store. Reading a DbSet reads from it; Add/Update/Remove, SaveChanges and
    /// ExecuteUpdate/ExecuteDelete write to it. The store's id is the context type, so an annotation on it names it.
    /// </summary>
    internal sealed class EfCoreResources : ResourceConvention
    {
        /// <summary>The methods of a DbContext, a DbSet or a query over one that write to the store.</summary>
        public static readonly HashSet<string> Writes = new()
        {
            "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Remove", "RemoveRange", "Attach", "AttachRange",
            "SaveChanges", "SaveChangesAsync", "ExecuteDelete", "ExecuteDeleteAsync", "ExecuteUpdate", "ExecuteUpdateAsync",
            "ExecuteSqlRaw", "ExecuteSqlRawAsync", "ExecuteSqlInterpolated", "ExecuteSqlInterpolatedAsync", "ExecuteSql", "ExecuteSqlAsync",
        };

        /// <summary>The methods that read one entity by its key, and the raw queries on the context's database (<c>db.Database.SqlQuery&lt;T&gt;(…)</c>).</summary>
        public static readonly HashSet<string> Finds = new() { "Find", "FindAsync", "SqlQuery", "SqlQueryRaw" };

        private readonly INamedTypeSymbol dbContext;
        private readonly INamedTypeSymbol? dbSet;
        private readonly AnnotatedElements annotated;

        private readonly System.Lazy<HashSet<ITypeSymbol>> entities;

        private EfCoreResources(Compilation compilation, INamedTypeSymbol dbContext, INamedTypeSymbol? dbSet, AnnotatedElements annotated, DataClassification classification)
            : base(classification)
        {
            this.dbContext = dbContext;
            this.dbSet = dbSet;
            this.annotated = annotated;
            entities = new System.Lazy<HashSet<ITypeSymbol>>(() => FindEntities(compilation), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public static EfCoreResources? Create(Compilation compilation, AnnotatedElements annotated, DataClassification classification)
            => compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbContext") is { } context
                ? new EfCoreResources(compilation, context, compilation.GetTypeByMetadataName("Microsoft.EntityFrameworkCore.DbSet`1"), annotated, classification)
                : null;

        /// <summary>A persisted entity type: the element type of a DbSet&lt;T&gt; property of a DbContext declared in the compilation (found once, when first asked).</summary>
        public bool IsEntity(ITypeSymbol? type) => type is not null && entities.Value.Contains(type.OriginalDefinition);

        /// <summary>Every persisted entity type (found once, when first asked).</summary>
        public IReadOnlyCollection<ITypeSymbol> Entities => entities.Value;

        /// <summary>The entity type of a <c>DbSet&lt;T&gt;</c>, or null for any other type.</summary>
        public ITypeSymbol? EntityOfDbSet(ITypeSymbol? type) => IsDbSet(type) ? ((INamedTypeSymbol)type!).TypeArguments[0] : null;

        /// <summary>A method that hands an entity to EF Core's change tracker for writing: Add, Update, Attach and their ranges, on a DbSet or a DbContext.</summary>
        public bool IsTrackingWrite(IMethodSymbol method)
            => TrackingWrites.Contains(method.Name) && (IsDbSet(method.ContainingType) || IsDbContext(method.ContainingType));

        private static readonly HashSet<string> TrackingWrites = new() { "Add", "AddAsync", "AddRange", "AddRangeAsync", "Update", "UpdateRange", "Attach", "AttachRange" };

        private HashSet<ITypeSymbol> FindEntities(Compilation compilation)
        {
            var found = new HashSet<ITypeSymbol>(SymbolEqualityComparer.Default);
            foreach (var symbol in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type))
            {
                if (symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class } type || !IsDbContext(type))
                {
                    continue;
                }

                for (var current = type; current is not null && !SymbolEqualityComparer.Default.Equals(current, dbContext); current = current.BaseType)
                {
                    foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
                    {
                        if (IsDbSet(property.Type) && ((INamedTypeSymbol)property.Type).TypeArguments[0] is INamedTypeSymbol entity)
                        {
                            found.Add(entity.OriginalDefinition);
                        }
                    }
                }
            }

            return found;
        }

        public bool IsDbContext(ITypeSymbol? type) => type is INamedTypeSymbol named && named.InheritsFromOrEquals(dbContext);

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            switch (operation)
            {
                case IPropertyReferenceOperation property when IsDbSet(property.Property.Type) && IsDbContext(property.Instance?.Type):
                    // db.Customers.Add(...) is a write, reported by the invocation; only a plain read is reported here.
                    if (property.Parent is IInvocationOperation call && call.Instance == property && Writes.Contains(call.TargetMethod.Name))
                    {
                        return null;
                    }

                    var classes = new HashSet<string>();
                    Classification.AddFrom(property.Property.Type, classes);
                    flow.AddClasses(property, classes);
                    return StoreTouch((INamedTypeSymbol)property.Instance!.Type!, Access.Read, classes.ToSortedSet());
                case IInvocationOperation invocation when Writes.Contains(invocation.TargetMethod.Name) && ContextOf(invocation) is { } context:
                    var written = new HashSet<string>(ClassesOf(invocation, Access.Write, flow));
                    if (invocation.Instance?.Type is INamedTypeSymbol { TypeArguments.Length: 1 } set && IsDbSet(set))
                    {
                        Classification.AddFrom(set, written);
                    }

                    return StoreTouch(context, Access.Write, written.ToSortedSet());
                case IInvocationOperation invocation when Finds.Contains(invocation.TargetMethod.Name) && ContextOf(invocation) is { } context:
                    return StoreTouch(context, Access.Read, ClassesOf(invocation, Access.Read, flow));
                default:
                    return null;
            }
        }

        /// <summary>
        /// <c>db.Customers</c> reads the store unless a call made on it writes (<c>db.Customers.Add(c)</c>,
        /// <c>db.Customers.Where(…).ExecuteDelete()</c>): a server-side update or delete brings no rows back.
        /// </summary>
        public override TouchFact? TryRecognizeRead(SyntaxMemberRead read)
        {
            if (read.Member is not IPropertySymbol property || !IsDbSet(property.Type) || read.ReceiverType is not INamedTypeSymbol context || !IsDbContext(context))
            {
                return null;
            }

            for (SyntaxNode node = read.Syntax; node.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access && access.Expression == node; node = call)
            {
                if (Writes.Contains(access.Name.Identifier.ValueText))
                {
                    return null;
                }
            }

            var classes = new HashSet<string>();
            Classification.AddFrom(property.Type, classes);
            return StoreTouch(context, Access.Read, classes.ToSortedSet());
        }

        public override TouchFact? TryRecognize(SyntaxCall call)
        {
            var name = call.Method.Name;
            if (Writes.Contains(name) && ContextOf(call) is { } context)
            {
                var written = new HashSet<string>(ClassesOf(call, Access.Write));
                if (call.ReceiverType is INamedTypeSymbol { TypeArguments.Length: 1 } set && IsDbSet(set))
                {
                    Classification.AddFrom(set, written);
                }

                return StoreTouch(context, Access.Write, written.ToSortedSet());
            }

            return Finds.Contains(name) && ContextOf(call) is { } read ? StoreTouch(read, Access.Read, ClassesOf(call, Access.Read)) : null;
        }

        /// <summary>The context a call goes to, from the syntax of its receiver: the context, one of its DbSets, or a query chained on one.</summary>
        private INamedTypeSymbol? ContextOf(SyntaxCall call)
        {
            var receiver = call.Receiver;
            for (var steps = 0; receiver is not null && steps < 16; steps++)
            {
                if (call.Body.TypeOf(receiver) is INamedTypeSymbol type && IsDbContext(type))
                {
                    return type;
                }

                switch (receiver)
                {
                    case MemberAccessExpressionSyntax access when call.Body.TypeOf(access.Expression) is INamedTypeSymbol owner && IsDbContext(owner):
                        return owner;
                    case InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax inner }:
                        receiver = inner.Expression;
                        continue;
                    case ParenthesizedExpressionSyntax parenthesized:
                        receiver = parenthesized.Expression;
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        /// <summary>A referenced type that takes a context (a repository's constructor parameter) reaches its store.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => ContextOfDependency(dependency) is { } context ? StoreTouch(context, access, classes) : null;

        /// <summary>The context a dependency is: the context itself, or the one an <c>IDbContextFactory&lt;T&gt;</c> makes.</summary>
        public INamedTypeSymbol? ContextOfDependency(ITypeSymbol dependency)
        {
            if (dependency is INamedTypeSymbol { Name: "IDbContextFactory", TypeArguments.Length: 1 } factory
                && NamespaceNames.Is(factory.ContainingNamespace, "Microsoft.EntityFrameworkCore"))
            {
                dependency = factory.TypeArguments[0];
            }

            return dependency is INamedTypeSymbol context && IsDbContext(context) && !SymbolEqualityComparer.Default.Equals(context.OriginalDefinition, dbContext) ? context : null;
        }

        /// <summary>
        /// A context declared in code (this project's or a referenced one's) as a store of the model even when no flow
        /// reaches it, so a library's own model shows its database under the ID the applications that use it give it; it is
        /// concerned by the classes of data its DbSets' entity types declare.
        /// </summary>
        public ElementFact DeclaredStore(INamedTypeSymbol context, SourceLocation? location)
        {
            var classes = new HashSet<string>();
            for (var current = context; current is not null && !SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, dbContext); current = current.BaseType)
            {
                foreach (var property in current.GetMembers().OfType<IPropertySymbol>())
                {
                    if (IsDbSet(property.Type))
                    {
                        Classification.AddFrom(property.Type, classes);
                    }
                }
            }

            var touch = StoreTouch(context, Access.Read, EquatableArray<string>.Empty);
            return new ElementFact(touch.ElementId, touch.ElementName, ElementKinds.DataStore, Boundary: null, location, classes.ToSortedSet(), touch.Controls);
        }

        /// <summary>The context's store, as every convention that reaches it names it (raw ADO.NET on the context's own connection, Identity's managers).</summary>
        internal TouchFact StoreTouch(INamedTypeSymbol context, string access, EquatableArray<string> classes)
        {
            var (name, controls) = annotated.AnnotatedElementOf(context, null) is { } a
                ? (a.Attribute.StringArgument(0) ?? context.Name, annotated.ControlsOf(a.Symbol))
                : (context.Name, EquatableArray<string>.Empty);
            return new TouchFact(annotated.IdOf(context), name, ElementKinds.DataStore, access, classes, controls);
        }

        /// <summary>The context a write goes to: the receiver itself, or the context whose DbSet (or query over one) is the receiver.</summary>
        internal INamedTypeSymbol? ContextOf(IInvocationOperation invocation)
        {
            for (var receiver = invocation.Receiver()?.WithoutConversions(); receiver is not null;)
            {
                switch (receiver)
                {
                    case { Type: INamedTypeSymbol type } when IsDbContext(type):
                        return type;
                    case IPropertyReferenceOperation property when IsDbContext(property.Instance?.Type):
                        return (INamedTypeSymbol)property.Instance!.Type!;
                    case IInvocationOperation inner:
                        receiver = inner.Receiver()?.WithoutConversions();
                        continue;
                    default:
                        return null;
                }
            }

            return null;
        }

        private bool IsDbSet(ITypeSymbol? type)
            => dbSet is not null && type is INamedTypeSymbol named && SymbolEqualityComparer.Default.Equals(named.OriginalDefinition, dbSet);
    }
}
