using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Frameworks.AspNetCore;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Everything the model's extraction needs about one compilation (annotation and framework types, conventions),
    /// resolved once and shared by the model analyzer's reading of each file and by the rules' <see cref="Analysis.CompilationAnalysis"/>;
    /// dropped with the compilation.
    /// </summary>
    internal sealed class ExtractionContext
    {
        // Lazy: the rules' and the model's compilation-start actions ask at the same time, and GetValue may run its factory
        // once per caller; the context's scans and caches must be built once.
        private static readonly ConditionalWeakTable<Compilation, System.Lazy<ExtractionContext>> Cache = new();

        private ExtractionContext(Compilation compilation)
        {
            // Until the assembly's and module's own attributes are bound, every symbol the binder meets asks whether the
            // assembly is [Obsolete] by reading the attribute lists of every file: binding them once here (a handful of
            // [assembly: …] lines) keeps each speculative binding of the model's reading from costing the whole compilation.
            compilation.Assembly.GetAttributes();
            compilation.SourceModule.GetAttributes();
            EntryPoints = EntryPointRecognizer.Create(compilation);
            Classification = new DataClassification(EntryPoints.Annotations, compilation);
            Resources = new ResourceRecognizer(compilation, EntryPoints.Annotations, Classification);
            Mediators = Frameworks.Mediator.MediatorDispatch.Create(compilation);
            Behavior = new BehaviorExtractor(Resources, Mediators);
            Responses = new HandlerResponses(compilation, Classification);
        }

        /// <summary>Name lookups shared by the bodies of this compilation.</summary>
        public LookupCache Lookups { get; } = new();

        public EntryPointRecognizer EntryPoints { get; }

        /// <summary>The mediators the compilation references (MediatR, Mediator), or null.</summary>
        public Frameworks.Mediator.MediatorDispatch? Mediators { get; }

        public AnnotationTypes Annotations => EntryPoints.Annotations;

        public DataClassification Classification { get; }

        public ResourceRecognizer Resources { get; }

        public BehaviorExtractor Behavior { get; }

        public HandlerResponses Responses { get; }

        public static ExtractionContext For(Compilation compilation)
            => Cache.GetValue(compilation, c => new System.Lazy<ExtractionContext>(() => new ExtractionContext(c), System.Threading.LazyThreadSafetyMode.ExecutionAndPublication)).Value;
    }
}
