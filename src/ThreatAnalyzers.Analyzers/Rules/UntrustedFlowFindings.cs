using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// How the rules about untrusted data reaching a sink (path traversal, open redirect, cross-site scripting, identity
    /// from a client value) report a finding of the shared flow analysis: on the value in the method being analyzed, with
    /// the source and the sink as additional locations, naming the value, the sink, the methods between them and the
    /// element (entry point) whose code it is.
    /// </summary>
    internal static class UntrustedFlowFindings
    {
        /// <summary>Set when the sink's call is the reported one (not down a chain of calls), so a fix can change it in place.</summary>
        internal const string SinkHereProperty = "ThreatAnalyzers.SinkHere";

        /// <summary>The untrusted value as written (a parameter's name, a request read), for fixes that wrap it.</summary>
        internal const string OriginProperty = "ThreatAnalyzers.Origin";

        /// <summary>The message's arguments: value, its class, the sink, " via …", the element.</summary>
        public static object[] MessageArguments(FlowFinding finding, ThreatElement element)
        {
            var flow = finding.MessageArguments();
            return new[] { flow[0], flow[1], flow[2], flow[3], ElementName(element) };
        }

        public static string ElementName(ThreatElement element) => string.IsNullOrEmpty(element.Name) ? "the application" : element.Name;

        /// <summary>Set on a per-argument finding when the sink's call is the reported one, so a fix can rewrite the argument in place.</summary>
        internal const string DirectSinkProperty = "ThreatAnalyzers.DirectSink";

        /// <summary>
        /// The findings grouped per sink argument (or call that starts the chain to one), for rules that report one
        /// diagnostic per argument naming every untrusted value in it: the first value in source order, the other values'
        /// sources and the sink as additional locations, the properties (sink method, direct sink, limits) and the values.
        /// </summary>
        public static IEnumerable<ArgumentFinding> PerArgument(IEnumerable<FlowFinding> findings)
        {
            foreach (var group in findings.GroupBy(f => f.Sink + "|" + FlowFindingSites.KeyOf(f.ReportLocation)))
            {
                // In the order the values are written (an entry point's parameters from the first), each once.
                var values = group
                    .OrderBy(f => f.Fact.Location?.SourceTree?.FilePath, System.StringComparer.Ordinal)
                    .ThenBy(f => f.Fact.Location?.SourceSpan.Start ?? int.MaxValue)
                    .ThenBy(f => f.Fact.Origin, System.StringComparer.Ordinal)
                    .ToList();
                var finding = values[0];
                var additional = new List<Location>();
                foreach (var value in values)
                {
                    if (value.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation && !additional.Contains(source))
                    {
                        additional.Add(source);
                    }
                }

                if (finding.SinkLocation != finding.ReportLocation)
                {
                    additional.Add(finding.SinkLocation);
                }

                var properties = ImmutableDictionary<string, string?>.Empty;
                if (finding.SinkMethod is { } sinkMethod)
                {
                    properties = properties.Add(FindingProperties.SinkMethod, sinkMethod);
                }

                if (!finding.IsInterprocedural && finding.SinkLocation == finding.ReportLocation)
                {
                    properties = properties.Add(DirectSinkProperty, "true");
                }

                var limits = values.Aggregate(FlowLimits.None, (acc, v) => acc | v.Limits);
                if (limits != FlowLimits.None)
                {
                    properties = properties.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(limits));
                }

                yield return new ArgumentFinding(finding, additional, properties, values.Select(v => "'" + v.Fact.Origin + "'").Distinct().ToList());
            }
        }

        public static void Report(ThreatRule rule, FlowContext context, FlowFinding finding)
        {
            var additional = new List<Location>();
            if (finding.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation)
            {
                additional.Add(source);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(OriginProperty, finding.Fact.Origin);
            if (!finding.IsInterprocedural && finding.SinkLocation == finding.ReportLocation)
            {
                properties = properties.Add(SinkHereProperty, "true");
            }

            if (finding.LimitReached)
            {
                properties = properties.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(finding.Limits));
            }

            var element = context.ElementAt(finding.ReportLocation);
            context.Report(rule, finding.ReportLocation, additional, element, properties, MessageArguments(finding, element));
        }

        /// <summary>The operation written at <paramref name="location"/> (a sink's argument, a source), for rules that look closer at a finding.</summary>
        public static IOperation? OperationAt(CompilationAnalysis analysis, Location? location, CancellationToken cancellationToken)
        {
            if (location?.SourceTree is not { } tree || !analysis.Compilation.ContainsSyntaxTree(tree))
            {
                return null;
            }

            var node = tree.GetRoot(cancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            return analysis.Flow.SemanticModelFor(tree).GetOperation(node, cancellationToken);
        }
    }

    /// <summary>One sink argument's findings: the first, where the others and the sink are, the properties, and every value named.</summary>
    internal sealed record ArgumentFinding(FlowFinding First, List<Location> Additional, ImmutableDictionary<string, string?> Properties, List<string> Origins);
}
