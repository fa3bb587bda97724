using System;
using System.Diagnostics;
using System.Text;

namespace ThreatAnalyzers.Tests.Verifiers
{
    /// <summary>Runs an outside tool the tests rely on (npm, the SARIF validator) and returns its exit code and its output.</summary>
    internal static class ExternalTool
    {
        /// <exception cref="TimeoutException">The tool did not finish in time (it is killed).</exception>
        /// <exception cref="System.ComponentModel.Win32Exception">The tool is not on PATH.</exception>
        public static (int ExitCode, string Output) Run(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            var start = new ProcessStartInfo(fileName)
            {
                WorkingDirectory = workingDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            if (!process.WaitForExit(timeout))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout.TotalMinutes} minutes:\n{output}");
            }

            process.WaitForExit();
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
    }
}
