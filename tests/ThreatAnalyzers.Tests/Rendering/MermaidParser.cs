using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>What the real Mermaid parser made of a diagram: its nodes, boxes and edges, with labels as a page shows them.</summary>
    internal sealed record MermaidDiagram(
        string Type,
        bool ConfigChanged,
        bool TextIsPreprocessed,
        IReadOnlyList<(string Id, string Type, string Text)> Vertices,
        IReadOnlyList<(string Id, string Title, IReadOnlyList<string> Nodes)> Subgraphs,
        IReadOnlyList<(string Start, string End, string Text)> Edges);

    /// <summary>
    /// The real Mermaid parser (the npm package <c>mermaid</c>, with <c>jsdom</c> for the window its sanitizer wants at
    /// load time), run by Node.js as one long-lived process that answers a diagram per line (Rendering/mermaid/check.mjs).
    /// It needs no network and no browser once installed: the packages come from the npm registry, pinned by
    /// Rendering/mermaid/package-lock.json, installed once with <c>npm ci</c> into the test project's obj/tools/ folder
    /// (or found in $THREATANALYZERS_MERMAID, a folder holding node_modules/mermaid and node_modules/jsdom).
    /// A missing tool is a failure that says how to install it, never a skip.
    /// </summary>
    internal static class MermaidParser
    {
        public const string EnvironmentVariable = "THREATANALYZERS_MERMAID";

        private static readonly Lazy<Server> Running = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

        /// <summary>Parses a diagram; null and the parser's message when Mermaid refuses it.</summary>
        public static MermaidDiagram? Parse(string text, out string? error)
        {
            var server = Running.Value;
            string? answer;
            lock (server)
            {
                server.Input.WriteLine(JsonSerializer.Serialize(text));
                server.Input.Flush();
                answer = server.Output.ReadLine();
            }

            if (answer is null)
            {
                throw new InvalidOperationException("The Mermaid checker (node check.mjs) stopped answering:\n" + server.Errors());
            }

            using var document = JsonDocument.Parse(answer);
            var root = document.RootElement;
            if (!root.GetProperty("ok").GetBoolean())
            {
                error = root.GetProperty("error").GetString();
                return null;
            }

            error = null;
            return new MermaidDiagram(
                root.GetProperty("type").GetString()!,
                root.GetProperty("config").EnumerateObject().Any(),
                root.GetProperty("preprocessed").GetBoolean(),
                root.GetProperty("vertices").EnumerateArray().Select(v => (v.GetProperty("id").GetString()!, v.GetProperty("type").GetString()!, v.GetProperty("text").GetString()!)).ToList(),
                root.GetProperty("subgraphs").EnumerateArray()
                    .Select(s => (s.GetProperty("id").GetString()!, s.GetProperty("title").GetString()!, (IReadOnlyList<string>)s.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()!).ToList()))
                    .ToList(),
                root.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("start").GetString()!, e.GetProperty("end").GetString()!, e.GetProperty("text").GetString()!)).ToList());
        }

        private sealed class Server
        {
            private readonly StringBuilder errors = new();

            public Server(Process process)
            {
                Process = process;
                Input = process.StandardInput;
                Output = process.StandardOutput;
                process.ErrorDataReceived += (_, e) => { lock (errors) { errors.AppendLine(e.Data); } };
                process.BeginErrorReadLine();
            }

            public Process Process { get; }

            public StreamWriter Input { get; }

            public StreamReader Output { get; }

            public string Errors()
            {
                lock (errors)
                {
                    return errors.ToString();
                }
            }
        }

        private static Server Start()
        {
            var folder = Locate();
            var script = Path.Combine(folder, "check-" + Hash(File.ReadAllBytes(Source("check.mjs"))) + ".mjs");
            if (!File.Exists(script))
            {
                var partial = script + ".partial-" + Guid.NewGuid().ToString("N");
                File.Copy(Source("check.mjs"), partial);
                try
                {
                    File.Move(partial, script);
                }
                catch (IOException) when (File.Exists(script))
                {
                    File.Delete(partial);
                }
            }

            var start = new ProcessStartInfo("node")
            {
                WorkingDirectory = folder,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                StandardInputEncoding = new UTF8Encoding(false),
                StandardOutputEncoding = new UTF8Encoding(false),
            };
            start.ArgumentList.Add(script);
            Process process;
            try
            {
                process = Process.Start(start)!;
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                throw new InvalidOperationException($"node is not on PATH ({exception.Message}). {HowToInstall()}");
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                try
                {
                    process.StandardInput.Close();
                    if (!process.WaitForExit(2000))
                    {
                        process.Kill();
                    }
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            };
            return new Server(process);
        }

        /// <summary>A folder whose node_modules holds mermaid and jsdom: the configured one, else the pinned install in obj/tools/.</summary>
        private static string Locate()
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                if (!Installed(configured))
                {
                    throw new InvalidOperationException($"{EnvironmentVariable} is '{configured}', which has no node_modules/mermaid and node_modules/jsdom. {HowToInstall()}");
                }

                return Path.GetFullPath(configured);
            }

            var cache = Path.Combine(ToolCacheFolder(), "mermaid", Hash(File.ReadAllBytes(Source("package-lock.json"))));
            if (Installed(cache))
            {
                return cache;
            }

            var staging = cache + ".partial-" + Guid.NewGuid().ToString("N");
            Directory.CreateDirectory(staging);
            try
            {
                File.Copy(Source("package.json"), Path.Combine(staging, "package.json"));
                File.Copy(Source("package-lock.json"), Path.Combine(staging, "package-lock.json"));
                var (exitCode, output) = Run(RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "npm.cmd" : "npm", staging, TimeSpan.FromMinutes(5),
                    "ci", "--no-audit", "--no-fund", "--ignore-scripts");
                if (exitCode != 0 || !Installed(staging))
                {
                    throw new InvalidOperationException($"npm ci (mermaid, jsdom) failed with exit code {exitCode}:\n{output}\n{HowToInstall()}");
                }

                Directory.CreateDirectory(Path.GetDirectoryName(cache)!);
                try
                {
                    Directory.Move(staging, cache);
                }
                catch (IOException) when (Installed(cache))
                {
                    // Another test run installed it at the same time: theirs is as good as ours.
                }
            }
            finally
            {
                if (Directory.Exists(staging))
                {
                    Directory.Delete(staging, recursive: true);
                }
            }

            return cache;
        }

        private static bool Installed(string folder)
            => File.Exists(Path.Combine(folder, "node_modules", "mermaid", "package.json")) && File.Exists(Path.Combine(folder, "node_modules", "jsdom", "package.json"));

        private static string Source(string file) => Path.Combine(AppContext.BaseDirectory, "Rendering", "mermaid", file);

        private static string Hash(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes)).Substring(0, 16).ToLowerInvariant();

        /// <summary>The test project's obj/ folder (kept across builds), else the temp folder.</summary>
        private static string ToolCacheFolder()
        {
            var folder = typeof(MermaidParser).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().SingleOrDefault(a => a.Key == "ToolCache")?.Value;
            return Path.GetFullPath(string.IsNullOrEmpty(folder) ? Path.Combine(Path.GetTempPath(), "threatanalyzers-tests") : folder);
        }

        private static string HowToInstall()
            => "The rendering tests check every Mermaid diagram with the real Mermaid parser under Node.js (20 or later). Either put node and npm on PATH "
               + "and make the npm registry reachable, and the tests install it themselves (npm ci, once, into obj/tools/mermaid/); or install it by hand "
               + "and point the tests at it:\n"
               + "  mkdir mermaid-check && cp tests/ThreatAnalyzers.Tests/Rendering/mermaid/package*.json mermaid-check/ && (cd mermaid-check && npm ci)\n"
               + $"  export {EnvironmentVariable}=\"$PWD/mermaid-check\"";

        private static (int ExitCode, string Output) Run(string fileName, string workingDirectory, TimeSpan timeout, params string[] arguments)
        {
            try
            {
                return Verifiers.ExternalTool.Run(fileName, workingDirectory, timeout, arguments);
            }
            catch (System.ComponentModel.Win32Exception exception)
            {
                throw new InvalidOperationException($"{fileName} is not on PATH ({exception.Message}). {HowToInstall()}");
            }
        }
    }
}
