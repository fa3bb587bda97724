using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.Serialization;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2003: a deserializer that lets the data choose which types it creates: a Deserialize call on BinaryFormatter,
    /// SoapFormatter, NetDataContractSerializer, LosFormatter or ObjectStateFormatter; Newtonsoft.Json's TypeNameHandling
    /// set to anything but None (settings, serializer or [JsonProperty]/[JsonObject] attributes) without a binder set in
    /// the same settings; a JavaScriptSerializer created with a SimpleTypeResolver. Reported where written, whatever
    /// the data's origin: these deserializers cannot be made safe on any input an attacker can influence (a request, a
    /// file, a queue, a cache), and the origin of a serializer's input is rarely visible where it is configured.
    /// </summary>
    internal sealed class InsecureDeserializationRule : OperationRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.InsecureDeserialization,
            title: "Insecure deserialization",
            messageFormat: "'{0}' in {1} lets the data choose which types are created: {2}",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A deserializer creates whatever types the serialized data names. Data an attacker can write (a request body, an "
                       + "uploaded file, a message, a cache entry) can then create gadget types whose construction runs code: remote "
                       + "code execution on the server.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.InsecureDeserialization + ".md",
            customTags: "CWE-502");

        private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(OperationKind.SimpleAssignment, OperationKind.Invocation, OperationKind.ObjectCreation);

        public InsecureDeserializationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Critical,
                question: "Which deserializers let the data name the types they create?",
                concerns: "the endpoint whose code holds the deserializer, else the application",
                fix: "set TypeNameHandling to None"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds => Kinds;

        public override bool AppliesTo(CompilationAnalysis analysis) => !DeserializerSettings.Of(analysis.Compilation).IsEmpty;

        /// <summary>
        /// Named in source wherever it can fire: the methods called (Deserialize…, ReadObject: spelled at every call, even
        /// on a formatter a referenced project hands out), the settings assigned, and JavaScriptSerializer.
        /// </summary>
        public override ImmutableArray<string> NamedInSource { get; } = ImmutableArray.Create("Deserialize", "ReadObject", "TypeNameHandling", "JavaScriptSerializer");

        public override void Analyze(OperationRuleContext context)
        {
            var settings = DeserializerSettings.Of(context.Analysis.Compilation);
            switch (context.Operation)
            {
                case IInvocationOperation invocation when settings.FormatterOf(invocation.TargetMethod) is { } formatter:
                    context.Report(this, invocation.Syntax.GetLocation(), properties: null, $"{formatter}.{invocation.TargetMethod.Name}", ConfigurationShapes.Where(context.ContainingSymbol),
                        $"{formatter} cannot be made safe on data an attacker can influence; use System.Text.Json or a DataContractSerializer with known types");
                    break;

                case ISimpleAssignmentOperation assignment when ConfigurationShapes.AssignedProperty(assignment) is { } property && settings.IsTypeNameHandling(property):
                    if (settings.TypeNameHandlingNone is { } none
                        && ConfigurationShapes.ConstantOf(assignment.Value, out var known) is { } value && known && !Equals(value, none)
                        && !HasBinder(assignment))
                    {
                        var properties = ImmutableDictionary<string, string?>.Empty
                            .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixSetValue)
                            .Add(ConfigurationShapes.SafeValueProperty, "Newtonsoft.Json.TypeNameHandling.None")
                            .Add(ConfigurationShapes.FixTitleProperty, $"Set '{property.Name}' to TypeNameHandling.None");
                        context.Report(this, assignment.Syntax.GetLocation(), properties, ConfigurationShapes.Describe(assignment), ConfigurationShapes.Where(context.ContainingSymbol),
                            "a \"$type\" in the JSON can create any type the application can load; set a SerializationBinder that allows known types if type names are needed");
                    }

                    break;

                case IObjectCreationOperation creation when settings.JavaScriptSerializer is not null
                                                          && SymbolEqualityComparer.Default.Equals(creation.Type, settings.JavaScriptSerializer)
                                                          && creation.Arguments.Any(a => ConfigurationShapes.IsOrDerives(ConfigurationShapes.Unwrap(a.Value).Type, settings.SimpleTypeResolver)):
                    context.Report(this, creation.Syntax.GetLocation(), properties: null, "JavaScriptSerializer with SimpleTypeResolver", ConfigurationShapes.Where(context.ContainingSymbol),
                        "a \"__type\" in the JSON can create any type the application can load; use JavaScriptSerializer without a type resolver");
                    break;
            }
        }

        /// <summary>A SerializationBinder (or Binder) set to something in the same settings: the known-types mitigation.</summary>
        private static bool HasBinder(ISimpleAssignmentOperation assignment)
            => ConfigurationShapes.SiblingAssignments(assignment).Any(s =>
                ConfigurationShapes.AssignedProperty(s) is { } p && DeserializerSettings.BinderProperties.Contains(p.Name) && !ConfigurationShapes.IsNull(s.Value));
    }
}
