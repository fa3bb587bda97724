using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Everything extraction needs about one compilation (annotation and framework types, conventions), resolved once and
    /// shared by the generator's per-node transforms; dropped with the compilation.
    /// </summary>
    internal sealed class ExtractionContext
    {
        private static readonly ConditionalWeakTable<Compilation, ExtractionContext> Cache = new();

        private ExtractionContext(Compilation compilation)
        {
            EntryPoints = EntryPointRecognizer.Create(compilation);
            Classification = new DataClassification(EntryPoints.Annotations);
            Resources = new ResourceRecognizer(compilation, EntryPoints.Annotations, Classification);
            Reviews = new ReviewAnnotationReader(EntryPoints.Annotations);
            Behavior = new BehaviorExtractor(Resources);
            Flow = DataFlow.FlowEngine.Create(compilation, DataFlow.FlowOptions.Default, EntryPoints, Classification, Resources);
        }

        /// <summary>The flow engine, sharing this context's recognizers: one application-wide scan per compilation.</summary>
        public DataFlow.FlowEngine Flow { get; }

        public EntryPointRecognizer EntryPoints { get; }

        public AnnotationTypes Annotations => EntryPoints.Annotations;

        public DataClassification Classification { get; }

        public ResourceRecognizer Resources { get; }

        public ReviewAnnotationReader Reviews { get; }

        public BehaviorExtractor Behavior { get; }

        public static ExtractionContext For(Compilation compilation) => Cache.GetValue(compilation, c => new ExtractionContext(c));
    }
}
