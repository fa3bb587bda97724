using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Tool
{
    /// <summary>A flow and the data classes it carries now and did not before.</summary>
    internal sealed record FlowDataChange(Flow Flow, IReadOnlyList<string> NewDataClasses);

    /// <summary>An element present in both models whose controls changed.</summary>
    internal sealed record ControlChange(Element Element, IReadOnlyList<string> Removed, IReadOnlyList<string> Added);

    /// <summary>An accepted risk whose acceptance ends within the window (negative days: already expired).</summary>
    internal sealed record ExpiringAcceptance(Threat Threat, DateTime Expires, int DaysLeft);

    /// <summary>
    /// What changed between two threat models of one system, in the architecture and in its risks. Every list is in a
    /// fixed order (by id, ordinal), so the same two files always give the same diff.
    /// </summary>
    internal sealed record ModelDiff(
        string System,
        ThreatModel Base,
        ThreatModel Head,
        IReadOnlyList<Element> AddedElements,
        IReadOnlyList<Element> RemovedElements,
        IReadOnlyList<Boundary> AddedBoundaries,
        IReadOnlyList<Boundary> RemovedBoundaries,
        IReadOnlyList<Flow> AddedCrossingFlows,
        IReadOnlyList<Flow> RemovedCrossingFlows,
        IReadOnlyList<FlowDataChange> DataNewlyOnFlows,
        IReadOnlyList<ControlChange> ControlChanges,
        IReadOnlyList<Threat> Opened,
        IReadOnlyList<Threat> Closed,
        IReadOnlyList<Threat> NewlyMitigated,
        IReadOnlyList<Threat> NewlyAccepted,
        IReadOnlyList<ExpiringAcceptance> Expiring,
        int ExpiringWithinDays,
        DateTime Today)
    {
        public bool IsEmpty => AddedElements.Count + RemovedElements.Count + AddedBoundaries.Count + RemovedBoundaries.Count
                               + AddedCrossingFlows.Count + RemovedCrossingFlows.Count + DataNewlyOnFlows.Count + ControlChanges.Count
                               + Opened.Count + Closed.Count + NewlyMitigated.Count + NewlyAccepted.Count + Expiring.Count == 0
                               && Base.ThreatsState == ThreatsStates.Complete && Head.ThreatsState == ThreatsStates.Complete;

        /// <summary>The name of an element of either model, for flows and threats.</summary>
        public string NameOf(string elementId)
            => Head.Elements.FirstOrDefault(e => e.Id == elementId)?.Name ?? Base.Elements.FirstOrDefault(e => e.Id == elementId)?.Name ?? elementId;

        public string BoundaryName(string boundaryId)
            => Head.Boundaries.FirstOrDefault(b => b.Id == boundaryId)?.Name ?? Base.Boundaries.FirstOrDefault(b => b.Id == boundaryId)?.Name ?? boundaryId;

        /// <exception cref="ModelFileException">The two files are models of different systems.</exception>
        public static ModelDiff Compute(ThreatModel baseModel, string basePath, ThreatModel head, string headPath, DateTime today, int expiringWithinDays)
        {
            if (!string.Equals(baseModel.System, head.System, StringComparison.Ordinal))
            {
                throw new ModelFileException(headPath, "is a model of system '" + head.System + "', but " + basePath + " is one of '" + baseModel.System + "': diff compares two versions of one system");
            }

            var baseElements = baseModel.Elements.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var headElements = head.Elements.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var baseBoundaries = new HashSet<string>(baseModel.Boundaries.Select(b => b.Id), StringComparer.Ordinal);
            var headBoundaries = new HashSet<string>(head.Boundaries.Select(b => b.Id), StringComparer.Ordinal);
            var baseFlows = baseModel.Flows.GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var headFlows = head.Flows.GroupBy(f => f.Id).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

            var controlChanges = head.Elements
                .Where(e => baseElements.ContainsKey(e.Id))
                .Select(e => new ControlChange(
                    e,
                    baseElements[e.Id].Controls.Except(e.Controls).OrderBy(c => c, StringComparer.Ordinal).ToList(),
                    e.Controls.Except(baseElements[e.Id].Controls).OrderBy(c => c, StringComparer.Ordinal).ToList()))
                .Where(c => c.Removed.Count + c.Added.Count > 0)
                .OrderBy(c => c.Element.Id, StringComparer.Ordinal)
                .ToList();

            var dataNewlyOnFlows = head.Flows
                .Select(f => new FlowDataChange(f, f.DataClasses.Except(baseFlows.TryGetValue(f.Id, out var before) ? before.DataClasses : EquatableArray<string>.Empty).OrderBy(c => c, StringComparer.Ordinal).ToList()))
                .Where(c => c.NewDataClasses.Count > 0)
                .OrderBy(c => c.Flow.Id, StringComparer.Ordinal)
                .ToList();

            var before = new ThreatMatcher(baseModel.Threats);
            var after = new ThreatMatcher(head.Threats);
            var changed = head.Threats.Select(t => (Head: t, Base: before.Find(t))).ToList();
            var expiring = head.Threats
                .Where(t => t.Status == ThreatStatuses.Accepted && t.Expires is not null)
                .Select(t => (Threat: t, Parsed: DateTime.TryParseExact(t.Expires, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : (DateTime?)null))
                .Where(x => x.Parsed is not null && (x.Parsed.Value - today.Date).Days <= expiringWithinDays)
                .Select(x => new ExpiringAcceptance(x.Threat, x.Parsed!.Value, (x.Parsed.Value - today.Date).Days))
                .OrderBy(x => x.Expires).ThenBy(x => x.Threat.Id, StringComparer.Ordinal)
                .ToList();

            return new ModelDiff(
                head.System,
                baseModel,
                head,
                ById(head.Elements.Where(e => !baseElements.ContainsKey(e.Id)), e => e.Id),
                ById(baseModel.Elements.Where(e => !headElements.ContainsKey(e.Id)), e => e.Id),
                ById(head.Boundaries.Where(b => !baseBoundaries.Contains(b.Id)), b => b.Id),
                ById(baseModel.Boundaries.Where(b => !headBoundaries.Contains(b.Id)), b => b.Id),
                ById(head.Flows.Where(f => f.CrossesBoundary is not null && !baseFlows.ContainsKey(f.Id)), f => f.Id),
                ById(baseModel.Flows.Where(f => f.CrossesBoundary is not null && !headFlows.ContainsKey(f.Id)), f => f.Id),
                dataNewlyOnFlows,
                controlChanges,
                BySeverity(changed.Where(c => c.Head.Status == ThreatStatuses.Open && c.Base?.Status != ThreatStatuses.Open).Select(c => c.Head)),
                BySeverity(baseModel.Threats.Where(t => t.Status == ThreatStatuses.Open && after.Find(t) is null)),
                BySeverity(changed.Where(c => c.Head.Status == ThreatStatuses.Mitigated && c.Base?.Status != ThreatStatuses.Mitigated).Select(c => c.Head)),
                BySeverity(changed.Where(c => c.Head.Status == ThreatStatuses.Accepted && c.Base?.Status != ThreatStatuses.Accepted).Select(c => c.Head)),
                expiring,
                expiringWithinDays,
                today.Date);
        }

        private static List<T> ById<T>(IEnumerable<T> items, Func<T, string> id) => items.OrderBy(id, StringComparer.Ordinal).ToList();

        private static List<Threat> BySeverity(IEnumerable<Threat> threats)
            => threats.OrderByDescending(t => Gate.Rank(t.Severity)).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
    }
}
