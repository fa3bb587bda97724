using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The facts of every value in one body. Locals, parameters and the members written through them are joined over all
    /// their assignments (so loops and order do not matter), iterating until nothing grows. Lambdas and local functions are
    /// part of the body; calls into the compilation go through the callees' summaries.
    /// </summary>
    internal sealed class IntraproceduralAnalysis
    {
        private const int MaxPasses = 4;
        private const int MaxExpressionDepth = 400;

        // Instance calls that put their arguments into the receiver, by name (collections, builders, writers); a framework's
        // own such members are its catalog's fill rows (FlowCatalog.Fills).
        private static readonly HashSet<string> Mutators = new(StringComparer.Ordinal)
        {
            "Add", "AddRange", "Insert", "InsertRange", "Push", "Enqueue", "Append", "AppendLine", "AppendFormat", "TryAdd", "Prepend", "Write", "WriteLine", "Set",
        };

        private static readonly HashSet<string> Projections = new(StringComparer.Ordinal)
        {
            "Select", "SelectMany", "ToDictionary", "ToLookup", "GroupBy", "ConvertAll", "Zip", "Join", "GroupJoin", "Aggregate", "Sum", "Min", "Max", "Average", "Count", "LongCount", "Any", "All",
        };

        private static readonly Dictionary<string, FactKind> SensitiveNames = new(StringComparer.OrdinalIgnoreCase)
        {
            ["Email"] = FactKind.Pii, ["EmailAddress"] = FactKind.Pii, ["Phone"] = FactKind.Pii, ["PhoneNumber"] = FactKind.Pii,
            ["Ssn"] = FactKind.Pii, ["SocialSecurityNumber"] = FactKind.Pii, ["DateOfBirth"] = FactKind.Pii, ["BirthDate"] = FactKind.Pii,
            ["CardNumber"] = FactKind.Pii, ["CreditCardNumber"] = FactKind.Pii, ["Iban"] = FactKind.Pii,
            ["Password"] = FactKind.Secrets, ["ApiKey"] = FactKind.Secrets, ["Token"] = FactKind.Secrets, ["AccessToken"] = FactKind.Secrets,
            ["RefreshToken"] = FactKind.Secrets, ["ClientSecret"] = FactKind.Secrets, ["Secret"] = FactKind.Secrets, ["ConnectionString"] = FactKind.Secrets,
        };

        private readonly FlowEngine engine;
        private readonly IMethodSymbol? method;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<ISymbol, FactSet> variables = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<(ISymbol Root, ISymbol Member), FactSet> heap = new();

        // What this pass has read: a variable or member whose facts grow after it was read needs another pass; one that
        // only grows before its reads (straight-line code) is already right, so most bodies take one pass, not two.
        private readonly HashSet<ISymbol> readVariables = new(SymbolEqualityComparer.Default);
        private readonly HashSet<(ISymbol Root, ISymbol Member)> readMembers = new();
        private readonly HashSet<ISymbol> validated = new(SymbolEqualityComparer.Default);
        private readonly HashSet<ISymbol> routeHandlers = new(SymbolEqualityComparer.Default);
        private readonly List<FlowFinding> findings = new();
        private readonly Dictionary<(TextSpanKey, string, SinkKind, string), int> findingKeys = new();
        private readonly List<SinkReach> reaches = new();
        private Dictionary<IOperation, FactSet> values = new(OperationIdentity.Comparer);
        private FactSet returns = FactSet.Empty;
        private bool changed;
        private FlowLimits limits;

        // The greatest height among the callee summaries this pass used: the summary's own is one more (MethodSummary.Height).
        private int calleeHeight;

        private bool isEntryPoint;
        private int depth;

        private readonly int? requestedDepth;
        private int remainingDepth;
        private FlowOptions options = FlowOptions.Default;
        private Guards guards = Guards.None;
        private bool callsPrivileged;

        /// <param name="engine">The engine.</param>
        /// <param name="method">The method the body belongs to.</param>
        /// <param name="cancellationToken">Cancellation.</param>
        /// <param name="remainingDepth">How deep calls from this body may still be followed; the body's file's limit when null.</param>
        public IntraproceduralAnalysis(FlowEngine engine, IMethodSymbol? method, CancellationToken cancellationToken, int? remainingDepth = null)
        {
            requestedDepth = remainingDepth;
            this.engine = engine;
            this.method = method;
            this.cancellationToken = cancellationToken;
        }

        public IReadOnlyList<FlowFinding> Findings => findings;

        /// <summary>The method this body belongs to, as the model names methods.</summary>
        private string? SinkMethodId => method is null ? null : BehaviorExtractor.IdOf(method);

        public FactSet Returns => returns;

        public bool LimitReached => limits != FlowLimits.None;

        public FlowLimits Limits => limits;

        /// <summary>The facts of one value of the body, after the analysis ran.</summary>
        public FactSet FactsOf(IOperation operation) => values.TryGetValue(operation, out var facts) ? facts : FactSet.Empty;

        public void Run(IOperation body)
        {
            // The body's own file says how deep to follow calls and whether names count as evidence.
            options = engine.OptionsFor(body.Syntax);
            remainingDepth = requestedDepth ?? options.MaxCallDepth;
            isEntryPoint = method is not null && engine.EntryPoints.Recognize(method, cancellationToken) is not null;

            // A method named as a minimal-API handler (MapPost("/x", Handle)): its request-bound parameters are untrusted.
            if (method is not null && !isEntryPoint && engine.MappingOf(method) is not null)
            {
                routeHandlers.Add(method);
            }
            guards = Guards.Collect(body, engine.Catalog, cancellationToken);
            callsPrivileged = PrivilegedCallIn(body) is not null;
            for (var pass = 0; pass < MaxPasses; pass++)
            {
                changed = false;
                values = new Dictionary<IOperation, FactSet>(values.Count, OperationIdentity.Comparer);
                readVariables.Clear();
                readMembers.Clear();
                findings.Clear();
                findingKeys.Clear();
                reaches.Clear();
                returns = FactSet.Empty;
                limits = FlowLimits.None;
                calleeHeight = 0;
                Eval(body);
                if (!changed)
                {
                    break;
                }

                if (pass == MaxPasses - 1)
                {
                    // Still growing after the last pass: values may carry more than they show.
                    limits |= FlowLimits.Passes;
                }
            }

            if (returns.Truncated)
            {
                limits |= FlowLimits.FactsPerValue;
            }

            // Something in this method was not followed to the end: every finding of it says so, never silently.
            if (limits != FlowLimits.None)
            {
                for (var i = 0; i < findings.Count; i++)
                {
                    findings[i] = findings[i] with { Limits = findings[i].Limits | limits };
                }
            }
        }

        /// <summary>What callers reuse, with the findings of the body itself (its own operation block reuses them).</summary>
        public MethodSummary ToSummary()
            => new(returns, reaches.Distinct().ToImmutableArray(), limits, calleeHeight + 1, findings.ToImmutableArray());

        private FactSet Eval(IOperation? operation)
        {
            if (operation is null)
            {
                return FactSet.Empty;
            }

            if (values.TryGetValue(operation, out var known))
            {
                return known;
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (depth > MaxExpressionDepth)
            {
                limits |= FlowLimits.ExpressionDepth;
                return FactSet.Empty;
            }

            depth++;
            try
            {
                var result = EvalCore(operation);
                values[operation] = result;
                return result;
            }
            finally
            {
                depth--;
            }
        }

        private FactSet EvalCore(IOperation operation)
        {
            switch (operation)
            {
                case ILiteralOperation or IDefaultValueOperation or ITypeOfOperation or ISizeOfOperation or INameOfOperation or IInstanceReferenceOperation:
                    return FactSet.Empty;
                case ILocalReferenceOperation local:
                    return Guarded(local.Local, local, TypeFilter(Variable(local.Local), local.Local.Type));
                case IParameterReferenceOperation parameter:
                    return ParameterFacts(parameter);
                case IPropertyReferenceOperation property:
                    foreach (var argument in property.Arguments)
                    {
                        Eval(argument.Value);
                    }

                    return MemberRead(property, property.Property, property.Instance, property.Property.Type);
                case IFieldReferenceOperation field:
                    return MemberRead(field, field.Field, field.Instance, field.Field.Type);
                case IInvocationOperation invocation:
                    return Invocation(invocation);
                case IObjectCreationOperation creation:
                    return Creation(creation);
                case ISimpleAssignmentOperation assignment:
                    return Assign(assignment.Target, Eval(assignment.Value));
                case ICompoundAssignmentOperation compound:
                    return Assign(compound.Target, Eval(compound.Target).Union(Eval(compound.Value)));
                case ICoalesceAssignmentOperation coalesce:
                    return Assign(coalesce.Target, Eval(coalesce.Target).Union(Eval(coalesce.Value)));
                case IDeconstructionAssignmentOperation deconstruction:
                    return Assign(deconstruction.Target, Eval(deconstruction.Value));
                case IVariableDeclaratorOperation declarator:
                    var initializer = declarator.Initializer ?? declarator.GetVariableInitializer();
                    if (initializer is not null)
                    {
                        SetVariable(declarator.Symbol, Eval(initializer.Value));
                    }

                    return FactSet.Empty;
                case IReturnOperation @return:
                    var returned = Eval(@return.ReturnedValue);
                    returns = returns.Union(returned);
                    return FactSet.Empty;
                case IConversionOperation conversion:
                    return TypeFilter(Eval(conversion.Operand), conversion.Type);
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    var head = Eval(concatenation.LeftOperand);
                    var tail = Eval(concatenation.RightOperand);
                    if (!tail.IsEmpty)
                    {
                        var leading = TextPieces(concatenation.LeftOperand);
                        if (FixesTheRedirectTarget(leading))
                        {
                            tail = tail.Select(f => f.Sanitized(SinkKind.Redirect));
                        }

                        if (Frameworks.Http.HttpClientFlow.FixesTheHost(leading))
                        {
                            tail = tail.Select(f => f.Sanitized(SinkKind.RequestAddress));
                        }
                    }

                    return TypeFilter(head.Union(tail), concatenation.Type);
                case IInterpolatedStringOperation interpolated:
                    var text = FactSet.Empty;
                    var before = new List<string?>();
                    foreach (var part in interpolated.Parts)
                    {
                        var facts = Eval(part);
                        if (!facts.IsEmpty && FixesTheRedirectTarget(before))
                        {
                            facts = facts.Select(f => f.Sanitized(SinkKind.Redirect));
                        }

                        if (!facts.IsEmpty && Frameworks.Http.HttpClientFlow.FixesTheHost(before))
                        {
                            facts = facts.Select(f => f.Sanitized(SinkKind.RequestAddress));
                        }

                        text = text.Union(facts);
                        before.AddRange(TextPieces(part));
                    }

                    return TypeFilter(text, interpolated.Type);
                case IBinaryOperation binary:
                    var both = Eval(binary.LeftOperand).Union(Eval(binary.RightOperand));
                    return TypeFilter(both, binary.Type);
                case IForEachLoopOperation loop:
                    var collection = Eval(loop.Collection);
                    AssignLoopVariable(loop.LoopControlVariable, collection);
                    Eval(loop.Body);
                    return FactSet.Empty;
                case IArrayCreationOperation array:
                    foreach (var size in array.DimensionSizes)
                    {
                        CheckSink(Eval(size), SinkKind.AllocationSize, "array size", size.Syntax.GetLocation());
                    }

                    return Eval(array.Initializer);
                case IAnonymousFunctionOperation lambda:
                    // What a lambda returns is what the delegate yields, not what the enclosing method returns.
                    return InOwnFunction(lambda.Body);
                case ILocalFunctionOperation localFunction:
                    InOwnFunction(localFunction.Body ?? (IOperation?)localFunction.IgnoredBody);
                    return FactSet.Empty;
                case IDelegateCreationOperation delegateCreation:
                    return Eval(delegateCreation.Target);
                case IIsPatternOperation isPattern:
                    // x is { } y, x is Customer c: the declared variable holds the value.
                    var tested = Eval(isPattern.Value);
                    foreach (var pattern in isPattern.Pattern.DescendantsAndSelf())
                    {
                        var declared = pattern switch
                        {
                            IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                            IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                            _ => null,
                        };

                        if (declared is not null)
                        {
                            SetVariable(declared, tested);
                        }
                    }

                    return FactSet.Empty;
                case IIsTypeOperation:
                    Children(operation);
                    return FactSet.Empty;
                case ISwitchExpressionOperation switchExpression:
                    // format switch { "csv" => typeof(Csv), … } yields what its arms yield: the value switched on only where an
                    // arm returns it (or a variable its pattern declares).
                    var switched = Eval(switchExpression.Value);
                    var armValues = FactSet.Empty;
                    foreach (var arm in switchExpression.Arms)
                    {
                        foreach (var pattern in arm.Pattern.DescendantsAndSelf())
                        {
                            var declaredByArm = pattern switch
                            {
                                IDeclarationPatternOperation declaration => declaration.DeclaredSymbol,
                                IRecursivePatternOperation recursive => recursive.DeclaredSymbol,
                                _ => null,
                            };

                            if (declaredByArm is not null)
                            {
                                SetVariable(declaredByArm, switched);
                            }
                        }

                        Eval(arm.Guard);
                        armValues = armValues.Union(Eval(arm.Value));
                    }

                    return TypeFilter(armValues, operation.Type);
                case IConditionalOperation conditional:
                    var branches = TypeFilter(Children(operation), operation.Type);
                    CheckPrivilegedGuard(conditional);
                    return branches;
                default:
                    return TypeFilter(Children(operation), operation.Type);
            }
        }

        /// <summary>
        /// A condition that decides whether a privileged call runs (one with a role or policy requirement, in a branch, or
        /// after the condition when its branch leaves) is a sink of what it reads: an identity sink, unless it consults the
        /// caller's authenticated principal itself.
        /// </summary>
        private void CheckPrivilegedGuard(IConditionalOperation conditional)
        {
            if (conditional.Condition is not { } condition || PrivilegedCallGuardedBy(conditional) is not { } privileged)
            {
                return;
            }

            var decided = FactSet.Empty;
            foreach (var part in condition.DescendantsAndSelf())
            {
                // A flag or a number bound from the request (bool isAdmin) carries no data, but it is the client's say.
                if (part is IParameterReferenceOperation { Parameter: var parameter } && !validated.Contains(parameter)
                    && ((isEntryPoint && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method) && !engine.Services.IsMarkedAsService(parameter))
                        || (parameter.ContainingSymbol is { } handler && routeHandlers.Contains(handler) && !engine.Services.IsService(parameter))))
                {
                    decided = decided.Add(new FlowFact(FactKind.Untrusted, parameter.Name, parameter.Locations.FirstOrDefault()));
                }

                if (part.Type is not { } type || IsScalar(type))
                {
                    continue;
                }

                if (type.Name is "ClaimsPrincipal" or "IPrincipal" or "ClaimsIdentity" or "IIdentity")
                {
                    return;
                }

                if (values.TryGetValue(part, out var facts))
                {
                    decided = decided.Union(facts);
                }
            }

            CheckSink(decided, SinkKind.Identity, "the condition guarding " + Display(privileged), condition.Syntax.GetLocation());
        }

        private IMethodSymbol? PrivilegedCallGuardedBy(IConditionalOperation conditional)
        {
            if (!callsPrivileged || conditional.IsRef)
            {
                return null;
            }

            var privileged = PrivilegedCallIn(conditional.WhenTrue) ?? PrivilegedCallIn(conditional.WhenFalse);
            if (privileged is null && Leaves(conditional.WhenTrue) && conditional.Parent is IBlockOperation block)
            {
                // if (role != "admin") return Forbid(); … Purge();
                var after = false;
                foreach (var statement in block.Operations)
                {
                    if (after && PrivilegedCallIn(statement) is { } next)
                    {
                        return next;
                    }

                    after |= statement == conditional;
                }
            }

            return privileged;
        }

        private IMethodSymbol? PrivilegedCallIn(IOperation? operation)
        {
            if (operation is null)
            {
                return null;
            }

            foreach (var part in operation.DescendantsAndSelf())
            {
                if (part is IInvocationOperation invocation
                    && Frameworks.AspNetCore.PrivilegedOperations.IsPrivileged(invocation.TargetMethod, engine.Annotations, engine.EntryPoints.AspNetCore))
                {
                    return invocation.TargetMethod;
                }
            }

            return null;
        }

        private static bool Leaves(IOperation? branch)
            => branch switch
            {
                IReturnOperation or IBranchOperation or IThrowOperation => true,
                IExpressionStatementOperation { Operation: IThrowOperation } => true,
                IBlockOperation { Operations.Length: > 0 } block => Leaves(block.Operations[block.Operations.Length - 1]),
                _ => false,
            };

        private FactSet InOwnFunction(IOperation? body)
        {
            var outer = returns;
            returns = FactSet.Empty;
            Eval(body);
            var yielded = returns;
            returns = outer;
            return yielded;
        }

        private FactSet Children(IOperation operation)
        {
            var result = FactSet.Empty;
            foreach (var child in operation.ChildOperations)
            {
                result = result.Union(Eval(child));
            }

            return result;
        }

        private FactSet Variable(ISymbol symbol)
        {
            readVariables.Add(symbol);
            var facts = variables.TryGetValue(symbol, out var known) ? known : FactSet.Empty;
            return validated.Contains(symbol) ? facts.Where(f => f.Kind != FactKind.Untrusted) : facts;
        }

        private void SetVariable(ISymbol symbol, FactSet facts)
        {
            var old = variables.TryGetValue(symbol, out var known) ? known : FactSet.Empty;
            var merged = old.Union(facts);
            if (merged.Count != old.Count)
            {
                variables[symbol] = merged;
                changed |= readVariables.Contains(symbol);
            }
        }

        private FactSet ParameterFacts(IParameterReferenceOperation reference)
        {
            var parameter = reference.Parameter;
            return Guarded(parameter, reference, TypeFilter(UnfilteredParameterFacts(parameter), parameter.Type).Union(Declared(parameter, reference, parameter.Type)));
        }

        /// <summary>What a parameter holds, whatever its type (<see cref="ParameterFacts"/> drops it for scalars).</summary>
        private FactSet UnfilteredParameterFacts(IParameterSymbol parameter)
        {
            var facts = Variable(parameter);
            if (method is not null && SymbolEqualityComparer.Default.Equals(parameter.ContainingSymbol, method))
            {
                facts = facts.Add(new FlowFact(FactKind.Parameter, parameter.Name, null, parameter.Ordinal));
                if (isEntryPoint && !validated.Contains(parameter) && !engine.Services.IsMarkedAsService(parameter))
                {
                    facts = facts.Add(new FlowFact(FactKind.Untrusted, parameter.Name, parameter.Locations.FirstOrDefault()));
                }
            }

            if (parameter.ContainingSymbol is { } owner && routeHandlers.Contains(owner) && !validated.Contains(parameter) && IsBoundFromTheRequest(parameter))
            {
                facts = facts.Add(new FlowFact(FactKind.Untrusted, parameter.Name, parameter.Locations.FirstOrDefault()));
            }

            return facts;
        }

        /// <summary>
        /// TA6004's sink: a member of a persisted type that grants privilege (a role, an admin flag). A bool or enum read
        /// from the request carries no facts elsewhere in the engine (it cannot inject anything), but it can make its
        /// sender an administrator: the value written is looked at before that filter, as a member read or a parameter.
        /// </summary>
        private void CheckPrivilege(ISymbol member, IOperation target, FactSet facts)
        {
            if (!engine.Privileges.Grants(member))
            {
                return;
            }

            var value = target.Parent is ISimpleAssignmentOperation assignment && assignment.Target == target ? assignment.Value : null;
            if (value is not null)
            {
                facts = facts.Union(Unfiltered(value));
            }

            CheckSink(facts, SinkKind.Privilege, Frameworks.PrivilegeMembers.Display(member), value?.Syntax.GetLocation() ?? target.Syntax.GetLocation());
        }

        private FactSet Unfiltered(IOperation value)
        {
            var operation = value;
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation switch
            {
                IPropertyReferenceOperation { Instance: { } instance } property when property.Arguments.IsEmpty => Eval(instance).MemberOf(property.Property.Name),
                IFieldReferenceOperation { Instance: { } instance } field => Eval(instance).MemberOf(field.Field.Name),
                IParameterReferenceOperation parameter => Guarded(parameter.Parameter, parameter, UnfilteredParameterFacts(parameter.Parameter)),
                _ => FactSet.Empty,
            };
        }

        /// <summary>A variable read where a check guards it (Url.IsLocalUrl(x) before Redirect(x)) is safe for what the check checks.</summary>
        private FactSet Guarded(ISymbol symbol, IOperation reference, FactSet facts)
        {
            if (facts.IsEmpty)
            {
                return facts;
            }

            var safe = guards.SafeAt(symbol, reference.Syntax);
            return safe == SinkKind.None ? facts : facts.Select(f => f.Sanitized(safe));
        }

        /// <summary>
        /// Minimal API parameters of these types are bound from the request (route, query, headers, body); interfaces,
        /// contexts, loggers, annotated stores or entities, parameters marked [FromServices]/[FromKeyedServices] and those
        /// of a type registered as a service (AddScoped&lt;T&gt;…) come from dependency injection.
        /// </summary>
        private bool IsBoundFromTheRequest(IParameterSymbol parameter)
        {
            var type = parameter.Type;
            if (type.TypeKind == TypeKind.Interface || type.SpecialType == SpecialType.System_Object || engine.Services.IsService(parameter))
            {
                return false;
            }

            return engine.MayBeBoundFromTheRequest(type);
        }

        private FactSet MemberRead(IOperation read, ISymbol member, IOperation? instance, ITypeSymbol type)
        {
            var instanceFacts = Eval(instance);
            var facts = member.ContainingType is { IsTupleType: true } ? instanceFacts : instanceFacts.MemberOf(member.Name);
            if (HeapKey(instance, member) is { } key)
            {
                readMembers.Add(key);
                if (heap.TryGetValue(key, out var stored))
                {
                    facts = facts.Union(stored);
                }
            }

            facts = TypeFilter(facts, type).Union(Declared(member, read, type));
            foreach (var source in engine.Catalog.SourcesOf(member))
            {
                facts = facts.Add(new FlowFact(source.Kind, read.Syntax.ToString(), read.Syntax.GetLocation()));
            }

            // A member that is safe by construction (a zip entry's Name has no directory part).
            if (!facts.IsEmpty && engine.Catalog.SanitizerOf(member) is { When: null } sanitizer)
            {
                facts = facts.Select(f => f.Sanitized(sanitizer.SafeFor));
            }

            return facts;
        }

        /// <summary>What a declaration says: [HandlesPii], [HandlesSecrets], Identity's [PersonalData], compliance classifications, a classified type, and (opt-in) telling names.</summary>
        private FactSet Declared(ISymbol symbol, IOperation at, ITypeSymbol? type)
        {
            // Most symbols and types declare nothing: the origin's text and location are made only for a fact.
            var facts = FactSet.Empty;
            string? origin = null;
            Location? location = null;
            FlowFact Fact(FactKind kind, bool byType)
                => new(kind, origin ??= at.Syntax.ToString(), location ??= at.Syntax.GetLocation(), byType: byType);

            // A classification on a type is about the whole object, not each of its members.
            var onType = symbol is ITypeSymbol;
            var declared = engine.DeclaredOn(symbol);
            if ((declared & DeclaredKinds.Pii) != 0)
            {
                facts = facts.Add(Fact(FactKind.Pii, onType));
            }

            if ((declared & DeclaredKinds.Secrets) != 0)
            {
                facts = facts.Add(Fact(FactKind.Secrets, onType));
            }

            if (type is not null && !IsScalar(type))
            {
                var classes = engine.Classification.ClassesOf(type);
                if (System.Array.IndexOf(classes, Model.DataClasses.Pii) >= 0)
                {
                    facts = facts.Add(Fact(FactKind.Pii, byType: true));
                }

                if (System.Array.IndexOf(classes, Model.DataClasses.Secrets) >= 0)
                {
                    facts = facts.Add(Fact(FactKind.Secrets, byType: true));
                }
            }

            if (facts.IsEmpty && options.InferSensitiveNames && symbol is IPropertySymbol or IFieldSymbol or IParameterSymbol
                && SensitiveNames.TryGetValue(symbol.Name, out var kind))
            {
                facts = facts.Add(new FlowFact(kind, at.Syntax.ToString(), at.Syntax.GetLocation(), inferred: true));
            }

            return facts;
        }

        private FactSet Invocation(IInvocationOperation invocation)
        {
            var target = invocation.TargetMethod;

            // A minimal API handler's parameters are bound from the request: mark the handler before its body is evaluated.
            if (engine.EntryPoints.AspNetCore is { } aspNetCore && Frameworks.AspNetCore.RouteMapping.TryCreate(invocation, aspNetCore, out var mapping)
                && mapping.Handler is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } handler)
            {
                // A local function may be declared before the Map call that names it: evaluate the body again.
                if (routeHandlers.Add(handler) && handler.MethodKind == MethodKind.LocalFunction)
                {
                    changed = true;
                }
            }

            var receiver = invocation.Instance is null ? FactSet.Empty : Eval(invocation.Instance);
            var arguments = new List<(IArgumentOperation Argument, FactSet Facts)>();
            foreach (var argument in invocation.Arguments)
            {
                arguments.Add((argument, Eval(argument.Value)));
            }

            CheckSinks(target, arguments);

            // A call into a [DataStore] write or an [ExternalEntity] is the sink; its implementation's own writes and calls of
            // that kind are the same write seen from inside (the annotation wins), so they are not reported again below.
            var annotatedKind = SinkKind.None;
            if (engine.Resources.Annotated.SinkOf(target, invocation.Instance?.Type as INamedTypeSymbol) is { } annotatedSink)
            {
                annotatedKind = annotatedSink.Kind;
                foreach (var (argument, facts) in arguments)
                {
                    CheckArgument(argument, facts, annotatedSink.Kind, annotatedSink.Display);
                }
            }

            var all = arguments.Aggregate(receiver, (acc, a) => acc.Union(a.Facts));

            if (engine.Catalog.SanitizerOf(target) is { } sanitizer && sanitizer.Applies(invocation))
            {
                return TypeFilter(all.Select(f => f.Sanitized(sanitizer.SafeFor)), invocation.Type);
            }

            if (target.Has(engine.Annotations.Validates))
            {
                foreach (var (argument, _) in arguments)
                {
                    if (RootSymbol(argument.Value) is { } checkedSymbol && checkedSymbol is ILocalSymbol or IParameterSymbol)
                    {
                        if (validated.Add(checkedSymbol))
                        {
                            changed = true;
                        }
                    }
                }

                return all.Where(f => f.Kind != FactKind.Untrusted);
            }

            // What the callee declares it returns ([return: HandlesPii], [HandlesPii] on the method), wherever it is declared.
            var result = DeclaredResult(target, invocation);

            // What an external entity answers is data from outside our control.
            if (target.ContainingType is { } owner && engine.Resources.Annotated.AnnotatedElementOf(owner, invocation.Instance?.Type as INamedTypeSymbol) is { Kind: Model.ElementKinds.ExternalEntity }
                && !IsScalar(target.ReturnType) && target.ReturnType.SpecialType != SpecialType.System_Void)
            {
                result = result.Add(new FlowFact(FactKind.Untrusted, invocation.Syntax.ToString(), invocation.Syntax.GetLocation()));
            }
            foreach (var source in engine.Catalog.SourcesOf(target))
            {
                result = result.Add(new FlowFact(source.Kind, invocation.Syntax.ToString(), invocation.Syntax.GetLocation()));
            }

            if (target.MethodKind == MethodKind.DelegateInvoke)
            {
                return result.Union(all);
            }

            // mediator.Send(request): the handler of the request's type answers, its request and token at the same positions.
            var answering = engine.Mediators is { } mediators && Frameworks.Mediator.MediatorDispatch.MayDispatch(target)
                ? mediators.HandlerOf(target, ArgumentFor(arguments, 0)?.Argument.Value.WithoutConversions().Type) ?? target
                : target;
            if (HasSummary(answering) && engine.SummaryOf(answering, remainingDepth, cancellationToken) is { } summary)
            {
                limits |= summary.Limits;
                calleeHeight = Math.Max(calleeHeight, summary.Height);
                var callee = Display(answering);
                foreach (var reach in summary.Sinks)
                {
                    if ((reach.Kind & annotatedKind) != 0)
                    {
                        continue;
                    }

                    if (ArgumentFor(arguments, reach.Parameter) is { } argument)
                    {
                        var facts = reach.Member is { } read ? argument.Facts.MemberOf(read) : argument.Facts;
                        foreach (var fact in facts.Facts)
                        {
                            var combined = fact.Sanitized(reach.SanitizedFor);
                            if (combined.IsSafeFor(reach.Kind))
                            {
                                continue;
                            }

                            var via = reach.Via.Insert(0, callee);
                            if (fact.Kind == FactKind.Parameter)
                            {
                                reaches.Add(new SinkReach(fact.Parameter, reach.Kind, reach.Sink, reach.SinkLocation, via, fact.Member ?? reach.Member, combined.SanitizedFor, reach.SinkMethod));
                            }
                            else
                            {
                                AddFinding(new FlowFinding(fact, reach.Kind, reach.Sink, argument.Argument.Value.Syntax.GetLocation(), reach.SinkLocation, fact.Via.AddRange(via), summary.Limits | (facts.Truncated ? FlowLimits.FactsPerValue : FlowLimits.None), reach.SinkMethod));
                            }
                        }
                    }
                }

                foreach (var fact in summary.Returns.Facts)
                {
                    if (fact.Kind != FactKind.Parameter)
                    {
                        result = result.Add(fact.Through(callee));
                    }
                    else if (ArgumentFor(arguments, fact.Parameter) is { } argument)
                    {
                        var passed = fact.Member is { } read ? argument.Facts.MemberOf(read) : argument.Facts;
                        result = result.Union(passed.Select(f => f.Sanitized(fact.SanitizedFor)));
                    }
                }

                return TypeFilter(result, invocation.Type);
            }

            // A projection (Select, ToDictionary, ConvertAll...) yields what its delegate yields, not its source's elements.
            if (Projections.Contains(target.Name) && arguments.Any(a => a.Argument.Value.WithoutConversions() is IDelegateCreationOperation or IAnonymousFunctionOperation))
            {
                var projected = arguments.Where(a => a.Argument.Value.WithoutConversions() is IDelegateCreationOperation or IAnonymousFunctionOperation)
                    .Aggregate(FactSet.Empty, (acc, a) => acc.Union(a.Facts));
                return TypeFilter(result.Union(projected), invocation.Type);
            }

            // A library call: what goes in may come out (ToUpper, Substring, LINQ, string.Format, StringBuilder...).
            if ((Mutators.Contains(target.Name) || engine.Catalog.Fills(target)) && (invocation.Instance ?? (target.IsExtensionMethod && arguments.Count > 0 ? arguments[0].Argument.Value : null)) is { } mutated
                && RootSymbol(mutated) is { } root)
            {
                var added = arguments.Where(a => a.Argument.Value != mutated).Aggregate(FactSet.Empty, (acc, a) => acc.Union(a.Facts));
                SetVariable(root, HeldIn(mutated, root, added));
            }

            // What went in as an argument is somewhere in an object a library call returns (a user looked up by its e-mail,
            // a DTO mapped from a customer), but not in each of its members: logging the object is logging the data,
            // logging user.ConcurrencyStamp is not. Text, bytes and sequences made from arguments carry them whole.
            var fromArguments = arguments.Aggregate(FactSet.Empty, (acc, a) => acc.Union(a.Facts));
            if (IsObject(Awaited(invocation.Type)))
            {
                fromArguments = fromArguments.Select(f => f.IsSensitive ? f.Contained() : f);
            }

            return TypeFilter(result.Union(receiver).Union(fromArguments), invocation.Type);
        }

        /// <summary>A type whose values are objects with members of their own, not text, bytes, a sequence or a scalar.</summary>
        private static bool IsObject(ITypeSymbol? type)
            => type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct or TypeKind.Interface } named
               && named.SpecialType == SpecialType.None
               && named.Name is not ("StringBuilder" or "Object")
               && !named.AllInterfaces.Any(i => i.Name == "IEnumerable")
               && named.Name != "IEnumerable";

        /// <summary>The result of a task (Task&lt;T&gt;, ValueTask&lt;T&gt;), or the type itself.</summary>
        private static ITypeSymbol? Awaited(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "Task" or "ValueTask", TypeArguments.Length: 1 } task && NamespaceNames.Is(task.ContainingNamespace, "System.Threading.Tasks")
                ? task.TypeArguments[0]
                : type;

        private FactSet DeclaredResult(IMethodSymbol target, IOperation at)
        {
            var declared = new HashSet<string>();
            engine.Classification.AddFrom(target, declared);
            foreach (var attribute in target.GetReturnTypeAttributes())
            {
                if (engine.Annotations.Is(attribute, engine.Annotations.HandlesPii))
                {
                    declared.Add(Model.DataClasses.Pii);
                }
                else if (engine.Annotations.Is(attribute, engine.Annotations.HandlesSecrets))
                {
                    declared.Add(Model.DataClasses.Secrets);
                }
            }

            var facts = FactSet.Empty;
            if (declared.Contains(Model.DataClasses.Pii))
            {
                facts = facts.Add(new FlowFact(FactKind.Pii, at.Syntax.ToString(), at.Syntax.GetLocation()));
            }

            if (declared.Contains(Model.DataClasses.Secrets))
            {
                facts = facts.Add(new FlowFact(FactKind.Secrets, at.Syntax.ToString(), at.Syntax.GetLocation()));
            }

            return facts;
        }

        private void CheckSinks(IMethodSymbol target, List<(IArgumentOperation Argument, FactSet Facts)> arguments)
        {
            var rows = engine.Catalog.SinksOf(target);
            var loggerMessage = engine.Catalog.IsLoggerMessage(target);
            if (rows.Count == 0 && !loggerMessage)
            {
                return;
            }

            foreach (var (argument, facts) in arguments)
            {
                var parameter = argument.Parameter;
                if (parameter is null || (target.IsExtensionMethod && parameter.Ordinal == 0))
                {
                    continue;
                }

                if (loggerMessage && parameter.Type.Name != "ILogger")
                {
                    CheckArgument(argument, facts, SinkKind.Log, target.ContainingType.Name + "." + target.Name);
                }

                foreach (var row in rows)
                {
                    if (row.Parameters.Length == 0 || Array.IndexOf(row.Parameters, parameter.Name) >= 0)
                    {
                        CheckArgument(argument, facts, row.Kind, row.Display);
                    }
                }
            }
        }

        /// <summary>A params array is checked element by element, so the finding sits on the offending value.</summary>
        private void CheckArgument(IArgumentOperation argument, FactSet facts, SinkKind kind, string display)
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray && argument.Value is IArrayCreationOperation { Initializer: { } elements })
            {
                foreach (var element in elements.ElementValues)
                {
                    CheckSink(Eval(element), kind, display, element.Syntax.GetLocation());
                }

                return;
            }

            CheckSink(facts, kind, display, argument.Value.Syntax.GetLocation());
        }

        private void CheckSink(FactSet facts, SinkKind kind, string display, Location location)
        {
            foreach (var fact in facts.Facts)
            {
                if (fact.IsSafeFor(kind))
                {
                    continue;
                }

                if (fact.Kind == FactKind.Parameter)
                {
                    reaches.Add(new SinkReach(fact.Parameter, kind, display, location, ImmutableArray<string>.Empty, fact.Member, fact.SanitizedFor, SinkMethodId));
                }
                else
                {
                    AddFinding(new FlowFinding(fact, kind, display, location, location, fact.Via, limits | (facts.Truncated ? FlowLimits.FactsPerValue : FlowLimits.None), SinkMethodId));
                }
            }
        }

        private void AddFinding(FlowFinding finding)
        {
            var key = (new TextSpanKey(finding.ReportLocation), finding.Fact.Origin + "|" + finding.Fact.Kind, finding.Kind, finding.Sink);
            if (!findingKeys.TryGetValue(key, out var index))
            {
                findingKeys[key] = findings.Count;
                findings.Add(finding);
            }
            else if (finding.Fact.Member is null && !finding.Fact.ByType && (findings[index].Fact.Member is not null || findings[index].Fact.ByType))
            {
                // The same source at the same sink, once as a value read out of it and once whole: the whole value says more
                // (over-posting is about the bound object itself reaching the write).
                findings[index] = finding;
            }
        }

        private FactSet Creation(IObjectCreationOperation creation)
        {
            var arguments = new List<(IArgumentOperation Argument, FactSet Facts)>();
            foreach (var argument in creation.Arguments)
            {
                arguments.Add((argument, Eval(argument.Value)));
            }

            if (creation.Constructor is { } constructor)
            {
                CheckSinks(constructor, arguments);
            }

            var facts = arguments.Aggregate(FactSet.Empty, (acc, a) => acc.Union(a.Facts));
            if (creation.Initializer is { } initializer)
            {
                foreach (var part in initializer.Initializers)
                {
                    if (part is ISimpleAssignmentOperation { Target: IMemberReferenceOperation target } assignment)
                    {
                        // new SqliteCommand { CommandText = sql }: a member that is a sink is one in an initializer too.
                        var assigned = Eval(assignment.Value);
                        foreach (var row in engine.Catalog.SinksOf(target.Member))
                        {
                            CheckSink(assigned, row.Kind, row.Display, assignment.Value.Syntax.GetLocation());
                        }

                        CheckPrivilege(target.Member, target, assigned);

                        facts = facts.Union(assigned.StoredIn(target.Member.Name));
                    }
                    else
                    {
                        facts = facts.Union(Eval(part));
                    }
                }
            }
            // What a constructor that is itself the sink makes (a Claim) is not reported again where it is used.
            if (creation.Constructor is { } made && engine.Catalog.SanitizerOf(made) is { When: null } sanitizer)
            {
                facts = facts.Select(f => f.Sanitized(sanitizer.SafeFor));
            }

            return TypeFilter(facts, creation.Type).Union(Declared(creation.Type ?? (ISymbol)creation.Constructor!, creation, null));
        }

        private FactSet Assign(IOperation target, FactSet facts)
        {
            switch (target)
            {
                case ILocalReferenceOperation local:
                    SetVariable(local.Local, facts);
                    break;
                case IParameterReferenceOperation parameter:
                    SetVariable(parameter.Parameter, facts);
                    break;
                case IDeclarationExpressionOperation declaration:
                    Assign(declaration.Expression, facts);
                    break;
                case ITupleOperation tuple:
                    foreach (var element in tuple.Elements)
                    {
                        Assign(element, facts);
                    }

                    break;
                case IPropertyReferenceOperation or IFieldReferenceOperation:
                    var member = target is IPropertyReferenceOperation p ? (ISymbol)p.Property : ((IFieldReferenceOperation)target).Field;
                    var instance = target is IPropertyReferenceOperation pr ? pr.Instance : ((IFieldReferenceOperation)target).Instance;
                    Eval(instance);
                    if (HeapKey(instance, member) is { } key)
                    {
                        var old = heap.TryGetValue(key, out var known) ? known : FactSet.Empty;
                        var merged = old.Union(facts);
                        if (merged.Count != old.Count)
                        {
                            heap[key] = merged;
                            changed |= readMembers.Contains(key);
                        }
                    }

                    if (instance is not null && RootSymbol(instance) is { } root && root is ILocalSymbol or IParameterSymbol)
                    {
                        SetVariable(root, facts.StoredIn(FirstMember(instance, member).Name));
                    }

                    foreach (var row in engine.Catalog.SinksOf(member))
                    {
                        CheckSink(facts, row.Kind, row.Display, target.Parent is ISimpleAssignmentOperation assignment ? assignment.Value.Syntax.GetLocation() : target.Syntax.GetLocation());
                    }

                    CheckPrivilege(member, target, facts);

                    break;
                case IArrayElementReferenceOperation element when RootSymbol(element.ArrayReference) is { } array:
                    SetVariable(array, HeldIn(element.ArrayReference, array, facts));
                    break;
                default:
                    Eval(target);
                    break;
            }

            return facts;
        }

        private void AssignLoopVariable(IOperation? variable, FactSet facts)
        {
            switch (variable)
            {
                case IVariableDeclaratorOperation declarator:
                    SetVariable(declarator.Symbol, facts);
                    break;
                case IVariableDeclarationOperation declaration:
                    foreach (var d in declaration.Declarators)
                    {
                        SetVariable(d.Symbol, facts);
                    }

                    break;
                case null:
                    break;
                default:
                    Assign(variable, facts);
                    break;
            }
        }

        /// <summary>
        /// Whether text that starts with these pieces (constant text, or null for a computed value) already decides where a
        /// redirect to it goes, whatever follows: after a constant '#' only the fragment follows, which the browser keeps to
        /// itself; after a constant leading local path ("/orders/", a '/' not followed by '/', '\' or a blank) the target stays
        /// on this site (a '?' counts only there, as part of such a path).
        /// </summary>
        private static bool FixesTheRedirectTarget(List<string?> pieces)
        {
            var prefix = new System.Text.StringBuilder();
            var leading = true;
            foreach (var piece in pieces)
            {
                if (piece is null)
                {
                    leading = false;
                    continue;
                }

                if (piece.IndexOf('#') >= 0)
                {
                    return true;
                }

                if (leading)
                {
                    prefix.Append(piece);
                }
            }

            return prefix.Length >= 2 && prefix[0] == '/' && prefix[1] is not ('/' or '\\') && !char.IsWhiteSpace(prefix[1]) && !char.IsControl(prefix[1]);
        }

        /// <summary>A string expression as the pieces it is concatenated or interpolated from: constant text, or null for a computed value.</summary>
        private static List<string?> TextPieces(IOperation operation)
        {
            var pieces = new List<string?>();
            AddTextPieces(operation, pieces, 0);
            return pieces;
        }

        private static void AddTextPieces(IOperation operation, List<string?> pieces, int depth)
        {
            operation = operation.WithoutConversions();
            if (operation.ConstantValue is { HasValue: true, Value: var constant })
            {
                pieces.Add(constant as string ?? constant?.ToString() ?? string.Empty);
                return;
            }

            if (depth > 50)
            {
                pieces.Add(null);
                return;
            }

            switch (operation)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } concatenation:
                    AddTextPieces(concatenation.LeftOperand, pieces, depth + 1);
                    AddTextPieces(concatenation.RightOperand, pieces, depth + 1);
                    break;
                case IInterpolatedStringOperation interpolated:
                    foreach (var part in interpolated.Parts)
                    {
                        AddTextPieces(part, pieces, depth + 1);
                    }

                    break;
                case IInterpolatedStringTextOperation text:
                    AddTextPieces(text.Text, pieces, depth + 1);
                    break;
                case IInterpolationOperation { Alignment: null, FormatString: null } interpolation:
                    AddTextPieces(interpolation.Expression, pieces, depth + 1);
                    break;
                default:
                    pieces.Add(null);
                    break;
            }
        }

        /// <summary>
        /// What a value put into a collection (or array) adds to the variable the collection hangs from: into
        /// post.Comments.Add(comment) or post.Tags[0] = tag, the value sits in member Comments (Tags) of post, so reading
        /// post.ID does not carry it while post as a whole (serialised, logged) still does. A collection held directly in a
        /// local or parameter carries the value whole.
        /// </summary>
        private static FactSet HeldIn(IOperation collection, ISymbol root, FactSet facts)
        {
            if (root is not (ILocalSymbol or IParameterSymbol))
            {
                return facts;
            }

            return collection.WithoutConversions() switch
            {
                IPropertyReferenceOperation { Instance: { } instance } property => facts.StoredIn(FirstMember(instance, property.Property).Name),
                IFieldReferenceOperation { Instance: { } instance } field => facts.StoredIn(FirstMember(instance, field.Field).Name),
                _ => facts,
            };
        }

        /// <summary>The member right after the root in an access path: Address in customer.Address.City = x.</summary>
        private static ISymbol FirstMember(IOperation instance, ISymbol member)
        {
            var first = member;
            for (var current = instance.WithoutConversions(); ;)
            {
                switch (current)
                {
                    case IPropertyReferenceOperation { Instance: { } inner } property:
                        first = property.Property;
                        current = inner.WithoutConversions();
                        continue;
                    case IFieldReferenceOperation { Instance: { } inner } field:
                        first = field.Field;
                        current = inner.WithoutConversions();
                        continue;
                    default:
                        return first;
                }
            }
        }

        private (ISymbol, ISymbol)? HeapKey(IOperation? instance, ISymbol member)
            => instance is null
                ? (member.ContainingType is { } type ? (type, member) : null)
                : RootSymbol(instance) is { } root ? (root, member) : null;

        /// <summary>The variable an access path starts from: x in x.A.B, this in this.field.</summary>
        private ISymbol? RootSymbol(IOperation? operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case ILocalReferenceOperation local:
                        return local.Local;
                    case IParameterReferenceOperation parameter:
                        return parameter.Parameter;
                    case IInstanceReferenceOperation:
                        return method?.ContainingType;
                    case IInvocationOperation { Instance: { } builder } fluent when SymbolEqualityComparer.Default.Equals(fluent.Type, builder.Type):
                        // sb.Append(a).Append(b) mutates sb.
                        operation = builder;
                        continue;
                    case IPropertyReferenceOperation property:
                        if (property.Instance is null)
                        {
                            return property.Property;
                        }

                        operation = property.Instance;
                        continue;
                    case IFieldReferenceOperation field:
                        if (field.Instance is null)
                        {
                            return field.Field;
                        }

                        operation = field.Instance;
                        continue;
                    default:
                        return null;
                }
            }
        }

        private bool HasSummary(IMethodSymbol target)
        {
            var definition = (target.ReducedFrom ?? target).OriginalDefinition;
            return definition.DeclaringSyntaxReferences.Length > 0 || definition.IsAbstract || definition.IsVirtual
                   || definition.ContainingType?.TypeKind == TypeKind.Interface
                   || engine.Referenced.Has(definition);
        }

        private static (IArgumentOperation Argument, FactSet Facts)? ArgumentFor(List<(IArgumentOperation Argument, FactSet Facts)> arguments, int ordinal)
        {
            foreach (var pair in arguments)
            {
                if (pair.Argument.Parameter?.Ordinal == ordinal)
                {
                    return pair;
                }
            }

            return null;
        }

        public static string Display(IMethodSymbol method)
            => (method.ReducedFrom ?? method).ContainingType is { } type ? type.Name + "." + method.Name : method.Name;

        /// <summary>Counts, flags and characters carry no data of the source; parsed identifiers and dates are no longer untrusted text.</summary>
        private static FactSet TypeFilter(FactSet facts, ITypeSymbol? type)
        {
            if (facts.IsEmpty || type is null)
            {
                return facts;
            }

            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            if (IsScalar(type))
            {
                return FactSet.Empty;
            }

            // Asked of nearly every value the flow evaluates: the type's name and namespace compared, not its display text built.
            return type is INamedTypeSymbol { Arity: 0, ContainingType: null, Name: "Guid" or "DateTime" or "DateTimeOffset" or "DateOnly" or "TimeOnly" or "TimeSpan", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } }
                ? facts.Where(f => f.Kind != FactKind.Untrusted)
                : facts;
        }

        private static bool IsScalar(ITypeSymbol type)
            => type.TypeKind == TypeKind.Enum
               || type.SpecialType is SpecialType.System_Boolean or SpecialType.System_Char or SpecialType.System_SByte or SpecialType.System_Byte
                   or SpecialType.System_Int16 or SpecialType.System_UInt16 or SpecialType.System_Int32 or SpecialType.System_UInt32
                   or SpecialType.System_Int64 or SpecialType.System_UInt64 or SpecialType.System_Decimal or SpecialType.System_Single
                   or SpecialType.System_Double or SpecialType.System_IntPtr or SpecialType.System_UIntPtr;

        /// <summary>A location's identity for de-duplication.</summary>
        private readonly record struct TextSpanKey(string? Path, int Start, int Length)
        {
            public TextSpanKey(Location location)
                : this(location.SourceTree?.FilePath, location.SourceSpan.Start, location.SourceSpan.Length)
            {
            }
        }
    }
}
