using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>
    /// Metadata references for test compilations: the .NET and ASP.NET Core reference assemblies this test project was
    /// built against (listed at build time in test-references.txt), and the ThreatAnalyzers annotations.
    /// </summary>
    public static class TestReferences
    {
        private static readonly Lazy<ILookup<string, MetadataReference>> Framework = new(Load);

        /// <summary>No reference-assembly package: the testing library must not download anything.</summary>
        public static ReferenceAssemblies None { get; } = new ReferenceAssemblies("net10.0");

        public static MetadataReference Annotations { get; } =
            MetadataReference.CreateFromFile(typeof(TrustBoundaryAttribute).Assembly.Location);

        public static ImmutableArray<MetadataReference> NetCore => Framework.Value["Microsoft.NETCore.App"].ToImmutableArray();

        public static ImmutableArray<MetadataReference> AspNetCore => Framework.Value["Microsoft.AspNetCore.App"].ToImmutableArray();

        /// <summary>.NET, ASP.NET Core and the annotations: what a web project with the package compiles against.</summary>
        public static ImmutableArray<MetadataReference> Web => NetCore.AddRange(AspNetCore).Add(Annotations);

        /// <summary>EF Core (with SQLite, and Identity's EF stores) and the AWS SDK (S3, DynamoDB), from their restored packages.</summary>
        public static ImmutableArray<MetadataReference> Libraries => Framework.Value["Libraries"].ToImmutableArray();

        /// <summary>MailKit, with MimeKit and BouncyCastle, from their restored packages: kept apart, as only the mail tests use them.</summary>
        public static ImmutableArray<MetadataReference> Mail => Framework.Value["Mail"].ToImmutableArray();

        /// <summary>A web project that also uses EF Core and the AWS SDK.</summary>
        public static ImmutableArray<MetadataReference> WebWithLibraries => Web.AddRange(Libraries);

        /// <summary>.NET and the annotations, no ASP.NET Core: a worker or library project.</summary>
        public static ImmutableArray<MetadataReference> Library => NetCore.Add(Annotations);

        private static ILookup<string, MetadataReference> Load()
        {
            var list = Path.Combine(AppContext.BaseDirectory, "test-references.txt");
            if (!File.Exists(list))
            {
                throw new InvalidOperationException($"{list} is missing: it is written by the test project's build (target ListTestReferenceAssemblies).");
            }

            return File.ReadAllLines(list)
                .Where(line => line.Contains('|', StringComparison.Ordinal))
                .Select(line => line.Split('|', 2))
                .ToLookup(parts => parts[0], parts => (MetadataReference)MetadataReference.CreateFromFile(parts[1]));
        }
    }
}
