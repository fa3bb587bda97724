using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using CsCheck;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>
    /// Random threat models whose user-given text (system, boundary, element and role names, justifications, owners,
    /// messages, paths) is anything at all, and whose structure is what the model analyzer and the join make: boundary ids are
    /// the slugs of their names (two names can share one), element ids are unique, flows and threats point at elements,
    /// enums hold their values, rules come from the catalog.
    /// </summary>
    internal static class AdversarialModels
    {
        /// <summary>Strings that have broken, or could break, one of the four formats.</summary>
        public static readonly string[] Nasty =
        {
            "", " ", "   ", "\t", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029", "\u00A0", "\u200B", "\uFEFF", "\u202E",
            "end", "subgraph", "graph", "flowchart", "direction", "style", "classDef", "click", "default", "call",
            "-->", "---", "==>", "-.->", "--o", "--x", "&", ":::", ";", "|", "||", "\\", "\\|", "\\\\|",
            "\"", "'", "`", "```", "``", "[", "]", "(", ")", "{", "}", "<", ">", "[[", "]]", "((", "))", "[(", ")]", "([", "])", ">]", "{{", "}}",
            "#", "#quot;", "#35;", "#amp;", "&amp;", "&lt;", "&#35;", "%", "%%", "%% comment", "%%{init: {'securityLevel':'loose'}}%%", "%%{wrap}%%",
            "<b>bold</b>", "<script>alert(1)</script>", "<br/>", "<!--", "-->", "<img src=x onerror=alert(1)>", "</table>",
            "*", "_", "~~", "**", "[x](javascript:alert(1))", "![x](y)", "<https://x.invalid>", "# heading", "- item", "> quote", "---\ntitle: x\n---",
            "😀", "👩‍💻", "\uD83D", "\uDE00", "e\u0301", "中文", "עברית",
            "\u0000", "\u0001", "\u0007", "\u0008", "\u000B", "\u000C", "\u001B", "\u007F", "\u009F",
            "null", "NaN", "true", "0", "-1", "$ref", "__proto__", "constructor",
        };

        private static readonly Gen<string> Fragment = Gen.Frequency(
            (6, Gen.OneOf(Nasty)),
            (3, Gen.OneOf("Customer database", "Payment provider", "GET /customers/{id}", "Internet", "Clinic", "Team Portal", "Api/Patients.cs", "x")),
            (2, Gen.String[Gen.Char, 0, 8]),
            (1, Gen.String[Gen.Char["\"\\|`#%&<>[](){}\n\r;:-"], 1, 6]),
            (1, Gen.Int[200, 6000].Select(n => new string('x', n))));

        /// <summary>Any text a user can put in an annotation, a route or a file name.</summary>
        public static readonly Gen<string> Text = Fragment.List[0, 4].Select(parts => string.Concat(parts));

        /// <summary>A relative path as the model keeps it: '/'-separated segments of any text.</summary>
        public static readonly Gen<string> PathText = Text.List[1, 3].Select(parts => string.Join("/", parts));

        private static readonly Gen<SourceLocation> Location = Gen.Select(PathText, Gen.Frequency((4, Gen.Int[1, 500]), (1, Gen.Int[1, int.MaxValue])), (path, line) => new SourceLocation(path, line));

        private static readonly string[] Categories =
        {
            RuleCategories.Spoofing, RuleCategories.Tampering, RuleCategories.Repudiation,
            RuleCategories.InformationDisclosure, RuleCategories.DenialOfService, RuleCategories.ElevationOfPrivilege,
        };

        private static readonly string[] AllControls =
        {
            Controls.Authenticated, Controls.PublicByDesign, Controls.Roles, Controls.Validated,
            Controls.Audited, Controls.RateLimited, Controls.EncryptedAtRest, Controls.EncryptedInTransit,
        };

        private static readonly string[] Risks = { RuleRisks.Critical, RuleRisks.High, RuleRisks.Medium, RuleRisks.Low };

        private static readonly string[] Statuses = { ThreatStatuses.Open, ThreatStatuses.Mitigated, ThreatStatuses.Accepted, ThreatStatuses.Suppressed };

        private static Gen<EquatableArray<string>> Subset(string[] items)
            => Gen.Bool.Array[items.Length].Select(take => Array(items.Where((_, i) => take[i])));

        private static Gen<EquatableArray<string>> DistinctTexts(int max)
            => Text.List[0, max].Select(items => Array(items.Distinct(System.StringComparer.Ordinal).OrderBy(s => s, System.StringComparer.Ordinal)));

        private static readonly Gen<(string? Justification, string? Owner, string? Expires)> Review =
            Gen.Select(Text.Null(0.3), Text.Null(0.5), Gen.Frequency((3, Gen.OneOf<string?>(null, "2027-01-31", "31/01/2027")), (1, Text.Null(0.1))), (j, o, e) => (j, o, (string?)e));

        public static readonly Gen<ThreatModel> Model =
            from system in Text
            from boundaryNames in Text.List[1, 4]
            from elementCount in Gen.Int[0, 6]
            from elementTexts in Gen.Select(Text, Text, Gen.Int[0, 100], Gen.Int[0, 2], Location.Null(0.3), DistinctTexts(3), Gen.Bool,
                (id, name, boundary, kind, location, roles, isLog) => (Id: id, Name: name, Boundary: boundary, Kind: kind, Location: location, Roles: roles, IsLog: isLog)).List[elementCount]
            from elementClasses in Subset(new[] { DataClasses.Pii, DataClasses.Secrets }).List[elementCount]
            from elementControls in Subset(AllControls).List[elementCount]
            from applicable in Subset(Categories).List[elementCount]
            from addressedPick in Gen.Bool.Array[Categories.Length].List[elementCount]
            from flowPicks in Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], Subset(new[] { DataClasses.Pii, DataClasses.Secrets }), Gen.Int[-1, 5],
                (source, target, classes, crosses) => (From: source, To: target, Classes: classes, Crosses: crosses)).List[0, 8]
            from threatPicks in Gen.Select(Gen.Int[0, 1000], Gen.Int[0, 1000], Gen.Int[0, 5], Gen.Int[0, 3], Gen.Int[0, 5], Location.Null(0.3), Text, Review, Location.List[0, 3], Gen.Bool, Text,
                (element, rule, risk, status, category, location, message, review, related, limit, id) =>
                    (Element: element, Rule: rule, Risk: risk, Status: status, Category: category, Location: location, Message: message, Review: review, Related: related, Limit: limit, Id: id)).List[0, 6]
            from evaluated in Gen.Bool.Array[8]
            from complete in Gen.Bool
            select Build(system, boundaryNames, elementTexts, elementClasses, elementControls, applicable, addressedPick, flowPicks, threatPicks, evaluated, complete);

        private static ThreatModel Build(
            string system,
            List<string> boundaryNames,
            List<(string Id, string Name, int Boundary, int Kind, SourceLocation? Location, EquatableArray<string> Roles, bool IsLog)> elementTexts,
            List<EquatableArray<string>> elementClasses,
            List<EquatableArray<string>> elementControls,
            List<EquatableArray<string>> applicable,
            List<bool[]> addressedPick,
            List<(int From, int To, EquatableArray<string> Classes, int Crosses)> flowPicks,
            List<(int Element, int Rule, int Risk, int Status, int Category, SourceLocation? Location, string Message, (string? Justification, string? Owner, string? Expires) Review, List<SourceLocation> Related, bool Limit, string Id)> threatPicks,
            bool[] evaluated,
            bool complete)
        {
            // As ModelBuilder makes them: one boundary per distinct name, its id the name's slug (two names can share one), in id order.
            var boundaries = boundaryNames.Distinct(System.StringComparer.Ordinal).Select(name => new Boundary(ModelText.Slug(name), name))
                .OrderBy(b => b.Id, System.StringComparer.Ordinal).ToList();
            var kinds = new[] { ElementKinds.ExternalEntity, ElementKinds.Process, ElementKinds.DataStore };
            var elements = new List<Element>();
            for (var i = 0; i < elementTexts.Count; i++)
            {
                var t = elementTexts[i];
                var id = t.IsLog && elements.All(e => e.Id != ModelText.LogsElementId) ? ModelText.LogsElementId : t.Id + "@" + i;
                var controls = elementControls[i];
                var stride = new Stride(applicable[i], Array(applicable[i].Where((c, k) => addressedPick[i][k % addressedPick[i].Length])));
                elements.Add(new Element(id, t.Name, id == ModelText.LogsElementId ? ElementKinds.DataStore : kinds[t.Kind], boundaries[t.Boundary % boundaries.Count].Id,
                    t.Location, elementClasses[i], controls, controls.Contains(Controls.Roles) ? t.Roles : EquatableArray<string>.Empty, stride));
            }

            var flows = new List<Flow>();
            if (elements.Count > 0)
            {
                foreach (var (from, to, classes, crosses) in flowPicks)
                {
                    var source = elements[from % elements.Count].Id;
                    var target = elements[to % elements.Count].Id;
                    var id = source + "->" + target;
                    if (flows.All(f => f.Id != id))
                    {
                        flows.Add(new Flow(id, source, target, classes, crosses < 0 ? null : boundaries[crosses % boundaries.Count].Id, EquatableArray<string>.Empty));
                    }
                }
            }

            var catalog = RuleCatalog.All.Where(r => r.IsThreat).ToList();
            var rules = catalog.Select((r, i) => r.ToInfo(evaluated: evaluated[i % evaluated.Length])).ToList();
            var threats = new List<Threat>();
            if (elements.Count > 0)
            {
                for (var i = 0; i < threatPicks.Count; i++)
                {
                    var p = threatPicks[i];
                    var rule = catalog[p.Rule % catalog.Count];
                    var status = Statuses[p.Status];
                    var review = status == ThreatStatuses.Open ? (Justification: (string?)null, Owner: (string?)null, Expires: (string?)null) : p.Review;
                    threats.Add(new Threat(p.Id + "#" + i, rule.Id, rule.Title, Categories[(p.Category + p.Rule) % Categories.Length], Risks[p.Risk % Risks.Length],
                        elements[p.Element % elements.Count].Id, p.Location, p.Message, status,
                        status == ThreatStatuses.Mitigated ? review.Justification ?? string.Empty : review.Justification,
                        status == ThreatStatuses.Accepted ? review.Owner : null, status == ThreatStatuses.Accepted ? review.Expires : null,
                        Array(p.Related), p.Limit, (p.Risk % 3) switch { 0 => EquatableArray<string>.Empty, 1 => Array(DataClasses.Pii), _ => Array(DataClasses.Secrets) }));
                }
            }

            return new ThreatModel(ThreatModel.CurrentSchemaVersion, system, Array(boundaries), Array(elements), Array(flows), Array(threats), Array(rules),
                complete ? ThreatsStates.Complete : ThreatsStates.Unknown);
        }

        /// <summary>A small, complete model with <paramref name="text"/> in every place a user can put text.</summary>
        public static ThreatModel Everywhere(string text)
        {
            var boundaries = new[] { text, "Internet" }.Distinct(System.StringComparer.Ordinal).Select(n => new Boundary(ModelText.Slug(n), n))
                .OrderBy(b => b.Id, System.StringComparer.Ordinal).ToList();
            var mine = boundaries.First(b => b.Name == text).Id;
            var location = new SourceLocation(text + "/" + text + ".cs", 7);
            var stride = new Stride(Array(RuleCategories.Spoofing, RuleCategories.Tampering), Array(RuleCategories.Spoofing));
            var elements = new List<Element>
            {
                new("client:" + text, text, ElementKinds.ExternalEntity, "internet", null, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, stride),
                new("process:" + text, text, ElementKinds.Process, mine, location, Array(DataClasses.Pii), Array(Controls.Roles, Controls.Authenticated),
                    Array(new[] { text, "Admin" }.Distinct(System.StringComparer.Ordinal).OrderBy(s => s, System.StringComparer.Ordinal)), stride),
                new("store:" + text, text, ElementKinds.DataStore, mine, location, Array(DataClasses.Pii, DataClasses.Secrets), EquatableArray<string>.Empty, EquatableArray<string>.Empty, stride),
                new(ModelText.LogsElementId, text, ElementKinds.DataStore, mine, null, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, stride),
            };
            var flows = new List<Flow>
            {
                new("client->process", elements[0].Id, elements[1].Id, Array(DataClasses.Pii), "internet", EquatableArray<string>.Empty),
                new("process->store", elements[1].Id, elements[2].Id, Array(DataClasses.Pii, DataClasses.Secrets), null, EquatableArray<string>.Empty),
                new("process->logs", elements[1].Id, elements[3].Id, Array(DataClasses.Secrets), mine == "internet" ? null : mine, EquatableArray<string>.Empty),
            };
            var catalog = RuleCatalog.All.Where(r => r.IsThreat).ToList();
            var threats = Statuses.Select((status, i) => new Threat(
                "threat:" + text + "#" + i, catalog[i % catalog.Count].Id, catalog[i % catalog.Count].Title, catalog[i % catalog.Count].Category, RuleRisks.High,
                elements[1 + (i % 3)].Id, i == 3 ? null : location, text, status,
                status == ThreatStatuses.Open ? null : text, status == ThreatStatuses.Accepted ? text : null, status == ThreatStatuses.Accepted ? text : null,
                Array(location, new SourceLocation(text, 1)), i % 2 == 0, i % 2 == 0 ? Array(DataClasses.Pii) : EquatableArray<string>.Empty)).ToList();
            return new ThreatModel(ThreatModel.CurrentSchemaVersion, text, Array(boundaries), Array(elements), Array(flows), Array(threats),
                Array(catalog.Select((r, i) => r.ToInfo(evaluated: i != 1))), ThreatsStates.Complete);
        }

        private static EquatableArray<T> Array<T>(IEnumerable<T> items)
            where T : System.IEquatable<T>
            => new(items.ToImmutableArray());

        private static EquatableArray<T> Array<T>(params T[] items)
            where T : System.IEquatable<T>
            => new(items.ToImmutableArray());
    }
}
