using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.EntityFrameworkCore
{
    /// <summary>
    /// ASP.NET Core Identity's personal-data protection: a property marked <c>[ProtectedPersonalData]</c> is encrypted by
    /// the user store when <c>options.Stores.ProtectPersonalData = true</c> (Identity refuses to start with the option on
    /// and no protector registered). The attribute is what says which columns are encrypted, so it is what counts; the
    /// option is not looked for. Resolved once per compilation.
    /// </summary>
    internal sealed class PersonalDataProtection
    {
        private PersonalDataProtection(INamedTypeSymbol? protectedPersonalData) => ProtectedPersonalData = protectedPersonalData;

        public INamedTypeSymbol? ProtectedPersonalData { get; }

        public static PersonalDataProtection Of(Compilation compilation)
            => PerCompilation<PersonalDataProtection>.Get(compilation, c => new PersonalDataProtection(c.GetTypeByMetadataName("Microsoft.AspNetCore.Identity.ProtectedPersonalDataAttribute")));
    }
}
