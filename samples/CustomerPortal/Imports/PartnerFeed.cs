using System.Xml;

namespace CustomerPortal.Imports;

/// <summary>Reads the partner's XML feed of customer address changes.</summary>
public static class PartnerFeed
{
    /// <summary>Secure: a DTD in the feed is refused.</summary>
    public static XmlReader Open(Stream feed)
        => XmlReader.Create(feed, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit });

    /// <summary>
    /// DELIBERATELY INSECURE (TA2009): the partner's old format "needs its DTD", so DTDs are parsed and external entities
    /// resolved. A feed that declares &lt;!ENTITY x SYSTEM "file:///app/appsettings.json"&gt; reads the server's files.
    /// </summary>
    public static XmlReader OpenLegacy(Stream feed)
        => XmlReader.Create(feed, new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Parse,
            XmlResolver = new XmlUrlResolver(),
        });
}
