using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>TA2009: sets DtdProcessing to Prohibit, or the XmlDocument's XmlResolver to null.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(XmlExternalEntitiesFixer))]
    [Shared]
    public sealed class XmlExternalEntitiesFixer : ConfigurationFixer
    {
        public XmlExternalEntitiesFixer()
            : base(RuleIdentifiers.XmlExternalEntities)
        {
        }
    }
}
