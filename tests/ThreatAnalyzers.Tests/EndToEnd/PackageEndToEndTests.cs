using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The package as users get it: packed into a temporary folder feed, restored into a fresh consumer project with its
    /// own package cache (so no stale copy can answer), built with the real SDK.
    /// </summary>
    public sealed class PackageEndToEndTests : IClassFixture<PackageEndToEndTests.PackedConsumer>
    {
        private const string Program = """
            using Microsoft.AspNetCore.Authorization;
            using ThreatAnalyzers;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapPost("/open", (string note) => File.WriteAllText("notes.txt", note));
            app.MapGet("/secure", () => "me").RequireAuthorization();
            app.MapGet("/health", () => "ok").AllowAnonymous();
            app.Run();

            public class PartnerApi
            {
                [TrustBoundary("Partner network")]
                public string Receive(string order) { File.AppendAllText("orders.txt", order); return order; }

                [TrustBoundary("Partner network"), Authorize]
                public string Secured(string order) => order;

                [TrustBoundary("Partner network"), AllowAnonymous]
                public string Public(string order) => order;

                [TrustBoundary("Partner network")]
                [AcceptsRisk("TA1001", "Legacy partner, contract ends soon", Owner = "Integrations", Expires = "2020-01-31")]
                public string Legacy(string order) { File.AppendAllText("legacy.txt", order); return order; }
            }
            """;

        private readonly PackedConsumer consumer;
        private readonly Xunit.Abstractions.ITestOutputHelper output;

        public PackageEndToEndTests(PackedConsumer consumer, Xunit.Abstractions.ITestOutputHelper output)
        {
            this.consumer = consumer;
            this.output = output;
        }

        /// <summary>
        /// What the build step costs on a no-op build, recorded (in the test's output), not asserted: timings on a shared
        /// CI machine say nothing reliable. The README quotes a measurement made with and without the package.
        /// </summary>
        [Fact]
        public async Task NoOpBuild_LeavesTheArtifactAlone_AndItsCostIsRecorded()
        {
            var (exitCode, built) = await consumer.BuildAsync();
            Assert.True(exitCode == 0, built);
            var before = Directory.GetFiles(consumer.ArtifactFolder).ToDictionary(f => f, File.GetLastWriteTimeUtc);

            var clock = System.Diagnostics.Stopwatch.StartNew();
            var noOp = await consumer.RunAsync("build", "--no-restore", "--disable-build-servers", "-nodeReuse:false", "-clp:PerformanceSummary");
            clock.Stop();

            Assert.True(noOp.ExitCode == 0, noOp.Output);
            Assert.All(before, pair => Assert.Equal(pair.Value, File.GetLastWriteTimeUtc(pair.Key)));
            var ours = noOp.Output.Split('\n')
                .Select(line => System.Text.RegularExpressions.Regex.Match(line, @"^\s*(\d+) ms\s+(_?ThreatAnalyzers\w*|_?ThreatModel\w*|WriteThreatModel)\s+\d+ calls"))
                .Where(m => m.Success)
                .Select(m => (Target: m.Groups[2].Value, Milliseconds: int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)))
                .ToList();
            Assert.Contains(ours, t => t.Target == "WriteThreatModel");
            output.WriteLine($"No-op build of the consumer (build servers off): {clock.Elapsed.TotalSeconds:F2} s; ThreatAnalyzers' targets: {ours.Sum(t => t.Milliseconds)} ms ({string.Join(", ", ours.Select(t => $"{t.Target} {t.Milliseconds} ms"))})");
        }

        [Fact]
        public void Package_HasTheDocumentedLayout()
        {
            using var package = ZipFile.OpenRead(consumer.PackagePath);
            var entries = package.Entries.Select(e => e.FullName).ToList();
            Assert.Contains("lib/netstandard2.0/ThreatAnalyzers.Annotations.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/ThreatAnalyzers.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/ThreatAnalyzers.CodeFixes.dll", entries);
            Assert.Contains("build/ThreatAnalyzers.props", entries);
            Assert.Contains("buildTransitive/ThreatAnalyzers.props", entries);
            Assert.Contains("build/ThreatAnalyzers.targets", entries);
            Assert.Contains("buildTransitive/ThreatAnalyzers.targets", entries);

            // The help ships with the package, and the package page's README links where the docs are published.
            Assert.Equal(
                Directory.GetFiles(Path.Combine(DotNetCli.RepoRoot, "docs", "rules"), "*.md").Select(f => "docs/rules/" + Path.GetFileName(f)).OrderBy(f => f, StringComparer.Ordinal),
                entries.Where(e => e.StartsWith("docs/", StringComparison.Ordinal)).OrderBy(f => f, StringComparer.Ordinal));
            using (var readme = new StreamReader(package.Entries.Single(e => e.FullName == "README.md").Open()))
            {
                var page = readme.ReadToEnd();
                Assert.DoesNotContain("](docs/", page, StringComparison.Ordinal);
                Assert.DoesNotContain("](samples/", page, StringComparison.Ordinal);
                Assert.Contains("](https://github.com/threatanalyzers/threatanalyzers/blob/main/docs/rules/TA1001.md)", page, StringComparison.Ordinal);
            }

            // The build step ships alone: MSBuild, Roslyn and System.Collections.Immutable come from the host.
            Assert.Equal(new[] { "tasks/netstandard2.0/ThreatAnalyzers.Build.dll" }, entries.Where(e => e.StartsWith("tasks/", StringComparison.Ordinal)));

            using var nuspec = new StreamReader(package.Entries.Single(e => e.FullName == "ThreatAnalyzers.nuspec").Open());
            var text = nuspec.ReadToEnd();
            Assert.Contains("<id>ThreatAnalyzers</id>", text, StringComparison.Ordinal);
            Assert.DoesNotContain("developmentDependency", text, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Build_ReportsThreatsWithFileLineAndColumn()
        {
            var (exitCode, output) = await consumer.BuildAsync();
            Assert.True(exitCode == 0, output);
            Assert.Contains("Program.cs(5,5): warning TA1001: Entry point 'POST /open' receives data from 'Internet', requires no authentication and changes files (File.WriteAllText)", output, StringComparison.Ordinal);
            Assert.Contains("Program.cs(13,19): warning TA1001: Entry point 'PartnerApi.Receive' receives data from 'Partner network', requires no authentication and changes files (File.AppendAllText)", output, StringComparison.Ordinal);
            Assert.DoesNotContain("TA1001: Entry point 'GET /secure'", output, StringComparison.Ordinal);
            Assert.DoesNotContain("TA1001: Entry point 'GET /health'", output, StringComparison.Ordinal);
            Assert.DoesNotContain("PartnerApi.Secured", output, StringComparison.Ordinal);
            Assert.DoesNotContain("PartnerApi.Public", output, StringComparison.Ordinal);

            // The package's props hand the build date to the analyzers: the 2020 acceptance has expired.
            Assert.True(output.Contains("Program.cs(22,100): warning TA0002: The acceptance of TA1001 expired on 2020-01-31 (owner: Integrations)", StringComparison.Ordinal), output);
            Assert.Contains("Program.cs(23,19): warning TA1001: Entry point 'PartnerApi.Legacy'", output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task WarnAsError_FailsTheBuild_AndTheArtifactIsWrittenAllTheSame()
        {
            consumer.DeleteArtifacts();

            var (exitCode, output) = await consumer.BuildAsync("-warnaserror");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("error TA1001", output, StringComparison.Ordinal);
            using var model = System.Text.Json.JsonDocument.Parse(consumer.ReadArtifacts()["threat-model.json"]);
            Assert.Equal("Consumer", model.RootElement.GetProperty("system").GetString());
            Assert.Equal("complete", model.RootElement.GetProperty("threatsState").GetString());
            Assert.False(model.RootElement.TryGetProperty("incompleteReason", out _));
            Assert.Equal(3, model.RootElement.GetProperty("threats").EnumerateArray().Count(t => t.GetProperty("ruleId").GetString() == "TA1001" && t.GetProperty("status").GetString() == "open"));
        }

        [Fact]
        public async Task CompileError_ReplacesTheArtifactWithOneThatSaysItIsIncomplete()
        {
            var (passed, passedOutput) = await consumer.BuildAsync();
            Assert.True(passed == 0, passedOutput);
            Assert.Equal("complete", ThreatsState(consumer.ReadArtifacts()));

            var (exitCode, output) = await consumer.BuildAsync("-p:ThreatAnalyzersE2EBroken=true");

            Assert.NotEqual(0, exitCode);
            Assert.Contains("error CS1026", output, StringComparison.Ordinal);
            var artifacts = consumer.ReadArtifacts();
            using var model = System.Text.Json.JsonDocument.Parse(artifacts["threat-model.json"]);
            Assert.Equal("unknown", model.RootElement.GetProperty("threatsState").GetString());
            Assert.Empty(model.RootElement.GetProperty("elements").EnumerateArray());
            var reason = model.RootElement.GetProperty("incompleteReason").GetString();
            Assert.StartsWith("The code did not compile (", reason, StringComparison.Ordinal);
            Assert.Contains("CS1026 ') expected' at Broken.cs:1", reason, StringComparison.Ordinal);
            Assert.Contains("> **Incomplete.** The code did not compile", System.Text.Encoding.UTF8.GetString(artifacts["threat-model.md"]), StringComparison.Ordinal);
            Modeling.ArtifactTests.AssertValid("threat-model.schema.json", System.Text.Encoding.UTF8.GetString(artifacts["threat-model.json"]));
        }

        [Fact]
        public async Task GenerateThreatModelFalse_WritesNothing_AndLeavesEmitCompilerGeneratedFilesAlone()
        {
            var clean = await consumer.RunAsync("clean", "-nodeReuse:false");
            Assert.True(clean.ExitCode == 0, clean.Output);
            consumer.DeleteArtifacts();
            File.Delete(consumer.CompilerLog);

            var (exitCode, output) = await consumer.BuildAsync("-p:GenerateThreatModel=false");

            Assert.True(exitCode == 0, output);
            Assert.Contains("warning TA1001", output, StringComparison.Ordinal);
            Assert.False(Directory.Exists(consumer.ArtifactFolder));
            Assert.False(File.Exists(consumer.CompilerLog));
            Assert.False(Directory.Exists(Path.Combine(consumer.IntermediateFolder, "generated")));
            Assert.DoesNotContain("THREATMODEL", output, StringComparison.Ordinal);

            // The package never turns on EmitCompilerGeneratedFiles: the model leaves the compiler in its log (TA0000).
            foreach (var setting in new[] { "-p:GenerateThreatModel=false", "-p:GenerateThreatModel=true" })
            {
                var property = await consumer.RunAsync("msbuild", "-nologo", "-getProperty:EmitCompilerGeneratedFiles", setting);
                Assert.True(property.ExitCode == 0, property.Output);
                Assert.NotEqual("true", property.Output.Trim());
            }
        }

        /// <summary>
        /// A library built with ThreatAnalyzers, packed into the feed: its consumers get the annotations its metadata
        /// needs and nothing else, while a project that references ThreatAnalyzers too sees the library's stores.
        /// </summary>
        [Fact]
        public async Task LibraryBuiltWithThreatAnalyzers_ItsConsumersGetOnlyTheAnnotations_ButAModelingProjectSeesItsStores()
        {
            var library = consumer.NewProject("library", "Shop.Data.csproj", $$"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <PackageId>Shop.Data</PackageId>
                    <Version>1.0.0</Version>
                    <NoWarn>$(NoWarn);NU5104</NoWarn>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="ThreatAnalyzers" Version="{{consumer.Version}}" />
                  </ItemGroup>
                </Project>
                """, ("OrderStore.cs", """
                using ThreatAnalyzers;

                namespace Shop.Data;

                [DataStore("Orders database")]
                public interface IOrderStore
                {
                    string Find(int id);
                }

                public sealed class OrderStore : IOrderStore
                {
                    public string Find(int id) => "order " + id;
                }
                """));
            var pack = await consumer.RunIn(library, "pack", "-o", consumer.Feed, "--disable-build-servers", "-nodeReuse:false");
            Assert.True(pack.ExitCode == 0, pack.Output);

            // Would be TA1001 if our analyzers ran here: they must not.
            var console = consumer.NewProject("console", "Console.csproj", """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Shop.Data" Version="1.0.0" />
                  </ItemGroup>
                </Project>
                """, ("Program.cs", """
                using Shop.Data;
                using ThreatAnalyzers;

                System.Console.WriteLine(new Partner().Receive(new OrderStore().Find(1)));

                public class Partner
                {
                    [TrustBoundary("Partner network")]
                    public string Receive(string order) => order;
                }
                """));
            var built = await consumer.RunIn(console, "build", "--disable-build-servers", "-nodeReuse:false");
            Assert.True(built.ExitCode == 0, built.Output);
            Assert.DoesNotContain(" TA", built.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("THREATMODEL", built.Output, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(console, "bin", "Debug", "net10.0", "ThreatAnalyzers.Annotations.dll")), "the annotations flow to the consumer");
            Assert.False(Directory.Exists(Path.Combine(console, "bin", "Debug", "net10.0", "threat-model")));
            Assert.False(File.Exists(Path.Combine(console, "obj", "Debug", "net10.0", "threat-analyzers.sarif")));

            // Four Lambda functions all named 'bootstrap': the system is the project's name.
            var app = consumer.NewProject("app", "Orders.Api.csproj", $$"""
                <Project Sdk="Microsoft.NET.Sdk.Web">
                  <PropertyGroup>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <AssemblyName>bootstrap</AssemblyName>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="Shop.Data" Version="1.0.0" />
                    <PackageReference Include="ThreatAnalyzers" Version="{{consumer.Version}}" />
                  </ItemGroup>
                </Project>
                """, ("Program.cs", """
                using Shop.Data;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddSingleton<IOrderStore, OrderStore>();
                var app = builder.Build();
                app.MapGet("/orders/{id}", (int id, IOrderStore store) => store.Find(id)).RequireAuthorization();
                app.Run();
                """));
            var modeled = await consumer.RunIn(app, "build", "--disable-build-servers", "-nodeReuse:false");
            Assert.True(modeled.ExitCode == 0, modeled.Output);
            using var model = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Path.Combine(app, "bin", "Debug", "net10.0", "threat-model", "threat-model.json")));
            Assert.Equal("Orders.Api", model.RootElement.GetProperty("system").GetString());
            Assert.Contains(model.RootElement.GetProperty("elements").EnumerateArray(),
                e => e.GetProperty("name").GetString() == "Orders database" && e.GetProperty("kind").GetString() == "dataStore" && e.GetProperty("id").GetString() == "T:Shop.Data.IOrderStore");
            Assert.Contains(model.RootElement.GetProperty("flows").EnumerateArray(), f => f.GetProperty("from").GetString() == "T:Shop.Data.IOrderStore");
        }

        [Fact]
        public async Task EditorConfigSection_SetsTheFlowOptionsOfItsFolder()
        {
            var (exitCode, output) = await consumer.BuildAsync("-p:ThreatAnalyzersE2ESignup=true");
            Assert.True(exitCode == 0, output);
            Assert.Contains("Signup.cs(3,", output, StringComparison.Ordinal);
            Assert.Contains("warning TA4001: 'email' (PII, inferred from its name) reaches ILogger.LogInformation", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Program.cs", output.Split('\n').Where(l => l.Contains("TA4001", StringComparison.Ordinal)).FirstOrDefault() ?? string.Empty, StringComparison.Ordinal);
        }

        [Fact]
        public async Task EditorConfigCategoryKey_FailsTheBuildOnEverySpoofingThreat()
        {
            var (exitCode, output) = await consumer.BuildAsync("-p:ThreatAnalyzersE2EEditorConfig=spoofing-error");
            Assert.NotEqual(0, exitCode);
            Assert.Contains("Program.cs(5,5): error TA1001", output, StringComparison.Ordinal);
            Assert.Contains("warning TA0002", output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Build_WritesTheFourArtifacts_Deterministically_AndCleanRemovesThem()
        {
            var (exitCode, output) = await consumer.BuildAsync();
            Assert.True(exitCode == 0, output);
            var first = consumer.ReadArtifacts();
            Assert.Equal(new[] { "threat-model.json", "threat-model.md", "threat-model.sarif", "threat-model.threatdragon.json" }, first.Keys.OrderBy(k => k, StringComparer.Ordinal));
            foreach (var (name, bytes) in first)
            {
                var text = System.Text.Encoding.UTF8.GetString(bytes);
                Assert.DoesNotContain(consumer.Root, text, StringComparison.Ordinal);
                Assert.DoesNotContain(Environment.MachineName, text, StringComparison.Ordinal);
            }

            Assert.Contains("POST /open", System.Text.Encoding.UTF8.GetString(first["threat-model.md"]), StringComparison.Ordinal);

            // One truth: the artifact's threats are the build's warnings, read from the compiler's own log.
            Assert.DoesNotContain("THREATMODEL", output, StringComparison.Ordinal);
            using (var model = System.Text.Json.JsonDocument.Parse(first["threat-model.json"]))
            {
                Assert.Equal("complete", model.RootElement.GetProperty("threatsState").GetString());
                Assert.Equal(
                    // The consumer configures no rate limiter: each of its three routes is also a TA5001 threat.
                    new[] { "TA1001 Program.cs:13 open", "TA1001 Program.cs:23 open", "TA1001 Program.cs:5 open", "TA5001 Program.cs:5 open", "TA5001 Program.cs:6 open", "TA5001 Program.cs:7 open" },
                    model.RootElement.GetProperty("threats").EnumerateArray()
                        .Select(t => $"{t.GetProperty("ruleId").GetString()} {t.GetProperty("location").GetProperty("path").GetString()}:{t.GetProperty("location").GetProperty("line").GetInt32()} {t.GetProperty("status").GetString()}")
                        .OrderBy(t => t, StringComparer.Ordinal));
            }

            var clean = await consumer.RunAsync("clean", "-nodeReuse:false");
            Assert.True(clean.ExitCode == 0, clean.Output);
            Assert.Empty(consumer.ReadArtifacts());

            var (rebuilt, rebuildOutput) = await consumer.BuildAsync();
            Assert.True(rebuilt == 0, rebuildOutput);
            var second = consumer.ReadArtifacts();
            Assert.Equal(first.Keys.OrderBy(k => k, StringComparer.Ordinal), second.Keys.OrderBy(k => k, StringComparer.Ordinal));
            Assert.All(first, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(second[pair.Key]), $"{pair.Key} differs between two clean builds"));
        }

        [Fact]
        public async Task UpToDateBuild_LeavesACorrectArtifact()
        {
            var (exitCode, output) = await consumer.BuildAsync();
            Assert.True(exitCode == 0, output);
            var before = consumer.ReadArtifacts();
            Directory.Delete(consumer.ArtifactFolder, recursive: true);

            // No --no-incremental: the compiler is skipped, the artifact is written again from its last output.
            var incremental = await consumer.RunAsync("build", "--no-restore", "--disable-build-servers", "-nodeReuse:false");
            Assert.True(incremental.ExitCode == 0, incremental.Output);
            Assert.DoesNotContain("warning TA1001", incremental.Output, StringComparison.Ordinal);
            var after = consumer.ReadArtifacts();
            Assert.Equal(before.Count, after.Count);
            Assert.All(before, pair => Assert.True(pair.Value.AsSpan().SequenceEqual(after[pair.Key]), $"{pair.Key} differs after an up-to-date build"));
        }

        [Fact]
        public async Task ErrorLogThatIsNotSarif21_WarnsAndTheArtifactSaysThreatsUnknown()
        {
            var (exitCode, output) = await consumer.BuildAsync("-p:ErrorLog=obj/own.sarif");
            Assert.True(exitCode == 0, output);
            Assert.Contains("warning THREATMODEL003", output, StringComparison.Ordinal);
            Assert.Equal("unknown", ThreatsState(consumer.ReadArtifacts()));

            // The project's own 2.1 log is used as it is.
            var (ownExit, ownOutput) = await consumer.BuildAsync("-p:ErrorLog=obj/own.sarif%2Cversion=2.1");
            Assert.True(ownExit == 0, ownOutput);
            Assert.DoesNotContain("THREATMODEL", ownOutput, StringComparison.Ordinal);
            Assert.Equal("complete", ThreatsState(consumer.ReadArtifacts()));
        }

        [Fact]
        public async Task AnalyzersOff_TheArtifactSaysThreatsUnknown_NotZero()
        {
            var (exitCode, output) = await consumer.BuildAsync("-p:RunAnalyzers=false");
            Assert.True(exitCode == 0, output);
            Assert.DoesNotContain("warning TA1001", output, StringComparison.Ordinal);
            Assert.Equal("unknown", ThreatsState(consumer.ReadArtifacts()));
        }

        private static string? ThreatsState(System.Collections.Generic.Dictionary<string, byte[]> artifacts)
        {
            using var model = System.Text.Json.JsonDocument.Parse(artifacts["threat-model.json"]);
            return model.RootElement.GetProperty("threatsState").GetString();
        }

        /// <summary>Packs once and restores the consumer once for all tests of the class.</summary>
        public sealed class PackedConsumer : IAsyncLifetime
        {
            private readonly string root = Path.Combine(Path.GetTempPath(), "threatanalyzers-e2e-" + Guid.NewGuid().ToString("N"));

            public string PackagePath { get; private set; } = string.Empty;

            public string Root => root;

            public string ArtifactFolder => Path.Combine(Project, "bin", "Debug", "net10.0", "threat-model");

            public string IntermediateFolder => Path.Combine(Project, "obj", "Debug", "net10.0");

            /// <summary>The compiler's log the package sets (ErrorLog), which carries the model and the threats.</summary>
            public string CompilerLog => Path.Combine(IntermediateFolder, "threat-analyzers.sarif");

            /// <summary>The package's version in the feed.</summary>
            public string Version { get; private set; } = string.Empty;

            /// <summary>The folder feed (nuget.config at the root points every project below it there, and only there).</summary>
            public string Feed => Path.Combine(root, "feed");

            public void DeleteArtifacts()
            {
                if (Directory.Exists(ArtifactFolder))
                {
                    Directory.Delete(ArtifactFolder, recursive: true);
                }
            }

            /// <summary>Another project next to the consumer, restored from the same feed and package folder.</summary>
            public string NewProject(string folder, string projectFile, string project, params (string Name, string Text)[] files)
            {
                var path = Path.Combine(root, folder);
                Directory.CreateDirectory(path);
                File.WriteAllText(Path.Combine(path, projectFile), project);
                foreach (var (name, text) in files)
                {
                    File.WriteAllText(Path.Combine(path, name), text);
                }

                return path;
            }

            public Task<(int ExitCode, string Output)> RunIn(string folder, params string[] arguments) => DotNetCli.RunAsync(folder, Packages, arguments);

            public System.Collections.Generic.Dictionary<string, byte[]> ReadArtifacts()
                => Directory.Exists(ArtifactFolder)
                    ? Directory.GetFiles(ArtifactFolder).ToDictionary(f => Path.GetFileName(f), File.ReadAllBytes)
                    : new System.Collections.Generic.Dictionary<string, byte[]>();

            public Task<(int ExitCode, string Output)> RunAsync(params string[] arguments) => DotNetCli.RunAsync(Project, Packages, arguments);

            private string Packages => Path.Combine(root, "packages");

            private string Project => Path.Combine(root, "consumer");

            public async Task InitializeAsync()
            {
                var feed = Feed;
                Directory.CreateDirectory(feed);
                Directory.CreateDirectory(Project);
                var version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
                Version = version;

                var pack = await DotNetCli.RunAsync(DotNetCli.RepoRoot, Packages,
                    "pack", Path.Combine(DotNetCli.RepoRoot, "src", "ThreatAnalyzers.Package", "ThreatAnalyzers.Package.csproj"),
                    "-c", DotNetCli.Configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + version);
                Assert.True(pack.ExitCode == 0, pack.Output);
                PackagePath = Path.Combine(feed, $"ThreatAnalyzers.{version}.nupkg");

                File.WriteAllText(Path.Combine(root, "nuget.config"), $"""
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration>
                      <packageSources>
                        <clear />
                        <add key="local" value="{feed}" />
                      </packageSources>
                    </configuration>
                    """);
                File.WriteAllText(Path.Combine(Project, "Consumer.csproj"), $"""
                    <Project Sdk="Microsoft.NET.Sdk.Web">
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <Nullable>disable</Nullable>
                        <ImplicitUsings>enable</ImplicitUsings>
                      </PropertyGroup>
                      <ItemGroup>
                        <PackageReference Include="ThreatAnalyzers" Version="{version}" />
                      </ItemGroup>
                      <ItemGroup>
                        <Compile Remove="broken/**" />
                        <Compile Include="broken/Broken.cs" Condition="'$(ThreatAnalyzersE2EBroken)' == 'true'" />
                        <Compile Remove="signup/**" />
                        <Compile Include="signup/Signup.cs" Condition="'$(ThreatAnalyzersE2ESignup)' == 'true'" />
                      </ItemGroup>
                      <ItemGroup Condition="'$(ThreatAnalyzersE2EEditorConfig)' == 'spoofing-error'">
                        <EditorConfigFiles Include="spoofing-error.editorconfig" />
                      </ItemGroup>
                    </Project>
                    """);
                File.WriteAllText(Path.Combine(Project, "spoofing-error.editorconfig"), """
                    is_global = true
                    dotnet_analyzer_diagnostic.category-Spoofing.severity = error
                    """);
                File.WriteAllText(Path.Combine(Project, "Program.cs"), Program);
                // A folder whose own .editorconfig turns the name heuristic on for its files only ([*.cs] section).
                Directory.CreateDirectory(Path.Combine(Project, "signup"));
                File.WriteAllText(Path.Combine(Project, "signup", ".editorconfig"), """
                    [*.cs]
                    threat_analyzers.infer_sensitive_names = true
                    """);
                File.WriteAllText(Path.Combine(Project, "signup", "Signup.cs"), """
                    public class Signup(Microsoft.Extensions.Logging.ILogger<Signup> logger)
                    {
                        public void Start(string email) => Microsoft.Extensions.Logging.LoggerExtensions.LogInformation(logger, "Signup {Email}", email);
                    }
                    """);
                Directory.CreateDirectory(Path.Combine(Project, "broken"));
                File.WriteAllText(Path.Combine(Project, "broken", "Broken.cs"), "class Broken { void M( }\n");

                var restore = await DotNetCli.RunAsync(Project, Packages, "restore");
                Assert.True(restore.ExitCode == 0, restore.Output);
            }

            /// <summary>A full compile every time (an up-to-date build would skip the compiler and its analyzers).</summary>
            public Task<(int ExitCode, string Output)> BuildAsync(params string[] extra)
                => DotNetCli.RunAsync(Project, Packages, new[] { "build", "--no-restore", "--no-incremental", "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary" }.Concat(extra).ToArray());

            public Task DisposeAsync()
            {
                try
                {
                    Directory.Delete(root, recursive: true);
                }
                catch (IOException)
                {
                    // A leftover temp folder is not worth failing the run for.
                }

                return Task.CompletedTask;
            }
        }
    }
}
