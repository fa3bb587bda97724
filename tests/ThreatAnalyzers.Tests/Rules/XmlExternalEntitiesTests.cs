using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.XmlExternalEntitiesRule,
    ThreatAnalyzers.CodeFixes.Rules.XmlExternalEntitiesFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.XmlExternalEntitiesRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class XmlExternalEntitiesTests
    {
        private const string Reason = "a document that declares an external entity can make the parser read local files or call internal addresses";

        private static DiagnosticResult Expected(int location, string what, string where)
            => Verify.Diagnostic().WithLocation(location).WithArguments(what, where, Reason);

        [Fact]
        public Task DtdParsing_WithAResolver_IsReported_InEveryForm()
            => Verify.VerifyAnalyzerAsync(
                """
                #pragma warning disable SYSLIB0014
                using System.IO;
                using System.Xml;

                public static class Imports
                {
                    public static XmlReader Initializer(Stream xml)
                        => XmlReader.Create(xml, new XmlReaderSettings { {|#0:DtdProcessing = DtdProcessing.Parse|}, XmlResolver = new XmlUrlResolver() });

                    public static XmlReader Statements(Stream xml)
                    {
                        var settings = new XmlReaderSettings();
                        {|#1:settings.DtdProcessing = DtdProcessing.Parse|};
                        settings.XmlResolver = new XmlUrlResolver();
                        return XmlReader.Create(xml, settings);
                    }

                    public static XmlReader Mixed(Stream xml)
                    {
                        var settings = new XmlReaderSettings { XmlResolver = new XmlUrlResolver() };
                        {|#2:settings.DtdProcessing = DtdProcessing.Parse|};
                        return XmlReader.Create(xml, settings);
                    }

                    public static XmlDocument Document(string xml)
                    {
                        var document = new XmlDocument { {|#3:XmlResolver = new XmlUrlResolver()|} };
                        document.LoadXml(xml);
                        return document;
                    }

                    public static XmlTextReader TextReader(Stream xml)
                    {
                        var reader = new XmlTextReader(xml);
                        {|#4:reader.DtdProcessing = DtdProcessing.Parse|};
                        return reader;
                    }
                }
                """,
                Expected(0, "XmlReaderSettings.DtdProcessing = DtdProcessing.Parse", "'Imports.Initializer'"),
                Expected(1, "XmlReaderSettings.DtdProcessing = DtdProcessing.Parse", "'Imports.Statements'"),
                Expected(2, "XmlReaderSettings.DtdProcessing = DtdProcessing.Parse", "'Imports.Mixed'"),
                Expected(3, "XmlDocument.XmlResolver = new XmlUrlResolver()", "'Imports.Document'"),
                Expected(4, "XmlTextReader.DtdProcessing = DtdProcessing.Parse", "'Imports.TextReader'"));

        [Fact]
        public Task Prohibited_Ignored_NoResolver_OrANullResolver_AreSilent()
            => Verify.VerifyAnalyzerAsync(
                """
                using System.IO;
                using System.Xml;

                public static class Imports
                {
                    public static XmlReader Prohibit(Stream xml)
                        => XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = new XmlUrlResolver() });

                    public static XmlReader ParseWithoutResolver(Stream xml)
                        => XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse });

                    public static XmlReader ParseWithNullResolver(Stream xml)
                        => XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Parse, XmlResolver = null });

                    public static XmlDocument Document(string xml)
                    {
                        var document = new XmlDocument { XmlResolver = null };
                        document.LoadXml(xml);
                        return document;
                    }

                    public static XmlTextReader TextReader(Stream xml)
                    {
                        var reader = new XmlTextReader(xml) { XmlResolver = null };
                        reader.DtdProcessing = DtdProcessing.Parse;
                        var other = new XmlTextReader(xml) { DtdProcessing = DtdProcessing.Prohibit };
                        return reader;
                    }
                }
                """);

        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => new Verify.Test(
                """
                using System.Xml;

                public static class Imports
                {
                    public static void Read()
                    {
                        var settings = new XmlReaderSettings { DtdProcessing = DtdProcessing.Parsed, XmlResolver = Missing };
                        settings.DtdProcessing = ;
                        var document = new XmlDocument { XmlResolver = new UnknownResolver() };
                        unknown.DtdProcessing = DtdProcessing.Parse;
                    }
                }
                """)
            {
                CompilerDiagnostics = CompilerDiagnostics.None,
            }.RunWithAsync();

        [Fact]
        public Task Fix_ProhibitsDtds_AndNullsTheDocumentsResolver_FixAll()
            => new Fix.Test
            {
                TestCode = """
                    using System.IO;
                    using System.Xml;

                    public static class Imports
                    {
                        public static XmlReader Read(Stream xml)
                            => XmlReader.Create(xml, new XmlReaderSettings { {|#0:DtdProcessing = DtdProcessing.Parse|}, XmlResolver = new XmlUrlResolver() });

                        public static XmlDocument Document()
                        {
                            var document = new XmlDocument();
                            {|#1:document.XmlResolver = new XmlUrlResolver()|};
                            return document;
                        }

                        public static XmlTextReader TextReader(Stream xml)
                            => new XmlTextReader(xml) { {|#2:DtdProcessing = (DtdProcessing)2|} };
                    }
                    """,
                FixedCode = """
                    using System.IO;
                    using System.Xml;

                    public static class Imports
                    {
                        public static XmlReader Read(Stream xml)
                            => XmlReader.Create(xml, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = new XmlUrlResolver() });

                        public static XmlDocument Document()
                        {
                            var document = new XmlDocument();
                            document.XmlResolver = null;
                            return document;
                        }

                        public static XmlTextReader TextReader(Stream xml)
                            => new XmlTextReader(xml) { DtdProcessing = DtdProcessing.Prohibit };
                    }
                    """,
                ExpectedDiagnostics =
                {
                    Fix.Diagnostic().WithLocation(0).WithArguments("XmlReaderSettings.DtdProcessing = DtdProcessing.Parse", "'Imports.Read'", Reason),
                    Fix.Diagnostic().WithLocation(1).WithArguments("XmlDocument.XmlResolver = new XmlUrlResolver()", "'Imports.Document'", Reason),
                    Fix.Diagnostic().WithLocation(2).WithArguments("XmlTextReader.DtdProcessing = (DtdProcessing)2", "'Imports.TextReader'", Reason),
                },
            }.RunWithAsync();
    }
}
