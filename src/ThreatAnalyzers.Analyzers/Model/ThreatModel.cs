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
        EquatableArray<Threat> Threats)
    {
        public const string CurrentSchemaVersion = "1.0";
    }

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
    internal sealed record Flow(string Id, string From, string To, EquatableArray<string> DataClasses, string? CrossesBoundary);

    internal static class ThreatStatuses
    {
        public const string Open = "open";
        public const string Mitigated = "mitigated";
        public const string Accepted = "accepted";
    }

    /// <summary>A finding of a threat rule on an element, with what reviewers said about it.</summary>
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
        string? Expires);
}
