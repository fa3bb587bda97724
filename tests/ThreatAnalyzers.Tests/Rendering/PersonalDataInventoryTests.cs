using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;
using ThreatAnalyzers.Tests.Modeling;
using Xunit;

namespace ThreatAnalyzers.Tests.Rendering
{
    /// <summary>
    /// The personal-data inventory on a model given outright: every state comes from the model's controls and from the
    /// threats the build reported, keyed on the rule IDs (TA4002, TA4003, TA3001 and TA4005 are given here as the build would
    /// report them once those rules exist), and the three renderers say the same.
    /// </summary>
    public class PersonalDataInventoryTests
    {
        private const string SystemName = "Shop";
        private const string Db = "T:Shop.OrdersDb";
        private const string Bucket = "store:s3:invoices";
        private const string Cache = "T:Shop.Cache";
        private const string Mailer = "entity:http:mailer";
        private const string Bureau = "T:Shop.Bureau";
        private const string Client = "client:internet";
        private const string Orders = "process:M:Shop.Orders.Create";
        private const string Profile = "process:M:Shop.Profile.Get";
        private const string Health = "process:M:Shop.Health.Get";

        private static readonly Stride NoStride = new(EquatableArray<string>.Empty, EquatableArray<string>.Empty);

        private static EquatableArray<string> A(params string[] items) => items.ToEquatableArray();

        private static Element E(string id, string name, string kind, string boundary, string[] classes, params string[] controls)
            => new(id, name, kind, boundary, new SourceLocation("Shop/" + name + ".cs", 3), A(classes), A(controls), EquatableArray<string>.Empty, NoStride);

        private static Flow F(string from, string to, params string[] classes) => new(from + "->" + to, from, to, A(classes), null, EquatableArray<string>.Empty);

        private static Threat T(string ruleId, string element, string status, int line, params string[] classes)
            => new(ruleId + ":" + element + "@Shop/Code.cs:" + line, ruleId, "title of " + ruleId, RuleCategories.InformationDisclosure, RuleRisks.High, element,
                new SourceLocation("Shop/Code.cs", line), "message of " + ruleId, status,
                status == ThreatStatuses.Open ? null : "reviewed", status == ThreatStatuses.Accepted ? "Team Shop" : null, status == ThreatStatuses.Accepted ? "2027-06-30" : null,
                EquatableArray<SourceLocation>.Empty, false, A(classes));

        private static RuleInfo R(string id, bool evaluated = true)
            => new(id, "title of " + id, RuleCategories.InformationDisclosure, "CWE-200", RuleRisks.High, "warning", "https://example.test/" + id + ".md", "d", evaluated);

