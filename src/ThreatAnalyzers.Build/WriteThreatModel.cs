using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using Microsoft.Build.Framework;
using Microsoft.Build.Utilities;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Reporting.Findings;

namespace ThreatAnalyzers.Build
{
    /// <summary>
    /// Writes the threat-model artifacts after the compiler ran, whether the compile passed or failed: the model the
    /// model analyzer reported (the property of its TA0000 diagnostic, without threats) joined with the threats the compiler
    /// actually reported, both read from the compiler's SARIF log, rendered in the requested formats. When the log holds
    /// no model (the compile failed before the model was built, or the analyzers did not run) the artifacts are replaced by an empty model that says why,
    /// never left stale. Files are rewritten only when their bytes change. Nothing escapes as an exception: every problem
    /// is one build message with a THREATMODELnnn code that names the file and what to do.
    /// </summary>
    public sealed class WriteThreatModel : Task
    {
        /// <summary>The model analyzer's diagnostic that carries the model (ModelDiagnostic in the analyzers; not linked here: it is Roslyn code).</summary>
        internal const string ModelRuleId = "TA0000";

        /// <summary>The project's <c>ErrorLog</c> as the compiler got it: <c>path,version=2.1</c>; empty means none.</summary>
        public string? ErrorLog { get; set; }

        /// <summary>False when the analyzers did not run in this compile (RunAnalyzers / RunAnalyzersDuringBuild): threats unknown.</summary>
        public bool AnalyzersRan { get; set; } = true;

        /// <summary>The project folder: reported paths are made relative to it.</summary>
        public string? ProjectDirectory { get; set; }

        /// <summary>The system's name (ThreatModelSystemName), for an artifact written without a model.</summary>
        public string? SystemName { get; set; }

        /// <summary>
        /// Where this repository's files are published (ThreatAnalyzersDocsUrl, ending in '/'): the rules' help addresses
        /// in the artifacts become <c>&lt;it&gt;docs/rules/&lt;ID&gt;.md</c>. Empty leaves them as the analyzers have them.
        /// </summary>
        public string? DocsUrl { get; set; }

        /// <summary>
        /// The repository root (ThreatModelRepositoryRoot), which threat-model.sarif's paths are relative to; empty means
        /// the nearest folder above the project that holds a .git directory or file (a clone, a worktree, a submodule).
        /// </summary>
        public string? RepositoryRoot { get; set; }

        [Required]
        public string OutputDirectory { get; set; } = string.Empty;

        /// <summary>json, md, sarif, threatdragon (or all); empty means all.</summary>
        public string[]? Formats { get; set; }

        /// <summary>The path from <see cref="OutputDirectory"/> to the project folder, for the Markdown's source links.</summary>
        public string? SourceLinkBase { get; set; }

        /// <summary>
        /// Where the flow record of the project's public methods goes (next to the assembly: <c>&lt;assembly&gt;.threat-flows.txt</c>),
        /// for the projects that reference this one; empty writes none. Taken from the shared pass's TA0010 diagnostic.
        /// </summary>
        public string? FlowRecordFile { get; set; }

