using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AspNetCore;

namespace ThreatAnalyzers.Rules
{
    /// <summary>One value an entry point sends back in a response.</summary>
    /// <param name="Value">The value as the handler writes it (<c>user</c> in <c>Ok(user)</c>, <c>customer</c> in <c>return customer;</c>).</param>
    /// <param name="Projectable">It is the argument of a result factory or response write that takes any object (<c>Ok(object)</c>, <c>Results.Ok&lt;T&gt;</c>): an anonymous object fits there.</param>
    internal sealed record SentValue(IOperation Value, bool Projectable);

    /// <summary>What a sent value carries of one data class: the member (or value) that holds it, named <c>Type.Member</c>.</summary>
    /// <param name="What">The classified member or type, <c>ApplicationUser.PasswordHash</c>.</param>
    /// <param name="InOwnMembers">Found in a member of the value's type, not in the value itself.</param>
    /// <param name="At">The part of an object the handler builds that holds it (<c>user.PasswordHash</c> in <c>new { user.Id, user.PasswordHash }</c>), when not the whole value.</param>
    internal sealed record Carried(string What, bool InOwnMembers, IOperation? At = null);

    /// <summary>
    /// Shared by the rules about what responses disclose (TA4005, TA4010): which values a handler sends back (its returns,
    /// what result factories carry as their body, what it writes to the response), and whether such a value is, or holds
    /// in a serialized member, personal data or a secret. Only the handler's own body is read: a value is what the
    /// handler hands to the framework, as written there. Per-type answers are memoized for the compilation.
    /// </summary>
    internal sealed class ResponseDisclosure
    {
        private const int MaxTypeDepth = 2;
        private const int MaxLocalHops = 2;

        private readonly CompilationAnalysis analysis;
        private readonly INamedTypeSymbol? stjIgnore;
        private readonly INamedTypeSymbol? newtonsoftIgnore;
        private readonly ConcurrentDictionary<(ITypeSymbol, bool), Carried?> byType = new();

        private ResponseDisclosure(CompilationAnalysis analysis)
        {
            this.analysis = analysis;
            Bodies = ResponseBodies.Of(analysis.Compilation);
            stjIgnore = analysis.Compilation.GetTypeByMetadataName("System.Text.Json.Serialization.JsonIgnoreAttribute");
            newtonsoftIgnore = analysis.Compilation.GetTypeByMetadataName("Newtonsoft.Json.JsonIgnoreAttribute");
        }

        public ResponseBodies Bodies { get; }

        public static ResponseDisclosure Of(CompilationAnalysis analysis)
            => PerCompilation<ResponseDisclosure>.Get(analysis.Compilation, _ => new ResponseDisclosure(analysis));

        /// <summary>The handler's body: the method's, or the lambda's handed to the Map call.</summary>
        public IOperation? BodyOf(EntryPointContext context)
        {
            if (context.Handler is not IMethodSymbol method)
            {
                return null;
            }

            if (method.MethodKind == MethodKind.AnonymousFunction)
            {
                return context.Mapping?.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IAnonymousFunctionOperation>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, method))?.Body;
            }

