using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA5004: a number the caller sends (an entry point's integer parameter, or an integer property of a model it binds)
    /// sets how much the service allocates, iterates or waits, with no upper bound on the path: an array's size, a
    /// collection's or builder's capacity, <c>new string(c, n)</c>, <c>ArrayPool.Rent</c>, <c>Enumerable.Range/Repeat</c>
    /// counts, <c>Take(n)</c> (a page size passed to a store query or a sequence), a <c>for</c> loop's bound,
    /// <c>Task.Delay</c>/<c>Thread.Sleep</c>. Numbers carry no data in the shared flow engine (they cannot inject anything),
    /// so this rule follows them itself: through locals, arithmetic, <c>??</c>, <c>TimeSpan.From…</c>, and into methods of
    /// the compilation the handler calls (3 deep). Bounded, silent: <c>Math.Min</c>/<c>Math.Clamp</c> (a value or a variable
    /// assigned from one), a variable compared with an upper limit anywhere in the body (<c>if (n &gt; Max) return
    /// BadRequest();</c>; a check against 0 or 1 only is a lower bound and does not count), <c>%</c> and <c>&amp;</c>,
    /// <c>[Range]</c> on the parameter or the bound property. A threat of the entry point.
    /// </summary>
    internal sealed class UntrustedResourceUseRule : EntryPointRule
    {
        /// <summary>Set when the reported expression is the sink's own integer operand in the handler: the fix clamps it there.</summary>
        internal const string ClampProperty = "ThreatAnalyzers.Clamp";

        private const int MaxDepth = 3;

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UntrustedResourceUse,
            title: "Untrusted value controls resource use",
            messageFormat: "'{0}' (untrusted) sets {1}{2} in {3} with no upper bound: the caller decides how much the service allocates, iterates or waits",
            RuleCategories.DenialOfService,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A number from the request sets an allocation size, a collection capacity, a count, a page size, a loop bound "
                       + "or a delay. One request with a huge value exhausts memory, CPU, the database or the thread pool. Clamp it "
                       + "(Math.Clamp, Math.Min, a check that rejects values above a limit, [Range] on the bound value).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UntrustedResourceUse + ".md",
            customTags: new[] { "CWE-789", "CWE-834" });

        public UntrustedResourceUseRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which numbers from the request set an allocation size, a count, a page size, a loop bound or a delay without an upper bound?",
                concerns: "the entry point",
                fix: "clamp the value (Math.Clamp(n, 0, 100))"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (context.InheritedBy is not null || context.Handler is not IMethodSymbol handler || BodyOf(context, handler) is not { } body)
            {
                return;
            }

            var range = context.Analysis.Compilation.GetTypeByMetadataName("System.ComponentModel.DataAnnotations.RangeAttribute");
            var roots = new Dictionary<ISymbol, Root>(SymbolEqualityComparer.Default);
            foreach (var parameter in handler.Parameters)
            {
                if (IsFromServices(parameter) || context.Analysis.Flow.Services.IsService(parameter))
                {
                    continue;
                }

                if (IsCount(parameter.Type))
                {
                    if (!parameter.Has(range))
                    {
                        roots[parameter] = new Root(parameter.Name, parameter.Locations.FirstOrDefault(), IsModel: false);
                    }
                }
                else if (IsModel(parameter.Type))
                {
                    roots[parameter] = new Root(parameter.Name, parameter.Locations.FirstOrDefault(), IsModel: true);
                }
            }

            if (roots.Count == 0)
            {
                return;
            }

            var reported = new HashSet<(Location, string)>();
            var scan = new Scan(context.Analysis, range, context.CancellationToken);
            foreach (var finding in scan.Run(body, roots, ImmutableArray<string>.Empty, null, 0))
            {
                if (!reported.Add((finding.ReportAt.Syntax.GetLocation(), finding.Sink)))
                {
                    continue;
                }

                var additional = new List<Location>();
                if (finding.Root.Location is { IsInSource: true } source)
                {
                    additional.Add(source);
                }

                var sinkLocation = finding.Operand.Syntax.GetLocation();
                if (sinkLocation != finding.ReportAt.Syntax.GetLocation())
                {
                    additional.Add(sinkLocation);
                }

                var properties = finding.Via.IsEmpty && finding.ReportAt.Type is { SpecialType: SpecialType.System_Int32 or SpecialType.System_Int64 }
                    ? ImmutableDictionary<string, string?>.Empty.Add(ClampProperty, "true")
                    : null;
                context.Report(this, finding.ReportAt.Syntax.GetLocation(), additional, properties,
                    finding.Origin, finding.Sink, finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via), context.EntryPoint.Name);
            }
        }

        private static IOperation? BodyOf(EntryPointContext context, IMethodSymbol method)
        {
            if (method.MethodKind == MethodKind.AnonymousFunction)
            {
                return context.Mapping?.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IAnonymousFunctionOperation>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, method))?.Body;
            }

            return context.Analysis.Flow.BodyOf((method.ReducedFrom ?? method).OriginalDefinition, context.CancellationToken);
        }

        private static bool IsFromServices(IParameterSymbol parameter)
            => parameter.GetAttributes().Any(a => a.AttributeClass?.Name is "FromServicesAttribute" or "FromKeyedServicesAttribute");

        /// <summary>An integer (or a nullable one): what sizes, counts and delays are.</summary>
        internal static bool IsCount(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable)
            {
                type = nullable.TypeArguments[0];
            }

            return type?.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_Int16
                or SpecialType.System_UInt32 or SpecialType.System_UInt64 or SpecialType.System_UInt16;
        }

        /// <summary>A request model declared in the application (its integer properties are the caller's numbers).</summary>
        private static bool IsModel(ITypeSymbol type)
            => type is INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, SpecialType: SpecialType.None } named
               && named.Locations.Any(l => l.IsInSource)
               && !named.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable);

        private sealed record Root(string Name, Location? Location, bool IsModel);

        private sealed record Finding(Root Root, string Origin, string Sink, IOperation ReportAt, IOperation Operand, ImmutableArray<string> Via);

        /// <summary>One body's numbers from the request and where they set a size, a count or a delay.</summary>
        private sealed class Scan
        {
            private readonly CompilationAnalysis analysis;
            private readonly INamedTypeSymbol? range;
            private readonly System.Threading.CancellationToken cancellationToken;

            public Scan(CompilationAnalysis analysis, INamedTypeSymbol? range, System.Threading.CancellationToken cancellationToken)
            {
                this.analysis = analysis;
                this.range = range;
                this.cancellationToken = cancellationToken;
            }

            /// <summary>The findings of <paramref name="body"/>, its <paramref name="roots"/> being the caller's numbers (and models); reported at <paramref name="reportAt"/> when called from a handler.</summary>
            public IEnumerable<Finding> Run(IOperation body, Dictionary<ISymbol, Root> roots, ImmutableArray<string> via, IOperation? reportAt, int depth)
            {
                var state = new State(roots, range, Frameworks.AspNetCore.RequestBodyLimits.Of(analysis));
                state.Settle(body);
                var findings = new List<Finding>();
                foreach (var operation in body.DescendantsAndSelf())
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    switch (operation)
                    {
                        case IArrayCreationOperation array:
                            foreach (var size in array.DimensionSizes)
                            {
                                Check(size, "the size of new " + Display((array.Type as IArrayTypeSymbol)?.ElementType) + "[]");
                            }

                            break;
                        case IObjectCreationOperation creation when creation.Constructor is { } constructor:
                            foreach (var argument in creation.Arguments)
                            {
                                switch (argument.Parameter?.Name)
                                {
                                    case "capacity":
                                        Check(argument.Value, "the capacity of new " + Display(creation.Type));
                                        break;
                                    case "count" when creation.Type?.SpecialType == SpecialType.System_String:
                                        Check(argument.Value, "the length of new string");
                                        break;
                                }
                            }

                            break;
                        case IInvocationOperation invocation:
                            Invocation(invocation);
                            break;
                        case IForLoopOperation { Condition: IBinaryOperation condition }:
                            if (condition.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual)
                            {
                                Check(condition.RightOperand, "the bound of a for loop");
                            }
                            else if (condition.OperatorKind is BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual)
                            {
                                Check(condition.LeftOperand, "the bound of a for loop");
                            }

                            break;
                    }
                }

                return findings;

                void Check(IOperation operand, string sink)
                {
                    if (state.Origin(operand) is { } origin)
                    {
                        findings.Add(new Finding(origin.Root, origin.Text, sink, reportAt ?? operand, operand, via));
                    }
                }

                void Invocation(IInvocationOperation invocation)
                {
                    var target = invocation.TargetMethod;

                    // Only these names can be a sink below; the others need no display text (built per call).
                    if (target.Name is "Range" or "Repeat" or "Take" or "Delay" or "Sleep" or "PadLeft" or "PadRight" or "Rent")
                    {
                        var type = target.ContainingType?.ToDisplayString();
                        foreach (var argument in invocation.Arguments)
                        {
                            var name = argument.Parameter?.Name;
                            var sink = (type, target.Name, name) switch
                            {
                                ("System.Linq.Enumerable", "Range" or "Repeat", "count") => "the count of Enumerable." + target.Name,
                                ("System.Linq.Enumerable", "Take", "count") => "the count of Enumerable.Take",
                                ("System.Linq.Queryable", "Take", "count") => "the page size of Queryable.Take",
                                ("System.Threading.Tasks.Task", "Delay", "millisecondsDelay" or "delay") => "the delay of Task.Delay",
                                ("System.Threading.Thread", "Sleep", "millisecondsTimeout" or "timeout") => "the delay of Thread.Sleep",
                                ("System.String", "PadLeft" or "PadRight", "totalWidth") => "the width of string." + target.Name,
                                _ when target.Name == "Rent" && target.ContainingType?.OriginalDefinition.ToDisplayString() == "System.Buffers.ArrayPool<T>" && name == "minimumLength"
                                    => "the size of ArrayPool.Rent",
                                _ => null,
                            };

                            if (sink is not null)
                            {
                                Check(argument.Value, sink);
                            }
                        }
                    }

                    // Into the application's own methods: the handler passes the number on (a service's paging method).
                    if (depth >= MaxDepth || target.MethodKind == MethodKind.DelegateInvoke
                        || !target.OriginalDefinition.Locations.Any(l => l.IsInSource)
                        || analysis.Flow.BodyOf(target.OriginalDefinition, cancellationToken) is not { } callee)
                    {
                        return;
                    }

                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is not { } parameter || state.Origin(argument.Value, models: true) is not { } origin)
                        {
                            continue;
                        }

                        var calleeRoots = new Dictionary<ISymbol, Root>(SymbolEqualityComparer.Default)
                        {
                            [parameter.OriginalDefinition] = origin.Root with { Name = origin.Text, IsModel = origin.IsModel },
                        };
                        foreach (var inner in Run(callee, calleeRoots, via.Add(IntraproceduralDisplay(target)), reportAt ?? argument.Value, depth + 1))
                        {
                            findings.Add(inner with { Root = origin.Root });
                        }
                    }
                }
            }

            private static string IntraproceduralDisplay(IMethodSymbol method)
                => (method.ReducedFrom ?? method).ContainingType is { } type ? type.Name + "." + method.Name : method.Name;

            private static string Display(ITypeSymbol? type) => type?.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) ?? "?";
        }

        private sealed record Origin(Root Root, string Text, bool IsModel);

        /// <summary>Which variables hold the caller's numbers in one body, and which of them are bounded somewhere in it.</summary>
        private sealed class State
        {
            private readonly Dictionary<ISymbol, Root> roots;
            private readonly INamedTypeSymbol? range;
            private readonly Dictionary<ISymbol, Origin> locals = new(SymbolEqualityComparer.Default);
            private readonly HashSet<ISymbol> bounded = new(SymbolEqualityComparer.Default);
            private readonly Frameworks.AspNetCore.RequestBodyLimits? limits;

            public State(Dictionary<ISymbol, Root> roots, INamedTypeSymbol? range, Frameworks.AspNetCore.RequestBodyLimits? limits)
            {
                this.roots = roots;
                this.range = range;
                this.limits = limits;
            }

            /// <summary>Locals made from the caller's numbers (twice, for locals made from locals), and the variables and members compared with a limit or assigned a clamped value.</summary>
            public void Settle(IOperation body)
            {
                for (var pass = 0; pass < 2; pass++)
                {
                    foreach (var operation in body.DescendantsAndSelf())
                    {
                        switch (operation)
                        {
                            case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when Origin(value) is { } origin:
                                locals[declarator.Symbol] = origin;
                                break;
                            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local } assignment:
                                if (Origin(assignment.Value) is { } assigned)
                                {
                                    locals[local.Local] = assigned;
                                }

                                break;
                        }
                    }
                }

                foreach (var operation in body.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case IBinaryOperation { OperatorKind: BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual } comparison
                            when !(comparison.Parent is IForLoopOperation loop && loop.Condition == comparison):
                            Bound(comparison.LeftOperand, comparison.RightOperand);
                            Bound(comparison.RightOperand, comparison.LeftOperand);
                            break;
                        case ISimpleAssignmentOperation assignment when Origin(assignment.Value) is null && Key(assignment.Target) is { } key:
                            // n = Math.Min(n, 100); request.PageSize = 50.
                            bounded.Add(key);
                            break;
                        case IInvocationOperation { TargetMethod: { Name: "ThrowIfGreaterThan" or "ThrowIfGreaterThanOrEqual", ContainingType: { Name: "ArgumentOutOfRangeException" } container } } guard
                            when NamespaceNames.Is(container.ContainingNamespace, "System") && guard.Arguments.Length >= 2:
                            // ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxPageSize): the .NET 8 guard is a comparison too.
                            Bound(guard.Arguments[0].Value, guard.Arguments[1].Value);
                            break;
                    }
                }
            }

            /// <summary>A comparison with a limit bounds the variable; one with 0 or 1 is a lower bound only.</summary>
            private void Bound(IOperation checkedSide, IOperation limit)
            {
                if (Key(checkedSide) is not { } key
                    || (limit.WithoutConversions().ConstantValue is { HasValue: true, Value: { } constant } && AtMostOne(constant)))
                {
                    return;
                }

                bounded.Add(key);
            }

            /// <summary>A numeric constant of at most 1 (a lower-bound check); a character or any other constant is not a limit either way.</summary>
            private static bool AtMostOne(object constant)
                => constant switch
                {
                    int i => i <= 1,
                    long l => l <= 1,
                    short s => s <= 1,
                    sbyte sb => sb <= 1,
                    byte b => b <= 1,
                    ushort us => us <= 1,
                    uint ui => ui <= 1,
                    ulong ul => ul <= 1,
                    double d => d <= 1,
                    float f => f <= 1,
                    decimal m => m <= 1,
                    _ => true,
                };

            /// <summary>The variable or bound member an operand reads.</summary>
            private static ISymbol? Key(IOperation operation)
                => operation.WithoutConversions() switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter.OriginalDefinition,
                    IPropertyReferenceOperation { Instance: IParameterReferenceOperation } property => property.Property.OriginalDefinition,
                    _ => null,
                };

            public Origin? Origin(IOperation? operation, bool models = false)
            {
                switch (operation?.WithoutConversions())
                {
                    case null:
                        return null;
                    case IParameterReferenceOperation parameter when roots.TryGetValue(parameter.Parameter.OriginalDefinition, out var root):
                        if (root.IsModel)
                        {
                            return models ? new Origin(root, root.Name, IsModel: true) : null;
                        }

                        return bounded.Contains(parameter.Parameter.OriginalDefinition) ? null : new Origin(root, root.Name, IsModel: false);
                    case ILocalReferenceOperation local when locals.TryGetValue(local.Local, out var held):
                        return bounded.Contains(local.Local) ? null : held;
                    case IPropertyReferenceOperation { Instance: IParameterReferenceOperation owner, Property: var property }
                        when roots.TryGetValue(owner.Parameter.OriginalDefinition, out var model) && model.IsModel
                             && UntrustedResourceUseRule.IsCount(property.Type) && !property.Has(range) && !bounded.Contains(property.OriginalDefinition)
                             && limits?.IsUpperBoundedByValidator(property) != true:
                        return new Origin(model, model.Name + "." + property.Name, IsModel: false);
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Remainder or BinaryOperatorKind.And or BinaryOperatorKind.RightShift }:
                        return null;
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Divide } divide:
                        return Origin(divide.LeftOperand);
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Add or BinaryOperatorKind.Subtract or BinaryOperatorKind.Multiply or BinaryOperatorKind.LeftShift } arithmetic:
                        return Origin(arithmetic.LeftOperand) ?? Origin(arithmetic.RightOperand);
                    case ICoalesceOperation coalesce:
                        return Origin(coalesce.Value) ?? Origin(coalesce.WhenNull);
                    case IConditionalOperation conditional:
                        return Origin(conditional.WhenTrue) ?? Origin(conditional.WhenFalse);
                    case IInvocationOperation { TargetMethod: { ContainingType: { } type } method } invocation:
                        var owningType = type.ToDisplayString();
                        if ((owningType == "System.Math" && method.Name is "Max" or "Abs")
                            || (owningType == "System.TimeSpan" && method.Name.StartsWith("From", System.StringComparison.Ordinal))
                            || (method.Name == "GetValueOrDefault" && type.OriginalDefinition.SpecialType == SpecialType.System_Nullable_T))
                        {
                            foreach (var argument in invocation.Arguments)
                            {
                                if (Origin(argument.Value) is { } passed)
                                {
                                    return passed;
                                }
                            }

                            return method.Name == "GetValueOrDefault" ? Origin(invocation.Instance) : null;
                        }

                        return null;
                    default:
                        return null;
                }
            }
        }
    }
}
