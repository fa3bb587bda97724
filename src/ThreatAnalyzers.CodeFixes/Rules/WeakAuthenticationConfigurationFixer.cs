using System.Composition;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>TA1006: writes the safe value (password length 8, lockout on, HttpOnly, Secure always), or takes AllowCredentials() out of an any-origin CORS policy.</summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(WeakAuthenticationConfigurationFixer))]
    [Shared]
    public sealed class WeakAuthenticationConfigurationFixer : ConfigurationFixer
    {
        public WeakAuthenticationConfigurationFixer()
            : base(RuleIdentifiers.WeakAuthenticationConfiguration)
        {
        }
    }
}
