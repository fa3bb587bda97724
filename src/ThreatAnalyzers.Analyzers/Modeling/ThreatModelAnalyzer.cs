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
    /// docs/performance.md). Here the symbols it asks about, and the operations of the calls it must understand (route
    /// mappings, EF Core provider calls), come from the compilation and semantic models the driver shares with every
    /// analyzer of the build; bodies are read from syntax with lookups (BodyReader), and names from what the compiler
    /// bound where the rules bind the body anyway.
    /// The model is reported at the compilation's end, which an IDE runs only in full-solution analysis; in an editor, at
    /// most the open document's facts are read (and dropped with its compilation). Generated code is read too, unlike by
    /// the rules: a generated HTTP client's calls are flows of the system (the generator this replaced read the project's
    /// generated files, but not other generators' output); nothing is reported in it.
    /// </remarks>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class ThreatModelAnalyzer : DiagnosticAnalyzer
    {
        private readonly System.Action<SyntaxTree>? beforeReading;

        public ThreatModelAnalyzer()
            : this(beforeReading: null)
        {
        }

        /// <summary>For tests: a hook called before each file is read (one that throws stands for a bug in the reading).</summary>
        internal ThreatModelAnalyzer(System.Action<SyntaxTree>? beforeReading) => this.beforeReading = beforeReading;

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

                var collector = new ModelFacts(start.Compilation, settings, beforeReading);
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
            private readonly System.Action<SyntaxTree>? beforeReading;

            // Set when reading a file threw: the driver reports that (AD0001) and goes on, so without this flag the model
            // would be reported without the file's facts and taken for complete. No model at all, and the build step says why.
            private volatile bool failed;

            public ModelFacts(Compilation compilation, ModelSettings settings, System.Action<SyntaxTree>? beforeReading)
            {
                this.settings = settings;
                this.beforeReading = beforeReading;
                Scope = new ModelScope(compilation);
            }

            public ModelScope Scope { get; }

            public void Read(SemanticModelAnalysisContext context)
            {
                var model = context.SemanticModel;
                try
                {
                    beforeReading?.Invoke(model.SyntaxTree);
                    var sharesBinding = Scope.RulesBindBodies && !context.IsGeneratedCode;
                    var found = new List<SyntaxNodeFacts>();
                    foreach (var node in model.SyntaxTree.GetRoot(context.CancellationToken).DescendantNodes())
                    {
                        if (Scope.IsOfInterest(node) && SyntaxNodeFacts.Read(node, model, Scope, sharesBinding, context.CancellationToken) is { } facts)
                        {
                            found.Add(facts);
                        }
                    }

                    byFile[model.SyntaxTree] = found;
                }
                catch (System.Exception exception) when (exception is not System.OperationCanceledException)
                {
                    failed = true;
                    throw;
                }
            }

            public void Report(CompilationAnalysisContext context)
            {
                if (failed)
                {
                    return;
                }

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
