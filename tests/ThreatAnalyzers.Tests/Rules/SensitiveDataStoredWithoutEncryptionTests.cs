using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.SensitiveDataStoredWithoutEncryptionRule,
    ThreatAnalyzers.CodeFixes.Rules.SensitiveDataStoredWithoutEncryptionFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SensitiveDataStoredWithoutEncryptionRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class SensitiveDataStoredWithoutEncryptionTests
    {
        private const string Types = """
            using ThreatAnalyzers;

            namespace Archive
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                    [HandlesSecrets] public string ApiKey { get; set; }
                    public string Tier { get; set; }
                }
            }
            """;

        [Fact]
        public Task S3_PutObjectRequestWithoutEncryption_IsReportedOnTheRequest_NamingEveryClass()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;

                namespace Archive
                {
                    public class Exports(IAmazonS3 s3)
                    {
                        public Task Export(Customer customer)
                            => s3.PutObjectAsync({|#0:new PutObjectRequest { BucketName = "exports", Key = "c.txt", ContentBody = {|#1:customer.Email|} + {|#2:customer.ApiKey|} }|});
                    }
                }
                """,
                Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(Verify.Diagnostic().WithLocation(0).WithLocation(1)
                .WithArguments("'customer.Email', 'customer.ApiKey' (PII and secret)", "S3 bucket 'exports'", " (the PutObjectRequest given to IAmazonS3.PutObjectAsync sets no ServerSideEncryptionMethod)", ""));

        [Fact]
        public Task S3_EncryptedRequests_UnknownRequests_AndOrdinaryData_AreSilent()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;

                namespace Archive
                {
                    public class Exports(IAmazonS3 s3)
                    {
                        public async Task Export(Customer customer, PutObjectRequest prepared)
                        {
                            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "exports", ContentBody = customer.Email, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
                            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "exports", ContentBody = customer.Email, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AWSKMS, ServerSideEncryptionKeyManagementServiceKeyId = "alias/exports" });
                            var later = new PutObjectRequest { BucketName = "exports", ContentBody = customer.Email };
                            later.ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256;
                            await s3.PutObjectAsync(later);
                            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "exports", ContentBody = customer.Tier });
                            prepared.ContentBody = customer.Email;
                            await s3.PutObjectAsync(prepared);
                        }
                    }
                }
                """,
                Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync();

        [Fact]
        public Task S3_EncryptionMethodNone_IsReported()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;

                namespace Archive
                {
                    public class Exports(IAmazonS3 s3)
                    {
                        public Task Export(Customer customer)
                        {
                            var request = {|#1:new PutObjectRequest { BucketName = "exports", ServerSideEncryptionMethod = ServerSideEncryptionMethod.None }|};
                            request.ContentBody = {|#2:customer.Email|};
                            return s3.PutObjectAsync({|#0:request|});
                        }
                    }
                }
                """,
                Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(Verify.Diagnostic().WithLocation(0).WithLocation(2).WithLocation(1)
                .WithArguments("'customer.Email' (PII)", "S3 bucket 'exports'", " (the PutObjectRequest given to IAmazonS3.PutObjectAsync sets no ServerSideEncryptionMethod)", ""));

        [Fact]
        public Task AnnotatedStore_NotEncryptedAtRest_IsOneFindingPerClass_OnTheStore_NotPerWrite()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using ThreatAnalyzers;

                namespace Archive
                {
                    [DataStore("Customer archive")]
                    public class {|#0:{|#1:CustomerArchive|}|}
                    {
                        public Task Save(string value) => Task.CompletedTask;
                    }

                    [DataStore("Encrypted archive")]
                    [EncryptedAtRest]
                    public class EncryptedArchive
                    {
                        public Task Save(string value) => Task.CompletedTask;
                    }

                    public class Archiver(CustomerArchive archive, EncryptedArchive encrypted)
                    {
                        public async Task Run(Customer customer)
                        {
                            await archive.Save(customer.Email);
                            await archive.Save(customer.ApiKey);
                            await encrypted.Save(customer.Email);
                        }

                        public Task Again(Customer customer) => archive.Save(customer.Email);
                    }
                }
                """,
                Types).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithArguments("PII", "data store 'Customer archive'", " ('CustomerArchive' is not marked [EncryptedAtRest])", ""),
                    Verify.Diagnostic().WithLocation(1).WithArguments("Secrets", "data store 'Customer archive'", " ('CustomerArchive' is not marked [EncryptedAtRest])", ""));

        [Fact]
        public Task EfCoreContext_WithUnprotectedClassifiedProperties_IsReportedOnTheDbSet_ProtectedOnesAndEncryptedContextsAreSilent()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Identity;
                using Microsoft.EntityFrameworkCore;
                using ThreatAnalyzers;

                namespace Archive
                {
                    public class Patient
                    {
                        public int Id { get; set; }
                        [HandlesPii] public string Email { get; set; }
                        [PersonalData] public string Phone { get; set; }
                        [HandlesPii, ProtectedPersonalData] public string NationalId { get; set; }
                    }

                    public class Clinician
                    {
                        public int Id { get; set; }
                        [HandlesPii, ProtectedPersonalData] public string Email { get; set; }
                    }

                    public class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options)
                    {
                        public DbSet<Patient> {|#0:Patients|} => Set<Patient>();
                        public DbSet<Clinician> Clinicians => Set<Clinician>();
                    }

                    [EncryptedAtRest]
                    public class EncryptedDb(DbContextOptions<EncryptedDb> options) : DbContext(options)
                    {
                        public DbSet<Patient> Patients => Set<Patient>();
                    }

                    public class Intake(ClinicDb db, EncryptedDb encrypted)
                    {
                        public void Admit(Patient patient, Clinician clinician)
                        {
                            db.Patients.Add(patient);
                            db.Clinicians.Add(clinician);
                            encrypted.Patients.Add(patient);
                        }

                        public void Update(Patient patient) => db.Patients.Update(patient);
                    }
                }
                """)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("PII", "EF Core context 'ClinicDb'", " ('ClinicDb' is not marked [EncryptedAtRest] and Patient.Email, Patient.Phone are not [ProtectedPersonalData])", ""));

        private const string StoresInTheirOwnFile = """
            using System.Threading.Tasks;
            using Microsoft.EntityFrameworkCore;
            using ThreatAnalyzers;

            namespace Archive
            {
                public class Lookup
                {
                    public int Id { get; set; }
                    public string Code { get; set; }
                }

                public class Patient
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                    [HandlesPii] public string Phone { get; set; }
                }

                public class Contact
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                    [HandlesPii] public string Address { get; set; }
                }

                public class ClinicDb(DbContextOptions<ClinicDb> options) : DbContext(options)
                {
                    public DbSet<Lookup> Lookups => Set<Lookup>();
                    public DbSet<Patient> {|#0:Patients|} => Set<Patient>();
                    public DbSet<Contact> Contacts => Set<Contact>();
                }

                [DataStore("Customer archive")]
                public class {|#1:CustomerArchive|}
                {
                    public Task Save(string value) => Task.CompletedTask;
                }
            }
            """;

        private const string WritesInAnotherFile = """
            using System.Threading.Tasks;

            namespace Archive
            {
                public class Intake(ClinicDb db, CustomerArchive archive)
                {
                    public void Admit(Patient patient) => db.Patients.Add(patient);

                    public void Note(Contact contact) => db.Contacts.Add(contact);

                    public Task Keep(Customer customer) => archive.Save(customer.Email);
                }
            }
            """;

        [Fact]
        public Task StoresDeclaredInAnotherFileThanTheirWrites_AreReportedOnTheirDeclarations_OnceEach_NamingThreeMembersThenMore()
            => new Verify.Test(StoresInTheirOwnFile, WritesInAnotherFile, Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithArguments("PII", "EF Core context 'ClinicDb'", " ('ClinicDb' is not marked [EncryptedAtRest] and Patient.Email, Patient.Phone, Contact.Email and more are not [ProtectedPersonalData])", ""),
                Verify.Diagnostic().WithLocation(1).WithArguments("PII", "data store 'Customer archive'", " ('CustomerArchive' is not marked [EncryptedAtRest])", ""));

        [Fact]
        public async Task AStoresFindingOnItsDeclaration_IsReportedAtTheCompilationsEnd_NeverByAnAnalysisOfOneDocument()
        {
            // The driver counts a diagnostic outside the member whose body is analyzed as non-local, which an editor's analysis
            // of one document drops, even in the store's own file: the store's findings are held back for the compilation's
            // end, and that analysis still shows the findings in the member (TA4001 here).
            var storeWithAWrite = StoresInTheirOwnFile.Replace("{|#0:Patients|}", "Patients").Replace("{|#1:CustomerArchive|}", "CustomerArchive")
                .Replace("using ThreatAnalyzers;", "using Microsoft.Extensions.Logging;\nusing ThreatAnalyzers;")
                .Replace(
                    "    public class Lookup",
                    "    public class Admission(ClinicDb db, ILogger<Admission> log)\n    {\n        public void Admit(Patient patient)\n        {\n            log.LogInformation(\"Admitted \" + patient.Email);\n            db.Patients.Add(patient);\n        }\n    }\n\n    public class Lookup");
            var compilation = ModelHarness.CreateCompilation(new[] { storeWithAWrite, WritesInAnotherFile, Types });
            var analyzers = compilation.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatAnalyzers.Rules.ThreatRulesAnalyzer()));
            foreach (var tree in compilation.SyntaxTrees)
            {
                var live = await analyzers.GetAnalyzerSemanticDiagnosticsAsync(compilation.GetSemanticModel(tree), filterSpan: null, default);
                Assert.DoesNotContain(live, d => d.Id == "TA4003");
                Assert.Equal(tree == compilation.SyntaxTrees.First() ? 1 : 0, live.Count(d => d.Id == "TA4001"));
            }

            var built = (await analyzers.GetAnalyzerDiagnosticsAsync()).Where(d => d.Id == "TA4003").ToList();
            Assert.Equal(2, built.Count);
            Assert.All(built, d => Assert.Same(compilation.SyntaxTrees.First(), d.Location.SourceTree));
        }

        [Fact]
        public async Task AContextWhoseDbSetsAreInAReferencedProject_AsTheIdeReferencesIt_IsReportedOnItsOwnName()
        {
            // In the IDE a project reference is a compilation reference: the base context's DbSet is "in source", in a tree
            // of another compilation, where no diagnostic of this one can be reported.
            var data = ModelHarness.CreateCompilation(
                new[]
                {
                    """
                    using Microsoft.EntityFrameworkCore;
                    using ThreatAnalyzers;

                    namespace Clinic.Data
                    {
                        public class Patient
                        {
                            public int Id { get; set; }
                            [HandlesPii] public string Email { get; set; }
                        }

                        public class BaseDb(DbContextOptions options) : DbContext(options)
                        {
                            public DbSet<Patient> Patients => Set<Patient>();
                        }
                    }
                    """,
                },
                assemblyName: "Clinic.Data");
            var api = ModelHarness.CreateCompilation(
                new[]
                {
                    """
                    using Clinic.Data;
                    using Microsoft.EntityFrameworkCore;

                    namespace Clinic.Api
                    {
                        public class ClinicDb(DbContextOptions<ClinicDb> options) : BaseDb(options)
                        {
                        }

                        public class Intake(ClinicDb db)
                        {
                            public void Admit(Patient patient) => db.Patients.Add(patient);
                        }
                    }
                    """,
                },
                TestReferences.WebWithLibraries.Add(data.ToMetadataReference()),
                assemblyName: "Clinic.Api");
            Assert.Empty(api.GetDiagnostics().Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));

            var diagnostics = await api.WithAnalyzers(System.Collections.Immutable.ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatAnalyzers.Rules.ThreatRulesAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();

            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            var finding = Assert.Single(diagnostics, d => d.Id == "TA4003");
            Assert.Equal("ClinicDb", finding.Location.SourceTree!.GetText().ToString(finding.Location.SourceSpan));
            Assert.Equal(
                "PII is stored in EF Core context 'ClinicDb' without encryption at rest ('ClinicDb' is not marked [EncryptedAtRest] and the classified members of the entities written to it are not [ProtectedPersonalData])",
                finding.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
        }

        [Fact]
        public Task WritesInsideAnEncryptedDataStore_AreThatStoresOwn_AndSilent()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;
                using ThreatAnalyzers;

                namespace Archive
                {
                    [DataStore("Documents")]
                    [EncryptedAtRest]
                    public class Documents(IAmazonS3 s3)
                    {
                        public Task Save([HandlesPii] string content)
                            => s3.PutObjectAsync(new PutObjectRequest { BucketName = "docs", ContentBody = content });
                    }
                }
                """,
                Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync();

        [Fact]
        public Task Fix_AddsServerSideEncryption_ToTheInitializer_FixAllToo()
            => new Fix.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.Threading.Tasks;
                        using Amazon.S3;
                        using Amazon.S3.Model;

                        namespace Archive
                        {
                            public class Exports(IAmazonS3 s3)
                            {
                                public async Task Export(Customer customer)
                                {
                                    await s3.PutObjectAsync({|#0:new PutObjectRequest { BucketName = "exports", ContentBody = {|#3:customer.Email|} }|});
                                    var request = {|#2:new PutObjectRequest { BucketName = "keys" }|};
                                    request.ContentBody = {|#4:customer.ApiKey|};
                                    await s3.PutObjectAsync({|#1:request|});
                                }
                            }
                        }
                        """,
                        Types,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System.Threading.Tasks;
                        using Amazon.S3;
                        using Amazon.S3.Model;

                        namespace Archive
                        {
                            public class Exports(IAmazonS3 s3)
                            {
                                public async Task Export(Customer customer)
                                {
                                    await s3.PutObjectAsync(new PutObjectRequest { BucketName = "exports", ContentBody = customer.Email, ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 });
                                    var request = new PutObjectRequest { BucketName = "keys", ServerSideEncryptionMethod = ServerSideEncryptionMethod.AES256 };
                                    request.ContentBody = customer.ApiKey;
                                    await s3.PutObjectAsync(request);
                                }
                            }
                        }
                        """,
                        Types,
                    },
                },
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Fix.Diagnostic().WithLocation(0).WithLocation(3).WithArguments("'customer.Email' (PII)", "S3 bucket 'exports'", " (the PutObjectRequest given to IAmazonS3.PutObjectAsync sets no ServerSideEncryptionMethod)", ""),
                Fix.Diagnostic().WithLocation(1).WithLocation(4).WithLocation(2).WithArguments("'customer.ApiKey' (secret)", "S3 bucket 'keys'", " (the PutObjectRequest given to IAmazonS3.PutObjectAsync sets no ServerSideEncryptionMethod)", ""));
    }
}
