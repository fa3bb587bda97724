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
    /// Writes the threat-model artifacts after the compiler ran: the model the generator left in obj/ (without threats),
    /// joined with the threats the compiler actually reported (its SARIF 2.1 log), rendered in the requested formats.
    /// Files are rewritten only when their bytes change. Nothing escapes as an exception: every problem is one build
    /// message with a THREATMODELnnn code that names the file and what to do.
    /// </summary>
    public sealed class WriteThreatModel : Task
    {
        /// <summary>The generator's output (ThreatModel.g.cs) under the compiler's generated-files folder.</summary>
        [Required]
        public string GeneratedFile { get; set; } = string.Empty;

        /// <summary>The project's <c>ErrorLog</c> as the compiler got it: <c>path,version=2.1</c>; empty means none.</summary>
        public string? ErrorLog { get; set; }

        /// <summary>False when the analyzers did not run in this compile (RunAnalyzers / RunAnalyzersDuringBuild): threats unknown.</summary>
        public bool AnalyzersRan { get; set; } = true;

        /// <summary>The project folder: reported paths are made relative to it.</summary>
        public string? ProjectDirectory { get; set; }

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

        /// <summary>Every artifact of this build, changed or not (for FileWrites).</summary>
        [Output]
        public ITaskItem[] ArtifactFiles { get; private set; } = Array.Empty<ITaskItem>();

        /// <summary>The artifacts whose content changed and were written.</summary>
        [Output]
        public ITaskItem[] ChangedFiles { get; private set; } = Array.Empty<ITaskItem>();

        public override bool Execute()
        {
            try
            {
                Run();
            }
            catch (Exception exception) when (exception is not OutOfMemoryException and not StackOverflowException)
            {
                Log.LogError(null, BuildMessages.InternalError, null, GeneratedFile, 0, 0, 0, 0,
                    "ThreatAnalyzers could not write the threat model ({0}: {1}). Please report this, with the build log, to the ThreatAnalyzers project; set GenerateThreatModel=false to build without the artifact meanwhile.",
                    exception.GetType().Name, exception.Message);
            }

            return !Log.HasLoggedErrors;
        }

        private void Run()
        {
            var formats = ArtifactFormats.Parse(Formats, unknown => Log.LogWarning(null, BuildMessages.UnknownFormat, null, null, 0, 0, 0, 0,
                "ThreatModelFormats contains '{0}', which is not a threat-model format; accepted values: {1}. It is ignored.", unknown, ArtifactFormats.AcceptedValues));

            if (!File.Exists(GeneratedFile))
            {
                Log.LogWarning(null, BuildMessages.NoGeneratedModel, null, GeneratedFile, 0, 0, 0, 0,
                    "ThreatAnalyzers produced no threat model for this build: '{0}' does not exist. The artifact needs the ThreatAnalyzers generator and EmitCompilerGeneratedFiles=true; set GenerateThreatModel=false to turn it off.",
                    GeneratedFile);
                return;
            }

            var generated = ReadGeneratedModel();
            if (generated is null)
            {
                return;
            }

            var model = ModelJoin.Join(generated, ReadFindings(generated), ProjectDirectory);
            Write(model, formats);
        }

        /// <summary>The model the generator encoded into its comments-only source, or null after an error was logged.</summary>
        private ThreatModel? ReadGeneratedModel()
        {
            string? json;
            try
            {
                json = ArtifactBundle.Decode(File.ReadAllText(GeneratedFile))
                    .Where(entry => entry.Key == ModelJsonRenderer.IntermediateFileName)
                    .Select(entry => entry.Value)
                    .FirstOrDefault();
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or FormatException)
            {
                Log.LogError(null, BuildMessages.UnreadableGeneratedModel, null, GeneratedFile, 0, 0, 0, 0,
                    "The generator's threat model '{0}' cannot be read: {1} Rebuild the project (dotnet build --no-incremental).", GeneratedFile, exception.Message);
                return null;
            }

            if (json is null)
            {
                Log.LogError(null, BuildMessages.UnreadableGeneratedModel, null, GeneratedFile, 0, 0, 0, 0,
                    "The generator's output '{0}' holds no '{1}': it was written by another version of ThreatAnalyzers than this build task. Use one version of the package, then rebuild (dotnet build --no-incremental).",
                    GeneratedFile, ModelJsonRenderer.IntermediateFileName);
                return null;
            }

            try
            {
                return ModelJsonReader.Read(json);
            }
            catch (JsonFormatException exception)
            {
                Log.LogError(null, BuildMessages.UnreadableGeneratedModel, null, GeneratedFile, 0, 0, 0, 0,
                    "The threat model in '{0}' ({1}) is not valid: {2}. It was written by another version of ThreatAnalyzers, or damaged; rebuild with one version of the package (dotnet build --no-incremental).",
                    GeneratedFile, ModelJsonRenderer.IntermediateFileName, exception.Message);
                return null;
            }
        }

        /// <summary>What the compiler reported for our rules, or null when that is unknown (then the artifact says so).</summary>
        private List<ReportedFinding>? ReadFindings(ThreatModel generated)
        {
            if (!AnalyzersRan)
            {
                Log.LogMessage(MessageImportance.Normal, "ThreatAnalyzers: the analyzers did not run in this build (RunAnalyzers or RunAnalyzersDuringBuild is false); the threat model says its threats are unknown.");
                return null;
            }

            var setting = ErrorLogSetting.Parse(ErrorLog);
            if (setting is null)
            {
                Log.LogWarning(null, BuildMessages.UnusableErrorLog, null, null, 0, 0, 0, 0,
                    "The compiler wrote no SARIF log (ErrorLog is empty), so the threat model cannot say which threats it found: its threats are marked unknown. Remove any setting that clears ErrorLog, or set it to '<path>,version=2.1'.");
                return null;
            }

            if (!setting.IsSarif21)
            {
                Log.LogWarning(null, BuildMessages.UnusableErrorLog, null, null, 0, 0, 0, 0,
                    "ErrorLog is '{0}', a SARIF {1} log; ThreatAnalyzers reads only SARIF 2.1, so the threat model's threats are marked unknown. Set ErrorLog to '{2},version=2.1' (on a command line: -p:ErrorLog={2}%2Cversion=2.1), or remove it and ThreatAnalyzers sets its own.",
                    ErrorLog, setting.Version ?? "1.0", setting.Path);
                return null;
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
                Log.LogWarning(null, BuildMessages.UnreadableCompilerLog, null, path, 0, 0, 0, 0,
                    "The compiler's SARIF log '{0}' cannot be read ({1}); the threat model's threats are marked unknown. Rebuild the project (dotnet build --no-incremental).", path, exception.Message);
                return null;
            }

            if (text.Trim().Length == 0)
            {
                Log.LogWarning(null, BuildMessages.UnreadableCompilerLog, null, path, 0, 0, 0, 0,
                    "The compiler's SARIF log '{0}' is empty; the threat model's threats are marked unknown. Rebuild the project (dotnet build --no-incremental).", path);
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
                return null;
            }

            if (!log.AnalyzersRan)
            {
                Log.LogMessage(MessageImportance.Normal, "ThreatAnalyzers: the compiler's log '{0}' lists none of the threat rules, so the analyzers did not run in the compile that wrote it; the threat model says its threats are unknown.", path);
                return null;
            }

            return log.Findings;
        }

        private void Write(ThreatModel model, IReadOnlyCollection<ArtifactFormat> formats)
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

                    var bytes = encoding.GetBytes(format.Render(model, placement));
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
        /// <summary>Warning: the generator's file is missing (generator not run, EmitCompilerGeneratedFiles off).</summary>
        public const string NoGeneratedModel = "THREATMODEL001";

        /// <summary>Error: the generator's file is there but holds no readable model.</summary>
        public const string UnreadableGeneratedModel = "THREATMODEL002";

        /// <summary>Warning: ErrorLog is empty or not SARIF 2.1, so threats are unknown.</summary>
        public const string UnusableErrorLog = "THREATMODEL003";

        /// <summary>Warning: the compiler's log is missing, empty, corrupt or not a SARIF 2.1 log, so threats are unknown.</summary>
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
