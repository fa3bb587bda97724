using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Configuration;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting
{
    /// <summary>
    /// The single way a threat rule reports: it honours [Mitigates] and [AcceptsRisk] in scope of the finding, so no rule
    /// handles them itself.
    /// </summary>
    internal sealed class ThreatReporter
    {
        private readonly ReviewAnnotationReader reviews;
        private readonly BuildSettings settings;
        private readonly IAssemblySymbol assembly;

        public ThreatReporter(AnnotationTypes annotations, BuildSettings settings, IAssemblySymbol assembly)
        {
            reviews = new ReviewAnnotationReader(annotations);
            this.settings = settings;
            this.assembly = assembly;
        }

        public ThreatDisposition Decide(string ruleId, IEnumerable<ISymbol> flagged)
            => reviews.IsEnabled
                ? ThreatDisposition.Decide(ruleId, reviews.InScopeOf(flagged, assembly), settings.BuildDate)
                : new ThreatDisposition(ThreatStatus.Open, null);

        /// <summary>Reports the threat unless a review annotation in scope of <paramref name="flagged"/> settles it.</summary>
        public void Report(
            Action<Diagnostic> report,
            DiagnosticDescriptor descriptor,
            Location location,
            IEnumerable<ISymbol> flagged,
            ImmutableDictionary<string, string?>? properties,
            params object[] messageArgs)
            => Report(report, descriptor, location, Array.Empty<Location>(), flagged, properties, messageArgs);

        /// <summary>Reports the threat, with related locations (the path of a flow), unless a review settles it.</summary>
        public void Report(
            Action<Diagnostic> report,
            DiagnosticDescriptor descriptor,
            Location location,
            IEnumerable<Location> additionalLocations,
            IEnumerable<ISymbol> flagged,
            ImmutableDictionary<string, string?>? properties,
            params object[] messageArgs)
        {
            if (Decide(descriptor.Id, flagged).Status != ThreatStatus.Open)
            {
                return;
            }

            report(Diagnostic.Create(descriptor, location, additionalLocations, properties, messageArgs));
        }
    }
}
