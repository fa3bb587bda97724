using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Tool
{
    /// <summary>
    /// The 'threatmodel' command line. Exit codes: 0 success (the gate passed), 1 the gate failed, 2 bad input or usage
    /// (an unreadable, empty, foreign or unknown-version model, two systems to diff, an unknown option).
    /// </summary>
    public static class ThreatModelCli
    {
        public const int Success = 0;
        public const int PolicyFailed = 1;
        public const int BadInput = 2;

        private static readonly string[] RenderFormats = { "md", "threatdragon", "sarif", "otm", "json" };

        /// <param name="args">The command line.</param>
        /// <param name="output">Where results go (standard output).</param>
        /// <param name="error">Where errors go (standard error): one line each.</param>
        /// <param name="interactive">A person at a terminal: colour and summary tables.</param>
        /// <param name="today">The date expiries are measured from when --today is not given (the clock's, by default).</param>
        public static int Run(string[] args, TextWriter output, TextWriter error, bool interactive = false, DateTime? today = null)
        {
            var terminal = new Terminal(output, interactive);
            var root = new RootCommand(
                "threatmodel: merge, diff, gate and render the threat models ThreatAnalyzers writes on every build " +
                "(bin/<configuration>/<tfm>/threat-model/threat-model.json).\n\n" +
                "Examples:\n" +
                "  threatmodel merge src --output threat-model.json\n" +
                "  threatmodel diff base/threat-model.json threat-model.json --format md > diff.md\n" +
                "  threatmodel gate threat-model.json --baseline base/threat-model.json --fail-on new --min-severity high\n" +
                "  threatmodel render threat-model.json --format otm --output threat-model.otm.json\n\n" +
                "Exit codes: 0 success, 1 the gate failed, 2 bad input (unreadable, empty or foreign file, unknown schemaVersion, two different systems).");
            root.Subcommands.Add(RenderCommand(terminal));
            root.Subcommands.Add(GateCommand(terminal));
            root.Subcommands.Add(DiffCommand(terminal, today ?? DateTime.Today));
            root.Subcommands.Add(MergeCommand(terminal, error));

            var parsed = root.Parse(args);
            if (parsed.Errors.Count > 0)
            {
                foreach (var problem in parsed.Errors)
                {
                    error.Write("threatmodel: " + problem.Message + "\n");
                }

                error.Write("Run 'threatmodel --help' for the commands and their options.\n");
                return BadInput;
            }

            try
            {
                return parsed.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
            }
            catch (ModelFileException e)
            {
                error.Write("threatmodel: " + e.Message + "\n");
                return BadInput;
            }
            catch (IOException e)
            {
                error.Write("threatmodel: " + e.Message + "\n");
                return BadInput;
            }
        }

        private static Command RenderCommand(Terminal terminal)
        {
            var model = new Argument<string>("model") { Description = "A threat-model.json file." };
            var format = new Option<string>("--format", "-f") { Description = "md, threatdragon, sarif, otm (Open Threat Model 0.2.0) or json (the canonical model again).", Required = true };
            format.AcceptOnlyFromAmong(RenderFormats);
            var outputFile = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
            var linkBase = new Option<string>("--source-link-base") { Description = "md: the path or address source links start with (default: none, paths as in the model).", DefaultValueFactory = _ => string.Empty };
            var projectPath = new Option<string?>("--project-path") { Description = "sarif: the project folder's path from the repository root, so code scanning finds the files." };
            var command = new Command("render", "Write a model in another format with the renderers the build uses.\n\nExamples:\n  threatmodel render threat-model.json --format md --output threat-model.md\n  threatmodel render threat-model.json --format otm > threat-model.otm.json\n  threatmodel render threat-model.json --format sarif --project-path src/Api --output api.sarif")
            {
                model, format, outputFile, linkBase, projectPath,
            };
            command.SetAction(parse =>
            {
                var path = parse.GetValue(model)!;
                var loaded = ModelFiles.Load(path);
                var text = parse.GetValue(format) switch
                {
                    "md" => MarkdownRenderer.Render(loaded, LinkBase(parse.GetValue(linkBase))),
                    "threatdragon" => ThreatDragonRenderer.Render(loaded),
                    "sarif" => SarifRenderer.Render(loaded, parse.GetValue(projectPath)?.Replace('\\', '/').Trim('/')),
                    "otm" => OtmRenderer.Render(loaded),
                    _ => ModelJsonRenderer.Render(loaded),
                };
                Write(terminal, parse.GetValue(outputFile), text);
                return Success;
            });
            return command;
        }

        private static Command GateCommand(Terminal terminal)
        {
            var model = new Argument<string>("model") { Description = "The threat-model.json of this build." };
            var baseline = new Option<string?>("--baseline", "-b") { Description = "The model of the base branch: with --fail-on new, only threats it did not have fail." };
            var failOn = new Option<string>("--fail-on") { Description = "open: every open threat fails; new: only open threats the baseline did not have.", DefaultValueFactory = _ => "open" };
            failOn.AcceptOnlyFromAmong("open", "new");
            var minSeverity = new Option<string>("--min-severity") { Description = "Only threats of this severity or above fail: low, medium, high, critical.", DefaultValueFactory = _ => RuleRisks.Low };
            minSeverity.AcceptOnlyFromAmong(Gate.Severities);
            var command = new Command("gate", "Exit 1 when the model has threats the policy does not allow, with what failed and how to accept or mitigate it.\n\nExamples:\n  threatmodel gate threat-model.json --min-severity high\n  threatmodel gate threat-model.json --baseline base/threat-model.json --fail-on new")
            {
                model, baseline, failOn, minSeverity,
            };
            command.SetAction(parse =>
            {
                var path = parse.GetValue(model)!;
                var loaded = ModelFiles.Load(path);
                var baselinePath = parse.GetValue(baseline);
                var mode = parse.GetValue(failOn) == "new" ? FailOn.New : FailOn.Open;
                if (mode == FailOn.New && baselinePath is null)
                {
                    throw new ModelFileException(path, "--fail-on new needs --baseline <model> to tell which threats are new");
                }

                var baselineModel = baselinePath is null ? null : ModelFiles.Load(baselinePath);
                if (baselineModel is not null && baselineModel.System != loaded.System)
                {
                    throw new ModelFileException(baselinePath!, "is a model of system '" + baselineModel.System + "', not of '" + loaded.System + "'");
                }

                return Gate.Run(terminal, path, loaded, baselineModel, mode, parse.GetValue(minSeverity)!);
            });
            return command;
        }

        private static Command DiffCommand(Terminal terminal, DateTime clock)
        {
            var basePath = new Argument<string>("base") { Description = "The model before (the base branch's threat-model.json)." };
            var headPath = new Argument<string>("head") { Description = "The model after (this build's threat-model.json)." };
            var format = new Option<string>("--format", "-f") { Description = "md (a pull-request comment), json or text.", DefaultValueFactory = _ => "md" };
            format.AcceptOnlyFromAmong("md", "json", "text");
            var expiring = new Option<int>("--expiring-within") { Description = "List accepted risks whose acceptance expires within this many days.", DefaultValueFactory = _ => 30 };
            var todayOption = new Option<string?>("--today") { Description = "The date expiries are counted from, yyyy-MM-dd (default: today)." };
            var linkBase = new Option<string>("--source-link-base") { Description = "md: the path or address source links start with, e.g. the repository's blob URL of the commit and the project folder.", DefaultValueFactory = _ => string.Empty };
            var outputFile = new Option<string?>("--output", "-o") { Description = "Write to this file instead of standard output." };
            var command = new Command("diff", "What changed in the architecture and its risks between two models of one system.\n\nExamples:\n  threatmodel diff base/threat-model.json threat-model.json > diff.md\n  threatmodel diff base.json head.json --format json --expiring-within 14\n  threatmodel diff base.json head.json --format text")
            {
                basePath, headPath, format, expiring, todayOption, linkBase, outputFile,
            };
            command.SetAction(parse =>
            {
                var day = clock;
                if (parse.GetValue(todayOption) is { } given && !DateTime.TryParseExact(given, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out day))
                {
                    throw new ModelFileException("--today", "'" + given + "' is not a date (yyyy-MM-dd)");
                }

                var before = parse.GetValue(basePath)!;
                var after = parse.GetValue(headPath)!;
                var diff = ModelDiff.Compute(ModelFiles.Load(before), before, ModelFiles.Load(after), after, day, parse.GetValue(expiring));
                var outputPath = parse.GetValue(outputFile);
                var chosen = parse.GetValue(format);
                if (chosen == "text" && outputPath is null && terminal.Interactive)
                {
                    terminal.Table(new[] { "change", "count" }, DiffOutput.Counts(diff).Where(c => c.Count > 0).Select(c => (IReadOnlyList<string>)new[] { c.Label, c.Count.ToString(CultureInfo.InvariantCulture) }).ToList());
                }

                var plain = new Terminal(TextWriter.Null, interactive: false);
                var text = chosen switch
                {
                    "json" => DiffOutput.JsonText(diff),
                    "text" => DiffOutput.Text(diff, outputPath is null ? terminal : plain),
                    _ => DiffOutput.Markdown(diff, LinkBase(parse.GetValue(linkBase))),
                };
                Write(terminal, outputPath, text);
                return Success;
            });
            return command;
        }

        private static Command MergeCommand(Terminal terminal, TextWriter error)
        {
            var inputs = new Argument<string[]>("models") { Description = "threat-model.json files, or folders to search for them (obj/ is skipped).", Arity = ArgumentArity.OneOrMore };
            var outputFile = new Option<string?>("--output", "-o") { Description = "Write the merged threat-model.json here instead of standard output." };
            var system = new Option<string?>("--system") { Description = "The merged system's name (default: the projects' names joined with ' + ')." };
            var command = new Command("merge", "One solution-level model from the projects' models: one element per stable id, boundaries merged, threats de-duplicated.\n\nExamples:\n  threatmodel merge src/Api/bin/Release/net10.0/threat-model/threat-model.json src/Data/bin/Release/net10.0/threat-model/threat-model.json -o threat-model.json\n  threatmodel merge src --system Shop --output threat-model.json")
            {
                inputs, outputFile, system,
            };
            command.SetAction(parse =>
            {
                var files = ModelFiles.Find(parse.GetValue(inputs)!);
                var models = files.Select(ModelFiles.Load).ToList();

                // The same project built twice (Debug and Release) is one project: the newest file speaks for it.
                var newest = files.Select((f, i) => (File: f, Model: models[i]))
                    .GroupBy(x => x.Model.System, StringComparer.Ordinal)
                    .Select(g => g.OrderByDescending(x => File.GetLastWriteTimeUtc(x.File)).ThenBy(x => x.File, StringComparer.Ordinal).ToList())
                    .ToList();
                foreach (var group in newest.Where(g => g.Count > 1))
                {
                    error.Write("threatmodel: " + group.Count.ToString(CultureInfo.InvariantCulture) + " models of '" + group[0].Model.System + "'; using the newest, " + group[0].File + "\n");
                }

                var chosen = newest.Select(g => g[0]).ToList();
                var projects = ModelMerge.Projects(chosen.Select(x => x.File).ToList(), chosen.Select(x => x.Model).ToList());
                var merged = ModelMerge.Merge(projects, parse.GetValue(system));
                Write(terminal, parse.GetValue(outputFile), ModelJsonRenderer.Render(merged));
                return Success;
            });
            return command;
        }

        private static string LinkBase(string? given)
        {
            var linkBase = (given ?? string.Empty).Trim().Replace('\\', '/');
            return linkBase.Length == 0 || linkBase.EndsWith("/", StringComparison.Ordinal) ? linkBase : linkBase + "/";
        }

        private static void Write(Terminal terminal, string? path, string text)
        {
            if (path is null)
            {
                terminal.Output.Write(text);
                return;
            }

            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            File.WriteAllText(path, text, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }
}
