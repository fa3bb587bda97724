using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>The analyzers' face of the Identity store convention: bound calls give the touches the model's syntax face gives.</summary>
    public class IdentityStoreConventionTests
    {
        [Fact]
        public void BoundManagerCalls_TouchTheAppsIdentityContext_ReadsAndWritesByMethod_AndClaimsHelpersTouchNothing()
        {
            var compilation = CSharpCompilation.Create(
                "Portal",
                new[]
                {
                    CSharpSyntaxTree.ParseText("""
                        using System.Security.Claims;
                        using System.Threading.Tasks;
                        using Microsoft.AspNetCore.Identity;
                        using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
                        using Microsoft.EntityFrameworkCore;

                        public class AppUser : IdentityUser { }
                        public class AppDbContext(DbContextOptions<AppDbContext> options) : IdentityDbContext<AppUser>(options) { }

                        public class Account(UserManager<AppUser> users, SignInManager<AppUser> signIn)
                        {
                            public async Task Run(ClaimsPrincipal principal, string email, string password)
                            {
                                var user = await users.FindByEmailAsync(email);
                                await users.ChangePasswordAsync(user, password, password + "!");
                                await signIn.PasswordSignInAsync(email, password, false, false);
                                users.GetUserId(principal);
                                await signIn.SignOutAsync();
                            }
                        }
                        """, new CSharpParseOptions(LanguageVersion.Latest)),
                },
                TestReferences.WebWithLibraries,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var annotations = AnnotationTypes.Create(compilation);
            var classification = new DataClassification(annotations, compilation);
            var resources = new ResourceRecognizer(compilation, annotations, classification);
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var touches = tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
                .Select(call => (Name: ((MemberAccessExpressionSyntax)call.Expression).Name.Identifier.ValueText, Touch: resources.TryRecognize(model.GetOperation(call)!, FlowFacts.None)))
                .ToDictionary(t => t.Name, t => t.Touch);

            Assert.Equal(("T:AppDbContext", Access.Read), (touches["FindByEmailAsync"]!.ElementId, touches["FindByEmailAsync"]!.Access));
            Assert.Contains(DataClasses.Pii, touches["FindByEmailAsync"]!.DataClasses);
            Assert.Equal(("T:AppDbContext", Access.Write), (touches["ChangePasswordAsync"]!.ElementId, touches["ChangePasswordAsync"]!.Access));
            Assert.Equal(new[] { DataClasses.Pii, DataClasses.Secrets }, touches["ChangePasswordAsync"]!.DataClasses.ToArray());
            Assert.Equal(Access.Read, touches["PasswordSignInAsync"]!.Access);
            Assert.Null(touches["GetUserId"]);
            Assert.Null(touches["SignOutAsync"]);
        }
    }
}