        /// <summary>
        /// A shop: the orders database (encrypted at rest, TA4003 mitigated on it for secrets), an invoice bucket (TA4003 open
        /// for PII), a cache that stores nothing found, the logs (TA4001 open), a mailer reached over plain HTTP (TA4002
        /// accepted), a bureau over TLS, the caller, and three entry points: one unaudited (TA3001), one anonymous (TA4005),
        /// and the health check, which handles no personal data.
        /// </summary>
        private static ThreatModel Shop(string threatsState = ThreatsStates.Complete, bool auditRuleRuns = true)
        {
            var elements = new[]
            {
                E(Db, "Orders database", ElementKinds.DataStore, "shop", new[] { DataClasses.Pii, DataClasses.Secrets }, Controls.EncryptedAtRest),
                E(Bucket, "Invoices bucket", ElementKinds.DataStore, "shop", new[] { DataClasses.Pii }),
                E(Cache, "Cache", ElementKinds.DataStore, "shop", new[] { DataClasses.Pii }, Controls.Audited),
                E(ModelText.LogsElementId, ModelText.LogsElementName, ElementKinds.DataStore, "shop", new[] { DataClasses.Pii }),
                E(Mailer, "Mailer", ElementKinds.ExternalEntity, "external-services", new[] { DataClasses.Pii }),
                E(Bureau, "Bureau", ElementKinds.ExternalEntity, "external-services", new[] { DataClasses.Pii }, Controls.EncryptedInTransit),
                E(Client, "Client", ElementKinds.ExternalEntity, "internet", new[] { DataClasses.Pii }),
                E(Orders, "POST /orders", ElementKinds.Process, "shop", new[] { DataClasses.Pii, DataClasses.Secrets }, Controls.Authenticated),
                E(Profile, "GET /profile", ElementKinds.Process, "shop", new[] { DataClasses.Pii }),
                E(Health, "GET /health", ElementKinds.Process, "shop", Array.Empty<string>(), Controls.PublicByDesign),
            }.OrderBy(e => e.Id, StringComparer.Ordinal).ToEquatableArray();
            var flows = new[]
            {
                F(Client, Orders, DataClasses.Pii), F(Orders, Db, DataClasses.Pii, DataClasses.Secrets), F(Orders, Bucket, DataClasses.Pii),
                F(Orders, ModelText.LogsElementId, DataClasses.Pii), F(Orders, Mailer, DataClasses.Pii), F(Orders, Bureau, DataClasses.Pii),
                F(Db, Profile, DataClasses.Pii), F(Cache, Profile, DataClasses.Pii), F(Profile, Client, DataClasses.Pii), F(Client, Health),
            }.OrderBy(f => f.Id, StringComparer.Ordinal).ToEquatableArray();
            var threats = new[]
            {
                T(RuleIdentifiers.SensitiveDataStoredWithoutEncryption, Bucket, ThreatStatuses.Open, 10, DataClasses.Pii),
                T(RuleIdentifiers.SensitiveDataStoredWithoutEncryption, Db, ThreatStatuses.Mitigated, 11, DataClasses.Secrets),
                T(RuleIdentifiers.SensitiveDataWrittenToLog, ModelText.LogsElementId, ThreatStatuses.Open, 12, DataClasses.Pii),
                T(RuleIdentifiers.SensitiveDataSentWithoutEncryption, Mailer, ThreatStatuses.Accepted, 13, DataClasses.Pii),
                T(RuleIdentifiers.StateChangeWithoutAuditTrail, Orders, ThreatStatuses.Open, 14),
                T(RuleIdentifiers.SensitiveDataServedWithoutAuthentication, Profile, ThreatStatuses.Suppressed, 15, DataClasses.Pii),
                T(RuleIdentifiers.SqlFromUntrustedInput, Orders, ThreatStatuses.Open, 16),
            }.OrderBy(t => t.Id, StringComparer.Ordinal).ToEquatableArray();
            var rules = new[]
            {
                R(RuleIdentifiers.UnauthenticatedEntryPoint), R(RuleIdentifiers.SqlFromUntrustedInput), R(RuleIdentifiers.StateChangeWithoutAuditTrail, auditRuleRuns),
                R(RuleIdentifiers.SensitiveDataWrittenToLog), R(RuleIdentifiers.SensitiveDataSentWithoutEncryption), R(RuleIdentifiers.SensitiveDataStoredWithoutEncryption),
                R(RuleIdentifiers.SensitiveDataServedWithoutAuthentication),
            }.ToEquatableArray();
            var boundaries = new[] { new Boundary("external-services", "External services"), new Boundary("internet", "Internet"), new Boundary("shop", SystemName) }.ToEquatableArray();
            return new ThreatModel(ThreatModel.CurrentSchemaVersion, SystemName, boundaries, elements, flows, threats, rules, threatsState);
        }

        private static InventoryEntry Entry(EquatableArray<InventoryClass> inventory, string dataClass, string element)
            => inventory.Single(c => c.DataClass == dataClass).Elements.Single(e => e.Element == element);

        [Fact]
        public void EveryElementThatReceivesStoresLogsOrSendsAClass_InOrder_WithItsRoles()
        {
            var inventory = PersonalDataInventory.Of(Shop());

            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, inventory.Select(c => c.DataClass));
            Assert.Equal(
                new[] { Cache, Db, Bucket, ModelText.LogsElementId, Bureau, Mailer, Client, Orders, Profile },
                inventory[0].Elements.Select(e => e.Element));
            Assert.Equal(new[] { Db, Orders }, inventory[1].Elements.Select(e => e.Element));

            Assert.Equal(new[] { InventoryRoles.Stores }, Entry(inventory, DataClasses.Pii, Db).Roles);
            Assert.Equal(new[] { InventoryRoles.Logs }, Entry(inventory, DataClasses.Pii, ModelText.LogsElementId).Roles);
            Assert.Equal(new[] { InventoryRoles.Receives }, Entry(inventory, DataClasses.Pii, Mailer).Roles);
            Assert.Equal(new[] { InventoryRoles.Receives, InventoryRoles.Sends }, Entry(inventory, DataClasses.Pii, Client).Roles);
            Assert.Equal(new[] { InventoryRoles.Receives, InventoryRoles.Sends }, Entry(inventory, DataClasses.Pii, Orders).Roles);
            Assert.Equal(new[] { InventoryRoles.Sends }, Entry(inventory, DataClasses.Secrets, Orders).Roles);

