using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Modeling;
using Xunit;

namespace ThreatAnalyzers.Tests.Tool
{
    /// <summary>
    /// The tool as a team gets it: packed, installed from a local folder into a temporary tool path, and run on two builds
    /// of the sample, copied out of the repository: the sample as it is, and the sample with deliberate changes (a new
    /// unauthenticated endpoint, personal data newly sent to the credit bureau, an authorization removed, an acceptance
    /// expiring soon). The diff names exactly those changes and the gate fails on them.
    /// </summary>
    public sealed class ToolEndToEndTests : IClassFixture<ToolEndToEndTests.InstalledTool>
    {
        private const string Downgrade = "process:M:CustomerPortal.Newsletter.NewsletterController.Downgrade(System.Int32)";
        private const string Upload = "process:M:Program.{Main}$(System.String[])#POST /api/documents/{customerId:int}/{name}";
        private const string Register = "process:M:CustomerPortal.Customers.CustomerEndpoints.MapCustomers(Microsoft.AspNetCore.Routing.RouteGroupBuilder)#POST /api/customers";
        private const string Bureau = "T:CustomerPortal.CreditChecks.CreditBureauClient";

        private readonly InstalledTool tool;

        public ToolEndToEndTests(InstalledTool tool) => this.tool = tool;

        [Fact]
        public async Task Diff_NamesExactlyTheDeliberateChanges()
        {
            var (exit, output, error) = await tool.Run("diff", tool.BaseModel, tool.HeadModel, "--format", "json", "--today", tool.Today, "--expiring-within", "30");
            Assert.True(exit == 0, error);
            using var diff = JsonDocument.Parse(output);
            var root = diff.RootElement;
            string[] Strings(JsonElement array, string property) => array.EnumerateArray().Select(x => x.GetProperty(property).GetString()!).ToArray();

            Assert.Equal(new[] { Downgrade }, Strings(root.GetProperty("elements").GetProperty("added"), "id"));
            Assert.Empty(Strings(root.GetProperty("elements").GetProperty("removed"), "id"));
            Assert.Equal(0, root.GetProperty("boundaries").GetProperty("added").GetArrayLength());
            Assert.Equal(
                new[] { Bureau + "->" + Register, "client:internet->" + Downgrade, Register + "->" + Bureau }.OrderBy(s => s, StringComparer.Ordinal),
                Strings(root.GetProperty("crossingFlows").GetProperty("added"), "id"));
            Assert.Contains(root.GetProperty("dataNewlyOnFlows").EnumerateArray(), f => f.GetProperty("flow").GetString() == Register + "->" + Bureau
                                                                                      && f.GetProperty("dataClasses").EnumerateArray().Single().GetString() == "pii");
            var controls = Assert.Single(root.GetProperty("controlChanges").EnumerateArray());
            Assert.Equal(Upload, controls.GetProperty("element").GetString());
            Assert.Equal(new[] { "authenticated" }, controls.GetProperty("removed").EnumerateArray().Select(c => c.GetString()));

            var opened = root.GetProperty("threats").GetProperty("opened").EnumerateArray().Select(t => t.GetProperty("ruleId").GetString() + " " + t.GetProperty("element").GetString()).ToList();
            // The deliberate changes and what follows from them: the new endpoint is unauthenticated (TA1001) and writes with no
            // audit trail (TA3001); the upload lost its authorization (TA1001); the applicant's input now reaches the bureau (TA2001).
            Assert.Equal(new[] { "TA1001 " + Downgrade, "TA1001 " + Upload, "TA2001 " + Register, "TA3001 " + Downgrade }, opened);
            Assert.Equal(0, root.GetProperty("threats").GetProperty("closed").GetArrayLength());

            var expiring = Assert.Single(root.GetProperty("expiringAcceptances").EnumerateArray());
            Assert.Equal("TA1001", expiring.GetProperty("ruleId").GetString());
            Assert.Equal(10, expiring.GetProperty("daysLeft").GetInt32());
        }

