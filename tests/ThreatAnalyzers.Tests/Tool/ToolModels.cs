using System;
using System.IO;
using System.Linq;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting.Artifacts;

namespace ThreatAnalyzers.Tests.Tool
{
    /// <summary>
    /// Two small builds of one shop, written as the build writes them: the head adds an unauthenticated export endpoint,
    /// sends personal data to the payment gateway, drops the orders endpoint's authentication, mitigates the SQL threat,
    /// closes the log threat, and keeps an acceptance that expires soon.
    /// </summary>
    internal static class ToolModels
    {
        public static readonly DateTime Today = new(2026, 11, 29);

        private static readonly Stride ProcessStride = new(new[] { "Spoofing", "Tampering" }.ToEquatableArray(), EquatableArray<string>.Empty);

        public static ThreatModel Base() => Model(
            new[] { Client, Orders(authenticated: true), Campaign, Database, Gateway },
            new[] { Flow(Client.Id, Orders(true).Id, "internet"), Flow(Orders(true).Id, Database.Id, null, "pii"), Flow(Orders(true).Id, Gateway.Id, "external-services") },
            new[]
            {
                Threat("TA2002", "SQL built from untrusted input", "Tampering", "critical", Orders(true).Id, "Orders/OrdersEndpoints.cs", 21, "'name' (untrusted) reaches FromSqlRaw", ThreatStatuses.Open),
                Threat("TA4001", "Personal data written to a log", "InformationDisclosure", "medium", Orders(true).Id, "Orders/OrdersEndpoints.cs", 30, "'customer.Email' (PII) reaches ILogger.LogInformation", ThreatStatuses.Open),
                Threat("TA1001", "Unauthenticated critical entry point", "Spoofing", "high", Campaign.Id, "Campaign.cs", 12, "Entry point 'POST /campaign' requires no authentication", ThreatStatuses.Accepted,
                    "Campaign link, free during the campaign", "Team Marketing", "2026-12-10"),
            });

        public static ThreatModel Head() => Model(
            new[] { Client, Orders(authenticated: false), Campaign, Export, Database, Gateway },
            new[]
            {
                Flow(Client.Id, Orders(false).Id, "internet"), Flow(Orders(false).Id, Database.Id, null, "pii"), Flow(Orders(false).Id, Gateway.Id, "external-services", "pii"),
                Flow(Client.Id, Export.Id, "internet"), Flow(Database.Id, Export.Id, null, "pii"),
            },
            new[]
            {
                Threat("TA2002", "SQL built from untrusted input", "Tampering", "critical", Orders(false).Id, "Orders/OrdersEndpoints.cs", 23, "'name' (untrusted) reaches FromSqlRaw", ThreatStatuses.Mitigated,
                    "Names are matched against an allow-list first"),
                Threat("TA1001", "Unauthenticated critical entry point", "Spoofing", "high", Campaign.Id, "Campaign.cs", 12, "Entry point 'POST /campaign' requires no authentication", ThreatStatuses.Accepted,
                    "Campaign link, free during the campaign", "Team Marketing", "2026-12-10"),
                Threat("TA1001", "Unauthenticated critical entry point", "Spoofing", "high", Export.Id, "Export.cs", 9, "Entry point 'GET /export' requires no authentication and reads personal data from 'Orders database'", ThreatStatuses.Open),
                Threat("TA1001", "Unauthenticated critical entry point", "Spoofing", "high", Orders(false).Id, "Orders/OrdersEndpoints.cs", 15, "Entry point 'GET /orders' requires no authentication and writes to 'Orders database'", ThreatStatuses.Open),
                Threat("TA3001", "State change without an audit trail", "Repudiation", "medium", Export.Id, "Export.cs", 9, "Entry point 'GET /export' reads 'Orders database' and writes no log entry", ThreatStatuses.Open),
            });

        /// <summary>The same shop's data library: it declares the orders database the API uses.</summary>
        public static ThreatModel DataLibrary() => Model(
            new[] { Database with { Boundary = "shop-data", Location = new SourceLocation("OrdersDb.cs", 7), Controls = new[] { Controls.EncryptedAtRest }.ToEquatableArray() } },
            Array.Empty<Flow>(),
            new[] { Threat("TA4002", "Data store without encryption in transit", "InformationDisclosure", "medium", Database.Id, "OrdersDb.cs", 7, "'Orders database' holds PII and declares no encryption in transit", ThreatStatuses.Open) },
            system: "Shop.Data");

