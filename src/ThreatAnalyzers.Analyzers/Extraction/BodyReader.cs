using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Reads one body (a method's, or a minimal-API handler lambda's) from its syntax: locals from their declaration syntax
    /// (an explicit type bound as a type, <c>var</c> through the syntax of its initializer), the owner's parameters,
    /// members of the containing type and its bases and of a receiver's type by lookup, and methods by name and argument
    /// count (every overload that fits). Where the analysis pass binds the body anyway (<c>sharesBinding</c>), a name that
    /// stands for a field, property, event, constructor parameter, type or namespace is what the compiler bound it
    /// to: the lookup's answer, or a more exact one where the lookup could not tell (a type named like a member of the
    /// code's type, "Color Color"; a type name with several arities). So is a call: the one overload the compiler chose
    /// among those the lookup offers, with the type arguments it inferred (<c>ids.Select(c =&gt; c.Id)</c> gives numbers,
    /// not the customers a guess at <c>TResult</c> gave; <c>Accepted(uri)</c> is the overload that takes a location, not a
    /// body).
    /// </summary>
    /// <remarks>
    /// Every lookup and speculative type binding happens at <see cref="Position"/>, a position outside any lambda: asked
    /// about a position inside a lambda, the semantic model binds the whole statement around it. A bound name inside a
    /// lambda costs nothing more: the analysis pass has bound the whole body.
    /// </remarks>
    internal sealed class BodyReader
    {
        private const int MaxDepth = 12;

        private readonly IMethodSymbol? owner;
        private readonly SyntaxNode root;
        private readonly LookupCache? shared;
        private readonly bool sharesBinding;
        private readonly CancellationToken cancellationToken;
        private readonly Dictionary<string, ITypeSymbol?> boundTypes = new(StringComparer.Ordinal);
        private readonly Dictionary<string, ImmutableArray<ISymbol>> lookups = new(StringComparer.Ordinal);
        private readonly Dictionary<(ITypeSymbol Type, string Name, bool Extensions), ImmutableArray<ISymbol>> memberLookups = new(TypeAndNameComparer.Instance);
        private Dictionary<string, List<Declaration>>? declarations;
        private int depth;

        /// <param name="model">The semantic model of the body's tree.</param>
        /// <param name="owner">The method or lambda whose parameters are in scope, when known.</param>
        /// <param name="containingType">The type whose members are in scope (<c>this</c>).</param>
        /// <param name="root">The body: a block, an arrow expression clause, or a lambda's body.</param>
        /// <param name="position">A position in the same scope as the body and outside any lambda, for lookups.</param>
        /// <param name="cancellationToken">Cancellation.</param>
        /// <param name="shared">Lookups shared with the other bodies of the compilation.</param>
        /// <param name="sharesBinding">
        /// The model is the one the analysis pass shares among analyzers and the rules bind the body on it anyway: asking it
        /// what a name in the body means costs no binding of its own. False for a model made for this read, generated code
        /// (the rules skip it) and a compilation where no rule walks the bodies.
        /// </param>
        public BodyReader(SemanticModel model, IMethodSymbol? owner, INamedTypeSymbol? containingType, SyntaxNode root, int position, CancellationToken cancellationToken, LookupCache? shared = null, bool sharesBinding = false)
        {
            Model = model;
            this.owner = owner;
            this.shared = shared;
            this.sharesBinding = sharesBinding;
            ContainingType = containingType;
            this.root = root;
            Position = position;
            this.cancellationToken = cancellationToken;
        }

        public SemanticModel Model { get; }

        public Compilation Compilation => Model.Compilation;

        public INamedTypeSymbol? ContainingType { get; }

        public int Position { get; }

        /// <summary>What a name or member access stands for.</summary>
        internal enum ResolvedKind
        {
            None,

            /// <summary>A value of <see cref="Resolved.Type"/> (local, parameter, field, property).</summary>
            Value,

            /// <summary>A type used as a receiver of static members.</summary>
            Type,

            Namespace,

            /// <summary>A method group: <see cref="Resolved.Methods"/>.</summary>
            Methods,

            /// <summary>A local function: its body is part of the body being read.</summary>
            LocalFunction,
        }

        internal readonly struct Resolved
        {
            public Resolved(ResolvedKind kind, ITypeSymbol? type = null, ISymbol? symbol = null, ImmutableArray<IMethodSymbol> methods = default)
            {
                Kind = kind;
                Type = type;
                Symbol = symbol;
                this.methods = methods;
            }

            private readonly ImmutableArray<IMethodSymbol> methods;

            public ResolvedKind Kind { get; }

            public ITypeSymbol? Type { get; }

            /// <summary>The declared field, property, parameter or namespace, for its annotations.</summary>
            public ISymbol? Symbol { get; }

            public ImmutableArray<IMethodSymbol> Methods => methods.IsDefault ? ImmutableArray<IMethodSymbol>.Empty : methods;

            public static Resolved None => default;
        }

        /// <summary>The methods a call may reach, and its receiver.</summary>
        internal readonly struct CallTargets
        {
            private readonly ImmutableArray<IMethodSymbol> methods;

            public CallTargets(ImmutableArray<IMethodSymbol> methods, ExpressionSyntax? receiver, ITypeSymbol? receiverType)
            {
                this.methods = methods;
                Receiver = receiver;
                ReceiverType = receiverType;
            }

            /// <summary>Empty for an unresolved call (also in the default value).</summary>
            public ImmutableArray<IMethodSymbol> Methods => methods.IsDefault ? ImmutableArray<IMethodSymbol>.Empty : methods;

            public ExpressionSyntax? Receiver { get; }

            public ITypeSymbol? ReceiverType { get; }
        }

        /// <summary>The declared type of an expression, as far as declarations tell it; null when they do not.</summary>
        public ITypeSymbol? TypeOf(ExpressionSyntax expression)
        {
            if (depth > MaxDepth)
            {
                return null;
            }

            depth++;
            try
            {
                return TypeOfCore(expression);
            }
            finally
            {
                depth--;
            }
        }

        /// <summary>What a name, member access or other expression stands for.</summary>
        public Resolved Resolve(ExpressionSyntax expression)
        {
            if (depth > MaxDepth)
            {
                return Resolved.None;
            }

            depth++;
            try
            {
                return ResolveCore(expression);
            }
            finally
            {
                depth--;
            }
        }

        /// <summary>The methods an invocation may call: the one the compiler bound (see <see cref="BoundCall"/>), else by name and argument count, every overload that fits.</summary>
        public CallTargets TargetsOf(InvocationExpressionSyntax invocation)
        {
            var arguments = invocation.ArgumentList.Arguments.Count;
            switch (invocation.Expression)
            {
                case SimpleNameSyntax name:
                {
                    // A method of the code's own type the compiler bound the name to is what the lookup would find (a
                    // local, parameter or local function of that name would have been bound instead): not looked up.
                    if (BoundCall(invocation, null, ResolvedKind.Value, ContainingType) is { } bound)
                    {
                        return new CallTargets(ImmutableArray.Create(bound), null, ContainingType);
                    }

                    var resolved = Resolve(name);
                    return resolved.Kind == ResolvedKind.Methods
                        ? new CallTargets(Fit(resolved.Methods, arguments, name), null, ContainingType)
                        : default;
                }

                case MemberAccessExpressionSyntax { Name: { } name } access:
                    return MemberCall(access.Expression, Resolve(access.Expression), name, arguments, invocation);
                case MemberBindingExpressionSyntax { Name: { } name } binding when ConditionalReceiverOf(binding) is { } receiver:
                    return MemberCall(receiver, Resolve(receiver), name, arguments, invocation);
                default:
                    return default;
            }
        }

        /// <summary>The constructors a creation may call.</summary>
        public ImmutableArray<IMethodSymbol> ConstructorsOf(BaseObjectCreationExpressionSyntax creation)
        {
            var type = creation switch
            {
                ObjectCreationExpressionSyntax explicitType => BindType(explicitType.Type),
                ImplicitObjectCreationExpressionSyntax implicitType => TargetTypeOf(implicitType),
                _ => null,
            };

            if (type is not INamedTypeSymbol named)
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            return Fit(named.InstanceConstructors, creation.ArgumentList?.Arguments.Count ?? 0, null);
        }

        /// <summary>The methods a method group stands for (<c>items.Select(Map)</c>), or empty when the expression is a value.</summary>
        public ImmutableArray<IMethodSymbol> MethodGroup(ExpressionSyntax expression)
        {
            if (expression is not (SimpleNameSyntax or MemberAccessExpressionSyntax))
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            // Asked of every argument written as a name (customer.Email, id): where the body is bound anyway, one the compiler
            // bound to something other than a method is no method group, and its name is not looked up on the receiver's type
            // (which also offered an extension method named like a property: bag.Count, with a Count(this Bag) in scope).
            if (sharesBinding && expression.SyntaxTree == Model.SyntaxTree
                && Model.GetSymbolInfo(expression, cancellationToken).Symbol is not (null or IMethodSymbol))
            {
                return ImmutableArray<IMethodSymbol>.Empty;
            }

            if (expression is MemberAccessExpressionSyntax access)
            {
                var receiver = Resolve(access.Expression);
                return MemberCall(access.Expression, receiver, access.Name, arguments: -1).Methods;
            }

            var resolved = Resolve(expression);
            return resolved.Kind == ResolvedKind.Methods ? resolved.Methods : ImmutableArray<IMethodSymbol>.Empty;
        }

        /// <summary>The value a task or other awaitable gives when awaited.</summary>
        public static ITypeSymbol? Awaited(ITypeSymbol? type)
        {
            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            if (named.Name is "Task" or "ValueTask" or "ConfiguredTaskAwaitable" or "ConfiguredValueTaskAwaitable"
                && (NamespaceNames.Is(named.ContainingNamespace, "System.Threading.Tasks") || NamespaceNames.Is(named.ContainingNamespace, "System.Runtime.CompilerServices")))
            {
                return named.TypeArguments.Length == 1 ? named.TypeArguments[0] : null;
            }

            // Any other awaitable: what its awaiter's GetResult returns.
            foreach (var getAwaiter in named.GetMembers("GetAwaiter"))
            {
                if (getAwaiter is IMethodSymbol { Parameters.Length: 0, ReturnType: INamedTypeSymbol awaiter })
                {
                    foreach (var getResult in awaiter.GetMembers("GetResult"))
                    {
                        if (getResult is IMethodSymbol { Parameters.Length: 0 } result)
                        {
                            return result.ReturnsVoid ? null : result.ReturnType;
                        }
                    }
                }
            }

            return null;
        }

        /// <summary>The elements of a collection (foreach, await foreach).</summary>
        public static ITypeSymbol? ElementOf(ITypeSymbol? type)
        {
            if (type is IArrayTypeSymbol array)
            {
                return array.ElementType;
            }

            if (type is not INamedTypeSymbol named)
            {
                return null;
            }

            foreach (var candidate in Prepend(named, named.AllInterfaces))
            {
                if (candidate is { Name: "IEnumerable" or "IAsyncEnumerable", TypeArguments.Length: 1 })
                {
                    return candidate.TypeArguments[0];
                }
            }

            return null;
        }

        /// <summary>A string the code gives as a constant: a literal, a const field or local, or a concatenation of those.</summary>
        public string? ConstantString(ExpressionSyntax expression)
        {
            switch (expression)
            {
                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression):
                    return literal.Token.ValueText;
                case InterpolatedStringExpressionSyntax interpolated:
                {
                    var text = new System.Text.StringBuilder();
                    foreach (var content in interpolated.Contents)
                    {
                        if (content is not InterpolatedStringTextSyntax part)
                        {
                            return null;
                        }

                        text.Append(part.TextToken.ValueText);
                    }

                    return text.ToString();
                }

                case ParenthesizedExpressionSyntax parenthesized:
                    return ConstantString(parenthesized.Expression);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AddExpression):
                    return ConstantString(binary.Left) is { } left && ConstantString(binary.Right) is { } right ? left + right : null;
                case SimpleNameSyntax name when Declared(name.Identifier.ValueText, name) is { } local:
                    return local.IsConstant && local.Value is { } value ? ConstantString(value) : null;
                case SimpleNameSyntax or MemberAccessExpressionSyntax:
                    return Resolve(expression).Symbol is IFieldSymbol { HasConstantValue: true, ConstantValue: string constant } ? constant : null;
                default:
                    return null;
            }
        }

        /// <summary>
        /// The classes of data a value carries, from declarations: its declared type, the annotations of the field,
        /// property or parameter it reads, what the method it calls declares about its result; the parts of
        /// interpolated strings, concatenations and anonymous objects.
        /// </summary>
        public void AddClassesOf(ExpressionSyntax value, DataClassification classification, ISet<string> into)
        {
            if (depth > MaxDepth)
            {
                return;
            }

            depth++;
            try
            {
                AddClassesOfCore(value, classification, into);
            }
            finally
            {
                depth--;
            }
        }

        /// <summary>The expressions a body returns (its expression, or its return statements), not those of lambdas or local functions inside it.</summary>
        public static IEnumerable<ExpressionSyntax> ReturnedExpressions(SyntaxNode body)
        {
            if (body is ArrowExpressionClauseSyntax arrow)
            {
                yield return arrow.Expression;
                yield break;
            }

            if (body is ExpressionSyntax expression)
            {
                yield return expression;
                yield break;
            }

            foreach (var node in body.DescendantNodes(n => n == body || n is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            {
                if (node is ReturnStatementSyntax { Expression: { } returned })
                {
                    yield return returned;
                }
            }
        }

        /// <summary>The receiver of <c>?.M()</c> or <c>?.P</c>: the expression left of the enclosing <c>?</c>.</summary>
        public static ExpressionSyntax? ConditionalReceiverOf(MemberBindingExpressionSyntax binding)
        {
            for (SyntaxNode? node = binding; node is not null; node = node.Parent)
            {
                if (node.Parent is ConditionalAccessExpressionSyntax conditional && conditional.WhenNotNull == node)
                {
                    return conditional.Expression;
                }
            }

            return null;
        }

        /// <summary>Binds a piece of type syntax on its own, as a type (never the body around it).</summary>
        public ITypeSymbol? BindType(TypeSyntax type)
        {
            if (type.IsVar)
            {
                return null;
            }

            var text = type.ToString();
            if (!boundTypes.TryGetValue(text, out var bound))
            {
                ITypeSymbol? Bind()
                    => Model.GetSpeculativeTypeInfo(Position, type, SpeculativeBindingOption.BindAsTypeOrNamespace).Type is { } found and not IErrorTypeSymbol ? found : null;
                bound = shared is null ? Bind() : shared.BindType(Model.SyntaxTree, ContainingType, text, Bind);
                boundTypes[text] = bound;
            }

            return bound;
        }

        private ITypeSymbol? TypeOfCore(ExpressionSyntax expression)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return TypeOf(parenthesized.Expression);
                case CastExpressionSyntax cast:
                    return BindType(cast.Type);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.AsExpression) && binary.Right is TypeSyntax asType:
                    return BindType(asType);
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression):
                    return WithoutNullable(TypeOf(binary.Left)) ?? TypeOf(binary.Right);
                case AwaitExpressionSyntax awaited:
                    return Awaited(TypeOf(awaited.Expression));
                case ThisExpressionSyntax:
                    return ContainingType;
                case BaseExpressionSyntax:
                    return ContainingType?.BaseType;
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    return TypeOf(suppressed.Operand);
                case ConditionalExpressionSyntax conditional:
                    return TypeOf(conditional.WhenTrue) ?? TypeOf(conditional.WhenFalse);
                case ObjectCreationExpressionSyntax creation:
                    return BindType(creation.Type);
                case ImplicitObjectCreationExpressionSyntax implicitCreation:
                    return TargetTypeOf(implicitCreation);
                case ArrayCreationExpressionSyntax array:
                    return BindType(array.Type);
                case ImplicitArrayCreationExpressionSyntax { Initializer.Expressions: { Count: > 0 } elements }:
                    return TypeOf(elements[0]) is { } element ? Compilation.CreateArrayTypeSymbol(element) : null;
                case LiteralExpressionSyntax literal:
                    return literal.Kind() switch
                    {
                        SyntaxKind.StringLiteralExpression => Compilation.GetSpecialType(SpecialType.System_String),
                        SyntaxKind.NumericLiteralExpression when literal.Token.Value is int => Compilation.GetSpecialType(SpecialType.System_Int32),
                        SyntaxKind.TrueLiteralExpression or SyntaxKind.FalseLiteralExpression => Compilation.GetSpecialType(SpecialType.System_Boolean),
                        _ => null,
                    };
                case InterpolatedStringExpressionSyntax:
                    return Compilation.GetSpecialType(SpecialType.System_String);
                case InvocationExpressionSyntax invocation:
                {
                    var targets = TargetsOf(invocation);
                    return targets.Methods.Length > 0 && !targets.Methods[0].ReturnsVoid ? targets.Methods[0].ReturnType : null;
                }

                case ElementAccessExpressionSyntax elementAccess:
                    return TypeOf(elementAccess.Expression) switch
                    {
                        IArrayTypeSymbol array => array.ElementType,
                        INamedTypeSymbol indexed => IndexerOf(indexed),
                        _ => null,
                    };
                case AssignmentExpressionSyntax assignment:
                    return TypeOf(assignment.Left);
                case SwitchExpressionSyntax switchExpression:
                    foreach (var arm in switchExpression.Arms)
                    {
                        if (TypeOf(arm.Expression) is { } armType)
                        {
                            return armType;
                        }
                    }

                    return null;
                case DefaultExpressionSyntax defaultExpression:
                    return BindType(defaultExpression.Type);
                case CheckedExpressionSyntax checkedExpression:
                    return TypeOf(checkedExpression.Expression);
                case ConditionalAccessExpressionSyntax conditionalAccess:
                    return TypeOf(conditionalAccess.WhenNotNull);
                default:
                {
                    var resolved = Resolve(expression);
                    return resolved.Kind == ResolvedKind.Value ? resolved.Type : null;
                }
            }
        }

        private Resolved ResolveCore(ExpressionSyntax expression)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Resolve(parenthesized.Expression);
                case ThisExpressionSyntax or BaseExpressionSyntax:
                    return new Resolved(ResolvedKind.Value, TypeOf(expression));
                case PredefinedTypeSyntax predefined:
                    return BindType(predefined) is { } predefinedType ? new Resolved(ResolvedKind.Type, predefinedType, predefinedType) : Resolved.None;
                case AliasQualifiedNameSyntax or QualifiedNameSyntax:
                    return BindType((TypeSyntax)expression) is { } qualified ? new Resolved(ResolvedKind.Type, qualified, qualified) : Resolved.None;
                case SimpleNameSyntax name:
                    return ResolveName(name);
                case MemberAccessExpressionSyntax access:
                    return Member(Resolve(access.Expression), access.Name);
                case MemberBindingExpressionSyntax binding when ConditionalReceiverOf(binding) is { } receiver:
                    return Member(Resolve(receiver), binding.Name);
                default:
                    return TypeOf(expression) is { } type ? new Resolved(ResolvedKind.Value, type) : Resolved.None;
            }
        }

        private Resolved ResolveName(SimpleNameSyntax name)
        {
            var identifier = name.Identifier.ValueText;

            // Locals and parameters of lambdas and local functions: from their declarations in the body.
            if (Declared(identifier, name) is { } local)
            {
                if (local.Kind == DeclarationKind.LocalFunction)
                {
                    return new Resolved(ResolvedKind.LocalFunction);
                }

                return new Resolved(ResolvedKind.Value, TypeOfDeclared(local));
            }

            // The owner's parameters (a lambda handler's are bound with its route mapping, a method's are declared).
            if (owner is not null)
            {
                foreach (var parameter in owner.Parameters)
                {
                    if (parameter.Name == identifier)
                    {
                        return new Resolved(ResolvedKind.Value, parameter.Type, parameter);
                    }
                }
            }

            // Members of the containing type and its bases, primary constructor parameters, static usings, types, namespaces.
            if (Bound(name, receiverType: null) is { } bound)
            {
                return bound;
            }

            return FromSymbols(Lookup(identifier), name);
        }

        /// <summary>
        /// What the compiler bound a name to: a field, property, event, constructor parameter, type or namespace that
        /// a lookup at <see cref="Position"/> also sees (a member of the code's own type or one around it; for a member
        /// access, a member of the receiver's type, when the compiler gave the receiver the type this reader did). Null
        /// otherwise (a method group, a local, another parameter, nothing bound; or the body is not bound anyway): the caller
        /// looks it up.
        /// </summary>
        private Resolved? Bound(SimpleNameSyntax name, ITypeSymbol? receiverType)
        {
            if (!sharesBinding || name.SyntaxTree != Model.SyntaxTree || name.IsVar || SyntaxFacts.IsInTypeOnlyContext(name)
                || (name.Parent is InvocationExpressionSyntax call && call.Expression == name))
            {
                return null;
            }

            // The reader's type of a receiver can differ from the compiler's (the first branch of ?:, the left of ??): the
            // member is then the one the reader's type has, looked up.
            if (receiverType is not null
                && (ReceiverOf(name) is not { } receiver || !SymbolEqualityComparer.Default.Equals(Model.GetTypeInfo(receiver, cancellationToken).Type, receiverType)))
            {
                return null;
            }

            var symbol = Model.GetSymbolInfo(name, cancellationToken).Symbol;
            switch (symbol)
            {
                case INamedTypeSymbol { TypeKind: not TypeKind.Error } when receiverType is null || IsMemberOf(symbol, receiverType):
                    break;
                case IFieldSymbol or IPropertySymbol { IsIndexer: false } or IEventSymbol:
                    // A simple name is what a lookup finds only as a member of the code's own type or one around it (the
                    // name left of `=` in an object initializer is bound to the created type's member: looked up instead).
                    if (receiverType is not null ? !IsMemberOf(symbol, receiverType) : !IsMemberOfEnclosing(symbol))
                    {
                        return null;
                    }

                    break;
                case INamespaceSymbol when receiverType is null:
                    break;
                case IParameterSymbol { ContainingSymbol: IMethodSymbol { MethodKind: MethodKind.Constructor } constructor } when receiverType is null && IsMemberOfEnclosing(constructor):
                    // A constructor's parameter in scope: a primary constructor's, which the type's members capture (class
                    // CustomerService(AppDb db)), or, for a handler lambda mapped in a constructor, that constructor's own.
                    // The lookup finds the same parameter. The owner's own parameters were read before asking.
                    break;
                default:
                    return null;
            }

            NamesReadFromBinding++;
            return symbol switch
            {
                IFieldSymbol field => new Resolved(ResolvedKind.Value, field.Type, field),
                IPropertySymbol property => new Resolved(ResolvedKind.Value, property.Type, property),
                IEventSymbol @event => new Resolved(ResolvedKind.Value, @event.Type, @event),
                IParameterSymbol parameter => new Resolved(ResolvedKind.Value, parameter.Type, parameter),
                INamedTypeSymbol type => new Resolved(ResolvedKind.Type, type, type.ConstructedFrom),
                _ => new Resolved(ResolvedKind.Namespace, null, symbol),
            };
        }

        /// <summary>
        /// The method the compiler bound a call to, where the lookup by name and argument count offers it too: a method of
        /// the receiver's type (the compiler typed the receiver as this reader did), static when called on a type, an
        /// extension method in scope called on a value, or, for a call by a simple name, a method of the code's own type
        /// or one around it. Null otherwise (nothing bound, a delegate, a local function; or the body is not bound anyway):
        /// the caller offers every overload that fits. The compiler's choice is the one overload that runs, with its type
        /// arguments inferred.
        /// </summary>
        private IMethodSymbol? BoundCall(InvocationExpressionSyntax invocation, ExpressionSyntax? receiverSyntax, ResolvedKind receiverKind, ITypeSymbol? receiverType)
        {
            if (!sharesBinding || invocation.SyntaxTree != Model.SyntaxTree
                || (receiverSyntax is not null && receiverKind == ResolvedKind.Value
                    && !SymbolEqualityComparer.Default.Equals(Model.GetTypeInfo(receiverSyntax, cancellationToken).Type, receiverType)))
            {
                return null;
            }

            if (Model.GetSymbolInfo(invocation, cancellationToken).Symbol is not IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.ReducedExtension } method)
            {
                return null;
            }

            var declaredOnType = method.ReducedFrom is null;
            var fits = receiverSyntax is null || receiverType is null
                ? receiverSyntax is null && declaredOnType && IsMemberOfEnclosing(method)
                : receiverKind == ResolvedKind.Type
                    ? method.IsStatic && declaredOnType && IsMemberOf(method, receiverType)
                    : !declaredOnType || (!method.IsStatic && IsMemberOf(method, receiverType));
            if (!fits)
            {
                return null;
            }

            CallsReadFromBinding++;
            return method;
        }

        /// <summary>For tests: how many calls were read from what the compiler bound.</summary>
        internal int CallsReadFromBinding { get; private set; }

        /// <summary>For tests: how many names were read from what the compiler bound.</summary>
        internal int NamesReadFromBinding { get; private set; }

        private static ExpressionSyntax? ReceiverOf(SimpleNameSyntax name)
            => name.Parent switch
            {
                MemberAccessExpressionSyntax access when access.Name == name => access.Expression,
                MemberBindingExpressionSyntax binding when binding.Name == name => ConditionalReceiverOf(binding),
                _ => null,
            };

        private bool IsMemberOfEnclosing(ISymbol member)
        {
            for (var type = ContainingType; type is not null; type = type.ContainingType)
            {
                if (IsMemberOf(member, type))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>A member the receiver's type declares or inherits (from a base type or an interface).</summary>
        private static bool IsMemberOf(ISymbol member, ITypeSymbol receiverType)
        {
            var declaring = member.ContainingType;
            for (var type = receiverType; type is not null; type = type.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(type, declaring))
                {
                    return true;
                }
            }

            foreach (var implemented in receiverType.AllInterfaces)
            {
                if (SymbolEqualityComparer.Default.Equals(implemented, declaring))
                {
                    return true;
                }
            }

            return false;
        }

        private Resolved Member(Resolved receiver, SimpleNameSyntax name)
        {
            switch (receiver.Kind)
            {
                case ResolvedKind.Namespace when receiver.Symbol is INamespaceSymbol ns:
                    return FromSymbols(Model.LookupSymbols(Position, ns, name.Identifier.ValueText), name);
                case ResolvedKind.Type when receiver.Type is { } staticType:
                    return Bound(name, staticType) ?? FromSymbols(LookupMembers(staticType, name.Identifier.ValueText, extensions: false), name);
                case ResolvedKind.Value when receiver.Type is { } instanceType:
                    return Bound(name, instanceType) ?? FromSymbols(LookupMembers(instanceType, name.Identifier.ValueText, extensions: false), name);
                default:
                    return Resolved.None;
            }
        }

        private CallTargets MemberCall(ExpressionSyntax receiverSyntax, Resolved receiver, SimpleNameSyntax name, int arguments, InvocationExpressionSyntax? invocation = null)
        {
            var (type, extensions) = receiver.Kind switch
            {
                ResolvedKind.Value => (receiver.Type, true),
                ResolvedKind.Type => (receiver.Type, false),
                _ => (null, false),
            };

            if (type is null)
            {
                return default;
            }

            if (invocation is not null && BoundCall(invocation, receiverSyntax, receiver.Kind, type) is { } bound)
            {
                return new CallTargets(ImmutableArray.Create(bound), receiverSyntax, receiver.Kind == ResolvedKind.Value ? type : null);
            }

            var methods = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var symbol in LookupMembers(type, name.Identifier.ValueText, extensions))
            {
                if (symbol is IMethodSymbol method && (receiver.Kind == ResolvedKind.Type) == (method.IsStatic && method.ReducedFrom is null))
                {
                    methods.Add(method);
                }
            }

            var fitting = arguments < 0 ? methods.ToImmutable() : Fit(methods.ToImmutable(), arguments, name);
            return new CallTargets(fitting, receiverSyntax, receiver.Kind == ResolvedKind.Value ? type : null);
        }

        private Resolved FromSymbols(ImmutableArray<ISymbol> symbols, SimpleNameSyntax name)
        {
            if (symbols.IsDefaultOrEmpty)
            {
                return Resolved.None;
            }

            var methods = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var symbol in symbols)
            {
                switch (symbol)
                {
                    case IMethodSymbol method:
                        methods.Add(method);
                        break;
                    case IFieldSymbol field when methods.Count == 0:
                        return new Resolved(ResolvedKind.Value, field.Type, field);
                    case IPropertySymbol property when methods.Count == 0 && !property.IsIndexer:
                        return new Resolved(ResolvedKind.Value, property.Type, property);
                    case IParameterSymbol parameter when methods.Count == 0:
                        return new Resolved(ResolvedKind.Value, parameter.Type, parameter);
                    case ILocalSymbol when methods.Count == 0:
                        // A local of an enclosing body (top-level statements around a handler): its type would need binding.
                        return Resolved.None;
                    case IEventSymbol @event when methods.Count == 0:
                        return new Resolved(ResolvedKind.Value, @event.Type, @event);
                    case INamedTypeSymbol type when methods.Count == 0:
                        return new Resolved(ResolvedKind.Type, Constructed(type, name), type);
                    case INamespaceSymbol ns when methods.Count == 0:
                        return new Resolved(ResolvedKind.Namespace, null, ns);
                    case IAliasSymbol { Target: INamespaceOrTypeSymbol target } when methods.Count == 0:
                        return target is INamespaceSymbol aliased
                            ? new Resolved(ResolvedKind.Namespace, null, aliased)
                            : new Resolved(ResolvedKind.Type, (ITypeSymbol)target, target);
                }
            }

            return methods.Count > 0 ? new Resolved(ResolvedKind.Methods, methods: methods.ToImmutable()) : Resolved.None;
        }

        /// <summary>A generic type name with its type arguments bound (<c>List&lt;Customer&gt;.Empty</c>).</summary>
        private ITypeSymbol Constructed(INamedTypeSymbol type, SimpleNameSyntax name)
        {
            if (name is GenericNameSyntax generic && type.Arity == generic.TypeArgumentList.Arguments.Count && TypeArguments(generic) is { } arguments)
            {
                return type.Construct(arguments);
            }

            return type;
        }

        /// <summary>Overloads that take this many arguments (optional parameters and params arrays allowed), constructed when type arguments are given.</summary>
        private ImmutableArray<IMethodSymbol> Fit(ImmutableArray<IMethodSymbol> methods, int arguments, SimpleNameSyntax? name)
        {
            var generic = name as GenericNameSyntax;
            var typeArguments = generic is null ? null : TypeArguments(generic);
            var fitting = ImmutableArray.CreateBuilder<IMethodSymbol>();
            foreach (var candidate in methods)
            {
                var method = candidate;
                if (generic is not null)
                {
                    if (method.Arity != generic.TypeArgumentList.Arguments.Count)
                    {
                        continue;
                    }

                    if (typeArguments is not null && method.TypeParameters.Length == typeArguments.Length && ConstructOrNull(method, typeArguments) is { } constructed)
                    {
                        method = constructed;
                    }
                }

                var required = 0;
                var takesAny = false;
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.IsParams)
                    {
                        takesAny = true;
                    }
                    else if (!parameter.IsOptional)
                    {
                        required++;
                    }
                }

                if (arguments >= required && (takesAny || arguments <= method.Parameters.Length))
                {
                    fitting.Add(method);
                }
            }

            // The likely winner first (its return type is the call's type): C# prefers instance methods, then the extension
            // on the most derived receiver (Queryable.Where over Enumerable.Where on a DbSet).
            return fitting.Count < 2 ? fitting.ToImmutable() : fitting.OrderBy(m => m.ReducedFrom is null ? 0 : 1).ThenByDescending(Specificity).ToImmutableArray();
        }

        /// <summary>
        /// The method with these type arguments (<c>connection.Query&lt;Customer&gt;(…)</c> returns customers), or null where
        /// Roslyn cannot construct it without binding the call: a reduced extension method whose type parameters also
        /// depend on the receiver (<c>group.AddEndpointFilter&lt;F&gt;()</c>, <c>xs.Select&lt;int, int&gt;(…)</c>) throws. The
        /// unconstructed overload still says what the call may be.
        /// </summary>
        private static IMethodSymbol? ConstructOrNull(IMethodSymbol method, ITypeSymbol[] typeArguments)
        {
            try
            {
                return method.Construct(typeArguments);
            }
            catch (System.ArgumentException)
            {
                return null;
            }
            catch (System.InvalidOperationException)
            {
                return null;
            }
        }

        private static int Specificity(IMethodSymbol method)
        {
            if (method.ReducedFrom is not { Parameters: { Length: > 0 } parameters })
            {
                return 0;
            }

            var receiver = parameters[0].Type;
            var depth = 0;
            for (var type = receiver.BaseType; type is not null; type = type.BaseType)
            {
                depth++;
            }

            return depth + receiver.AllInterfaces.Length;
        }

        private ITypeSymbol[]? TypeArguments(GenericNameSyntax generic)
        {
            var arguments = new ITypeSymbol[generic.TypeArgumentList.Arguments.Count];
            for (var i = 0; i < arguments.Length; i++)
            {
                if (generic.TypeArgumentList.Arguments[i] is OmittedTypeArgumentSyntax || BindType(generic.TypeArgumentList.Arguments[i]) is not { } bound)
                {
                    return null;
                }

                arguments[i] = bound;
            }

            return arguments;
        }

        private ImmutableArray<ISymbol> Lookup(string name)
        {
            if (!lookups.TryGetValue(name, out var found))
            {
                found = shared is null
                    ? Model.LookupSymbols(Position, name: name)
                    : shared.Lookup(Model.SyntaxTree, ContainingType, null, name, false, () => Model.LookupSymbols(Position, name: name));
                lookups[name] = found;
            }

            return found;
        }

        private ImmutableArray<ISymbol> LookupMembers(ITypeSymbol type, string name, bool extensions)
        {
            if (type is IErrorTypeSymbol)
            {
                return ImmutableArray<ISymbol>.Empty;
            }

            var key = (type, name, extensions);
            if (!memberLookups.TryGetValue(key, out var found))
            {
                found = shared is null
                    ? Model.LookupSymbols(Position, type, name, includeReducedExtensionMethods: extensions)
                    : shared.Lookup(Model.SyntaxTree, ContainingType, type, name, extensions, () => Model.LookupSymbols(Position, type, name, includeReducedExtensionMethods: extensions));
                memberLookups[key] = found;
            }

            return found;
        }

        private static ITypeSymbol? IndexerOf(INamedTypeSymbol type)
        {
            foreach (var candidate in Prepend(type, type.AllInterfaces))
            {
                for (var current = candidate; current is not null; current = current.BaseType)
                {
                    foreach (var member in current.GetMembers("this[]"))
                    {
                        if (member is IPropertySymbol indexer)
                        {
                            return indexer.Type;
                        }
                    }
                }
            }

            return null;
        }

        private static ITypeSymbol? WithoutNullable(ITypeSymbol? type)
            => type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T, TypeArguments: { Length: 1 } arguments } ? arguments[0] : type;

        private static IEnumerable<INamedTypeSymbol> Prepend(INamedTypeSymbol first, ImmutableArray<INamedTypeSymbol> rest)
        {
            yield return first;
            foreach (var item in rest)
            {
                yield return item;
            }
        }

        /// <summary><c>Customer c = new(...)</c>: the type the declaration or assignment gives.</summary>
        private ITypeSymbol? TargetTypeOf(ImplicitObjectCreationExpressionSyntax creation)
            => creation.Parent switch
            {
                EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } } => BindType(declaration.Type),
                AssignmentExpressionSyntax assignment when assignment.Right == creation => TypeOf(assignment.Left),
                _ => null,
            };

        private void AddClassesOfCore(ExpressionSyntax value, DataClassification classification, ISet<string> into)
        {
            switch (value)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    AddClassesOf(parenthesized.Expression, classification, into);
                    return;
                case AwaitExpressionSyntax awaited:
                    AddClassesOf(awaited.Expression, classification, into);
                    return;
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    AddClassesOf(suppressed.Operand, classification, into);
                    return;
                case ConditionalExpressionSyntax conditional:
                    AddClassesOf(conditional.WhenTrue, classification, into);
                    AddClassesOf(conditional.WhenFalse, classification, into);
                    return;
                case BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.CoalesceExpression) || binary.IsKind(SyntaxKind.AddExpression):
                    AddClassesOf(binary.Left, classification, into);
                    AddClassesOf(binary.Right, classification, into);
                    return;
                case InterpolatedStringExpressionSyntax interpolated:
                    foreach (var content in interpolated.Contents)
                    {
                        if (content is InterpolationSyntax hole)
                        {
                            AddClassesOf(hole.Expression, classification, into);
                        }
                    }

                    return;
                case AnonymousObjectCreationExpressionSyntax anonymous:
                    foreach (var initializer in anonymous.Initializers)
                    {
                        AddClassesOf(initializer.Expression, classification, into);
                    }

                    return;
                case ImplicitArrayCreationExpressionSyntax { Initializer: { } elements }:
                    foreach (var element in elements.Expressions)
                    {
                        AddClassesOf(element, classification, into);
                    }

                    return;
                case AnonymousFunctionExpressionSyntax or LiteralExpressionSyntax:
                    return;
                case InvocationExpressionSyntax invocation:
                    foreach (var method in TargetsOf(invocation).Methods)
                    {
                        classification.AddFromResult(method, into);
                    }

                    // Text or bytes made by a call (string.Join, Encoding.GetBytes, a Select into strings, ToList) are made of
                    // what went into the call: its receiver and its arguments, lambdas' bodies included.
                    if (MayBeMadeOfItsInputs(TypeOf(invocation)))
                    {
                        if (invocation.Expression is MemberAccessExpressionSyntax member)
                        {
                            AddClassesOf(member.Expression, classification, into);
                        }

                        foreach (var argument in invocation.ArgumentList.Arguments)
                        {
                            AddClassesOf(argument.Expression is AnonymousFunctionExpressionSyntax { ExpressionBody: { } lambdaBody } ? lambdaBody : argument.Expression, classification, into);
                        }
                    }

                    return;
                case SimpleNameSyntax name when Declared(name.Identifier.ValueText, name) is { Kind: DeclarationKind.Variable, Value: { } initializer } local
                                                && MayBeMadeOfItsInputs(TypeOfDeclared(local)):
                    // A local holding text or bytes carries what it was made of.
                    AddClassesOf(initializer, classification, into);
                    return;
            }

            var resolved = Resolve(value);
            if (resolved.Kind == ResolvedKind.Value)
            {
                classification.AddFrom(resolved.Symbol, into);
                classification.AddFrom(resolved.Type, into);
            }
            else if (TypeOf(value) is { } type)
            {
                classification.AddFrom(type, into);
            }
        }

        /// <summary>
        /// Whether a value's classes must come from what it was made of: its type says nothing about what it holds (text,
        /// bytes, streams, sequences of them, a task of one), or cannot be known without binding (a generic result inferred
        /// from a lambda, such as <c>Select(c =&gt; …)</c>).
        /// </summary>
        private static bool MayBeMadeOfItsInputs(ITypeSymbol? type)
        {
            if (type is null)
            {
                return true;
            }

            var awaited = Awaited(type) ?? type;
            return IsOpaque(awaited) || HasTypeParameter(awaited);
        }

        private static bool HasTypeParameter(ITypeSymbol type) => type switch
        {
            ITypeParameterSymbol or IErrorTypeSymbol => true,
            IArrayTypeSymbol array => HasTypeParameter(array.ElementType),
            INamedTypeSymbol named => named.TypeArguments.Any(HasTypeParameter),
            _ => false,
        };

        /// <summary>Values whose type says nothing about what they hold: text, bytes, streams and sequences of them.</summary>
        private static bool IsOpaque(ITypeSymbol? type)
        {
            switch (type)
            {
                case null:
                    return false;
                case IArrayTypeSymbol array:
                    return array.ElementType.SpecialType is SpecialType.System_Byte or SpecialType.System_Char or SpecialType.System_String or SpecialType.System_Object;
                case { SpecialType: SpecialType.System_String or SpecialType.System_Object }:
                    return true;
                case INamedTypeSymbol { Name: "Stream" or "MemoryStream" or "StringBuilder" }:
                    return true;
                case INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } sequence
                    when sequence.TypeArguments[0].SpecialType is SpecialType.System_String or SpecialType.System_Object
                         && sequence.AllInterfaces.Any(i => i.Name == "IEnumerable"):
                    return true;
                default:
                    return false;
            }
        }

        internal enum DeclarationKind
        {
            /// <summary>A local variable, foreach or catch variable, or a typed lambda or local-function parameter.</summary>
            Variable,

            /// <summary>A foreach variable: the element of <see cref="Declaration.Value"/>.</summary>
            ForEach,

            /// <summary>A pattern variable without a type: the value tested, <see cref="Declaration.Value"/>.</summary>
            Tested,

            LocalFunction,

            /// <summary>Declared without a type the syntax shows (an untyped lambda parameter, a query range variable): it hides outer names.</summary>
            Opaque,
        }

        /// <summary>A name declared inside the body, with the syntax that gives its type.</summary>
        internal sealed class Declaration
        {
            public Declaration(DeclarationKind kind, SyntaxNode scope, TypeSyntax? type, ExpressionSyntax? value, bool isConstant = false)
            {
                Kind = kind;
                Scope = scope;
                Type = type;
                Value = value;
                IsConstant = isConstant;
            }

            public DeclarationKind Kind { get; }

            /// <summary>Where the name is visible.</summary>
            public SyntaxNode Scope { get; }

            /// <summary>The declared type; null or <c>var</c> when the value gives it.</summary>
            public TypeSyntax? Type { get; }

            public ExpressionSyntax? Value { get; }

            public bool IsConstant { get; }
        }

        private ITypeSymbol? TypeOfDeclared(Declaration declared)
        {
            if (declared.Type is { IsVar: false } type)
            {
                var bound = BindType(type);
                return declared.Kind == DeclarationKind.ForEach && bound is null ? ElementOf(declared.Value is null ? null : TypeOf(declared.Value)) : bound;
            }

            return declared.Kind switch
            {
                DeclarationKind.Variable or DeclarationKind.Tested when declared.Value is { } value => TypeOf(value),
                DeclarationKind.ForEach when declared.Value is { } collection => ElementOf(TypeOf(collection)),
                _ => null,
            };
        }

        /// <summary>The innermost declaration of the name whose scope holds the reference.</summary>
        private Declaration? Declared(string name, SyntaxNode reference)
        {
            declarations ??= CollectDeclarations();
            if (!declarations.TryGetValue(name, out var candidates))
            {
                return null;
            }

            Declaration? best = null;
            foreach (var candidate in candidates)
            {
                if (candidate.Scope.Span.Contains(reference.Span) && (best is null || best.Scope.Span.Length > candidate.Scope.Span.Length))
                {
                    best = candidate;
                }
            }

            return best;
        }

        private Dictionary<string, List<Declaration>> CollectDeclarations()
        {
            var found = new Dictionary<string, List<Declaration>>(StringComparer.Ordinal);
            void Add(SyntaxToken identifier, Declaration declaration)
            {
                if (!found.TryGetValue(identifier.ValueText, out var list))
                {
                    found[identifier.ValueText] = list = new List<Declaration>(1);
                }

                list.Add(declaration);
            }

            foreach (var node in root.DescendantNodesAndSelf())
            {
                switch (node)
                {
                    case VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } declarator:
                    {
                        var isConstant = declaration.Parent is LocalDeclarationStatementSyntax statement && statement.IsConst;
                        var scope = declaration.Parent is LocalDeclarationStatementSyntax ? ScopeOfStatement(declaration.Parent) : declaration.Parent ?? root;
                        Add(declarator.Identifier, new Declaration(DeclarationKind.Variable, scope, declaration.Type, declarator.Initializer?.Value, isConstant));
                        break;
                    }

                    case ForEachStatementSyntax forEach:
                        Add(forEach.Identifier, new Declaration(DeclarationKind.ForEach, forEach, forEach.Type, forEach.Expression));
                        break;
                    case CatchDeclarationSyntax { Identifier.ValueText.Length: > 0 } catchDeclaration:
                        Add(catchDeclaration.Identifier, new Declaration(DeclarationKind.Variable, catchDeclaration.Parent ?? root, catchDeclaration.Type, null));
                        break;
                    case ParameterSyntax { Parent: ParameterListSyntax { Parent: { } function } } parameter
                        when function is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax:
                        Add(parameter.Identifier, new Declaration(parameter.Type is null ? DeclarationKind.Opaque : DeclarationKind.Variable, function, parameter.Type, null));
                        break;
                    case ParameterSyntax { Parent: SimpleLambdaExpressionSyntax lambda } parameter:
                        Add(parameter.Identifier, new Declaration(parameter.Type is null ? DeclarationKind.Opaque : DeclarationKind.Variable, lambda, parameter.Type, null));
                        break;
                    case LocalFunctionStatementSyntax localFunction:
                        Add(localFunction.Identifier, new Declaration(DeclarationKind.LocalFunction, ScopeOfStatement(localFunction), null, null));
                        break;
                    case SingleVariableDesignationSyntax designation:
                        AddDesignation(designation, Add);
                        break;
                    case FromClauseSyntax from:
                        Add(from.Identifier, new Declaration(DeclarationKind.Opaque, from.Parent ?? root, null, null));
                        break;
                    case LetClauseSyntax let:
                        Add(let.Identifier, new Declaration(DeclarationKind.Opaque, let.Parent?.Parent ?? root, null, null));
                        break;
                    case JoinClauseSyntax join:
                        Add(join.Identifier, new Declaration(DeclarationKind.Opaque, join.Parent?.Parent ?? root, null, null));
                        break;
                    case QueryContinuationSyntax continuation:
                        Add(continuation.Identifier, new Declaration(DeclarationKind.Opaque, continuation, null, null));
                        break;
                }
            }

            return found;
        }

        /// <summary><c>x is Customer c</c>, <c>x is { } c</c>, <c>out Customer c</c>, <c>out var c</c>.</summary>
        private void AddDesignation(SingleVariableDesignationSyntax designation, Action<SyntaxToken, Declaration> add)
        {
            var scope = ScopeOfExpressionVariable(designation);
            switch (designation.Parent)
            {
                case DeclarationPatternSyntax pattern:
                    add(designation.Identifier, new Declaration(DeclarationKind.Variable, scope, pattern.Type, null));
                    break;
                case RecursivePatternSyntax { Type: { } type }:
                    add(designation.Identifier, new Declaration(DeclarationKind.Variable, scope, type, null));
                    break;
                case RecursivePatternSyntax recursive:
                    add(designation.Identifier, new Declaration(DeclarationKind.Tested, scope, null, TestedBy(recursive)));
                    break;
                case VarPatternSyntax varPattern:
                    add(designation.Identifier, new Declaration(DeclarationKind.Tested, scope, null, TestedBy(varPattern)));
                    break;
                case DeclarationExpressionSyntax { Type.IsVar: false } declaration:
                    add(designation.Identifier, new Declaration(DeclarationKind.Variable, scope, declaration.Type, null));
                    break;
                default:
                    add(designation.Identifier, new Declaration(DeclarationKind.Opaque, scope, null, null));
                    break;
            }
        }

        /// <summary>The value a top-level pattern tests (<c>value is { } x</c>, <c>value switch { { } x =&gt; … }</c>); null for nested patterns.</summary>
        private static ExpressionSyntax? TestedBy(PatternSyntax pattern)
        {
            SyntaxNode node = pattern;
            while (node.Parent is UnaryPatternSyntax or ParenthesizedPatternSyntax or BinaryPatternSyntax)
            {
                node = node.Parent;
            }

            return node.Parent switch
            {
                IsPatternExpressionSyntax isPattern => isPattern.Expression,
                SwitchExpressionArmSyntax { Parent: SwitchExpressionSyntax switchExpression } => switchExpression.GoverningExpression,
                CasePatternSwitchLabelSyntax { Parent: SwitchSectionSyntax { Parent: SwitchStatementSyntax switchStatement } } => switchStatement.Expression,
                _ => null,
            };
        }

        /// <summary>A local declared by a statement is visible in the enclosing block (or switch section, or the top-level statements).</summary>
        private SyntaxNode ScopeOfStatement(SyntaxNode statement)
            => statement.Parent switch
            {
                BlockSyntax or SwitchSectionSyntax => statement.Parent,
                GlobalStatementSyntax { Parent: { } unit } => unit,
                _ => statement.Parent ?? root,
            };

        /// <summary>Pattern and out variables: visible in the enclosing block, lambda or embedded statement (approximately C#'s rules; names rarely repeat).</summary>
        private SyntaxNode ScopeOfExpressionVariable(SyntaxNode node)
        {
            for (var current = node.Parent; current is not null; current = current.Parent)
            {
                if (current == root)
                {
                    return root;
                }

                if (current is BlockSyntax or SwitchSectionSyntax or AnonymousFunctionExpressionSyntax or SwitchExpressionArmSyntax or ArrowExpressionClauseSyntax or CatchClauseSyntax
                    || (current is StatementSyntax && current.Parent is not (BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax)))
                {
                    return current;
                }
            }

            return root;
        }

        /// <summary>Keys member lookups by the symbol of the type, the name and whether extension methods were asked for.</summary>
        private sealed class TypeAndNameComparer : IEqualityComparer<(ITypeSymbol Type, string Name, bool Extensions)>
        {
            public static readonly TypeAndNameComparer Instance = new();

            public bool Equals((ITypeSymbol Type, string Name, bool Extensions) x, (ITypeSymbol Type, string Name, bool Extensions) y)
                => x.Extensions == y.Extensions && string.Equals(x.Name, y.Name, StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(x.Type, y.Type);

            public int GetHashCode((ITypeSymbol Type, string Name, bool Extensions) obj)
                => unchecked((SymbolEqualityComparer.Default.GetHashCode(obj.Type) * 31) + StringComparer.Ordinal.GetHashCode(obj.Name) + (obj.Extensions ? 1 : 0));
        }
    }
}
