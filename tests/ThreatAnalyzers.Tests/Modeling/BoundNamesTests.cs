using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// On the analysis pass's own semantic model the model's body reader takes a name's field, property, event, type or
    /// namespace from what the compiler bound instead of looking it up (<c>sharesBinding</c>): that must be what the lookup
    /// gave, or the diagram would change with the way it was read.
    /// </summary>
    public class BoundNamesTests
    {
        [Fact]
        public void OnTheSample_ABoundNameMeansWhatItsLookupMeant()
        {
            var folder = System.IO.Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal");
            var separator = System.IO.Path.DirectorySeparatorChar;
            var sources = System.IO.Directory.GetFiles(folder, "*.cs", System.IO.SearchOption.AllDirectories)
                .Where(f => !f.Contains(separator + "obj" + separator, System.StringComparison.Ordinal) && !f.Contains(separator + "bin" + separator, System.StringComparison.Ordinal))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(System.IO.File.ReadAllText)
                .Prepend(SampleModelTests.ImplicitUsings);
            var compilation = ModelHarness.CreateCompilation(sources, kind: OutputKind.ConsoleApplication, assemblyName: "CustomerPortal");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var names = 0;
            var bound = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var method in tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>())
                {
                    if ((method.Body ?? (SyntaxNode?)method.ExpressionBody) is not { } body || model.GetDeclaredSymbol(method) is not { } symbol)
                    {
                        continue;
                    }

                    var declared = new BodyReader(model, symbol, symbol.ContainingType, body, body.SpanStart, default);
                    var read = new BodyReader(model, symbol, symbol.ContainingType, body, body.SpanStart, default, sharesBinding: true);
                    foreach (var expression in body.DescendantNodes().OfType<ExpressionSyntax>())
                    {
                        if (expression is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax)
                            || (expression.Parent is MemberAccessExpressionSyntax { Name: var name } && name == expression)
                            || SyntaxFacts.IsInTypeOnlyContext(expression))
                        {
                            continue;
                        }

                        var before = declared.Resolve(expression);
                        var after = read.Resolve(expression);
                        names++;
                        if (after.Symbol is not null)
                        {
                            bound++;
                        }

                        Assert.True(
                            before.Kind == after.Kind && SymbolEqualityComparer.Default.Equals(before.Type, after.Type)
                            && SymbolEqualityComparer.Default.Equals(before.Symbol, after.Symbol) && before.Methods.SequenceEqual<IMethodSymbol, IMethodSymbol>(after.Methods, SymbolEqualityComparer.Default),
                            $"{tree.FilePath}: {expression} in {symbol.Name}: looked up {before.Kind} {before.Type} {before.Symbol}, bound {after.Kind} {after.Type} {after.Symbol}");
                    }
                }
            }

            Assert.True(names > 800 && bound > 300, $"{names} names, {bound} with a symbol");
        }
    }
}
