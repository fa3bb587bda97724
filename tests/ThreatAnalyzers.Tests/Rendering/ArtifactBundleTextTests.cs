using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>
    /// The generated ThreatModel.g.cs is comments only, whatever the system's name holds: C# ends a comment at '\r',
    /// U+0085, U+2028 and U+2029 as well as '\n', and what follows would be compiled.
    /// </summary>
    public class ArtifactBundleTextTests
    {
        [Theory]
        [InlineData("Clinic")]
        [InlineData("")]
        [InlineData("a\nclass X {}")]
        [InlineData("a\rclass X {}")]
        [InlineData("a\u0085class X {}")]
        [InlineData("a\u2028class X {}")]
        [InlineData("a\u2029class X {}")]
        [InlineData("*/ class X {} /*")]
        [InlineData("\uD83D")]
        public void GeneratedFile_IsCommentsOnly(string system)
        {
            var source = ArtifactBundle.Encode(system, new[] { new KeyValuePair<string, string>("threat-model.model.json", "{}\n") });
            var tree = CSharpSyntaxTree.ParseText(source);

            Assert.Empty(tree.GetDiagnostics());
            Assert.Equal(new[] { SyntaxKind.EndOfFileToken }, tree.GetRoot().DescendantTokens().Select(t => t.Kind()));
            Assert.Equal("{}\n", ArtifactBundle.Decode(source).Single().Value);
        }
    }
}
