using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>A member whose value is a source: reading it (or calling it) yields data of <see cref="Kind"/>.</summary>
    internal sealed record SourceRow(string Type, string Member, FactKind Kind);

    /// <summary>
    /// A member that takes data somewhere: the listed parameters (or all arguments when none are listed; "value" for a
    /// property setter) are sink arguments of <see cref="Kind"/>. <see cref="Display"/> is how messages name it.
    /// </summary>
    internal sealed record SinkRow(string Type, string Member, SinkKind Kind, string Display, params string[] Parameters)
    {
        /// <summary>
        /// A word the code must write somewhere for a call of this sink to be written in it, where the member's name alone
        /// is common (<c>Replace</c>, <c>Add</c>): the type whose instances are had only by naming it (<c>Regex</c>), or the
        /// property the receiver comes from (<c>ArgumentList</c>). Read only by the flow records' name gate.
        /// </summary>
        public string? OnlyWhereSpelled { get; init; }
    }

    /// <summary>
    /// A member whose result is safe for the given sink kinds (an encoder), whatever went in; or, for a method whose
    /// arguments decide it (<c>text.Replace("\n", "")</c>), only when <see cref="When"/> says so of the call.
    /// </summary>
    internal sealed record SanitizerRow(string Type, string Member, SinkKind SafeFor, System.Func<Microsoft.CodeAnalysis.Operations.IInvocationOperation, bool>? When = null)
    {
        /// <summary>Whether this call of the member sanitizes (always, unless the row has a <see cref="When"/>).</summary>
        public bool Applies(Microsoft.CodeAnalysis.Operations.IInvocationOperation invocation) => When is null || When(invocation);
    }

    /// <summary>
    /// A check that makes a value safe for <see cref="SafeFor"/> where it guards the use (the use runs only when the check
    /// passed): the argument <see cref="Parameter"/> is checked, or, when it is null, the receiver, which must then be the
    /// result of <see cref="ReceiverFrom"/> ("Type.Member", e.g. a full path compared with a root). See <see cref="Guards"/>.
    /// </summary>
    internal sealed record GuardRow(string Type, string Member, SinkKind SafeFor, string? Parameter, string? ReceiverFrom = null);

    /// <summary>
    /// An instance method that puts what its arguments carry into its receiver (<c>XmlDocument.Load(stream)</c>): what was
    /// read is then in everything read from the receiver.
    /// </summary>
    internal sealed record FillRow(string Type, string Member);

    /// <summary>
    /// The sources, sinks, sanitizers, guards and fills the engine knows, as data: each framework contributes its rows from its own folder
    /// (Frameworks/*/…Flow.cs). Adding a sink is adding a row. Resolved against a compilation once.
    /// </summary>
    internal sealed class FlowCatalog
    {
        private readonly Rows<List<SourceRow>> sources = new();
        private readonly Rows<List<SinkRow>> sinks = new();
        private readonly Rows<SanitizerRow> sanitizers = new();
        private readonly Rows<List<GuardRow>> guards = new();
        private readonly Rows<List<FillRow>> fills = new();

        private FlowCatalog()
        {
        }

        private readonly HashSet<string> untrustedSourceMethods = new(StringComparer.Ordinal);

        public INamedTypeSymbol? LoggerMessageAttribute { get; private set; }

        /// <summary>The names of the source methods of untrusted data the compilation references (Console.ReadLine, HttpClient.GetStringAsync…): a call by one of these names may bring untrusted data in.</summary>
        public IReadOnlyCollection<string> UntrustedSourceMethods => untrustedSourceMethods;

        /// <summary>Whether a source of untrusted data that is read, not called (a request's Query, an API Gateway event's Body), exists in the compilation.</summary>
        public bool HasUntrustedSourceToRead { get; private set; }

        /// <summary>The kinds of the sink rows whose types the compilation references.</summary>
        public SinkKind SinkKinds { get; private set; }

        public static FlowCatalog Create(Compilation compilation)
        {
            var catalog = new FlowCatalog { LoggerMessageAttribute = compilation.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessageAttribute") };
            foreach (var row in Frameworks.Logging.LoggingFlow.Sinks
                         .Concat(Frameworks.AspNetCore.AspNetCoreFlow.Sinks)
                         .Concat(Frameworks.EntityFrameworkCore.EfCoreFlow.Sinks)
                         .Concat(Frameworks.AdoNet.RelationalFlow.Sinks)
                         .Concat(Frameworks.Http.HttpClientFlow.Sinks)
                         .Concat(Frameworks.AwsSdk.AwsFlow.Sinks)
                         .Concat(Frameworks.SystemFlow.Sinks))
            {
                if (catalog.Add(compilation, row.Type, row.Member, catalog.sinks, row))
                {
                    catalog.SinkKinds |= row.Kind;
                }
            }

            foreach (var row in Frameworks.AspNetCore.AspNetCoreFlow.Sources
                         .Concat(Frameworks.AwsLambda.LambdaFlow.Sources)
                         .Concat(Frameworks.Http.HttpClientFlow.Sources)
                         .Concat(Frameworks.SystemFlow.Sources))
            {
                if (catalog.Add(compilation, row.Type, row.Member, catalog.sources, row) && row.Kind == FactKind.Untrusted)
                {
                    var members = compilation.GetTypeByMetadataName(row.Type)!.GetMembers(row.Member);
                    if (members.Length > 0 && members.All(m => m is IMethodSymbol))
                    {
                        catalog.untrustedSourceMethods.Add(row.Member);
                    }
                    else
                    {
                        catalog.HasUntrustedSourceToRead = true;
                    }
                }
            }

            foreach (var row in Frameworks.AspNetCore.AspNetCoreFlow.Sanitizers.Concat(Frameworks.SystemFlow.Sanitizers).Concat(Frameworks.Logging.LoggingFlow.Sanitizers))
            {
                if (compilation.GetTypeByMetadataName(row.Type) is { } type)
                {
                    catalog.sanitizers.Set(type, row.Member, row);
                }
            }

            foreach (var row in Frameworks.AspNetCore.AspNetCoreFlow.Guards.Concat(Frameworks.SystemFlow.Guards).Concat(Frameworks.Http.HttpClientFlow.Guards))
            {
                catalog.Add(compilation, row.Type, row.Member, catalog.guards, row);
            }

            foreach (var row in Frameworks.SystemFlow.Fills)
            {
                catalog.Add(compilation, row.Type, row.Member, catalog.fills, row);
            }

            return catalog;
        }

        /// <summary>Whether any guard of the catalog exists in the compilation (if not, no body is searched for them).</summary>
        public bool HasAnyGuard => guards.Count > 0;

        public IReadOnlyList<GuardRow> GuardsOf(ISymbol member) => Find(guards, member);

        /// <summary>Whether the member puts its arguments into its receiver (a <see cref="FillRow"/>).</summary>
        public bool Fills(ISymbol member) => fills.Count > 0 && Find(fills, member).Count > 0;

        public IReadOnlyList<SinkRow> SinksOf(ISymbol member) => Find(sinks, member);

        /// <summary>Whether any sink of the catalog is referenced by the compilation at all.</summary>
        public bool HasAnySink => sinks.Count > 0 || LoggerMessageAttribute is not null;

        /// <summary>
        /// The simple names the sinks are written with: a method's name (a constructor's is its type's, as in
        /// <c>new SqlCommand(…)</c>), each with the word a file must spell for such a call to be written in the
        /// compilation (null: none): a static method's type name (called as <c>File.ReadAllText(…)</c>, or under a
        /// <c>using static</c> or an alias that names the type), else the rows' <see cref="SinkRow.OnlyWhereSpelled"/>;
        /// and apart, the properties that are sinks when set.
        /// </summary>
        public (IReadOnlyCollection<(string Name, string? Spelled)> Called, IReadOnlyCollection<string> Assigned) SinkNames()
        {
            var called = new HashSet<(string, string?)>();
            var assigned = new HashSet<string>(StringComparer.Ordinal);
            foreach (var pair in sinks.All)
            {
                var (type, member) = pair.Key;
                if (member == WellKnownMemberNames.InstanceConstructorName)
                {
                    called.Add((type.Name, null));
                    continue;
                }

                var members = type.GetMembers(member);
                if (members.Any(m => m is IPropertySymbol))
                {
                    assigned.Add(member);
                }
                else if (members.Length > 0 && members.All(m => m is IMethodSymbol { IsStatic: true, IsExtensionMethod: false }))
                {
                    called.Add((member, type.Name));
                }
                else
                {
                    var words = pair.Value.Select(row => row.OnlyWhereSpelled).Distinct().ToList();
                    called.Add((member, words.Count == 1 ? words[0] : null));
                }
            }

            return (called, assigned);
        }

        public IReadOnlyList<SourceRow> SourcesOf(ISymbol member) => Find(sources, member);

        public SanitizerRow? SanitizerOf(ISymbol member) => sanitizers.TryFind(member, out var row) ? row : null;

        public bool IsLoggerMessage(IMethodSymbol method) => LoggerMessageAttribute is not null && method.Find(LoggerMessageAttribute) is not null;

        private static IReadOnlyList<T> Find<T>(Rows<List<T>> rows, ISymbol member)
            => rows.TryFind(member, out var found) ? found : Array.Empty<T>();

        /// <summary>
        /// Rows by (type, member name), and the member names apart: the engine asks about every call and member it meets,
        /// most of them named like no row's member, and those are answered without walking their types' bases and interfaces.
        /// </summary>
        private sealed class Rows<T>
            where T : class
        {
            private readonly Dictionary<(INamedTypeSymbol, string), T> byTypeAndMember = new();
            private readonly HashSet<string> memberNames = new(StringComparer.Ordinal);

            public int Count => byTypeAndMember.Count;

            public IEnumerable<KeyValuePair<(INamedTypeSymbol Type, string Member), T>> All => byTypeAndMember;

            public bool TryGetValue(INamedTypeSymbol type, string member, out T value) => byTypeAndMember.TryGetValue((type, member), out value!);

            public void Set(INamedTypeSymbol type, string member, T value)
            {
                byTypeAndMember[(type, member)] = value;
                memberNames.Add(member);
            }

            /// <summary>The row of the member's declaring type, else of its base types, else of its interfaces: a row on ILogger or DbCommand matches implementations.</summary>
            public bool TryFind(ISymbol member, out T found)
            {
                found = null!;
                if (!memberNames.Contains(member.Name) || member.ContainingType is not { } declaring)
                {
                    return false;
                }

                var name = member.Name;
                for (var type = declaring.OriginalDefinition; type is not null; type = type.BaseType)
                {
                    if (byTypeAndMember.TryGetValue((type, name), out found!))
                    {
                        return true;
                    }
                }

                foreach (var implemented in declaring.OriginalDefinition.AllInterfaces)
                {
                    if (byTypeAndMember.TryGetValue((implemented.OriginalDefinition, name), out found!))
                    {
                        return true;
                    }
                }

                return false;
            }
        }

        private bool Add<T>(Compilation compilation, string typeName, string member, Rows<List<T>> into, T row)
        {
            if (compilation.GetTypeByMetadataName(typeName) is not { } type)
            {
                return false;
            }

            if (!into.TryGetValue(type, member, out var list))
            {
                into.Set(type, member, list = new List<T>());
            }

            list.Add(row);
            return true;
        }
    }
}
