using System.Collections.Immutable;
using System.Linq;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.BuildStep;

namespace ThreatAnalyzers.Tests.Sarif
{
    /// <summary>A model that exercises every part of threat-model.sarif: each status, related locations, threats placed nowhere, several rules.</summary>
    internal static class SarifModels
    {
        public static ThreatModel EveryStatus(string threatsState = ThreatsStates.Complete)
        {
            var threats = threatsState == ThreatsStates.Unknown
                ? EquatableArray<Threat>.Empty
                : Array(
                    Threat("TA1001:entry:get-patients@Api/Patients.cs:12", "TA1001", "Unauthenticated entry point", RuleCategories.Spoofing, "entry:get-patients",
                        new SourceLocation("Api/Patients.cs", 12), "Entry point 'GET /patients/{id}' requires no authentication", ThreatStatuses.Open),
                    Threat("TA1001:entry:webhook@Api/Webhook.cs:8", "TA1001", "Unauthenticated entry point", RuleCategories.Spoofing, "entry:webhook",
                        new SourceLocation("Api/Webhook.cs", 8), "Entry point 'POST /webhook' requires no authentication", ThreatStatuses.Mitigated,
                        justification: "HMAC signature on every callback"),
                    Threat("TA3001:logs", "TA3001", "Missing audit trail", RuleCategories.Repudiation, ModelText.LogsElementId,
                        null, "Nothing records who changed a patient", ThreatStatuses.Suppressed),
                    Threat("TA3001:entry:get-patients", "TA3001", "Missing audit trail", RuleCategories.Repudiation, "entry:get-patients",
                        null, "Reads of patients are not audited", ThreatStatuses.Open),
                    Threat("TA4001:logs@Api/Patients.cs:20", "TA4001", "Sensitive data written to a log", RuleCategories.InformationDisclosure, ModelText.LogsElementId,
                        new SourceLocation("Api/Patients.cs", 20), "'p.Email' (PII) reaches [LoggerMessage] LogPatient through Audit.Write", ThreatStatuses.Accepted,
                        justification: "Redacted downstream", owner: "Team Clinic", expires: "2027-01-31",
                        related: Array(new SourceLocation("Api/Patients.cs", 14), new SourceLocation("Audit.cs", 3)), limitReached: true),
                    Threat("TA4001:logs@Api/Patients.cs:30", "TA4001", "Sensitive data written to a log", RuleCategories.InformationDisclosure, ModelText.LogsElementId,
                        new SourceLocation("Api/Patients.cs", 30), "'p.Phone' (PII) reaches ILogger.LogDebug", ThreatStatuses.Suppressed,
                        justification: "Test data only"));

            var rules = Array(
                new RuleInfo("TA1001", "Unauthenticated entry point", RuleCategories.Spoofing, "CWE-306", RuleRisks.High, "warning",
                    "https://example.invalid/TA1001", "Anyone can call it.", true),
                new RuleInfo("TA3001", "Missing audit trail", RuleCategories.Repudiation, "CWE-778", RuleRisks.Low, "error",
                    "https://example.invalid/TA3001", "Nobody can tell who did it.", true),
                new RuleInfo("TA4001", "Sensitive data written to a log", RuleCategories.InformationDisclosure, null, RuleRisks.Medium, "warning",
                    "https://example.invalid/TA4001", "Logs are read widely.", true),
                new RuleInfo("TA9001", "Switched off", RuleCategories.ElevationOfPrivilege, "CWE-269", RuleRisks.Critical, "note",
                    "https://example.invalid/TA9001", "Not evaluated in this build.", false));

            return ModelJsonReaderTests.SampleModel(threatsState) with { Threats = threats, Rules = rules };
        }

        private static Threat Threat(string id, string ruleId, string title, string category, string element, SourceLocation? location, string message, string status,
            string? justification = null, string? owner = null, string? expires = null, EquatableArray<SourceLocation>? related = null, bool limitReached = false)
            => new(id, ruleId, title, category, RuleRisks.High, element, location, message, status, justification, owner, expires,
                related ?? EquatableArray<SourceLocation>.Empty, limitReached);

        private static EquatableArray<T> Array<T>(params T[] items)
            where T : System.IEquatable<T>
            => new(items.ToImmutableArray());
    }
}
