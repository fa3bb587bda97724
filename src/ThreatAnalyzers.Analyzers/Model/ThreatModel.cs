namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// The data-flow model of one project: a plain, equatable value. Everything the renderers write comes from here and
    /// nothing else; field names follow the threat-model.json contract (docs/threat-model.schema.json).
    /// </summary>
    internal sealed record ThreatModel(
        string SchemaVersion,
        string System,
        EquatableArray<Boundary> Boundaries,
        EquatableArray<Element> Elements,
        EquatableArray<Flow> Flows,
        EquatableArray<Threat> Threats,
        EquatableArray<RuleInfo> Rules,
        string ThreatsState)
    {
        public const string CurrentSchemaVersion = "1.3";
    }

    /// <summary>Whether <see cref="ThreatModel.Threats"/> is the compiler's word on this build.</summary>
    internal static class ThreatsStates
    {
        /// <summary>The threats are exactly the diagnostics our rules reported in this compilation.</summary>
        public const string Complete = "complete";

        /// <summary>The analyzers did not run (RunAnalyzers=false) or their results could not be read: threats unknown, not zero.</summary>
        public const string Unknown = "unknown";
    }

    /// <summary>
    /// A threat rule as the artifact describes it, from the rule catalog; <paramref name="Evaluated"/> is false when the
    /// rule is switched off for this compilation (severity none), so its absence of threats means nothing;
    /// <paramref name="NotEvaluatedIn"/> lists the files where .editorconfig switches it off while it runs elsewhere.
    /// </summary>
    internal sealed record RuleInfo(
        string Id,
        string Title,
        string Category,
        string? Cwe,
        string Risk,
        string DefaultSeverity,
        string HelpUri,
        string Description,
        bool Evaluated,
        EquatableArray<string> NotEvaluatedIn = default);

    /// <summary>A trust zone: the system itself, the Internet, a partner network, external services.</summary>
    internal sealed record Boundary(string Id, string Name);

    internal static class ElementKinds
    {
        public const string ExternalEntity = "externalEntity";
        public const string Process = "process";
        public const string DataStore = "dataStore";
    }

    internal static class DataClasses
    {
        public const string Pii = "pii";
        public const string Secrets = "secrets";
    }

    internal static class Controls
    {
        public const string Authenticated = "authenticated";
        public const string PublicByDesign = "publicByDesign";
        public const string Roles = "roles";
        public const string Validated = "validated";
        public const string Audited = "audited";
        public const string RateLimited = "rateLimited";
        public const string EncryptedAtRest = "encryptedAtRest";
        public const string EncryptedInTransit = "encryptedInTransit";
    }

    /// <summary>A file and line, the path relative to the project folder with forward slashes.</summary>
    internal sealed record SourceLocation(string Path, int Line);

    /// <summary>An external entity, process or data store.</summary>
    internal sealed record Element(
        string Id,
        string Name,
        string Kind,
        string Boundary,
        SourceLocation? Location,
        EquatableArray<string> DataClasses,
        EquatableArray<string> Controls,
        EquatableArray<string> Roles,
        Stride Stride);

    /// <summary>STRIDE per element: the categories that apply to the element's kind, and those the code addresses.</summary>
    internal sealed record Stride(EquatableArray<string> Applicable, EquatableArray<string> Addressed);

    /// <summary>Data moving from one element to another, with the classes of data it carries.</summary>
    /// <param name="Via">
    /// The methods (documentation-comment ids) whose code makes this flow happen. Not rendered: the build step uses it to
    /// put what a flow rule found in one of those methods (personal data reaching a log) on this flow.
    /// </param>
    internal sealed record Flow(string Id, string From, string To, EquatableArray<string> DataClasses, string? CrossesBoundary, EquatableArray<string> Via);

    internal static class ThreatStatuses
    {
        public const string Open = "open";
        public const string Mitigated = "mitigated";
        public const string Accepted = "accepted";

        /// <summary>Silenced by #pragma, [SuppressMessage] or an .editorconfig/global severity on one file, not by a review annotation.</summary>
        public const string Suppressed = "suppressed";
    }

    /// <summary>A finding of a threat rule on an element, with what reviewers said about it.</summary>
    /// <param name="DataClasses">The classes of data the finding is about, when the rule says (pii, secrets); empty when it does not.</param>
    internal sealed record Threat(
        string Id,
        string RuleId,
        string Title,
        string Category,
        string Severity,
        string Element,
        SourceLocation? Location,
        string Message,
        string Status,
        string? Justification,
        string? Owner,
        string? Expires,
        EquatableArray<SourceLocation> Related,
        bool LimitReached,
        EquatableArray<string> DataClasses = default);
}

namespace ThreatAnalyzers.Model
{
    /// <summary>A rule's risk, in Threat Dragon's words; SARIF's security-severity is derived from it.</summary>
    internal static class RuleRisks
    {
        public const string Critical = "critical";
        public const string High = "high";
        public const string Medium = "medium";
        public const string Low = "low";
    }
}
