using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.EndToEnd
{
    /// <summary>
    /// The README's main command, <c>dotnet build samples/CustomerPortal</c>, shows exactly the sample's deliberate threats:
    /// nothing on the secured, public-on-purpose, mitigated or accepted endpoints.
    /// </summary>
    public class SampleTests
    {
        [Fact]
        public async Task CustomerPortal_ShowsItsDeliberateThreats_AndNothingElse()
        {
            var project = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal", "CustomerPortal.csproj");
            var packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
                           ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

            // The solution build has restored and built everything this depends on; compile the sample itself again.
            var (exitCode, output) = await DotNetCli.RunAsync(DotNetCli.RepoRoot, packages,
                "build", project, "-c", DotNetCli.Configuration, "--no-restore", "--no-dependencies", "--no-incremental",
                "--disable-build-servers", "-nodeReuse:false", "-clp:NoSummary");
            Assert.True(exitCode == 0, output);

            var threats = Regex.Matches(output, @"(?<file>[\w]+\.cs)\((?<line>\d+),(?<column>\d+)\): \w+ (?<id>TA\d{4}): (?<message>.+?) \(http")
                .Select(m => $"{m.Groups["file"].Value}({m.Groups["line"].Value},{m.Groups["column"].Value}) {m.Groups["id"].Value}: {m.Groups["message"].Value}")
                .Distinct()
                .OrderBy(t => t, StringComparer.Ordinal)
                .ToList();

            Assert.Equal(
                new[]
                {
                    "AccountClosure.cs(54,15) TA6001: 'SelfServiceController.CloseMine' calls 'AccountClosure.CloseAsync', which requires role 'Admin', but 'SelfServiceController.CloseMine' does not require it",
                    "AccountClosure.cs(74,6) TA6006: 'HelpCentreController.Reset' requires role 'Admin', but [AllowAnonymous] on class 'HelpCentreController' overrides it: anyone can call it",
                    "AccountController.cs(19,26) TA2004: 'AccountController.ChangeEmail' accepts POST requests authenticated by a cookie without validating an anti-forgery token",
                    "AccountDelegatesController.cs(45,127) TA6004: 'invite.Role' (from 'invite'), a value the caller sends, grants privilege through AccountDelegate.Role in AccountDelegatesController.Invite: whoever sends the request chooses the role or permissions granted",
                    "AccountDelegatesController.cs(74,31) TA6005: 'AccountDelegatesController.Get' reads a record of 'AccountDelegate' by 'id' from the request, and nothing on the path compares its owner 'AccountDelegate.CustomerId' with the caller: any signed-in user can reach anyone's record",
                    "AdminController.cs(15,38) TA3001: Entry point 'AdminController.Delete' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "AdminController.cs(31,38) TA1001: Entry point 'ReportsController.ExportCustomers' receives data from 'Internet', requires no authentication and reads personal data from 'Customer database'",
                    "AdminToolsController.cs(36,72) TA6002: 'host' (untrusted) reaches new ProcessStartInfo in AdminToolsController.Ping: the caller chooses what the process runs",
                    "AdminToolsController.cs(57,59) TA5002: 'filter' (untrusted) is the pattern of Regex.IsMatch in AdminToolsController.Matching: the caller writes the regular expression (regex injection), and no match timeout bounds it",
                    "AdminToolsController.cs(75,79) TA6003: 'format' (untrusted) is the name given to Type.GetType in AdminToolsController.Export: the caller chooses what code is loaded or run",
                    "AdminToolsController.cs(98,95) TA5004: 'pageSize' (untrusted) sets the page size of Queryable.Take in AdminToolsController.ExportPage with no upper bound: the caller decides how much the service allocates, iterates or waits",
                    "CertificateSetup.cs(25,9) TA1004: Server certificate validation is turned off by 'HttpClientHandler.ServerCertificateCustomValidationCallback' in 'CertificateSetup.BureauStaging': any certificate is accepted, so anyone on the network path can impersonate the server",
                    "CorsSetup.cs(17,110) TA1006: 'SetIsOriginAllowed(origin => true) with AllowCredentials()' in 'CorsSetup.AddPortalPolicies' weakens authentication (CWE-942): any web site the user visits can send requests with the user's cookies and read the answers",
                    "CustomerEndpoints.cs(18,51) TA2001: 'input' (untrusted input) reaches DbSet.Add with no validation on the path",
                    "CustomerEndpoints.cs(36,47) TA4001: 'change.Email' (PII) reaches ILogger.LogInformation via CustomerAudit.ContactChanged → CustomerAudit.Write",
                    "CustomerProfilesController.cs(21,45) TA2002: 'name' (untrusted) reaches FromSqlRaw",
                    "CustomerProfilesController.cs(33,38) TA3001: Entry point 'CustomerProfilesController.Replace' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "CustomerProfilesController.cs(33,63) TA2001: 'customer' (untrusted input) reaches DbSet.Update with no validation on the path",
                    "CustomerProfilesController.cs(33,63) TA2006: 'customer' binds the persisted entity 'Customer' from the request and DbSet.Update saves it: the client can set any of its properties",
                    "CustomerProfilesController.cs(43,38) TA3001: Entry point 'CustomerProfilesController.Rename' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "CustomerProfilesController.cs(57,38) TA3001: Entry point 'CustomerProfilesController.Import' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "CustomerProfilesController.cs(57,59) TA2001: 'import' (untrusted input) reaches DbSet.Add with no validation on the path",
                    "CustomerProfilesController.cs(66,38) TA3001: Entry point 'CustomerProfilesController.Register' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "CustomerSharing.cs(15,76) TA4002: 'customer.Email' (PII) is sent by HttpClient.PostAsJsonAsync to 'http://crm.partner.example.com/contacts' over plain HTTP",
                    "CustomerSharing.cs(35,30) TA4003: 'customer' (PII) is stored in S3 bucket 'customer-portal-exports' without encryption at rest (the PutObjectRequest given to IAmazonS3.PutObjectAsync sets no ServerSideEncryptionMethod)",
                    "MailRelay.cs(12,42) TA1003: Hard-coded password in 'LegacyMailRelay.RelayPassword': read it from configuration or a secret store",
                    "NewsletterController.cs(20,38) TA3001: Entry point 'NewsletterController.OptOut' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "NewsletterController.cs(32,38) TA3001: Entry point 'NewsletterController.Upgrade' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "PartnerFeed.cs(19,13) TA2009: 'XmlReaderSettings.DtdProcessing = DtdProcessing.Parse' in 'PartnerFeed.OpenLegacy' parses DTDs and resolves external entities: a document that declares an external entity can make the parser read local files or call internal addresses",
                    "PasswordResetCodes.cs(20,21) TA1007: 'PasswordReset.ResetCode' (reset code) comes from Random.Next, which an attacker can predict: use RandomNumberGenerator",
                    "Program.cs(35,5) TA3001: Entry point 'POST /api/documents/{customerId:int}/{name}' writes to 'Customer documents bucket', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "Program.cs(35,85) TA2001: 'name' (untrusted input) reaches DocumentStore.UploadAsync (data store 'Customer documents bucket') with no validation on the path",
                    "Program.cs(37,51) TA2001: 'request.Body' (untrusted input) reaches DocumentStore.UploadAsync (data store 'Customer documents bucket') with no validation on the path",
                    "Program.cs(43,5) TA1001: Entry point 'GET /api/documents/{customerId:int}/{name}' receives data from 'Internet', requires no authentication and reads personal data from 'Customer documents bucket'",
                    "Program.cs(47,5) TA1001: Entry point 'POST /api/credit-checks' receives data from 'Internet', requires no authentication and calls 'Credit bureau'",
                    "Program.cs(47,54) TA2001: 'applicant' (untrusted input) reaches CreditBureauClient.ScoreAsync (external entity 'Credit bureau') with no validation on the path",
                    "RequestLimits.cs(31,13) TA5001: Entry point 'POST /api/statement-imports/preview' accepts requests from 'Internet' with no rate limit: a caller can send as many as it likes",
                    "RequestLimits.cs(58,26) TA5003: 'StatementScansController.UploadBulk' accepts unbounded request input: DisableRequestSizeLimit lifts the body size limit for 'scan' (IFormFile)",
                    "ResponseDisclosure.cs(108,67) TA4006: 'SupportTicket.CustomerEmail' (PII) is printed by the record's generated ToString",
                    "ResponseDisclosure.cs(43,19) TA4010: Entry point 'ApiClientsController.Get' returns 'client', which carries the secret 'ApiClient.ApiKey'",
                    "ResponseDisclosure.cs(63,104) TA4005: Entry point 'CustomerDirectoryController.Card' requires no authentication and returns 'customer', which carries personal data 'Customer.FullName'",
                    "ResponseDisclosure.cs(87,20) TA4009: Entry point 'AccountRecoveryController.ForgotPassword' answers 'NotFound(\"No customer uses that e-mail address\")' when 'db.Customers.AsNoTracking().FirstOrDefaultAsync(c => c.Email == email)' finds no account, but 'Ok(\"We sent you a link to reset your password\")' when it finds one: the caller learns which accounts exist",
                    "SessionState.cs(28,16) TA2003: 'BinaryFormatter.Deserialize' in 'SessionState.RestoreLegacy' lets the data choose which types are created: BinaryFormatter cannot be made safe on data an attacker can influence; use System.Text.Json or a DataContractSerializer with known types",
                    "StatementsController.cs(22,25) TA2005: 'fileName' (untrusted) reaches the file path of ControllerBase.PhysicalFile in StatementsController.Download",
                    "StatementsController.cs(32,20) TA2008: 'title' (untrusted) reaches ControllerBase.Content in StatementsController.Preview as HTML, without encoding",
                    "StatementsController.cs(41,61) TA2007: 'returnUrl' (untrusted) reaches ControllerBase.Redirect in StatementsController.Done: the caller chooses where the browser is sent",
                    "StatementsController.cs(52,76) TA1005: 'Request.Headers' (untrusted), a value the client controls, decides who the caller is or what they may do at new Claim in StatementsController.Support",
                    "SupportController.cs(22,38) TA3001: Entry point 'SupportController.Downgrade' writes to 'Customer database', and neither it nor anything it calls writes a log entry or is marked Audited",
                    "SupportController.cs(44,31) TA3002: 'term' (untrusted) is written into the text of the log message of ILogger.LogInformation in SupportController.Search",
                    "SupportToolsController.cs(30,36) TA4004: 'ex.Message' (exception message) reaches ControllerBase.StatusCode in SupportToolsController.Summary: the caller learns the application's internals",
                    "SupportToolsController.cs(53,68) TA4008: 'url' (untrusted) reaches HttpClient.GetStringAsync in SupportToolsController.LinkPreview: the caller chooses where the server sends a request",
                    "SupportToolsController.cs(81,32) TA4007: SHA256 is weak for 'password' (a password): a fast hash of a password is guessed offline; derive it with Rfc2898DeriveBytes.Pbkdf2 (600,000 iterations of SHA256 and a random salt) or Identity's PasswordHasher<T>",
                    "TokenSetup.cs(38,9) TA1002: Token validation is turned off by 'ValidateLifetime = false' in 'TokenSetup.PartnerJobs': expired tokens are accepted",
                },
                threats);

            // The artifact: the DFD of the seed scenario, Internet -> API -> relational store / S3 / external service.
            var folder = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal", "bin", DotNetCli.Configuration, "net10.0", "threat-model");
            Assert.Equal(
                new[] { "threat-model.json", "threat-model.md", "threat-model.sarif", "threat-model.threatdragon.json" },
                Directory.GetFiles(folder).Select(Path.GetFileName).OrderBy(f => f, StringComparer.Ordinal));
            var model = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "threat-model.json"))).RootElement;
            Assert.Equal("internet", model.Element("Client").GetProperty("boundary").GetString());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/customers", "Customer database")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer database", "GET /api/customers/{id:int}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer documents bucket", "GET /api/documents/{customerId:int}/{name}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/documents/{customerId:int}/{name}", "Customer documents bucket")!.Value.Strings("dataClasses"));
            Assert.Equal("external-services", model.Flow("POST /api/credit-checks", "Credit bureau")!.Value.GetProperty("crossesBoundary").GetString());
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/credit-checks", "Credit bureau")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Client", "POST /api/credit-checks")!.Value.Strings("dataClasses"));
            Assert.Equal("internet", model.Flow("Client", "POST /api/credit-checks")!.Value.GetProperty("crossesBoundary").GetString());

            // The diagram agrees with TA4001: the deliberate PII logging is PII on the flow into Logs; the safe logging is not.
            Assert.Equal(new[] { "pii" }, model.Flow("PUT /api/customers/{id:int}/email", "Logs")!.Value.Strings("dataClasses"));
            Assert.Empty(model.Flow("POST /api/customers", "Logs")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("GET /api/customers/{id:int}", "Client")!.Value.Strings("dataClasses"));

            // The anonymous CSV export sends customers' personal data to anyone (bytes made from them).
            Assert.Equal(new[] { "pii" }, model.Flow("ReportsController.ExportCustomers", "Client")!.Value.Strings("dataClasses"));

            // Endpoints that answer only with a status send nothing back; a delete by id writes no personal data.
            foreach (var statusOnly in new[] { "AdminController.Delete", "PUT /api/customers/{id:int}/email", "POST /api/documents/{customerId:int}/{name}", "POST /webhooks/payments" })
            {
                Assert.Null(model.Flow(statusOnly, "Client"));
            }

            Assert.Null(model.Flow("Customer database", "AdminController.Delete"));
            Assert.Empty(model.Flow("AdminController.Delete", "Customer database")!.Value.Strings("dataClasses"));

            // Accepted: the newsletter's campaign upgrade link; mitigated: the signed payment webhook (both critical, both reviewed).
            var statuses = model.Threats().Select(t => t.GetProperty("status").GetString()).OrderBy(s => s, StringComparer.Ordinal);
            Assert.Equal(new[] { "accepted", "mitigated" }.Concat(Enumerable.Repeat("open", 53)), statuses);

            // The tampering flaws are threats of the actions whose code has them; their secure counterparts have none.
            foreach (var (rule, action) in new[] { ("TA2002", "CustomerProfilesController.Search"), ("TA2006", "CustomerProfilesController.Replace") })
            {
                var threat = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == rule);
                Assert.Equal(model.Element(action).GetProperty("id").GetString(), threat.GetProperty("element").GetString());
            }

            // Denial of service: the unthrottled import preview (TA5001) and the scan upload without a body limit (TA5003) are
            // threats of their entry points; the throttled check and the upload with its own RequestSizeLimit have none.
            foreach (var (rule, endpoint) in new[] { ("TA5001", "POST /api/statement-imports/preview"), ("TA5003", "StatementScansController.UploadBulk") })
            {
                var threat = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == rule);
                Assert.Equal(model.Element(endpoint).GetProperty("id").GetString(), threat.GetProperty("element").GetString());
            }

            foreach (var secure in new[] { "POST /api/statement-imports/check", "StatementScansController.Upload" })
            {
                var id = model.Element(secure).GetProperty("id").GetString();
                Assert.DoesNotContain(model.Threats(), t => t.GetProperty("element").GetString() == id);
            }

            // (Rename and Register still change the customer database with no audit trail: TA3001, Repudiation, not Tampering.)
            foreach (var secure in new[] { "CustomerProfilesController.Find", "CustomerProfilesController.Rename", "CustomerProfilesController.Register" })
            {
                var id = model.Element(secure).GetProperty("id").GetString();
                Assert.DoesNotContain(model.Threats(), t => t.GetProperty("element").GetString() == id && t.GetProperty("ruleId").GetString() != "TA3001");
            }

            // Repudiation: the unaudited downgrade is a threat of its action, the forged-log search a threat of the Logs store;
            // their secure counterparts (an audit entry, a message template) have none.
            var unaudited = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == "TA3001"
                && t.GetProperty("element").GetString() == model.Element("SupportController.Downgrade").GetProperty("id").GetString());
            Assert.Equal("open", unaudited.GetProperty("status").GetString());
            var forged = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == "TA3002");
            Assert.Equal("store:logs", forged.GetProperty("element").GetString());
            Assert.Equal("Support/SupportController.cs", forged.GetProperty("location").GetProperty("path").GetString());
            foreach (var secure in new[] { "SupportController.Upgrade", "SupportController.Lookup" })
            {
                var id = model.Element(secure).GetProperty("id").GetString();
                Assert.DoesNotContain(model.Threats(), t => t.GetProperty("element").GetString() == id);
            }

            // The information-disclosure flaws of the support tools and of responses (TA4004, TA4008, TA4005, TA4009, TA4010) are
            // threats of the actions whose code has them; the secure counterparts have none.
            foreach (var (rule, action) in new[] { ("TA4004", "SupportToolsController.Summary"), ("TA4008", "SupportToolsController.LinkPreview"), ("TA4005", "CustomerDirectoryController.Card"), ("TA4009", "AccountRecoveryController.ForgotPassword"), ("TA4010", "ApiClientsController.Get") })
            {
                var threat = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == rule);
                Assert.Equal(model.Element(action).GetProperty("id").GetString(), threat.GetProperty("element").GetString());
            }

            foreach (var secure in new[] { "SupportToolsController.Status", "SupportToolsController.TrustedLinkPreview", "SupportToolsController.ServiceStatus", "CustomerDirectoryController.Tier", "AccountRecoveryController.RequestPasswordReset", "ApiClientsController.Summary" })
            {
                var id = model.Element(secure).GetProperty("id").GetString();
                Assert.DoesNotContain(model.Threats(), t => t.GetProperty("element").GetString() == id);
            }

            // Configuration and helpers outside any entry point (TA1002, TA1004, TA1006, TA2003, TA2009; TA4007 in a static helper; TA4006 on a record) are threats of the application: the system's element.
            foreach (var id in new[] { "TA1002", "TA1004", "TA1006", "TA2003", "TA2009", "TA4007", "TA4006" })
            {
                var configuration = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == id);
                Assert.StartsWith("system:", configuration.GetProperty("element").GetString(), StringComparison.Ordinal);
            }

            // Every diagnostic is a threat of the element it concerns: the PII logging is a threat of the Logs store.
            var logged = Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == "TA4001");
            Assert.Equal("store:logs", logged.GetProperty("element").GetString());
            Assert.Equal("Customers/CustomerEndpoints.cs", logged.GetProperty("location").GetProperty("path").GetString());
            Assert.Equal(36, logged.GetProperty("location").GetProperty("line").GetInt32());
            Assert.Equal("'change.Email' (PII) reaches ILogger.LogInformation via CustomerAudit.ContactChanged → CustomerAudit.Write", logged.GetProperty("message").GetString());
            // Sent over plain HTTP: a threat of the external entity it goes to; stored unencrypted: a threat of the bucket.
            Assert.Equal("entity:http:CustomerPortal.Sharing.LegacyCrmSync", Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == "TA4002").GetProperty("element").GetString());
            Assert.Equal("store:s3:customer-portal-exports", Assert.Single(model.Threats(), t => t.GetProperty("ruleId").GetString() == "TA4003").GetProperty("element").GetString());
            Assert.Equal("crm.partner.example.com", model.Element("crm.partner.example.com").GetProperty("name").GetString());
            Assert.Contains("```mermaid", File.ReadAllText(Path.Combine(folder, "threat-model.md")), StringComparison.Ordinal);

            // The personal-data inventory names the database, the S3 bucket, the logs and the external service with their states.
            var inventory = File.ReadAllText(Path.Combine(folder, "threat-model.md"));
            inventory = inventory.Substring(inventory.IndexOf("## Personal-data inventory\n", StringComparison.Ordinal));
            Assert.Contains("| Customer database | data store | CustomerPortal | stores | encrypted at rest ([EncryptedAtRest]); in transit: ", inventory, StringComparison.Ordinal);
            Assert.Contains("| Customer documents bucket | data store | CustomerPortal | stores | encrypted at rest ([EncryptedAtRest]); encrypted in transit ([EncryptedInTransit]) |", inventory, StringComparison.Ordinal);
            Assert.Contains("| Logs | data store | CustomerPortal | logs | — | — | — | ", inventory, StringComparison.Ordinal);
            Assert.Contains("TA4001 open at [Customers/CustomerEndpoints.cs:36](../../../../Customers/CustomerEndpoints.cs#L36)", inventory, StringComparison.Ordinal);
            Assert.Contains("| Credit bureau | external entity | External services | receives | encrypted in transit ([EncryptedInTransit]) |", inventory, StringComparison.Ordinal);
            Modeling.ArtifactTests.AssertValid("threat-dragon-v2.schema.json", File.ReadAllText(Path.Combine(folder, "threat-model.threatdragon.json")));
            Modeling.ArtifactTests.AssertValid("threat-model.schema.json", File.ReadAllText(Path.Combine(folder, "threat-model.json")));
        }
    }
}
