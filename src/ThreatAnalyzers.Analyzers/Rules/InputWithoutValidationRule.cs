using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2001: untrusted input reaches a write to a data store (EF Core Add/Update/Attach…, Dapper's parameter objects,
    /// S3 PutObject, a [DataStore]'s write methods), an outbound call (HttpClient, an [ExternalEntity]) or a process, with
    /// no validation on the path. Validation is what the flow engine already knows ([Validates] methods, conversion to a
    /// number, Guid, date or enum) plus what ASP.NET Core and FluentValidation do for the bound parameter
    /// (<see cref="InputValidation"/>). SQL text, file paths, redirects and HTML are left to the rules about them
    /// (TA2002, TA2005, TA2007, TA2008); process arguments are reported here until a command-injection rule exists.
    /// One finding per source and sink, on the entry point's parameter (or the request read) with the sink as related location.
    /// </summary>
    internal sealed class InputWithoutValidationRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.InputWithoutValidation,
            title: "Input used without validation",
            messageFormat: "'{0}' (untrusted input) reaches {1}{2} with no validation on the path",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted input is written to a data store, sent to an external system or passed to a process without being validated: "
                       + "malformed, oversized or hostile values are stored and acted on. Validate it first (DataAnnotations with [ApiController] or "
                       + "ModelState.IsValid, AddValidation() for minimal APIs, a FluentValidation validator, a validating endpoint filter or a [Validates] method).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.InputWithoutValidation + ".md",
            customTags: "CWE-20");

        public InputWithoutValidationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which untrusted inputs reach a data-store write, an outbound call or a process with no validation on the path?",
                concerns: "the entry point whose input it is",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.DataStoreWrite | SinkKind.OutboundHttp | SinkKind.ProcessStart;

        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding)
        {
            var parameter = FlowFindingSites.ParameterOf(context, finding.Fact);
            if (parameter is not null && InputValidation.Of(context.Analysis).IsValidated(parameter, context.CancellationToken))
            {
                return;
            }

            // On the parameter (or the request read) when it is in this document, else where the value enters the chain.
            var location = finding.Fact.Location is { IsInSource: true } source && source.SourceTree == finding.ReportLocation.SourceTree
                ? source
                : finding.ReportLocation;
            if (!FlowFindingSites.FirstTime(context, this, FlowFindingSites.KeyOf(location) + "|" + finding.Sink + "|" + FlowFindingSites.KeyOf(finding.SinkLocation)))
            {
                return;
            }

            var additional = new List<Location>();
            if (finding.ReportLocation != location)
            {
                additional.Add(finding.ReportLocation);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = finding.LimitReached
                ? ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(finding.Limits))
                : null;
            context.Report(this, location, additional, context.ElementAt(finding.ReportLocation), properties,
                finding.Fact.Origin, finding.Sink, finding.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", finding.Via));
        }
    }
}
