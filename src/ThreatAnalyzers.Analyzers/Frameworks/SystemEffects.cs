using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>
    /// The base class library's calls that change state outside the process's memory: starting a process, and creating,
    /// writing, moving or deleting files and directories. Reading a file is not a state change.
    /// </summary>
    internal static class SystemEffects
    {
        public static readonly ReachRow[] Rows =
        {
            new("System.Diagnostics.Process", ReachKind.Process, "Start"),

            Files("System.IO.File", "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
                "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendText", "Create", "CreateText", "Delete", "Move",
                "Copy", "Replace", "OpenWrite", "SetAttributes", "Encrypt", "Decrypt"),
            Files("System.IO.Directory", "CreateDirectory", "Delete", "Move"),
            Files("System.IO.FileInfo", "Create", "CreateText", "AppendText", "Delete", "MoveTo", "CopyTo", "Replace", "OpenWrite", "Encrypt", "Decrypt"),
            Files("System.IO.DirectoryInfo", "Create", "CreateSubdirectory", "Delete", "MoveTo"),
        };

        /// <summary>Several members of one type that change files.</summary>
        private static ReachRow Files(string type, params string[] members) => new(type, ReachKind.FileWrite, members);
    }
}
