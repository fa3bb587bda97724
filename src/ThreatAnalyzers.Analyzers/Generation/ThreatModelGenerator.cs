using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Generation
{
    /// <summary>
    /// Builds the data-flow model at compile time and hands it to the build step, which joins it with the compiler's
    /// diagnostics (the threats) and renders the artifacts.
    /// Pipeline: per-declaration facts (equatable; annotated elements through ForAttributeWithMetadataName, conventions
    /// through one narrow syntactic filter, <see cref="SyntaxNodeFacts"/>) → collected with the rule settings → <see cref="ModelBuilder"/> → one Info
    /// diagnostic, <see cref="ModelDiagnostic"/> (TA0000), whose property holds the intermediate model: the compiler
    /// writes it to its SARIF log, where the build step reads it with the analyzers' findings.
    /// </summary>
    /// <remarks>
    /// Cheap by construction: no method body is bound (see <see cref="FactExtractor"/>; only route mappings and EF Core
    /// provider calls bind their own statement), and the output is an implementation output, so an IDE never runs it.
    /// No step output holds a symbol, a syntax node, a location or a compilation, so an edit that changes no fact leaves
    /// the model and artifact steps cached.
    /// </remarks>
    [Generator(LanguageNames.CSharp)]
    public sealed class ThreatModelGenerator : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var settings = context.AnalyzerConfigOptionsProvider
                .Select(static (provider, ct) => GeneratorSettings.Read(provider, ct))
                .WithTrackingName(TrackingNames.Settings);

            var system = context.CompilationProvider
                .Select(static (compilation, _) => compilation.AssemblyName ?? "Application")
                .WithTrackingName(TrackingNames.System);

            var rules = context.CompilationProvider
                .Select(static (compilation, _) => RuleEvaluation.Read(compilation))
                .WithTrackingName(TrackingNames.Rules);

            // One syntactic filter for every convention read from a node: the driver walks each tree once.
            var nodes = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => SyntaxNodeFacts.IsOfInterest(node),
                    static (syntax, ct) => SyntaxNodeFacts.Read(syntax, ct))
                .Where(static facts => facts is not null)
                .Select(static (facts, _) => facts!);

            var methods = nodes
                .Where(static facts => facts.Method is not null)
                .Select(static (facts, _) => facts.Method!)
                .WithTrackingName(TrackingNames.MethodFacts);

            var routes = nodes
                .Where(static facts => facts.Route is not null)
                .Select(static (facts, _) => facts.Route!)
                .WithTrackingName(TrackingNames.RouteFacts);

            var inherited = nodes
                .Where(static facts => facts.InheritedActions.Count > 0)
                .Select(static (facts, _) => facts.InheritedActions)
                .WithTrackingName(TrackingNames.InheritedActionFacts);

            // MapIdentityApi<TUser>() maps Identity's endpoints in one call.
            var identityApi = nodes
                .Where(static facts => facts.IdentityApi.Count > 0)
                .Select(static (facts, _) => facts.IdentityApi)
                .WithTrackingName(TrackingNames.IdentityApiFacts);

            var stores = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "ThreatAnalyzers.DataStoreAttribute",
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (syntax, _) => FactExtractor.FromAnnotatedType(syntax.TargetSymbol, syntax.Attributes[0], ElementKinds.DataStore, syntax.SemanticModel))
                .Where(static fact => fact is not null)
                .Select(static (fact, _) => fact!)
                .WithTrackingName(TrackingNames.DataStoreFacts);

            var entities = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    "ThreatAnalyzers.ExternalEntityAttribute",
                    static (node, _) => node is TypeDeclarationSyntax,
                    static (syntax, _) => FactExtractor.FromAnnotatedType(syntax.TargetSymbol, syntax.Attributes[0], ElementKinds.ExternalEntity, syntax.SemanticModel))
                .Where(static fact => fact is not null)
                .Select(static (fact, _) => fact!)
                .WithTrackingName(TrackingNames.ExternalEntityFacts);

            var providers = nodes
                .Where(static facts => facts.Provider is not null)
                .Select(static (facts, _) => facts.Provider!)
                .WithTrackingName(TrackingNames.ProviderFacts);

            // A DbContext declared here is a store of the model even where no flow reaches it (a library's own model).
            var declaredStores = nodes
                .Where(static facts => facts.DeclaredStore is not null)
                .Select(static (facts, _) => facts.DeclaredStore!)
                .WithTrackingName(TrackingNames.DeclaredStoreFacts);

            // AddScoped<IRepository, Repository>() of a referenced project's service: which implementation answers it.
            var registrations = nodes
                .Where(static facts => facts.Registration is not null)
                .Select(static (facts, _) => facts.Registration!)
                .WithTrackingName(TrackingNames.ServiceRegistrationFacts);

            var entryPoints = routes.Collect().Combine(inherited.Collect()).Select(static (pair, _) => pair.Left.AddRange(pair.Right.SelectMany(facts => facts)))
                .Combine(identityApi.Collect()).Select(static (pair, _) => pair.Left.AddRange(pair.Right.SelectMany(facts => facts)));

            // What the referenced projects' methods the code calls reach, read from metadata (their bodies are not available).
            var referenced = methods.Collect()
                .Combine(entryPoints)
                .Combine(registrations.Collect())
                .Combine(context.CompilationProvider)
                .Select(static (all, ct) =>
                {
                    var (((declared, routeFacts), registered), compilation) = all;
                    return ReferencedDeclarations.Read(
                        compilation,
                        declared.Select(d => d.Method).OfType<MethodFact>(),
                        declared.Select(d => d.EntryPoint).OfType<EntryPointFact>().Concat(routeFacts).Select(e => e.DirectBehavior),
                        registered,
                        ct);
                })
                .WithTrackingName(TrackingNames.ReferencedFacts);

            var inputs = methods.Collect()
                .Combine(entryPoints)
                .Combine(stores.Collect().Combine(entities.Collect()))
                .Combine(providers.Collect())
                .Combine(system.Combine(settings).Combine(rules))
                .Combine(referenced.Combine(declaredStores.Collect()))
                .Select(static (all, _) =>
                {
                    var (((((declared, routeFacts), (storeFacts, entityFacts)), providerFacts), ((systemName, options), ruleInfos)), (referencedFacts, declaredStoreFacts)) = all;
                    return new ModelInputs(
                        options.SystemName ?? systemName,
                        options.ProjectDirectory,
                        declared.Select(d => d.EntryPoint).OfType<EntryPointFact>().Concat(routeFacts).ToEquatableArray(),
                        declared.Select(d => d.Method).OfType<MethodFact>().Concat(referencedFacts.Methods).ToEquatableArray(),
                        storeFacts.Concat(entityFacts).ToEquatableArray(),
                        declaredStoreFacts.Concat(referencedFacts.Stores).ToEquatableArray(),
                        providerFacts.ToEquatableArray(),
                        ruleInfos);
                })
                .WithTrackingName(TrackingNames.ModelInputs);

            var model = inputs
                .Select(static (modelInputs, _) => ModelBuilder.Build(modelInputs))
                .WithTrackingName(TrackingNames.Model);

            var report = model.Combine(settings)
                .Select(static (pair, _) => pair.Right.Enabled ? new ModelReport(pair.Left.System, pair.Left.Elements.Count, pair.Left.Flows.Count, ModelJsonRenderer.Render(pair.Left, intermediate: true)) : null)
                .WithTrackingName(TrackingNames.Artifacts);

            // An implementation output: the command-line build runs it, an IDE does not (nothing here is code the IDE needs).
            context.RegisterImplementationSourceOutput(report, static (output, found) =>
            {
                if (found is not null)
                {
                    output.ReportDiagnostic(ModelDiagnostic.Create(found.System, found.Elements, found.Flows, found.Json));
                }
            });
        }
    }

    /// <summary>What the generator reports: the model's JSON and the counts its message names (equatable, so an unchanged model is cached).</summary>
    internal sealed record ModelReport(string System, int Elements, int Flows, string Json);

    /// <summary>Names of the generator's steps, for incremental-caching tests.</summary>
    internal static class TrackingNames
    {
        public const string Settings = nameof(Settings);
        public const string System = nameof(System);
        public const string Rules = nameof(Rules);
        public const string MethodFacts = nameof(MethodFacts);
        public const string IdentityApiFacts = nameof(IdentityApiFacts);
        public const string RouteFacts = nameof(RouteFacts);
        public const string InheritedActionFacts = nameof(InheritedActionFacts);
        public const string DataStoreFacts = nameof(DataStoreFacts);
        public const string ExternalEntityFacts = nameof(ExternalEntityFacts);
        public const string ProviderFacts = nameof(ProviderFacts);
        public const string DeclaredStoreFacts = nameof(DeclaredStoreFacts);
        public const string ServiceRegistrationFacts = nameof(ServiceRegistrationFacts);
        public const string ReferencedFacts = nameof(ReferencedFacts);
        public const string ModelInputs = nameof(ModelInputs);
        public const string Model = nameof(Model);
        public const string Artifacts = nameof(Artifacts);
    }
}
