using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Model
{
    /// <summary>Everything the model is built from: the facts of the whole compilation, collected, plus the project's settings.</summary>
    internal sealed record ModelInputs(
        string System,
        string? ProjectDirectory,
        ReviewDate? BuildDate,
        EquatableArray<EntryPointFact> EntryPoints,
        EquatableArray<MethodFact> Methods,
        EquatableArray<ElementFact> Elements,
        EquatableArray<StoreProviderFact> Providers);
}
