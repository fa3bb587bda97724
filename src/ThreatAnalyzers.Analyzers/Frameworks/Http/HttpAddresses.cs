using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.Http
{
    /// <summary>An address the code gives as a constant, and the literal that spells its scheme (for a fix).</summary>
    internal sealed class HttpAddress
    {
        public HttpAddress(string text, Location? literal)
        {
            Text = text;
            Literal = literal;
        }

        /// <summary>The constant text (or its constant start, for an interpolated string).</summary>
        public string Text { get; }

        /// <summary>The string literal (or interpolated text) whose "http://" a fix can change, when it is in source.</summary>
        public Location? Literal { get; }

        public bool IsAbsolute => Uri.TryCreate(Text, UriKind.Absolute, out var uri) && uri.Host.Length > 0;

        /// <summary>Plain http:// to a host that is not this machine.</summary>
        public bool IsPlainHttp => Text.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && IsAbsolute && !IsLoopback;

        public bool IsHttps => Text.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

        public bool IsLoopback
            => Uri.TryCreate(Text, UriKind.Absolute, out var uri)
               && (uri.IsLoopback || string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>
    /// Where an HttpClient call goes, as far as constants say: the request URI when it is absolute, else the client's
    /// BaseAddress — set in an object initializer (<c>new HttpClient { BaseAddress = … }</c>), assigned in the type that
    /// holds the client, or given when the client is registered (<c>AddHttpClient&lt;TClient&gt;(c =&gt; c.BaseAddress = …)</c>,
    /// <c>AddHttpClient("name", …)</c> with <c>CreateClient("name")</c>, and <c>.ConfigureHttpClient(…)</c> chained on either).
    /// The registrations are found once per compilation, and only when a rule asks (from the syntax of the calls named
    /// AddHttpClient, binding only those).
    /// </summary>
    internal sealed class HttpAddresses
    {
        private readonly Compilation compilation;
        private readonly Func<SyntaxTree, SemanticModel> modelFor;
        private readonly Lazy<Registrations> registrations;

        private HttpAddresses(Compilation compilation, Func<SyntaxTree, SemanticModel> modelFor)
        {
            this.compilation = compilation;
            this.modelFor = modelFor;
            registrations = new Lazy<Registrations>(() => FindRegistrations(compilation), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>The addresses of the compilation, with the flow engine's semantic models (one per tree, shared).</summary>
        public static HttpAddresses Of(CompilationAnalysis analysis)
            => PerCompilation<HttpAddresses>.Get(analysis.Compilation, c => new HttpAddresses(c, analysis.Flow.SemanticModelFor));

        /// <summary>The address a request goes to: its absolute URI, else its client's BaseAddress; null when no constant says.</summary>
        public HttpAddress? OfRequest(IInvocationOperation send, CancellationToken cancellationToken)
        {
            IOperation? client = send.Instance;
            foreach (var argument in send.Arguments)
            {
                var name = argument.Parameter?.Name;
                if (send.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
                {
                    client = argument.Value;
                    continue;
                }

                if (name == "requestUri" && AddressIn(argument.Value, send, cancellationToken) is { } uri)
                {
                    if (uri.IsAbsolute)
                    {
                        return uri;
                    }
                }

                if (name == "request" && RequestMessageUri(argument.Value, send, cancellationToken) is { } messageUri && messageUri.IsAbsolute)
                {
                    return messageUri;
                }
            }

            return client is null ? null : BaseAddressOf(client, send, cancellationToken);
        }

        /// <summary>The BaseAddress given when the typed client <paramref name="type"/> (or an interface it implements) was registered.</summary>
        public HttpAddress? OfTypedClient(INamedTypeSymbol type)
        {
            var found = registrations.Value;
            if (found.ByType.TryGetValue(type.OriginalDefinition, out var address))
            {
                return address;
            }

            foreach (var implemented in type.AllInterfaces)
            {
                if (found.ByType.TryGetValue(implemented.OriginalDefinition, out address))
                {
                    return address;
                }
            }

            return null;
        }

        private HttpAddress? BaseAddressOf(IOperation client, IOperation at, CancellationToken cancellationToken)
        {
            client = client.WithoutConversions();
            switch (client)
            {
                case IInvocationOperation { TargetMethod.Name: "CreateClient" } create:
                    return NamedClient(create);
                case IObjectCreationOperation creation:
                    return InInitializer(creation, cancellationToken);
                case ILocalReferenceOperation local:
                    return FromDeclaration(local.Local, cancellationToken) ?? AssignedIn(local.Local, at.Syntax.FirstAncestorOrSelf<MemberDeclarationSyntax>(), cancellationToken);
                case IFieldReferenceOperation { Field: var field }:
                    return FromDeclaration(field, cancellationToken) ?? AssignedInType(field, cancellationToken) ?? OfHolder(field.ContainingType);
                case IPropertyReferenceOperation { Property: var property }:
                    return FromDeclaration(property, cancellationToken) ?? AssignedInType(property, cancellationToken) ?? OfHolder(property.ContainingType);
                case IParameterReferenceOperation { Parameter: var parameter }:
                    return AssignedInType(parameter, cancellationToken) ?? (parameter.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Constructor } ctor ? OfHolder(ctor.ContainingType) : null);
                default:
                    return null;
            }
        }

        /// <summary>A client held by a type (a field, a primary-constructor parameter) is the typed client that type was registered as.</summary>
        private HttpAddress? OfHolder(INamedTypeSymbol? holder) => holder is null ? null : OfTypedClient(holder);

        private HttpAddress? NamedClient(IInvocationOperation create)
            => create.Arguments.Length > 0
               && create.Arguments[create.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: string name }
               && registrations.Value.ByName.TryGetValue(name, out var address)
                ? address
                : null;

        /// <summary>A variable, field or property initialized with <c>new HttpClient { BaseAddress = … }</c> or <c>factory.CreateClient("name")</c>.</summary>
        private HttpAddress? FromDeclaration(ISymbol symbol, CancellationToken cancellationToken)
        {
            foreach (var reference in symbol.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(cancellationToken);
                var value = syntax switch
                {
                    VariableDeclaratorSyntax declarator => declarator.Initializer?.Value,
                    PropertyDeclarationSyntax property => property.Initializer?.Value ?? property.ExpressionBody?.Expression,
                    _ => null,
                };

                if (value is null || !compilation.ContainsSyntaxTree(value.SyntaxTree))
                {
                    continue;
                }

                var operation = modelFor(value.SyntaxTree).GetOperation(value, cancellationToken)?.WithoutConversions();
                if (operation is IObjectCreationOperation creation && InInitializer(creation, cancellationToken) is { } initialized)
                {
                    return initialized;
                }

                if (operation is IInvocationOperation { TargetMethod.Name: "CreateClient" } create && NamedClient(create) is { } named)
                {
                    return named;
                }
            }

            return null;
        }

        private HttpAddress? InInitializer(IObjectCreationOperation creation, CancellationToken cancellationToken)
        {
            if (creation.Initializer is null)
            {
                return null;
            }

            foreach (var initializer in creation.Initializer.Initializers)
            {
                if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "BaseAddress" } } assignment)
                {
                    return AddressIn(assignment.Value, creation, cancellationToken);
                }
            }

            return null;
        }

        /// <summary><c>symbol.BaseAddress = …</c> anywhere in the type that declares <paramref name="symbol"/> (its constructor, usually).</summary>
        private HttpAddress? AssignedInType(ISymbol symbol, CancellationToken cancellationToken)
        {
            var type = symbol.ContainingType ?? (symbol.ContainingSymbol as IMethodSymbol)?.ContainingType;
            if (type is null)
            {
                return null;
            }

            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (AssignedIn(symbol, reference.GetSyntax(cancellationToken), cancellationToken) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        private HttpAddress? AssignedIn(ISymbol symbol, SyntaxNode? scope, CancellationToken cancellationToken)
        {
            if (scope is null || !compilation.ContainsSyntaxTree(scope.SyntaxTree))
            {
                return null;
            }

            SemanticModel? model = null;
            foreach (var assignment in scope.DescendantNodes().OfType<AssignmentExpressionSyntax>())
            {
                if (assignment.Left is not MemberAccessExpressionSyntax { Name.Identifier.ValueText: "BaseAddress" } member
                    || !member.Expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>().Any(i => i.Identifier.ValueText == symbol.Name))
                {
                    continue;
                }

                model ??= modelFor(scope.SyntaxTree);
                if (SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(member.Expression, cancellationToken).Symbol, symbol)
                    && model.GetOperation(assignment.Right, cancellationToken) is { } value
                    && AddressIn(value, value, cancellationToken) is { } address)
                {
                    return address;
                }
            }

            return null;
        }

        /// <summary><c>new HttpRequestMessage(method, "http://…")</c>, or one with <c>RequestUri = …</c> in its initializer.</summary>
        private HttpAddress? RequestMessageUri(IOperation value, IOperation at, CancellationToken cancellationToken)
        {
            value = value.WithoutConversions();
            if (value is ILocalReferenceOperation local)
            {
                foreach (var reference in local.Local.DeclaringSyntaxReferences)
                {
                    if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initial } && at.SemanticModel is { } model
                        && initial.SyntaxTree == model.SyntaxTree)
                    {
                        value = model.GetOperation(initial, cancellationToken)?.WithoutConversions() ?? value;
                    }
                }
            }

            if (value is not IObjectCreationOperation creation)
            {
                return null;
            }

            foreach (var argument in creation.Arguments)
            {
                if (argument.Parameter?.Name == "requestUri" && AddressIn(argument.Value, at, cancellationToken) is { } uri)
                {
                    return uri;
                }
            }

            if (creation.Initializer is not null)
            {
                foreach (var initializer in creation.Initializer.Initializers)
                {
                    if (initializer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "RequestUri" } } assignment)
                    {
                        return AddressIn(assignment.Value, at, cancellationToken);
                    }
                }
            }

            return null;
        }

        /// <summary>
        /// A constant address: a string literal or constant, the constant start of an interpolated string, <c>new Uri(…)</c>
        /// of one, or a local initialized with one of these.
        /// </summary>
        internal HttpAddress? AddressIn(IOperation value, IOperation at, CancellationToken cancellationToken)
        {
            value = value.WithoutConversions();
            switch (value)
            {
                case IObjectCreationOperation { Type.Name: "Uri" } uri when uri.Arguments.Length > 0:
                    return AddressIn(uri.Arguments[0].Value, at, cancellationToken);
                case IInterpolatedStringOperation interpolated when interpolated.Parts.Length > 0
                                                                   && interpolated.Parts[0] is IInterpolatedStringTextOperation { Text.ConstantValue: { HasValue: true, Value: string start } } first:
                    return new HttpAddress(start, first.Syntax.GetLocation());
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string literal } }:
                    return new HttpAddress(literal, value.Syntax.GetLocation());
                case IFieldReferenceOperation { Field: { } field, ConstantValue: { HasValue: true, Value: string constant } }:
                    return new HttpAddress(constant, LiteralOf(field, cancellationToken));
                case ILocalReferenceOperation { Local: { } local } when local.IsConst && value.ConstantValue is { HasValue: true, Value: string constantLocal }:
                    return new HttpAddress(constantLocal, LiteralOf(local, cancellationToken));
                case ILocalReferenceOperation { Local: { } variable }:
                    foreach (var reference in variable.DeclaringSyntaxReferences)
                    {
                        if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initial }
                            && compilation.ContainsSyntaxTree(initial.SyntaxTree)
                            && modelFor(initial.SyntaxTree).GetOperation(initial, cancellationToken) is { } initialValue
                            && initialValue is not ILocalReferenceOperation)
                        {
                            return AddressIn(initialValue, at, cancellationToken);
                        }
                    }

                    return null;
                default:
                    return value.ConstantValue is { HasValue: true, Value: string text } ? new HttpAddress(text, null) : null;
            }
        }

        /// <summary>The literal a constant is declared with, when it is a plain string literal in source.</summary>
        private static Location? LiteralOf(ISymbol constant, CancellationToken cancellationToken)
        {
            foreach (var reference in constant.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: LiteralExpressionSyntax literal } && literal.IsKind(SyntaxKind.StringLiteralExpression))
                {
                    return literal.GetLocation();
                }
            }

            return null;
        }

        private Registrations FindRegistrations(Compilation compilation)
        {
            var found = new Registrations();
            // In path order, so the first registration of a client is the same whatever the order of the files.
            var registrations = Analysis.SyntaxIndex.Of(compilation).InvocationsNamed("AddHttpClient", System.Threading.CancellationToken.None)
                .OrderBy(i => i.SyntaxTree.FilePath, StringComparer.Ordinal).ThenBy(i => i.SpanStart);
            foreach (var invocation in registrations)
            {
                var model = modelFor(invocation.SyntaxTree);
                if (model.GetOperation(invocation) is not IInvocationOperation add || add.TargetMethod.Name != "AddHttpClient")
                {
                    continue;
                }

                var address = ConfiguredAddress(add, model);
                if (address is null)
                {
                    continue;
                }

                foreach (var typeArgument in add.TargetMethod.TypeArguments)
                {
                    if (typeArgument is INamedTypeSymbol named && !found.ByType.ContainsKey(named.OriginalDefinition))
                    {
                        found.ByType[named.OriginalDefinition] = address;
                    }
                }

                foreach (var argument in add.Arguments)
                {
                    if (argument.Parameter?.Name == "name" && argument.Value.ConstantValue is { HasValue: true, Value: string clientName } && !found.ByName.ContainsKey(clientName))
                    {
                        found.ByName[clientName] = address;
                    }
                }
            }

            return found;
        }

        /// <summary>The BaseAddress set by the configure delegate of AddHttpClient, or of a ConfigureHttpClient chained on it.</summary>
        private HttpAddress? ConfiguredAddress(IInvocationOperation add, SemanticModel model)
        {
            var delegates = add.Arguments.Select(a => a.Value.Syntax).ToList();
            for (var node = add.Syntax.Parent; node is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax chained } member; node = chained.Parent)
            {
                if (member.Name.Identifier.ValueText == "ConfigureHttpClient")
                {
                    delegates.AddRange(chained.ArgumentList.Arguments.Select(a => (SyntaxNode)a.Expression));
                }
            }

            foreach (var syntax in delegates)
            {
                foreach (var assignment in syntax.DescendantNodesAndSelf().OfType<AssignmentExpressionSyntax>())
                {
                    if (assignment.Left is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "BaseAddress" }
                        && model.GetOperation(assignment.Right) is { } value)
                    {
                        return AddressIn(value, value, CancellationToken.None);
                    }
                }
            }

            return null;
        }

        private sealed class Registrations
        {
            public Dictionary<ITypeSymbol, HttpAddress> ByType { get; } = new(SymbolEqualityComparer.Default);

            public Dictionary<string, HttpAddress> ByName { get; } = new(StringComparer.Ordinal);
        }
    }
}