            // The health check handles no personal data: it is in no class.
            Assert.DoesNotContain(inventory.SelectMany(c => c.Elements), e => e.Element == Health);
        }

        [Fact]
        public void States_ComeFromTheAnnotations_AndFromTheRulesFindings_PerClass()
        {
            var model = Shop();
            var inventory = PersonalDataInventory.Of(model);
            string Id(string ruleId, string element) => model.Threats.Single(t => t.RuleId == ruleId && t.Element == element).Id;

            // Declared by [EncryptedAtRest]; the TA4003 finding on the database is about secrets, so it shows only there.
            var dbPii = Entry(inventory, DataClasses.Pii, Db);
            Assert.Equal(InventoryStates.Declared, dbPii.EncryptionAtRest!.State);
            Assert.Empty(dbPii.Threats);
            var dbSecrets = Entry(inventory, DataClasses.Secrets, Db);
            Assert.Equal(InventoryStates.Finding, dbSecrets.EncryptionAtRest!.State);
            Assert.Equal(new[] { Id(RuleIdentifiers.SensitiveDataStoredWithoutEncryption, Db) }, dbSecrets.EncryptionAtRest.Threats);

            // TA4003 open on the bucket; TA4002 ran and found nothing, so in transit is "no finding", not "encrypted".
            var bucket = Entry(inventory, DataClasses.Pii, Bucket);
            Assert.Equal(InventoryStates.Finding, bucket.EncryptionAtRest!.State);
            Assert.Equal(InventoryStates.NoFinding, bucket.EncryptionInTransit!.State);
            Assert.Equal(InventoryStates.NotDeclared, bucket.Audit!.State);
            Assert.Null(bucket.Authentication);
            Assert.Equal(InventoryStates.Declared, Entry(inventory, DataClasses.Pii, Cache).Audit!.State);

            // The logs: the TA4001 finding, no encryption or audit aspect.
            var logs = Entry(inventory, DataClasses.Pii, ModelText.LogsElementId);
            Assert.Equal(new[] { Id(RuleIdentifiers.SensitiveDataWrittenToLog, ModelText.LogsElementId) }, logs.Threats);
            Assert.Null(logs.EncryptionAtRest);
            Assert.Null(logs.Audit);

            // Services: TA4002 accepted on the mailer, [EncryptedInTransit] on the bureau; the caller has no encryption aspect.
            Assert.Equal(InventoryStates.Finding, Entry(inventory, DataClasses.Pii, Mailer).EncryptionInTransit!.State);
            Assert.Equal(InventoryStates.Declared, Entry(inventory, DataClasses.Pii, Bureau).EncryptionInTransit!.State);
            Assert.Null(Entry(inventory, DataClasses.Pii, Mailer).EncryptionAtRest);
            Assert.Null(Entry(inventory, DataClasses.Pii, Client).EncryptionInTransit);

            // Processes: authentication from the controls, TA4005 and TA3001 from the findings (a finding without classes
            // concerns every class the element handles); TA2002 is not a personal-data rule.
            var orders = Entry(inventory, DataClasses.Pii, Orders);
            Assert.Equal(InventoryStates.Required, orders.Authentication!.State);
            Assert.Equal(InventoryStates.Finding, orders.Audit!.State);
            Assert.Equal(orders.Audit.Threats, Entry(inventory, DataClasses.Secrets, Orders).Audit!.Threats);
            Assert.Equal(new[] { Id(RuleIdentifiers.StateChangeWithoutAuditTrail, Orders) }, orders.Threats);
            var profile = Entry(inventory, DataClasses.Pii, Profile);
            Assert.Equal(InventoryStates.None, profile.Authentication!.State);
            Assert.Equal(new[] { Id(RuleIdentifiers.SensitiveDataServedWithoutAuthentication, Profile) }, profile.Authentication.Threats);
            Assert.Equal(InventoryStates.NoFinding, profile.Audit!.State);
        }

