using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Frameworks.AdoNet;
using ThreatAnalyzers.Frameworks.Annotated;
using ThreatAnalyzers.Frameworks.AwsSdk;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Frameworks.Http;
using ThreatAnalyzers.Frameworks.Logging;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>The framework conventions for data stores and external entities, asked in order: annotations first, so they win.</summary>
    internal sealed class ResourceRecognizer
    {
        private readonly List<ResourceConvention> conventions = new();

        public ResourceRecognizer(Compilation compilation, AnnotationTypes annotations, DataClassification classification)
        {
            Annotated = new AnnotatedElements(annotations, classification);
            conventions.Add(Annotated);
            if (EfCoreResources.Create(compilation, Annotated, classification) is { } ef)
            {
                conventions.Add(ef);
            }

            conventions.Add(RelationalResources.Create(compilation, classification));
            if (AwsResources.Create(compilation, classification) is { } aws)
            {
                conventions.Add(aws);
            }

            if (HttpClientResources.Create(compilation, classification) is { } http)
            {
                conventions.Add(http);
            }

            conventions.Add(LoggingResources.Create(compilation, classification));
        }

        public AnnotatedElements Annotated { get; }

        public TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            foreach (var convention in conventions)
            {
                if (convention.TryRecognize(operation, flow) is { } touch)
                {
                    return touch;
                }
            }

            return null;
        }
    }
}
