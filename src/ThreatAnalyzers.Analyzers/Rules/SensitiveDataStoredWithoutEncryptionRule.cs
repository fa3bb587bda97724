using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AwsSdk;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4003: personal data or a secret is written to a store that is not encrypted at rest.
    /// <list type="bullet">
    /// <item>S3: a <c>PutObjectRequest</c> that sets no server-side encryption. Encryption is a property of each request, so
    /// each such request is a finding, reported on the request where the value is put (the fix adds the property there).</item>
    /// <item>A type marked <c>[DataStore]</c> that is not <c>[EncryptedAtRest]</c>, and an EF Core context (not
    /// <c>[EncryptedAtRest]</c>) whose entities' classified properties are not <c>[ProtectedPersonalData]</c>: encryption is a
    /// property of the store, so one finding per store and data class, reported on the store's declaration in source (the
    /// type's name; for EF Core the DbSet of the entity written) whichever write is analyzed first — the same diagnostic
    /// whatever the order, with no per-write detail in it; a store declared in a referenced assembly is reported at the write.</item>
    /// </list>
    /// A write from inside a type marked <c>[DataStore]</c> and <c>[EncryptedAtRest]</c> (its own implementation) is the
    /// annotated store's write and is not reported again. DynamoDB is not a finding: every DynamoDB table is encrypted at
    /// rest, and that cannot be switched off.
    /// </summary>
    internal sealed class SensitiveDataStoredWithoutEncryptionRule : FlowRule
    {
        /// <summary>Where the PutObjectRequest creation the fix adds encryption to is: <see cref="RequestIsReported"/> or <see cref="RequestIsLast"/>.</summary>
        internal const string RequestProperty = "ThreatAnalyzers.PutObjectRequest";

        /// <summary><see cref="RequestProperty"/>'s value when the request is where the finding is reported.</summary>
        internal const string RequestIsReported = "reported";

        /// <summary><see cref="RequestProperty"/>'s value when the request is the last additional location.</summary>
        internal const string RequestIsLast = "last";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SensitiveDataStoredWithoutEncryption,
            title: "Sensitive data stored without encryption at rest",
            messageFormat: "{0} is stored in {1} without encryption at rest{2}{3}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Personal data or a secret is written to a store that is not encrypted at rest: a copied disk, a snapshot, a backup or a "
                       + "misconfigured bucket discloses it whole.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SensitiveDataStoredWithoutEncryption + ".md",
            customTags: "CWE-311");

        private static readonly ConditionalWeakTableOfReported Reported = new();

        /// <summary>Per compilation, the unprotected members each EF Core store holds of each data class.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CompilationAnalysis, ConcurrentDictionary<(INamedTypeSymbol Store, string DataClass), StoreMembers>> HeldByStore = new();

        public SensitiveDataStoredWithoutEncryptionRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which stores receive personal data or secrets without being encrypted at rest?",
                concerns: "the data store the data is written to",
                fix: "S3: set ServerSideEncryptionMethod = AES256 on the request; other stores: encrypt them and mark them [EncryptedAtRest]"))
        {
        }

        public override SinkKind Sinks => SinkKind.DataStoreWrite;

        public override ImmutableArray<FactKind> FactKinds => SensitiveData;


        public override bool Reaches(FlowFact fact) => fact.IsSensitive;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            var s3Reported = new HashSet<Location>();
            foreach (var group in SensitiveFinding.Group(findings))
            {
                var finding = group.First;
                if (SendingCall(context, finding.SinkLocation) is not { } write)
                {
                    // A write in a referenced project: its flow record names the EF Core context written to.
                    if (finding.SinkLocation.Kind == LocationKind.None && context.Analysis.Flow.Referenced.StoreWrittenBy(finding.SinkMethod) is { } storeId
                        && DocumentationCommentId.GetFirstSymbolForDeclarationId(storeId, context.Analysis.Compilation) is INamedTypeSymbol referencedContext)
                    {
                        ReportReferencedEntityFramework(context, group, referencedContext);
                    }

                    continue;
                }

                var analysis = context.Analysis;
                if (InsideEncryptedStore(context, write))
                {
                    continue;
                }

                var s3 = S3Encryption.Of(analysis.Compilation);
                if (s3.IsPut(write.TargetMethod))
                {
                    // One finding per request, naming every class any of its values carries.
                    if (s3Reported.Add(finding.SinkLocation))
                    {
                        ReportS3(context, s3, write, findings.Where(f => f.SinkLocation == finding.SinkLocation && f.Fact.IsSensitive).ToList());
                    }

                    continue;
                }

                var annotated = analysis.Resources.Annotated;
                if (write.TargetMethod.ContainingType is { } declaring
                    && annotated.AnnotatedElementOf(declaring, write.Instance?.Type as INamedTypeSymbol) is { Kind: ElementKinds.DataStore } store
                    && !(analysis.Resources.EntityFrameworkCore is { } efAnnotated && efAnnotated.IsDbContext(store.Symbol)))
                {
                    if (!store.Symbol.Has(analysis.Annotations.EncryptedAtRest))
                    {
                        var name = store.Attribute.StringArgument(0) ?? store.Symbol.Name;
                        ReportStore(context, group, store.Symbol, new ThreatElement(annotated.IdOf(store.Symbol), name, ElementKinds.DataStore),
                            $"data store '{name}'", $" ('{store.Symbol.Name}' is not marked [EncryptedAtRest])", classes: null, store.Symbol.Locations.FirstOrDefault());
                    }

                    continue;
                }

                if (analysis.Resources.EntityFrameworkCore is { } ef && ef.ContextOf(write) is { } dbContext)
                {
                    ReportEntityFramework(context, group, write, dbContext);
                }
            }
        }

        private void ReportS3(FlowContext context, S3Encryption s3, IInvocationOperation write, List<FlowFinding> atRequest)
        {
            var finding = atRequest[0];
            var argument = UntrustedFlowFindings.OperationAt(context.Analysis, finding.SinkLocation, context.CancellationToken);
            if (argument is null || s3.RequestOf(argument, context.Analysis.Flow.SemanticModelFor, context.CancellationToken) is not { Encrypted: false } request)
            {
                return;
            }

            var group = SensitiveFinding.Group(atRequest);
            var hasPii = group.Any(g => g.HasPii);
            var hasSecrets = group.Any(g => g.HasSecrets);
            var classes = hasPii && hasSecrets ? "PII and secret" : hasSecrets ? "secret" : "PII";
            var bucket = BucketOf(request.Creation);
            var element = new ThreatElement(bucket is null ? "store:s3" : "store:s3:" + bucket, bucket is null ? "S3 bucket" : "S3 bucket " + bucket, ElementKinds.DataStore);

            var additional = new List<Location>();
            if (finding.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation)
            {
                additional.Add(source);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(FindingProperties.DataClasses, string.Join(",", new[] { hasPii ? DataClasses.Pii : null, hasSecrets ? DataClasses.Secrets : null }.Where(c => c is not null)));
            var creation = request.Creation.Syntax.GetLocation();
            if (creation == finding.ReportLocation)
            {
                properties = properties.Add(RequestProperty, RequestIsReported);
            }
            else if (request.Creation.Syntax.SyntaxTree == finding.ReportLocation.SourceTree)
            {
                additional.Add(creation);
                properties = properties.Add(RequestProperty, RequestIsLast);
            }

            if (finding.SinkMethod is { } sinkMethod)
            {
                properties = properties.Add(FindingProperties.SinkMethod, sinkMethod);
            }

            var origins = atRequest.Select(f => "'" + f.Fact.Origin + "'").Distinct().ToList();
            context.Report(this, finding.ReportLocation, additional, element, properties,
                $"{string.Join(", ", origins.Take(3))}{(origins.Count > 3 ? " and more" : string.Empty)} ({classes})",
                bucket is null ? "an S3 bucket" : $"S3 bucket '{bucket}'",
                $" (the PutObjectRequest given to {finding.Sink} sets no ServerSideEncryptionMethod)",
                finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via));
        }

        private void ReportEntityFramework(FlowContext context, SensitiveFinding group, IInvocationOperation write, INamedTypeSymbol dbContext)
        {
            var analysis = context.Analysis;
            if (dbContext.Has(analysis.Annotations.EncryptedAtRest))
            {
                return;
            }

            var argument = UntrustedFlowFindings.OperationAt(analysis, group.First.SinkLocation, context.CancellationToken);
            var entity = (argument?.Type as INamedTypeSymbol) ?? (write.TargetMethod.ContainingType.TypeArguments.FirstOrDefault() as INamedTypeSymbol);
            if (entity is null)
            {
                return;
            }

            // What the entity keeps that is classified and not protected by Identity's personal-data protection.
            var unprotected = UnprotectedMembers(analysis, entity);
            var member = group.First.Fact.Member;
            var relevant = group.All.Any(f => f.Fact.ByType) || member is null
                ? unprotected
                : unprotected.Where(m => m.Member.Name == member).ToList();
            if (relevant.Count == 0)
            {
                return;
            }

            var (name, element) = analysis.Resources.Annotated.AnnotatedElementOf(dbContext, null) is { } a
                ? (a.Attribute.StringArgument(0) ?? dbContext.Name, new ThreatElement(analysis.Resources.Annotated.IdOf(dbContext), a.Attribute.StringArgument(0) ?? dbContext.Name, ElementKinds.DataStore))
                : (dbContext.Name, new ThreatElement(analysis.Resources.Annotated.IdOf(dbContext), dbContext.Name, ElementKinds.DataStore));

            // The finding is about the store, whichever write is met first: every entity it declares, in source order (read
            // once per store and data class: each write of the store asks the same).
            foreach (var dataClass in relevant.SelectMany(m => m.Classes).Distinct().OrderBy(c => c, System.StringComparer.Ordinal))
            {
                var held = HeldByStore.GetValue(analysis, _ => new ConcurrentDictionary<(INamedTypeSymbol, string), StoreMembers>(StoreAndClassComparer.Instance))
                    .GetOrAdd((dbContext, dataClass), key => MembersHolding(analysis, key.Item1, key.Item2));
                var (why, declaration) = (held.Why, held.Declaration);
                if (why is null)
                {
                    // A context declared in a referenced assembly: reported at the write itself.
                    var members = relevant.Where(m => m.Classes.Contains(dataClass)).Select(m => entity.Name + "." + m.Member.Name).ToList();
                    why = $" ('{dbContext.Name}' is not marked [EncryptedAtRest] and {string.Join(", ", members)} {(members.Count == 1 ? "is" : "are")} not [ProtectedPersonalData])";
                }

                ReportStore(context, group, dbContext, element, $"EF Core context '{name}'", why, dataClass, declaration);
            }
        }

        /// <summary>
        /// Sensitive data handed to a referenced project's method that writes it to an EF Core context (the library's
        /// repository): reported on the argument of the call into the library, naming the context, the entity's
        /// classified members and the library methods on the way.
        /// </summary>
        private void ReportReferencedEntityFramework(FlowContext context, SensitiveFinding group, INamedTypeSymbol dbContext)
        {
            var analysis = context.Analysis;
            if (dbContext.Has(analysis.Annotations.EncryptedAtRest)
                || UntrustedFlowFindings.OperationAt(analysis, group.First.ReportLocation, context.CancellationToken)?.Type is not INamedTypeSymbol entity)
            {
                return;
            }

            var unprotected = UnprotectedMembers(analysis, entity, referenced: true);
            var member = group.First.Fact.Member;
            var relevant = group.All.Any(f => f.Fact.ByType) || member is null
                ? unprotected
                : unprotected.Where(m => m.Member.Name == member).ToList();
            var name = analysis.Resources.Annotated.AnnotatedElementOf(dbContext, null) is { } annotated ? annotated.Attribute.StringArgument(0) ?? dbContext.Name : dbContext.Name;
            var element = new ThreatElement(analysis.Resources.Annotated.IdOf(dbContext), name, ElementKinds.DataStore);
            foreach (var dataClass in relevant.SelectMany(m => m.Classes).Distinct().OrderBy(c => c, System.StringComparer.Ordinal))
            {
                var members = relevant.Where(m => m.Classes.Contains(dataClass)).Select(m => entity.Name + "." + m.Member.Name).Distinct().ToList();
                var why = $" ('{dbContext.Name}' is not marked [EncryptedAtRest] and {string.Join(", ", members)} {(members.Count == 1 ? "is" : "are")} not [ProtectedPersonalData])";
                ReportStore(context, group, dbContext, element, $"EF Core context '{name}'", why, dataClass, declaration: null);
            }
        }

        /// <summary>One finding per store and class: on the store's declaration when it is in source, else at the write.</summary>
        private void ReportStore(FlowContext context, SensitiveFinding group, INamedTypeSymbol store, ThreatElement element, string storeName, string why, string? classes, Location? declaration)
        {
            foreach (var dataClass in classes is null ? Classes(group) : new[] { classes })
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.DataClasses, dataClass);
                var className = dataClass == DataClasses.Pii ? "PII" : "Secrets";
                if (declaration is { IsInSource: true } && context.Analysis.Compilation.ContainsSyntaxTree(declaration.SourceTree!))
                {
                    if (Reported.FirstTime(context.Analysis, element.Id + "|" + dataClass))
                    {
                        context.Report(this, declaration, System.Array.Empty<Location>(), new ISymbol[] { store }, element, properties, className, storeName, why, string.Empty);
                    }

                    continue;
                }

                var finding = group.First;
                context.Report(this, finding.ReportLocation, new[] { finding.SinkLocation }, new ISymbol[] { context.Owner, store }, element, properties,
                    $"'{finding.Fact.Origin}' ({(dataClass == DataClasses.Pii ? "PII" : "secret")})", storeName, why,
                    finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via));
            }
        }

        private static IEnumerable<string> Classes(SensitiveFinding group)
        {
            if (group.HasPii)
            {
                yield return DataClasses.Pii;
            }

            if (group.HasSecrets)
            {
                yield return DataClasses.Secrets;
            }
        }

        /// <summary>The entity's own classified properties (declared in source) that are not [ProtectedPersonalData].</summary>
        /// <param name="analysis">The compilation's analysis.</param>
        /// <param name="entity">The entity type.</param>
        /// <param name="referenced">Also the members of types declared in referenced assemblies (not .NET's, not Microsoft's): an entity of a referenced project.</param>
        private static List<(IPropertySymbol Member, HashSet<string> Classes)> UnprotectedMembers(CompilationAnalysis analysis, INamedTypeSymbol entity, bool referenced = false)
        {
            var personalData = analysis.Flow.PersonalData;
            var protectedData = Frameworks.EntityFrameworkCore.PersonalDataProtection.Of(analysis.Compilation).ProtectedPersonalData;
            var found = new List<(IPropertySymbol, HashSet<string>)>();
            foreach (var type in entity.SelfAndBaseTypes())
            {
                if (!type.Locations.Any(l => l.IsInSource)
                    && !(referenced && type.ContainingAssembly is { } assembly && !assembly.Name.StartsWith("System", System.StringComparison.Ordinal)
                         && !assembly.Name.StartsWith("Microsoft.", System.StringComparison.Ordinal) && assembly.Name != "netstandard" && assembly.Name != "mscorlib"))
                {
                    break;
                }

                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.IsStatic || property.Has(protectedData))
                    {
                        continue;
                    }

                    var classes = new HashSet<string>();
                    analysis.Classification.AddFrom(property, classes);
                    if (property.Has(personalData))
                    {
                        classes.Add(DataClasses.Pii);
                    }

                    if (classes.Count > 0)
                    {
                        found.Add((property, classes));
                    }
                }
            }

            return found.OrderBy(f => f.Item1.Locations.FirstOrDefault()?.SourceTree?.FilePath, System.StringComparer.Ordinal)
                .ThenBy(f => f.Item1.Locations.FirstOrDefault()?.SourceSpan.Start ?? 0).ToList();
        }

        /// <summary>
        /// What a finding on an EF Core store says of one data class, the same whichever write is met first: the members
        /// of the context's entities (its DbSets, in source order) that hold the class unprotected, reported on the first
        /// such DbSet; else, for a context in source, on its name. For a context of a referenced assembly with no such
        /// DbSet, nothing (<see cref="StoreMembers.Why"/> null): that finding is reported at each write.
        /// </summary>
        private static StoreMembers MembersHolding(CompilationAnalysis analysis, INamedTypeSymbol dbContext, string dataClass)
        {
            var members = new List<string>();
            Location? declaration = null;
            foreach (var (set, setEntity) in DbSetsOf(dbContext))
            {
                var held = UnprotectedMembers(analysis, setEntity).Where(m => m.Classes.Contains(dataClass)).Select(m => setEntity.Name + "." + m.Member.Name).ToList();
                if (held.Count > 0)
                {
                    declaration ??= set;
                    members.AddRange(held.Where(h => !members.Contains(h)));
                }
            }

            if (members.Count > 0)
            {
                return new StoreMembers($" ('{dbContext.Name}' is not marked [EncryptedAtRest] and {string.Join(", ", members)} {(members.Count == 1 ? "is" : "are")} not [ProtectedPersonalData])", declaration);
            }

            // Entities with no DbSet property (written through Set<T>() or Add(object)): still one finding for the store, on
            // the context's name, and a message that does not depend on which write was met first.
            return dbContext.Locations.FirstOrDefault(l => l.IsInSource) is { } contextName
                ? new StoreMembers($" ('{dbContext.Name}' is not marked [EncryptedAtRest] and the classified members of the entities written through Set<T>() are not [ProtectedPersonalData])", contextName)
                : new StoreMembers(null, null);
        }

        /// <summary>What <see cref="MembersHolding"/> found for one store and data class: the message's reason and where it is reported.</summary>
        private sealed record StoreMembers(string? Why, Location? Declaration);

        private sealed class StoreAndClassComparer : IEqualityComparer<(INamedTypeSymbol Store, string DataClass)>
        {
            public static readonly StoreAndClassComparer Instance = new();

            public bool Equals((INamedTypeSymbol Store, string DataClass) x, (INamedTypeSymbol Store, string DataClass) y)
                => SymbolEqualityComparer.Default.Equals(x.Store, y.Store) && string.Equals(x.DataClass, y.DataClass, System.StringComparison.Ordinal);

            public int GetHashCode((INamedTypeSymbol Store, string DataClass) key)
                => SymbolEqualityComparer.Default.GetHashCode(key.Store) ^ System.StringComparer.Ordinal.GetHashCode(key.DataClass);
        }

        /// <summary>The DbSet&lt;T&gt; properties the context declares in source (its own and its source base types'), in source order.</summary>
        private static List<(Location Declaration, INamedTypeSymbol Entity)> DbSetsOf(INamedTypeSymbol dbContext)
        {
            var sets = new List<(Location, INamedTypeSymbol)>();
            foreach (var type in dbContext.SelfAndBaseTypes())
            {
                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.Type is INamedTypeSymbol { Name: "DbSet", TypeArguments.Length: 1 } set && set.TypeArguments[0] is INamedTypeSymbol entity
                        && property.Locations.FirstOrDefault(l => l.IsInSource) is { } location)
                    {
                        sets.Add((location, entity));
                    }
                }
            }

            return sets.OrderBy(s => s.Item1.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(s => s.Item1.SourceSpan.Start).ToList();
        }

        /// <summary>A write from inside a type marked [DataStore] and [EncryptedAtRest] is that store's own write.</summary>
        private static bool InsideEncryptedStore(FlowContext context, IInvocationOperation write)
        {
            var analysis = context.Analysis;
            return analysis.Flow.SemanticModelFor(write.Syntax.SyntaxTree).GetEnclosingSymbol(write.Syntax.SpanStart, context.CancellationToken)?.ContainingType is { } holder
                   && analysis.Resources.Annotated.AnnotatedElementOf(holder, null) is { Kind: ElementKinds.DataStore } store
                   && store.Symbol.Has(analysis.Annotations.EncryptedAtRest);
        }

        private static string? BucketOf(IObjectCreationOperation request)
            => request.Initializer?.Initializers
                .OfType<ISimpleAssignmentOperation>()
                .FirstOrDefault(a => a.Target is IPropertyReferenceOperation { Property.Name: "BucketName" })?.Value.ConstantValue is { HasValue: true, Value: string bucket }
                ? bucket
                : null;

        private static IInvocationOperation? SendingCall(FlowContext context, Location sinkLocation)
        {
            for (var operation = UntrustedFlowFindings.OperationAt(context.Analysis, sinkLocation, context.CancellationToken); operation is not null; operation = operation.Parent)
            {
                if (operation is IInvocationOperation invocation)
                {
                    return invocation;
                }
            }

            return null;
        }

        /// <summary>Which (store, class) findings one run of the shared pass has reported: one each, whichever body finds it first.</summary>
        private sealed class ConditionalWeakTableOfReported
        {
            private readonly System.Runtime.CompilerServices.ConditionalWeakTable<CompilationAnalysis, ConcurrentDictionary<string, byte>> table = new();

            public bool FirstTime(CompilationAnalysis analysis, string key) => table.GetValue(analysis, _ => new ConcurrentDictionary<string, byte>()).TryAdd(key, 0);
        }
    }
}
