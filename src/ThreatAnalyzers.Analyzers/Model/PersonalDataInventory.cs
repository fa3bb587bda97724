using System;
using System.Collections.Generic;
using System.Linq;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// The personal-data inventory (the record of processing GDPR Article 30 asks for, derived from the code): per class of
    /// data, every element that receives, stores, logs or sends it, with its encryption, authentication and audit state.
    /// Read from the joined model only — the flows and data classes the model analyzer drew, the controls the annotations
    /// declared, and the threats the build reported — never from code, so it says no more than the build did. The
    /// renderers (JSON, Markdown, Threat Dragon) all write this one value.
    /// </summary>
    internal static class PersonalDataInventory
    {
        /// <summary>What the rules that establish each state are; the inventory keys on their IDs in the model's threats.</summary>
        private static readonly string[] AtRestRules = { RuleIdentifiers.SensitiveDataStoredWithoutEncryption };
        private static readonly string[] InTransitRules = { RuleIdentifiers.SensitiveDataSentWithoutEncryption };
        private static readonly string[] AuthenticationRules = { RuleIdentifiers.SensitiveDataServedWithoutAuthentication, RuleIdentifiers.UnauthenticatedEntryPoint };
        private static readonly string[] AuditRules = { RuleIdentifiers.StateChangeWithoutAuditTrail };

        /// <summary>The rules whose threats on an element of the inventory concern the personal data or secrets it handles.</summary>
        internal static readonly string[] Rules =
        {
            RuleIdentifiers.UnauthenticatedEntryPoint,
            RuleIdentifiers.StateChangeWithoutAuditTrail,
            RuleIdentifiers.SensitiveDataWrittenToLog,
            RuleIdentifiers.SensitiveDataSentWithoutEncryption,
            RuleIdentifiers.SensitiveDataStoredWithoutEncryption,
            RuleIdentifiers.SensitiveDataServedWithoutAuthentication,
            RuleIdentifiers.SensitiveMemberPrintedByToString,
            RuleIdentifiers.WeakCryptography,
            RuleIdentifiers.SecretReturnedToCaller,
        };

        /// <summary>
        /// The inventory of a (joined) model: one entry per data class the model's flows or elements carry, in class order;
        /// in each, the data stores, the logs, the services the code calls, the callers and the processes, each group in the
        /// model's order of elements (by id).
        /// </summary>
        public static EquatableArray<InventoryClass> Of(ThreatModel model)
        {
            var classes = model.Flows.SelectMany(f => f.DataClasses).Concat(model.Elements.SelectMany(e => e.DataClasses))
                .Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();
            if (classes.Count == 0)
            {
                return EquatableArray<InventoryClass>.Empty;
            }

            // A rule switched off in some files may have stayed silent on a finding there, wherever the element is drawn.
            var evaluated = new HashSet<string>(
                model.ThreatsState == ThreatsStates.Complete ? model.Rules.Where(r => r.Evaluated && r.NotEvaluatedIn.Count == 0).Select(r => r.Id) : Enumerable.Empty<string>(),
                StringComparer.Ordinal);
            var threatsByElement = model.Threats
                .Where(t => Array.IndexOf(Rules, t.RuleId) >= 0)
                .GroupBy(t => t.Element, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
            var result = new List<InventoryClass>(classes.Count);
            foreach (var dataClass in classes)
            {
                var carrying = model.Flows.Where(f => f.DataClasses.Contains(dataClass)).ToList();
                var into = new HashSet<string>(carrying.Select(f => f.To), StringComparer.Ordinal);
                var outOf = new HashSet<string>(carrying.Select(f => f.From), StringComparer.Ordinal);
                var entries = new List<(Element Element, InventoryEntry Entry)>();
                foreach (var element in model.Elements)
                {
                    var roles = RolesOf(element, into.Contains(element.Id), outOf.Contains(element.Id), element.DataClasses.Contains(dataClass));
                    if (roles.Count == 0)
                    {
                        continue;
                    }

                    var threats = threatsByElement.TryGetValue(element.Id, out var list)
                        ? list.Where(t => t.DataClasses.Count == 0 || t.DataClasses.Contains(dataClass)).ToList()
                        : new List<Threat>();
                    entries.Add((element, Entry(evaluated, element, roles, threats)));
                }

                result.Add(new InventoryClass(
                    dataClass,
                    entries.OrderBy(e => KindOrder(e.Element)).Select(e => e.Entry).ToEquatableArray()));
            }

            return result.ToEquatableArray();
        }

        private static EquatableArray<string> RolesOf(Element element, bool receives, bool sends, bool declared)
        {
            if (!receives && !sends && !declared)
            {
                return EquatableArray<string>.Empty;
            }

            if (ModelText.IsLogs(element.Id))
            {
                return new[] { InventoryRoles.Logs }.ToEquatableArray();
            }

            if (element.Kind == ElementKinds.DataStore)
            {
                return new[] { InventoryRoles.Stores }.ToEquatableArray();
            }

            var roles = new List<string>(2);
            if (receives)
            {
                roles.Add(InventoryRoles.Receives);
            }

            if (sends)
            {
                roles.Add(InventoryRoles.Sends);
            }

            if (roles.Count == 0)
            {
                roles.Add(InventoryRoles.Handles);
            }

            return roles.ToEquatableArray();
        }

        private static InventoryEntry Entry(HashSet<string> evaluated, Element element, EquatableArray<string> roles, List<Threat> threats)
        {
            var isLogs = ModelText.IsLogs(element.Id);
            var isStore = element.Kind == ElementKinds.DataStore && !isLogs;
            var isProcess = element.Kind == ElementKinds.Process;
            var isService = element.Kind == ElementKinds.ExternalEntity && !ModelText.IsClient(element.Id);
            return new InventoryEntry(
                element.Id,
                roles,
                EncryptionAtRest: isStore ? Aspect(evaluated, element, Controls.EncryptedAtRest, AtRestRules, threats) : null,
                EncryptionInTransit: isStore || isService ? Aspect(evaluated, element, Controls.EncryptedInTransit, InTransitRules, threats) : null,
                Authentication: isProcess ? Authentication(element, threats) : null,
                Audit: isProcess ? Aspect(evaluated, element, Controls.Audited, AuditRules, threats)
                     : isStore ? Aspect(evaluated, element, Controls.Audited, Array.Empty<string>(), threats)
                     : null,
                threats.Select(t => t.Id).OrderBy(id => id, StringComparer.Ordinal).ToEquatableArray());
        }

        /// <summary>
        /// A finding of the aspect's rules wins (the build reported the state); else the declared control; else what the rules'
        /// silence means: nothing found where they ran, unknown where they did not.
        /// </summary>
        /// <param name="evaluated">The rules that ran on every file of this build, when its threats are the build's word (none otherwise).</param>
        private static InventoryAspect Aspect(HashSet<string> evaluated, Element element, string control, string[] rules, List<Threat> threats)
        {
            var found = threats.Where(t => Array.IndexOf(rules, t.RuleId) >= 0).Select(t => t.Id).OrderBy(id => id, StringComparer.Ordinal).ToEquatableArray();
            var state = found.Count > 0 ? InventoryStates.Finding
                : element.Controls.Contains(control) ? InventoryStates.Declared
                : rules.Length == 0 ? InventoryStates.NotDeclared
                : rules.All(evaluated.Contains) ? InventoryStates.NoFinding
                : InventoryStates.NotEvaluated;
            return new InventoryAspect(state, rules.ToEquatableArray(), found);
        }

        private static InventoryAspect Authentication(Element element, List<Threat> threats)
        {
            var found = threats.Where(t => Array.IndexOf(AuthenticationRules, t.RuleId) >= 0).Select(t => t.Id).OrderBy(id => id, StringComparer.Ordinal).ToEquatableArray();
            var state = element.Controls.Contains(Controls.Authenticated) ? InventoryStates.Required
                : element.Controls.Contains(Controls.PublicByDesign) ? InventoryStates.PublicByDesign
                : InventoryStates.None;
            return new InventoryAspect(state, AuthenticationRules.ToEquatableArray(), found);
        }

        /// <summary>Stores, then the logs, the services the code calls, the callers, and the processes.</summary>
        private static int KindOrder(Element element)
            => ModelText.IsLogs(element.Id) ? 1
             : element.Kind == ElementKinds.DataStore ? 0
             : element.Kind == ElementKinds.ExternalEntity ? (ModelText.IsClient(element.Id) ? 3 : 2)
             : 4;
    }

    /// <summary>What an element does with a class of data, from the flows that carry it.</summary>
    internal static class InventoryRoles
    {
        /// <summary>A flow carrying the class enters the element (a process, a caller, a service).</summary>
        public const string Receives = "receives";

        /// <summary>A flow carrying the class leaves the element.</summary>
        public const string Sends = "sends";

        /// <summary>A data store that holds the class.</summary>
        public const string Stores = "stores";

        /// <summary>The Logs store: the class is written to the logs.</summary>
        public const string Logs = "logs";

        /// <summary>The element holds the class (its declarations say so) but no flow shows which way it moves.</summary>
        public const string Handles = "handles";
    }

    /// <summary>The state of one aspect (encryption at rest, in transit, authentication, audit) of an inventory entry.</summary>
    internal static class InventoryStates
    {
        /// <summary>The annotation that establishes it is there ([EncryptedAtRest], [EncryptedInTransit], [Audited]).</summary>
        public const string Declared = "declared";

        /// <summary>A rule of the aspect reported this element (the threats say which and whether open, mitigated, accepted or suppressed).</summary>
        public const string Finding = "finding";

        /// <summary>Not declared; the aspect's rules ran on this build and reported nothing here.</summary>
        public const string NoFinding = "noFinding";

        /// <summary>Not declared; an aspect's rule did not run everywhere (switched off, in some files too, not in this version, or the threats are unknown).</summary>
        public const string NotEvaluated = "notEvaluated";

        /// <summary>Not declared, and no rule looks at it for this kind of element.</summary>
        public const string NotDeclared = "notDeclared";

        /// <summary>Authentication: the entry point requires an authenticated caller.</summary>
        public const string Required = "required";

        /// <summary>Authentication: public on purpose ([AllowAnonymous]).</summary>
        public const string PublicByDesign = "publicByDesign";

        /// <summary>Authentication: no authentication is required.</summary>
        public const string None = "none";
    }

    /// <param name="State">One of <see cref="InventoryStates"/>.</param>
    /// <param name="Rules">The rules that establish this aspect (their IDs).</param>
    /// <param name="Threats">The ids of those rules' threats on the element for this class of data.</param>
    internal sealed record InventoryAspect(string State, EquatableArray<string> Rules, EquatableArray<string> Threats);

    /// <param name="Element">The element's id.</param>
    /// <param name="Roles">What it does with the class (<see cref="InventoryRoles"/>).</param>
    /// <param name="EncryptionAtRest">Data stores (not the logs).</param>
    /// <param name="EncryptionInTransit">Data stores (not the logs) and external services (not the callers).</param>
    /// <param name="Authentication">Processes.</param>
    /// <param name="Audit">Processes and data stores (not the logs).</param>
    /// <param name="Threats">The ids of every threat of <see cref="PersonalDataInventory.Rules"/> on the element for this class.</param>
    internal sealed record InventoryEntry(
        string Element,
        EquatableArray<string> Roles,
        InventoryAspect? EncryptionAtRest,
        InventoryAspect? EncryptionInTransit,
        InventoryAspect? Authentication,
        InventoryAspect? Audit,
        EquatableArray<string> Threats);

    internal sealed record InventoryClass(string DataClass, EquatableArray<InventoryEntry> Elements);
}
