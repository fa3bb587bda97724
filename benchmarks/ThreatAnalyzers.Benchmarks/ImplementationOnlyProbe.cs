using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Benchmarks
{
    /// <summary>
    /// A generator whose only output is registered with RegisterImplementationSourceOutput, behind a semantic transform.
    /// The harness runs it in the IDE-shaped driver (implementation outputs disabled) to check, on the Roslyn it runs,
    /// that such a generator runs no step there: the premise of reporting ours as "implementation-only: not run in the IDE".
    /// </summary>
    [Generator(LanguageNames.CSharp)]
    public sealed class ImplementationOnlyProbe : IIncrementalGenerator
    {
        public void Initialize(IncrementalGeneratorInitializationContext context)
        {
            var names = context.SyntaxProvider
                .CreateSyntaxProvider(
                    static (node, _) => node is ClassDeclarationSyntax,
                    static (syntax, ct) => syntax.SemanticModel.GetDeclaredSymbol(syntax.Node, ct)?.Name ?? string.Empty)
                .WithTrackingName("ProbeNames");
            context.RegisterImplementationSourceOutput(names.Collect(), static (output, all) =>
                output.AddSource("Probe.g.cs", "// " + string.Join(",", all.OrderBy(n => n, System.StringComparer.Ordinal))));
        }
    }
}
