using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Tool
{
    /// <summary>What a build may not ship: every open threat, or only those the baseline did not have.</summary>
    internal enum FailOn
    {
        Open,
        New,
    }

    /// <summary>
    /// The gate: which threats fail a policy. A threat fails when it is open, at or above the minimum severity, and (with
    /// --fail-on new) not open in the baseline. Mitigated, accepted and suppressed threats never fail it: the review
    /// annotations are how a team passes the gate. Threats the build could not establish (threatsState unknown) fail it:
    /// an empty list there means "not evaluated", not "safe".
    /// </summary>
    internal static class Gate
    {
        public static readonly string[] Severities = { RuleRisks.Low, RuleRisks.Medium, RuleRisks.High, RuleRisks.Critical };

        public static int Rank(string severity) => Array.IndexOf(Severities, severity) is var i and >= 0 ? i : 0;

        public static IReadOnlyList<Threat> Failing(ThreatModel model, ThreatModel? baseline, FailOn failOn, string minSeverity)
        {
            var minimum = Rank(minSeverity);
            var open = model.Threats.Where(t => t.Status == ThreatStatuses.Open && Rank(t.Severity) >= minimum);
            if (failOn == FailOn.New && baseline is not null)
            {
                var before = new ThreatMatcher(baseline.Threats.Where(t => t.Status == ThreatStatuses.Open));
                open = open.Where(t => before.Find(t) is null);
            }

            return open.OrderByDescending(t => Rank(t.Severity)).ThenBy(t => t.Id, StringComparer.Ordinal).ToList();
        }

        public static int Run(Terminal terminal, string modelPath, ThreatModel model, ThreatModel? baseline, FailOn failOn, string minSeverity)
        {
            var policy = (failOn == FailOn.New ? "new open threats" : "open threats") + " of severity " + minSeverity + (minSeverity == RuleRisks.Critical ? string.Empty : " or above");
            if (terminal.Interactive)
            {
                Summary(terminal, model);
            }

            if (model.ThreatsState != ThreatsStates.Complete)
            {
                terminal.Line(terminal.Red("FAIL") + " " + model.System + ": the threats of this build are unknown (threatsState " + model.ThreatsState + "): the analyzers did not run or their results could not be read, so the gate cannot pass.");
                return 1;
            }

            var failing = Failing(model, baseline, failOn, minSeverity);
            if (failing.Count == 0)
            {
                terminal.Line(terminal.Green("PASS") + " " + model.System + ": no " + policy + " (" + Count(model.Threats.Count(t => t.Status == ThreatStatuses.Open), "open threat") + " in all).");
                return 0;
            }

            var names = model.Elements.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.First().Name);
            var help = model.Rules.GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.First().HelpUri);
            terminal.Line(terminal.Red("FAIL") + " " + model.System + ": " + Count(failing.Count, "threat") + " fail the policy (fail on " + policy + ").");
            foreach (var threat in failing)
            {
                terminal.Line();
                terminal.Line(terminal.Severity(threat.Severity, threat.RuleId + " " + threat.Severity) + "  " + terminal.Bold(threat.Title) + "  " + threat.Id);
                terminal.Line("  element: " + (names.TryGetValue(threat.Element, out var name) ? name + " (" + threat.Element + ")" : threat.Element));
                terminal.Line("  at: " + (threat.Location is null ? "(no location)" : threat.Location.Path + ":" + threat.Location.Line.ToString(CultureInfo.InvariantCulture)));
                terminal.Line("  " + threat.Message);
                terminal.Line("  mitigate: fix the code" + (help.TryGetValue(threat.RuleId, out var uri) ? " (" + uri + ")" : string.Empty) + ", or mark the control that addresses it: [Mitigates(\"" + threat.RuleId + "\", \"how it is mitigated\")]");
                terminal.Line("  accept:   [AcceptsRisk(\"" + threat.RuleId + "\", \"why the risk is acceptable\", Owner = \"team\", Expires = \"yyyy-MM-dd\")] on the code of the element");
            }

            return 1;
        }

        /// <summary>Threats by severity and status: the table a person at a terminal sees first.</summary>
        public static void Summary(Terminal terminal, ThreatModel model)
        {
            var statuses = new[] { ThreatStatuses.Open, ThreatStatuses.Mitigated, ThreatStatuses.Accepted, ThreatStatuses.Suppressed };
            var rows = Severities.Reverse()
                .Select(s => (IReadOnlyList<string>)new[] { s }.Concat(statuses.Select(st => model.Threats.Count(t => t.Severity == s && t.Status == st).ToString(CultureInfo.InvariantCulture))).ToList())
                .ToList();
            terminal.Table(new[] { "severity" }.Concat(statuses).ToList(), rows);
        }

        public static string Count(int n, string noun) => n.ToString(CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
    }

    /// <summary>
    /// Finds a threat of one model in another. A threat's id holds its file and line, so an edit above it moves it: the
    /// same rule on the same element with the same message is the same threat.
    /// </summary>
    internal sealed class ThreatMatcher
    {
        private readonly Dictionary<string, Threat> byId = new(StringComparer.Ordinal);
        private readonly Dictionary<(string, string, string), Threat> byMeaning = new();

        public ThreatMatcher(IEnumerable<Threat> threats)
        {
            foreach (var threat in threats)
            {
                byId.TryAdd(threat.Id, threat);
                byMeaning.TryAdd((threat.RuleId, threat.Element, threat.Message), threat);
            }
        }

        public Threat? Find(Threat threat)
            => byId.TryGetValue(threat.Id, out var same) ? same
             : byMeaning.TryGetValue((threat.RuleId, threat.Element, threat.Message), out var moved) ? moved
             : null;
    }
}
