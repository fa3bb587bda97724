using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.PathTraversalRule,
    ThreatAnalyzers.CodeFixes.Rules.PathTraversalFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class PathTraversalFixerTests
    {
        [Fact]
        public Task UntrustedOperand_IsWrappedInGetFileName_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.IO;
                        using Microsoft.AspNetCore.Mvc;

                        public class FilesController : ControllerBase
                        {
                            private const string Root = "/srv/files";

                            public string Read(string {|#1:name|}) => System.IO.File.ReadAllText({|#0:Path.Combine(Root, name)|});
                            public void Write(string {|#3:name|}, string text) => System.IO.File.WriteAllText({|#2:Root + "/" + name|}, text);
                            public IActionResult Get(string {|#5:name|}) => PhysicalFile({|#4:$"{Root}/{name}"|}, "text/plain");
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System.IO;
                        using Microsoft.AspNetCore.Mvc;

                        public class FilesController : ControllerBase
                        {
                            private const string Root = "/srv/files";

                            public string Read(string name) => System.IO.File.ReadAllText(Path.Combine(Root, System.IO.Path.GetFileName(name)));
                            public void Write(string name, string text) => System.IO.File.WriteAllText(Root + "/" + System.IO.Path.GetFileName(name), text);
                            public IActionResult Get(string name) => PhysicalFile($"{Root}/{System.IO.Path.GetFileName(name)}", "text/plain");
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "File.ReadAllText", "", "FilesController.Read"),
                Verify.Diagnostic("TA2005").WithLocation(2).WithLocation(3).WithArguments("name", "untrusted", "File.WriteAllText", "", "FilesController.Write"),
                Verify.Diagnostic("TA2005").WithLocation(4).WithLocation(5).WithArguments("name", "untrusted", "ControllerBase.PhysicalFile", "", "FilesController.Get"));

        [Fact]
        public Task ValueNotWrittenInTheSinkArgument_HasNoMechanicalFix()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.IO;
                        using Microsoft.AspNetCore.Mvc;

                        public class FilesController : ControllerBase
                        {
                            public string Read(string {|#1:name|})
                            {
                                var path = Path.Combine("/srv/files", name);
                                return System.IO.File.ReadAllText({|#0:path|});
                            }
                        }
                        """,
                    },
                },
                FixedState = { InheritanceMode = Microsoft.CodeAnalysis.Testing.StateInheritanceMode.AutoInheritAll, MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "File.ReadAllText", "", "FilesController.Read"));
    }
}
