using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.Http
{
    /// <summary>
    /// Outbound HTTP: a call on HttpClient (or System.Net.Http.Json's extensions) reaches an external entity, named by
    /// <see cref="HttpTargets"/>: the named client, the typed client, a constant host, the configuration key, else the
    /// expression the host comes from.
    /// </summary>
    internal sealed class HttpClientResources : ResourceConvention
    {
        private readonly INamedTypeSymbol httpClient;
        private readonly INamedTypeSymbol? jsonExtensions;

        private HttpClientResources(INamedTypeSymbol httpClient, INamedTypeSymbol? jsonExtensions, DataClassification classification)
            : base(classification)
        {
            this.httpClient = httpClient;
            this.jsonExtensions = jsonExtensions;
        }

        public static HttpClientResources? Create(Compilation compilation, DataClassification classification)
            => compilation.GetTypeByMetadataName("System.Net.Http.HttpClient") is { } client
                ? new HttpClientResources(client, compilation.GetTypeByMetadataName("System.Net.Http.Json.HttpClientJsonExtensions"), classification)
                : null;

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            if (operation is not IInvocationOperation invocation || !IsRequest(invocation.TargetMethod))
            {
                return null;
            }

            var (id, name) = EntityOf(invocation);
            return Touch(id, name, ElementKinds.ExternalEntity, Access.Call, ClassesOf(invocation, Access.Call, flow));
        }

        public override TouchFact? TryRecognize(SyntaxCall call)
        {
            if (!IsRequest(call.Method))
            {
                return null;
            }

            var (id, name) = EntityOf(call);
            return Touch(id, name, ElementKinds.ExternalEntity, Access.Call, ClassesOf(call, Access.Call));
        }

        /// <summary>A referenced type that takes an HttpClient is a typed client: it calls the entity named after it, as its own requests would.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
        {
            if (!SymbolEqualityComparer.Default.Equals(dependency, httpClient))
            {
                return null;
            }

            var (id, name) = HttpTargets.Entity(null, dependent, null, null, _ => null, _ => null);
            return Touch(id, name, ElementKinds.ExternalEntity, Access.Call, classes);
        }

        /// <summary>A request: HttpClient's Get*/Post*/Put*/Delete*/Patch*/Send* methods, and System.Net.Http.Json's extensions.</summary>
        private bool IsRequest(IMethodSymbol method)
        {
            var declaring = (method.ReducedFrom ?? method).ContainingType;
            var onClient = SymbolEqualityComparer.Default.Equals(declaring, httpClient)
                           && (method.Name.StartsWith("Get", StringComparison.Ordinal) || method.Name.StartsWith("Post", StringComparison.Ordinal)
                               || method.Name.StartsWith("Put", StringComparison.Ordinal) || method.Name.StartsWith("Delete", StringComparison.Ordinal)
                               || method.Name.StartsWith("Patch", StringComparison.Ordinal) || method.Name.StartsWith("Send", StringComparison.Ordinal));
            return onClient || (jsonExtensions is not null && SymbolEqualityComparer.Default.Equals(declaring, jsonExtensions));
        }

        /// <summary>The entity, from syntax: see <see cref="HttpTargets"/> for the order of what names it.</summary>
        private static (string Id, string Name) EntityOf(SyntaxCall call)
        {
            string? host = null;
            ExpressionSyntax? target = null;
            foreach (var (argument, parameter) in call.ArgumentsWithParameters())
            {
                if (host is null && call.Body.ConstantString(argument.Expression) is { } text && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
                {
                    host = uri.Host;
                }

                if (parameter?.Name is "requestUri" or "request" || (target is null && argument == call.Arguments[0]))
                {
                    target = argument.Expression;
                }
            }

            string? clientName = null;
            if (call.Receiver is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "CreateClient" } } create
                && create.ArgumentList.Arguments.Count > 0)
            {
                clientName = call.Body.ConstantString(create.ArgumentList.Arguments[create.ArgumentList.Arguments.Count - 1].Expression);
            }

            return HttpTargets.Entity(clientName, HttpTargets.TypedClient(call.Body.ContainingType, call.Receiver), host, target, call.Body.ConstantString, call.Body.TypeOf);
        }

        /// <summary>The entity a request reaches, as the model names it (also what TA4002 reports a threat of).</summary>
        internal static (string Id, string Name) EntityOf(IInvocationOperation invocation)
        {
            var host = HostIn(invocation);
            string? clientName = null;
            var receiver = invocation.Receiver()?.WithoutConversions();
            if (receiver is IInvocationOperation { TargetMethod.Name: "CreateClient" } create
                && create.Arguments.Length > 0
                && create.Arguments[create.Arguments.Length - 1].Value.ConstantValue is { HasValue: true, Value: string name })
            {
                clientName = name;
            }

            ExpressionSyntax? target = null;
            foreach (var argument in invocation.Arguments)
            {
                if (invocation.TargetMethod.IsExtensionMethod && argument.Parameter?.Ordinal == 0)
                {
                    continue;
                }

                if (argument.Parameter?.Name is "requestUri" or "request" || target is null)
                {
                    target = argument.Value.Syntax as ExpressionSyntax ?? (argument.Syntax as ArgumentSyntax)?.Expression;
                }
            }

            var model = invocation.SemanticModel;
            var holder = (model?.GetEnclosingSymbol(invocation.Syntax.SpanStart) as ISymbol)?.ContainingType;
            return HttpTargets.Entity(
                clientName,
                HttpTargets.TypedClient(holder, receiver?.Syntax as ExpressionSyntax),
                host,
                target,
                expression => model is not null && expression.SyntaxTree == model.SyntaxTree && model.GetConstantValue(expression) is { HasValue: true, Value: string text } ? text : null,
                expression => model is not null && expression.SyntaxTree == model.SyntaxTree ? model.GetTypeInfo(expression).Type : null);
        }

        private static string? HostIn(IInvocationOperation invocation)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Value.WithoutConversions().ConstantValue is { HasValue: true, Value: string text }
                    && Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Host.Length > 0)
                {
                    return uri.Host;
                }
            }

            return null;
        }
    }
}
