using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;

namespace ThreatAnalyzers.Benchmarks
{
    /// <summary>The median wall-clock time of an up-to-date `dotnet build` of one small web app, with and without the package.</summary>
    public sealed record NoOpBuildResult(int Runs, double WithPackage, double WithoutPackage, string? Failure)
    {
        public double Difference => WithPackage - WithoutPackage;
    }

    /// <summary>
    /// What a team pays for the build step when nothing changed: the package is packed from this repository into a local
    /// feed, a `dotnet new webapi`-shaped app is built once with it and once without, then each is built again, up to
    /// date, several times, interleaved so that machine noise falls on both alike. Everything runs in a temporary folder
    /// with its own package cache; nothing is written to the repository.
    /// </summary>
    internal static class NoOpBuild
    {
        private const string Program = """
            var builder = WebApplication.CreateBuilder(args);
            var app = builder.Build();
            app.MapGet("/weatherforecast", () => new[] { "Freezing", "Mild" });
            app.Run();
            """;

        public static async Task<NoOpBuildResult> MeasureAsync(string repoRoot, int runs, Action<string> log)
        {
            var root = Path.Combine(Path.GetTempPath(), "threatanalyzers-noop-" + Guid.NewGuid().ToString("N"));
            var feed = Path.Combine(root, "feed");
            var packages = Path.Combine(root, "packages");
            Directory.CreateDirectory(feed);
            try
            {
                var version = "0.0.0-noop." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
                var pack = await RunAsync(repoRoot, packages, "pack", Path.Combine(repoRoot, "src", "ThreatAnalyzers.Package", "ThreatAnalyzers.Package.csproj"), "-c", "Release", "-o", feed, "-p:PackageVersion=" + version);
                if (pack.ExitCode != 0)
                {
                    return new NoOpBuildResult(0, double.NaN, double.NaN, "pack failed: " + Last(pack.Output));
                }

                File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration>
                      <packageSources>
                        <add key="local" value="{feed}" />
                      </packageSources>
                    </configuration>
                    """);
                var with = App(root, "With", $"""<ItemGroup><PackageReference Include="ThreatAnalyzers" Version="{version}" /></ItemGroup>""");
                var without = App(root, "Without", string.Empty);
                foreach (var app in new[] { with, without })
                {
                    var first = await RunAsync(app, packages, "build", "-c", "Release");
                    if (first.ExitCode != 0)
                    {
                        return new NoOpBuildResult(0, double.NaN, double.NaN, $"the first build of {Path.GetFileName(app)} failed: " + Last(first.Output));
                    }
                }

                log($"  no-op builds, {runs} of each, interleaved");
                var withTimes = new List<double>();
                var withoutTimes = new List<double>();
                for (var i = 0; i < runs; i++)
                {
                    withTimes.Add(await TimeAsync(with, packages));
                    withoutTimes.Add(await TimeAsync(without, packages));
                }

                return new NoOpBuildResult(runs, Median(withTimes), Median(withoutTimes), null);
            }
            finally
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temporary folder is not worth failing the run for.
                }
            }
        }

        private static string App(string root, string name, string reference)
        {
            var folder = Path.Combine(root, name);
            Directory.CreateDirectory(folder);
            File.WriteAllText(Path.Combine(folder, name + ".csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <ImplicitUsings>enable</ImplicitUsings>
                  </PropertyGroup>
                  {reference}
                </Project>
                """);
            File.WriteAllText(Path.Combine(folder, "Program.cs"), Program);
            return folder;
        }

        private static async Task<double> TimeAsync(string app, string packages)
        {
            var watch = Stopwatch.StartNew();
            var build = await RunAsync(app, packages, "build", "-c", "Release", "--no-restore");
            watch.Stop();
            return build.ExitCode == 0 ? watch.Elapsed.TotalMilliseconds : double.NaN;
        }

        private static double Median(List<double> values)
        {
            var sorted = values.Where(v => !double.IsNaN(v)).OrderBy(v => v).ToList();
            return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
        }

        private static string Last(string output) => string.Join(" ", output.Split('\n').Where(l => l.Trim().Length > 0).TakeLast(3)).Trim();

        private static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, string packages, params string[] arguments)
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in arguments)
            {
                start.ArgumentList.Add(argument);
            }

            // The harness may run under `dotnet run`: its MSBuild settings must not leak into the measured builds.
            foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase) || k == "DOTNET_HOST_PATH").ToList())
            {
                start.Environment.Remove(key);
            }

            start.Environment["NUGET_PACKAGES"] = packages;
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
            start.Environment["DOTNET_NOLOGO"] = "1";
            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            output.Append(await stdout).Append(await stderr);
            return (process.ExitCode, output.ToString());
        }
    }
}
