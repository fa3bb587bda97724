using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text;
using System.Threading.Tasks;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>Runs the dotnet CLI as a user would, isolated from the test host's MSBuild environment.</summary>
    internal static class DotNetCli
    {
        public static string RepoRoot { get; } = Metadata("RepoRoot");

        public static string Configuration { get; } = Metadata("Configuration");

        public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string packagesFolder, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet")
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

            // The test host runs under MSBuild/VSTest: none of that may leak into the user's build.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)
                                                                   || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
                                                                   || k == "DOTNET_HOST_PATH").ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["NUGET_PACKAGES"] = packagesFolder;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";

            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            var stdout = PumpAsync(process.StandardOutput, output);
            var stderr = PumpAsync(process.StandardError, output);
            var exited = process.WaitForExitAsync();
            if (await Task.WhenAny(exited, Task.Delay(TimeSpan.FromMinutes(5))) != exited)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 5 minutes:\n{output}");
            }

            await Task.WhenAll(stdout, stderr);
            return (process.ExitCode, output.ToString());
        }

        private static async Task PumpAsync(StreamReader reader, StringBuilder into)
        {
            string? line;
            while ((line = await reader.ReadLineAsync()) is not null)
            {
                lock (into)
                {
                    into.AppendLine(line);
                }
            }
        }

        private static string Metadata(string key)
            => typeof(DotNetCli).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;
    }
}
