using System.Collections.Generic;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// STRIDE per element, as the Microsoft Threat Modeling Tool applies it: which categories concern each kind of
    /// element, and which controls address which category.
    /// </summary>
    internal static class StridePerElement
    {
        public static IReadOnlyList<string> ApplicableTo(string kind, bool isLog) => kind switch
        {
            ElementKinds.ExternalEntity => new[] { RuleCategories.Spoofing, RuleCategories.Repudiation },
            ElementKinds.DataStore => isLog
                ? new[] { RuleCategories.Tampering, RuleCategories.Repudiation, RuleCategories.InformationDisclosure, RuleCategories.DenialOfService }
                : new[] { RuleCategories.Tampering, RuleCategories.InformationDisclosure, RuleCategories.DenialOfService },
            _ => new[]
            {
                RuleCategories.Spoofing, RuleCategories.Tampering, RuleCategories.Repudiation,
                RuleCategories.InformationDisclosure, RuleCategories.DenialOfService, RuleCategories.ElevationOfPrivilege,
            },
        };

        /// <summary>The categories a control addresses.</summary>
        public static IEnumerable<string> AddressedBy(string control) => control switch
        {
            Controls.Authenticated => new[] { RuleCategories.Spoofing },
            Controls.Roles => new[] { RuleCategories.ElevationOfPrivilege },
            Controls.Validated => new[] { RuleCategories.Tampering },
            Controls.Audited => new[] { RuleCategories.Repudiation },
            Controls.RateLimited => new[] { RuleCategories.DenialOfService },
            Controls.EncryptedAtRest => new[] { RuleCategories.InformationDisclosure },
            Controls.EncryptedInTransit => new[] { RuleCategories.InformationDisclosure },
            _ => System.Array.Empty<string>(),
        };
    }
}
