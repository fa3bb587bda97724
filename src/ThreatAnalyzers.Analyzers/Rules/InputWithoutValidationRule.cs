using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.Http;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2001: untrusted input reaches a write to a data store (EF Core Add/Update/Attach…, Dapper's parameter objects,
    /// S3 PutObject, a [DataStore]'s write methods) or an outbound call (HttpClient, an [ExternalEntity]), with no
    /// validation on the path. Validation is what the flow engine already knows ([Validates] methods, conversion to a
    /// number, Guid, date or enum) plus what ASP.NET Core and FluentValidation do for the bound parameter
    /// (<see cref="InputValidation"/>). SQL text, file paths, redirects and HTML are left to the rules about them
    /// (TA2002, TA2005, TA2007, TA2008), a process's file name and arguments to the command-injection rule (TA6002), and
    /// where an outbound request goes (HttpClient's request URI) to the server-side request forgery rule (TA4008): of an
    /// outbound call, what this rule asks about is the data handed to an [ExternalEntity].
    /// One finding per sink, on the first of the entry point's parameters (or request reads) that reach it, naming all of
    /// them; the sink and the other values are related locations.
    /// </summary>
    internal sealed class InputWithoutValidationRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.InputWithoutValidation,
            title: "Input used without validation",
            messageFormat: "{0} (untrusted input) {1} {2}{3} with no validation on the path",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted input is written to a data store or sent to an external system without being validated: "
                       + "malformed, oversized or hostile values are stored and acted on. Validate it first (DataAnnotations with [ApiController] or "
                       + "ModelState.IsValid, AddValidation() for minimal APIs, a FluentValidation validator, a validating endpoint filter or a [Validates] method).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.InputWithoutValidation + ".md",
            customTags: "CWE-20");

        public InputWithoutValidationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which untrusted inputs reach a data-store write or an outbound call with no validation on the path?",
                concerns: "the entry point whose input it is",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.DataStoreWrite | SinkKind.OutboundHttp;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        /// <summary>
        /// The outbound sinks that are a request's address (HttpClient's request URI: the same rows as
        /// <see cref="SinkKind.RequestAddress"/>): TA4008's question, one warning per address, not two. A URL that passes
        /// validation can still point anywhere, so the useful warning is the one about where it points.
        /// </summary>
        private static readonly HashSet<string> RequestAddresses = new(
            HttpClientFlow.Sinks.Where(row => row.Kind == SinkKind.RequestAddress).Select(row => row.Display), System.StringComparer.Ordinal);

        private static bool IsRequestAddress(FlowFinding finding) => finding.Kind == SinkKind.OutboundHttp && RequestAddresses.Contains(finding.Sink);

        /// <summary>
        /// One diagnostic per sink (its argument, here or down a chain of calls): on the first untrusted value that reaches it
        /// unvalidated (an entry point's parameter, a request read), naming all of them, the others as additional locations.
        /// </summary>
        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            var sinks = new List<string>();
            var bySink = new Dictionary<string, List<(FlowFinding Finding, Location Location)>>();
            foreach (var finding in findings)
            {
                if (IsRequestAddress(finding))
                {
                    continue;
                }

                var parameter = FlowFindingSites.ParameterOf(context, finding.Fact);
                if (parameter is not null && InputValidation.Of(context.Analysis).IsValidated(parameter, context.CancellationToken))
                {
                    continue;
                }

                // On the parameter (or the request read) when it is in this document, else where the value enters the chain.
                var location = finding.Fact.Location is { IsInSource: true } source && source.SourceTree == finding.ReportLocation.SourceTree
                    ? source
                    : finding.ReportLocation;
                var key = finding.Sink + "|" + FlowFindingSites.KeyOf(finding.SinkLocation);
                if (!bySink.TryGetValue(key, out var values))
                {
                    bySink[key] = values = new List<(FlowFinding, Location)>();
                    sinks.Add(key);
                }

                values.Add((finding, location));
            }

            foreach (var key in sinks)
            {
                // In the order they are written (the entry point's parameters from the first), each value once.
                var values = bySink[key]
                    .GroupBy(v => FlowFindingSites.KeyOf(v.Location))
                    .Select(g => g.First())
                    .OrderBy(v => v.Location.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(v => v.Location.SourceSpan.Start)
                    .ThenBy(v => v.Finding.Fact.Origin, System.StringComparer.Ordinal)
                    .ToList();
                var (first, location) = values[0];
                var additional = new List<Location>();
                void Add(Location candidate)
                {
                    if (candidate != location && !additional.Contains(candidate))
                    {
                        additional.Add(candidate);
                    }
                }

                foreach (var (finding, _) in values)
                {
                    Add(finding.ReportLocation);
                }

                Add(first.SinkLocation);
                foreach (var (_, other) in values.Skip(1))
                {
                    Add(other);
                }

                var origins = values.Select(v => "'" + v.Finding.Fact.Origin + "'").Distinct().ToList();
                var limits = values.Aggregate(FlowLimits.None, (acc, v) => acc | v.Finding.Limits);
                var properties = limits != FlowLimits.None
                    ? ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(limits))
                    : null;
                context.Report(this, location, additional, context.ElementAt(first.ReportLocation), properties,
                    string.Join(", ", origins), origins.Count == 1 ? "reaches" : "reach", first.Sink, first.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", first.Via));
            }
        }
    }
}
