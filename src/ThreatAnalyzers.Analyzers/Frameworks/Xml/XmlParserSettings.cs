using Microsoft.CodeAnalysis;
using System.Linq;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.Xml
{
    /// <summary>
    /// System.Xml's switches for DTD processing and external resolution: XmlReaderSettings and XmlTextReader
    /// (DtdProcessing, XmlResolver) and XmlDocument (XmlResolver; it parses DTDs when it loads).
    /// </summary>
    internal sealed class XmlParserSettings
    {
        public const string DtdProcessingProperty = "DtdProcessing";

        public const string XmlResolverProperty = "XmlResolver";

        public const string ProhibitValue = "System.Xml.DtdProcessing.Prohibit";

        private XmlParserSettings(Compilation c)
        {
            XmlReaderSettings = c.GetTypeByMetadataName("System.Xml.XmlReaderSettings");
            XmlTextReader = c.GetTypeByMetadataName("System.Xml.XmlTextReader");
            XmlDocument = c.GetTypeByMetadataName("System.Xml.XmlDocument");
            DtdProcessingParse = c.GetTypeByMetadataName("System.Xml.DtdProcessing")?.GetMembers("Parse").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue;
        }

        public INamedTypeSymbol? XmlReaderSettings { get; }

        public INamedTypeSymbol? XmlTextReader { get; }

        public INamedTypeSymbol? XmlDocument { get; }

        /// <summary>The constant of DtdProcessing.Parse.</summary>
        public object? DtdProcessingParse { get; }

        public bool IsEmpty => XmlReaderSettings is null && XmlTextReader is null && XmlDocument is null;

        public static XmlParserSettings Of(Compilation compilation)
            => PerCompilation<XmlParserSettings>.Get(compilation, c => new XmlParserSettings(c));
    }
}
