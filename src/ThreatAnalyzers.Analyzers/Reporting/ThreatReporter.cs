using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Configuration;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Reporting
{
    /// <summary>
    /// The single way a threat rule reports. Every finding is reported, with the element it concerns and the review
    /// decision on it ([Mitigates] and [AcceptsRisk] in scope) as diagnostic properties; <see cref="ReviewSuppressor"/>
    /// then suppresses the mitigated and accepted ones. So the compiler's own log holds every finding and its state, and
    /// the artifact is built from exactly that: no rule handles reviews itself, and nothing decides them twice.
    /// </summary>
    internal sealed class ThreatReporter
    {
        private readonly ReviewAnnotationReader reviews;
        private readonly BuildSettings settings;
        private readonly IAssemblySymbol assembly;
        private readonly Compilation compilation;

        public ThreatReporter(AnnotationTypes annotations, BuildSettings settings, Compilation compilation)
        {
            reviews = new ReviewAnnotationReader(annotations);
            this.settings = settings;
            this.compilation = compilation;
            assembly = compilation.Assembly;
        }

        public ThreatDisposition Decide(string ruleId, IEnumerable<ISymbol> flagged)
            => reviews.IsEnabled
                ? ThreatDisposition.Decide(ruleId, reviews.InScopeOf(flagged, assembly), settings.BuildDate)
                : new ThreatDisposition(ThreatStatus.Open, null);

        public void Report(
            Action<Diagnostic> report,
            DiagnosticDescriptor descriptor,
            Location location,
            IEnumerable<Location> additionalLocations,
            IEnumerable<ISymbol> flagged,
            ThreatElement element,
            ImmutableDictionary<string, string?>? properties,
            params object[] messageArgs)
        {
            var disposition = Decide(descriptor.Id, flagged);
            var all = (properties ?? ImmutableDictionary<string, string?>.Empty)
                .SetItem(FindingProperties.Element, element.Id)
                .SetItem(FindingProperties.ElementName, element.Name)
                .SetItem(FindingProperties.ElementKind, element.Kind)
                .SetItem(FindingProperties.Status, StatusOf(disposition.Status));
            if (disposition.Because is { } because)
            {
                all = all.SetItem(FindingProperties.Justification, because.Text?.Trim());
                if (because.Owner is { } owner)
                {
                    all = all.SetItem(FindingProperties.Owner, owner.Trim());
                }

                if (because.Expires is { } expires)
                {
                    all = all.SetItem(FindingProperties.Expires, expires.Trim());
                }
            }

            report(Diagnostic.Create(descriptor, location, additionalLocations.Where(l => l != location && IsHere(l)), all, messageArgs));
        }

        /// <summary>
        /// A related location the driver accepts: in this compilation's source, or outside source altogether. Not none (a
        /// sink in a referenced assembly, named on the path instead), and not the source of another compilation (the IDE
        /// hands a project of the same solution in as a compilation: the driver rejects its locations with AD0001).
        /// </summary>
        private bool IsHere(Location location)
            => location.Kind != LocationKind.None && (!location.IsInSource || compilation.ContainsSyntaxTree(location.SourceTree!));

        public static string StatusOf(ThreatStatus status) => status switch
        {
            ThreatStatus.Mitigated => ThreatStatuses.Mitigated,
            ThreatStatus.Accepted => ThreatStatuses.Accepted,
            _ => ThreatStatuses.Open,
        };
    }
}