        [Fact]
        public async Task Diff_Markdown_IsGroupedBySeverity_LinksFileAndLine_AndDrawsTheChangedPart()
        {
            var (exit, output, error) = await tool.Run("diff", tool.BaseModel, tool.HeadModel, "--today", tool.Today, "--source-link-base", "../samples/CustomerPortal");
            Assert.True(exit == 0, error);
            Assert.Contains("### Threats opened\n\n**High**\n\n", output, StringComparison.Ordinal);
            Assert.Contains("[Newsletter/NewsletterController.cs:", output, StringComparison.Ordinal);
            Assert.Contains("](../samples/CustomerPortal/Newsletter/NewsletterController.cs#L", output, StringComparison.Ordinal);
            Assert.Contains("```mermaid\nflowchart LR\n", output, StringComparison.Ordinal);
            Assert.Contains("#### New entry points\n\n- `NewsletterController.Downgrade`", output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Gate_FailsOnTheNewThreats_AndPassesTheBaseAgainstItself()
        {
            var (exit, output, _) = await tool.Run("gate", tool.HeadModel, "--baseline", tool.BaseModel, "--fail-on", "new", "--min-severity", "high");
            Assert.Equal(1, exit);
            Assert.Contains("element: NewsletterController.Downgrade", output, StringComparison.Ordinal);
            Assert.Contains("[AcceptsRisk(\"TA1001\"", output, StringComparison.Ordinal);
            Assert.Equal(0, (await tool.Run("gate", tool.BaseModel, "--baseline", tool.BaseModel, "--fail-on", "new")).Exit);
            Assert.Equal(1, (await tool.Run("gate", tool.BaseModel, "--min-severity", "critical")).Exit);
        }

        [Fact]
        public async Task Render_EveryFormat_AndMerge_RunOnTheBuild()
        {
            foreach (var format in new[] { "md", "threatdragon", "sarif", "otm", "json" })
            {
                var target = Path.Combine(tool.Root, "rendered", "head." + format);
                var (exit, _, error) = await tool.Run("render", tool.HeadModel, "--format", format, "--output", target);
                Assert.True(exit == 0, format + ": " + error);
                Assert.True(new FileInfo(target).Length > 0, format);
            }

            ArtifactTests.AssertValid("otm-0.2.0.schema.json", File.ReadAllText(Path.Combine(tool.Root, "rendered", "head.otm")));
            ArtifactTests.AssertValid("threat-dragon-v2.schema.json", File.ReadAllText(Path.Combine(tool.Root, "rendered", "head.threatdragon")));
            Assert.Equal(File.ReadAllText(tool.HeadModel), File.ReadAllText(Path.Combine(tool.Root, "rendered", "head.json")));

            var merged = Path.Combine(tool.Root, "merged.json");
            var merge = await tool.Run("merge", Path.GetDirectoryName(tool.HeadModel)!, "--output", merged);
            Assert.True(merge.Exit == 0, merge.Error);
            ArtifactTests.AssertValid("threat-model.schema.json", File.ReadAllText(merged));
        }

        [Fact]
        public async Task Merge_ApiAndDataLibrary_OneElementForTheSharedStore_WithFlowsFromTheApisEndpoints()
        {
            var merged = Path.Combine(tool.Root, "shop-merged.json");
            var (exit, _, error) = await tool.Run("merge", Path.Combine(tool.Root, "shop"), "--system", "Shop", "--output", merged);
            Assert.True(exit == 0, error);
            var text = File.ReadAllText(merged);
            ArtifactTests.AssertValid("threat-model.schema.json", text);
            using var model = JsonDocument.Parse(text);
            var store = Assert.Single(model.RootElement.GetProperty("elements").EnumerateArray(), e => e.GetProperty("id").GetString() == "T:Shop.Data.IOrderStore");
            Assert.Equal("Orders database", store.GetProperty("name").GetString());
            Assert.Equal("Shop.Data/OrderStore.cs", store.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal("shop-data", store.GetProperty("boundary").GetString());
            Assert.Equal(new[] { "internet", "shop-api", "shop-data" }, model.RootElement.GetProperty("boundaries").EnumerateArray().Select(b => b.GetProperty("id").GetString()));
            var endpoints = model.RootElement.GetProperty("elements").EnumerateArray()
                .Where(e => e.GetProperty("kind").GetString() == "process" && e.GetProperty("location").ValueKind == JsonValueKind.Object
                            && e.GetProperty("location").GetProperty("path").GetString()!.StartsWith("Shop.Api/", StringComparison.Ordinal))
                .Select(e => e.GetProperty("id").GetString())
                .ToHashSet();
            Assert.Equal(2, endpoints.Count);
            Assert.Contains(model.RootElement.GetProperty("flows").EnumerateArray(), f => f.GetProperty("from").GetString() == "T:Shop.Data.IOrderStore" && endpoints.Contains(f.GetProperty("to").GetString()));
            Assert.Contains(model.RootElement.GetProperty("flows").EnumerateArray(), f => f.GetProperty("to").GetString() == "T:Shop.Data.IOrderStore" && endpoints.Contains(f.GetProperty("from").GetString()));
        }

        [Fact]
        public async Task BadInput_IsOneLine_ExitCode2()
        {
            var empty = Path.Combine(tool.Root, "empty.json");
            File.WriteAllText(empty, string.Empty);
            var (exit, output, error) = await tool.Run("gate", empty);
            Assert.Equal((2, string.Empty, $"threatmodel: {empty}: the file is empty, not a threat model\n"), (exit, output, error.Replace("\r\n", "\n")));
        }

        /// <summary>Packs and installs the tool and builds the two samples once for all tests of the class.</summary>
        public sealed class InstalledTool : IAsyncLifetime
        {
            public string Root { get; } = Path.Combine(Path.GetTempPath(), "threatmodel-e2e-" + Guid.NewGuid().ToString("N"));

            public string Today { get; } = DateTime.Now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

            public string BaseModel => Artifact("base");

            public string HeadModel => Artifact("head");

            private string ToolPath => Path.Combine(Root, "tool", "bin", OperatingSystem.IsWindows() ? "threatmodel.exe" : "threatmodel");

            public async Task InitializeAsync()
            {
                var version = "0.0.0-e2e." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
                var toolFolder = Path.Combine(Root, "tool");
                var feed = Path.Combine(toolFolder, "feed");
                Directory.CreateDirectory(feed);
                var toolPackages = Path.Combine(toolFolder, "packages");
                var pack = await DotNetCli.RunAsync(DotNetCli.RepoRoot, toolPackages,
                    "pack", Path.Combine(DotNetCli.RepoRoot, "src", "ThreatAnalyzers.Tool", "ThreatAnalyzers.Tool.csproj"),
                    "-c", DotNetCli.Configuration, "--no-build", "-o", feed, "-p:PackageVersion=" + version);
                Assert.True(pack.ExitCode == 0, pack.Output);
                Assert.True(File.Exists(Path.Combine(feed, $"ThreatAnalyzers.Tool.{version}.nupkg")), pack.Output);

                // Only the local folder: the tool must install from its package alone.
                File.WriteAllText(Path.Combine(toolFolder, "nuget.config"), """
                    <?xml version="1.0" encoding="utf-8"?>
                    <configuration>
                      <packageSources>
                        <clear />
                      </packageSources>
                    </configuration>
                    """);
                var install = await DotNetCli.RunAsync(toolFolder, toolPackages,
                    "tool", "install", "--tool-path", Path.Combine(toolFolder, "bin"), "--add-source", feed, "ThreatAnalyzers.Tool", "--version", version);
                Assert.True(install.ExitCode == 0, install.Output);

                // The repository's sample copied twice; its references to src/ made absolute; packages from the user's cache.
                var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                               ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
                foreach (var file in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json", "nuget.config" })
                {
                    File.Copy(Path.Combine(DotNetCli.RepoRoot, file), Path.Combine(Root, file));
                }

                foreach (var build in new[] { "base", "head" })
                {
                    CopySample(Path.Combine(Root, build));
                    if (build == "head")
                    {
                        ChangeSample(Path.Combine(Root, build, "CustomerPortal"));
                    }

                    var project = Path.Combine(Root, build, "CustomerPortal", "CustomerPortal.csproj");
                    var restore = await DotNetCli.RunAsync(Root, packages, "restore", project, "--disable-build-servers", "-nodeReuse:false");
                    Assert.True(restore.ExitCode == 0, restore.Output);
                    var compile = await DotNetCli.RunAsync(Root, packages, "build", project, "-c", DotNetCli.Configuration, "--no-restore", "--no-dependencies",
                        "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
                    Assert.True(compile.ExitCode == 0, compile.Output);
                    Assert.True(File.Exists(Artifact(build)), compile.Output);
                }

                await BuildShop(packages);
            }

            /// <summary>A two-project solution: an API and the data library that declares its store, each writing its model.</summary>
            private async Task BuildShop(string packages)
            {
                var shop = Path.Combine(Root, "shop");
                File.Copy(Path.Combine(DotNetCli.RepoRoot, "samples", "Directory.Build.props"), Path.Combine(Directory.CreateDirectory(shop).FullName, "Directory.Build.props"));
                var data = WriteProject(Path.Combine(shop, "Shop.Data"), "Shop.Data.csproj", "Microsoft.NET.Sdk", string.Empty, ("OrderStore.cs", """
                    using ThreatAnalyzers;

                    namespace Shop.Data;

                    [DataStore("Orders database")]
                    public interface IOrderStore
                    {
                        string Find(int id);

                        void Save(string order);
                    }

                    public sealed class OrderStore : IOrderStore
                    {
                        public string Find(int id) => "order " + id;

                        public void Save(string order) { }
                    }
                    """));
                var api = WriteProject(Path.Combine(shop, "Shop.Api"), "Shop.Api.csproj", "Microsoft.NET.Sdk.Web",
                    "<ProjectReference Include=\"../Shop.Data/Shop.Data.csproj\" />", ("Program.cs", """
                    using Shop.Data;

                    var builder = WebApplication.CreateBuilder(args);
                    builder.Services.AddAuthorization();
                    builder.Services.AddSingleton<IOrderStore, OrderStore>();
                    var app = builder.Build();
                    app.MapGet("/orders/{id}", (int id, IOrderStore store) => store.Find(id)).RequireAuthorization();
                    app.MapPost("/orders", (string order, IOrderStore store) => store.Save(order)).RequireAuthorization();
                    app.Run();
                    """));
                var restore = await DotNetCli.RunAsync(shop, packages, "restore", api, "--disable-build-servers", "-nodeReuse:false");
                Assert.True(restore.ExitCode == 0, restore.Output);
                foreach (var project in new[] { data, api })
                {
                    var compile = await DotNetCli.RunAsync(shop, packages, "build", project, "-c", DotNetCli.Configuration, "--no-restore", "--no-dependencies",
                        "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
                    Assert.True(compile.ExitCode == 0, compile.Output);
                }
            }

            /// <summary>A project that uses ThreatAnalyzers from this repository's source, as the sample does.</summary>
            private static string WriteProject(string folder, string file, string sdk, string references, (string Name, string Text) source)
            {
                var src = Path.Combine(DotNetCli.RepoRoot, "src") + Path.DirectorySeparatorChar;
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, source.Name), source.Text);
                var path = Path.Combine(folder, file);
                File.WriteAllText(path, $$"""
                    <Project>
                      <Import Project="Sdk.props" Sdk="{{sdk}}" />
                      <Import Project="{{src}}ThreatAnalyzers.Package/build/ThreatAnalyzers.props" />
                      <PropertyGroup>
                        <TargetFramework>net10.0</TargetFramework>
                        <ThreatAnalyzersTaskAssembly>{{src}}ThreatAnalyzers.Build/bin/$(Configuration)/netstandard2.0/ThreatAnalyzers.Build.dll</ThreatAnalyzersTaskAssembly>
                        <ThreatAnalyzersTaskHostFactory>true</ThreatAnalyzersTaskHostFactory>
                      </PropertyGroup>
                      <ItemGroup>
                        <ProjectReference Include="{{src}}ThreatAnalyzers.Annotations/ThreatAnalyzers.Annotations.csproj" />
                        <ProjectReference Include="{{src}}ThreatAnalyzers.Analyzers/ThreatAnalyzers.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
                        <ProjectReference Include="{{src}}ThreatAnalyzers.Build/ThreatAnalyzers.Build.csproj" ReferenceOutputAssembly="false" />
                        {{references}}
                      </ItemGroup>
                      <Import Project="Sdk.targets" Sdk="{{sdk}}" />
                      <Import Project="{{src}}ThreatAnalyzers.Package/build/ThreatAnalyzers.targets" />
                    </Project>
                    """);
                return path;
            }

            public Task DisposeAsync()
            {
                try
                {
                    Directory.Delete(Root, recursive: true);
                }
                catch (IOException)
                {
                    // A build server may still hold a file; the temp folder is cleaned by the system.
                }

                return Task.CompletedTask;
            }

            /// <summary>Runs the installed tool as a CI step would: its own process, output redirected (so plain, no colour).</summary>
            public async Task<(int Exit, string Output, string Error)> Run(params string[] arguments)
            {
                var start = new ProcessStartInfo(ToolPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = Root };
                foreach (var argument in arguments)
                {
                    start.ArgumentList.Add(argument);
                }

                // The tool's launcher finds the runtime the tests run on.
                start.Environment["DOTNET_ROOT"] = Path.GetFullPath(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
                using var process = Process.Start(start)!;
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                await process.WaitForExitAsync();
                return (process.ExitCode, await output, await error);
            }

            private string Artifact(string build) => Path.Combine(Root, build, "CustomerPortal", "bin", DotNetCli.Configuration, "net10.0", "threat-model", "threat-model.json");

            private static void CopySample(string target)
            {
                var source = Path.Combine(DotNetCli.RepoRoot, "samples");
                File.Copy(Path.Combine(source, "Directory.Build.props"), Path.Combine(Directory.CreateDirectory(target).FullName, "Directory.Build.props"));
                var sample = Path.Combine(source, "CustomerPortal");
                foreach (var file in Directory.EnumerateFiles(sample, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(sample, file);
                    var top = relative.Split(Path.DirectorySeparatorChar)[0];
                    if (top is "bin" or "obj")
                    {
                        continue;
                    }

                    var destination = Path.Combine(target, "CustomerPortal", relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
                    File.Copy(file, destination);
                }

                var projectFile = Path.Combine(target, "CustomerPortal", "CustomerPortal.csproj");
                var src = Path.Combine(DotNetCli.RepoRoot, "src") + Path.DirectorySeparatorChar;
                File.WriteAllText(projectFile, File.ReadAllText(projectFile)
                    .Replace(@"$(MSBuildThisFileDirectory)..\..\src\", src, StringComparison.Ordinal)
                    .Replace(@"..\..\src\", src, StringComparison.Ordinal));
            }

            /// <summary>The four deliberate changes of the head build.</summary>
            private void ChangeSample(string sample)
            {
                // 1. A new endpoint without authorization that writes to the customer database.
                Edit(Path.Combine(sample, "Newsletter", "NewsletterController.cs"), "    [HttpPost(\"upgrade/{id:int}\")]", """
                        [HttpPost("downgrade/{id:int}")]
                        public async Task<IActionResult> Downgrade(int id)
                        {
                            await db.Customers.Where(c => c.Id == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.Tier, "standard"));
                            return NoContent();
                        }

                        [HttpPost("upgrade/{id:int}")]
                    """);

                // 2. Personal data newly sent to the credit bureau: registering a customer now asks for their score.
                var endpoints = Path.Combine(sample, "Customers", "CustomerEndpoints.cs");
                Edit(endpoints, "using Microsoft.EntityFrameworkCore;", "using CustomerPortal.CreditChecks;\nusing Microsoft.EntityFrameworkCore;");
                Edit(endpoints, "customers.MapPost(\"/\", async (NewCustomer input, CustomerDbContext db, CustomerAudit audit) =>\n        {\n",
                     "customers.MapPost(\"/\", async (NewCustomer input, CustomerDbContext db, CustomerAudit audit, CreditBureauClient bureau) =>\n        {\n            await bureau.ScoreAsync(input.FullName, input.DateOfBirth, default);\n");

                // 3. An authorization removed: uploading a document no longer requires it.
                Edit(Path.Combine(sample, "Program.cs"), "}).RequireAuthorization().RequireRateLimiting(RequestLimits.Portal);", "}).RequireRateLimiting(RequestLimits.Portal);");

                // 4. The campaign's acceptance expires in ten days.
                Edit(Path.Combine(sample, "Newsletter", "NewsletterController.cs"), "Expires = \"2027-06-30\"",
                     "Expires = \"" + DateTime.ParseExact(Today, "yyyy-MM-dd", CultureInfo.InvariantCulture).AddDays(10).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "\"");
            }

            private static void Edit(string file, string find, string replacement)
            {
                var text = File.ReadAllText(file).Replace("\r\n", "\n");
                Assert.True(text.Contains(find, StringComparison.Ordinal), file + " no longer holds: " + find);
                File.WriteAllText(file, text.Replace(find, replacement, StringComparison.Ordinal));
            }
        }
    }
}
