using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using ThreatAnalyzers.Build;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.BuildStep
{
    /// <summary>
    /// The MSBuild task on its own, with a recording build engine: artifacts written only when they change, and every
    /// bad input (missing or corrupt files, an unusable ErrorLog, an unknown format) a coded message, never an exception.
    /// </summary>
    public sealed class WriteThreatModelTaskTests : IDisposable
    {
        private static readonly string[] AllArtifacts = { "threat-model.json", "threat-model.md", "threat-model.sarif", "threat-model.threatdragon.json" };

        /// <summary>
        /// What the compiler reports on the sample model: the model analyzer's model (TA0000, its JSON at MODEL), an open TA1001
        /// on its entry point, a TA4001 under #pragma on its log.
        /// </summary>
        private const string Log = """
            {
              "version": "2.1.0",
              "runs": [ { "results": [
                {
                  "ruleId": "TA0000",
                  "level": "note",
                  "message": { "text": "ThreatAnalyzers modeled 'Clinic'" },
                  "properties": { "warningLevel": 1, "customProperties": { "threat-model.model.json": MODEL } }
                },
                {
                  "ruleId": "TA1001",
                  "message": { "text": "Entry point 'GET /patients/{id}' receives data from 'Internet' but requires no authentication" },
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "Api/Patients.cs" }, "region": { "startLine": 12 } } } ],
                  "properties": { "customProperties": { "ThreatAnalyzers.Element": "entry:get-patients", "ThreatAnalyzers.Status": "open" } }
                },
                {
                  "ruleId": "TA4001",
                  "message": { "text": "'p.Email' (PII) reaches ILogger.LogInformation" },
                  "suppressions": [ { "kind": "inSource", "properties": { "suppressionType": "Pragma Directive" } } ],
                  "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "Api/Patients.cs" }, "region": { "startLine": 14 } } } ],
                  "properties": { "customProperties": { "ThreatAnalyzers.Element": "store:logs", "ThreatAnalyzers.Status": "open", "ThreatAnalyzers.DataClasses": "pii" } }
                }
              ] } ]
            }
            """;

        private readonly string root = Path.Combine(Path.GetTempPath(), "threatanalyzers-task-" + Guid.NewGuid().ToString("N"));

        public WriteThreatModelTaskTests()
        {
            Directory.CreateDirectory(root);
            File.WriteAllText(LogFile, LogWithModel(ModelJson));
        }

        private static string ModelJson => ModelJsonRenderer.Render(ModelJsonReaderTests.SampleModel(ThreatsStates.Unknown) with { Threats = EquatableArray<Threat>.Empty }, intermediate: true);

        private static string LogWithModel(string modelJson) => Log.Replace("MODEL", System.Text.Json.JsonSerializer.Serialize(modelJson), StringComparison.Ordinal);

        private string LogFile => Path.Combine(root, "threat-analyzers.sarif");

        private string OutputDirectory => Path.Combine(root, "out");

        public void Dispose() => Directory.Delete(root, recursive: true);

        [Fact]
        public void Writes_TheFourArtifacts_WithTheCompilersThreats_ThenLeavesUnchangedFilesAlone()
        {
            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            Assert.Empty(engine.Errors);
            Assert.Equal(AllArtifacts, Directory.GetFiles(OutputDirectory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Equal(4, task.ArtifactFiles.Length);
            Assert.Equal(4, task.ChangedFiles.Length);
            var model = ModelJsonReader.Read(File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json")));
            Assert.Equal(ThreatsStates.Complete, model.ThreatsState);
            Assert.NotEmpty(model.Threats);
            Assert.DoesNotContain("\r", File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.md")), StringComparison.Ordinal);
            Assert.NotEqual(0xEF, File.ReadAllBytes(Path.Combine(OutputDirectory, "threat-model.json"))[0]);

            var stamp = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
            foreach (var file in Directory.GetFiles(OutputDirectory))
            {
                File.SetLastWriteTimeUtc(file, stamp);
            }

            var (again, againEngine) = NewTask();
            Assert.True(again.Execute(), againEngine.Summary);
            Assert.Empty(again.ChangedFiles);
            Assert.Equal(4, again.ArtifactFiles.Length);
            Assert.All(Directory.GetFiles(OutputDirectory), file => Assert.Equal(stamp, File.GetLastWriteTimeUtc(file)));
        }

        [Fact]
        public void Formats_WritesOnlyThoseAsked_AndRemovesADroppedOne()
        {
            Assert.True(NewTask().Task.Execute());

            var (task, engine) = NewTask(t => t.Formats = new[] { "JSON", "markdown" });
            Assert.True(task.Execute(), engine.Summary);

            Assert.Equal(new[] { "threat-model.json", "threat-model.md" }, Directory.GetFiles(OutputDirectory).Select(Path.GetFileName).OrderBy(n => n, StringComparer.Ordinal));
            Assert.Empty(engine.Warnings);
        }

        [Fact]
        public void UnknownFormat_IsAWarningNamingTheAcceptedValues()
        {
            var (task, engine) = NewTask(t => t.Formats = new[] { "json", "pdf" });

            Assert.True(task.Execute(), engine.Summary);

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("THREATMODEL005", warning.Code);
            Assert.Equal("ThreatModelFormats contains 'pdf', which is not a threat-model format; accepted values: json, md, sarif, threatdragon (or all). It is ignored.", warning.Message);
            Assert.Equal(new[] { "threat-model.json" }, Directory.GetFiles(OutputDirectory).Select(Path.GetFileName));
        }

        [Fact]
        public void LogWithoutModel_NoCompileError_IsAWarning_AndTheArtifactIsReplacedByOneThatSaysWhy()
        {
            Assert.True(NewTask().Task.Execute());
            File.WriteAllText(LogFile, """{ "version": "2.1.0", "runs": [ { "results": [] } ] }""");
            var (task, engine) = NewTask(t => t.SystemName = "Clinic API");

            Assert.True(task.Execute(), engine.Summary);

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("THREATMODEL001", warning.Code);
            Assert.Contains(LogFile, warning.Message, StringComparison.Ordinal);
            Assert.Contains("GenerateThreatModel=false", warning.Message, StringComparison.Ordinal);
            var model = AssertIncomplete("analyzers did not run");
            Assert.Equal("Clinic API", model.System);
            Assert.Empty(model.Elements);
        }

        [Fact]
        public void ModelAnalyzerThatThrew_TheWarningSaysSo_AndTheLastModelIsNotReused()
        {
            Assert.True(NewTask().Task.Execute());
            File.WriteAllText(LogFile, """
                { "version": "2.1.0", "runs": [ { "results": [
                  { "ruleId": "AD0001", "level": "warning", "message": { "text": "Analyzer 'ThreatAnalyzers.Modeling.ThreatModelAnalyzer' threw an exception of type 'System.InvalidOperationException' with message 'boom'.\nException occurred with following context:\nCompilation: Portal\nSyntaxTree: /home/someone/src/Portal/Program.cs\n\nSystem.InvalidOperationException: boom\n   at ThreatAnalyzers.Modeling.ThreatModelAnalyzer.ModelFacts.Read(SemanticModelAnalysisContext context)\n-----\n\nSuppress the following diagnostics to disable this analyzer: TA0000" } }
                ] } ] }
                """);
            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("THREATMODEL001", warning.Code);
            Assert.Contains("The ThreatAnalyzers model analyzer failed in this compile (AD0001", warning.Message, StringComparison.Ordinal);
            var model = AssertIncomplete("The ThreatAnalyzers model analyzer failed in this compile (AD0001 'Analyzer 'ThreatAnalyzers.Modeling.ThreatModelAnalyzer' threw an exception of type 'System.InvalidOperationException' with message 'boom'.')");
            Assert.Empty(model.Elements);

            // The driver's message goes on with the failing file's absolute path and a stack trace: neither reaches the warning or the artifact.
            Assert.DoesNotContain("/home/someone", warning.Message, StringComparison.Ordinal);
            var artifact = File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json"));
            Assert.DoesNotContain("/home/someone", artifact, StringComparison.Ordinal);
            Assert.DoesNotContain("Suppress the following", artifact, StringComparison.Ordinal);
        }

        [Fact]
        public void CompileFailedBeforeTheModel_ReplacesTheArtifactWithOneThatSaysWhy_WithoutAWarning()
        {
            Assert.True(NewTask().Task.Execute());
            File.WriteAllText(LogFile, """
                { "version": "2.1.0", "runs": [ { "results": [
                  { "ruleId": "CS1002", "level": "error", "message": { "text": "; expected" },
                    "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Api/Patients.cs" }, "region": { "startLine": 7 } } } ] },
                  { "ruleId": "CS8618", "level": "error", "message": { "text": "a warning made an error" }, "properties": { "warningLevel": 1 } }
                ] } ] }
                """);
            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            var model = AssertIncomplete("The code did not compile (1 error; the first: CS1002 '; expected' at Patients.cs:7). The compiler stopped before ThreatAnalyzers could model it");
            Assert.Empty(model.Elements);
            Assert.Empty(model.Threats);
            Assert.Contains("> **Incomplete.** The code did not compile", File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.md")), StringComparison.Ordinal);
            Modeling.ArtifactTests.AssertValid("threat-model.schema.json", File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json")));
        }

        [Fact]
        public void AnalyzersOff_AndACompileError_TheArtifactNamesTheAnalyzers_NotTheCompile()
        {
            // Without analyzers there is no model whether or not the code compiles: "build again once the code compiles" would mislead.
            File.WriteAllText(LogFile, """
                { "version": "2.1.0", "runs": [ { "results": [
                  { "ruleId": "CS1002", "level": "error", "message": { "text": "; expected" },
                    "locations": [ { "physicalLocation": { "artifactLocation": { "uri": "file:///src/Api/Patients.cs" }, "region": { "startLine": 7 } } } ] }
                ] } ] }
                """);
            var (task, engine) = NewTask(t => t.AnalyzersRan = false);

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            var model = AssertIncomplete("The analyzers did not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false, or the build skipped them), so its model and threats are unknown.");
            Assert.Empty(model.Elements);
        }

        [Fact]
        public void CompileErrorAfterTheModel_KeepsModelAndThreats_AndSaysTheCodeDidNotCompile()
        {
            File.WriteAllText(LogFile, LogWithModel(ModelJson).Replace("""
                "runs": [ { "results": [
                """, """
                "runs": [ { "results": [
                    { "ruleId": "CS0103", "level": "error", "message": { "text": "The name 'x' does not exist in the current context" } },
                """, StringComparison.Ordinal));
            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            var model = AssertIncomplete("The code did not compile (1 error; the first: CS0103 'The name 'x' does not exist in the current context'). Code that does not compile may be missing");
            Assert.Equal(ThreatsStates.Complete, model.ThreatsState);
            Assert.NotEmpty(model.Elements);
            Assert.NotEmpty(model.Threats);
        }

        [Fact]
        public void DocsUrl_RewritesTheRulesHelp()
        {
            File.WriteAllText(LogFile, LogWithModel(ModelJson.Replace("https://example.invalid/", "https://github.com/threatanalyzers/threatanalyzers/blob/main/docs/rules/", StringComparison.Ordinal)));
            var (task, engine) = NewTask(t => t.DocsUrl = "https://docs.example.test/threatanalyzers");

            Assert.True(task.Execute(), engine.Summary);

            var model = ModelJsonReader.Read(File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json")));
            Assert.NotEmpty(model.Rules);
            Assert.All(model.Rules, rule => Assert.Equal("https://docs.example.test/threatanalyzers/docs/rules/" + rule.Id, rule.HelpUri));
            Assert.Contains("https://docs.example.test/threatanalyzers/docs/rules/", File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.sarif")), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("not*json", "is not valid: line 1")]
        [InlineData("{ \"schemaVersion\": \"9.0\" }", "is not valid: $.schemaVersion: schema 9.0 is not readable")]
        public void CorruptModelInTheLog_IsAnErrorNamingTheLog(string content, string problem)
        {
            File.WriteAllText(LogFile, LogWithModel(content));
            var (task, engine) = NewTask();

            Assert.False(task.Execute());

            var error = Assert.Single(engine.Errors);
            Assert.Equal("THREATMODEL002", error.Code);
            Assert.Equal(LogFile, error.File);
            Assert.Contains(problem, error.Message, StringComparison.Ordinal);
            Assert.False(Directory.Exists(OutputDirectory));
        }

        [Theory]
        [InlineData(null, "cannot be read")]
        [InlineData("", "is empty")]
        [InlineData("{ \"version\": \"2.1.0\", \"runs\": [", "is not usable: line 1, column 32: unexpected end of input, expected a value")]
        [InlineData("{ \"name\": \"package.json, not a log\" }", "is not usable: $: not a SARIF log")]
        public void UnusableCompilerLog_IsAWarning_AndTheArtifactSaysThreatsUnknown(string? content, string problem)
        {
            if (content is null)
            {
                File.Delete(LogFile);
            }
            else
            {
                File.WriteAllText(LogFile, content);
            }

            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("THREATMODEL004", warning.Code);
            Assert.Equal(LogFile, warning.File);
            Assert.Contains(problem, warning.Message, StringComparison.Ordinal);
            AssertIncomplete("The compiler's log ");
        }

        [Theory]
        [InlineData("{0}", "a SARIF 1.0 log")]
        [InlineData("{0},version=1", "a SARIF 1 log")]
        [InlineData("", "ErrorLog is empty")]
        public void ErrorLogThatIsNotSarif21_IsAWarningSayingHowToSetIt(string errorLog, string problem)
        {
            var (task, engine) = NewTask(t => t.ErrorLog = string.Format(System.Globalization.CultureInfo.InvariantCulture, errorLog, LogFile));

            Assert.True(task.Execute(), engine.Summary);

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("THREATMODEL003", warning.Code);
            Assert.Contains(problem, warning.Message, StringComparison.Ordinal);
            Assert.Contains("version=2.1", warning.Message, StringComparison.Ordinal);
            AssertThreatsUnknown();
        }

        [Fact]
        public void ErrorLog_RelativeToTheProject_WithVersion2_IsRead()
        {
            var (task, engine) = NewTask(t => t.ErrorLog = "threat-analyzers.sarif,version=2");

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            Assert.Equal(ThreatsStates.Complete, ModelJsonReader.Read(File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json"))).ThreatsState);
        }

        [Fact]
        public void AnalyzersOff_ThreatsUnknown_WithoutAWarning()
        {
            var (task, engine) = NewTask(t => t.AnalyzersRan = false);

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            Assert.Contains(engine.Messages, m => m.Contains("RunAnalyzers", StringComparison.Ordinal));
            AssertThreatsUnknown();
        }

        [Fact]
        public void LogWithoutOurRules_ThreatsUnknown_WithoutAWarning()
        {
            File.WriteAllText(LogFile, LogWithModel(ModelJson).Replace("""
                "runs": [ { "results": [
                """, """
                "runs": [ { "tool": { "driver": { "name": "csc", "rules": [] } }, "results": [
                """, StringComparison.Ordinal).Replace("\"ruleId\": \"TA", "\"ruleId\": \"XX", StringComparison.Ordinal).Replace("\"ruleId\": \"XX0000", "\"ruleId\": \"TA0000", StringComparison.Ordinal));
            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            Assert.Contains(engine.Messages, m => m.Contains("lists none of the threat rules", StringComparison.Ordinal));
            AssertThreatsUnknown();
        }

        [Fact]
        public void UnwritableOutput_IsAnError_NotAnException()
        {
            File.WriteAllText(OutputDirectory, "a file where the folder should be");
            var (task, engine) = NewTask();

            Assert.False(task.Execute());

            var error = Assert.Single(engine.Errors);
            Assert.Equal("THREATMODEL006", error.Code);
            Assert.Contains(OutputDirectory, error.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public void GitAboveTheProject_MakesSarifPathsRelativeToTheRepositoryRoot(bool gitIsAFolder)
        {
            // A clone has a .git folder; a worktree or a submodule a .git file.
            if (gitIsAFolder)
            {
                Directory.CreateDirectory(Path.Combine(root, ".git"));
            }
            else
            {
                File.WriteAllText(Path.Combine(root, ".git"), "gitdir: /elsewhere/.git/worktrees/clinic\n");
            }

            var (task, engine) = NewTask(t => t.ProjectDirectory = ProjectInRepository());

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            var (uri, sourceRoot) = SarifPaths();
            Assert.Equal("src/Clinic/Api/Patients.cs", uri);
            Assert.StartsWith("The root of the repository", sourceRoot, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("../..")]
        [InlineData("{root}")]
        [InlineData("{root}/")]
        public void RepositoryRoot_WhenSet_WinsOverGit(string repositoryRoot)
        {
            Directory.CreateDirectory(Path.Combine(root, "src", ".git"));
            var (task, engine) = NewTask(t =>
            {
                t.ProjectDirectory = ProjectInRepository();
                t.RepositoryRoot = repositoryRoot.Replace("{root}", root, StringComparison.Ordinal);
            });

            Assert.True(task.Execute(), engine.Summary);

            Assert.Empty(engine.Warnings);
            Assert.Equal("src/Clinic/Api/Patients.cs", SarifPaths().Uri);
        }

        [Fact]
        public void RepositoryRoot_ThatDoesNotHoldTheProject_IsAWarning_AndPathsStayRelativeToTheProject()
        {
            var elsewhere = Path.Combine(root, "elsewhere");
            Directory.CreateDirectory(elsewhere);
            var (task, engine) = NewTask(t =>
            {
                t.ProjectDirectory = ProjectInRepository();
                t.RepositoryRoot = elsewhere;
            });

            Assert.True(task.Execute(), engine.Summary);

            var warning = Assert.Single(engine.Warnings);
            Assert.Equal("THREATMODEL007", warning.Code);
            Assert.Contains(elsewhere, warning.Message, StringComparison.Ordinal);
            Assert.Contains("ThreatModelRepositoryRoot", warning.Message, StringComparison.Ordinal);
            var (uri, sourceRoot) = SarifPaths();
            Assert.Equal("Api/Patients.cs", uri);
            Assert.StartsWith("The folder of the project", sourceRoot, StringComparison.Ordinal);
        }

        [Fact]
        public void NoGitAndNoRepositoryRoot_PathsStayRelativeToTheProject_AndSrcRootSaysSo()
        {
            for (var folder = Path.GetDirectoryName(root); folder is not null; folder = Path.GetDirectoryName(folder))
            {
                Assert.False(Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git")),
                    $"This test needs a temp folder outside any git repository, but '{folder}' holds .git: set TMPDIR elsewhere.");
            }

            var (task, engine) = NewTask();

            Assert.True(task.Execute(), engine.Summary);

            var (uri, sourceRoot) = SarifPaths();
            Assert.Equal("Api/Patients.cs", uri);
            Assert.Contains("no repository root was found", sourceRoot, StringComparison.Ordinal);
        }

        private string ProjectInRepository() => Directory.CreateDirectory(Path.Combine(root, "src", "Clinic")).FullName;

        /// <summary>threat-model.sarif's first result's URI and what SRCROOT says it is.</summary>
        private (string Uri, string SourceRoot) SarifPaths()
        {
            using var sarif = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.sarif")));
            var run = sarif.RootElement.GetProperty("runs")[0];
            return (
                run.GetProperty("results")[0].GetProperty("locations")[0].GetProperty("physicalLocation").GetProperty("artifactLocation").GetProperty("uri").GetString()!,
                run.GetProperty("originalUriBaseIds").GetProperty("SRCROOT").GetProperty("description").GetProperty("text").GetString()!);
        }

        /// <summary>threat-model.json says why it is incomplete (threatsState unknown when there is no model).</summary>
        private ThreatModel AssertIncomplete(string reason)
        {
            var json = File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json"));
            using var document = System.Text.Json.JsonDocument.Parse(json);
            Assert.Contains(reason, document.RootElement.GetProperty("incompleteReason").GetString(), StringComparison.Ordinal);
            var model = ModelJsonReader.Read(json);
            if (model.Elements.Count == 0)
            {
                Assert.Equal(ThreatsStates.Unknown, model.ThreatsState);
            }

            using var sarif = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.sarif")));
            Assert.Contains(reason, sarif.RootElement.GetProperty("runs")[0].GetProperty("properties").GetProperty("incompleteReason").GetString(), StringComparison.Ordinal);
            return model;
        }

        private void AssertThreatsUnknown()
        {
            var model = ModelJsonReader.Read(File.ReadAllText(Path.Combine(OutputDirectory, "threat-model.json")));
            Assert.Equal(ThreatsStates.Unknown, model.ThreatsState);
        }

        private (WriteThreatModel Task, RecordingBuildEngine Engine) NewTask(Action<WriteThreatModel>? configure = null)
        {
            var engine = new RecordingBuildEngine();
            var task = new WriteThreatModel
            {
                BuildEngine = engine,
                ErrorLog = LogFile + ",version=2.1",
                ProjectDirectory = root,
                OutputDirectory = OutputDirectory,
                SourceLinkBase = "../",
            };
            configure?.Invoke(task);
            return (task, engine);
        }

        private sealed record Logged(string Code, string? File, string Message);

        private sealed class RecordingBuildEngine : IBuildEngine
        {
            public List<Logged> Warnings { get; } = new();

            public List<Logged> Errors { get; } = new();

            public List<string> Messages { get; } = new();

            public string Summary => string.Join("\n", Errors.Concat(Warnings).Select(e => $"{e.Code}: {e.Message}"));

            public bool ContinueOnError => false;

            public int LineNumberOfTaskNode => 0;

            public int ColumnNumberOfTaskNode => 0;

            public string ProjectFileOfTaskNode => "test.csproj";

            public void LogErrorEvent(BuildErrorEventArgs e) => Errors.Add(new Logged(e.Code, e.File, e.Message!));

            public void LogWarningEvent(BuildWarningEventArgs e) => Warnings.Add(new Logged(e.Code, e.File, e.Message!));

            public void LogMessageEvent(BuildMessageEventArgs e) => Messages.Add(e.Message!);

            public void LogCustomEvent(CustomBuildEventArgs e) => Messages.Add(e.Message!);

            public bool BuildProjectFile(string projectFileName, string[] targetNames, IDictionary globalProperties, IDictionary targetOutputs) => throw new NotSupportedException();
        }
    }
}
