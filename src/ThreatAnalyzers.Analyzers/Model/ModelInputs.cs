using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Model
{
    /// <summary>Everything the model is built from: the facts of the whole compilation, collected, plus the project's settings.</summary>
    /// <param name="Elements">The elements annotations declare.</param>
    /// <param name="DeclaredStores">The stores conventions declare without an annotation: the project's DbContexts and the referenced ones its code reaches.</param>
    /// <param name="Rules">The threat rules as this compilation configures them (the build step joins their findings in).</param>
    internal sealed record ModelInputs(
        string System,
        string? ProjectDirectory,
        EquatableArray<EntryPointFact> EntryPoints,
        EquatableArray<MethodFact> Methods,
        EquatableArray<ElementFact> Elements,
        EquatableArray<ElementFact> DeclaredStores,
        EquatableArray<StoreProviderFact> Providers,
        EquatableArray<RuleInfo> Rules);
}
