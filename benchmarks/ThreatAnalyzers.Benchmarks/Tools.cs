using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ThreatAnalyzers.Benchmarks
{
    /// <summary>The analyzers measured: ours, and the peers loaded from their NuGet packages.</summary>
    public sealed class Tool
    {
        public Tool(string name, ImmutableArray<DiagnosticAnalyzer> analyzers, string version)
        {
            Name = name;
            Analyzers = analyzers;
            Version = version;
        }

        public string Name { get; }

        public ImmutableArray<DiagnosticAnalyzer> Analyzers { get; }

        public string Version { get; }

        /// <summary>Rule IDs to turn on (disabled-by-default security rules), with the severity "warning".</summary>
        public ImmutableDictionary<string, ReportDiagnostic> Enable { get; init; } = ImmutableDictionary<string, ReportDiagnostic>.Empty;

        /// <summary>Diagnostic suppressors among <see cref="Analyzers"/> (they run in the same driver).</summary>
        public int Suppressors => Analyzers.Count(a => a is DiagnosticSuppressor);

        /// <summary>Source generators shipped with the tool (ours only).</summary>
        public ImmutableArray<IIncrementalGenerator> Generators { get; init; } = ImmutableArray<IIncrementalGenerator>.Empty;

        /// <summary>
        /// Ours, found by reflection over the analyzer assembly so that renamed or merged analyzers need no change here:
        /// every concrete <see cref="DiagnosticAnalyzer"/> with [DiagnosticAnalyzer] (which includes each
        /// <see cref="DiagnosticSuppressor"/>, since suppressors run in the same driver) and every [Generator].
        /// </summary>
        public static Tool Ours()
        {
            var assembly = typeof(ThreatAnalyzers.Modeling.ThreatModelAnalyzer).Assembly;
            var types = assembly.GetTypes().Where(t => !t.IsAbstract && !t.IsGenericTypeDefinition).OrderBy(t => t.FullName, StringComparer.Ordinal).ToList();
            var analyzers = types
                .Where(t => typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is { } a && a.Languages.Contains(LanguageNames.CSharp))
                .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            var generators = types
                .Where(t => typeof(IIncrementalGenerator).IsAssignableFrom(t) && t.GetCustomAttribute<GeneratorAttribute>() is not null)
                .Select(t => (IIncrementalGenerator)Activator.CreateInstance(t)!)
                .ToImmutableArray();
            return new Tool("ThreatAnalyzers", analyzers, assembly.GetName().Version?.ToString() ?? "?") { Generators = generators };
        }

        /// <summary>The analyzer that only binds every code block: the floor of any semantic analysis.</summary>
        public static Tool BindingBaseline() => new("binding baseline", ImmutableArray.Create<DiagnosticAnalyzer>(new BindingBaselineAnalyzer()), "-");

        public static Tool SecurityCodeScan()
            => new("Security Code Scan", Load(Metadata("SecurityCodeScan"), Path.Combine("analyzers", "dotnet")), "5.6.7");

        /// <summary>The .NET SDK's analyzers with the Security category on: its taint rules (CA3001–CA3012) and CA2100 are off by default.</summary>
        public static Tool NetAnalyzersSecurity()
        {
            var analyzers = Load(Metadata("NetAnalyzers"), Path.Combine("analyzers", "dotnet", "cs"));
            var security = analyzers.SelectMany(a => a.SupportedDiagnostics).Where(d => d.Category == "Security").Select(d => d.Id).Distinct();
            return new Tool("NetAnalyzers (Security)", analyzers, "11.0.100")
            {
                Enable = security.ToImmutableDictionary(id => id, _ => ReportDiagnostic.Warn),
            };
        }

        private static ImmutableArray<DiagnosticAnalyzer> Load(string packageFolder, string analyzerFolder)
        {
            var folder = Path.Combine(packageFolder, analyzerFolder);
            var loader = new Loader(folder);
            return Directory.GetFiles(folder, "*.dll")
                .OrderBy(f => f, StringComparer.Ordinal)
                .SelectMany(f => new AnalyzerFileReference(f, loader).GetAnalyzers(LanguageNames.CSharp))
                .ToImmutableArray();
        }

        private static string Metadata(string key)
            => typeof(Tool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
               ?? throw new InvalidOperationException($"{key} is not set");

        /// <summary>Loads analyzer assemblies and resolves their dependencies from the same folder.</summary>
        private sealed class Loader : IAnalyzerAssemblyLoader
        {
            private readonly string folder;

            public Loader(string folder)
            {
                this.folder = folder;
                AppDomain.CurrentDomain.AssemblyResolve += (_, args) =>
                {
                    var candidate = Path.Combine(this.folder, new AssemblyName(args.Name).Name + ".dll");
                    return File.Exists(candidate) ? Assembly.LoadFrom(candidate) : null;
                };
            }

            public void AddDependencyLocation(string fullPath)
            {
            }

            public Assembly LoadFromPath(string fullPath) => Assembly.LoadFrom(fullPath);
        }
    }
}
