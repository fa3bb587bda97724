namespace ThreatAnalyzers
{
    /// <summary>
    /// Diagnostic categories: one per STRIDE letter, so that a team can raise a whole letter in .editorconfig with
    /// <c>dotnet_analyzer_diagnostic.category-Spoofing.severity = error</c>.
    /// </summary>
    internal static class RuleCategories
    {
        public const string ThreatModel = "ThreatModel";
        public const string Spoofing = "Spoofing";
        public const string Tampering = "Tampering";
        public const string Repudiation = "Repudiation";
        public const string InformationDisclosure = "InformationDisclosure";
        public const string DenialOfService = "DenialOfService";
        public const string ElevationOfPrivilege = "ElevationOfPrivilege";
    }
}
