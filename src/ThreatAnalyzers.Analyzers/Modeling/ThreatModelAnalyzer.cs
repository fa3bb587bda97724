using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Modeling
{
    /// <summary>
    /// Builds the data-flow model in the compiler's analysis pass and hands it to the build step, which joins it with the
    /// compiler's diagnostics (the threats) and renders the artifacts.
    /// Per file, once, on the semantic model the driver shares with every analyzer: the facts of the declarations and
    /// calls of interest (<see cref="SyntaxNodeFacts"/>, <see cref="FactExtractor"/>). At the compilation's end: the facts
    /// in file order → <see cref="ModelInputs"/> with the rule settings → <see cref="ModelBuilder"/> → one Info
    /// diagnostic, <see cref="ModelDiagnostic"/> (TA0000), whose property holds the intermediate model: the compiler
    /// writes it to its SARIF log, where the build step reads it with the analyzers' findings.
    /// </summary>
    /// <remarks>
    /// Why an analyzer and not a source generator: a generator runs before the compiler binds and cannot share its work,
    /// so reading the program there cost as much again as binding it (80 % of compile at 1,000 files; see
    /// docs/performance.md). Here the bodies, symbols and operation trees it asks about are the ones the driver has bound
    /// for every analyzer of the build. The model is reported at the compilation's end, which an IDE runs only in
    /// full-solution analysis; in an editor, only the open document's facts are read (and dropped with its compilation).
    /// Generated code is read too: a generated HTTP client's calls are flows of the system; nothing is reported in it.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThreatModelAnalyzer : DiagnosticAnalyzer
    {
        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(ModelDiagnostic.Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.Analyze);
            context.RegisterCompilationStartAction(start =>
            {
                var settings = ModelSettings.Read(start.Options.AnalyzerConfigOptionsProvider);
                if (!settings.Enabled)
                {
                    return;
                }

                var collector = new ModelFacts(start.Compilation, settings);
                if (collector.Scope.Any)
                {
                    start.RegisterSemanticModelAction(collector.Read);
                }

                start.RegisterCompilationEndAction(collector.Report);
            });
        }

        /// <summary>The facts of one compilation's files, kept per file so the model never depends on the order files were analyzed in.</summary>
        private sealed class ModelFacts
        {
            private readonly ConcurrentDictionary<SyntaxTree, IReadOnlyList<SyntaxNodeFacts>> byFile = new();
            private readonly ModelSettings settings;

            public ModelFacts(Compilation compilation, ModelSettings settings)
            {
                this.settings = settings;
                Scope = new ModelScope(compilation);
            }

            public ModelScope Scope { get; }

            public void Read(SemanticModelAnalysisContext context)
            {
                var model = context.SemanticModel;
                var found = new List<SyntaxNodeFacts>();
                foreach (var node in model.SyntaxTree.GetRoot(context.CancellationToken).DescendantNodes())
                {
                    if (Scope.IsOfInterest(node) && SyntaxNodeFacts.Read(node, model, Scope, context.CancellationToken) is { } facts)
                    {
                        found.Add(facts);
                    }
                }

                byFile[model.SyntaxTree] = found;
            }

            public void Report(CompilationAnalysisContext context)
            {
                var compilation = context.Compilation;
                var cancellationToken = context.CancellationToken;
                var all = compilation.SyntaxTrees.SelectMany(tree => byFile.TryGetValue(tree, out var facts) ? facts : Enumerable.Empty<SyntaxNodeFacts>()).ToList();

                var declared = all.Select(f => f.Method).OfType<DeclaredMethodFacts>().ToList();
                var methods = declared.Select(d => d.Method).OfType<MethodFact>().ToList();

                // Routes, then actions inherited from base controllers, then MapIdentityApi's endpoints, as each is found.
                var routes = all.Select(f => f.Route).OfType<EntryPointFact>()
                    .Concat(all.SelectMany(f => f.InheritedActions))
                    .Concat(all.SelectMany(f => f.IdentityApi))
                    .ToList();
                var entryPoints = declared.Select(d => d.EntryPoint).OfType<EntryPointFact>().Concat(routes).ToList();

                // What the referenced projects' methods the code calls reach, read from metadata (their bodies are not available).
                var referenced = ReferencedDeclarations.Read(
                    compilation,
                    methods,
                    entryPoints.Select(e => e.DirectBehavior),
                    all.Select(f => f.Registration).OfType<ServiceRegistrationFact>().ToList(),
                    cancellationToken);

                var annotated = all.SelectMany(f => f.Annotated).ToList();
                var inputs = new ModelInputs(
                    settings.SystemName ?? compilation.AssemblyName ?? "Application",
                    settings.ProjectDirectory,
                    entryPoints.ToEquatableArray(),
                    methods.Concat(referenced.Methods).ToEquatableArray(),
                    annotated.Where(e => e.Kind == ElementKinds.DataStore).Concat(annotated.Where(e => e.Kind != ElementKinds.DataStore)).ToEquatableArray(),
                    all.Select(f => f.DeclaredStore).OfType<ElementFact>().Concat(referenced.Stores).ToEquatableArray(),
                    all.Select(f => f.Provider).OfType<StoreProviderFact>().ToEquatableArray(),
                    RuleEvaluation.Read(compilation));

                var model = ModelBuilder.Build(inputs);
                context.ReportDiagnostic(ModelDiagnostic.Create(model.System, model.Elements.Count, model.Flows.Count, ModelJsonRenderer.Render(model, intermediate: true)));
            }
        }
    }
}
