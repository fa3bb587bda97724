using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AdoNet
{
    /// <summary>
    /// ADO.NET commands (DbCommand and IDbCommand: ExecuteReader/ExecuteScalar read, ExecuteNonQuery writes) and Dapper's
    /// extension methods (Query* read, Execute* write) reach a relational database: the DbContext's own store when the
    /// connection is the context's (<see cref="OwnDatabase"/>), else one named after the provider's namespace.
    /// </summary>
    internal sealed class RelationalResources : ResourceConvention
    {
        private readonly INamedTypeSymbol? dbCommand;
        private readonly INamedTypeSymbol? iDbCommand;
        private readonly INamedTypeSymbol? dapper;
        private readonly EfCoreResources? entityFramework;

        private RelationalResources(Compilation compilation, EfCoreResources? entityFramework, DataClassification classification)
            : base(classification)
        {
            this.entityFramework = entityFramework;
            dbCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbCommand");
            iDbCommand = compilation.GetTypeByMetadataName("System.Data.IDbCommand");
            dapper = compilation.GetTypeByMetadataName("Dapper.SqlMapper");
        }

        public static RelationalResources Create(Compilation compilation, EfCoreResources? entityFramework, DataClassification classification)
            => new(compilation, entityFramework, classification);

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            if (operation is not IInvocationOperation invocation || AccessOf(invocation.TargetMethod) is not { } access)
            {
                return null;
            }

            // Dapper's extensions are named after the connection, a command's methods after the command.
            var on = (IsDapper(invocation.TargetMethod) ? invocation.Receiver() : invocation.Instance)?.WithoutConversions();
            var classes = ClassesOf(invocation, access, flow);
            var model = invocation.SemanticModel;
            if (entityFramework is not null && model is not null && on?.Syntax is ExpressionSyntax receiver
                && OwnDatabase.ContextOf(receiver, e => e.SyntaxTree == model.SyntaxTree ? model.GetTypeInfo(e).Type : null, entityFramework.IsDbContext) is { } context)
            {
                return entityFramework.StoreTouch(context, access, classes);
            }

            Func<ExpressionSyntax, string?> constant = e => model is not null && e.SyntaxTree == model.SyntaxTree && model.GetConstantValue(e) is { HasValue: true, Value: string text } ? text : null;
            Func<ExpressionSyntax, ITypeSymbol?> typeOf = e => model is not null && e.SyntaxTree == model.SyntaxTree ? model.GetTypeInfo(e).Type : null;
            return Database(on?.Type, OwnDatabase.ConnectionKeyOf(on?.Syntax as ExpressionSyntax, constant, typeOf), access, classes);
        }

        public override TouchFact? TryRecognize(SyntaxCall call)
        {
            if (AccessOf(call.Method) is not { } access)
            {
                return null;
            }

            var classes = ClassesOf(call, access);
            return entityFramework is not null && OwnDatabase.ContextOf(call.Receiver, call.Body.TypeOf, entityFramework.IsDbContext) is { } context
                ? entityFramework.StoreTouch(context, access, classes)
                : Database(call.ReceiverType, OwnDatabase.ConnectionKeyOf(call.Receiver, call.Body.ConstantString, call.Body.TypeOf), access, classes);
        }

        /// <summary>A referenced type that takes a connection (<c>IDbConnection</c>, <c>SqliteConnection</c>, …) reaches that provider's database.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => dependency is INamedTypeSymbol connection && (connection.Name == "IDbConnection" ? NamespaceNames.Is(connection.ContainingNamespace, "System.Data") : IsConnection(connection))
                ? Database(connection, null, access, classes)
                : null;

        /// <summary>A connection, or a data source that hands them out (DbDataSource, .NET 7: NpgsqlDataSource).</summary>
        private static bool IsConnection(INamedTypeSymbol type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (current is { Name: "DbConnection" or "DbDataSource", ContainingNamespace: { Name: "Common", ContainingNamespace: { Name: "Data", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } } })
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>
        /// Whether a method reads or writes the database: Dapper's Query*/ExecuteScalar*/ExecuteReader* read and its other
        /// methods write; a command's ExecuteReader/ExecuteScalar read and ExecuteNonQuery writes. Null for anything else.
        /// </summary>
        private string? AccessOf(IMethodSymbol method)
        {
            var name = method.Name;
            if (IsDapper(method))
            {
                return name.StartsWith("Query", StringComparison.Ordinal) || name.StartsWith("ExecuteScalar", StringComparison.Ordinal)
                       || name.StartsWith("ExecuteReader", StringComparison.Ordinal) ? Access.Read : Access.Write;
            }

            // By name first: every call the rules and the model look at is asked, and few are named like a command's.
            if (!name.StartsWith("Execute", StringComparison.Ordinal))
            {
                return null;
            }

            if (method.ContainingType is { } declaring && (declaring.InheritsFromOrEquals(dbCommand) || SymbolEqualityComparer.Default.Equals(declaring, iDbCommand)
                                                          || declaring.Implements(iDbCommand)))
            {
                return name.StartsWith("ExecuteNonQuery", StringComparison.Ordinal) ? Access.Write
                    : name.StartsWith("ExecuteReader", StringComparison.Ordinal) || name.StartsWith("ExecuteScalar", StringComparison.Ordinal) ? Access.Read
                    : null;
            }

            return null;
        }

        private bool IsDapper(IMethodSymbol method)
            => dapper is not null && SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType, dapper);

        /// <summary>
        /// The database a connection reaches: by its connection string's configuration key when the code says (the model
        /// joins it to the DbContext registered with the same key), else by its provider.
        /// </summary>
        private static TouchFact Database(ITypeSymbol? connectionOrCommand, string? connectionKey, string access, EquatableArray<string> classes)
        {
            var provider = ProviderOf(connectionOrCommand?.ContainingNamespace?.ToDisplayString() ?? string.Empty);
            if (connectionKey is not null)
            {
                const string connectionStrings = "ConnectionStrings:";
                var shown = connectionKey.StartsWith(connectionStrings, StringComparison.OrdinalIgnoreCase) ? connectionKey.Substring(connectionStrings.Length) : connectionKey;
                return Touch(OwnDatabase.ConnectionIdPrefix + connectionKey, provider.Name + " (" + shown + ")", ElementKinds.DataStore, access, classes);
            }

            return Touch("store:relational:" + provider.Id, provider.Name, ElementKinds.DataStore, access, classes);
        }

        private static (string Id, string Name) ProviderOf(string ns)
            => ns.StartsWith("Microsoft.Data.SqlClient", StringComparison.Ordinal) || ns.StartsWith("System.Data.SqlClient", StringComparison.Ordinal) ? ("sqlserver", "SQL Server database")
             : ns.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) ? ("sqlite", "SQLite database")
             : ns.StartsWith("Npgsql", StringComparison.Ordinal) ? ("postgresql", "PostgreSQL database")
             : ns.StartsWith("MySql", StringComparison.Ordinal) || ns.StartsWith("MySqlConnector", StringComparison.Ordinal) ? ("mysql", "MySQL database")
             : ns.StartsWith("Oracle", StringComparison.Ordinal) ? ("oracle", "Oracle database")
             : ("database", "Relational database");
    }
}
