using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>TA2003: sets Newtonsoft.Json's TypeNameHandling to None.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InsecureDeserializationFixer))]
    [Shared]
    public sealed class InsecureDeserializationFixer : ConfigurationFixer
    {
        public InsecureDeserializationFixer()
            : base(RuleIdentifiers.InsecureDeserialization)
        {
        }
    }
}