        /// <summary>Every artifact of this build, changed or not (for FileWrites).</summary>
        [Output]
        public ITaskItem[] ArtifactFiles { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>The artifacts whose content changed and were written.</summary>
        [Output]
        public ITaskItem[] ChangedFiles { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>The address rule pages have in the analyzers (RuleDefinition.HelpLinkBase without its docs/rules/ tail).</summary>
        internal const string PublishedDocsUrl = "https://github.com/threatanalyzers/threatanalyzers/blob/main/";

        public override bool Execute()
        {
            try
            {
                Run();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException and not StackOverflowException)
            {
                Log.LogError(null, BuildMessages.InternalError, null, ErrorLog, 0, 0, 0, 0,
                    "ThreatAnalyzers could not write the threat model ({0}: {1}). Please report this, with the build log, to the ThreatAnalyzers project; set GenerateThreatModel=false to build without the artifact meanwhile.",
                    exception.GetType().Name, exception.Message);
            }

            return !Log.HasLoggedErrors;
        }

        private void Run()
        {
            var formats = ArtifactFormats.Parse(Formats, unknown => Log.LogWarning(null, BuildMessages.UnknownFormat, null, null, 0, 0, 0, 0,
                "ThreatModelFormats contains '{0}', which is not a threat-model format; accepted values: {1}. It is ignored.", unknown, ArtifactFormats.AcceptedValues));

            var reasons = new List<string>();
            var model = BuildModel(reasons);
            if (model is null)
            {
                return;
            }

            Write(WithDocsUrl(model), formats, reasons.Count == 0 ? null : string.Join(" ", reasons));
            WriteFlowRecord();
        }

        /// <summary>The diagnostic of the shared pass that carries the flow record (SummaryRecorder in the analyzers).</summary>
        internal const string FlowRecordRuleId = "TA0010";

        internal const string FlowRecordProperty = "threat-flows.txt";

        /// <summary>
        /// Writes the flow record the compile reported, only when its text changed: the file is an input of every
        /// referencing project's compile, which runs again exactly when what the record says changed. A log without the
        /// record (the analyzers did not run, or an older package) leaves the last file alone.
        /// </summary>
        private void WriteFlowRecord()
        {
            if (string.IsNullOrWhiteSpace(FlowRecordFile) || !AnalyzersRan || ErrorLogSetting.Parse(ErrorLog) is not { } setting)
            {
                return;
            }

            var logPath = Path.DirectorySeparatorChar == '/' ? setting.Path.Replace('\\', '/') : setting.Path;
            var path = ProjectDirectory is { Length: > 0 } ? Path.Combine(ProjectDirectory, logPath) : logPath;
            var target = FlowRecordFile!.Trim();
            try
            {
                if (CompilerLogReader.ReadResultProperty(File.ReadAllText(path), FlowRecordRuleId, FlowRecordProperty) is not { } record)
                {
                    return;
                }

                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(record);
                if (!File.Exists(target) || !SameBytes(File.ReadAllBytes(target), bytes))
                {
                    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                    File.WriteAllBytes(target, bytes);
                    ChangedFiles = ChangedFiles.Concat(new[] { new TaskItem(target) }).ToArray();
                }

                ArtifactFiles = ArtifactFiles.Concat(new[] { new TaskItem(target) }).ToArray();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException or JsonFormatException)
            {
                Log.LogWarning(null, BuildMessages.CannotWrite, null, target, 0, 0, 0, 0,
                    "The flow record '{0}' cannot be written ({1}); projects that reference this one are analyzed without it.", target, exception.Message);
            }
        }

        /// <summary>
        /// The model to write: the model analyzer's joined with the compiler's findings, or an empty one when the log holds no
        /// model; null only after an error was logged. <paramref name="reasons"/> collects why the result is incomplete.
        /// </summary>
        private ThreatModel? BuildModel(List<string> reasons)
        {
            var setting = ErrorLogSetting.Parse(ErrorLog);
            if (setting is null)
            {
                Log.LogWarning(null, BuildMessages.UnusableErrorLog, null, null, 0, 0, 0, 0,
                    "The compiler wrote no SARIF log (ErrorLog is empty), so ThreatAnalyzers has neither the model nor the threats of this build: the artifact says so. Remove any setting that clears ErrorLog, or set it to '<path>,version=2.1'.");
                reasons.Add("The compiler wrote no log (ErrorLog is empty), so this build's model and threats are unknown.");
                return Empty();
            }

            // MSBuild paths may carry Windows separators ($(IntermediateOutputPath) is obj\Debug\...) on any platform.
            var logPath = Path.DirectorySeparatorChar == '/' ? setting.Path.Replace('\\', '/') : setting.Path;
            var path = ProjectDirectory is { Length: > 0 } ? Path.Combine(ProjectDirectory, logPath) : logPath;
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                return UnusableLog(path, "cannot be read (" + exception.Message + ")", reasons);
            }

            if (text.Trim().Length == 0)
            {
                return UnusableLog(path, "is empty", reasons);
            }

            LogOverview overview;
            try
            {
                overview = CompilerLogReader.ReadOverview(text, ModelRuleId, ModelJsonRenderer.IntermediateFileName);
            }
            catch (JsonFormatException exception)
            {
                return UnusableLog(path, "is not usable: " + exception.Message, reasons);
            }

            var compileFailed = overview.CompileErrors == 0
                ? null
                : "The code did not compile (" + Count(overview.CompileErrors, "error") + "; the first: " + overview.FirstError + ").";
            if (overview.ModelJson is null)
            {
                // The model analyzer's own failure first, then analyzers that did not run: either leaves no model whether
                // or not the code compiles, so a compile error would not be the reason.
                if (overview.ModelFailure is { } failure)
                {
                    // Never the last build's model with this build's threats: the artifact says the model is missing, and why.
                    Log.LogWarning(null, BuildMessages.NoModel, null, path, 0, 0, 0, 0,
                        "The ThreatAnalyzers model analyzer failed in this compile ({0}), so the compiler's log '{1}' holds no threat model: the artifact is replaced by one that says so. Please report the failure with the code that causes it.",
                        failure, path);
                    reasons.Add("The ThreatAnalyzers model analyzer failed in this compile (" + failure + "), so this build's model and threats are unknown.");
                }
                else if (!AnalyzersRan)
                {
                    // The model is built in the analyzers' pass: without analyzers there is neither a diagram nor threats.
                    Log.LogMessage(MessageImportance.Normal, "ThreatAnalyzers: the analyzers did not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false, or the build skipped them); the threat model is replaced by one that says its model and threats are unknown.");
                    reasons.Add("The analyzers did not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false, or the build skipped them), so its model and threats are unknown.");
                }
                else if (compileFailed is not null)
                {
                    Log.LogMessage(MessageImportance.Normal, "ThreatAnalyzers: the compile failed before the model was built; the threat model is replaced by one that says so.");
                    reasons.Add(compileFailed + " The compiler stopped before ThreatAnalyzers could model it: this file holds no model, and replaces the last one. Build again once the code compiles.");
                }
                else
                {
                    Log.LogWarning(null, BuildMessages.NoModel, null, path, 0, 0, 0, 0,
                        "The compiler's log '{0}' holds no threat model ({1}): the ThreatAnalyzers analyzers did not run in this compile. They run when the project references the ThreatAnalyzers package itself; set GenerateThreatModel=false to turn the artifact off.",
                        path, ModelRuleId);
                    reasons.Add("The ThreatAnalyzers analyzers did not run in this compile, so this build's model and threats are unknown.");
                }

                return Empty();
            }

            ThreatModel generated;
            try
            {
                generated = ModelJsonReader.Read(overview.ModelJson);
            }
            catch (JsonFormatException exception)
            {
                Log.LogError(null, BuildMessages.UnreadableGeneratedModel, null, path, 0, 0, 0, 0,
                    "The threat model in the compiler's log '{0}' (diagnostic {1}) is not valid: {2}. It was written by another version of ThreatAnalyzers than this build task, or damaged; use one version of the package, then rebuild (dotnet build --no-incremental).",
                    path, ModelRuleId, exception.Message);
                return null;
            }

            var model = ModelJoin.Join(generated, ReadFindings(setting, text, path, generated, reasons), ProjectDirectory);
            if (compileFailed is not null)
            {
                reasons.Add(compileFailed + " Code that does not compile may be missing from the model and its threats.");
            }

            return model;
        }

        private ThreatModel UnusableLog(string path, string problem, List<string> reasons)
        {
            Log.LogWarning(null, BuildMessages.UnreadableCompilerLog, null, path, 0, 0, 0, 0,
                "The compiler's SARIF log '{0}' {1}; the threat model says its model and threats are unknown. Rebuild the project (dotnet build --no-incremental).", path, problem);
            reasons.Add("The compiler's log " + problem + ", so this build's model and threats are unknown.");
            return Empty();
        }

        /// <summary>A model with nothing in it, which the reasons explain: what replaces the artifact when there is no model.</summary>
        private ThreatModel Empty()
            => new(ThreatModel.CurrentSchemaVersion,
                string.IsNullOrWhiteSpace(SystemName) ? (string.IsNullOrWhiteSpace(ProjectDirectory) ? "Application" : Path.GetFileName(ProjectDirectory!.TrimEnd('/', '\\'))) : SystemName!.Trim(),
                EquatableArray<Boundary>.Empty,
                EquatableArray<Element>.Empty,
                EquatableArray<Flow>.Empty,
                EquatableArray<Threat>.Empty,
                EquatableArray<RuleInfo>.Empty,
                ThreatsStates.Unknown);

        /// <summary>The rules' help addresses from <see cref="DocsUrl"/>.</summary>
        private ThreatModel WithDocsUrl(ThreatModel model)
        {
            var docs = (DocsUrl ?? string.Empty).Trim();
            if (docs.Length == 0 || docs == PublishedDocsUrl)
            {
                return model;
            }

            docs = docs.EndsWith("/", StringComparison.Ordinal) ? docs : docs + "/";
            return model with
            {
                Rules = model.Rules
                    .Select(rule => rule.HelpUri.StartsWith(PublishedDocsUrl, StringComparison.Ordinal) ? rule with { HelpUri = docs + rule.HelpUri.Substring(PublishedDocsUrl.Length) } : rule)
                    .ToEquatableArray(),
            };
        }

        private static string Count(int count, string noun) => count.ToString(System.Globalization.CultureInfo.InvariantCulture) + " " + noun + (count == 1 ? string.Empty : "s");

        /// <summary>What the compiler reported for our rules, or null when that is unknown (then the artifact says so, and why).</summary>
        private List<ReportedFinding>? ReadFindings(ErrorLogSetting setting, string text, string path, ThreatModel generated, List<string> reasons)
        {
            if (!AnalyzersRan)
            {
                // A model with analyzers off: the log is not this build's own, or an unusual setup ran the model analyzer alone.
                Log.LogMessage(MessageImportance.Normal, "ThreatAnalyzers: the analyzers did not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false, or the build skipped them); the threat model says its threats are unknown.");
                reasons.Add("The analyzers did not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false, or the build skipped them), so its threats are unknown.");
                return null;
            }

            if (!setting.IsSarif21)
            {
                Log.LogWarning(null, BuildMessages.UnusableErrorLog, null, null, 0, 0, 0, 0,
                    "ErrorLog is '{0}', a SARIF {1} log; ThreatAnalyzers reads threats only from SARIF 2.1, so the threat model's threats are marked unknown. Set ErrorLog to '{2},version=2.1' (on a command line: -p:ErrorLog={2}%2Cversion=2.1), or remove it and ThreatAnalyzers sets its own.",
                    ErrorLog, setting.Version ?? "1.0", setting.Path);
                reasons.Add("The compiler's log is SARIF " + (setting.Version ?? "1.0") + ", not 2.1, so this build's threats are unknown; the diagram is complete.");
                return null;
            }

            CompilerLog log;
            try
            {
                log = CompilerLogReader.ReadLog(text, generated.Rules.Select(r => r.Id).ToList());
            }
            catch (JsonFormatException exception)
            {
                Log.LogWarning(null, BuildMessages.UnreadableCompilerLog, null, path, 0, 0, 0, 0,
                    "The compiler's SARIF log '{0}' is not usable: {1}. The threat model's threats are marked unknown.", path, exception.Message);
                reasons.Add("The compiler's log could not be read (" + exception.Message + "), so this build's threats are unknown.");
                return null;
            }

            if (!log.AnalyzersRan)
            {
                Log.LogMessage(MessageImportance.Normal, "ThreatAnalyzers: the compiler's log '{0}' lists none of the threat rules, so the analyzers did not run in the compile that wrote it; the threat model says its threats are unknown.", path);
                reasons.Add("The threat rules did not run in the compile that wrote this model, so its threats are unknown.");
                return null;
            }

            return log.Findings;
        }

        private void Write(ThreatModel model, IReadOnlyCollection<ArtifactFormat> formats, string? incompleteReason)
        {
            var artifacts = new List<ITaskItem>();
            var changed = new List<ITaskItem>();
            var placement = new ArtifactPlacement(NormalizedLinkBase(), ProjectPathFromRepositoryRoot());
            var encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);
            try
            {
                Directory.CreateDirectory(OutputDirectory);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                Log.LogError(null, BuildMessages.CannotWrite, null, OutputDirectory, 0, 0, 0, 0,
                    "The threat-model folder '{0}' cannot be created ({1}). Check ThreatModelOutputPath.", OutputDirectory, exception.Message);
                return;
            }

            foreach (var format in ArtifactFormats.All)
            {
                var path = Path.Combine(OutputDirectory, format.FileName);
                try
                {
                    if (!formats.Contains(format))
                    {
                        // A format dropped from ThreatModelFormats leaves no stale artifact behind.
                        if (File.Exists(path))
                        {
                            File.Delete(path);
                        }

                        continue;
                    }

                    var bytes = encoding.GetBytes(IncompleteNote.Add(format.FileName, format.Render(model, placement), incompleteReason));
                    if (!File.Exists(path) || !SameBytes(File.ReadAllBytes(path), bytes))
                    {
                        File.WriteAllBytes(path, bytes);
                        changed.Add(new TaskItem(path));
                    }

                    artifacts.Add(new TaskItem(path));
                }
                catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
                {
                    Log.LogError(null, BuildMessages.CannotWrite, null, path, 0, 0, 0, 0,
                        "The threat-model artifact '{0}' cannot be written ({1}). Close whatever holds it open, or check ThreatModelOutputPath.", path, exception.Message);
                }
            }

            ArtifactFiles = artifacts.ToArray();
            ChangedFiles = changed.ToArray();
        }

