using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Modeling
{
    /// <summary>
    /// How the model leaves the compiler: one Info diagnostic of <see cref="ThreatModelAnalyzer"/>, TA0000, whose properties carry the model
    /// (without threats) as JSON. The compiler writes it into its SARIF log (ErrorLog, which the package sets) next to
    /// the analyzers' diagnostics, and the build step reads both from there. No file is written by the compiler for it,
    /// so no generated file of the project is touched (EmitCompilerGeneratedFiles stays as the project has it).
    /// </summary>
    /// <remarks>
    /// NotConfigurable: no .editorconfig severity, NoWarn or -warnaserror changes it, so it never fails a build and is
    /// never lost. Info diagnostics are not shown by <c>dotnet build</c> at its default verbosity. Reported at the
    /// compilation's end, which an IDE runs only in full-solution analysis: it never appears on a document.
    /// </remarks>
    internal static class ModelDiagnostic
    {
        public const string Id = "TA0000";

        /// <summary>The property that holds the model's JSON (the intermediate form, see ModelJsonRenderer).</summary>
        public const string ModelProperty = "threat-model.model.json";

        public static readonly DiagnosticDescriptor Descriptor = new(
            Id,
            title: "Threat model",
            messageFormat: "ThreatAnalyzers modeled '{0}': {1} elements, {2} flows (the build writes the threat-model artifact from this diagnostic)",
            category: "ThreatModel",
            DiagnosticSeverity.Info,
            isEnabledByDefault: true,
            description: "Carries the data-flow model to the build step through the compiler's SARIF log. Not a finding.",
            customTags: new[] { WellKnownDiagnosticTags.NotConfigurable, WellKnownDiagnosticTags.CompilationEnd });

        public static Diagnostic Create(string system, int elements, int flows, string modelJson)
            => Diagnostic.Create(
                Descriptor,
                Location.None,
                ImmutableDictionary<string, string?>.Empty.Add(ModelProperty, modelJson),
                system,
                elements,
                flows);
    }
}
