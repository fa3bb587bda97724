using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2006: an entry point binds a persisted entity (the element type of a DbSet&lt;T&gt; of a DbContext in the
    /// compilation) straight from the request and hands that object to EF Core to write (Add, Update, Attach and their
    /// ranges): every property the client sends is saved, including the ones it should never set (a role, a price, an
    /// owner). A flow rule on the shared pass: the bound object itself (not a value copied out of it) must reach the write.
    /// A separate request type (a DTO) mapped to the entity, and [Bind("A,B")] with an include list, stay silent. Reported
    /// on the parameter, once per parameter.
    /// </summary>
    internal sealed class OverPostingRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.OverPosting,
            title: "Persisted entity bound from the request (over-posting)",
            messageFormat: "'{0}' binds the persisted entity '{1}' from the request and {2} saves it{3}: the client can set any of its properties",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An entry point binds an entity type that EF Core persists straight from the request and saves it. The client can set "
                       + "every property of the entity, including those it must not change (mass assignment). Bind a request type that holds only "
                       + "the fields the client may set, and copy them onto the entity.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.OverPosting + ".md",
            customTags: "CWE-915");

        public OverPostingRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which entry-point parameters of a persisted entity type reach EF Core's Add, Update or Attach as a whole?",
                concerns: "the entry point that binds the entity",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.DataStoreWrite;

        public override bool AppliesTo(CompilationAnalysis analysis) => analysis.Resources.EntityFrameworkCore is not null;

        // The bound object itself, not a value read out of it and stored in another object.
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;

        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted && fact.Member is null && !fact.ByType;

        public override void Report(FlowContext context, FlowFinding finding)
        {
            if (context.Analysis.Resources.EntityFrameworkCore is not { } ef
                || FlowFindingSites.ParameterOf(context, finding.Fact) is not { } parameter
                || EntityOf(parameter.Type, ef) is not { } entity
                || HasIncludeList(parameter) || HasIncludeList(entity)
                || FlowFindingSites.SinkMethodAt(context, finding.SinkLocation) is not { } sink
                || !ef.IsTrackingWrite(sink)
                || parameter.Locations.FirstOrDefault() is not { IsInSource: true } location
                || !FlowFindingSites.FirstTime(context, this, FlowFindingSites.KeyOf(location)))
            {
                return;
            }

            var additional = new List<Location> { finding.ReportLocation };
            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = finding.LimitReached
                ? ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(finding.Limits))
                : null;
            context.Report(this, location, additional, context.ElementAt(finding.ReportLocation), properties,
                parameter.Name, entity.Name, finding.Sink, finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via));
        }

        /// <summary>The entity a parameter binds: its type, or the element type of an array or sequence of entities.</summary>
        private static ITypeSymbol? EntityOf(ITypeSymbol type, Frameworks.EntityFrameworkCore.EfCoreResources ef)
        {
            if (ef.IsEntity(type))
            {
                return type;
            }

            var element = type switch
            {
                IArrayTypeSymbol array => array.ElementType,
                INamedTypeSymbol { TypeArguments.Length: 1 } generic when generic.AllInterfaces.Any(i => i.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T)
                                                                         || generic.OriginalDefinition.SpecialType == SpecialType.System_Collections_Generic_IEnumerable_T => generic.TypeArguments[0],
                _ => null,
            };
            return element is not null && ef.IsEntity(element) ? element : null;
        }

        /// <summary>MVC's [Bind("A,B")] with names: only those properties are bound.</summary>
        private static bool HasIncludeList(ISymbol symbol)
            => symbol.GetAttributes().Any(a => a.AttributeClass?.ToDisplayString() == "Microsoft.AspNetCore.Mvc.BindAttribute"
                                               && a.ConstructorArguments.Any(arg => arg.Kind == TypedConstantKind.Array
                                                   ? arg.Values.Any(v => v.Value is string s && s.Trim().Length > 0)
                                                   : arg.Value is string s && s.Trim().Length > 0));
    }
}
