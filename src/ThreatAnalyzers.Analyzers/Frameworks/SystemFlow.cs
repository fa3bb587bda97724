using System.Collections.Generic;
using System.Linq;
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

        public static readonly SinkRow[] Sinks = new SinkRow[]
        {
            new("System.Diagnostics.Process", "Start", SinkKind.ProcessStart, "Process.Start", "fileName", "arguments"),
            new("System.Diagnostics.ProcessStartInfo", ".ctor", SinkKind.ProcessStart, "new ProcessStartInfo", "fileName", "arguments"),
            new("System.Diagnostics.ProcessStartInfo", "FileName", SinkKind.ProcessStart, "ProcessStartInfo.FileName", "value"),
            new("System.Diagnostics.ProcessStartInfo", "Arguments", SinkKind.ProcessStart, "ProcessStartInfo.Arguments", "value"),
            new("System.Text.RegularExpressions.Regex", ".ctor", SinkKind.RegexPattern, "new Regex", "pattern"),
            new("System.Text.RegularExpressions.Regex", "IsMatch", SinkKind.RegexPattern, "Regex.IsMatch", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Match", SinkKind.RegexPattern, "Regex.Match", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Replace", SinkKind.RegexPattern, "Regex.Replace", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Matches", SinkKind.RegexPattern, "Regex.Matches", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Split", SinkKind.RegexPattern, "Regex.Split", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Count", SinkKind.RegexPattern, "Regex.Count", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "EnumerateMatches", SinkKind.RegexPattern, "Regex.EnumerateMatches", "pattern") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "EnumerateSplits", SinkKind.RegexPattern, "Regex.EnumerateSplits", "pattern") { OnlyWhereSpelled = "Regex" },

            // The text a regular expression is matched against, static and instance methods (TA5002 asks whether a timeout bounds the match).
            new("System.Text.RegularExpressions.Regex", "IsMatch", SinkKind.RegexInput, "Regex.IsMatch", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Match", SinkKind.RegexInput, "Regex.Match", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Matches", SinkKind.RegexInput, "Regex.Matches", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Replace", SinkKind.RegexInput, "Regex.Replace", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Split", SinkKind.RegexInput, "Regex.Split", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "Count", SinkKind.RegexInput, "Regex.Count", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "EnumerateMatches", SinkKind.RegexInput, "Regex.EnumerateMatches", "input") { OnlyWhereSpelled = "Regex" },
            new("System.Text.RegularExpressions.Regex", "EnumerateSplits", SinkKind.RegexInput, "Regex.EnumerateSplits", "input") { OnlyWhereSpelled = "Regex" },

            // One element of a process's argument list: Collection<string>.Add, which TA6002 narrows to ProcessStartInfo.ArgumentList.
            new("System.Collections.ObjectModel.Collection`1", "Add", SinkKind.ProcessArgument, "ProcessStartInfo.ArgumentList.Add", "item") { OnlyWhereSpelled = "ArgumentList" },

            // What reflection loads or looks up by name (TA6003).
            new("System.Type", "GetType", SinkKind.TypeName, "Type.GetType", "typeName"),
            new("System.Reflection.Assembly", "Load", SinkKind.TypeName, "Assembly.Load", "assemblyString", "rawAssembly"),
            new("System.Reflection.Assembly", "LoadFrom", SinkKind.TypeName, "Assembly.LoadFrom", "assemblyFile"),
            new("System.Reflection.Assembly", "LoadFile", SinkKind.TypeName, "Assembly.LoadFile", "path"),
            new("System.Reflection.Assembly", "UnsafeLoadFrom", SinkKind.TypeName, "Assembly.UnsafeLoadFrom", "assemblyFile"),
            new("System.Reflection.Assembly", "GetType", SinkKind.TypeName, "Assembly.GetType", "name"),
            new("System.Runtime.Loader.AssemblyLoadContext", "LoadFromAssemblyPath", SinkKind.TypeName, "AssemblyLoadContext.LoadFromAssemblyPath", "assemblyPath"),
            new("System.Runtime.Loader.AssemblyLoadContext", "LoadFromNativeImagePath", SinkKind.TypeName, "AssemblyLoadContext.LoadFromNativeImagePath", "nativeImagePath", "assemblyPath"),
            new("System.Runtime.Loader.AssemblyLoadContext", "LoadFromStream", SinkKind.TypeName, "AssemblyLoadContext.LoadFromStream", "assembly"),
            new("System.Activator", "CreateInstance", SinkKind.TypeName, "Activator.CreateInstance", "assemblyName", "typeName"),
            new("System.Activator", "CreateInstanceFrom", SinkKind.TypeName, "Activator.CreateInstanceFrom", "assemblyFile", "typeName"),
            new("System.AppDomain", "CreateInstance", SinkKind.TypeName, "AppDomain.CreateInstance", "assemblyName", "typeName"),
            new("System.AppDomain", "CreateInstanceAndUnwrap", SinkKind.TypeName, "AppDomain.CreateInstanceAndUnwrap", "assemblyName", "typeName"),
            new("System.AppDomain", "CreateInstanceFrom", SinkKind.TypeName, "AppDomain.CreateInstanceFrom", "assemblyFile", "typeName"),
            new("System.AppDomain", "CreateInstanceFromAndUnwrap", SinkKind.TypeName, "AppDomain.CreateInstanceFromAndUnwrap", "assemblyFile", "typeName"),
            new("System.Type", "GetMethod", SinkKind.TypeName, "Type.GetMethod", "name"),
            new("System.Type", "GetProperty", SinkKind.TypeName, "Type.GetProperty", "name"),
            new("System.Type", "GetField", SinkKind.TypeName, "Type.GetField", "name"),
            new("System.Type", "GetMember", SinkKind.TypeName, "Type.GetMember", "name"),
            new("System.Type", "GetEvent", SinkKind.TypeName, "Type.GetEvent", "name"),
            new("System.Type", "InvokeMember", SinkKind.TypeName, "Type.InvokeMember", "name"),
            new("System.Text.Json.JsonSerializer", "Deserialize", SinkKind.Deserialization, "JsonSerializer.Deserialize", "json", "utf8Json"),
            new("Newtonsoft.Json.JsonConvert", "DeserializeObject", SinkKind.Deserialization, "JsonConvert.DeserializeObject", "value"),
            new("System.Type", "GetType", SinkKind.Deserialization, "Type.GetType", "typeName"),

            // What decides who the caller is: a claim's value, an identity's name, a principal's roles, the role a check asks about.
            new("System.Security.Claims.Claim", ".ctor", SinkKind.Identity, "new Claim", "value"),
            new("System.Security.Principal.GenericIdentity", ".ctor", SinkKind.Identity, "new GenericIdentity", "name"),
            new("System.Security.Principal.GenericPrincipal", ".ctor", SinkKind.Identity, "new GenericPrincipal", "roles"),
            new("System.Security.Claims.ClaimsPrincipal", "IsInRole", SinkKind.Identity, "ClaimsPrincipal.IsInRole", "role"),
            new("System.Security.Principal.IPrincipal", "IsInRole", SinkKind.Identity, "IPrincipal.IsInRole", "role"),

            // Which claim a check asks about; its value may well come from the request (User.HasClaim("tenant", routeTenant)
            // is how a resource is checked against the caller's verified claims).
            new("System.Security.Claims.ClaimsPrincipal", "HasClaim", SinkKind.Identity, "ClaimsPrincipal.HasClaim", "type"),
            new("System.Security.Claims.ClaimsIdentity", "HasClaim", SinkKind.Identity, "ClaimsIdentity.HasClaim", "type"),

            // What a claim grants (TA6004 keeps the claims whose type is a role, permission or scope: Frameworks/PrivilegeMembers.cs).
            new("System.Security.Claims.Claim", ".ctor", SinkKind.Privilege, "new Claim", "value"),
        }
            .Concat(FileSystem("System.IO.File", "File", "path", "sourceFileName", "destFileName", "destinationFileName", "destinationBackupFileName",
                "ReadAllText", "ReadAllTextAsync", "ReadAllBytes", "ReadAllBytesAsync", "ReadAllLines", "ReadAllLinesAsync", "ReadLines", "ReadLinesAsync",
                "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
                "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendAllBytes", "AppendAllBytesAsync", "AppendText",
                "Open", "OpenRead", "OpenWrite", "OpenText", "OpenHandle", "Create", "CreateText", "Delete", "Exists", "Copy", "Move", "Replace"))
            .Concat(FileSystem("System.IO.Directory", "Directory", "path", "sourceDirName", "destDirName", null, null,
                "CreateDirectory", "Delete", "Exists", "GetFiles", "GetDirectories", "GetFileSystemEntries",
                "EnumerateFiles", "EnumerateDirectories", "EnumerateFileSystemEntries", "Move"))
            .Concat(new SinkRow[]
            {
                new("System.IO.FileStream", ".ctor", SinkKind.FilePath, "new FileStream", "path"),
                new("System.IO.StreamReader", ".ctor", SinkKind.FilePath, "new StreamReader", "path"),
                new("System.IO.StreamWriter", ".ctor", SinkKind.FilePath, "new StreamWriter", "path"),
                new("System.IO.FileInfo", ".ctor", SinkKind.FilePath, "new FileInfo", "fileName"),
                new("System.IO.DirectoryInfo", ".ctor", SinkKind.FilePath, "new DirectoryInfo", "path"),
                new("System.IO.Compression.ZipFileExtensions", "ExtractToFile", SinkKind.FilePath, "ZipArchiveEntry.ExtractToFile", "destinationFileName"),
                new("System.IO.Compression.ZipFileExtensions", "ExtractToFileAsync", SinkKind.FilePath, "ZipArchiveEntry.ExtractToFileAsync", "destinationFileName"),
            })
            .ToArray();

        /// <summary>
        /// Checks that make a value safe where they guard its use: a full path compared with a root
        /// (<c>Path.GetFullPath(p).StartsWith(root)</c>, or <c>full.StartsWith(root)</c> with <c>full = Path.GetFullPath(…)</c>).
        /// </summary>
        public static readonly GuardRow[] Guards =
        {
            new("System.String", "StartsWith", SinkKind.FilePath, Parameter: null, ReceiverFrom: "System.IO.Path.GetFullPath"),

            // A name looked up in an allow-list (if (!Allowed.Contains(name)) return …;): only the names listed are loaded.
            new("System.Collections.Generic.ICollection`1", "Contains", SinkKind.TypeName | SinkKind.ProcessArgument, Parameter: "item"),
            new("System.Collections.Generic.IReadOnlySet`1", "Contains", SinkKind.TypeName | SinkKind.ProcessArgument, Parameter: "item"),
            new("System.Collections.Generic.IDictionary`2", "ContainsKey", SinkKind.TypeName | SinkKind.ProcessArgument, Parameter: "key"),
            new("System.Collections.Generic.IReadOnlyDictionary`2", "ContainsKey", SinkKind.TypeName | SinkKind.ProcessArgument, Parameter: "key"),
            new("System.Linq.Enumerable", "Contains", SinkKind.TypeName | SinkKind.ProcessArgument, Parameter: "value"),
        };

        /// <summary>
        /// Documents and data sets filled from a stream, a reader or text (<c>document.Load(Request.Body)</c>): a type name or
        /// a query read from them afterwards carries what was read.
        /// </summary>
        public static readonly FillRow[] Fills =
        {
            new("System.Xml.XmlDocument", "Load"),
            new("System.Xml.XmlDocument", "LoadXml"),
            new("System.Data.DataSet", "ReadXml"),
            new("System.Data.DataTable", "ReadXml"),
            new("System.Data.DataTable", "Load"),
        };

        private static IEnumerable<SinkRow> FileSystem(string type, string display, string path, string source, string destination, string? destination2, string? backup, params string[] members)
            => members.Select(member => new SinkRow(type, member, SinkKind.FilePath, display + "." + member,
                new[] { path, source, destination, destination2, backup }.Where(p => p is not null).Select(p => p!).ToArray()));

        public static readonly SanitizerRow[] Sanitizers =
        {
            new("System.IO.Path", "GetFileName", SinkKind.FilePath),
            new("System.Text.RegularExpressions.Regex", "Escape", SinkKind.RegexPattern),
            new("System.Web.HttpUtility", "HtmlEncode", SinkKind.Html),
            new("System.Web.HttpUtility", "HtmlAttributeEncode", SinkKind.Html),

            // A zip entry's Name is its file name without any directory part, as Path.GetFileName(entry.FullName) would be.
            new("System.IO.Compression.ZipArchiveEntry", "Name", SinkKind.FilePath),

            // An identity made from a value is reported where it is made (the value reached a sink there), not again
            // where the claim, identity or principal is used; so is a privilege a claim grants.
            new("System.Security.Claims.Claim", ".ctor", SinkKind.Identity | SinkKind.Privilege),
            new("System.Security.Principal.GenericIdentity", ".ctor", SinkKind.Identity),
            new("System.Security.Principal.GenericPrincipal", ".ctor", SinkKind.Identity),
        };
    }
}