        public static string Write(string folder, string name, ThreatModel model)
        {
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, name);
            File.WriteAllText(path, ModelJsonRenderer.Render(model));
            return path;
        }

        private static Element Client => new("client:internet", "Client", ElementKinds.ExternalEntity, "internet", null, EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, ProcessStride);

        private static Element Orders(bool authenticated) => new(
            "process:M:Shop.OrdersEndpoints.Map#GET /orders", "GET /orders", ElementKinds.Process, "shop", new SourceLocation("Orders/OrdersEndpoints.cs", 15),
            new[] { DataClasses.Pii }.ToEquatableArray(), (authenticated ? new[] { Controls.Authenticated, Controls.Validated } : new[] { Controls.Validated }).ToEquatableArray(), EquatableArray<string>.Empty, ProcessStride);

        private static Element Campaign => new("process:M:Shop.Campaign.Upgrade", "POST /campaign", ElementKinds.Process, "shop", new SourceLocation("Campaign.cs", 12),
            EquatableArray<string>.Empty, EquatableArray<string>.Empty, EquatableArray<string>.Empty, ProcessStride);

        private static Element Export => new("process:M:Shop.Export.Get", "GET /export", ElementKinds.Process, "shop", new SourceLocation("Export.cs", 9),
            new[] { DataClasses.Pii }.ToEquatableArray(), EquatableArray<string>.Empty, EquatableArray<string>.Empty, ProcessStride);

        private static Element Database => new("T:Shop.OrdersDb", "Orders database", ElementKinds.DataStore, "shop", null,
            new[] { DataClasses.Pii }.ToEquatableArray(), EquatableArray<string>.Empty, EquatableArray<string>.Empty, ProcessStride);

        private static Element Gateway => new("T:Shop.PaymentGateway", "Payment gateway", ElementKinds.ExternalEntity, "external-services", new SourceLocation("PaymentGateway.cs", 5),
            EquatableArray<string>.Empty, new[] { Controls.EncryptedInTransit }.ToEquatableArray(), EquatableArray<string>.Empty, ProcessStride);

        private static Flow Flow(string from, string to, string? crosses, params string[] dataClasses)
            => new(from + "->" + to, from, to, dataClasses.ToEquatableArray(), crosses, EquatableArray<string>.Empty);

        private static Threat Threat(string rule, string title, string category, string severity, string element, string path, int line, string message, string status,
                                     string? justification = null, string? owner = null, string? expires = null)
            => new(rule + ":" + element + "@" + path + ":" + line, rule, title, category, severity, element, new SourceLocation(path, line), message, status,
                   justification, owner, expires, EquatableArray<SourceLocation>.Empty, false);

        private static ThreatModel Model(Element[] elements, Flow[] flows, Threat[] threats, string system = "Shop")
        {
            var rules = threats.Select(t => t.RuleId).Distinct().OrderBy(r => r, StringComparer.Ordinal)
                .Select(r => new RuleInfo(r, threats.First(t => t.RuleId == r).Title, threats.First(t => t.RuleId == r).Category, "CWE-1", threats.First(t => t.RuleId == r).Severity,
                                          "warning", "https://example.invalid/rules/" + r + ".md", "What " + r + " finds.", Evaluated: true))
                .ToEquatableArray();
            return new ThreatModel(
                ThreatModel.CurrentSchemaVersion,
                system,
                new[] { new Boundary("external-services", "External services"), new Boundary("internet", "Internet"), new Boundary(ModelText.Slug(system), system) }.ToEquatableArray(),
                elements.OrderBy(e => e.Id, StringComparer.Ordinal).ToEquatableArray(),
                flows.OrderBy(f => f.Id, StringComparer.Ordinal).ToEquatableArray(),
                threats.OrderBy(t => t.Id, StringComparer.Ordinal).ToEquatableArray(),
                rules,
                ThreatsStates.Complete);
        }
    }
}
