using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// Joins the model the model analyzer drew from declarations and code with what the compiler reported: the threats are exactly
    /// the threat diagnostics of this compilation, each with its state; what a flow rule found (personal data reaching a
    /// log) goes on the flows whose code it was found in. Pure and deterministic: the build step and the tests both use it.
    /// </summary>
    internal static class ModelJoin
    {
        /// <param name="generated">The model analyzer's model (no threats yet).</param>
        /// <param name="findings">The threat diagnostics the compiler reported, or null when the analyzers did not run or their results could not be read: the threats are then unknown, not zero.</param>
        /// <param name="projectDirectory">Paths under it become relative to it.</param>
        public static ThreatModel Join(ThreatModel generated, IReadOnlyList<ReportedFinding>? findings, string? projectDirectory)
        {
            if (findings is null)
            {
                return generated with { Threats = EquatableArray<Threat>.Empty, ThreatsState = ThreatsStates.Unknown };
            }

            var rules = generated.Rules.ToDictionary(r => r.Id, StringComparer.Ordinal);
            var elements = generated.Elements.ToDictionary(e => e.Id, StringComparer.Ordinal);
            var flows = generated.Flows.ToDictionary(f => f.Id, StringComparer.Ordinal);
            var systemBoundary = ModelText.Slug(generated.System);
            var drafts = new List<(string BaseId, Threat Threat)>();

            foreach (var finding in findings)
            {
                if (!rules.TryGetValue(finding.RuleId, out var rule))
                {
                    continue;
                }

                var elementId = string.IsNullOrWhiteSpace(finding.Element) ? "system:" + systemBoundary : finding.Element!;
                if (!elements.ContainsKey(elementId))
                {
                    // The rule saw an element the declarations did not show (e.g. a log written only through a helper the model's reading cannot resolve).
                    var kind = finding.ElementKind ?? ElementKinds.Process;
                    elements[elementId] = new Element(
                        elementId,
                        string.IsNullOrWhiteSpace(finding.ElementName) ? elementId : finding.ElementName!,
                        kind,
                        systemBoundary,
                        Location: null,
                        EquatableArray<string>.Empty,
                        EquatableArray<string>.Empty,
                        EquatableArray<string>.Empty,
                        new Stride(StridePerElement.ApplicableTo(kind, ModelText.IsLogs(elementId)).ToSortedSet(), EquatableArray<string>.Empty));
                }

                var location = ModelText.Relative(finding.Location, projectDirectory);
                var status = finding.Status switch
                {
                    ThreatStatuses.Mitigated => ThreatStatuses.Mitigated,
                    ThreatStatuses.Accepted => ThreatStatuses.Accepted,
                    _ => finding.SuppressedBy is null ? ThreatStatuses.Open : ThreatStatuses.Suppressed,
                };

                var where = location is null ? string.Empty : "@" + location.Path + ":" + location.Line.ToString(CultureInfo.InvariantCulture);
                drafts.Add((rule.Id + ":" + elementId + where, new Threat(
                    Id: string.Empty,
                    rule.Id,
                    rule.Title,
                    rule.Category,
                    rule.Risk,
                    elementId,
                    location,
                    finding.Message,
                    status,
                    status == ThreatStatuses.Open ? null : Trimmed(finding.Justification),
                    status == ThreatStatuses.Accepted ? Trimmed(finding.Owner) : null,
                    status == ThreatStatuses.Accepted ? Trimmed(finding.Expires) : null,
                    finding.Related.Select(l => ModelText.Relative(l, projectDirectory)).OfType<SourceLocation>().ToEquatableArray(),
                    !string.IsNullOrEmpty(finding.LimitReached),
                    finding.DataClasses.ToSortedSet())));

                if (finding.DataClasses.Count > 0)
                {
                    Carry(finding, elementId, elements, flows);
                }
            }

            // Ids: rule, element and place; findings on one line told apart by their messages, in a fixed order.
            var threats = new List<Threat>();
            foreach (var group in drafts.GroupBy(d => d.BaseId, StringComparer.Ordinal))
            {
                var ordered = group.OrderBy(d => d.Threat.Message, StringComparer.Ordinal).ThenBy(d => d.Threat.Status, StringComparer.Ordinal).ToList();
                for (var i = 0; i < ordered.Count; i++)
                {
                    var id = i == 0 ? group.Key : group.Key + "#" + (i + 1).ToString(CultureInfo.InvariantCulture);
                    threats.Add(ordered[i].Threat with { Id = id });
                }
            }

            var threatList = threats.OrderBy(t => t.Id, StringComparer.Ordinal).ToEquatableArray();
            var elementList = elements.Values
                .Select(e => Addressed(e, threatList))
                .OrderBy(e => e.Id, StringComparer.Ordinal)
                .ToEquatableArray();
            var boundaries = generated.Boundaries.Any(b => b.Id == systemBoundary) || elementList.All(e => e.Boundary != systemBoundary)
                ? generated.Boundaries
                : generated.Boundaries.Concat(new[] { new Boundary(systemBoundary, generated.System) }).OrderBy(b => b.Id, StringComparer.Ordinal).ToEquatableArray();

            // Files where a rule is switched off are named like every other path: relative to the project.
            var rulesOut = generated.Rules
                .Select(r => r.NotEvaluatedIn.Count == 0 ? r : r with
                {
                    NotEvaluatedIn = r.NotEvaluatedIn.Select(p => ModelText.Relative(new SourceLocation(p, 1), projectDirectory)!.Path).ToSortedSet(),
                })
                .ToEquatableArray();

            return generated with
            {
                Rules = rulesOut,
                Boundaries = boundaries,
                Elements = elementList,
                Flows = flows.Values.OrderBy(f => f.Id, StringComparer.Ordinal).ToEquatableArray(),
                Threats = threatList,
                ThreatsState = ThreatsStates.Complete,
            };
        }

        /// <summary>
        /// The classes of data a flow finding is about travel on the flows into its element that the sink's method makes
        /// happen (or, when the finding does not name that method, on every flow into the element), and concern both ends.
        /// </summary>
        private static void Carry(ReportedFinding finding, string elementId, Dictionary<string, Element> elements, Dictionary<string, Flow> flows)
        {
            foreach (var flow in flows.Values.Where(f => f.To == elementId).ToList())
            {
                if (finding.SinkMethod is { } method && !flow.Via.Contains(method))
                {
                    continue;
                }

                flows[flow.Id] = flow with { DataClasses = flow.DataClasses.Concat(finding.DataClasses).ToSortedSet() };
                if (elements.TryGetValue(flow.From, out var origin))
                {
                    elements[flow.From] = origin with { DataClasses = origin.DataClasses.Concat(finding.DataClasses).ToSortedSet() };
                }
            }

            var element = elements[elementId];
            elements[elementId] = element with { DataClasses = element.DataClasses.Concat(finding.DataClasses).ToSortedSet() };
        }

        /// <summary>A category is addressed on an element when a control says so or a threat of that category on it is mitigated or accepted.</summary>
        private static Element Addressed(Element element, EquatableArray<Threat> threats)
        {
            var settled = threats
                .Where(t => t.Element == element.Id && (t.Status == ThreatStatuses.Mitigated || t.Status == ThreatStatuses.Accepted))
                .Select(t => t.Category)
                .Where(c => element.Stride.Applicable.Contains(c))
                .ToList();
            return settled.Count == 0
                ? element
                : element with { Stride = element.Stride with { Addressed = element.Stride.Addressed.Concat(settled).ToSortedSet() } };
        }

        private static string? Trimmed(string? text) => string.IsNullOrWhiteSpace(text) ? null : text!.Trim();
    }
}
