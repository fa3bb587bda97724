using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.CommandInjectionRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class CommandInjectionRuleTests
    {
        private static DiagnosticResult At(int location, int source, string origin, string sink, string element, string via = "")
            => Verify.Diagnostic("TA6002").WithLocation(location).WithLocation(source).WithArguments("'" + origin + "'", "untrusted", "reaches", sink, via, element);

        [Fact]
        public Task ProcessStart_FileNameAndArguments_FromTheRequest_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Diagnostics;
                using Microsoft.AspNetCore.Mvc;

                public class ToolsController : ControllerBase
                {
                    public IActionResult Ping(string {|#1:host|})
                    {
                        Process.Start("ping", {|#0:"-c 1 " + host|});
                        return Ok();
                    }

                    public IActionResult Run(string {|#3:tool|}) { Process.Start({|#2:tool|}); return Ok(); }

                    public IActionResult Info(string {|#5:host|}, string {|#7:program|})
                    {
                        var psi = new ProcessStartInfo("nslookup", {|#4:host|});
                        psi.FileName = {|#6:program|};
                        Process.Start(psi);
                        return Ok();
                    }

                    public IActionResult Trace(string {|#9:host|})
                    {
                        var psi = new ProcessStartInfo { FileName = "traceroute", Arguments = {|#8:$"-m 5 {host}"|} };
                        Process.Start(psi);
                        return Ok();
                    }
                }
                """,
                At(0, 1, "host", "Process.Start", "ToolsController.Ping"),
                At(2, 3, "tool", "Process.Start", "ToolsController.Run"),
                At(4, 5, "host", "new ProcessStartInfo", "ToolsController.Info"),
                At(6, 7, "program", "ProcessStartInfo.FileName", "ToolsController.Info"),
                At(8, 9, "host", "ProcessStartInfo.Arguments", "ToolsController.Trace"));

        [Fact]
        public Task MinimalApi_QueryValue_ThroughAHelper_IsReportedWithThePath()
            => Verify.VerifyProgramAsync("""
                using System.Diagnostics;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.MapGet("/dig", (string {|#1:name|}) => Results.Text(Dns.Lookup({|#0:name|})));
                app.Run();

                static class Dns
                {
                    public static string Lookup(string name)
                    {
                        using var process = Process.Start("dig", {|#2:"+short " + name|});
                        return process.StandardOutput.ReadToEnd();
                    }
                }
                """,
                Verify.Diagnostic("TA6002").WithLocation(0).WithLocation(1).WithLocation(2)
                    .WithArguments("'name'", "untrusted", "reaches", "Process.Start", " via Dns.Lookup", "GET /dig"));

        [Fact]
        public Task ArgumentList_OfAShell_Fires_OfAFixedProgram_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Diagnostics;
                using Microsoft.AspNetCore.Mvc;

                public class ToolsController : ControllerBase
                {
                    public IActionResult Shell(string {|#1:command|})
                    {
                        var psi = new ProcessStartInfo("/bin/bash");
                        psi.ArgumentList.Add("-c");
                        psi.ArgumentList.Add({|#0:command|});
                        Process.Start(psi);
                        return Ok();
                    }

                    public IActionResult Cmd(string {|#3:command|})
                    {
                        var psi = new ProcessStartInfo { FileName = "cmd.exe" };
                        psi.ArgumentList.Add("/c");
                        psi.ArgumentList.Add({|#2:command|});
                        Process.Start(psi);
                        return Ok();
                    }

                    public IActionResult Ping(string host)
                    {
                        var psi = new ProcessStartInfo("ping");
                        psi.ArgumentList.Add("-c");
                        psi.ArgumentList.Add("1");
                        psi.ArgumentList.Add(host);
                        Process.Start(psi);
                        return Ok();
                    }

                    public IActionResult Shell2(string script)
                    {
                        string[] allowed = { "backup.sh", "rotate.sh" };
                        if (!System.Linq.Enumerable.Contains(allowed, script)) return BadRequest();
                        var psi = new ProcessStartInfo("bash");
                        psi.ArgumentList.Add(script);
                        Process.Start(psi);
                        return Ok();
                    }
                }
                """,
                At(0, 1, "command", "ProcessStartInfo.ArgumentList.Add of the shell '/bin/bash'", "ToolsController.Shell"),
                At(2, 3, "command", "ProcessStartInfo.ArgumentList.Add of the shell 'cmd.exe'", "ToolsController.Cmd"));

        [Fact]
        public Task ConstantsConsoleInputAndUnrelatedCollections_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.ObjectModel;
                using System.Diagnostics;
                using Microsoft.AspNetCore.Mvc;

                public static class Cli
                {
                    public static void Main(string[] args)
                    {
                        var tool = Console.ReadLine();
                        Process.Start(tool!, Environment.GetCommandLineArgs()[1]);
                    }
                }

                public class ToolsController : ControllerBase
                {
                    public IActionResult Version() { Process.Start("dotnet", "--version"); return Ok(); }

                    public IActionResult Tags(string tag)
                    {
                        var tags = new Collection<string>();
                        tags.Add(tag);
                        return Ok(tags);
                    }
                }
                """);
    }
}
