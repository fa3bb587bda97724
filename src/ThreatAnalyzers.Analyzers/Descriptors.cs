using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers
{
    /// <summary>
    /// Every diagnostic descriptor of the package, with its help page under docs/rules/ and, for threats, the CWE it maps
    /// to (carried as a custom tag so SARIF consumers see it).
    /// </summary>
    internal static class Descriptors
    {
        public const string HelpLinkBase = "https://github.com/threatanalyzers/threatanalyzers/blob/main/docs/rules/";

        public static readonly DiagnosticDescriptor InvalidAnnotation = Create(
            RuleIdentifiers.InvalidAnnotation,
            title: "Invalid threat-model annotation",
            messageFormat: "{0}",
            RuleCategories.ThreatModel,
            DiagnosticSeverity.Error,
            description: "A threat-model annotation has an argument the model cannot use: an empty name, justification or description, "
                       + "a threat ID that is not a rule of ThreatAnalyzers, or an expiry that is not a real yyyy-MM-dd date.");

        public static readonly DiagnosticDescriptor ExpiredRiskAcceptance = Create(
            RuleIdentifiers.ExpiredRiskAcceptance,
            title: "Risk acceptance expired",
            messageFormat: "The acceptance of {0} expired on {1}{2}; the threat is reported again until it is fixed, mitigated or accepted anew",
            RuleCategories.ThreatModel,
            DiagnosticSeverity.Warning,
            description: "An [AcceptsRisk] whose Expires date lies before the build date no longer silences its threat.");

        public static readonly DiagnosticDescriptor UnauthenticatedEntryPoint = Create(
            RuleIdentifiers.UnauthenticatedEntryPoint,
            title: "Unauthenticated entry point",
            messageFormat: "Entry point '{0}' receives data from '{1}' but requires no authentication",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            description: "Data from outside a trust boundary enters here, and nothing in the code requires the caller to be authenticated: "
                       + "anyone who can reach it can claim to be anyone.",
            cwe: "CWE-306");

        public static readonly DiagnosticDescriptor SensitiveDataWrittenToLog = Create(
            RuleIdentifiers.SensitiveDataWrittenToLog,
            title: "Sensitive data written to a log",
            messageFormat: "'{0}' ({1}) reaches {2}{3}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            description: "Personal data or a secret reaches a log. Logs are read by more people, kept longer and copied further than the stores "
                       + "the data belongs in; what is written there is disclosed to everyone who can read them.",
            cwe: "CWE-532");

        /// <summary>All descriptors, for tests and the rule catalog.</summary>
        public static ImmutableArray<DiagnosticDescriptor> All { get; } = ImmutableArray.Create(
            InvalidAnnotation,
            ExpiredRiskAcceptance,
            UnauthenticatedEntryPoint,
            SensitiveDataWrittenToLog);

        /// <summary>
        /// The IDs a [Mitigates] or [AcceptsRisk] may name: the STRIDE rules. Model diagnostics (TA0xxx) are not threats.
        /// </summary>
        public static ImmutableHashSet<string> ThreatRuleIds { get; } = All
            .Where(d => d.Category != RuleCategories.ThreatModel)
            .Select(d => d.Id)
            .ToImmutableHashSet();

        public static string HelpLink(string id) => HelpLinkBase + id + ".md";

        private static DiagnosticDescriptor Create(
            string id,
            string title,
            string messageFormat,
            string category,
            DiagnosticSeverity severity,
            string description,
            string? cwe = null)
        {
            var tags = new List<string>();
            if (cwe is not null)
            {
                tags.Add(cwe);
            }

            return new DiagnosticDescriptor(
                id,
                title,
                messageFormat,
                category,
                severity,
                isEnabledByDefault: true,
                description,
                HelpLink(id),
                tags.ToArray());
        }
    }
}
