using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.Modeling;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Verifiers;

namespace ThreatAnalyzers.Tests.Robustness
{
    /// <summary>Runs everything the package runs in an IDE (analyzers, the model analyzer among them, and code fixes) on one document and collects any exception.</summary>
    internal static class RobustnessHarness
    {
        public static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers = typeof(RuleCatalog).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        public static readonly ImmutableArray<CodeFixProvider> Fixers = typeof(CodeFixes.Rules.UnauthenticatedEntryPointFixer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .Select(t => (CodeFixProvider)Activator.CreateInstance(t)!)
            .ToImmutableArray();

        private static readonly Lazy<AdhocWorkspace> Workspace = new(() => new AdhocWorkspace());

        /// <summary>The C# programs of the test suite (raw string literals that declare something) and the sample's files.</summary>
        public static IReadOnlyList<string> Corpus()
        {
            var documents = new List<string>();
            foreach (var file in Directory.GetFiles(Path.Combine(DotNetCli.RepoRoot, "tests"), "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    continue;
                }

                var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file)).GetRoot();
                foreach (var token in root.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.MultiLineRawStringLiteralToken) && IsProgram(token.ValueText))
                    {
                        documents.Add(token.ValueText);
                    }
                }

                // Interpolated raw strings ($$"""...""") are programs with holes: the holes become an empty string.
                foreach (var interpolated in root.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InterpolatedStringExpressionSyntax>())
                {
                    if (interpolated.StringStartToken.IsKind(SyntaxKind.InterpolatedMultiLineRawStringStartToken))
                    {
                        var text = string.Concat(interpolated.Contents.Select(c => c is Microsoft.CodeAnalysis.CSharp.Syntax.InterpolatedStringTextSyntax t ? t.TextToken.ValueText : string.Empty));
                        if (IsProgram(text))
                        {
                            documents.Add(text);
                        }
                    }
                }
            }

            foreach (var file in Directory.GetFiles(Path.Combine(DotNetCli.RepoRoot, "samples"), "*.cs", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal))
            {
                if (!file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !file.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                {
                    documents.Add("using System; using System.Linq; using System.Threading; using System.Threading.Tasks; using System.Net.Http; using Microsoft.AspNetCore.Builder; using Microsoft.AspNetCore.Http; using Microsoft.Extensions.Logging; using Microsoft.Extensions.DependencyInjection;\n" + File.ReadAllText(file));
                }
            }

            // And a slice of the benchmark's generated web APIs, file by file.
            documents.AddRange(ThreatAnalyzers.Benchmarks.Corpus.CorpusGenerator.Generate(40, seed: 3).Files.Select(f => f.Text));
            return documents;
        }

        private static bool IsProgram(string text)
            => text.Contains("class ", StringComparison.Ordinal) || text.Contains("app.Map", StringComparison.Ordinal) || text.Contains("record ", StringComparison.Ordinal);

        /// <summary>Every exception thrown by an analyzer or a code fix on this document, described.</summary>
        public static async Task<List<string>> FailuresAsync(string source, CancellationToken cancellationToken = default)
        {
            var failures = new ConcurrentBag<string>();
            var tree = CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest), path: "/Mutated.cs", cancellationToken: cancellationToken);
            var kind = tree.GetRoot(cancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.GlobalStatementSyntax>().Any()
                ? OutputKind.ConsoleApplication
                : OutputKind.DynamicallyLinkedLibrary;
            var compilation = CSharpCompilation.Create("Mutated", new[] { tree }, TestReferences.WebWithLibraries, new CSharpCompilationOptions(kind));

            var options = new CompilationWithAnalyzersOptions(
                new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
                onAnalyzerException: (exception, analyzer, _) => failures.Add($"{analyzer.GetType().Name}: {exception}"),
                concurrentAnalysis: false,
                logAnalyzerExecutionTime: false);
            var diagnostics = await compilation.WithAnalyzers(Analyzers, options).GetAnalyzerDiagnosticsAsync(cancellationToken);
            foreach (var diagnostic in diagnostics.Where(d => d.Id == "AD0001"))
            {
                failures.Add(diagnostic.ToString());
            }

            foreach (var diagnostic in diagnostics.Where(d => d.Id.StartsWith("TA", StringComparison.Ordinal) && d.Location.IsInSource))
            {
                await ComputeFixesAsync(source, diagnostic, failures, cancellationToken);
            }

            return failures.ToList();
        }

        /// <summary>Asks every fixer of the diagnostic for its fixes and computes their changes, as the light bulb does.</summary>
        private static async Task ComputeFixesAsync(string source, Diagnostic diagnostic, ConcurrentBag<string> failures, CancellationToken cancellationToken)
        {
            foreach (var fixer in Fixers.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                try
                {
                    var projectId = ProjectId.CreateNewId();
                    var solution = Workspace.Value.CurrentSolution
                        .AddProject(ProjectInfo.Create(
                            projectId, VersionStamp.Default, "Mutated", "Mutated", LanguageNames.CSharp,
                            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary),
                            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                            metadataReferences: TestReferences.WebWithLibraries));
                    var document = solution.GetProject(projectId)!.AddDocument("Mutated.cs", SourceText.From(source), filePath: "/Mutated.cs");
                    var actions = new List<CodeAction>();
                    var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
                    await fixer.RegisterCodeFixesAsync(context);
                    foreach (var action in actions)
                    {
                        await action.GetOperationsAsync(cancellationToken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures.Add($"{fixer.GetType().Name} on {diagnostic.Id}: {exception}");
                }
            }
        }
    }
}