        [Fact]
        public void ARuleThatDidNotRun_OrThreatsUnknown_LeavesTheStateNotEvaluated_NeverNoFinding()
        {
            var switchedOff = PersonalDataInventory.Of(Shop(auditRuleRuns: false));
            Assert.Equal(InventoryStates.NotEvaluated, Entry(switchedOff, DataClasses.Pii, Profile).Audit!.State);
            Assert.Equal(InventoryStates.NoFinding, Entry(switchedOff, DataClasses.Pii, Bucket).EncryptionInTransit!.State);

            var absent = Shop();
            absent = absent with { Rules = absent.Rules.Where(r => r.Id != RuleIdentifiers.SensitiveDataSentWithoutEncryption).ToEquatableArray() };
            Assert.Equal(InventoryStates.NotEvaluated, Entry(PersonalDataInventory.Of(absent), DataClasses.Pii, Bucket).EncryptionInTransit!.State);

            var offInAFile = Shop();
            offInAFile = offInAFile with
            {
                Rules = offInAFile.Rules.Select(r => r.Id == RuleIdentifiers.SensitiveDataStoredWithoutEncryption ? r with { NotEvaluatedIn = A("Shop/Legacy.cs") } : r).ToEquatableArray(),
            };
            Assert.Equal(InventoryStates.NotEvaluated, Entry(PersonalDataInventory.Of(offInAFile), DataClasses.Pii, Cache).EncryptionAtRest!.State);
            Assert.Equal(InventoryStates.Finding, Entry(PersonalDataInventory.Of(offInAFile), DataClasses.Pii, Bucket).EncryptionAtRest!.State);

            var unknown = PersonalDataInventory.Of(Shop(ThreatsStates.Unknown) with { Threats = EquatableArray<Threat>.Empty });
            Assert.Equal(InventoryStates.NotEvaluated, Entry(unknown, DataClasses.Pii, Bucket).EncryptionAtRest!.State);
            Assert.Equal(InventoryStates.Declared, Entry(unknown, DataClasses.Pii, Db).EncryptionAtRest!.State);
        }

