using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Frameworks.AdoNet;
using ThreatAnalyzers.Frameworks.Annotated;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.AwsSdk;
using ThreatAnalyzers.Frameworks.EntityFrameworkCore;
using ThreatAnalyzers.Frameworks.Http;
using ThreatAnalyzers.Frameworks.Logging;
using ThreatAnalyzers.Frameworks.Mail;
using ThreatAnalyzers.Model;

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
                EntityFrameworkCore = ef;
            }

            // Identity's managers go to the app's IdentityDbContext when it has one: the same element as EF Core's.
            if (IdentityStores.Create(compilation, EntityFrameworkCore, classification) is { } identity)
            {
                conventions.Add(identity);
                Identity = identity;
            }

            conventions.Add(RelationalResources.Create(compilation, EntityFrameworkCore, classification));
            if (AwsResources.Create(compilation, classification) is { } aws)
            {
                conventions.Add(aws);
            }

            if (HttpClientResources.Create(compilation, classification) is { } http)
            {
                conventions.Add(http);
            }

            if (MailResources.Create(compilation, classification) is { } mail)
            {
                conventions.Add(mail);
            }

            conventions.Add(LoggingResources.Create(compilation, classification));
        }

        public AnnotatedElements Annotated { get; }

        /// <summary>ASP.NET Core Identity's user store, when the compilation references Identity's managers.</summary>
        public IdentityStores? Identity { get; }

        /// <summary>EF Core, when the compilation references it: the only convention for which reading a member touches a store.</summary>
        public EfCoreResources? EntityFrameworkCore { get; }

        /// <summary>The element a call touches, recognised from declarations and syntax (the model's side).</summary>
        public TouchFact? TryRecognize(SyntaxCall call)
        {
            foreach (var convention in conventions)
            {
                if (convention.TryRecognize(call) is { } touch)
                {
                    return touch;
                }
            }

            return null;
        }

        /// <summary>The element a property or field read touches (a DbSet of a DbContext), recognised from declarations.</summary>
        public TouchFact? TryRecognizeRead(SyntaxMemberRead read) => EntityFrameworkCore?.TryRecognizeRead(read);

        /// <summary>The element a referenced type reaches by depending on <paramref name="dependency"/> (a constructor or method parameter's type).</summary>
        public TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
        {
            foreach (var convention in conventions)
            {
                if (convention.TryRecognizeDependency(dependency, dependent, access, classes) is { } touch)
                {
                    return touch;
                }
            }

            return null;
        }

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
