using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Formats.Tar;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace ThreatAnalyzers.Tests.Sarif
{
    /// <summary>
    /// Microsoft's SARIF Multitool, which checks a log against GitHub code scanning's ingestion rules (--rule-kind Gh).
    /// Found at $THREATANALYZERS_SARIF_MULTITOOL, or fetched once with npm into the test project's obj/ folder and reused.
    /// When it cannot be had, <see cref="Path"/> throws with the commands that install it: a missing tool is a failure,
    /// never a skip.
    /// </summary>
    internal static class SarifMultitool
    {
        public const string EnvironmentVariable = "THREATANALYZERS_SARIF_MULTITOOL";
        public const string Version = "5.7.0";

        private static readonly Lazy<string> Located = new(Locate, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>The self-contained Sarif.Multitool executable (no .NET runtime of its own needed).</summary>
        public static string Path => Located.Value;

        /// <summary>The messages of the validator's results at error level, each with its rule id; empty when the log passes.</summary>
        public static IReadOnlyList<string> ValidationErrors(string sarifFile, out string allFindings)
        {
            var output = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(sarifFile)!, System.IO.Path.GetFileNameWithoutExtension(sarifFile) + ".validation.sarif");
            File.Delete(output);
            var (exitCode, console) = Run(Path, System.IO.Path.GetDirectoryName(sarifFile)!, TimeSpan.FromMinutes(1),
                "validate", "--rule-kind", "Gh;Sarif", "--level", "Error;Warning;Note", "--output", output, sarifFile);
            if (!File.Exists(output))
            {
                throw new InvalidOperationException($"Sarif.Multitool validate exited with {exitCode} and wrote no '{output}':\n{console}");
            }

            using var log = JsonDocument.Parse(File.ReadAllText(output));
            var results = log.RootElement.GetProperty("runs")[0].TryGetProperty("results", out var found) ? found.EnumerateArray().ToList() : new List<JsonElement>();
            string Describe(JsonElement r) => $"{Level(r)} {r.GetProperty("ruleId").GetString()}: {Text(r)}";
            allFindings = string.Join("\n", results.Select(Describe));

            // The validator's console says what went wrong when it could not analyze at all.
            var errors = results.Where(r => Level(r) == "error").Select(Describe).ToList();
            if (exitCode != 0 && errors.Count == 0)
            {
                errors.Add($"Sarif.Multitool validate exited with {exitCode}:\n{console}");
            }

            return errors;
        }

        private static string Level(JsonElement result) => result.TryGetProperty("level", out var level) ? level.GetString()! : "warning";

        /// <summary>The validator writes its messages as templates with arguments; the text is what its console prints.</summary>
        private static string Text(JsonElement result)
        {
            var message = result.GetProperty("message");
            if (message.TryGetProperty("text", out var text))
            {
                return text.GetString()!;
            }

            var arguments = message.TryGetProperty("arguments", out var args) ? args.EnumerateArray().Select(a => a.GetString()).ToList() : new List<string?>();
            return $"{message.GetProperty("id").GetString()} ({string.Join(", ", arguments)})";
        }

        private static string Locate()
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                if (!File.Exists(configured))
                {
                    throw new InvalidOperationException($"{EnvironmentVariable} is '{configured}', which is not a file. {HowToInstall()}");
                }

                return configured;
            }

            var (package, executable) = PlatformPackage();
            var cache = System.IO.Path.Combine(ToolCacheFolder(), "sarif-multitool", Version);
            var tool = System.IO.Path.Combine(cache, "package", executable);
            if (File.Exists(tool))
            {
                return tool;
            }

            Fetch(package, cache);
            if (!File.Exists(tool))
            {
                throw new InvalidOperationException($"npm pack {package}@{Version} gave a package without '{executable}'. {HowToInstall()}");
            }

            return tool;
        }

        /// <summary>npm pack into a fresh folder, unpack, then move into place, so a half-done fetch is never taken for the tool.</summary>
        private static void Fetch(string package, string cache)
        {
            var staging = cache + ".partial-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(staging);
            try
            {
                (int ExitCode, string Output) packed;
                try
                {
                    packed = Run(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "npm.cmd" : "npm", staging, TimeSpan.FromMinutes(5),
                        "pack", $"{package}@{Version}", "--silent");
                }
                catch (System.ComponentModel.Win32Exception exception)
                {
                    throw new InvalidOperationException($"npm is not on PATH ({exception.Message}), so Sarif.Multitool cannot be fetched. {HowToInstall()}");
                }

                var tarball = Directory.GetFiles(staging, "*.tgz").SingleOrDefault();
                if (packed.ExitCode != 0 || tarball is null)
                {
                    throw new InvalidOperationException($"npm pack {package}@{Version} failed (exit code {packed.ExitCode}):\n{packed.Output}\n{HowToInstall()}");
                }

                using (var gzip = new GZipStream(File.OpenRead(tarball), CompressionMode.Decompress))
                {
                    TarFile.ExtractToDirectory(gzip, staging, overwriteFiles: true);
                }

                File.Delete(tarball);
                if (!RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                {
                    var executable = System.IO.Path.Combine(staging, "package", PlatformPackage().Executable);
                    if (File.Exists(executable))
                    {
                        File.SetUnixFileMode(executable, File.GetUnixFileMode(executable) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
                    }
                }

                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(cache)!);
                try
                {
                    Directory.Move(staging, cache);
                }
                catch (IOException) when (Directory.Exists(cache))
                {
                    // Another test run fetched it at the same time: theirs is as good as ours.
                }
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }
        }

        /// <summary>The npm package that carries the self-contained tool for this machine, and the executable's name in it.</summary>
        private static (string Package, string Executable) PlatformPackage()
        {
            if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
            {
                return ("@microsoft/sarif-multitool-win32", "Sarif.Multitool.exe");
            }

            return RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
                ? ("@microsoft/sarif-multitool-darwin", "Sarif.Multitool")
                : ("@microsoft/sarif-multitool-linux", "Sarif.Multitool");
        }

        /// <summary>The test project's obj/ folder (kept across builds, removed by deleting obj/), else the temp folder.</summary>
        private static string ToolCacheFolder()
        {
            var folder = typeof(SarifMultitool).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "ToolCache")?.Value;
            return System.IO.Path.GetFullPath(string.IsNullOrEmpty(folder) ? System.IO.Path.Combine(System.IO.Path.GetTempPath(), "threatanalyzers-tests") : folder);
        }

        private static string HowToInstall()
        {
            var (package, executable) = PlatformPackage();
            return "The GitHub code-scanning test needs Microsoft's SARIF Multitool " + Version + ". Either install Node.js (npm) and make the npm registry "
                   + "reachable, and the test fetches it itself; or fetch it by hand and point the test at it:\n"
                   + $"  npm pack {package}@{Version}\n"
                   + $"  tar -xzf microsoft-{package.Substring("@microsoft/".Length)}-{Version}.tgz\n"
                   + $"  chmod +x package/{executable}\n"
                   + $"  export {EnvironmentVariable}=\"$PWD/package/{executable}\"";
        }

        private static (int ExitCode, string Output) Run(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
            => Verifiers.ExternalTool.Run(fileName, workingDirectory, timeout, arguments);
    }
}