        // A plain loop: on byte[] the compiler would pick MemoryExtensions.SequenceEqual, a System.Memory dependency.
        private static bool SameBytes(byte[] left, byte[] right)
        {
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (left[i] != right[i])
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>
        /// The project folder relative to the repository root, with '/' ("" at the root); null when there is no root to
        /// be relative to, and then threat-model.sarif's paths stay relative to the project folder.
        /// </summary>
        private string? ProjectPathFromRepositoryRoot()
        {
            if (string.IsNullOrWhiteSpace(ProjectDirectory))
            {
                return null;
            }

            var project = FullFolderPath(ProjectDirectory!);
            if (!string.IsNullOrWhiteSpace(RepositoryRoot))
            {
                var root = FullFolderPath(Path.Combine(project, RepositoryRoot!.Trim()));
                var relative = RelativeFolder(root, project);
                if (relative is null)
                {
                    Log.LogWarning(null, BuildMessages.ProjectOutsideRepositoryRoot, null, null, 0, 0, 0, 0,
                        "ThreatModelRepositoryRoot is '{0}', which does not contain the project folder '{1}'; threat-model.sarif's paths are relative to the project folder instead. Set ThreatModelRepositoryRoot to the repository's root folder, or leave it empty to use the folder that holds .git.",
                        RepositoryRoot, project);
                }

                return relative;
            }

            for (var folder = project; folder is not null; folder = Path.GetDirectoryName(folder))
            {
                // A clone has a .git folder; a worktree or a submodule has a .git file pointing at the real one.
                var git = Path.Combine(folder, ".git");
                if (Directory.Exists(git) || File.Exists(git))
                {
                    return RelativeFolder(folder, project);
                }
            }

            return null;
        }

        private static string FullFolderPath(string path)
        {
            // MSBuild paths may carry Windows separators on any platform.
            var native = Path.DirectorySeparatorChar == '/' ? path.Replace('\\', '/') : path;
            var full = Path.GetFullPath(native);
            var trimmed = full.TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar);
            return trimmed.Length == 0 || (trimmed.Length == 2 && trimmed[1] == ':') ? full : trimmed;
        }

