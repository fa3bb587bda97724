using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.UntrustedTypeNameRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class UntrustedTypeNameRuleTests
    {
        private static DiagnosticResult At(int location, int source, string origin, string sink, string element, string via = "")
            => Verify.Diagnostic("TA6003").WithLocation(location).WithLocation(source).WithArguments("'" + origin + "'", "untrusted", "is", sink, via, element);

        [Fact]
        public Task TypeAndAssemblyLoads_FromTheRequest_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Reflection;
                using System.Runtime.Loader;
                using Microsoft.AspNetCore.Mvc;

                public class PluginsController : ControllerBase
                {
                    public IActionResult A(string {|#1:type|}) => Ok(Activator.CreateInstance(Type.GetType({|#0:type|})!));
                    public IActionResult B(string {|#3:name|}) => Ok(Assembly.Load({|#2:name|}).FullName);
                    public IActionResult C(string {|#5:path|}) => Ok(Assembly.LoadFrom({|#4:path|}).FullName);
                    public IActionResult D(string {|#7:path|}) => Ok(Assembly.LoadFile({|#6:path|}).FullName);
                    public IActionResult E(string {|#9:path|}) => Ok(AssemblyLoadContext.Default.LoadFromAssemblyPath({|#8:path|}).FullName);
                    public IActionResult F(string {|#11:assembly|}, string {|#13:type|}) => Ok(Activator.CreateInstance({|#10:assembly|}, {|#12:type|}));
                    public IActionResult G(string {|#15:type|}) => Ok(typeof(PluginsController).Assembly.GetType({|#14:type|}));
                    public IActionResult H(string {|#17:assembly|}, string {|#19:type|}) => Ok(AppDomain.CurrentDomain.CreateInstanceAndUnwrap({|#16:assembly|}, {|#18:type|}));
                }
                """,
                At(0, 1, "type", "Type.GetType", "PluginsController.A"),
                At(2, 3, "name", "Assembly.Load", "PluginsController.B"),
                At(4, 5, "path", "Assembly.LoadFrom", "PluginsController.C"),
                At(6, 7, "path", "Assembly.LoadFile", "PluginsController.D"),
                At(8, 9, "path", "AssemblyLoadContext.LoadFromAssemblyPath", "PluginsController.E"),
                At(10, 11, "assembly", "Activator.CreateInstance", "PluginsController.F"),
                At(12, 13, "type", "Activator.CreateInstance", "PluginsController.F"),
                At(14, 15, "type", "Assembly.GetType", "PluginsController.G"),
                At(16, 17, "assembly", "AppDomain.CreateInstanceAndUnwrap", "PluginsController.H"),
                At(18, 19, "type", "AppDomain.CreateInstanceAndUnwrap", "PluginsController.H"));

        [Fact]
        public Task ReflectionTargetChosenByName_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System.Reflection;
                using Microsoft.AspNetCore.Mvc;

                public class ReportsService
                {
                    public string Monthly() => "…";
                    public string Yearly() => "…";
                }

                public class ReportsController : ControllerBase
                {
                    private readonly ReportsService reports = new();

                    public IActionResult Run(string {|#1:report|})
                        => Ok(typeof(ReportsService).GetMethod({|#0:report|})!.Invoke(reports, null));

                    public IActionResult Read(string {|#3:field|})
                        => Ok(typeof(ReportsService).GetProperty({|#2:field|})?.GetValue(reports));

                    public IActionResult Call(string {|#5:member|})
                        => Ok(typeof(ReportsService).InvokeMember({|#4:member|}, BindingFlags.InvokeMethod, null, reports, null));
                }
                """,
                At(0, 1, "report", "Type.GetMethod", "ReportsController.Run"),
                At(2, 3, "field", "Type.GetProperty", "ReportsController.Read"),
                At(4, 5, "member", "Type.InvokeMember", "ReportsController.Call"));

        [Fact]
        public Task MinimalApi_FormatLoadedThroughAHelper_IsReportedWithThePath()
            => Verify.VerifyProgramAsync("""
                using System;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.MapGet("/export", (string {|#1:format|}) => Results.Ok(Exporters.Create({|#0:format|})));
                app.Run();

                static class Exporters
                {
                    public static object? Create(string format) => Activator.CreateInstance(Type.GetType({|#2:"Exports." + format + "Exporter"|})!);
                }
                """,
                Verify.Diagnostic("TA6003").WithLocation(0).WithLocation(1).WithLocation(2)
                    .WithArguments("'format'", "untrusted", "is", "Type.GetType", " via Exporters.Create", "GET /export"));

        /// <summary>
        /// A request body loaded into an XML document, and a type name read from one of its elements (seen in a real app:
        /// an import action that deserializes each element as the type its "Type" attribute names). A document loaded
        /// from the app's own file is silent.
        /// </summary>
        [Fact]
        public Task TypeNameReadFromAnXmlDocumentLoadedFromTheRequest_Fires_FromTheAppsOwnFile_IsSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.IO;
                using System.Xml;
                using System.Xml.Serialization;
                using Microsoft.AspNetCore.Mvc;

                public class ImportsController : Controller
                {
                    [HttpPost]
                    public IActionResult Post()
                    {
                        var document = new XmlDocument();
                        document.Load({|#1:HttpContext.Request.Body|});
                        var entities = new List<object?>();
                        foreach (XmlElement item in document.SelectNodes("Entities/Entity")!)
                        {
                            var typeName = item.GetAttribute("Type");
                            var serializer = new XmlSerializer(Type.GetType({|#0:typeName|})!);
                            entities.Add(serializer.Deserialize(new StringReader(item.InnerXml)));
                        }

                        return Ok(entities);
                    }

                    [HttpPost("text")]
                    public IActionResult FromText(string {|#3:xml|})
                    {
                        var document = new XmlDocument();
                        document.LoadXml(xml);
                        return Ok(Type.GetType({|#2:document.DocumentElement!.GetAttribute("Type")|}));
                    }

                    [HttpGet("defaults")]
                    public IActionResult Defaults()
                    {
                        var document = new XmlDocument();
                        document.Load("defaults.xml");
                        return Ok(Type.GetType(document.DocumentElement!.GetAttribute("Type")));
                    }
                }
                """,
                At(0, 1, "HttpContext.Request.Body", "Type.GetType", "ImportsController.Post"),
                At(2, 3, "xml", "Type.GetType", "ImportsController.FromText"));

        [Fact]
        public Task AllowListLookups_ConstantsAndConsoleInput_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using Microsoft.AspNetCore.Mvc;

                public class CsvExporter { }
                public class PdfExporter { }

                public class ExportController : ControllerBase
                {
                    private static readonly Dictionary<string, Type> Exporters = new(StringComparer.OrdinalIgnoreCase)
                    {
                        ["csv"] = typeof(CsvExporter),
                        ["pdf"] = typeof(PdfExporter),
                    };

                    private static readonly HashSet<string> Known = new() { "CsvExporter", "PdfExporter" };
                    private static readonly string[] KnownMethods = { "Monthly", "Yearly" };

                    public IActionResult ByIndexer(string format) => Ok(Activator.CreateInstance(Exporters[format]));

                    public IActionResult ByTryGetValue(string format)
                        => Exporters.TryGetValue(format, out var type) ? Ok(Activator.CreateInstance(type)) : NotFound();

                    public IActionResult BySwitch(string format)
                    {
                        var name = format switch { "csv" => "CsvExporter", "pdf" => "PdfExporter", _ => "CsvExporter" };
                        return Ok(Type.GetType(name));
                    }

                    public IActionResult ByContains(string name)
                    {
                        if (!Known.Contains(name))
                        {
                            return BadRequest();
                        }

                        return Ok(Type.GetType(name));
                    }

                    public IActionResult ByContainsKey(string format)
                        => Exporters.ContainsKey(format) ? Ok(Type.GetType(format)) : NotFound();

                    public IActionResult ByArray(string method)
                    {
                        if (!KnownMethods.Contains(method)) return BadRequest();
                        return Ok(typeof(ExportController).GetMethod(method));
                    }

                    public IActionResult Fixed() => Ok(Type.GetType("CsvExporter"));
                }

                public static class Cli
                {
                    public static void Main() => Console.WriteLine(Type.GetType(Console.ReadLine()!));
                }
                """);
    }
}
