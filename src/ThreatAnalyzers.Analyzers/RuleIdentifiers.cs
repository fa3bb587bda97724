namespace ThreatAnalyzers
{
    /// <summary>
    /// Every diagnostic ID of the package. IDs are a public contract (users name them in .editorconfig,
    /// [Mitigates] and [AcceptsRisk]): never renumber, never reuse.
    /// TA0xxx model and annotations, then one thousand per STRIDE letter.
    /// </summary>
    internal static class RuleIdentifiers
    {
        public const string InvalidAnnotation = "TA0001";
        public const string ExpiredRiskAcceptance = "TA0002";
        public const string AnnotationPolicy = "TA0003";

        public const string UnauthenticatedEntryPoint = "TA1001";

        public const string SensitiveDataWrittenToLog = "TA4001";
    }
}
