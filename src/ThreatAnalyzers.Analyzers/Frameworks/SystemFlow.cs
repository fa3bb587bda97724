using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>The base class library: console input, processes, files, regular expressions, deserializers, encoders.</summary>
    internal static class SystemFlow
    {
        public static readonly SourceRow[] Sources =
        {
            new("System.Console", "ReadLine", FactKind.Untrusted),
            new("System.Environment", "GetCommandLineArgs", FactKind.Untrusted),
        };

        public static readonly SinkRow[] Sinks =
        {
            new("System.Diagnostics.Process", "Start", SinkKind.ProcessStart, "Process.Start", "fileName", "arguments"),
            new("System.Diagnostics.ProcessStartInfo", ".ctor", SinkKind.ProcessStart, "new ProcessStartInfo", "fileName", "arguments"),
            new("System.Diagnostics.ProcessStartInfo", "FileName", SinkKind.ProcessStart, "ProcessStartInfo.FileName", "value"),
            new("System.Diagnostics.ProcessStartInfo", "Arguments", SinkKind.ProcessStart, "ProcessStartInfo.Arguments", "value"),
            new("System.IO.File", "ReadAllText", SinkKind.FilePath, "File.ReadAllText", "path"),
            new("System.IO.File", "ReadAllBytes", SinkKind.FilePath, "File.ReadAllBytes", "path"),
            new("System.IO.File", "WriteAllText", SinkKind.FilePath, "File.WriteAllText", "path"),
            new("System.IO.File", "OpenRead", SinkKind.FilePath, "File.OpenRead", "path"),
            new("System.IO.File", "Delete", SinkKind.FilePath, "File.Delete", "path"),
            new("System.IO.FileStream", ".ctor", SinkKind.FilePath, "new FileStream", "path"),
            new("System.Text.RegularExpressions.Regex", ".ctor", SinkKind.RegexPattern, "new Regex", "pattern"),
            new("System.Text.RegularExpressions.Regex", "IsMatch", SinkKind.RegexPattern, "Regex.IsMatch", "pattern"),
            new("System.Text.RegularExpressions.Regex", "Match", SinkKind.RegexPattern, "Regex.Match", "pattern"),
            new("System.Text.RegularExpressions.Regex", "Replace", SinkKind.RegexPattern, "Regex.Replace", "pattern"),
            new("System.Text.Json.JsonSerializer", "Deserialize", SinkKind.Deserialization, "JsonSerializer.Deserialize", "json", "utf8Json"),
            new("Newtonsoft.Json.JsonConvert", "DeserializeObject", SinkKind.Deserialization, "JsonConvert.DeserializeObject", "value"),
            new("System.Type", "GetType", SinkKind.Deserialization, "Type.GetType", "typeName"),
        };

        public static readonly SanitizerRow[] Sanitizers =
        {
            new("System.IO.Path", "GetFileName", SinkKind.FilePath),
            new("System.Text.RegularExpressions.Regex", "Escape", SinkKind.RegexPattern),
        };
    }
}