            return analysis.Flow.BodyOf((method.ReducedFrom ?? method).OriginalDefinition, context.CancellationToken);
        }

        /// <summary>The values a body sends back: returned values (and the bodies of returned results) and what it writes to the response.</summary>
        public List<SentValue> SentValues(IOperation body)
        {
            var sent = new List<SentValue>();
            foreach (var operation in body.DescendantsAndSelf())
            {
                switch (operation)
                {
                    case IReturnOperation { ReturnedValue: { } value } when Within(operation, body):
                        AddBodies(value, sent, 0);
                        break;
                    case IInvocationOperation invocation when Bodies.WrittenParameter(invocation.TargetMethod) is { } parameter && Within(operation, body):
                        foreach (var argument in invocation.Arguments)
                        {
                            if (argument.Parameter?.Name == parameter)
                            {
                                AddData(argument.Value, TakesAnyObject(argument.Parameter), sent);
                            }
                        }

                        break;
                }
            }

            return sent;
        }

        private void AddBodies(IOperation value, List<SentValue> sent, int depth)
        {
            if (depth > 8)
            {
                return;
            }

            value = Unwrap(value);
            switch (value)
            {
                case IConditionalOperation conditional:
                    if (conditional.WhenTrue is { } whenTrue)
                    {
                        AddBodies(whenTrue, sent, depth + 1);
                    }

                    if (conditional.WhenFalse is { } whenFalse)
                    {
                        AddBodies(whenFalse, sent, depth + 1);
                    }

                    return;
                case ICoalesceOperation coalesce:
                    AddBodies(coalesce.Value, sent, depth + 1);
                    AddBodies(coalesce.WhenNull, sent, depth + 1);
                    return;
                case ISwitchExpressionOperation switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        AddBodies(arm.Value, sent, depth + 1);
                    }

                    return;
                case IAwaitOperation { Operation: IInvocationOperation awaited } when Bodies.IsResult(awaited.Type):
                    AddBodies(awaited, sent, depth + 1);
                    return;
                case IInvocationOperation invocation when Bodies.IsResult(invocation.Type):
                    foreach (var argument in invocation.Arguments)
                    {
                        if (argument.Parameter is { } parameter && ResponseBodies.BodyParameters.Contains(parameter.Name))
                        {
                            AddData(argument.Value, TakesAnyObject(parameter), sent);
                        }
                    }

                    return;
                case IObjectCreationOperation creation when Bodies.IsResult(creation.Type):
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.Parameter is { } parameter && ResponseBodies.BodyParameters.Contains(parameter.Name))
                        {
                            AddData(argument.Value, projectable: false, sent);
                        }
                    }

                    foreach (var initializer in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
                    {
                        if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target } assignment
                            && ResponseBodies.BodyProperties.Contains(target.Property.Name))
                        {
                            AddData(assignment.Value, projectable: false, sent);
                        }
                    }

                    return;
            }

            if (!Bodies.IsResult(value.Type))
            {
                AddData(value, projectable: false, sent);
            }
        }

        private static void AddData(IOperation value, bool projectable, List<SentValue> sent)
        {
            var data = Unwrap(value);
            if (data is ILiteralOperation or IDefaultValueOperation or IParameterReferenceOperation || data.ConstantValue.HasValue)
            {
                return;
            }

            sent.Add(new SentValue(data, projectable));
        }

        /// <summary>The secret a sent value is or holds in a member the serializer writes, or null.</summary>
        public Carried? Secret(IOperation value) => Find(value, secrets: true, 0);

        /// <summary>The personal data a sent value is or holds in a member the serializer writes, or null.</summary>
        public Carried? PersonalData(IOperation value) => Find(value, secrets: false, 0);

        private Carried? Find(IOperation value, bool secrets, int hops)
        {
            value = Unwrap(value);
            switch (value)
            {
                case IParameterReferenceOperation or ILiteralOperation:
                    // What the caller sent is theirs already.
                    return null;
                case IPropertyReferenceOperation { Property: var property } reference when IsClassified(property, secrets):
                    return new Carried(Display(reference.Instance?.Type as INamedTypeSymbol ?? property.ContainingType, property.Name), InOwnMembers: false);
                case IFieldReferenceOperation { Field: var field } reference when IsClassified(field, secrets):
                    return new Carried(Display(reference.Instance?.Type as INamedTypeSymbol ?? field.ContainingType, field.Name), InOwnMembers: false);
                case IInvocationOperation invocation when ResultClassified(invocation.TargetMethod, secrets):
                    return new Carried(invocation.TargetMethod.ContainingType?.Name + "." + invocation.TargetMethod.Name, InOwnMembers: false);
                case IAnonymousObjectCreationOperation anonymous:
                    foreach (var initializer in anonymous.Initializers)
                    {
                        if (initializer is ISimpleAssignmentOperation assignment && Find(assignment.Value, secrets, hops) is { } inMember)
                        {
                            return inMember with { At = inMember.At ?? Unwrap(assignment.Value) };
                        }
                    }

                    return null;
                case IObjectCreationOperation creation:
                    if (FromType(creation.Type, secrets) is { } ofCreated)
                    {
                        return ofCreated;
                    }

                    foreach (var argument in creation.Arguments)
                    {
                        if (Find(argument.Value, secrets, hops) is { } inArgument)
                        {
                            return inArgument with { At = inArgument.At ?? Unwrap(argument.Value) };
                        }
                    }

                    foreach (var initializer in creation.Initializer?.Initializers ?? Enumerable.Empty<IOperation>())
                    {
                        if (initializer is ISimpleAssignmentOperation assignment && Find(assignment.Value, secrets, hops) is { } inMember)
                        {
                            return inMember with { At = inMember.At ?? Unwrap(assignment.Value) };
                        }
                    }

                    return null;
                case ILocalReferenceOperation local when hops < MaxLocalHops && InitializerOf(local) is { } initializer
                                                       && Find(initializer, secrets, hops + 1) is { } initialized:
                    return initialized with { At = null };
            }

            return FromType(value.Type, secrets);
        }

        /// <summary>A local's initializer, when the local is never assigned again (<c>var hash = user.PasswordHash;</c>).</summary>
        private static IOperation? InitializerOf(ILocalReferenceOperation reference)
        {
            if (reference.Local.DeclaringSyntaxReferences.Length != 1 || reference.SemanticModel is not { } model
                || reference.Local.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } initializer })
            {
                return null;
            }

            return model.SyntaxTree == initializer.SyntaxTree ? model.GetOperation(initializer) : null;
        }

        private bool ResultClassified(IMethodSymbol method, bool secrets)
        {
            var attribute = secrets ? analysis.Annotations.HandlesSecrets : analysis.Annotations.HandlesPii;
            return attribute is not null
                   && (method.Has(attribute) || method.GetReturnTypeAttributes().Any(a => a.AttributeClass is { } c && c.InheritsFromOrEquals(attribute)));
        }

        /// <summary>A type that is classified, or holds a classified member the serializer writes (base types, element types and member types 2 deep).</summary>
        public Carried? FromType(ITypeSymbol? type, bool secrets) => FromType(type, secrets, 0);

        private Carried? FromType(ITypeSymbol? type, bool secrets, int depth)
        {
            if (type is null || type.SpecialType != SpecialType.None || depth > MaxTypeDepth)
            {
                return null;
            }

            if (depth == 0)
            {
                var key = (type, secrets);
                if (byType.TryGetValue(key, out var known))
                {
                    return known;
                }

                var found = Compute(type, secrets, depth);
                byType.TryAdd(key, found);
                return found;
            }

            return Compute(type, secrets, depth);
        }

        private Carried? Compute(ITypeSymbol type, bool secrets, int depth)
        {
            if (type is IArrayTypeSymbol array)
            {
                return FromType(array.ElementType, secrets, depth + 1);
            }

            if (type is not INamedTypeSymbol named || named.TypeKind == TypeKind.Delegate)
            {
                return null;
            }

            // A classified member is named before a classification of the whole type: the message says what is disclosed.
            foreach (var member in SerializedMembers(named))
            {
                if (IsClassified(member, secrets))
                {
                    return new Carried(Display(named, member.Name), InOwnMembers: true);
                }
            }

            if (IsClassifiedType(named, secrets))
            {
                return new Carried(named.Name, InOwnMembers: true);
            }

            foreach (var member in SerializedMembers(named))
            {
                var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
                if (FromType(memberType, secrets, depth + 1) is { } nested)
                {
                    return new Carried(nested.What, InOwnMembers: true);
                }
            }

            foreach (var argument in named.TypeArguments)
            {
                if (FromType(argument, secrets, depth + 1) is { } inElement)
                {
                    return inElement;
                }
            }

            return null;
        }

        /// <summary>The public instance properties and fields a JSON serializer writes (not [JsonIgnore]d), base types first, each name once.</summary>
        public IEnumerable<ISymbol> SerializedMembers(INamedTypeSymbol type)
        {
            if (type.TypeKind is not (TypeKind.Class or TypeKind.Struct) || type.ContainingNamespace?.ToDisplayString() is { } ns && (ns == "System" || ns.StartsWith("System.", System.StringComparison.Ordinal)))
            {
                yield break;
            }

            var seen = new HashSet<string>();
            foreach (var t in type.SelfAndBaseTypes().Reverse())
            {
                foreach (var member in t.GetMembers())
                {
                    if (member.IsStatic || member.DeclaredAccessibility != Accessibility.Public || member.IsImplicitlyDeclared && member is IFieldSymbol
                        || member is not (IPropertySymbol { IsIndexer: false, GetMethod: not null } or IFieldSymbol)
                        || IsIgnored(member) || !seen.Add(member.Name))
                    {
                        continue;
                    }

                    if (member is IPropertySymbol { Name: "EqualityContract" })
                    {
                        continue;
                    }

                    yield return member;
                }
            }
        }

        private bool IsIgnored(ISymbol member)
        {
            foreach (var attribute in member.GetAttributes())
            {
                if (attribute.AttributeClass is not { } cls)
                {
                    continue;
                }

                if (SymbolEqualityComparer.Default.Equals(cls, newtonsoftIgnore))
                {
                    return true;
                }

                if (SymbolEqualityComparer.Default.Equals(cls, stjIgnore))
                {
                    // JsonIgnoreCondition.Always (1) is the default; WhenWritingNull/Default still write a set value.
                    var condition = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Condition").Value;
                    return condition.IsNull || condition.Value is null || (condition.Value is int c && c == 1);
                }
            }

            return false;
        }

        /// <summary>
        /// A member classified for the class: [HandlesSecrets]/[HandlesPii] on it or on the record parameter that declares it;
        /// for secrets the framework's own (Identity's password hash); for personal data Identity's [PersonalData] and
        /// compliance classifications, as the flow engine reads them.
        /// </summary>
        public bool IsClassified(ISymbol member, bool secrets)
        {
            var annotation = secrets ? analysis.Annotations.HandlesSecrets : analysis.Annotations.HandlesPii;
            if (HasOnMemberOrParameter(member, annotation))
            {
                return true;
            }

            return secrets
                ? Bodies.IsFrameworkSecret(member)
                : member.Has(analysis.Flow.PersonalData) || member.Has(analysis.Flow.DataClassificationAttribute);
        }

        private bool IsClassifiedType(INamedTypeSymbol type, bool secrets)
        {
            var annotation = secrets ? analysis.Annotations.HandlesSecrets : analysis.Annotations.HandlesPii;
            return annotation is not null && type.SelfAndBaseTypes().Any(t => t.Has(annotation));
        }

        /// <summary>The attribute on the member, or on the record's positional parameter that declares the property.</summary>
        public static bool HasOnMemberOrParameter(ISymbol member, INamedTypeSymbol? annotation)
            => annotation is not null && (member.Has(annotation) || (PositionalParameterOf(member) is { } parameter && parameter.Has(annotation)));

        /// <summary>For a property a record declares from a positional parameter: that parameter of the primary constructor.</summary>
        public static IParameterSymbol? PositionalParameterOf(ISymbol member)
        {
            if (member is not IPropertySymbol property || property.DeclaringSyntaxReferences.Length != 1
                || property.DeclaringSyntaxReferences[0].GetSyntax() is not ParameterSyntax syntax)
            {
                return null;
            }

            foreach (var constructor in property.ContainingType.InstanceConstructors)
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (parameter.Name == property.Name && parameter.DeclaringSyntaxReferences.Length == 1
                        && parameter.DeclaringSyntaxReferences[0].Span == syntax.Span && parameter.DeclaringSyntaxReferences[0].SyntaxTree == syntax.SyntaxTree)
                    {
                        return parameter;
                    }
                }
            }

            return null;
        }

        /// <summary>Whether a parameter takes any object (<c>object</c>, or a type parameter): an anonymous object fits.</summary>
        private static bool TakesAnyObject(IParameterSymbol parameter)
        {
            var original = parameter.OriginalDefinition.Type;
            return original.SpecialType == SpecialType.System_Object || original.TypeKind == TypeKind.TypeParameter;
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

        private static IOperation Unwrap(IOperation value)
        {
            while (true)
            {
                switch (value)
                {
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        value = parenthesized.Operand;
                        continue;
                    default:
                        return value;
                }
            }
        }

        private static string Display(INamedTypeSymbol? type, string member) => type is null ? member : type.Name + "." + member;
    }
}
