using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Frameworks.Http;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4002: personal data or a secret is sent to an external entity without encryption in transit. Two forms: an
    /// HttpClient request whose address is a constant plain <c>http://</c> one (its absolute URI, else its client's
    /// BaseAddress; loopback is fine), and a call into a type annotated <c>[ExternalEntity]</c> that is neither
    /// <c>[EncryptedInTransit]</c> nor registered with an https:// address. A request whose address no constant gives is
    /// not reported: the rule reports what the code says, not what configuration might. Reported where the value is
    /// sent (or enters the chain of calls that sends it), with the source and the sending call as additional locations;
    /// the literal that spells http:// is the last additional location, for the fix.
    /// </summary>
    internal sealed class SensitiveDataSentWithoutEncryptionRule : FlowRule
    {
        /// <summary>Set when the last additional location is the string literal whose "http://" the fix makes "https://".</summary>
        internal const string AddressLiteralProperty = "ThreatAnalyzers.AddressLiteral";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SensitiveDataSentWithoutEncryption,
            title: "Sensitive data sent without encryption",
            messageFormat: "'{0}' ({1}) is sent by {2} to {3}{4}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Personal data or a secret is sent to an external service over a connection that is not encrypted: anyone on the network "
                       + "path (a shared Wi-Fi, a proxy, a compromised router, another tenant of the same network) can read it and change it.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SensitiveDataSentWithoutEncryption + ".md",
            customTags: "CWE-319");

        public SensitiveDataSentWithoutEncryptionRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which personal data or secrets are sent to an external entity over plain HTTP, or to one not known to be reached over TLS?",
                concerns: "the external entity the data is sent to",
                fix: "use https:// (or mark the entity [EncryptedInTransit] when its connection is encrypted)"))
        {
        }

        public override SinkKind Sinks => SinkKind.OutboundHttp | SinkKind.OutboundBody;

        /// <summary>Without a way to classify data, or without HttpClient or annotated elements, nothing is sent.</summary>
        public override ImmutableArray<FactKind> FactKinds => SensitiveData;


        public override bool Reaches(FlowFact fact) => fact.IsSensitive;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var group in SensitiveFinding.Group(findings))
            {
                ReportGroup(context, group);
            }
        }

        private void ReportGroup(FlowContext context, SensitiveFinding group)
        {
            var finding = group.First;
            if (DestinationOf(context, finding) is not { } destination)
            {
                return;
            }

            var additional = new List<Location>();
            if (finding.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation)
            {
                additional.Add(source);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.DataClasses, group.DataClassesProperty);
            if (destination.Literal is { IsInSource: true } literal)
            {
                additional.Add(literal);
                properties = properties.Add(AddressLiteralProperty, "true");
            }

            if (finding.SinkMethod is { } sinkMethod)
            {
                properties = properties.Add(FindingProperties.SinkMethod, sinkMethod);
            }

            if (group.Limits != FlowLimits.None)
            {
                properties = properties.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(group.Limits));
            }

            context.Report(this, finding.ReportLocation, additional, destination.Element, properties,
                finding.Fact.Origin, group.ClassNames, SinkName(finding.Sink), destination.Description,
                finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via));
        }

        /// <summary>An annotated entity's sink is displayed with its element ("CrmClient.Push (external entity 'CRM')"): the element goes in the message's destination.</summary>
        private static string SinkName(string sink)
        {
            var open = sink.IndexOf(" (", System.StringComparison.Ordinal);
            return open > 0 ? sink.Substring(0, open) : sink;
        }

        /// <summary>Where the data goes, when that is unencrypted; null when it is encrypted or not known.</summary>
        private static Destination? DestinationOf(FlowContext context, FlowFinding finding)
        {
            var analysis = context.Analysis;
            if (SendingCall(analysis, finding.SinkLocation, context) is not { } send)
            {
                return null;
            }

            var addresses = HttpAddresses.Of(analysis);
            var annotated = analysis.Resources.Annotated;
            var target = send.TargetMethod;
            if (target.ContainingType is { } declaring
                && annotated.AnnotatedElementOf(declaring, send.Instance?.Type as INamedTypeSymbol) is { Kind: ElementKinds.ExternalEntity } entity)
            {
                // A call into an [ExternalEntity]: its annotation, else the address it was registered with, decides.
                if (entity.Symbol.Has(analysis.Annotations.EncryptedInTransit))
                {
                    return null;
                }

                var name = entity.Attribute.StringArgument(0) ?? entity.Symbol.Name;
                var element = new ThreatElement(annotated.IdOf(entity.Symbol), name, ElementKinds.ExternalEntity);
                var registered = addresses.OfTypedClient(entity.Symbol) ?? (send.Instance?.Type is INamedTypeSymbol receiver ? addresses.OfTypedClient(receiver) : null);
                if (registered is { IsHttps: true } || registered is { IsLoopback: true })
                {
                    return null;
                }

                return registered is { IsPlainHttp: true }
                    ? new Destination(element, $"'{name}' over plain HTTP ('{registered.Text}')", registered.Literal)
                    : new Destination(element, $"external entity '{name}', which is neither [EncryptedInTransit] nor registered with an https:// address", null);
            }

            // An HttpClient request inside an [ExternalEntity] that is [EncryptedInTransit]: its annotation says how it is reached.
            if ((analysis.Flow.SemanticModelFor(send.Syntax.SyntaxTree).GetEnclosingSymbol(send.Syntax.SpanStart, context.CancellationToken)?.ContainingType) is { } holder
                && annotated.AnnotatedElementOf(holder, null) is { Kind: ElementKinds.ExternalEntity } owner
                && owner.Symbol.Has(analysis.Annotations.EncryptedInTransit))
            {
                return null;
            }

            if (addresses.OfRequest(send, context.CancellationToken) is not { IsPlainHttp: true } address)
            {
                return null;
            }

            var (id, entityName) = HttpClientResources.EntityOf(send);
            return new Destination(new ThreatElement(id, entityName, ElementKinds.ExternalEntity), $"'{address.Text}' over plain HTTP", address.Literal);
        }

        /// <summary>The call whose argument is the sink.</summary>
        private static IInvocationOperation? SendingCall(CompilationAnalysis analysis, Location sinkLocation, FlowContext context)
        {
            for (var operation = UntrustedFlowFindings.OperationAt(analysis, sinkLocation, context.CancellationToken); operation is not null; operation = operation.Parent)
            {
                if (operation is IInvocationOperation invocation)
                {
                    return invocation;
                }
            }

            return null;
        }

        private sealed class Destination
        {
            public Destination(ThreatElement element, string description, Location? literal)
            {
                Element = element;
                Description = description;
                Literal = literal;
            }

            public ThreatElement Element { get; }

            public string Description { get; }

            public Location? Literal { get; }
        }
    }
}
