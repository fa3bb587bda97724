using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>The facts one declaration contributes: its behavior for the call graph, and the entry point it is, if any.</summary>
    internal sealed record DeclaredMethodFacts(MethodFact? Method, EntryPointFact? EntryPoint);

    /// <summary>
    /// Symbols to facts: the only place that turns what the compiler knows about one declaration or call into the plain
    /// values the model is built from. Nothing it returns holds a symbol, a syntax node or a compilation.
    /// </summary>
    internal static class FactExtractor
    {
        public static DeclaredMethodFacts? FromMethod(SyntaxNode declaration, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetDeclaredSymbol(declaration, cancellationToken) is not IMethodSymbol method || BehaviorExtractor.IdOf(method) is not { } id)
            {
                return null;
            }

            var context = ExtractionContext.For(model.Compilation);
            var body = model.GetOperation(declaration, cancellationToken);

            // The same engine as the rules: the classes of data on the model's flows are the ones the warnings see.
            var analysis = body is null ? null : context.Flow.Analyze(body, method, cancellationToken);
            var behavior = WithFindings(context.Behavior.Extract(body, analysis, cancellationToken), analysis, new ISymbol[] { method }, context, model.Compilation);
            var implements = BehaviorExtractor.ImplementedBy(method);
            var methodFact = behavior.IsEmpty && implements.Count == 0 ? null : new MethodFact(id, implements, behavior);

            EntryPointFact? entryFact = null;
            if (context.EntryPoints.Recognize(method, cancellationToken) is { } entryPoint)
            {
                var request = new HashSet<string>();
                var response = new HashSet<string>();
                context.Classification.AddFromSignature(method, request, response);
                AddSensitive(analysis?.Returns, response);
                entryFact = new EntryPointFact(
                    "process:" + id,
                    entryPoint.Name,
                    entryPoint.Boundary,
                    entryPoint.Kind,
                    LocationOf(method.Locations.Length > 0 ? method.Locations[0] : null),
                    entryPoint.Authorization,
                    ControlsOf(method, context),
                    RolesOf(method, context),
                    request.ToSortedSet(),
                    response.ToSortedSet(),
                    id,
                    BehaviorFact.Empty,
                    context.Reviews.InScopeOf(new ISymbol[] { method }, model.Compilation.Assembly).ToEquatableArray());
            }

            return methodFact is null && entryFact is null ? null : new DeclaredMethodFacts(methodFact, entryFact);
        }

        public static EntryPointFact? FromRouteMapping(SyntaxNode invocationSyntax, SemanticModel model, CancellationToken cancellationToken)
        {
            if (model.GetOperation(invocationSyntax, cancellationToken) is not IInvocationOperation invocation)
            {
                return null;
            }

            var context = ExtractionContext.For(model.Compilation);
            if (context.EntryPoints.Recognize(invocation, cancellationToken) is not { } entryPoint)
            {
                return null;
            }

            var handler = context.EntryPoints.HandlerOf(invocation);
            var request = new HashSet<string>();
            var response = new HashSet<string>();
            string? handlerId = null;
            var direct = BehaviorFact.Empty;
            if (handler is IMethodSymbol handlerMethod)
            {
                context.Classification.AddFromSignature(handlerMethod, request, response);
                if (handlerMethod.MethodKind == MethodKind.AnonymousFunction)
                {
                    var body = LambdaBody(invocation);
                    var analysis = body is null ? null : context.Flow.Analyze(body, handlerMethod, cancellationToken);
                    direct = context.Behavior.Extract(body, analysis, cancellationToken);

                    // The rule analyzes the method that holds the lambda: its reviews are the ones in scope.
                    var owner = model.GetEnclosingSymbol(invocationSyntax.SpanStart, cancellationToken);
                    direct = WithFindings(direct, analysis, owner is null ? System.Array.Empty<ISymbol>() : new[] { owner }, context, model.Compilation);
                    AddSensitive(analysis?.Returns, response);
                }
                else
                {
                    handlerId = BehaviorExtractor.IdOf(handlerMethod);
                    AddSensitive(context.Flow.SummaryOf(handlerMethod, context.Flow.Options.MaxCallDepth, cancellationToken)?.Returns, response);
                }
            }

            var containing = model.GetEnclosingSymbol(invocationSyntax.SpanStart, cancellationToken);
            var scope = new List<ISymbol>();
            if (handler is not null)
            {
                scope.Add(handler);
            }

            if (containing is not null)
            {
                scope.Add(containing);
            }

            var nameLocation = invocationSyntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } ? member.Name.GetLocation() : invocationSyntax.GetLocation();
            // A route's process is keyed by the method that maps it and the route, both stable across builds and edits elsewhere.
            var mappedIn = containing is null ? null : BehaviorExtractor.IdOf(containing);
            return new EntryPointFact(
                "process:" + (mappedIn is null ? string.Empty : mappedIn + "#") + entryPoint.Name,
                entryPoint.Name,
                entryPoint.Boundary,
                entryPoint.Kind,
                LocationOf(nameLocation),
                entryPoint.Authorization,
                handler is null ? EquatableArray<string>.Empty : ControlsOf(handler, context),
                handler is null ? EquatableArray<string>.Empty : RolesOf(handler, context),
                request.ToSortedSet(),
                response.ToSortedSet(),
                handlerId,
                direct,
                context.Reviews.InScopeOf(scope, model.Compilation.Assembly).ToEquatableArray());
        }

        public static ElementFact? FromAnnotatedType(ISymbol symbol, AttributeData attribute, string kind, SemanticModel model)
        {
            if (symbol is not INamedTypeSymbol type || symbol.GetDocumentationCommentId() is not { } id)
            {
                return null;
            }

            var context = ExtractionContext.For(model.Compilation);
            var classes = new HashSet<string>();
            context.Classification.AddFrom(type, classes);
            var name = attribute.StringArgument(0);
            return new ElementFact(
                id,
                string.IsNullOrWhiteSpace(name) ? type.Name : name!.Trim(),
                kind,
                Boundary: null,
                LocationOf(type.Locations.Length > 0 ? type.Locations[0] : null),
                classes.ToSortedSet(),
                context.Resources.Annotated.ControlsOf(type));
        }

        public static StoreProviderFact? FromProviderCall(SyntaxNode invocationSyntax, SemanticModel model, CancellationToken cancellationToken)
            => model.GetOperation(invocationSyntax, cancellationToken) is IInvocationOperation invocation ? EfCoreProviders.Recognize(invocation) : null;

        /// <summary>TA4001's findings in this body, as threats of the Logs store: the same question the rule asks.</summary>
        private static BehaviorFact WithFindings(BehaviorFact behavior, DataFlow.IntraproceduralAnalysis? analysis, ISymbol[] owners, ExtractionContext context, Compilation compilation)
        {
            if (analysis is null)
            {
                return behavior;
            }

            var findings = new List<FindingFact>();
            EquatableArray<ReviewAnnotation>? reviews = null;
            foreach (var finding in analysis.Findings)
            {
                if ((finding.Kind & DataFlow.SinkKind.Log) == 0 || !finding.Fact.IsSensitive)
                {
                    continue;
                }

                reviews ??= context.Reviews.InScopeOf(owners, compilation.Assembly).ToEquatableArray();
                var descriptor = SensitiveDataWrittenToLogRule.Descriptor;
                findings.Add(new FindingFact(
                    descriptor.Id,
                    Frameworks.Logging.LoggingResources.LogsId,
                    LocationOf(finding.ReportLocation),
                    finding.Fact.Origin,
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, descriptor.MessageFormat.ToString(System.Globalization.CultureInfo.InvariantCulture), finding.MessageArguments()),
                    reviews.Value));
            }

            return findings.Count == 0 ? behavior : behavior with { Findings = findings.ToEquatableArray() };
        }

        /// <summary>What a response carries, as the flow engine sees the returned values.</summary>
        private static void AddSensitive(DataFlow.FactSet? facts, ISet<string> into)
        {
            foreach (var fact in facts?.Facts ?? default)
            {
                if (fact.Kind == DataFlow.FactKind.Pii)
                {
                    into.Add(DataClasses.Pii);
                }
                else if (fact.Kind == DataFlow.FactKind.Secrets)
                {
                    into.Add(DataClasses.Secrets);
                }
            }
        }

        /// <summary>A location as a plain value: the file path as the compiler saw it (made relative when the model is built) and a 1-based line.</summary>
        public static SourceLocation? LocationOf(Location? location)
            => location is { IsInSource: true } && location.GetLineSpan() is { } span
                ? new SourceLocation(span.Path, span.StartLinePosition.Line + 1)
                : null;

        private static IOperation? LambdaBody(IInvocationOperation invocation)
        {
            var value = (invocation.ArgumentValue("handler") ?? invocation.ArgumentValue("requestDelegate"))?.WithoutConversions();
            if (value is IDelegateCreationOperation creation)
            {
                value = creation.Target.WithoutConversions();
            }

            return value is IAnonymousFunctionOperation lambda ? lambda.Body : null;
        }

        private static EquatableArray<string> ControlsOf(ISymbol handler, ExtractionContext context)
        {
            var controls = new List<string>();
            var owner = handler.ContainingType;
            bool Has(INamedTypeSymbol? attribute) => handler.Has(attribute) || (owner is not null && owner.Has(attribute));
            if (Has(context.Annotations.Audited))
            {
                controls.Add(Controls.Audited);
            }

            if (Has(context.Annotations.RateLimited))
            {
                controls.Add(Controls.RateLimited);
            }

            return controls.ToSortedSet();
        }

        /// <summary>Roles from [RequiresRole] and from [Authorize(Roles = "a,b")] on the handler and its type.</summary>
        private static EquatableArray<string> RolesOf(ISymbol handler, ExtractionContext context)
        {
            var roles = new List<string>();
            var scopes = new List<ISymbol> { handler };
            if (handler.ContainingType is { } owner)
            {
                scopes.AddRange(owner.SelfAndBaseTypes());
            }

            foreach (var scope in scopes)
            {
                foreach (var attribute in scope.GetAttributes())
                {
                    if (context.Annotations.Is(attribute, context.Annotations.RequiresRole) && attribute.StringArgument(0) is { } role)
                    {
                        roles.Add(role.Trim());
                    }
                    else if (attribute.AttributeClass is { } cls && cls.Implements(context.EntryPoints.AspNetCore?.IAuthorizeData)
                             && attribute.NamedStringArgument("Roles") is { } list)
                    {
                        foreach (var r in list.Split(','))
                        {
                            if (r.Trim().Length > 0)
                            {
                                roles.Add(r.Trim());
                            }
                        }
                    }
                }
            }

            return roles.ToSortedSet();
        }
    }
}
