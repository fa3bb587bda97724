using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>TA1002: sets the token validation switch to true, or removes the signature validator that accepts any token.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TokenValidationDisabledFixer))]
    [Shared]
    public sealed class TokenValidationDisabledFixer : ConfigurationFixer
    {
        public TokenValidationDisabledFixer()
            : base(RuleIdentifiers.TokenValidationDisabled)
        {
        }
    }
}
