using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Annotations
{
    /// <summary>
    /// Element and data annotations travel in metadata (they carry the model across projects); review notes
    /// ([Mitigates], [AcceptsRisk]) must not reach the compiled assembly.
    /// </summary>
    public class AnnotationMetadataTests
    {
        private const string Library = """
            using ThreatAnalyzers;

            [assembly: Mitigates("TA1001", "Assembly-wide review note")]
            [assembly: AcceptsRisk("TA1001", "Assembly-wide acceptance", Owner = "AppSec", Expires = "2030-01-01")]

            namespace Clinic
            {
                [TrustBoundary("Internet")]
                [Authenticated]
                [Mitigates("TA1001", "Type-level review note")]
                public class PatientsApi
                {
                    [RequiresRole("Clinician")]
                    [Audited]
                    [RateLimited]
                    [AcceptsRisk("TA1001", "Member-level acceptance")]
                    public Patient Get([HandlesPii] string id) => new Patient();

                    [Validates]
                    [return: HandlesSecrets]
                    public string Token() => "";
                }

                [HandlesPii]
                public class Patient
                {
                    [HandlesPii] public string Email { get; set; }
                    [HandlesSecrets] public string Password;
                }

                [DataStore("Patient database")]
                [EncryptedAtRest]
                [EncryptedInTransit]
                public interface IPatientStore { }

                [ExternalEntity("Insurer")]
                public interface IInsurer { }
            }
            """;

        [Fact]
        public void CompiledAssembly_KeepsModelAnnotations_AndDropsReviewNotes()
        {
            var image = Compile();
            var names = AttributeTypeNamesIn(image);

            foreach (var kept in new[]
            {
                "TrustBoundaryAttribute", "AuthenticatedAttribute", "RequiresRoleAttribute", "AuditedAttribute", "RateLimitedAttribute",
                "ValidatesAttribute", "HandlesPiiAttribute", "HandlesSecretsAttribute", "DataStoreAttribute", "EncryptedAtRestAttribute",
                "EncryptedInTransitAttribute", "ExternalEntityAttribute",
            })
            {
                Assert.Contains(kept, names);
            }

            Assert.DoesNotContain("MitigatesAttribute", names);
            Assert.DoesNotContain("AcceptsRiskAttribute", names);
            Assert.DoesNotContain("Assembly-wide review note", StringsIn(image));
            Assert.DoesNotContain("Member-level acceptance", StringsIn(image));
        }

        [Fact]
        public void ReferencingProject_SeesTheModelAnnotationsThroughMetadata()
        {
            var library = MetadataReference.CreateFromImage(Compile());
            var consumer = CSharpCompilation.Create(
                "Consumer",
                new[] { CSharpSyntaxTree.ParseText("public class UsesIt { }") },
                TestReferences.Library.Add(library),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));

            var api = consumer.GetTypeByMetadataName("Clinic.PatientsApi")!;
            Assert.Equal("Internet", api.GetAttributes().Single(a => a.AttributeClass!.Name == "TrustBoundaryAttribute").ConstructorArguments[0].Value);
            Assert.DoesNotContain(api.GetAttributes(), a => a.AttributeClass!.Name == "MitigatesAttribute");

            var store = consumer.GetTypeByMetadataName("Clinic.IPatientStore")!;
            Assert.Equal("Patient database", store.GetAttributes().Single(a => a.AttributeClass!.Name == "DataStoreAttribute").ConstructorArguments[0].Value);

            var email = consumer.GetTypeByMetadataName("Clinic.Patient")!.GetMembers("Email").Single();
            Assert.Contains(email.GetAttributes(), a => a.AttributeClass!.Name == "HandlesPiiAttribute");
        }

        [Fact]
        public void ReviewNotes_AreStillVisibleToAnalyzersInSource()
        {
            var compilation = CreateCompilation();
            var api = compilation.GetTypeByMetadataName("Clinic.PatientsApi")!;
            Assert.Contains(api.GetAttributes(), a => a.AttributeClass!.Name == "MitigatesAttribute");
            Assert.Contains(compilation.Assembly.GetAttributes(), a => a.AttributeClass!.Name == "AcceptsRiskAttribute");
        }

        private static CSharpCompilation CreateCompilation()
            => CSharpCompilation.Create(
                "Clinic",
                new[] { CSharpSyntaxTree.ParseText(Library) },
                TestReferences.Library,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Disable));

        private static byte[] Compile()
        {
            using var stream = new MemoryStream();
            var result = CreateCompilation().Emit(stream);
            Assert.True(result.Success, string.Join(Environment.NewLine, result.Diagnostics));
            return stream.ToArray();
        }

        private static HashSet<string> AttributeTypeNamesIn(byte[] image)
        {
            using var pe = new PEReader(new MemoryStream(image));
            var reader = pe.GetMetadataReader();
            var names = new HashSet<string>(StringComparer.Ordinal);
            foreach (var handle in reader.CustomAttributes)
            {
                var attribute = reader.GetCustomAttribute(handle);
                if (attribute.Constructor.Kind == HandleKind.MemberReference)
                {
                    var parent = reader.GetMemberReference((MemberReferenceHandle)attribute.Constructor).Parent;
                    if (parent.Kind == HandleKind.TypeReference)
                    {
                        names.Add(reader.GetString(reader.GetTypeReference((TypeReferenceHandle)parent).Name));
                    }
                }
            }

            return names;
        }

        private static string StringsIn(byte[] image) => System.Text.Encoding.UTF8.GetString(image);
    }
}
