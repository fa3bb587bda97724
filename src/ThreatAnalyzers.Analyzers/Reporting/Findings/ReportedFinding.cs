namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// One diagnostic of a threat rule as the compiler reported it: read back from the compiler's SARIF log by the build
    /// step, or from Roslyn's diagnostics in tests. Plain values only (no Roslyn types), so the build task can use it.
    /// </summary>
    /// <param name="RuleId">The rule (TAxxxx).</param>
    /// <param name="Message">The diagnostic's message, as the build printed it.</param>
    /// <param name="Location">Where it was reported; the path as the compiler wrote it (the join makes it relative).</param>
    /// <param name="Related">Additional locations: the flow's path, the sink.</param>
    /// <param name="Element">The model element the threat concerns (<see cref="FindingProperties.Element"/>).</param>
    /// <param name="ElementName">That element's display name, used when the model does not have it yet.</param>
    /// <param name="ElementKind">That element's kind (<see cref="ElementKinds"/>), likewise.</param>
    /// <param name="Status">open, mitigated or accepted: the review decision the rule took (<see cref="ThreatStatuses"/>).</param>
    /// <param name="Justification">The [Mitigates] text or the [AcceptsRisk] justification; for a suppressed finding, the suppression's justification when it has one.</param>
    /// <param name="Owner">The acceptance's owner.</param>
    /// <param name="Expires">The acceptance's expiry (yyyy-MM-dd).</param>
    /// <param name="SuppressedBy">Set when something other than a review annotation silenced it: "pragma", "SuppressMessage", "editorconfig" or the log's own words.</param>
    /// <param name="LimitReached">The analysis limits that were reached while finding it (comma-separated), empty when none.</param>
    /// <param name="DataClasses">The classes of data the finding is about (pii, secrets).</param>
    /// <param name="SinkMethod">For a flow rule: the documentation-comment id of the method that holds the sink.</param>
    internal sealed record ReportedFinding(
        string RuleId,
        string Message,
        SourceLocation? Location,
        EquatableArray<SourceLocation> Related,
        string? Element,
        string? ElementName,
        string? ElementKind,
        string Status,
        string? Justification,
        string? Owner,
        string? Expires,
        string? SuppressedBy,
        string LimitReached,
        EquatableArray<string> DataClasses,
        string? SinkMethod);

    /// <summary>
    /// The names of the properties every threat diagnostic carries (they appear in the compiler's SARIF log as
    /// <c>properties.customProperties</c>): how the build step learns the element, the review decision and the limits.
    /// </summary>
    internal static class FindingProperties
    {
        public const string Element = "ThreatAnalyzers.Element";
        public const string ElementName = "ThreatAnalyzers.ElementName";
        public const string ElementKind = "ThreatAnalyzers.ElementKind";
        public const string Status = "ThreatAnalyzers.Status";
        public const string Justification = "ThreatAnalyzers.Justification";
        public const string Owner = "ThreatAnalyzers.Owner";
        public const string Expires = "ThreatAnalyzers.Expires";
        public const string LimitReached = "ThreatAnalyzers.LimitReached";
        public const string DataClasses = "ThreatAnalyzers.DataClasses";
        public const string SinkMethod = "ThreatAnalyzers.SinkMethod";
    }
}
