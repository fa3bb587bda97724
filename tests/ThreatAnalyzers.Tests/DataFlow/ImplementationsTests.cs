using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.DataFlow
{
    /// <summary>
    /// Implementations of an interface member or virtual method are found on demand by following base-list names from
    /// the member's type: every way a type can derive from it must still lead there (each case once missed in review).
    /// </summary>
    public class ImplementationsTests
    {
        private static CSharpCompilation Compile(string name, IEnumerable<MetadataReference>? extra, params (string Path, string Source)[] files)
        {
            var compilation = CSharpCompilation.Create(
                name,
                files.Select(f => CSharpSyntaxTree.ParseText(f.Source, path: f.Path)),
                TestReferences.Library.AddRange(extra ?? Enumerable.Empty<MetadataReference>()),
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
            Assert.True(errors.Count == 0, string.Join("\n", errors));
            return compilation;
        }

        private static MetadataReference ImageOf(Compilation compilation)
        {
            using var stream = new System.IO.MemoryStream();
            var emitted = compilation.Emit(stream);
            Assert.True(emitted.Success);
            return MetadataReference.CreateFromImage(stream.ToArray());
        }

        private static IReadOnlyList<string> ImplementationsOf(Compilation compilation, string typeMetadataName, string member)
        {
            var type = compilation.GetTypeByMetadataName(typeMetadataName) ?? compilation.References
                .Select(compilation.GetAssemblyOrModuleSymbol).OfType<IAssemblySymbol>()
                .Select(a => a.GetTypeByMetadataName(typeMetadataName)).First(t => t is not null)!;
            var method = type.GetMembers(member).OfType<IMethodSymbol>().Single();
            return FlowEngine.Create(compilation, FlowOptions.Default).ImplementationsOf(method)
                .Select(m => m.ContainingType.Name + "." + m.Name).ToList();
        }

        private const string Core = """
            namespace Lib
            {
                public abstract class Handler { public abstract string Run(string s); }
                public abstract class CommandHandler : Handler { }
                public interface IRepository<T> { T Find(string q); }
                public interface IReadOnlyRepository<T> : IRepository<T> { }
            }
            """;

        [Fact]
        public void ThroughAMiddleTypeOfAReferencedProject_AsTheIdeSeesIt_AndAsTheBuildDoes()
        {
            var core = Compile("Core", null, ("/Core.cs", Core));
            const string Web = """
                namespace App { class ShellHandler : Lib.CommandHandler { public override string Run(string s) => s; } }
                """;
            // The IDE hands a project reference over as a compilation; the build as metadata.
            foreach (var reference in new MetadataReference[] { core.ToMetadataReference(), ImageOf(core) })
            {
                var web = Compile("Web", new[] { reference }, ("/Web.cs", Web));
                Assert.Equal(new[] { "ShellHandler.Run" }, ImplementationsOf(web, "Lib.Handler", "Run"));
            }
        }

        [Fact]
        public void ThroughAGlobalAliasDeclaredInAnotherFile()
        {
            var compilation = Compile(
                "App",
                null,
                ("/GlobalUsings.cs", "global using Repo = App.Data.IRepository;"),
                ("/Repository.cs", """
                    namespace App.Data
                    {
                        public interface IRepository { string Find(string q); }
                        class SqlRepo : Repo { public string Find(string q) => q; }
                    }
                    """));
            Assert.Equal(new[] { "SqlRepo.Find" }, ImplementationsOf(compilation, "App.Data.IRepository", "Find"));
        }

        [Fact]
        public void ThroughAReferencedMiddleTypeWhoseNameASourceTypeAlsoHas()
        {
            var core = Compile("Core", null, ("/Core.cs", Core));
            var compilation = Compile(
                "App",
                new[] { ImageOf(core) },
                ("/Ui.cs", "namespace App.Ui { public class CommandHandler { } }"),
                ("/Shell.cs", "namespace App { class ShellHandler : Lib.CommandHandler { public override string Run(string s) => s; } }"));
            Assert.Equal(new[] { "ShellHandler.Run" }, ImplementationsOf(compilation, "Lib.Handler", "Run"));
        }

        /// <summary>
        /// A referenced middle type named by its simple name alone: the types of other assemblies such a name can find
        /// (through a using directive, a global using in another file, the enclosing namespace, a using static) are
        /// asked whether they derive from the member's type; the declarations that name none that does are not bound.
        /// </summary>
        [Theory]
        [InlineData("using Lib;\nnamespace App { class ShellHandler : CommandHandler { public override string Run(string s) => s; } }", null)]
        [InlineData("namespace App { class ShellHandler : CommandHandler { public override string Run(string s) => s; } }", "global using Lib;")]
        [InlineData("namespace Lib.Shell { class ShellHandler : CommandHandler { public override string Run(string s) => s; } }", null)]
        [InlineData("using static Lib.Commands;\nnamespace App { class ShellHandler : Nested { public override string Run(string s) => s; } }", null)]
        [InlineData("using Lib;\nnamespace App { class Outer : System.Attribute { class ShellHandler : CommandHandler { public override string Run(string s) => s; } } }", null)]
        public void ThroughAReferencedMiddleTypeNamedBySimpleName(string shell, string? otherFile)
        {
            var core = Compile("Core", null, ("/Core.cs", Core), ("/Commands.cs", "namespace Lib { public static class Commands { public abstract class Nested : CommandHandler { } } }"));
            var files = new List<(string, string)>
            {
                ("/Shell.cs", shell),
                // Unrelated types whose base lists name types of other assemblies: not candidates, and not in the answer.
                ("/Other.cs", "using System;\nnamespace App { class Failure : Exception { } class Options : EventArgs { public override string ToString() => \"o\"; } }"),
            };
            if (otherFile is not null)
            {
                files.Add(("/GlobalUsings.cs", otherFile));
            }

            var compilation = Compile("App", new[] { ImageOf(core) }, files.ToArray());
            Assert.Equal(new[] { "ShellHandler.Run" }, ImplementationsOf(compilation, "Lib.Handler", "Run"));
        }

        /// <summary>Names the lookup by simple name does not follow alone: a using relative to its namespace, an extern alias.</summary>
        [Fact]
        public void ThroughAReferencedMiddleTypeImportedRelativelyOrThroughAnExternAlias()
        {
            var core = Compile("Core", null, ("/Core.cs", "namespace Contoso.Core { public abstract class Handler { public abstract string Run(string s); } public abstract class CommandHandler : Handler { } }"));
            const string Relative = "namespace Contoso.Web { using Core; class ShellHandler : CommandHandler { public override string Run(string s) => s; } }";
            var relative = Compile("App", new[] { ImageOf(core) }, ("/Shell.cs", Relative));
            Assert.Equal(new[] { "ShellHandler.Run" }, ImplementationsOf(relative, "Contoso.Core.Handler", "Run"));

            const string Aliased = "extern alias CoreV1;\nusing CoreV1::Contoso.Core;\nnamespace App { class ShellHandler : CommandHandler { public override string Run(string s) => s; } }";
            var aliased = Compile("App", new[] { ImageOf(core).WithAliases(new[] { "CoreV1" }) }, ("/Shell.cs", Aliased));
            Assert.Equal(new[] { "ShellHandler.Run" }, ImplementationsOf(aliased, "Contoso.Core.Handler", "Run"));
        }

        [Fact]
        public void GenericInterfacesExtendedInterfacesExplicitImplementationsAndPartialTypes_InTreeOrder()
        {
            var core = Compile("Core", null, ("/Core.cs", Core));
            var compilation = Compile(
                "App",
                new[] { ImageOf(core) },
                ("/A.cs", """
                    namespace App
                    {
                        public record Customer(string Email);
                        partial class CustomerRepository : Lib.IReadOnlyRepository<Customer> { }
                        class ExplicitRepository : Lib.IRepository<Customer> { Customer Lib.IRepository<Customer>.Find(string q) => new(q); }
                    }
                    """),
                ("/B.cs", """
                    namespace App
                    {
                        partial class CustomerRepository { public Customer Find(string q) => new(q); }
                        class Unrelated { public Customer Find(string q) => new(q); }
                    }
                    """));
            Assert.Equal(
                new[] { "ExplicitRepository.Lib.IRepository<App.Customer>.Find", "CustomerRepository.Find" },
                ImplementationsOf(compilation, "Lib.IRepository`1", "Find"));
        }

        [Fact]
        public void ThroughAClosedConstruction_OnlyItsImplementationsOpenOnesAndVariantCompatibleOnesAnswer_ThroughTheDefinition_All()
        {
            var compilation = Compile(
                "App",
                null,
                ("/Handlers.cs", """
                    namespace App
                    {
                        public interface IHandler<TRequest, TResponse> { TResponse Run(TRequest request); }
                        public interface IConsumer<in T> { void Take(T item); }
                        public abstract class Repository<T> { public abstract T Find(int id); }
                        public class Get { }
                        public class Create { }
                        class GetHandler : IHandler<Get, int> { public int Run(Get request) => 1; }
                        class CreateHandler : IHandler<Create, int> { public int Run(Create request) => 2; }
                        class LoggingHandler<T> : IHandler<T, int> { public int Run(T request) => 3; }
                        class Both : IHandler<Get, string>, IHandler<Create, string>
                        {
                            public string Run(Get request) => "get";
                            public string Run(Create request) => "create";
                        }
                        class ObjectConsumer : IConsumer<object> { public void Take(object item) { } }
                        class GetConsumer : IConsumer<Get> { public void Take(Get item) { } }
                        class CreateConsumer : IConsumer<Create> { public void Take(Create item) { } }
                        class GetRepository : Repository<Get> { public override Get Find(int id) => new(); }
                        class CreateRepository : Repository<Create> { public override Create Find(int id) => new(); }
                    }
                    """));
            var get = compilation.GetTypeByMetadataName("App.Get")!;
            var create = compilation.GetTypeByMetadataName("App.Create")!;
            var integer = compilation.GetSpecialType(SpecialType.System_Int32);
            var text = compilation.GetSpecialType(SpecialType.System_String);
            var handler = compilation.GetTypeByMetadataName("App.IHandler`2")!;
            var engine = FlowEngine.Create(compilation, FlowOptions.Default);
            IReadOnlyList<string> Answering(INamedTypeSymbol type, string member)
                => engine.ImplementationsOf(type.GetMembers(member).OfType<IMethodSymbol>().Single()).Select(m => m.ContainingType.Name + "." + m.Name).ToList();

            Assert.Equal(new[] { "GetHandler.Run", "LoggingHandler.Run" }, Answering(handler.Construct(get, integer), "Run"));
            Assert.Equal(new[] { "CreateHandler.Run", "LoggingHandler.Run" }, Answering(handler.Construct(create, integer), "Run"));
            Assert.Equal(new[] { "Both.Run" }, Answering(handler.Construct(create, text), "Run"));
            Assert.Equal(new[] { "GetHandler.Run", "CreateHandler.Run", "LoggingHandler.Run", "Both.Run", "Both.Run" }, Answering(handler, "Run"));

            // Contravariant: IConsumer<object> answers a call through IConsumer<Get>, IConsumer<Create> does not.
            Assert.Equal(new[] { "ObjectConsumer.Take", "GetConsumer.Take" }, Answering(compilation.GetTypeByMetadataName("App.IConsumer`1")!.Construct(get), "Take"));
            Assert.Equal(new[] { "GetRepository.Find" }, Answering(compilation.GetTypeByMetadataName("App.Repository`1")!.Construct(get), "Find"));
        }

        [Fact]
        public void ObjectMembers_AreOverriddenByAnyType_RecordsIncluded()
        {
            var compilation = Compile(
                "App",
                null,
                ("/Types.cs", """
                    namespace App
                    {
                        class Plain { public override string ToString() => "plain"; }
                        public record Customer(string Email);
                        struct Point { public override string ToString() => "point"; }
                    }
                    """));
            var found = ImplementationsOf(compilation, "System.Object", "ToString");
            Assert.Contains("Plain.ToString", found);
            Assert.Contains("Customer.ToString", found);
            Assert.Contains("Point.ToString", found);
        }

        [Fact]
        public void NothingDerivesFromASealedType()
        {
            var compilation = Compile("App", null, ("/Types.cs", "namespace App { sealed class Leaf { public override string ToString() => \"leaf\"; } }"));
            Assert.Empty(ImplementationsOf(compilation, "App.Leaf", "ToString"));
        }
    }
}
