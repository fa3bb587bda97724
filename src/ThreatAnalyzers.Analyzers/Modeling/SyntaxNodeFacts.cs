using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Modeling
{
    /// <summary>
    /// What one syntax node of interest tells the model, whichever kind it is: a method's facts, a route mapping, a
    /// controller's inherited actions, <c>MapIdentityApi</c>'s endpoints, an EF Core provider call, a declared
    /// <c>DbContext</c>, a service registration, an annotated element. <see cref="ThreatModelAnalyzer"/> reads each file
    /// once, in one walk, and splits the kinds off when it builds the model.
    /// </summary>
    internal sealed record SyntaxNodeFacts(
        DeclaredMethodFacts? Method,
        EntryPointFact? Route,
        EquatableArray<EntryPointFact> InheritedActions,
        EquatableArray<EntryPointFact> IdentityApi,
        StoreProviderFact? Provider,
        ElementFact? DeclaredStore,
        ServiceRegistrationFact? Registration,
        EquatableArray<ElementFact> Annotated)
    {
        /// <summary>The facts of a node <see cref="ModelScope.IsOfInterest"/> let through; null when it tells nothing.</summary>
        /// <param name="node">The node.</param>
        /// <param name="model">The semantic model of its tree.</param>
        /// <param name="scope">What the compilation can tell the model.</param>
        /// <param name="sharesBinding">The rules bind the bodies of this tree on <paramref name="model"/> (see <see cref="BodyReader"/>).</param>
        /// <param name="cancellationToken">Cancellation.</param>
        public static SyntaxNodeFacts? Read(SyntaxNode node, SemanticModel model, ModelScope scope, bool sharesBinding, CancellationToken cancellationToken)
        {
            SyntaxNodeFacts? facts = node switch
            {
                BaseMethodDeclarationSyntax => FactExtractor.FromMethod(node, model, sharesBinding, cancellationToken) is { } method
                    ? Empty with { Method = method }
                    : null,
                TypeDeclarationSyntax => Empty with
                {
                    InheritedActions = scope.Controllers && node is ClassDeclarationSyntax { BaseList: not null } ? FactExtractor.FromControllerType(node, model, cancellationToken) : EquatableArray<EntryPointFact>.Empty,
                    DeclaredStore = scope.DeclaredContexts && node is ClassDeclarationSyntax { BaseList: not null } ? FactExtractor.FromDeclaredContext(node, model, cancellationToken) : null,
                    Annotated = scope.AnnotatedElements && ((TypeDeclarationSyntax)node).AttributeLists.Count > 0 ? FactExtractor.FromAnnotatedDeclaration(node, model, cancellationToken) : EquatableArray<ElementFact>.Empty,
                },
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => Empty with
                {
                    Route = scope.RouteMappings && ModelScope.IsRouteMapping(member) ? FactExtractor.FromRouteMapping(node, model, sharesBinding, cancellationToken) : null,
                    IdentityApi = scope.RouteMappings && ModelScope.IsIdentityApiMapping(member) ? FactExtractor.FromIdentityApiMapping(node, model, cancellationToken) : EquatableArray<EntryPointFact>.Empty,
                    Provider = scope.ProviderCalls && ModelScope.IsProviderCall(member) ? FactExtractor.FromProviderCall(node, model, cancellationToken) : null,
                    Registration = scope.Registrations && ModelScope.IsServiceRegistration(member) ? FactExtractor.FromServiceRegistration(node, model, cancellationToken) : null,
                },
                _ => null,
            };

            return facts is null || facts == Empty ? null : facts;
        }

        private static SyntaxNodeFacts Empty { get; } = new(null, null, EquatableArray<EntryPointFact>.Empty, EquatableArray<EntryPointFact>.Empty, null, null, null, EquatableArray<ElementFact>.Empty);
    }

    /// <summary>
    /// Which kinds of node can tell this compilation's model anything, from what it references and which annotations it
    /// writes: a library with no web or Lambda framework, no EF Core, no element annotation and no referenced project of
    /// its own is not walked at all.
    /// </summary>
    internal sealed class ModelScope
    {
        public ModelScope(Compilation compilation)
        {
            var context = ExtractionContext.For(compilation);
            Methods = context.EntryPoints.CanFindMethodEntryPoints || context.EntryPoints.CanFindRouteMappings;
            Controllers = context.EntryPoints.AspNetCore is { HasMvc: true };
            RouteMappings = context.EntryPoints.CanFindRouteMappings;
            DeclaredContexts = context.Resources.EntityFrameworkCore is not null;
            ProviderCalls = context.Resources.EntityFrameworkCore is not null;
            // Referencing the annotations is not using them: only a declaration that writes [DataStore] or [ExternalEntity]
            // (or an alias that may hide them) is an element (read from each file's declarations once, kept with its tree).
            var usage = AnnotationUsage.Of(compilation);
            AnnotatedElements = (context.Annotations.DataStore is not null && usage.MayUse("DataStore"))
                                || (context.Annotations.ExternalEntity is not null && usage.MayUse("ExternalEntity"));
            // AddScoped<IService, Implementation>() matters only for a referenced project's service.
            Registrations = compilation.SourceModule.ReferencedAssemblySymbols.Any(assembly => !ReferencedDeclarations.IsFramework(assembly, compilation));
            // Where routes can be mapped, the rules walk every body they analyze (ThreatRulesAnalyzer), so reading a name
            // from what the compiler bound costs the model nothing; with every rule off, the driver runs no rule.
            RulesBindBodies = RouteMappings && RuleEvaluation.AnyEvaluated(compilation);
        }

        /// <summary>The rules' pass binds every body of the compilation's non-generated files.</summary>
        public bool RulesBindBodies { get; }

        public bool Methods { get; }

        public bool Controllers { get; }

        public bool RouteMappings { get; }

        public bool DeclaredContexts { get; }

        public bool ProviderCalls { get; }

        public bool AnnotatedElements { get; }

        public bool Registrations { get; }

        /// <summary>Whether any node of any file can tell the model something.</summary>
        public bool Any => Methods || Controllers || DeclaredContexts || AnnotatedElements || ProviderCalls || Registrations;

        private bool Types => Controllers || DeclaredContexts || AnnotatedElements;

        private bool Invocations => RouteMappings || ProviderCalls || Registrations;

        /// <summary>The syntactic filter: only these nodes are read.</summary>
        public bool IsOfInterest(SyntaxNode node)
            => node switch
            {
                BaseMethodDeclarationSyntax { Parent: TypeDeclarationSyntax } method => Methods && (method.Body is not null || method.ExpressionBody is not null),
                TypeDeclarationSyntax type => Types && (type.BaseList is not null || type.AttributeLists.Count > 0),
                InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } => Invocations
                    && ((RouteMappings && (IsRouteMapping(member) || IsIdentityApiMapping(member))) || (ProviderCalls && IsProviderCall(member)) || (Registrations && IsServiceRegistration(member))),
                _ => false,
            };

        public static bool IsRouteMapping(MemberAccessExpressionSyntax member)
            => RouteMapping.MethodNames.Contains(member.Name.Identifier.ValueText);

        public static bool IsIdentityApiMapping(MemberAccessExpressionSyntax member)
            => member.Name.Identifier.ValueText == IdentityApiEndpoints.MethodName;

        public static bool IsProviderCall(MemberAccessExpressionSyntax member)
            => EfCoreProviders.IsProviderCallName(member.Name.Identifier.ValueText);

        /// <summary><c>AddScoped&lt;IRepository, Repository&gt;()</c>: which implementation answers a referenced project's service.</summary>
        public static bool IsServiceRegistration(MemberAccessExpressionSyntax member)
            => member.Name is GenericNameSyntax { TypeArgumentList.Arguments.Count: 2 } name && FactExtractor.RegistrationMethodNames.Contains(name.Identifier.ValueText);
    }
}
