namespace ThreatAnalyzers
{
    /// <summary>What the artifacts say about each threat rule beyond its descriptor: its risk, in Threat Dragon's words.</summary>
    internal static class RuleCatalog
    {
        public const string High = "high";
        public const string Medium = "medium";
        public const string Low = "low";

        public static string RiskOf(string ruleId) => ruleId switch
        {
            RuleIdentifiers.UnauthenticatedEntryPoint => High,
            RuleIdentifiers.SensitiveDataWrittenToLog => Medium,
            _ => Medium,
        };

        public static string? CweOf(string ruleId)
        {
            foreach (var descriptor in Descriptors.All)
            {
                if (descriptor.Id == ruleId)
                {
                    foreach (var tag in descriptor.CustomTags)
                    {
                        if (tag.StartsWith("CWE-", System.StringComparison.Ordinal))
                        {
                            return tag;
                        }
                    }
                }
            }

            return null;
        }
    }
}
