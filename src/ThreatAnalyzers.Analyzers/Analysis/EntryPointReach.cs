using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>What code reaches that makes it critical, in the order a message names the most critical first.</summary>
    internal enum ReachKind
    {
        /// <summary>It writes to a data store (a database, a bucket, a table, a [DataStore]).</summary>
        StateChange,

        /// <summary>It calls an external entity (an HTTP service, an [ExternalEntity]).</summary>
        ExternalCall,

        /// <summary>It starts a process.</summary>
        Process,

        /// <summary>It creates, writes, moves or deletes files or directories.</summary>
        FileWrite,

        /// <summary>It calls something that requires a role or a policy.</summary>
        Privileged,

        /// <summary>It reads or returns secrets.</summary>
        Secrets,

        /// <summary>It reads or returns personal data.</summary>
        PersonalData,

        /// <summary>It is the authentication mechanism itself: it signs in or out, registers, resets a password, issues a token.</summary>
        Authentication,
    }

    /// <summary>A framework call with a known effect: a row of knowledge, kept in Frameworks/.</summary>
    /// <param name="Type">The metadata name of the declaring type (<c>System.IO.File</c>, <c>Microsoft.AspNetCore.Identity.SignInManager`1</c>).</param>
    /// <param name="Kind">What calling it means.</param>
    /// <param name="Members">The members' names.</param>
    internal sealed class ReachRow
    {
        public ReachRow(string type, ReachKind kind, params string[] members)
        {
            Type = type;
            Kind = kind;
            Members = members;
        }

        public string Type { get; }

        public ReachKind Kind { get; }

        public IReadOnlyList<string> Members { get; }
    }

    /// <summary>
    /// One thing some code reaches: what, named for a message, and the methods between the code and it. <see cref="Audited"/>:
    /// the store written keeps its own audit trail ([Audited], or an EF Core context that overrides SaveChanges), which
    /// TA3001 asks about.
    /// </summary>
    internal sealed record Reached(ReachKind Kind, string What, ImmutableArray<string> Via, bool Audited = false)
    {
        /// <summary>For a privileged operation: the method that requires the role or policy (TA6001 reads its requirement).</summary>
        public IMethodSymbol? Target { get; init; }

        /// <summary>"writes to 'Customer database'", "calls 'Credit bureau' via CreditService.Check".</summary>
        public string Describe() => Via.IsEmpty ? What : What + " via " + string.Join(" → ", Via);
    }

    /// <summary>What some code reaches, directly or through the methods of the compilation it calls.</summary>
    internal sealed class CodeReach
    {
        public CodeReach(bool authenticates, ImmutableArray<Reached> effects, bool limitReached, bool audits = false)
        {
            Authenticates = authenticates;
            Effects = effects;
            LimitReached = limitReached;
            Audits = audits;
        }

        public static CodeReach Nothing { get; } = new(false, ImmutableArray<Reached>.Empty, false);

        /// <summary>It reaches an authentication mechanism (sign-in, registration, password reset, token issuance).</summary>
        public bool Authenticates { get; }

        /// <summary>Its critical effects, each once, in the order the code reaches them.</summary>
        public ImmutableArray<Reached> Effects { get; }

        /// <summary>Some call was not followed because the call depth was reached.</summary>
        public bool LimitReached { get; }

        /// <summary>
        /// It, or something it calls, leaves an audit trail: writes a log entry a production log keeps (Information or
        /// above, <see cref="Frameworks.Logging.LogLevels"/>) or is [Audited] (TA3001).
        /// </summary>
        public bool Audits { get; }

        /// <summary>The effect a message names: the most critical kind, the first reached of it.</summary>
        public Reached? MostCritical
        {
            get
            {
                Reached? best = null;
                foreach (var effect in Effects)
                {
                    if (effect.Kind != ReachKind.Authentication && (best is null || effect.Kind < best.Kind))
                    {
                        best = effect;
                    }
                }

                return best;
            }
        }

        public bool Reaches(ReachKind kind) => Effects.Any(e => e.Kind == kind);

        /// <summary>The same, leaving an audit trail (the code is [Audited]).</summary>
        public CodeReach WithAudits() => Audits ? this : new CodeReach(Authenticates, Effects, LimitReached, audits: true);
    }

    /// <summary>
    /// What an entry point reaches: data-store writes, calls to external entities, processes, file changes, privileged
    /// operations, personal data and secrets read or returned, and whether it is the authentication mechanism itself.
    /// Shared by every rule that asks "is this entry point critical?" (TA1001; privileged operations and state changes
    /// for the rules that come after it). Computed on demand and memoized per method and remaining call depth, and per
    /// entry point's handler, so the answer is a pure function of the method (never of which entry point or rule asked
    /// first); calls are followed into the methods of the compilation (and into the implementations of interface and virtual members) at most
    /// <see cref="MaxDepth"/> deep. Framework knowledge comes from the resource conventions (stores and external
    /// entities, Frameworks/*Resources.cs) and from rows (<see cref="SystemEffects"/>, <see cref="AuthenticationMechanisms"/>).
    /// </summary>
    internal sealed class ReachAnalysis
    {
        /// <summary>How many calls deep the analysis follows from an entry point.</summary>
        public const int MaxDepth = 8;

        private const int MaxEffects = 16;
        private const int MaxTypeDepth = 3;

        private readonly CompilationAnalysis analysis;
        private readonly Dictionary<INamedTypeSymbol, Dictionary<string, ReachKind>> rows = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<INamedTypeSymbol, Dictionary<string, ReachKind>> opens = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<(IMethodSymbol Method, int Depth), CodeReach> methods = new(MethodAndDepth.Comparer);
        private readonly ConcurrentDictionary<IMethodSymbol, CodeReach> entryPoints = new(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<ITypeSymbol, ReachKind?> carried = new(SymbolEqualityComparer.Default);
        private readonly INamedTypeSymbol? personalData;
        private readonly INamedTypeSymbol? complianceClassification;
        private readonly INamedTypeSymbol? result;
        private readonly INamedTypeSymbol? actionResult;
        private readonly INamedTypeSymbol? convertToActionResult;
        private readonly ConcurrentDictionary<string, bool> auditedStores = new(StringComparer.Ordinal);

        public ReachAnalysis(CompilationAnalysis analysis)
        {
            this.analysis = analysis;
            var compilation = analysis.Compilation;
            Load(SystemEffects.Rows.Concat(AuthenticationMechanisms.Rows), rows);
            Load(SystemEffects.Opens, opens);

            void Load(IEnumerable<ReachRow> source, Dictionary<INamedTypeSymbol, Dictionary<string, ReachKind>> into)
            {
                foreach (var row in source)
                {
                    if (compilation.GetTypeByMetadataName(row.Type) is not { } type)
                    {
                        continue;
                    }

                    if (!into.TryGetValue(type, out var members))
                    {
                        into[type] = members = new Dictionary<string, ReachKind>(StringComparer.Ordinal);
                    }

                    foreach (var member in row.Members)
                    {
                        members[member] = row.Kind;
                    }
                }
            }

            personalData = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.PersonalDataAttribute");
            complianceClassification = compilation.GetTypeByMetadataName("Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute");
            result = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IResult");
            actionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IActionResult");
            convertToActionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Infrastructure.IConvertToActionResult");
        }

        /// <summary>
        /// What an entry point reaches: its handler's body (a method, or the lambda handed to the Map call) and everything
        /// it calls, plus the personal data or secrets it answers with.
        /// </summary>
        public CodeReach OfEntryPoint(ISymbol handler, IInvocationOperation? mapping, CancellationToken cancellationToken)
        {
            if (handler is not IMethodSymbol method)
            {
                return CodeReach.Nothing;
            }

            // Computed once for every entry-point rule that asks (TA1001, TA3001, TA4005, …). The key is the handler as the
            // entry point has it: an action inherited through CrudController<Customer> is not the one through
            // CrudController<Product> (what it returns differs). A lambda's body is found through the Map call that names
            // it; asked without one, the answer (nothing) is not kept.
            if (method.MethodKind == MethodKind.AnonymousFunction && mapping is null)
            {
                return CodeReach.Nothing;
            }

            if (entryPoints.TryGetValue(method, out var known))
            {
                return known;
            }

            var answer = EntryPointReach(method, mapping, cancellationToken);
            entryPoints.TryAdd(method, answer);
            return answer;
        }

        private CodeReach EntryPointReach(IMethodSymbol method, IInvocationOperation? mapping, CancellationToken cancellationToken)
        {
            IOperation? body;
            CodeReach reach;
            if (method.MethodKind == MethodKind.AnonymousFunction)
            {
                body = mapping!.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IAnonymousFunctionOperation>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, method))?.Body;
                reach = body is null ? CodeReach.Nothing : Walk(body, MaxDepth, cancellationToken);
            }
            else
            {
                var definition = (method.ReducedFrom ?? method).OriginalDefinition;
                body = analysis.Flow.BodyOf(definition, cancellationToken);
                reach = OfMethod(definition, MaxDepth, cancellationToken);
            }

            if (reach.Authenticates || body is null)
            {
                return reach;
            }

            var returned = Returned(method, body);
            if (returned is null)
            {
                return reach;
            }

            var effects = reach.Effects.Add(new Reached(returned.Value, returned.Value == ReachKind.Secrets ? "returns secrets" : "returns personal data", ImmutableArray<string>.Empty));
            return new CodeReach(false, effects, reach.LimitReached, reach.Audits);
        }

        /// <summary>What a method of the compilation reaches, following calls at most <paramref name="depth"/> deep.</summary>
        public CodeReach OfMethod(IMethodSymbol method, int depth, CancellationToken cancellationToken)
        {
            method = (method.ReducedFrom ?? method).OriginalDefinition;
            if (methods.TryGetValue((method, depth), out var known))
            {
                return known;
            }

            var body = analysis.Flow.BodyOf(method, cancellationToken);
            var reach = body is null ? CodeReach.Nothing : Walk(body, depth, cancellationToken);
            if (IsAudited(method))
            {
                reach = reach.WithAudits();
            }

            methods.TryAdd((method, depth), reach);
            return reach;
        }

        /// <summary>
        /// What one call (an invocation, an object creation or a method reference) of an entry point's body reaches: the
        /// chain it starts, for a rule that reports on the call (TA6001). The same memoized walk as <see cref="OfEntryPoint"/>.
        /// </summary>
        public CodeReach OfCall(IOperation call, CancellationToken cancellationToken)
        {
            var found = new Builder();
            switch (call)
            {
                case IInvocationOperation invocation:
                    Call(invocation.TargetMethod, invocation, found, MaxDepth, cancellationToken);
                    break;
                case IObjectCreationOperation { Constructor: { } constructor } creation:
                    Call(constructor, creation, found, MaxDepth, cancellationToken);
                    break;
                case IMethodReferenceOperation reference:
                    Follow(reference.Method, found, MaxDepth, cancellationToken);
                    break;
            }

            return found.ToReach();
        }

        private CodeReach Walk(IOperation body, int depth, CancellationToken cancellationToken)
        {
            var found = new Builder();
            foreach (var operation in body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        Call(invocation.TargetMethod, invocation, found, depth, cancellationToken);
                        break;
                    case IObjectCreationOperation { Constructor: { } constructor } creation:
                        Call(constructor, creation, found, depth, cancellationToken);
                        break;
                    case IPropertyReferenceOperation property:
                        if (analysis.Resources.TryRecognize(property, FlowFacts.None) is { } touch)
                        {
                            Touched(touch, property.Property.Type, found);
                        }

                        break;
                    case IMethodReferenceOperation reference:
                        Follow(reference.Method, found, depth, cancellationToken);
                        break;
                }
            }

            return found.ToReach();
        }

        private void Call(IMethodSymbol target, IOperation call, Builder found, int depth, CancellationToken cancellationToken)
        {
            var definition = (target.ReducedFrom ?? target).OriginalDefinition;
            if (definition.ContainingType is { } declaring && RowOf(declaring, definition.Name) is { } kind)
            {
                found.Add(new Reached(kind, kind switch
                {
                    ReachKind.Process => "starts a process (" + Display(definition) + ")",
                    ReachKind.FileWrite => "changes files (" + Display(definition) + ")",
                    _ => Display(definition),
                }, ImmutableArray<string>.Empty));
                return;
            }

            // Opening a file is a write only with a mode or access that writes (new FileStream(path, FileMode.Create)).
            if (definition.ContainingType is { } opened && opens.TryGetValue(opened.OriginalDefinition, out var openMembers)
                && openMembers.ContainsKey(definition.MethodKind == MethodKind.Constructor ? ".ctor" : definition.Name)
                && SystemEffects.OpensForWriting(definition, call switch
                {
                    IInvocationOperation invocation => invocation.Arguments,
                    IObjectCreationOperation creation => creation.Arguments,
                    _ => ImmutableArray<IArgumentOperation>.Empty,
                }))
            {
                var what = definition.MethodKind == MethodKind.Constructor ? "new " + opened.Name : Display(definition);
                found.Add(new Reached(ReachKind.FileWrite, "changes files (" + what + ")", ImmutableArray<string>.Empty));
                return;
            }

            // A store or an external entity is a black box: what it is, not how it is implemented, is what the call reaches.
            // Identity's managers are the authentication mechanism and keep their own records: sign-in and sign-up are not the
            // critical, unaudited state changes TA1001 and TA3001 are about (the model still draws their flows).
            if (analysis.Resources.Identity is { } identity && identity.IsManagerCall(call))
            {
                return;
            }

            if (analysis.Resources.TryRecognize(call, FlowFacts.None) is { } touch)
            {
                // A log entry a production log keeps is an audit trail of what the code changes.
                if (ModelText.IsLogs(touch.ElementId) && Frameworks.Logging.LogLevels.KeptInProduction(definition, call))
                {
                    found.Audits = true;
                }

                Touched(touch, target.ReturnType, found);
                return;
            }

            if (Privilege(definition) is { } requirement)
            {
                found.Add(new Reached(ReachKind.Privileged, "reaches '" + Display(definition) + "', which requires " + requirement, ImmutableArray<string>.Empty) { Target = definition });
            }

            // mediator.Send(request): the handler of the request's type, not the mediator (whose generated Send would reach
            // every handler).
            if (analysis.Mediators is { } mediators && Frameworks.Mediator.MediatorDispatch.MayDispatch(target) && call is IInvocationOperation { Arguments.Length: > 0 } dispatch
                && mediators.HandlerOf(target, dispatch.Arguments[0].Value.WithoutConversions().Type) is { } handle)
            {
                Follow(handle, found, depth, cancellationToken);
                return;
            }

            Follow(target, found, depth, cancellationToken);
        }

        /// <summary>Into the methods of the compilation that may answer the call: the method itself, and what implements or overrides it.</summary>
        private void Follow(IMethodSymbol target, Builder found, int depth, CancellationToken cancellationToken)
        {
            var definition = (target.ReducedFrom ?? target).OriginalDefinition;
            if (definition.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor or MethodKind.LocalFunction or MethodKind.PropertyGet or MethodKind.PropertySet))
            {
                return;
            }

            var callees = new List<IMethodSymbol>();
            if (!definition.IsAbstract && definition.DeclaringSyntaxReferences.Length > 0)
            {
                callees.Add(definition);
            }

            if (definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                // Through the construction the call names: IRequestHandler<GetProduct, …>'s implementations, not every handler's.
                callees.AddRange(analysis.Flow.ImplementationsOf(target.ReducedFrom ?? target));
            }

            if (callees.Count == 0)
            {
                return;
            }

            if (depth <= 1)
            {
                found.LimitReached = true;
                return;
            }

            foreach (var callee in callees.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
            {
                var reach = OfMethod(callee, depth - 1, cancellationToken);
                found.AddFrom(reach, definition.MethodKind == MethodKind.LocalFunction ? null : Display(callee));
            }
        }

        private void Touched(TouchFact touch, ITypeSymbol? type, Builder found)
        {
            if (ModelText.IsLogs(touch.ElementId))
            {
                return;
            }

            if (touch.ElementKind == ElementKinds.ExternalEntity)
            {
                found.Add(new Reached(ReachKind.ExternalCall, "calls '" + touch.ElementName + "'", ImmutableArray<string>.Empty));
            }
            else if (touch.Access == Access.Write)
            {
                found.Add(new Reached(ReachKind.StateChange, "writes to '" + touch.ElementName + "'", ImmutableArray<string>.Empty, StoreAudited(touch)));
            }
            else if (touch.DataClasses.Contains(DataClasses.Secrets) || Carried(type) == ReachKind.Secrets)
            {
                found.Add(new Reached(ReachKind.Secrets, "reads secrets from '" + touch.ElementName + "'", ImmutableArray<string>.Empty));
            }
            else if (touch.DataClasses.Contains(DataClasses.Pii) || Carried(type) == ReachKind.PersonalData)
            {
                found.Add(new Reached(ReachKind.PersonalData, "reads personal data from '" + touch.ElementName + "'", ImmutableArray<string>.Empty));
            }
        }

        /// <summary>[Audited] on a method or on its type: the code writes an audit-trail record of what it does.</summary>
        private bool IsAudited(IMethodSymbol method)
            => analysis.Annotations.Audited is { } audited && (method.Has(audited) || (method.ContainingType is { } type && type.Has(audited)));

        /// <summary>
        /// A store that keeps its own audit trail: [Audited] on it (or on the [DataStore] it is), or an EF Core context
        /// that overrides SaveChanges (where an application writes its audit entries or who-changed-what stamps).
        /// </summary>
        private bool StoreAudited(TouchFact touch)
        {
            if (touch.Controls.Contains(Controls.Audited))
            {
                return true;
            }

            return auditedStores.GetOrAdd(touch.ElementId, id =>
            {
                if (DocumentationCommentId.GetFirstSymbolForDeclarationId(id, analysis.Compilation) is not INamedTypeSymbol type)
                {
                    return false;
                }

                foreach (var t in type.SelfAndBaseTypes())
                {
                    if (t.DeclaringSyntaxReferences.Length == 0)
                    {
                        break;
                    }

                    if ((analysis.Annotations.Audited is { } audited && t.Has(audited))
                        || t.GetMembers().Any(m => m is IMethodSymbol { IsOverride: true, Name: "SaveChanges" or "SaveChangesAsync" }))
                    {
                        return true;
                    }
                }

                return false;
            });
        }

        private ReachKind? RowOf(INamedTypeSymbol declaring, string member)
            => rows.TryGetValue(declaring.OriginalDefinition, out var members) && members.TryGetValue(member, out var kind) ? kind : null;

        /// <summary>The role or policy a method (or its type) requires: [RequiresRole], or an authorization attribute with roles or a policy.</summary>
        private string? Privilege(IMethodSymbol method)
        {
            var annotations = analysis.Annotations;
            var authorizeData = analysis.EntryPoints.AspNetCore?.IAuthorizeData;
            foreach (var scope in new ISymbol?[] { method, method.ContainingType })
            {
                if (scope is null)
                {
                    continue;
                }

                foreach (var attribute in scope.GetAttributes())
                {
                    if (annotations.Is(attribute, annotations.RequiresRole))
                    {
                        return attribute.StringArgument(0) is { Length: > 0 } role ? "role '" + role + "'" : "a role";
                    }

                    if (attribute.AttributeClass is { } cls && cls.Implements(authorizeData))
                    {
                        if (attribute.NamedStringArgument("Roles") is { Length: > 0 } roles)
                        {
                            return "role '" + roles + "'";
                        }

                        if ((attribute.NamedStringArgument("Policy") ?? attribute.StringArgument(0)) is { Length: > 0 } policy)
                        {
                            return "policy '" + policy + "'";
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The class of data a handler answers with: its declared result (when it is data, not an ASP.NET Core result), or
        /// what its return statements hand to a result (<c>Ok(customer)</c>, <c>Results.Ok(dto)</c>). What the caller sent
        /// (a parameter echoed back) is not counted: the caller already has it.
        /// </summary>
        private ReachKind? Returned(IMethodSymbol handler, IOperation body)
        {
            var declared = handler.ReturnType;
            var strongest = IsResult(declared) ? null : Classified(handler);
            foreach (var operation in body.DescendantsAndSelf())
            {
                if (operation is not IReturnOperation { ReturnedValue: { } value } || !Within(operation, body))
                {
                    continue;
                }

                foreach (var part in value.DescendantsAndSelf())
                {
                    var type = part switch
                    {
                        ILocalReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation => part.Type,
                        IObjectCreationOperation or IInvocationOperation or IAwaitOperation when !IsResult(part.Type) => part.Type,
                        _ => null,
                    };

                    if (Carried(type) is { } kind && (strongest is null || kind < strongest))
                    {
                        strongest = kind;
                    }
                }
            }

            return strongest;
        }

        private ReachKind? Classified(IMethodSymbol handler)
        {
            var classes = new HashSet<string>();
            analysis.Classification.AddFromResult(handler, classes);
            return classes.Contains(DataClasses.Secrets) ? ReachKind.Secrets
                : classes.Contains(DataClasses.Pii) ? ReachKind.PersonalData
                : Carried(handler.ReturnType);
        }

        /// <summary>A return of the handler itself, not of a lambda or local function inside it.</summary>
        private static bool Within(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }

        private bool IsResult(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Task" or "ValueTask" } task
                && task.ContainingNamespace is { Name: "Tasks", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } })
            {
                type = task.TypeArguments[0];
            }

            return type is not null && (Implements(type, result) || Implements(type, actionResult) || Implements(type, convertToActionResult));
        }

        private static bool Implements(ITypeSymbol type, INamedTypeSymbol? contract)
            => contract is not null && (SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, contract) || type.Implements(contract));

        /// <summary>Secrets or personal data a type carries: [HandlesSecrets]/[HandlesPii], Identity's [PersonalData], compliance classifications.</summary>
        private ReachKind? Carried(ITypeSymbol? type)
        {
            if (type is null || type.SpecialType != SpecialType.None)
            {
                return null;
            }

            if (carried.TryGetValue(type, out var known))
            {
                return known;
            }

            var classes = new HashSet<string>();
            analysis.Classification.AddFrom(type, classes);
            ReachKind? kind = classes.Contains(DataClasses.Secrets) ? ReachKind.Secrets
                : classes.Contains(DataClasses.Pii) || HasPersonalMembers(type, 0) ? ReachKind.PersonalData
                : null;
            carried.TryAdd(type, kind);
            return kind;
        }

        private bool HasPersonalMembers(ITypeSymbol type, int depth)
        {
            if ((personalData is null && complianceClassification is null) || depth > MaxTypeDepth || type.SpecialType != SpecialType.None)
            {
                return false;
            }

            if (type is IArrayTypeSymbol array)
            {
                return HasPersonalMembers(array.ElementType, depth + 1);
            }

            if (type is not INamedTypeSymbol named)
            {
                return false;
            }

            foreach (var t in named.SelfAndBaseTypes())
            {
                foreach (var member in t.GetMembers())
                {
                    if (member is IPropertySymbol or IFieldSymbol && !member.IsStatic
                        && (member.Has(personalData) || member.Has(complianceClassification)))
                    {
                        return true;
                    }
                }
            }

            return named.TypeArguments.Any(argument => HasPersonalMembers(argument, depth + 1));
        }

        private static string Display(IMethodSymbol method)
            => method.ContainingType is { } type ? type.Name + "." + (method.MethodKind == MethodKind.Constructor ? type.Name : method.Name) : method.Name;

        /// <summary>Collects effects once each, in the order found, bounded.</summary>
        private sealed class Builder
        {
            private readonly List<Reached> effects = new();
            private readonly Dictionary<(ReachKind, string), int> seen = new();
            private bool authenticates;

            public bool LimitReached { get; set; }

            /// <summary>The body, or something it calls, leaves an audit trail.</summary>
            public bool Audits { get; set; }

            public void Add(Reached reached)
            {
                if (reached.Kind == ReachKind.Authentication)
                {
                    authenticates = true;
                }

                if (seen.TryGetValue((reached.Kind, reached.What), out var index))
                {
                    // Reached on two paths: without an audit trail if either path has none.
                    if (effects[index].Audited && !reached.Audited)
                    {
                        effects[index] = effects[index] with { Audited = false };
                    }
                }
                else if (effects.Count < MaxEffects)
                {
                    seen.Add((reached.Kind, reached.What), effects.Count);
                    effects.Add(reached);
                }
            }

            public void AddFrom(CodeReach reach, string? via)
            {
                authenticates |= reach.Authenticates;
                LimitReached |= reach.LimitReached;
                Audits |= reach.Audits;
                foreach (var effect in reach.Effects)
                {
                    Add(via is null ? effect : effect with { Via = effect.Via.Insert(0, via) });
                }
            }

            public CodeReach ToReach()
            {
                return !authenticates && effects.Count == 0 && !LimitReached && !Audits
                    ? CodeReach.Nothing
                    : new CodeReach(authenticates, effects.ToImmutableArray(), LimitReached, Audits);
            }
        }
    }
}
