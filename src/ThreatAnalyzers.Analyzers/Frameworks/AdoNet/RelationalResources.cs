using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AdoNet
{
    /// <summary>
    /// ADO.NET commands (DbCommand and IDbCommand: ExecuteReader/ExecuteScalar read, ExecuteNonQuery writes) and Dapper's
    /// extension methods (Query* read, Execute* write) reach a relational database, named after the provider's namespace.
    /// </summary>
    internal sealed class RelationalResources : ResourceConvention
    {
        private readonly INamedTypeSymbol? dbCommand;
        private readonly INamedTypeSymbol? iDbCommand;
        private readonly INamedTypeSymbol? dapper;

        private RelationalResources(Compilation compilation, DataClassification classification)
            : base(classification)
        {
            dbCommand = compilation.GetTypeByMetadataName("System.Data.Common.DbCommand");
            iDbCommand = compilation.GetTypeByMetadataName("System.Data.IDbCommand");
            dapper = compilation.GetTypeByMetadataName("Dapper.SqlMapper");
        }

        public static RelationalResources Create(Compilation compilation, DataClassification classification) => new(compilation, classification);

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            if (operation is not IInvocationOperation invocation || AccessOf(invocation.TargetMethod) is not { } access)
            {
                return null;
            }

            // Dapper's extensions are named after the connection, a command's methods after the command.
            var on = IsDapper(invocation.TargetMethod) ? invocation.Receiver() : invocation.Instance;
            return Database(on?.WithoutConversions().Type, access, ClassesOf(invocation, access, flow));
        }

        public override TouchFact? TryRecognize(SyntaxCall call)
            => AccessOf(call.Method) is { } access ? Database(call.ReceiverType, access, ClassesOf(call, access)) : null;

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

        private static TouchFact Database(ITypeSymbol? connectionOrCommand, string access, EquatableArray<string> classes)
        {
            var provider = ProviderOf(connectionOrCommand?.ContainingNamespace?.ToDisplayString() ?? string.Empty);
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
