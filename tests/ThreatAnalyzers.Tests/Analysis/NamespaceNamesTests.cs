using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The namespace check the rules and the flow engine ask of calls and types (it replaced comparing display strings):
    /// the whole dotted name must match, part by part, and nothing around it.
    /// </summary>
    public class NamespaceNamesTests
    {
        private static readonly Compilation Compilation = CSharpCompilation.Create(
            "Namespaces",
            new[]
            {
                CSharpSyntaxTree.ParseText(
                    "namespace Acme.Threading.Tasks { class InAcme { } } namespace System.Threading.TasksExtra { class Longer { } } "
                    + "namespace Tasks { class AtTheTop { } } class InTheGlobalNamespace { }"),
            },
            TestReferences.Library);

        [Theory]
        [InlineData("System.Threading.Tasks.Task", "System.Threading.Tasks", true)]
        [InlineData("System.Threading.Tasks.Task", "System.Threading", false)]
        [InlineData("System.Threading.Tasks.Task", "Threading.Tasks", false)]
        [InlineData("System.Threading.Tasks.Task", "Tasks", false)]
        [InlineData("System.Threading.Tasks.Task", "System.Threading.Tasks.Extra", false)]
        [InlineData("System.Threading.Tasks.Task", "", false)]
        [InlineData("System.String", "System", true)]
        [InlineData("System.String", "Systems", false)]
        [InlineData("System.String", "Syste", false)]
        [InlineData("Acme.Threading.Tasks.InAcme", "System.Threading.Tasks", false)]
        [InlineData("Acme.Threading.Tasks.InAcme", "Acme.Threading.Tasks", true)]
        [InlineData("System.Threading.TasksExtra.Longer", "System.Threading.Tasks", false)]
        [InlineData("Tasks.AtTheTop", "Tasks", true)]
        [InlineData("Tasks.AtTheTop", "System.Threading.Tasks", false)]
        [InlineData("InTheGlobalNamespace", "", true)]
        [InlineData("InTheGlobalNamespace", "System", false)]
        public void A_Type_IsInTheNamespaceItsWholeDottedNameNames(string type, string dotted, bool expected)
        {
            var symbol = Compilation.GetTypeByMetadataName(type);
            Assert.NotNull(symbol);
            Assert.Equal(expected, NamespaceNames.Is(symbol!.ContainingNamespace, dotted));

            // The same answer as the display string it replaced. "" names the global namespace on purpose: its display
            // string is "<global namespace>", which no call site compares with.
            if (dotted.Length > 0)
            {
                Assert.Equal(symbol.ContainingNamespace.ToDisplayString() == dotted, NamespaceNames.Is(symbol.ContainingNamespace, dotted));
            }
        }

        [Fact]
        public void NoNamespace_IsNone()
        {
            Assert.False(NamespaceNames.Is(null, "System"));
            Assert.False(NamespaceNames.Is(null, string.Empty));
            var global = Compilation.GlobalNamespace;
            Assert.True(NamespaceNames.Is(global, string.Empty));
            Assert.False(NamespaceNames.Is(global.GetNamespaceMembers().First(n => n.Name == "System"), string.Empty));
        }
    }
}
