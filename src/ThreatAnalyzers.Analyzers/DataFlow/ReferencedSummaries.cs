using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The summaries referenced projects recorded for their public methods (<see cref="FlowRecord"/>), handed to this
    /// compilation as AdditionalFiles by the package's targets: the flow engine applies them to calls into those
    /// assemblies as it applies its own methods' summaries. Read once per compilation; a file that does not read is
    /// left out (and reported by <c>FlowRecordFileAnalyzer</c>), never half-applied.
    /// </summary>
    internal sealed class ReferencedSummaries
    {
        private readonly Dictionary<string, Dictionary<string, RecordedMethod>> byAssembly;

        // Interface and abstract members by key (ContractKeys), whatever record holds them: the implementation's project
        // records them under its own name, and the interface is often declared by another (Application declares,
        // Infrastructure implements). Also by the member's id alone, all constructions merged: what a call through the
        // definition or an open construction may reach.
        private readonly Dictionary<string, RecordedMethod> contracts = new(StringComparer.Ordinal);
        private readonly Dictionary<string, RecordedMethod> contractsOfAnyConstruction = new(StringComparer.Ordinal);
        private readonly ConcurrentDictionary<IMethodSymbol, MethodSummary?> converted = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<string, string> storesBySinkMethod = new(StringComparer.Ordinal);

        private readonly IAssemblySymbol? own;

        private ReferencedSummaries(Dictionary<string, Dictionary<string, RecordedMethod>> byAssembly, IAssemblySymbol? own)
        {
            this.byAssembly = byAssembly;
            this.own = own;
            foreach (var assembly in byAssembly.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                foreach (var method in assembly.Value.Values)
                {
                    contracts[method.Id] = contracts.TryGetValue(method.Id, out var known) ? Merge(known, method) : method;
                    var member = Extraction.ContractKeys.DefinitionOf(method.Id);
                    var asMember = method with { Id = member };
                    contractsOfAnyConstruction[member] = contractsOfAnyConstruction.TryGetValue(member, out var any) ? Merge(any, asMember) : asMember;
                }
            }

            foreach (var sink in byAssembly.Values.SelectMany(m => m.Values).SelectMany(m => m.Sinks))
            {
                if (sink.SinkMethod is { } method && sink.Store is { } store && (!storesBySinkMethod.TryGetValue(method, out var known) || string.CompareOrdinal(store, known) < 0))
                {
                    storesBySinkMethod[method] = store;
                }
            }
        }

        /// <summary>
        /// The store a referenced method writes to (the documentation-comment id of its EF Core context), as its project
        /// recorded it: what a rule about store writes needs where the write itself is not in this compilation.
        /// </summary>
        public string? StoreWrittenBy(string? sinkMethod)
            => sinkMethod is not null && storesBySinkMethod.TryGetValue(sinkMethod, out var store) ? store : null;

        public static ReferencedSummaries None { get; } = new(new Dictionary<string, Dictionary<string, RecordedMethod>>(), own: null);

        /// <summary>Whether any referenced project recorded anything.</summary>
        public bool IsEmpty => byAssembly.Count == 0;

        public static bool IsRecordFile(AdditionalText file) => file.Path.EndsWith(FlowRecord.FileSuffix, StringComparison.OrdinalIgnoreCase);

        /// <summary>The record files among <paramref name="files"/>, each read, or the problem that keeps it out.</summary>
        public static IEnumerable<(AdditionalText File, (string Assembly, ImmutableArray<RecordedMethod> Methods)? Record, FlowRecordFormatException? Problem)> ReadAll(
            ImmutableArray<AdditionalText> files, CancellationToken cancellationToken)
        {
            foreach (var file in files)
            {
                if (!IsRecordFile(file))
                {
                    continue;
                }

                var text = file.GetText(cancellationToken)?.ToString();
                if (text is null)
                {
                    yield return (file, null, new FlowRecordFormatException(0, "it cannot be read"));
                    continue;
                }

                (string Assembly, ImmutableArray<RecordedMethod> Methods)? record = null;
                FlowRecordFormatException? problem = null;
                try
                {
                    record = FlowRecord.Read(text);

                    // A record speaks only for the assembly it lies next to: one about another assembly (copied, renamed,
                    // or shipped by a package) must not answer that assembly's calls.
                    var expected = record.Value.Assembly + FlowRecord.FileSuffix;
                    if (!string.Equals(System.IO.Path.GetFileName(file.Path), expected, StringComparison.OrdinalIgnoreCase))
                    {
                        record = null;
                        problem = new FlowRecordFormatException(1, "it is the record of '" + expected.Substring(0, expected.Length - FlowRecord.FileSuffix.Length) + "', not of the assembly its name says");
                    }
                }
                catch (FlowRecordFormatException exception)
                {
                    problem = exception;
                }

                yield return (file, record, problem);
            }
        }

        /// <param name="options">The analyzer options, whose AdditionalFiles may hold records.</param>
        /// <param name="own">This compilation's assembly: its methods are summarized from their source, never from a record.</param>
        /// <param name="cancellationToken">Cancellation.</param>
        public static ReferencedSummaries From(AnalyzerOptions options, IAssemblySymbol own, CancellationToken cancellationToken)
        {
            var files = options.AdditionalFiles;
            if (files.IsDefaultOrEmpty || !files.Any(IsRecordFile))
            {
                return None;
            }

            var byAssembly = new Dictionary<string, Dictionary<string, RecordedMethod>>(StringComparer.Ordinal);
            foreach (var (_, record, _) in ReadAll(files, cancellationToken))
            {
                if (record is not { } read || read.Methods.IsEmpty)
                {
                    continue;
                }

                if (!byAssembly.TryGetValue(read.Assembly, out var methods))
                {
                    byAssembly[read.Assembly] = methods = new Dictionary<string, RecordedMethod>(StringComparer.Ordinal);
                }

                foreach (var method in read.Methods)
                {
                    // The same assembly handed in twice (two paths to one project): what either says.
                    methods[method.Id] = methods.TryGetValue(method.Id, out var known) ? Merge(known, method) : method;
                }
            }

            return byAssembly.Count == 0 ? None : new ReferencedSummaries(byAssembly, own);
        }

        /// <summary>The simple names of the recorded methods (a constructor's is its type's), as calls to them are written.</summary>
        public IEnumerable<string> MethodNames()
            => byAssembly.Values.SelectMany(methods => methods.Values).Select(method => SimpleName(method.Id)).Concat(contracts.Keys.Select(SimpleName));

        /// <summary><c>M:Shop.AuditLog.Write(System.String)</c> → <c>Write</c>; <c>M:Shop.Client.#ctor(…)</c> → <c>Client</c>; <c>M:X.Get``1</c> → <c>Get</c>; <c>M:Shop.Repo`1.Save(`0)</c> → <c>Save</c>.</summary>
        private static string SimpleName(string key)
        {
            var id = Extraction.ContractKeys.DefinitionOf(key);
            var end = id.IndexOf('(');
            var parts = (end < 0 ? id : id.Substring(0, end)).Split('.');
            var name = parts[parts.Length - 1];
            if (name == "#ctor" && parts.Length > 1)
            {
                // A generic type's constructor: M:Shop.Repo`1.#ctor → Repo.
                name = parts[parts.Length - 2];
            }

            // A generic method (Get``1) or type (Repo`1): the name before the arity.
            var generic = name.IndexOf('`');
            return generic >= 0 ? name.Substring(0, generic) : name;
        }

        /// <summary>Whether a referenced project recorded a summary of <paramref name="method"/> (a method of another assembly).</summary>
        public bool Has(IMethodSymbol method) => !IsEmpty && Find(method) is not null;

        /// <summary>
        /// The recorded summary as the engine's: sinks with no location here (the library's source is not in this
        /// compilation; the path names the method instead), return facts of the method's own sources named after it.
        /// </summary>
        public MethodSummary? SummaryOf(IMethodSymbol method)
        {
            if (IsEmpty)
            {
                return null;
            }

            return converted.GetOrAdd(method, m => Find(m) is { } recorded ? Convert(recorded) : null);
        }

        // Per method as called: Has is asked for every call of every body the record's gate walks.
        private readonly ConcurrentDictionary<IMethodSymbol, RecordedMethod?> found = new(SymbolEqualityComparer.Default);

        private RecordedMethod? Find(IMethodSymbol method)
            => found.TryGetValue(method, out var known) ? known : found.GetOrAdd(method, FindUncached(method));

        private RecordedMethod? FindUncached(IMethodSymbol method)
        {
            // By assembly, not by whether the method has syntax: the IDE hands a referenced project in as a compilation,
            // whose methods have syntax that is not this compilation's to bind.
            if (method.ContainingAssembly is not { } assembly || SymbolEqualityComparer.Default.Equals(assembly, own)
                || method.OriginalDefinition.GetDocumentationCommentId() is not { } id)
            {
                return null;
            }

            if (method.ContainingType?.TypeKind == TypeKind.Interface || method.IsAbstract)
            {
                // Through a closed construction: what its implementations recorded, and what open ones did (under the id alone).
                var key = Extraction.ContractKeys.KeyOf(method) ?? id;
                if (!Extraction.ContractKeys.IsConstructed(key))
                {
                    return contractsOfAnyConstruction.TryGetValue(id, out var any) ? any : null;
                }

                var ofConstruction = contracts.TryGetValue(key, out var constructed) ? constructed : null;
                var ofOpen = contracts.TryGetValue(id, out var unconstructed) ? unconstructed : null;
                return ofConstruction is null ? ofOpen : ofOpen is null ? ofConstruction : Merge(ofConstruction, ofOpen);
            }

            return byAssembly.TryGetValue(assembly.Name, out var methods) && methods.TryGetValue(id, out var recorded) ? recorded : null;
        }

        /// <summary>What either says (the same method in two records, or two implementations of one interface member), in a fixed order.</summary>
        private static RecordedMethod Merge(RecordedMethod known, RecordedMethod other)
            => known with
            {
                Name = string.CompareOrdinal(known.Name, other.Name) <= 0 ? known.Name : other.Name,
                // By content: a record's ImmutableArray<string> Via compares by reference, so Distinct() alone keeps duplicates.
                Sinks = known.Sinks.AddRange(other.Sinks)
                    .GroupBy(s => (s.Parameter, s.Kind, s.Sink, s.Member, s.SanitizedFor, Via: string.Join(";", s.Via), s.SinkMethod, s.Store))
                    .Select(g => g.First())
                    .ToImmutableArray(),
                Returns = known.Returns.AddRange(other.Returns).Distinct().ToImmutableArray(),
                Limits = known.Limits | other.Limits,
            };

        private static MethodSummary Convert(RecordedMethod recorded)
        {
            var sinks = recorded.Sinks
                .Select(s => new SinkReach(s.Parameter, s.Kind, s.Sink, Location.None, s.Via, s.Member, s.SanitizedFor, s.SinkMethod))
                .ToImmutableArray();
            var returns = FactSet.Empty;
            foreach (var returned in recorded.Returns)
            {
                returns = returns.Add(returned.Kind == FactKind.Parameter
                    ? new FlowFact(FactKind.Parameter, "parameter " + returned.Parameter, null, returned.Parameter, returned.SanitizedFor, member: returned.Member)
                    : new FlowFact(returned.Kind, recorded.Name + "(…)", null, sanitizedFor: returned.SanitizedFor, inferred: returned.Inferred, member: returned.Member, byType: returned.ByType));
            }

            // Recorded by the referenced project's build: the same whatever depth the caller still has.
            return new MethodSummary(returns, sinks, recorded.Limits, height: 0);
        }
    }
}
