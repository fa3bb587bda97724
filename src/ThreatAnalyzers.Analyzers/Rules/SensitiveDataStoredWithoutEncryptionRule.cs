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
    /// whatever the order, with no per-write detail in it, reported at the compilation's end (see
    /// <see cref="DeclaredInThisCompilation"/>); a store declared in a referenced assembly is reported at the write.</item>
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

        /// <summary>Per compilation, the store findings held back for the compilation's end, by element and data class.</summary>
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CompilationAnalysis, ConcurrentDictionary<string, HeldStoreFinding>> HeldBack = new();

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
                        var element = new ThreatElement(annotated.IdOf(store.Symbol), name, ElementKinds.DataStore);
                        var why = $" ('{store.Symbol.Name}' is not marked [EncryptedAtRest])";
                        if (DeclaredInThisCompilation(analysis, store.Symbol))
                        {
                            foreach (var dataClass in Classes(group))
                            {
                                HoldBack(analysis, new HeldStoreFinding(element, store.Symbol, $"data store '{name}'", dataClass, why, store.Symbol.Locations.FirstOrDefault()));
                            }
                        }
                        else
                        {
                            ReportStore(context, group, store.Symbol, element, $"data store '{name}'", why, classes: null);
                        }
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
            var heldBack = DeclaredInThisCompilation(analysis, dbContext);
            foreach (var dataClass in relevant.SelectMany(m => m.Classes).Distinct().OrderBy(c => c, System.StringComparer.Ordinal))
            {
                if (heldBack)
                {
                    HoldBack(analysis, new HeldStoreFinding(element, dbContext, $"EF Core context '{name}'", dataClass, Why: null, Declaration: null));
                    continue;
                }

                // A context declared in a referenced assembly (or project): reported at the write itself.
                var members = relevant.Where(m => m.Classes.Contains(dataClass)).Select(m => entity.Name + "." + m.Member.Name).ToList();
                var why = NotProtected(dbContext, members, more: false);
                ReportStore(context, group, dbContext, element, $"EF Core context '{name}'", why, dataClass);
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
                var why = NotProtected(dbContext, members, more: false);
                ReportStore(context, group, dbContext, element, $"EF Core context '{name}'", why, dataClass);
            }
        }

        /// <summary>A finding of a store declared outside this compilation, at the write: one per data class.</summary>
        private void ReportStore(FlowContext context, SensitiveFinding group, INamedTypeSymbol store, ThreatElement element, string storeName, string why, string? classes)
        {
            foreach (var dataClass in classes is null ? Classes(group) : new[] { classes })
            {
                var properties = ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.DataClasses, dataClass);
                var finding = group.First;
                context.Report(this, finding.ReportLocation, new[] { finding.SinkLocation }, new ISymbol[] { context.Owner, store }, element, properties,
                    $"'{finding.Fact.Origin}' ({(dataClass == DataClasses.Pii ? "PII" : "secret")})", storeName, why,
                    finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via));
            }
        }

        /// <summary>The store's finding on its declaration: the same whichever write found it, with nothing of the write in it.</summary>
        private void ReportOnDeclaration(FlowContext context, INamedTypeSymbol store, ThreatElement element, string storeName, string why, string dataClass, Location declaration)
        {
            var properties = ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.DataClasses, dataClass);
            var className = dataClass == DataClasses.Pii ? "PII" : "Secrets";
            context.Report(this, declaration, System.Array.Empty<Location>(), new ISymbol[] { store }, element, properties, className, storeName, why, string.Empty);
        }

        /// <summary>
        /// A store declared in this compilation's source gets one finding per data class, on its declaration, whichever
        /// write finds it: held back for the compilation's end. The driver counts a diagnostic outside the member whose
        /// body is analyzed as non-local, which an analysis of one document (the IDE's, after each edit) drops; working
        /// out its message there (for an EF Core context of hundreds of sets, binding each set's type) was wasted.
        /// </summary>
        private static bool DeclaredInThisCompilation(CompilationAnalysis analysis, INamedTypeSymbol store)
            => store.DeclaringSyntaxReferences is { IsEmpty: false } declarations && analysis.Compilation.ContainsSyntaxTree(declarations[0].SyntaxTree);

        private static void HoldBack(CompilationAnalysis analysis, HeldStoreFinding finding)
            => HeldBack.GetValue(analysis, _ => new ConcurrentDictionary<string, HeldStoreFinding>(System.StringComparer.Ordinal))
                .TryAdd(finding.Element.Id + "|" + finding.DataClass, finding);

        public override bool ReportsAtCompilationEnd => true;

        /// <summary>The store findings held back, one per store and data class, in the order of their keys.</summary>
        public override void ReportAtCompilationEnd(CompilationAnalysis analysis, System.Action<Diagnostic> report, System.Threading.CancellationToken cancellationToken)
        {
            if (!HeldBack.TryGetValue(analysis, out var held))
            {
                return;
            }

            foreach (var entry in held.OrderBy(e => e.Key, System.StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var finding = entry.Value;
                var (why, declaration) = finding.Why is null ? MembersHolding(analysis, finding.Store, finding.DataClass) : new StoreMembers(finding.Why, finding.Declaration);
                if (why is null || declaration is not { IsInSource: true })
                {
                    continue;
                }

                ReportOnDeclaration(new FlowContext(analysis, finding.Store, report, cancellationToken), finding.Store, finding.Element, finding.StoreName, why, finding.DataClass, declaration);
            }
        }

        /// <summary>A store's finding of one data class, held back for the compilation's end; <see cref="Why"/> null: an EF Core context's, from its members.</summary>
        private sealed record HeldStoreFinding(ThreatElement Element, INamedTypeSymbol Store, string StoreName, string DataClass, string? Why, Location? Declaration);

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
        /// What the finding on an EF Core context of this compilation says of one data class: the members of its entities
        /// (its DbSets, in source order) that hold the class unprotected, the first <see cref="MembersNamed"/> of them by
        /// name ("and more" after), reported on the first such DbSet; else on the context's name. The DbSets are read
        /// only as far as the message needs.
        /// </summary>
        private static StoreMembers MembersHolding(CompilationAnalysis analysis, INamedTypeSymbol dbContext, string dataClass)
        {
            var members = new List<string>();
            var more = false;
            Location? declaration = null;
            foreach (var (set, setEntity) in DbSetsOf(analysis, dbContext))
            {
                foreach (var (member, classes) in UnprotectedMembers(analysis, setEntity))
                {
                    var name = setEntity.Name + "." + member.Name;
                    if (!classes.Contains(dataClass) || members.Contains(name))
                    {
                        continue;
                    }

                    declaration ??= set;
                    if (members.Count == MembersNamed)
                    {
                        more = true;
                        break;
                    }

                    members.Add(name);
                }

                if (more)
                {
                    break;
                }
            }

            if (members.Count > 0)
            {
                return new StoreMembers(NotProtected(dbContext, members, more), declaration);
            }

            // Entities with no DbSet property here (written through Set<T>() or Add(object), or a DbSet of a base context in a
            // referenced project): still one finding for the store, on the context's name, and a message that does not
            // depend on which write was met first.
            return dbContext.Locations.FirstOrDefault(l => l.IsInSource && analysis.Compilation.ContainsSyntaxTree(l.SourceTree!)) is { } contextName
                ? new StoreMembers($" ('{dbContext.Name}' is not marked [EncryptedAtRest] and the classified members of the entities written to it are not [ProtectedPersonalData])", contextName)
                : new StoreMembers(null, null);
        }

        /// <summary>The reason an EF Core context's finding gives: the context is not encrypted and these members are not protected.</summary>
        private static string NotProtected(INamedTypeSymbol dbContext, IReadOnlyList<string> members, bool more)
            => $" ('{dbContext.Name}' is not marked [EncryptedAtRest] and {string.Join(", ", members)}{(more ? " and more" : string.Empty)} {(members.Count == 1 && !more ? "is" : "are")} not [ProtectedPersonalData])";

        /// <summary>How many of a store's classified members its finding names before "and more".</summary>
        private const int MembersNamed = 3;

        /// <summary>What <see cref="MembersHolding"/> found for one context and data class: the message's reason and where it is reported (null: nowhere in source).</summary>
        private sealed record StoreMembers(string? Why, Location? Declaration);

        /// <summary>
        /// The DbSet&lt;T&gt; properties the context declares in this compilation's source (its own and its base types'),
        /// in source order, each property's type bound only when the enumeration reaches it. A base context of a referenced
        /// project is in source in the IDE (a compilation reference) but not here: a finding cannot be reported there.
        /// </summary>
        private static IEnumerable<(Location Declaration, INamedTypeSymbol Entity)> DbSetsOf(CompilationAnalysis analysis, INamedTypeSymbol dbContext)
        {
            var properties = new List<(Location Location, IPropertySymbol Property)>();
            foreach (var type in dbContext.SelfAndBaseTypes())
            {
                foreach (var property in type.GetMembers().OfType<IPropertySymbol>())
                {
                    if (property.Locations.FirstOrDefault(l => l.IsInSource && analysis.Compilation.ContainsSyntaxTree(l.SourceTree!)) is { } location)
                    {
                        properties.Add((location, property));
                    }
                }
            }

            foreach (var (location, property) in properties.OrderBy(p => p.Location.SourceTree?.FilePath, System.StringComparer.Ordinal).ThenBy(p => p.Location.SourceSpan.Start))
            {
                if (property.Type is INamedTypeSymbol { Name: "DbSet", TypeArguments.Length: 1 } set && set.TypeArguments[0] is INamedTypeSymbol entity)
                {
                    yield return (location, entity);
                }
            }
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
    }
}
