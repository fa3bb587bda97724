using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Generation
{
    /// <summary>
    /// What one syntax node of interest tells the model, whichever kind it is: a method's facts, a route mapping, a
    /// controller's inherited actions, <c>MapIdentityApi</c>'s endpoints, an EF Core provider call, a declared
    /// <c>DbContext</c>, a service registration. One syntax provider reads them all, so the driver walks each tree once
    /// (one walk per provider re-creates the red nodes of a long block each time), and each kind is split off after it.
    /// </summary>
    internal sealed record SyntaxNodeFacts(
        DeclaredMethodFacts? Method,
        EntryPointFact? Route,
        EquatableArray<EntryPointFact> InheritedActions,
        EquatableArray<EntryPointFact> IdentityApi,
        StoreProviderFact? Provider,
        ElementFact? DeclaredStore,
        ServiceRegistrationFact? Registration)
    {
        /// <summary>The syntactic filter: only these nodes are read.</summary>
        public static bool IsOfInterest(SyntaxNode node)
            => node switch
            {
                BaseMethodDeclarationSyntax { Parent: TypeDeclarationSyntax } method => method.Body is not null || method.ExpressionBody is not null,
                ClassDeclarationSyntax { BaseList: not null } => true,
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => IsRouteMapping(member) || IsIdentityApiMapping(member) || IsProviderCall(member) || IsServiceRegistration(member),
                _ => false,
            };

        /// <summary>The facts of a node the filter let through; null when it tells nothing.</summary>
        public static SyntaxNodeFacts? Read(GeneratorSyntaxContext syntax, CancellationToken cancellationToken)
        {
            var node = syntax.Node;
            var model = syntax.SemanticModel;
            SyntaxNodeFacts? facts = node switch
            {
                BaseMethodDeclarationSyntax => FactExtractor.FromMethod(node, model, cancellationToken) is { } method
                    ? Empty with { Method = method }
                    : null,
                ClassDeclarationSyntax => Empty with
                {
                    InheritedActions = FactExtractor.FromControllerType(node, model, cancellationToken),
                    DeclaredStore = FactExtractor.FromDeclaredContext(node, model, cancellationToken),
                },
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => Empty with
                {
                    Route = IsRouteMapping(member) ? FactExtractor.FromRouteMapping(node, model, cancellationToken) : null,
                    IdentityApi = IsIdentityApiMapping(member) ? FactExtractor.FromIdentityApiMapping(node, model, cancellationToken) : EquatableArray<EntryPointFact>.Empty,
                    Provider = IsProviderCall(member) ? FactExtractor.FromProviderCall(node, model, cancellationToken) : null,
                    Registration = IsServiceRegistration(member) ? FactExtractor.FromServiceRegistration(node, model, cancellationToken) : null,
                },
                _ => null,
            };

            return facts is null || facts == Empty ? null : facts;
        }

        private static SyntaxNodeFacts Empty { get; } = new(null, null, EquatableArray<EntryPointFact>.Empty, EquatableArray<EntryPointFact>.Empty, null, null, null);

        private static bool IsRouteMapping(MemberAccessExpressionSyntax member)
            => RouteMapping.MethodNames.Contains(member.Name.Identifier.ValueText);

        private static bool IsIdentityApiMapping(MemberAccessExpressionSyntax member)
            => member.Name.Identifier.ValueText == IdentityApiEndpoints.MethodName;

        private static bool IsProviderCall(MemberAccessExpressionSyntax member)
            => EfCoreProviders.IsProviderCallName(member.Name.Identifier.ValueText);

        /// <summary><c>AddScoped&lt;IRepository, Repository&gt;()</c>: which implementation answers a referenced project's service.</summary>
        private static bool IsServiceRegistration(MemberAccessExpressionSyntax member)
            => member.Name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 2 } name && FactExtractor.RegistrationMethodNames.Contains(name.Identifier.ValueText);
    }
}
