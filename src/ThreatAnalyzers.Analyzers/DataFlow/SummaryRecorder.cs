using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// Records, for the projects that reference this one, what the shared pass computed for its public methods: which
    /// parameters reach which sinks, what the return value carries (<see cref="FlowRecord"/>). Only where the build asks
    /// for it (the package's targets set <see cref="Property"/>), only for methods callable from another assembly that
    /// take a value that can carry data and are not entry points, and only when their body may reach a sink. Where the
    /// rules' flow analysis runs, that is the rules' own question, answered from the summaries they share; elsewhere (a
    /// library no flow rule looks at) a body must hand such a value to a sink or to a method of the compilation that
    /// does, read from the text first: a library whose log calls print counts is not analyzed at all. The record leaves the
    /// compiler as the property of one Info diagnostic (<see cref="Descriptor"/>) at the end of the compilation; the
    /// build step writes it next to the assembly.
    /// </summary>
    internal sealed class SummaryRecorder
    {
        /// <summary>The MSBuild property (compiler-visible) that switches recording on.</summary>
        public const string Property = "ThreatAnalyzersRecordFlows";

        /// <summary>The diagnostic property that holds the record's text.</summary>
        public const string RecordProperty = "threat-flows.txt";

        public const string Id = "TA0010";

        /// <summary>
        /// NotConfigurable, so no severity setting, NoWarn or -warnaserror changes or loses it; Info, because the
        /// compiler's SARIF log leaves hidden diagnostics out. Reported at the compilation's end, which an IDE runs only
        /// in full-solution analysis.
        /// </summary>
        public static readonly DiagnosticDescriptor Descriptor = new(
            Id,
            title: "Flow record",
            messageFormat: "ThreatAnalyzers recorded the flows of {0} public method(s) of '{1}' for the projects that reference it",
            category: "ThreatModel",
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "Carries the flow summaries of the project's public methods to the build step, which writes them next to the assembly for referencing projects. Not a finding.",
            customTags: new[] { WellKnownDiagnosticTags.NotConfigurable, WellKnownDiagnosticTags.CompilationEnd });

        private readonly CompilationAnalysis analysis;
        private readonly ConcurrentDictionary<string, RecordedMethod> recorded = new(StringComparer.Ordinal);
        // "Yes within this many calls" (the smallest budget a yes was found with) and "never, at any depth" (a walk that cut
        // nothing): both are facts of the method alone, so what is looked up never depends on which callback ran first.
        private readonly ConcurrentDictionary<IMethodSymbol, int> reachesWithin = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<IMethodSymbol, bool> neverReaches = new(SymbolEqualityComparer.Default);

        // Which bodies may reach a sink, read from each file's text once (kept with its tree) and joined per compilation; null where annotations may make any
        // call a sink ([DataStore], [ExternalEntity]: their methods are not known by name). The files are read by the
        // threads that ask (Help) before one of them joins what they read.
        private readonly Lazy<SinkReachingNames.Reading?> reading;
        private readonly Lazy<SinkReachingNames?> reachingNames;
        private readonly CancellationToken cancellationToken;

        // Whether the rules' flow analysis runs in this compilation: it then asks, of every body, whether it may reach a
        // sink (through the callees' summaries), and summarizes those that may, so the recorder asks the same question
        // and reuses the answers instead of reading every file's text for its own gate.
        private readonly bool rulesSummarizeBodies;

        /// <param name="analysis">The compilation's shared state.</param>
        /// <param name="rulesSummarizeBodies">Whether some flow rule analyzes this compilation's bodies (its summaries are then shared).</param>
        /// <param name="cancellationToken">Cancellation.</param>
        public SummaryRecorder(CompilationAnalysis analysis, bool rulesSummarizeBodies, CancellationToken cancellationToken)
        {
            this.analysis = analysis;
            this.rulesSummarizeBodies = rulesSummarizeBodies;
            this.cancellationToken = cancellationToken;
            reading = new Lazy<SinkReachingNames.Reading?>(
                () =>
                {
                    var usage = AnnotationUsage.Of(analysis.Compilation);
                    var annotations = analysis.Annotations;
                    return (annotations.DataStore is not null && usage.MayUse("DataStore")) || (annotations.ExternalEntity is not null && usage.MayUse("ExternalEntity"))
                        ? null
                        : SinkReachingNames.Start(analysis.Compilation, analysis.Flow.Catalog, analysis.Flow.Referenced, analysis.Flow.Privileges.Exist);
                },
                LazyThreadSafetyMode.ExecutionAndPublication);
            reachingNames = new Lazy<SinkReachingNames?>(() => reading.Value?.Finish(cancellationToken), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        private SinkReachingNames? ReachingNames
        {
            get
            {
                if (!reachingNames.IsValueCreated)
                {
                    reading.Value?.Help(cancellationToken);
                }

                return reachingNames.Value;
            }
        }

        public static bool IsOn(AnalyzerOptions options)
            => options.AnalyzerConfigOptionsProvider.GlobalOptions.TryGetValue("build_property." + Property, out var value)
               && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>
        /// One method: records its summary when another assembly can call it and it can reach a sink. An operation-block
        /// action, so the body is the one the driver has already bound for every analyzer (a symbol action ran first and
        /// bound it itself); the declaration checks come before anything else is asked. Where the rules' flow analysis runs,
        /// the shipped analyzer asks instead from its own body callback (<see cref="CandidateFor"/>, <see cref="RecordSummary"/>),
        /// in the same walk as the rules' gate.
        /// </summary>
        public void Record(OperationBlockAnalysisContext context)
        {
            var cancellationToken = context.CancellationToken;
            if (CandidateFor(context.OwningSymbol, cancellationToken) is not { } candidate)
            {
                return;
            }

            if (rulesSummarizeBodies)
            {
                // The rules' own question (a sink called, or a callee whose summary reaches one), over every kind of sink.
                if (!analysis.MayReachSink(candidate.Body, SinkKind.All, cancellationToken))
                {
                    return;
                }
            }
            else
            {
                var cut = false;
                if (!HandsDataToSink(candidate.Method, candidate.Depth, new HashSet<IMethodSymbol>(SymbolEqualityComparer.Default), ref cut, cancellationToken))
                {
                    return;
                }
            }

            RecordSummary(candidate, cancellationToken);
        }

        /// <summary>
        /// The method a record may hold, with its whole bound body and the depth its summary is taken at; null for a method
        /// another assembly cannot call, that takes no value that can carry data, or that is an entry point.
        /// </summary>
        public RecordCandidate? CandidateFor(ISymbol owner, CancellationToken cancellationToken)
        {
            if (owner is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.Constructor, IsAbstract: false, IsExtern: false } method
                || !SymbolEqualityComparer.Default.Equals(method, method.OriginalDefinition)
                || !IsCallableFromOtherAssemblies(method)
                || !AnyMayCarryData(method.Parameters))
            {
                return null;
            }

            // A body that calls no sink by name, nor a method that does, hands nothing to one: not bound further or walked.
            if (!rulesSummarizeBodies && ReachingNames is { } reaching && !reaching.MayReach(method))
            {
                return null;
            }

            // An entry point (an action, a Lambda handler) is called by its framework, not by another project's code; and
            // its parameters are untrusted only because it is one, which a caller's summary must not say.
            if (analysis.EntryPoints.Recognize(method, cancellationToken) is not null || analysis.Flow.MappingOf(method) is not null)
            {
                return null;
            }

            if (analysis.Flow.BodyOf(method, cancellationToken) is not { } body)
            {
                return null;
            }

            // The same budget as the summary (its own body plus MaxCallDepth calls), so the filter never drops a method the
            // summary would record, whatever the file's max_call_depth.
            return new RecordCandidate(method, body, analysis.Flow.OptionsFor(body.Syntax).MaxCallDepth + 1);
        }

        /// <summary>Records the candidate's summary, once it is known that its body may reach a sink; a summary that reaches none is not recorded.</summary>
        public void RecordSummary(RecordCandidate candidate, CancellationToken cancellationToken)
        {
            var (method, depth) = (candidate.Method, candidate.Depth);
            var summary = analysis.Flow.SummaryOf(method, depth, cancellationToken);
            if (summary is null || summary.Sinks.IsEmpty)
            {
                return;
            }

            var entry = ToRecord(method, summary, cancellationToken);
            Add(entry);

            // A caller in another project may call it through a public interface it implements: the same summary answers.
            foreach (var contract in method.ContainingType.AllInterfaces)
            {
                if (!IsCallableFromOtherAssemblies(contract))
                {
                    continue;
                }

                foreach (var member in contract.GetMembers(method.Name).OfType<IMethodSymbol>())
                {
                    if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method)
                        && Extraction.ContractKeys.KeyOf(member) is { } id)
                    {
                        // Named after the interface member, with the closed construction it implements
                        // (ContractKeys): several implementations merge under one key, and the first to arrive must
                        // not decide the name (Add keeps the first entry's Name).
                        Add(entry with { Id = id, Name = IntraproceduralAnalysis.Display(member.OriginalDefinition) });
                    }
                }
            }
        }

        /// <summary>At the compilation's end: the record, even an empty one, so the build step replaces the last build's.</summary>
        public void Report(CompilationAnalysisContext context)
        {
            var methods = recorded.Values.ToList();
            var text = FlowRecord.Write(context.Compilation.AssemblyName ?? "?", methods);
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptor,
                Location.None,
                ImmutableDictionary<string, string?>.Empty.Add(RecordProperty, text),
                methods.Count,
                context.Compilation.AssemblyName));
        }

        private void Add(RecordedMethod entry)
            => recorded.AddOrUpdate(entry.Id, entry, (_, known) => known with
            {
                Sinks = known.Sinks.AddRange(entry.Sinks),
                Returns = known.Returns.AddRange(entry.Returns),
                Limits = known.Limits | entry.Limits,
            });

        private RecordedMethod ToRecord(IMethodSymbol method, MethodSummary summary, CancellationToken cancellationToken)
        {
            var sinks = summary.Sinks
                .Select(s => new RecordedSink(s.Parameter, s.Kind, s.Sink, s.Member, s.SanitizedFor, s.Via, s.SinkMethod, StoreOf(s, cancellationToken)))
                .ToImmutableArray();

            // What the return value carries: the caller's arguments, or data of the method's own sources (named by the
            // method on the caller's side: the source's text stays here).
            var returns = summary.Returns.Facts
                .Select(f => new RecordedReturn(f.Kind, f.Kind == FactKind.Parameter ? f.Parameter : -1, f.Member, f.SanitizedFor, f.Inferred, f.ByType))
                .ToImmutableArray();
            return new RecordedMethod(method.GetDocumentationCommentId() ?? method.ToDisplayString(), IntraproceduralAnalysis.Display(method), summary.Limits, sinks, returns);
        }

        /// <summary>The EF Core context a store write goes to, by documentation-comment id (the referencing side has no source of it).</summary>
        private string? StoreOf(SinkReach sink, CancellationToken cancellationToken)
        {
            if ((sink.Kind & SinkKind.DataStoreWrite) == 0 || analysis.Resources.EntityFrameworkCore is not { } ef)
            {
                return null;
            }

            for (var operation = Rules.UntrustedFlowFindings.OperationAt(analysis, sink.SinkLocation, cancellationToken); operation is not null; operation = operation.Parent)
            {
                if (operation is IInvocationOperation write)
                {
                    return ef.ContextOf(write)?.GetDocumentationCommentId();
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the body hands a value that can carry data to a sink, or to a method of the compilation (or one a
        /// referenced project recorded) that does, <paramref name="depth"/> calls deep. Read from the bound operations,
        /// without the flow engine, so a library that only logs counts costs one walk per public body.
        /// </summary>
        /// <remarks>
        /// Memoized only where the answer does not depend on where the walk started: a "no" reached by cutting a cycle
        /// (<paramref name="visiting"/>) or the depth is not kept, so concurrent callbacks always agree.
        /// </remarks>
        private bool HandsDataToSink(IMethodSymbol method, int depth, HashSet<IMethodSymbol> visiting, ref bool cut, CancellationToken cancellationToken)
        {
            if (neverReaches.ContainsKey(method))
            {
                return false;
            }

            if (reachesWithin.TryGetValue(method, out var within) && within <= depth)
            {
                return true;
            }

            if (depth <= 0 || visiting.Contains(method))
            {
                cut = true;
                return false;
            }

            if (analysis.Flow.BodyOf(method, cancellationToken) is not { } body)
            {
                neverReaches[method] = true;
                return false;
            }

            visiting.Add(method);

            var cutBelow = false;
            var result = false;
            var reaching = ReachingNames;
            foreach (var operation in body.DescendantsAndSelf())
            {
                var (target, arguments) = operation switch
                {
                    IInvocationOperation invocation => (invocation.TargetMethod, invocation.Arguments),
                    IObjectCreationOperation { Constructor: { } constructor } creation => (constructor, creation.Arguments),
                    _ => (null, ImmutableArray<IArgumentOperation>.Empty),
                };

                if (target is null)
                {
                    // A property that is a sink when set (ContentResult.Content), set to a value that can carry data.
                    if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment
                        && (reaching is null || reaching.IsAssignedSink(property.Property.Name))
                        && analysis.Flow.Catalog.SinksOf(property.Property).Count > 0 && CarriesData(assignment.Value))
                    {
                        result = true;
                        break;
                    }

                    // The same property set as an element of a deconstruction ((command.CommandText, timeout) = (sql, 30)).
                    if (operation is IPropertyReferenceOperation { Parent: ITupleOperation } element && CompilationAnalysis.IsWritten(element)
                        && (reaching is null || reaching.IsAssignedSink(element.Property.Name)) && analysis.Flow.Catalog.SinksOf(element.Property).Count > 0)
                    {
                        result = true;
                        break;
                    }

                    // A member of a persisted type that grants privilege (user.IsAdmin = isAdmin), whatever the value's type:
                    // the caller's flag or role is what the summary reports reaching it.
                    if (operation is ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: IPropertySymbol or IFieldSymbol } written } granted
                        && !granted.Value.WithoutConversions().ConstantValue.HasValue && analysis.Flow.Privileges.Grants(written.Member))
                    {
                        result = true;
                        break;
                    }

                    continue;
                }

                // A call written by a name no sink is called by, nor any method that reaches one (a call the code does not
                // name, such as a collection initializer's Add, is looked at, and so is a referenced project's
                // [LoggerMessage] method, whose name no record holds).
                if (reaching is not null && !operation.IsImplicit && target.MethodKind != MethodKind.LocalFunction
                    && !reaching.MayReachThroughCall(target.MethodKind == MethodKind.Constructor ? target.ContainingType.Name : target.Name)
                    && !(target.ReturnsVoid && !SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, analysis.Compilation.Assembly) && analysis.Flow.Catalog.IsLoggerMessage(target)))
                {
                    continue;
                }

                // The receiver of an extension method is what a framework sink writes to (the ILogger of LogInformation),
                // but it is data handed in when the method is the compilation's own or a recorded one (customer.Audit(log)).
                if (!arguments.Any(a => CarriesData(a.Value)))
                {
                    continue;
                }

                var dataBesideReceiver = arguments.Any(a => CarriesData(a.Value) && !(target.IsExtensionMethod && a.Parameter?.Ordinal == 0));
                if (dataBesideReceiver
                    && (analysis.Flow.Catalog.SinksOf(target).Count > 0 || analysis.Flow.Catalog.IsLoggerMessage(target)
                        || (reaching is null && operation is IInvocationOperation call && analysis.Resources.Annotated.SinkOf(target, call.Instance?.Type as INamedTypeSymbol) is not null)))
                {
                    result = true;
                    break;
                }

                var called = target.ReducedFrom ?? target;
                var callee = called.OriginalDefinition;
                if (analysis.Flow.Referenced.Has(called))
                {
                    result = true;
                    break;
                }

                var targets = callee.DeclaringSyntaxReferences.Length > 0 ? new[] { callee } : Enumerable.Empty<IMethodSymbol>();
                if (callee.IsAbstract || callee.IsVirtual || callee.IsOverride || callee.ContainingType?.TypeKind == TypeKind.Interface)
                {
                    targets = targets.Concat(analysis.Flow.ImplementationsOf(called));
                }

                foreach (var callTarget in targets)
                {
                    if (HandsDataToSink(callTarget, depth - 1, visiting, ref cutBelow, cancellationToken))
                    {
                        result = true;
                        break;
                    }
                }

                if (result)
                {
                    break;
                }
            }

            visiting.Remove(method);
            if (result)
            {
                // A yes found with this budget holds for any larger one (a path of at most depth calls exists).
                reachesWithin.AddOrUpdate(method, depth, (_, known) => Math.Min(known, depth));
            }
            else if (!cutBelow)
            {
                neverReaches[method] = true;
            }

            cut |= cutBelow;
            return result;
        }

        /// <summary>A value that is not a constant and whose type can hold data (elements of a params array each).</summary>
        private static bool CarriesData(IOperation value)
        {
            if (value is IArrayCreationOperation { Initializer: { } elements })
            {
                return elements.ElementValues.Any(CarriesData);
            }

            var inner = value.WithoutConversions();
            return !inner.ConstantValue.HasValue && inner.Type is { } type && MayCarryData(type);
        }

        /// <summary>A loop, not a query: asked of every method of the compilation, and a query over an ImmutableArray allocates.</summary>
        private static bool AnyMayCarryData(ImmutableArray<IParameterSymbol> parameters)
        {
            foreach (var parameter in parameters)
            {
                if (MayCarryData(parameter.Type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Not a number, flag, enum or token, not a logger: a type a caller's data can travel in.</summary>
        private static bool MayCarryData(ITypeSymbol type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type.TypeKind is not (TypeKind.Enum or TypeKind.Delegate or TypeKind.Pointer or TypeKind.FunctionPointer)
                   && type.SpecialType is not (SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                       or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                       or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal or SpecialType.System_Single
                       or SpecialType.System_Double or SpecialType.System_IntPtr or SpecialType.System_UIntPtr)
                   && !(type.Name is "TimeSpan" or "Guid" or "DateTime" or "DateTimeOffset" && NamespaceNames.Is(type.ContainingNamespace, "System"))
                   && !(type.Name is "CancellationToken" && NamespaceNames.Is(type.ContainingNamespace, "System.Threading"))
                   && !(type.Name is "ILogger" or "ILoggerFactory" && NamespaceNames.Is(type.ContainingNamespace, "Microsoft.Extensions.Logging"));
        }

        private static bool IsCallableFromOtherAssemblies(ISymbol symbol)
        {
            for (var current = symbol; current is not null and not INamespaceSymbol; current = current.ContainingSymbol)
            {
                if (current.DeclaredAccessibility is not (Accessibility.Public or Accessibility.Protected or Accessibility.ProtectedOrInternal))
                {
                    return false;
                }
            }

            return true;
        }
    }

    /// <summary>A method the flow record may hold: its whole bound body, and the depth its summary is taken at.</summary>
    internal sealed record RecordCandidate(IMethodSymbol Method, IOperation Body, int Depth);
}
