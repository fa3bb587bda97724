using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Model
{
    /// <summary>Everything the model is built from: the facts of the whole compilation, collected, plus the project's settings.</summary>
    /// <param name="Rules">The threat rules as this compilation configures them (the build step joins their findings in).</param>
    internal sealed record ModelInputs(
        string System,
        string? ProjectDirectory,
        EquatableArray<EntryPointFact> EntryPoints,
        EquatableArray<MethodFact> Methods,
        EquatableArray<ElementFact> Elements,
        EquatableArray<StoreProviderFact> Providers,
        EquatableArray<RuleInfo> Rules);
}