        [Fact]
        public void Json_WritesThePersonalDataSection_ValidAgainstTheSchema()
        {
            var model = Shop();
            var json = ModelJsonRenderer.Render(model);
            ArtifactTests.AssertValid("threat-model.schema.json", json);
            var root = JsonDocument.Parse(json).RootElement;
            Assert.Equal("1.3", root.GetProperty("schemaVersion").GetString());

            var pii = root.GetProperty("personalData")[0];
            Assert.Equal("pii", pii.GetProperty("dataClass").GetString());
            var bucket = pii.GetProperty("elements").EnumerateArray().Single(e => e.GetProperty("element").GetString() == Bucket);
            Assert.Equal(new[] { "stores" }, bucket.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal("finding", bucket.GetProperty("encryptionAtRest").GetProperty("state").GetString());
            Assert.Equal(new[] { "TA4003" }, bucket.GetProperty("encryptionAtRest").GetProperty("rules").EnumerateArray().Select(r => r.GetString()));
            var threatId = Assert.Single(bucket.GetProperty("encryptionAtRest").GetProperty("threats").EnumerateArray()).GetString();
            var threat = root.GetProperty("threats").EnumerateArray().Single(t => t.GetProperty("id").GetString() == threatId);
            Assert.Equal("open", threat.GetProperty("status").GetString());
            Assert.Equal(new[] { "pii" }, threat.GetProperty("dataClasses").EnumerateArray().Select(c => c.GetString()));
            Assert.Equal(JsonValueKind.Null, bucket.GetProperty("authentication").ValueKind);

            // The intermediate the model analyzer hands the build step has no inventory: it has no threats yet.
            Assert.False(JsonDocument.Parse(ModelJsonRenderer.Render(model, intermediate: true)).RootElement.TryGetProperty("personalData", out _));

            // Read back and written again, the file is the same (the inventory is derived, not read).
            Assert.Equal(json, ModelJsonRenderer.Render(ModelJsonReader.Read(json)));
        }

        [Fact]
        public void Markdown_HasATablePerClass_WithEachElementsStates()
        {
            var markdown = MarkdownRenderer.Render(Shop(), "../");
            var inventory = markdown.Substring(markdown.IndexOf("## Personal-data inventory\n", StringComparison.Ordinal));
            Assert.Contains("### PII\n\n| element | kind | boundary | role | encryption | authentication | audit | other findings |\n", inventory, StringComparison.Ordinal);
            Assert.Contains("### secrets\n", inventory, StringComparison.Ordinal);
            var pii = inventory.Substring(0, inventory.IndexOf("### secrets", StringComparison.Ordinal));

            Assert.Contains("| Orders database | data store | Shop | stores | encrypted at rest ([EncryptedAtRest]); in transit: not declared, no TA4002 finding | — | not declared | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| Invoices bucket | data store | Shop | stores | **not encrypted at rest**: TA4003 open at [Shop/Code.cs:10](../Shop/Code.cs#L10); in transit: not declared, no TA4002 finding | — | not declared | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| Cache | data store | Shop | stores | at rest: not declared, no TA4003 finding; in transit: not declared, no TA4002 finding | — | audited ([Audited]) | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| Logs | data store | Shop | logs | — | — | — | TA4001 open at [Shop/Code.cs:12](../Shop/Code.cs#L12) |", pii, StringComparison.Ordinal);
            Assert.Contains("| Mailer | external entity | External services | receives | **not encrypted in transit**: TA4002 accepted at [Shop/Code.cs:13](../Shop/Code.cs#L13) | — | — | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| Bureau | external entity | External services | receives | encrypted in transit ([EncryptedInTransit]) | — | — | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| Client | external entity | Internet | receives, sends | — | — | — | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| POST /orders | process | Shop | receives, sends | — | required | **no audit trail**: TA3001 open at [Shop/Code.cs:14](../Shop/Code.cs#L14) | — |", pii, StringComparison.Ordinal);
            Assert.Contains("| GET /profile | process | Shop | receives, sends | — | **none**: TA4005 suppressed at [Shop/Code.cs:15](../Shop/Code.cs#L15) | not declared, no TA3001 finding | — |", pii, StringComparison.Ordinal);
            Assert.DoesNotContain("GET /health", inventory, StringComparison.Ordinal);
            Assert.DoesNotContain("TA2002", inventory, StringComparison.Ordinal);

            // The TA4003 finding about secrets is in the secrets table only.
            Assert.DoesNotContain("TA4003 mitigated", pii, StringComparison.Ordinal);
            Assert.Contains("| Orders database | data store | Shop | stores | **not encrypted at rest**: TA4003 mitigated at [Shop/Code.cs:11](../Shop/Code.cs#L11)", inventory, StringComparison.Ordinal);

            RenderingOracle.Markdown(Shop());
        }

        [Fact]
        public void Markdown_WithoutClassifiedData_SaysSo()
        {
            var model = Shop() with { Flows = EquatableArray<Flow>.Empty, Elements = Shop().Elements.Select(e => e with { DataClasses = EquatableArray<string>.Empty }).ToEquatableArray() };
            Assert.Contains("## Personal-data inventory\n\nNo element handles classified data.\n", MarkdownRenderer.Render(model, "../"), StringComparison.Ordinal);
            Assert.Empty(JsonDocument.Parse(ModelJsonRenderer.Render(model)).RootElement.GetProperty("personalData").EnumerateArray());
        }

        [Fact]
        public void ThreatDragon_PutsTheInventoryOnTheElementCells_AndInTheirDescriptions()
        {
            var json = ThreatDragonRenderer.Render(Shop());
            ArtifactTests.AssertValid("threat-dragon-v2.schema.json", json);
            var cells = JsonDocument.Parse(json).RootElement.GetProperty("detail").GetProperty("diagrams")[0].GetProperty("cells").EnumerateArray().ToList();
            JsonElement Data(string name) => cells.Single(c => c.GetProperty("data").TryGetProperty("name", out var n) && n.GetString() == name && c.GetProperty("shape").GetString() != "flow").GetProperty("data");

            var bucket = Data("Invoices bucket");
            var entry = Assert.Single(bucket.GetProperty("personalData").EnumerateArray());
            Assert.Equal("pii", entry.GetProperty("dataClass").GetString());
            Assert.Equal("finding", entry.GetProperty("encryptionAtRest").GetString());
            Assert.Equal("noFinding", entry.GetProperty("encryptionInTransit").GetString());
            Assert.False(entry.TryGetProperty("authentication", out _));
            var threatId = Assert.Single(entry.GetProperty("threats").EnumerateArray()).GetString();
            Assert.Contains(bucket.GetProperty("threats").EnumerateArray(), t => t.GetProperty("id").GetString() == threatId);
            Assert.Contains("personal data, PII: stores; encryption at rest: finding (TA4003 open); encryption in transit: noFinding; audit: notDeclared", bucket.GetProperty("description").GetString(), StringComparison.Ordinal);

            Assert.Contains("personal data, PII: logs; findings: TA4001 open", Data("Logs").GetProperty("description").GetString(), StringComparison.Ordinal);
            Assert.Equal(2, Data("POST /orders").GetProperty("personalData").GetArrayLength());
            Assert.False(Data("GET /health").TryGetProperty("personalData", out _));
        }
    }
}
