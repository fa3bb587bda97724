using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.Xml;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2009: XML parsed with DTD processing on and a resolver for external entities: XmlReaderSettings with
    /// DtdProcessing = Parse and a non-null XmlResolver on the same settings; XmlTextReader with DtdProcessing = Parse
    /// (unless its XmlResolver is set to null); XmlDocument given a non-null XmlResolver (XmlDocument parses DTDs).
    /// Reported where configured, whatever the document's origin (see docs/rules/TA2009.md).
    /// </summary>
    internal sealed class XmlExternalEntitiesRule : OperationRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.XmlExternalEntities,
            title: "XML external entities",
            messageFormat: "'{0}' in {1} parses DTDs and resolves external entities: {2}",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "XML is parsed with DTD processing on and a resolver that fetches external entities. A document that declares an "
                       + "external entity makes the parser read a local file or call an internal address and put the result in the "
                       + "document (XXE): file disclosure and server-side request forgery.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.XmlExternalEntities + ".md",
            customTags: "CWE-611");

        private const string Reason = "a document that declares an external entity can make the parser read local files or call internal addresses";

        private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(OperationKind.SimpleAssignment);

        public XmlExternalEntitiesRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which XML parsers process DTDs with a resolver for external entities?",
                concerns: "the endpoint whose code holds the parser, else the application",
                fix: "set DtdProcessing to Prohibit, or the XmlDocument's XmlResolver to null"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds => Kinds;

        public override bool AppliesTo(CompilationAnalysis analysis) => !XmlParserSettings.Of(analysis.Compilation).IsEmpty;

        /// <summary>Named in source wherever it can fire: the parsers and settings it looks at.</summary>
        public override ImmutableArray<string> NamedInSource { get; } = ImmutableArray.Create("Xml", "Dtd");

        public override void Analyze(OperationRuleContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (ConfigurationShapes.AssignedProperty(assignment) is not { } property)
            {
                return;
            }

            var settings = XmlParserSettings.Of(context.Analysis.Compilation);
            if (property.Name == XmlParserSettings.DtdProcessingProperty && settings.DtdProcessingParse is { } parse
                && Equals(ConfigurationShapes.ConstantOf(assignment.Value, out var known), parse) && known)
            {
                var resolvers = ConfigurationShapes.SiblingAssignments(assignment)
                    .Where(s => ConfigurationShapes.AssignedProperty(s)?.Name == XmlParserSettings.XmlResolverProperty)
                    .ToList();
                var report = ConfigurationShapes.IsOrDerives(property.ContainingType, settings.XmlReaderSettings)
                    ? resolvers.Any(r => !ConfigurationShapes.IsNull(r.Value))
                    : ConfigurationShapes.IsOrDerives(property.ContainingType, settings.XmlTextReader) && !resolvers.Any(r => ConfigurationShapes.IsNull(r.Value));
                if (report)
                {
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixSetValue)
                        .Add(ConfigurationShapes.SafeValueProperty, XmlParserSettings.ProhibitValue)
                        .Add(ConfigurationShapes.FixTitleProperty, "Set DtdProcessing to Prohibit");
                    context.Report(this, assignment.Syntax.GetLocation(), properties, $"{property.ContainingType.Name}.{ConfigurationShapes.Describe(assignment)}", ConfigurationShapes.Where(context.ContainingSymbol), Reason);
                }
            }
            else if (property.Name == XmlParserSettings.XmlResolverProperty && ConfigurationShapes.IsOrDerives(property.ContainingType, settings.XmlDocument)
                     && !ConfigurationShapes.IsNull(assignment.Value) && ConfigurationShapes.Unwrap(assignment.Value) is not IInvalidOperation)
            {
                var properties = ImmutableDictionary<string, string?>.Empty
                    .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixSetValue)
                    .Add(ConfigurationShapes.SafeValueProperty, "null")
                    .Add(ConfigurationShapes.FixTitleProperty, "Set the XmlDocument's XmlResolver to null");
                context.Report(this, assignment.Syntax.GetLocation(), properties, $"{property.ContainingType.Name}.{ConfigurationShapes.Describe(assignment)}", ConfigurationShapes.Where(context.ContainingSymbol), Reason);
            }
        }
    }
}
