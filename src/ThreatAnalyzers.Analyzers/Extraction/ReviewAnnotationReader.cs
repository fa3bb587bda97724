using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Reads [Mitigates] and [AcceptsRisk] that are in scope of a finding: on the flagged symbols, on everything that
    /// contains them (lambda, method, type, outer types), on an accessor's property, and on the assembly.
    /// </summary>
    internal sealed class ReviewAnnotationReader
    {
        private readonly AnnotationTypes annotations;

        public ReviewAnnotationReader(AnnotationTypes annotations) => this.annotations = annotations;

        public bool IsEnabled => annotations.Mitigates is not null || annotations.AcceptsRisk is not null;

        public List<ReviewAnnotation> InScopeOf(IEnumerable<ISymbol> flagged, IAssemblySymbol assembly)
        {
            var found = new List<ReviewAnnotation>();
            var seen = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            foreach (var symbol in flagged)
            {
                for (var scope = symbol; scope is not null and not INamespaceSymbol; scope = scope.ContainingSymbol)
                {
                    if (seen.Add(scope))
                    {
                        Read(scope, found);
                    }

                    // An accessor's code is its property's: a review of the property covers its getter and setter.
                    if (scope is IMethodSymbol { AssociatedSymbol: IPropertySymbol property } && seen.Add(property))
                    {
                        Read(property, found);
                    }
                }
            }

            Read(assembly, found);
            return found;
        }

        public ReviewAnnotation? Read(AttributeData attribute)
        {
            if (annotations.Is(attribute, annotations.Mitigates))
            {
                return new ReviewAnnotation(
                    ReviewKind.Mitigation, attribute.StringArgument(0), attribute.StringArgument(1), Owner: null, Expires: null);
            }

            if (annotations.Is(attribute, annotations.AcceptsRisk))
            {
                return new ReviewAnnotation(
                    ReviewKind.Acceptance,
                    attribute.StringArgument(0),
                    attribute.StringArgument(1),
                    attribute.NamedStringArgument("Owner"),
                    attribute.NamedStringArgument("Expires"));
            }

            return null;
        }

        private void Read(ISymbol symbol, List<ReviewAnnotation> into)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                if (Read(attribute) is { } annotation)
                {
                    into.Add(annotation);
                }
            }
        }
    }
}
