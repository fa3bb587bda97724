using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>TA4001: personal data or a secret reaches a log.</summary>
    internal sealed class SensitiveDataWrittenToLogRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SensitiveDataWrittenToLog,
            title: "Sensitive data written to a log",
            messageFormat: "'{0}' ({1}) reaches {2}{3}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Personal data or a secret reaches a log. Logs are read by more people, kept longer and copied further than the stores "
                       + "the data belongs in; what is written there is disclosed to everyone who can read them.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SensitiveDataWrittenToLog + ".md", customTags: "CWE-532");

        internal static RuleDefinition Definition { get; } = new(
            Descriptor,
            risk: RuleRisks.Medium,
            question: "Which personal data or secrets reach a log sink, here or down the calls made from here?",
            concerns: "the Logs data store",
            fix: "redact the argument");
    }
}