        /// <summary><paramref name="folder"/> relative to <paramref name="root"/> with '/', "" when equal; null when it is not inside.</summary>
        private static string? RelativeFolder(string root, string folder)
        {
            // Windows and macOS file systems ignore case by default; Linux does not.
            var comparison = Path.DirectorySeparatorChar == '\\' || System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.OSX)
                ? StringComparison.OrdinalIgnoreCase
                : StringComparison.Ordinal;
            if (string.Equals(root, folder, comparison))
            {
                return string.Empty;
            }

            var rootWithSeparator = root.EndsWith(Path.DirectorySeparatorChar.ToString(), StringComparison.Ordinal) ? root : root + Path.DirectorySeparatorChar;
            return folder.StartsWith(rootWithSeparator, comparison)
                ? folder.Substring(rootWithSeparator.Length).Replace('\\', '/')
                : null;
        }

        private string NormalizedLinkBase()
        {
            var linkBase = (SourceLinkBase ?? string.Empty).Trim().Replace('\\', '/');
            return linkBase.Length > 0 && !linkBase.EndsWith("/", StringComparison.Ordinal) ? linkBase + "/" : linkBase;
        }
    }

    /// <summary>The codes of the build step's messages; docs and tests refer to them.</summary>
    internal static class BuildMessages
    {
        /// <summary>Warning: the compiler's log holds no model, and no compile error explains it (the analyzers did not run).</summary>
        public const string NoModel = "THREATMODEL001";

        /// <summary>Error: the log's model (TA0000) is not readable: another version of the package wrote it.</summary>
        public const string UnreadableGeneratedModel = "THREATMODEL002";

        /// <summary>Warning: ErrorLog is empty (model and threats unknown) or not SARIF 2.1 (threats unknown).</summary>
        public const string UnusableErrorLog = "THREATMODEL003";

        /// <summary>Warning: the compiler's log is missing, empty or corrupt, so the model and threats are unknown.</summary>
        public const string UnreadableCompilerLog = "THREATMODEL004";

        /// <summary>Warning: ThreatModelFormats names something that is not a format.</summary>
        public const string UnknownFormat = "THREATMODEL005";

        /// <summary>Error: an artifact or its folder cannot be written.</summary>
        public const string CannotWrite = "THREATMODEL006";

        /// <summary>Warning: ThreatModelRepositoryRoot does not contain the project, so SARIF paths stay project-relative.</summary>
        public const string ProjectOutsideRepositoryRoot = "THREATMODEL007";

        /// <summary>Error: a bug of ours; the message asks for a report.</summary>
        public const string InternalError = "THREATMODEL099";
    }
}
