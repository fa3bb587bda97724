using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.CSharpAnalyzerVerifier<ThreatAnalyzers.Rules.AnnotationPolicyAnalyzer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class AnnotationPolicyAnalyzerTests
    {
        [Fact]
        public Task AcceptanceWithoutExpires_IsReportedOnTheAttribute_WhereverItIs()
            => Verify.VerifyAnalyzerAsync(
                """
                using ThreatAnalyzers;

                [assembly: {|#0:AcceptsRisk("TA4001", "Logs are PII-cleared")|}]

                [{|#1:AcceptsRisk("TA1001", "Public price list", Owner = "Team Portal")|}]
                public class Prices
                {
                    [TrustBoundary("Internet")]
                    [{|#2:AcceptsRisk(" ta1001 ", "Read-only")|}]
                    public string Get(string id) => id;

                    [TrustBoundary("Internet")]
                    [AcceptsRisk("TA1001", "Read-only", Expires = "2027-01-01")]
                    public string List(string id) => id;
                }
                """,
                Verify.Diagnostic("TA0003").WithLocation(0).WithArguments("The acceptance of TA4001 has no Expires, so it accepts the risk forever: add Expires = \"yyyy-MM-dd\", the day it must be reviewed again"),
                Verify.Diagnostic("TA0003").WithLocation(1).WithArguments("The acceptance of TA1001 has no Expires, so it accepts the risk forever: add Expires = \"yyyy-MM-dd\", the day it must be reviewed again"),
                Verify.Diagnostic("TA0003").WithLocation(2).WithArguments("The acceptance of ta1001 has no Expires, so it accepts the risk forever: add Expires = \"yyyy-MM-dd\", the day it must be reviewed again"));

        [Fact]
        public Task StoreAndEntityOnOneType_IsReported()
            => Verify.VerifyAnalyzerAsync(
                """
                using ThreatAnalyzers;

                [DataStore("Ledger"), {|#0:ExternalEntity("Ledger service")|}]
                public class Ledger { }
                """,
                Verify.Diagnostic("TA0003").WithLocation(0).WithArguments("'Ledger' is marked both [DataStore] and [ExternalEntity]: a model element has one kind; keep [DataStore] if the code keeps data in it, [ExternalEntity] if it is a system or actor outside your control"));

        [Fact]
        public Task EncryptionControls_OnTheWrongKindOfElement_AreReported()
            => Verify.VerifyAnalyzerAsync(
                """
                using ThreatAnalyzers;

                [{|#0:EncryptedAtRest|}]
                public class CustomerService { }

                [{|#1:EncryptedInTransit|}]
                public class Mapper { }

                [ExternalEntity("Credit bureau"), {|#2:EncryptedAtRest|}]
                public interface ICreditBureau { }
                """,
                Verify.Diagnostic("TA0003").WithLocation(0).WithArguments("[EncryptedAtRest] on 'CustomerService', which is not a data store: only a store keeps data at rest; mark it [DataStore(\"…\")] or move [EncryptedAtRest] to the store it writes to"),
                Verify.Diagnostic("TA0003").WithLocation(1).WithArguments("[EncryptedInTransit] on 'Mapper', which is neither a data store nor an external entity: it describes the connection to one; mark it [DataStore(\"…\")] or [ExternalEntity(\"…\")], or move the annotation to the store or entity it talks to"),
                Verify.Diagnostic("TA0003").WithLocation(2).WithArguments("[EncryptedAtRest] on 'ICreditBureau', which is not a data store: only a store keeps data at rest; mark it [DataStore(\"…\")] or move [EncryptedAtRest] to the store it writes to"));

        [Fact]
        public Task ControlsOnStoresAndEntities_AndOnTheirImplementations_AreSilent()
            => new Verify.Test(
                """
                using Microsoft.EntityFrameworkCore;
                using ThreatAnalyzers;

                [DataStore("Customer database"), EncryptedAtRest, EncryptedInTransit]
                public interface ICustomerStore { }

                [EncryptedAtRest]
                public class SqlCustomerStore : ICustomerStore { }

                [ExternalEntity("Credit bureau"), EncryptedInTransit]
                public interface ICreditBureau { }

                [EncryptedInTransit]
                public class CreditBureauClient : ICreditBureau { }

                [EncryptedAtRest, EncryptedInTransit]
                public class PortalDb : DbContext { }
                """) { References = ThreatAnalyzers.Tests.Verifiers.TestReferences.WebWithLibraries }.RunWithAsync();
    }
}
