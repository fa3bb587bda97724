using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Tool
{
    /// <summary>A file the tool cannot use: one line names the file and the problem, and the exit code is 2.</summary>
    public sealed class ModelFileException : Exception
    {
        public ModelFileException(string file, string problem)
            : base(file + ": " + problem)
        {
        }
    }

    /// <summary>Reads threat-model.json files with the build's own reader (ModelJsonReader), and finds them in folders.</summary>
    internal static class ModelFiles
    {
        public const string FileName = ModelJsonRenderer.FileName;

        public static ThreatModel Load(string path)
        {
            string text;
            try
            {
                if (Directory.Exists(path))
                {
                    throw new ModelFileException(path, "is a folder, not a threat-model.json file");
                }

                text = File.ReadAllText(path, Encoding.UTF8);
            }
            catch (FileNotFoundException)
            {
                throw new ModelFileException(path, "no such file");
            }
            catch (DirectoryNotFoundException)
            {
                throw new ModelFileException(path, "no such file");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new ModelFileException(path, "cannot be read: " + e.Message);
            }

            if (text.Trim().Length == 0)
            {
                throw new ModelFileException(path, "the file is empty, not a threat model");
            }

            try
            {
                var model = ModelJsonReader.Read(text);
                if (!IsVersion(model.SchemaVersion) || Minor(model.SchemaVersion) > Minor(ThreatModel.CurrentSchemaVersion))
                {
                    throw new ModelFileException(path, "unknown schemaVersion '" + model.SchemaVersion + "' (this tool reads schema " + ThreatModel.CurrentSchemaVersion + " and earlier)");
                }

                // An older minor version lacks what later ones added (the reader copes); the current one must match its schema.
                if (model.SchemaVersion == ThreatModel.CurrentSchemaVersion && ModelSchema.FirstError(text) is { } problem)
                {
                    throw new ModelFileException(path, "does not match the threat-model schema " + ThreatModel.CurrentSchemaVersion + " (" + problem + ")");
                }

                return model;
            }
            catch (JsonFormatException e) when (e.Line == 0 && e.Message.StartsWith("$: ", StringComparison.Ordinal) && e.Message.Contains("schemaVersion"))
            {
                throw new ModelFileException(path, "not a ThreatAnalyzers threat model (no schemaVersion)");
            }
            catch (JsonFormatException e) when (e.Line == 0 && e.Message.StartsWith("$.schemaVersion: ", StringComparison.Ordinal))
            {
                throw new ModelFileException(path, "unknown schemaVersion: " + e.Message.Substring("$.schemaVersion: ".Length));
            }
            catch (JsonFormatException e) when (e.Line > 0)
            {
                throw new ModelFileException(path, "not valid JSON (" + e.Message + ")");
            }
            catch (JsonFormatException e)
            {
                throw new ModelFileException(path, "not a ThreatAnalyzers threat model (" + e.Message + ")");
            }
        }

        /// <summary>The threat-model.json files a list of files and folders names: folders are searched, in path order.</summary>
        public static IReadOnlyList<string> Find(IEnumerable<string> filesOrFolders)
        {
            var found = new List<string>();
            foreach (var item in filesOrFolders)
            {
                if (Directory.Exists(item))
                {
                    var inFolder = Directory.EnumerateFiles(item, FileName, SearchOption.AllDirectories)
                        .Where(f => !Path.GetRelativePath(item, f).Replace('\\', '/').Split('/').Contains("obj"))
                        .OrderBy(f => f.Replace('\\', '/'), StringComparer.Ordinal)
                        .ToList();
                    if (inFolder.Count == 0)
                    {
                        throw new ModelFileException(item, "holds no " + FileName);
                    }

                    found.AddRange(inFolder);
                }
                else
                {
                    found.Add(item);
                }
            }

            return found;
        }

        private static int Minor(string version) => int.Parse(version.Substring(version.IndexOf('.') + 1), System.Globalization.CultureInfo.InvariantCulture);

        private static bool IsVersion(string version)
        {
            var parts = version.Split('.');
            return parts.Length == 2 && parts.All(p => p.Length is > 0 and < 6 && p.All(char.IsAsciiDigit));
        }
    }
}
