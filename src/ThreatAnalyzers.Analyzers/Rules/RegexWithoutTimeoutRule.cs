using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Frameworks;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA5002: untrusted data is matched by a regular expression whose match no timeout bounds (static Regex methods,
    /// instance calls on a Regex made without a timeout, new Regex), or becomes the pattern of one (regex injection, reported
    /// even with a timeout: the caller writes the expression). Bounded: a <c>matchTimeout</c> argument other than
    /// <c>Regex.InfiniteMatchTimeout</c>, <c>RegexOptions.NonBacktracking</c>, <c>[GeneratedRegex]</c> with a timeout, the
    /// process-wide default set in the compilation (<see cref="RegexTimeouts"/>); a constant pattern without the shape of
    /// exponential backtracking (no repeated group that holds a repetition or an alternation) is not reported either. An instance call on a Regex whose
    /// construction the code does not show (a parameter, a service, a mutable field) is not reported. <c>Regex.Escape</c>
    /// makes a pattern safe. Console input and command-line arguments are the local user's own. A threat of the entry point.
    /// </summary>
    internal sealed class RegexWithoutTimeoutRule : FlowRule
    {
        /// <summary>Set when the reported argument is the input of a static Regex call or a construction with no timeout: the fix adds one there.</summary>
        internal const string AddTimeoutProperty = "ThreatAnalyzers.AddRegexTimeout";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.RegexWithoutTimeout,
            title: "Regular expression on untrusted input without a timeout",
            messageFormat: "{0} ({1}) {2} the {3} of {4}{5} in {6}: {7}",
            RuleCategories.DenialOfService,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A backtracking regular expression can take exponential time on a crafted input (ReDoS): one request keeps a thread "
                       + "busy for minutes. Pass a match timeout (or use RegexOptions.NonBacktracking, or [GeneratedRegex] with a timeout). "
                       + "An untrusted pattern is worse: the caller writes the expression itself (regex injection); escape it with Regex.Escape.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.RegexWithoutTimeout + ".md",
            customTags: "CWE-1333");

        public RegexWithoutTimeoutRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which untrusted values are matched by a regular expression with no match timeout, or become its pattern?",
                concerns: "the entry point",
                fix: "pass a match timeout (TimeSpan.FromSeconds(1)) to a static Regex call"))
        {
        }

        public override SinkKind Sinks => SinkKind.RegexInput | SinkKind.RegexPattern;

        /// <summary>Without System.Text.RegularExpressions referenced, nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;

        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;

        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        /// <summary>One diagnostic per argument (input or pattern), naming every untrusted value in it.</summary>
        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            var timeouts = RegexTimeouts.Of(context.Analysis);
            foreach (var kind in new[] { SinkKind.RegexPattern, SinkKind.RegexInput })
            {
                foreach (var argument in UntrustedFlowFindings.PerArgument(findings.Where(f => f.Kind == kind && !LocalUserInput.Is(context, f.Fact))))
                {
                    var finding = argument.First;
                    var call = timeouts.CallOf(UntrustedFlowFindings.OperationAt(context.Analysis, finding.SinkLocation, context.CancellationToken));
                    var bound = call is null ? RegexBound.Unknown : timeouts.BoundOf(call, context.CancellationToken);
                    string consequence;
                    var properties = argument.Properties;
                    if (kind == SinkKind.RegexPattern)
                    {
                        consequence = bound == RegexBound.Unbounded
                            ? "the caller writes the regular expression (regex injection), and no match timeout bounds it"
                            : "the caller writes the regular expression (regex injection)";
                    }
                    else if (bound == RegexBound.Unbounded)
                    {
                        consequence = "no match timeout bounds how long a crafted input can keep it backtracking (ReDoS)";
                        if (properties.ContainsKey(UntrustedFlowFindings.DirectSinkProperty)
                            && call is IObjectCreationOperation or IInvocationOperation { TargetMethod.IsStatic: true })
                        {
                            properties = properties.Add(AddTimeoutProperty, "true");
                        }
                    }
                    else
                    {
                        continue;
                    }

                    var flow = finding.MessageArguments();
                    var element = context.ElementAt(finding.ReportLocation);
                    context.Report(this, finding.ReportLocation, argument.Additional, element, properties,
                        string.Join(", ", argument.Origins), flow[1], argument.Origins.Count == 1 ? "is" : "are",
                        kind == SinkKind.RegexPattern ? "pattern" : "input", finding.Sink, flow[3], UntrustedFlowFindings.ElementName(element), consequence);
                }
            }
        }
    }
}
