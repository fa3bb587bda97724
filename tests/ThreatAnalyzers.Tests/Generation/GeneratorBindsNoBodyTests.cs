using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Generation
{
    /// <summary>
    /// The generator binds no method body: the compiler binds every body for itself (and the analyzers share that work),
    /// a generator cannot share it, so binding them again doubled the cost of a build. The guard reads the generator's
    /// own source with Roslyn and follows every call it can make, through interfaces and overrides, looking for the
    /// semantic model's questions that bind the code around the node they are asked about.
    /// </summary>
    public class GeneratorBindsNoBodyTests
    {
        /// <summary>Questions of the semantic model that bind the statement or body around their node.</summary>
        private static readonly HashSet<string> BindingQueries = new(StringComparer.Ordinal)
        {
            "GetOperation", "GetSymbolInfo", "GetTypeInfo", "GetConstantValue", "GetConversion", "GetMemberGroup", "GetIndexerGroup",
            "AnalyzeDataFlow", "AnalyzeControlFlow", "GetAwaitExpressionInfo", "GetForEachStatementInfo", "GetDeconstructionInfo",
            "GetQueryClauseInfo", "GetCollectionInitializerSymbolInfo", "GetEnclosingSymbol",
        };

        /// <summary>
        /// The statement binders: each binds one statement the generator found by name, because only the binder can say what
        /// it means (the analyzers bind the same statements).
        /// </summary>
        private static readonly Dictionary<string, string> StatementBinders = new(StringComparer.Ordinal)
        {
            ["M:ThreatAnalyzers.Extraction.FactExtractor.FromRouteMapping(Microsoft.CodeAnalysis.SyntaxNode,Microsoft.CodeAnalysis.SemanticModel,System.Threading.CancellationToken)"]
                = "a MapGet/MapPost/... call: route, group prefixes, handler, authorization",
            ["M:ThreatAnalyzers.Extraction.FactExtractor.FromIdentityApiMapping(Microsoft.CodeAnalysis.SyntaxNode,Microsoft.CodeAnalysis.SemanticModel,System.Threading.CancellationToken)"]
                = "a MapIdentityApi<TUser>() call: its user type, group prefix and authorization",
            ["M:ThreatAnalyzers.Extraction.FactExtractor.FromProviderCall(Microsoft.CodeAnalysis.SyntaxNode,Microsoft.CodeAnalysis.SemanticModel,System.Threading.CancellationToken)"]
                = "an EF Core UseSqlite/UseSqlServer/... call",
            ["M:ThreatAnalyzers.Frameworks.EntityFrameworkCore.EfCoreProviders.Recognize(Microsoft.CodeAnalysis.Operations.IInvocationOperation)"]
                = "the method around a provider call already bound (OnConfiguring)",
            ["M:ThreatAnalyzers.Frameworks.EntityFrameworkCore.EfCoreProviders.ConnectionKeyOf(Microsoft.CodeAnalysis.Operations.IInvocationOperation)"]
                = "the connection-string argument of a provider call already bound (GetConnectionString(\"Default\"))",
            ["M:ThreatAnalyzers.Frameworks.AspNetCore.ApplicationAuthorization.Scan(System.Threading.CancellationToken)"]
                = "the application's authorization configuration: FallbackPolicy, MapControllers(), MapRazorPages() calls",
            ["M:ThreatAnalyzers.Frameworks.AspNetCore.ApplicationAuthorization.CallSiteArguments(Microsoft.CodeAnalysis.IParameterSymbol,System.Threading.CancellationToken)"]
                = "the call sites of a route-mapping method, for the group it is given",
            ["M:ThreatAnalyzers.Frameworks.AspNetCore.ApplicationAuthorization.ReturnedValues(Microsoft.CodeAnalysis.IMethodSymbol,System.Threading.CancellationToken)"]
                = "the returned expressions of a helper that makes a route group (app.Authed()), for its prefix and conventions",
            ["M:ThreatAnalyzers.Frameworks.AspNetCore.ApplicationAuthorization.StatementsNaming(Microsoft.CodeAnalysis.IMethodSymbol,Microsoft.CodeAnalysis.IParameterSymbol,System.Threading.CancellationToken)"]
                = "the statements of a helper that name the builder it is given (group.RequirePerUserRateLimit()), for the conventions it applies",
        };

        private static readonly Lazy<SourceGraph> Analyzers = new(() => new SourceGraph(CompileAnalyzerSources()));

        [Fact]
        public void NothingTheGeneratorRuns_BindsABody_ButTheStatementBinders()
        {
            var graph = Analyzers.Value;
            var generator = graph.Compilation.GetTypeByMetadataName("ThreatAnalyzers.Generation.ThreatModelGenerator")!;
            var (reached, bindings) = graph.Follow(generator.GetMembers().OfType<IMethodSymbol>());

            // The walk sees what the generator does: the body reader, the conventions' syntax faces, the model builder.
            Assert.Contains("M:ThreatAnalyzers.Extraction.BodyReader.TargetsOf(Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax)", reached);
            Assert.Contains("M:ThreatAnalyzers.Frameworks.Logging.LoggingResources.TryRecognize(ThreatAnalyzers.Extraction.SyntaxCall)", reached);
            Assert.Contains("M:ThreatAnalyzers.Model.ModelBuilder.Build(ThreatAnalyzers.Model.ModelInputs)", reached);

            var unexpected = bindings.Where(b => !StatementBinders.ContainsKey(b.Caller)).Select(b => $"{b.Caller} calls {b.Query}").ToList();
            Assert.True(unexpected.Count == 0, "The generator binds bodies:\n" + string.Join("\n", unexpected));

            // Every allowed binder is still one the generator reaches: the list does not outlive the code.
            Assert.All(StatementBinders.Keys, binder => Assert.Contains(bindings, b => b.Caller == binder));
        }

        [Fact]
        public void TheGuard_SeesBindingThroughCalls_TheFlowEngineBindsBodies()
        {
            var graph = Analyzers.Value;
            var engine = graph.Compilation.GetTypeByMetadataName("ThreatAnalyzers.DataFlow.FlowEngine")!;
            var (_, bindings) = graph.Follow(engine.GetMembers("Analyze").OfType<IMethodSymbol>());
            Assert.Contains(bindings, b => b.Query.EndsWith(".GetOperation", StringComparison.Ordinal));
        }

        [Fact]
        public void ANeverCalledMethodOfThousandsOfStatements_DoesNotChangeTheModel()
        {
            const string Api = """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/customers", (ClinicDb db) => db.Customers.ToListAsync()).RequireAuthorization();
                app.Run();

                public class Customer { public int Id { get; set; } [HandlesPii] public string Email { get; set; } }

                public class ClinicDb : DbContext { public DbSet<Customer> Customers { get; set; } }
                """;

            // Stores, logs, calls into the application and awaited chains: everything a reachable body would contribute.
            var statements = new StringBuilder();
            for (var i = 0; i < 3000; i++)
            {
                statements.Append("        var c").Append(i).Append(" = new Customer { Id = ").Append(i).Append(" };\n");
                statements.Append("        db.Customers.Add(c").Append(i).Append(");\n");
                statements.Append("        logger.LogInformation(\"{Email}\", c").Append(i).Append(".Email);\n");
                statements.Append("        if (c").Append(i).Append(".Id > 10) { await db.SaveChangesAsync(); }\n");
            }

            var unused = $$"""
                using System.Threading.Tasks;
                using Microsoft.Extensions.Logging;

                public class Migration(ClinicDb db, ILogger<Migration> logger)
                {
                    public async Task Run()
                    {
                {{statements}}    }
                }
                """;

            var without = GeneratorHarness.Run(new[] { Api }, kind: OutputKind.ConsoleApplication).Artifacts();
            var with = GeneratorHarness.Run(new[] { Api, unused }, kind: OutputKind.ConsoleApplication).Artifacts();
            Assert.Equal(without, with);
            var elements = System.Text.Json.JsonDocument.Parse(with.Values.Single()).RootElement.GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("id").GetString());
            Assert.DoesNotContain("store:logs", elements);
        }

        private static CSharpCompilation CompileAnalyzerSources()
        {
            var folder = Path.Combine(DotNetCli.RepoRoot, "src", "ThreatAnalyzers.Analyzers");
            var separator = Path.DirectorySeparatorChar;
            var trees = Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(path => !path.Contains(separator + "obj" + separator, StringComparison.Ordinal) && !path.Contains(separator + "bin" + separator, StringComparison.Ordinal))
                .OrderBy(path => path, StringComparer.Ordinal)
                .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path))
                .ToList();
            var compilation = CSharpCompilation.Create(
                "ThreatAnalyzers.Analyzers.UnderTest",
                trees,
                TestReferences.NetCore.Add(MetadataReference.CreateFromFile(typeof(SemanticModel).Assembly.Location))
                    .Add(MetadataReference.CreateFromFile(typeof(CSharpSyntaxTree).Assembly.Location)),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

            // Calls must resolve for the walk to follow them.
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).Take(10).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            return compilation;
        }

        /// <summary>The analyzer assembly's source as a call graph: what a method may call, through overrides and interface implementations.</summary>
        private sealed class SourceGraph
        {
            private readonly Dictionary<ISymbol, List<IMethodSymbol>> implementations = new(SymbolEqualityComparer.Default);

            public SourceGraph(CSharpCompilation compilation)
            {
                Compilation = compilation;
                foreach (var type in compilation.GetSymbolsWithName(_ => true, SymbolFilter.Type).OfType<INamedTypeSymbol>())
                {
                    foreach (var method in type.GetMembers().OfType<IMethodSymbol>())
                    {
                        for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
                        {
                            Implemented(overridden.OriginalDefinition, method);
                        }

                        foreach (var contract in type.AllInterfaces.SelectMany(i => i.GetMembers(method.Name)))
                        {
                            if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(contract), method))
                            {
                                Implemented(contract.OriginalDefinition, method);
                            }
                        }
                    }
                }
            }

            public CSharpCompilation Compilation { get; }

            /// <summary>Every source method reachable from the roots, and every binding query among their calls.</summary>
            public (HashSet<string> Reached, List<(string Caller, string Query)> Bindings) Follow(IEnumerable<IMethodSymbol> roots)
            {
                var reached = new HashSet<string>(StringComparer.Ordinal);
                var bindings = new List<(string, string)>();
                var seenTypes = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                var pending = new Queue<(ISymbol Owner, SyntaxNode Code)>();

                void Enqueue(ISymbol? symbol)
                {
                    if (symbol is IPropertySymbol property)
                    {
                        Enqueue(property.GetMethod);
                        Enqueue(property.SetMethod);
                        return;
                    }

                    if (symbol is not IMethodSymbol method)
                    {
                        return;
                    }

                    method = method.ReducedFrom ?? method.OriginalDefinition;
                    if (method.GetDocumentationCommentId() is not { } id || !reached.Add(id))
                    {
                        return;
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        pending.Enqueue((method, reference.GetSyntax()));
                    }

                    // Initializers run with the type: constructors and static members bring them along.
                    if (method.ContainingType is { } type && seenTypes.Add(type.OriginalDefinition))
                    {
                        foreach (var member in type.GetMembers())
                        {
                            foreach (var reference in member.DeclaringSyntaxReferences)
                            {
                                if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer: { } field })
                                {
                                    pending.Enqueue((member, field));
                                }
                                else if (reference.GetSyntax() is PropertyDeclarationSyntax { Initializer: { } initialized })
                                {
                                    pending.Enqueue((member, initialized));
                                }
                            }
                        }
                    }

                    if (implementations.TryGetValue(method, out var overriders))
                    {
                        foreach (var overrider in overriders)
                        {
                            Enqueue(overrider);
                        }
                    }
                }

                foreach (var root in roots)
                {
                    Enqueue(root);
                }

                while (pending.Count > 0)
                {
                    var (owner, code) = pending.Dequeue();
                    var model = Compilation.GetSemanticModel(code.SyntaxTree);
                    foreach (var node in code.DescendantNodesAndSelf())
                    {
                        if (node is not (SimpleNameSyntax or BaseObjectCreationExpressionSyntax or ConstructorInitializerSyntax or ElementAccessExpressionSyntax or PrimaryConstructorBaseTypeSyntax))
                        {
                            continue;
                        }

                        var info = model.GetSymbolInfo(node);
                        foreach (var target in info.Symbol is { } symbol ? new[] { symbol } : info.CandidateSymbols.ToArray())
                        {
                            if (target is IMethodSymbol call && IsBindingQuery(call))
                            {
                                bindings.Add((CallerId(owner), call.ContainingType.Name + "." + call.Name));
                            }

                            Enqueue(target);
                        }
                    }
                }

                return (reached, bindings);
            }

            private void Implemented(ISymbol contract, IMethodSymbol implementation)
            {
                if (!implementations.TryGetValue(contract, out var list))
                {
                    implementations[contract] = list = new List<IMethodSymbol>();
                }

                list.Add(implementation);
            }

            private static string CallerId(ISymbol owner) => owner.GetDocumentationCommentId() ?? owner.ToDisplayString();

            private static bool IsBindingQuery(IMethodSymbol method)
                => BindingQueries.Contains(method.Name)
                   && method.ContainingType is { Name: "SemanticModel" or "ModelExtensions" or "CSharpExtensions" } declaring
                   && declaring.ContainingNamespace.ToDisplayString() is "Microsoft.CodeAnalysis" or "Microsoft.CodeAnalysis.CSharp";
        }
    }
}
