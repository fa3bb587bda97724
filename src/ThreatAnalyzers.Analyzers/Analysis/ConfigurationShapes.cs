using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// The code shapes configuration rules look for, read from operations: a property set to a value (in an object
    /// initializer or an assignment), what a delegate returns, whether code runs only in the development environment.
    /// Nothing here throws on half-typed code: an unknown shape is "not found".
    /// </summary>
    internal static class ConfigurationShapes
    {
        /// <summary>Names the properties code fixes read.</summary>
        public const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>The value the fix writes (C# text), for <see cref="FixSetValue"/>.</summary>
        public const string SafeValueProperty = "ThreatAnalyzers.SafeValue";

        /// <summary>The fix's title.</summary>
        public const string FixTitleProperty = "ThreatAnalyzers.FixTitle";

        /// <summary>The reported assignment's value becomes <see cref="SafeValueProperty"/>.</summary>
        public const string FixSetValue = "SetValue";

        /// <summary>The reported assignment (a statement or an initializer element) is removed.</summary>
        public const string FixRemoveAssignment = "RemoveAssignment";

        /// <summary>The reported call is taken out of its fluent chain (or its statement removed).</summary>
        public const string FixRemoveCall = "RemoveCall";

        /// <summary>The reported argument is removed (when last) or becomes null.</summary>
        public const string FixRemoveArgument = "RemoveArgument";

        /// <summary>Conversions and parentheses taken off.</summary>
        public static IOperation Unwrap(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion when conversion.Operand is not null:
                        operation = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized when parenthesized.Operand is not null:
                        operation = parenthesized.Operand;
                        continue;
                    default:
                        return operation;
                }
            }
        }

        /// <summary>The property an assignment sets, or null (a field, an indexer, an error).</summary>
        public static IPropertySymbol? AssignedProperty(IAssignmentOperation assignment)
            => assignment.Target is IPropertyReferenceOperation { Property: { IsIndexer: false } property } ? property : null;

        /// <summary>Whether <paramref name="type"/> is <paramref name="expected"/> or derives from it.</summary>
        public static bool IsOrDerives(ITypeSymbol? type, INamedTypeSymbol? expected)
        {
            if (expected is null)
            {
                return false;
            }

            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, expected))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether a property is declared by (or overrides one declared by) one of <paramref name="types"/> and has the name.</summary>
        public static bool IsPropertyOf(IPropertySymbol? property, INamedTypeSymbol? type, string name)
            => property is not null && property.Name == name && IsOrDerives(property.ContainingType, type);

        /// <summary>The constant the value has, looking through conversions; null when not constant.</summary>
        public static object? ConstantOf(IOperation value, out bool isConstant)
        {
            var constant = value.ConstantValue;
            if (!constant.HasValue)
            {
                constant = Unwrap(value).ConstantValue;
            }

            isConstant = constant.HasValue;
            return constant.HasValue ? constant.Value : null;
        }

        /// <summary>The value is the constant <c>false</c>.</summary>
        public static bool IsConstantFalse(IOperation value) => ConstantOf(value, out var known) is false && known;

        /// <summary>The value is the constant <c>true</c>.</summary>
        public static bool IsConstantTrue(IOperation value) => ConstantOf(value, out var known) is true && known;

        /// <summary>The value is the <c>null</c> literal (or default).</summary>
        public static bool IsNull(IOperation value) => ConstantOf(value, out var known) is null && known;

        /// <summary>The constant integer value, or null.</summary>
        public static long? IntegerOf(IOperation value)
            => ConstantOf(value, out var known) switch
            {
                int i when known => i,
                long l when known => l,
                short s when known => s,
                byte b when known => b,
                _ => null,
            };

        /// <summary>The receiver of the property an assignment sets (the implicit receiver in an object initializer), or null.</summary>
        public static IOperation? ReceiverOf(IAssignmentOperation assignment)
            => assignment.Target is IPropertyReferenceOperation reference ? reference.Instance : null;

        /// <summary>
        /// For a property whose receiver is the implicit receiver of an object initializer: the property that
        /// initializer initializes (<c>Cookie</c> in <c>Cookie = { HttpOnly = false }</c>), or null when the initializer
        /// belongs to an object creation. For an explicit receiver that is itself a property (<c>o.Cookie.HttpOnly</c>):
        /// that property.
        /// </summary>
        public static IPropertySymbol? OwnerOfInitializedMember(IAssignmentOperation assignment)
        {
            var receiver = ReceiverOf(assignment);
            if (receiver is null)
            {
                return null;
            }

            receiver = Unwrap(receiver);
            if (receiver is IPropertyReferenceOperation property)
            {
                return property.Property;
            }

            if (receiver is IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver })
            {
                for (var current = assignment.Parent; current is not null; current = current.Parent)
                {
                    if (current is IMemberInitializerOperation { InitializedMember: IPropertyReferenceOperation member })
                    {
                        return member.Property;
                    }

                    if (current is IObjectCreationOperation or IAnonymousObjectCreationOperation or IWithOperation)
                    {
                        return null;
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// The other assignments to properties of the same object: the same object initializer, or, for a local,
        /// parameter or field receiver, assignments through the same symbol in the same body.
        /// </summary>
        public static IEnumerable<ISimpleAssignmentOperation> SiblingAssignments(IAssignmentOperation assignment)
        {
            if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
            {
                foreach (var sibling in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
                {
                    if (sibling != assignment)
                    {
                        yield return sibling;
                    }
                }

                // var settings = new XmlReaderSettings { … }; settings.XmlResolver = …;
                if (initializer.Parent is IObjectCreationOperation creation
                    && Unwrap(creation).Parent is { } holder
                    && DeclaredOrAssigned(holder) is { } declared)
                {
                    foreach (var other in AssignmentsThrough(declared, Body(assignment)))
                    {
                        yield return other;
                    }
                }

                yield break;
            }

            if (ReceiverOf(assignment) is { } receiver && SymbolOf(Unwrap(receiver)) is { } symbol)
            {
                foreach (var other in AssignmentsThrough(symbol, Body(assignment)))
                {
                    if (other != assignment)
                    {
                        yield return other;
                    }
                }

                // The symbol's own initializer: var settings = new XmlReaderSettings { XmlResolver = … };
                foreach (var declarator in Body(assignment)?.DescendantsAndSelf().OfType<IVariableDeclaratorOperation>() ?? Enumerable.Empty<IVariableDeclaratorOperation>())
                {
                    if (SymbolEqualityComparer.Default.Equals(declarator.Symbol, symbol)
                        && declarator.Initializer?.Value is { } value
                        && Unwrap(value) is IObjectCreationOperation { Initializer: { } created })
                    {
                        foreach (var sibling in created.Initializers.OfType<ISimpleAssignmentOperation>())
                        {
                            yield return sibling;
                        }
                    }
                }
            }
        }

        private static ISymbol? DeclaredOrAssigned(IOperation holder)
            => holder switch
            {
                IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
                ISimpleAssignmentOperation simple => SymbolOf(Unwrap(simple.Target)),
                _ => null,
            };

        private static IEnumerable<ISimpleAssignmentOperation> AssignmentsThrough(ISymbol symbol, IOperation? body)
        {
            if (body is null)
            {
                yield break;
            }

            foreach (var candidate in body.DescendantsAndSelf().OfType<ISimpleAssignmentOperation>())
            {
                if (ReceiverOf(candidate) is { } receiver && SymbolEqualityComparer.Default.Equals(SymbolOf(Unwrap(receiver)), symbol))
                {
                    yield return candidate;
                }
            }
        }

        private static ISymbol? SymbolOf(IOperation operation)
            => operation switch
            {
                ILocalReferenceOperation local => local.Local,
                IParameterReferenceOperation parameter => parameter.Parameter,
                IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
                IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Property.IsIndexer: false } property => property.Property,
                _ => null,
            };

        /// <summary>The body (method, lambda, top-level statements) that holds the operation.</summary>
        public static IOperation? Body(IOperation operation)
        {
            IOperation? last = null;
            for (var current = operation; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation function)
                {
                    return function.Body;
                }

                if (current is ILocalFunctionOperation local)
                {
                    return local.Body ?? (IOperation?)local.IgnoredBody;
                }

                last = current;
            }

            return last;
        }

        /// <summary>
        /// The bodies a delegate value runs: a lambda's or anonymous method's body, or the body of the method or local
        /// function a method group names (when its source is in this compilation). Null when unknown.
        /// </summary>
        public static IOperation? DelegateBody(IOperation value, CompilationAnalysis analysis, CancellationToken cancellationToken)
        {
            var operation = Unwrap(value);
            if (operation is IDelegateCreationOperation creation)
            {
                operation = Unwrap(creation.Target);
            }

            switch (operation)
            {
                case IAnonymousFunctionOperation function:
                    return function.Body;
                case IMethodReferenceOperation { Method: { } method }:
                    return MethodBody(method, analysis, cancellationToken);
                default:
                    return null;
            }
        }

        private static IOperation? MethodBody(IMethodSymbol method, CompilationAnalysis analysis, CancellationToken cancellationToken)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.DeclaringSyntaxReferences.Length != 1)
            {
                return null;
            }

            var syntax = definition.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken);
            if (!analysis.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
            {
                return null;
            }

            var operation = analysis.Flow.SemanticModelFor(syntax.SyntaxTree).GetOperation(syntax, cancellationToken);
            return operation switch
            {
                ILocalFunctionOperation local => local.Body ?? (IOperation?)local.IgnoredBody,
                IMethodBodyOperation body => body.BlockBody ?? (IOperation?)body.ExpressionBody,
                _ => null,
            };
        }

        /// <summary>
        /// What every path out of a body returns: the returned values (not those of nested lambdas or local functions),
        /// or null when some path throws or a value cannot be seen (a body with no return, an iterator).
        /// </summary>
        public static IReadOnlyList<IOperation>? ReturnedValues(IOperation? body)
        {
            if (body is null)
            {
                return null;
            }

            var values = new List<IOperation>();
            var stack = new Stack<IOperation>();
            stack.Push(body);
            while (stack.Count > 0)
            {
                var current = stack.Pop();
                switch (current)
                {
                    case IAnonymousFunctionOperation or ILocalFunctionOperation:
                        continue;
                    case IThrowOperation:
                        return null;
                    case IReturnOperation { Kind: OperationKind.Return, ReturnedValue: { } returned }:
                        values.Add(returned);
                        continue;
                    case IReturnOperation:
                        return null;
                }

                foreach (var child in current.ChildOperations)
                {
                    stack.Push(child);
                }
            }

            return values.Count == 0 ? null : values;
        }

        /// <summary>Whether a delegate value returns <c>true</c> on every path (and never throws): a check that accepts everything.</summary>
        public static bool AlwaysReturnsTrue(IOperation value, CompilationAnalysis analysis, CancellationToken cancellationToken)
            => ReturnedValues(DelegateBody(value, analysis, cancellationToken)) is { } values && values.All(IsConstantTrue);

        /// <summary>
        /// Whether the operation only runs when the environment is Development: inside the true branch of
        /// <c>if (env.IsDevelopment())</c> (also <c>&amp;&amp;</c>-combined), the false branch of
        /// <c>if (!env.IsDevelopment())</c>, or a conditional expression likewise. An early
        /// <c>if (!env.IsDevelopment()) return;</c> before the code is not followed.
        /// </summary>
        public static bool OnlyInDevelopment(IOperation operation, System.Func<IMethodSymbol, bool> isDevelopmentCheck)
        {
            var child = operation;
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is IConditionalOperation conditional && conditional.Condition != child)
                {
                    var positive = DevelopmentCondition(conditional.Condition, isDevelopmentCheck);
                    if ((positive == true && conditional.WhenTrue == child) || (positive == false && conditional.WhenFalse == child))
                    {
                        return true;
                    }
                }

                child = current;
            }

            return false;
        }

        /// <summary>true: the condition is "is development" (possibly with other conjuncts); false: "is not development"; null: neither.</summary>
        private static bool? DevelopmentCondition(IOperation condition, System.Func<IMethodSymbol, bool> isDevelopmentCheck)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case IInvocationOperation invocation when isDevelopmentCheck(invocation.TargetMethod):
                    return true;
                case IUnaryOperation { OperatorKind: UnaryOperatorKind.Not, Operand: { } operand }:
                    return DevelopmentCondition(operand, isDevelopmentCheck) is { } inner ? !inner : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } and:
                    return DevelopmentCondition(and.LeftOperand, isDevelopmentCheck) == true || DevelopmentCondition(and.RightOperand, isDevelopmentCheck) == true ? true : null;
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalOr } or:
                    return DevelopmentCondition(or.LeftOperand, isDevelopmentCheck) == false || DevelopmentCondition(or.RightOperand, isDevelopmentCheck) == false ? false : null;
                default:
                    return null;
            }
        }

        /// <summary>Where the code is, for a message: "'Startup.ConfigureServices'", or "the top-level statements".</summary>
        public static string Where(ISymbol symbol)
        {
            if (symbol is IMethodSymbol { Name: WellKnownMemberNames.TopLevelStatementsEntryPointMethodName })
            {
                return "the top-level statements";
            }

            var owner = symbol is IMethodSymbol { MethodKind: MethodKind.PropertyGet or MethodKind.PropertySet, AssociatedSymbol: { } property } ? property : symbol;
            return owner.ContainingType is { } type ? $"'{type.Name}.{owner.Name}'" : $"'{owner.Name}'";
        }

        /// <summary>The assignment as a short text for a message: <c>ValidateIssuer = false</c>.</summary>
        public static string Describe(IAssignmentOperation assignment)
            => assignment.Syntax is AssignmentExpressionSyntax syntax
                ? $"{NameOf(syntax.Left)} = {syntax.Right}"
                : assignment.Syntax.ToString();

        private static string NameOf(ExpressionSyntax target)
            => target switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax name => name.Identifier.ValueText,
                _ => target.ToString(),
            };
    }

    /// <summary>Well-known types resolved once per compilation, kept as long as the compilation lives.</summary>
    internal static class PerCompilation<T>
        where T : class
    {
        private static readonly ConditionalWeakTable<Compilation, T> Cache = new();

        public static T Get(Compilation compilation, ConditionalWeakTable<Compilation, T>.CreateValueCallback create)
            => Cache.GetValue(compilation, create);
    }
}
