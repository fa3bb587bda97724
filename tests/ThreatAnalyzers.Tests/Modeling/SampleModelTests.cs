using System.IO;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Tests.EndToEnd;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// The model analyzer on the CustomerPortal sample, in memory: the diagram follows what the code does. (The end-to-end
    /// sample test builds it for real, with the build step's join.)
    /// </summary>
    public class SampleModelTests
    {
        /// <summary>The Web SDK's implicit usings, which the sample relies on.</summary>
        internal const string ImplicitUsings = """
            global using System;
            global using System.Collections.Generic;
            global using System.IO;
            global using System.Linq;
            global using System.Net.Http;
            global using System.Net.Http.Json;
            global using System.Threading;
            global using System.Threading.Tasks;
            global using Microsoft.AspNetCore.Builder;
            global using Microsoft.AspNetCore.Hosting;
            global using Microsoft.AspNetCore.Http;
            global using Microsoft.AspNetCore.Routing;
            global using Microsoft.Extensions.Configuration;
            global using Microsoft.Extensions.DependencyInjection;
            global using Microsoft.Extensions.Hosting;
            global using Microsoft.Extensions.Logging;
            """;

        /// <summary>The sample's sources (bin and obj left out, in path order) with its implicit usings, compiled; no errors.</summary>
        internal static CSharpCompilation SampleCompilation()
        {
            var folder = Path.Combine(DotNetCli.RepoRoot, "samples", "CustomerPortal");
            var separator = Path.DirectorySeparatorChar;
            var sources = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains(separator + "obj" + separator, System.StringComparison.Ordinal) && !f.Contains(separator + "bin" + separator, System.StringComparison.Ordinal))
                .OrderBy(f => f, System.StringComparer.Ordinal)
                .Select(File.ReadAllText)
                .Prepend(ImplicitUsings);
            var compilation = ModelHarness.CreateCompilation(sources, kind: OutputKind.ConsoleApplication, assemblyName: "CustomerPortal");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            return compilation;
        }

        [Fact]
        public void CustomerPortal_TheDiagramFollowsTheCode()
        {
            var compilation = SampleCompilation();
            var model = ModelHarness.Run(compilation).Model();

            // The portal with a deliberate flaw and its secure counterpart per rule: the statements, profiles, account and
            // newsletter controllers add their actions, a flow from the Client into each, their answers and their store writes;
            // the support tools add five actions and the three HTTP services their IHttpClientFactory calls (the host from the
            // link preview's url, from the trusted preview's uri, and status.example.com); the disclosure controllers
            // (Disclosure/) add six actions, their requests and answers, and four reads of the customer database. The support
            // desk (Support/SupportController.cs, Repudiation) adds four actions: 4 elements and 13 flows (from the Client, to
            // and from the Customer database, into the Logs, and the searches' answers). The request limits (Throttling/,
            // Denial of service) add two import endpoints and two scan uploads: 4 elements, a request and an answer each.
            // The operations tools (Tools/AdminToolsController.cs, Denial of service and Elevation of privilege) add eight
            // actions: 8 elements and 22 flows (from the Client, their answers, and six reads of the Customer database). The
            // account closure and help centre (Admin/AccountClosure.cs, Elevation of privilege) add six actions and 13 flows:
            // from the Client into each, three answers, and the two closures' writes to the Customer database and log entries.
            // The account delegates (Delegates/AccountDelegatesController.cs, Elevation of privilege) add four actions: 4
            // elements and 14 flows (from the Client into each and their answers, two writes to the Customer database and two
            // log entries, two reads).
            // The two scan uploads answer `Accepted(scan.FileName)`, the overload that takes a location, not a body: no answer.
            Assert.Equal(77, model.GetProperty("elements").GetArrayLength());
            Assert.Equal(173, model.GetProperty("flows").GetArrayLength());
            Assert.NotNull(model.Flow("SelfServiceController.CloseMine", "Customer database"));
            Assert.NotNull(model.Flow("SupportToolsController.LinkPreview", "External HTTP service (host from url)"));
            Assert.NotNull(model.Flow("SupportToolsController.ServiceStatus", "status.example.com"));
            Assert.False(model.HasElement("SupportToolsController"));
            Assert.NotNull(model.Flow("AccountAdministrationController.Close", "Logs"));
            Assert.NotNull(model.Flow("HelpCentreController.List", "Client"));
            Assert.Null(model.Flow("HelpCentreController.Reset", "Client"));
            Assert.NotNull(model.Flow("SupportController.Search", "Logs"));
            Assert.NotNull(model.Flow("SupportController.Upgrade", "Logs"));
            Assert.Null(model.Flow("SupportController.Downgrade", "Logs"));

            // Personal data where the declarations say it travels.
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/customers", "Customer database")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer database", "GET /api/customers/{id:int}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("GET /api/customers/{id:int}", "Client")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Customer documents bucket", "GET /api/documents/{customerId:int}/{name}")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("GET /api/documents/{customerId:int}/{name}", "Client")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/documents/{customerId:int}/{name}", "Customer documents bucket")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("POST /api/credit-checks", "Credit bureau")!.Value.Strings("dataClasses"));
            Assert.Equal(new[] { "pii" }, model.Flow("Client", "POST /api/credit-checks")!.Value.Strings("dataClasses"));

            // An ExecuteDelete by id reads no rows back and writes no personal data.
            Assert.Null(model.Flow("Customer database", "AdminController.Delete"));
            Assert.Empty(model.Flow("AdminController.Delete", "Customer database")!.Value.Strings("dataClasses"));

            // Handlers that answer only a status send nothing back.
            Assert.Null(model.Flow("AdminController.Delete", "Client"));
            Assert.Null(model.Flow("PUT /api/customers/{id:int}/email", "Client"));
            Assert.Null(model.Flow("POST /api/documents/{customerId:int}/{name}", "Client"));
            Assert.Null(model.Flow("POST /webhooks/payments", "Client"));
            Assert.Null(model.Flow("StatementScansController.Upload", "Client"));
            Assert.Null(model.Flow("StatementScansController.UploadBulk", "Client"));

            // Answers made of the customers' ids (`.Select(c => c.Id)`, the type argument the compiler inferred) carry no personal data.
            foreach (var ids in new[] { "CustomerProfilesController.Find", "CustomerProfilesController.Search", "SupportController.Lookup", "SupportController.Search", "AdminToolsController.Export", "AdminToolsController.ExportKnown" })
            {
                Assert.Empty(model.Flow(ids, "Client")!.Value.Strings("dataClasses"));
            }

            // The logs: no classes from the model analyzer (TA4001 brings them through the join), the methods that log in via.
            var changed = model.Flow("PUT /api/customers/{id:int}/email", "Logs")!.Value;
            Assert.Empty(changed.Strings("dataClasses"));
            Assert.Equal(new[] { "M:CustomerPortal.Customers.CustomerAudit.Write(System.String,System.Int32,System.String)" }, changed.Via());
            Assert.Equal(new[] { "M:CustomerPortal.Customers.CustomerAudit.Registered(CustomerPortal.Customers.Customer)" }, model.Flow("POST /api/customers", "Logs")!.Value.Via());
        }
    }
}
