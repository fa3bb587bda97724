using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Analysis;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The compilation's calls and assignments by name, found from where each file's text spells the name: these check that
    /// the text never hides a call or an assignment the syntax holds (a name written with a Unicode escape or as a verbatim
    /// identifier, a call inside an interpolation) and never adds one it does not (the name in a string, a comment, a longer
    /// identifier, disabled code), with the nodes in the order a walk of each tree meets them.
    /// </summary>
    public class SyntaxIndexTests
    {
        private static Compilation CompilationOf(params string[] sources)
            => CSharpCompilation.Create("Index", sources.Select((source, i) => CSharpSyntaxTree.ParseText(source, path: $"File{i}.cs")));

        /// <summary>What the index held before it searched texts: every node of every tree walked, those <paramref name="named"/> takes.</summary>
        private static string[] Walked(Compilation compilation, System.Func<SyntaxNode, bool> named)
            => Described(compilation.SyntaxTrees.SelectMany(tree => tree.GetRoot().DescendantNodes()).Where(named));

        /// <summary>Each node as its file, position and text, in order.</summary>
        private static string[] Described(System.Collections.Generic.IEnumerable<SyntaxNode> nodes)
            => nodes.Select(node => node.SyntaxTree.FilePath + ":" + node.SpanStart + ":" + node).ToArray();

        [Fact]
        public void ACallByName_IsFoundWhereverTheSyntaxHasIt_AndNowhereElse()
        {
            var compilation = CompilationOf(
                "class A { void M(S s) { s.AddAuthorization(); s.Other(); s?.AddAuthorization(); AddAuthorization(); } void AddAuthorization() { } }",
                "class B { void M(S s) { s.Other(\"AddAuthorization\"); /* s.AddAuthorization(); */ s.AddAuthorizationCore(); var AddAuthorization = 1; } }",
                "class C { void M(S s) { s.Add\\u0041uthorization(); } }",
                "class V { void M(S s) { s.@AddAuthorization(); } }",
                // A comment or a directive before the name's own token spells it too.
                "class T { void M(S s) {\n// AddAuthorization below\nAddAuthorization();\n#region AddAuthorization\nAddAuthorization();\n#endregion\n} void AddAuthorization() { } }",
                "class D { string M(S s) => $\"{s.AddAuthorization().AddAuthorization()}\";\n#if NEVER\n void N(S s) { s.AddAuthorization(); }\n#endif\n}");

            var found = Described(SyntaxIndex.Of(compilation).InvocationsNamed("AddAuthorization", CancellationToken.None));

            Assert.Equal(Walked(compilation, node => node is InvocationExpressionSyntax call && SyntaxIndex.InvokedName(call.Expression) == "AddAuthorization"), found);
            Assert.Equal(9, found.Length);
            Assert.Empty(SyntaxIndex.Of(compilation).InvocationsNamed("Missing", CancellationToken.None));
        }

        [Fact]
        public void AnAssignmentByName_IsFoundOnlyWhereItIs()
        {
            var compilation = CompilationOf(
                "class A { void M(O o) { o.GlobalLimiter = null; var x = new O { GlobalLimiter = null }; var y = x with { GlobalLimiter = null }; } }",
                "class B { string GlobalLimiterName = \"GlobalLimiter\"; void M(O o) { var l = o.GlobalLimiter; } }",
                "class C { void M(O o) { var x = new O\n{\n// GlobalLimiter for every request\nGlobalLimiter = null\n}; o?.GlobalLimiter ??= null; } }");

            var found = Described(SyntaxIndex.Of(compilation).AssignmentsTo("GlobalLimiter", CancellationToken.None));

            Assert.Equal(Walked(compilation, node => node is AssignmentExpressionSyntax assignment && SyntaxIndex.InvokedName(assignment.Left) == "GlobalLimiter"), found);
            Assert.Equal(5, found.Length);
        }

        [Fact]
        public void CallsWhere_AreFoundInTheFilesSpellingAWord_InAnyCaseWhenAsked()
        {
            var compilation = CompilationOf(
                "class A { void M(O o) { o.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()); } }",
                "class B { void M(O o) { o.Items.Add(1); } }",
                "class C { void M(O o) { o.AddANTIFORGERY(); } }");
            var index = SyntaxIndex.Of(compilation);

            var byReceiver = index.InvocationsWhere(name => name == "Add", new[] { "Filters" }, ignoreCase: false, CancellationToken.None);
            var anyCase = index.InvocationsWhere(name => name.StartsWith("Add", System.StringComparison.Ordinal), new[] { "ntiforgery" }, ignoreCase: true, CancellationToken.None);

            Assert.Equal(new[] { "File0.cs" }, byReceiver.Select(call => call.SyntaxTree.FilePath));
            Assert.Equal(new[] { "File0.cs", "File2.cs" }, anyCase.Select(call => call.SyntaxTree.FilePath));
        }
    }
}
