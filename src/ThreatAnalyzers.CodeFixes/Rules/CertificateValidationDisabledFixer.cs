using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>TA1004: removes the callback that accepts any server certificate (the assignment, or SslStream's argument).</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(CertificateValidationDisabledFixer))]
    [Shared]
    public sealed class CertificateValidationDisabledFixer : ConfigurationFixer
    {
        public CertificateValidationDisabledFixer()
            : base(RuleIdentifiers.CertificateValidationDisabled)
        {
        }
    }
}
