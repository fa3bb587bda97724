using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Modeling;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// Where the rules bind the bodies anyway, the model's body reader takes a name's field, property, event, type or
    /// namespace from what the compiler bound instead of looking it up (<c>sharesBinding</c>). That must be what the lookup
    /// gave, or the diagram would change with the way it was read; the only differences are where the lookup could not
    /// tell (a type named like a member, a type name of several arities), and there the compiler's answer is the right one.
    /// </summary>
    public class BoundNamesTests
    {
        [Fact]
        public void OnTheSample_EveryNameMeansWhatItsLookupMeant_InMethodsConstructorsAndHandlerLambdas()
        {
            var compared = new Dictionary<string, int>();
            var readFromBinding = new Dictionary<string, int>();
            foreach (var (tree, _, owner, body, lookedUp, bound) in SampleReaders())
            {
                foreach (var expression in body.DescendantNodes(n => n == body || !BehaviorExtractor.IsRouteHandler(n)).OfType<ExpressionSyntax>())
                {
                    if (expression is not (IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or MemberBindingExpressionSyntax)
                        || (expression.Parent is MemberAccessExpressionSyntax { Name: var name } && name == expression)
                        || (expression.Parent is MemberBindingExpressionSyntax { Name: var bindingName } && bindingName == expression)
                        || SyntaxFacts.IsInTypeOnlyContext(expression))
                    {
                        continue;
                    }

                    var kind = expression.Kind().ToString();
                    var hits = bound.NamesReadFromBinding;
                    var before = lookedUp.Resolve(expression);
                    var after = bound.Resolve(expression);
                    compared[kind] = compared.GetValueOrDefault(kind) + 1;
                    if (bound.NamesReadFromBinding > hits)
                    {
                        readFromBinding[kind] = readFromBinding.GetValueOrDefault(kind) + 1;
                    }

                    // A value typed by a call the compiler bound (`var lines = xs.Select(…).ToList()`) has the type
                    // arguments it inferred where the lookup left them open: the same generic type, made exact.
                    Assert.True(
                        Same(before, after) || SameButInferred(before, after),
                        $"{tree.FilePath}: {expression} in {owner.Name}: looked up {before.Kind} {before.Type} {before.Symbol}, bound {after.Kind} {after.Type} {after.Symbol}");
                }
            }

            // The new path was taken for every kind of name, not only compared.
            Assert.True(compared.Values.Sum() > 800, string.Join(", ", compared));
            Assert.True(readFromBinding.GetValueOrDefault(nameof(SyntaxKind.IdentifierName)) > 100, string.Join(", ", readFromBinding));
            Assert.True(readFromBinding.GetValueOrDefault(nameof(SyntaxKind.SimpleMemberAccessExpression)) > 100, string.Join(", ", readFromBinding));
            Assert.True(readFromBinding.GetValueOrDefault(nameof(SyntaxKind.MemberBindingExpression)) > 0, string.Join(", ", readFromBinding));
        }

        /// <summary>
        /// A call the compiler bound is read as the one overload it chose (type arguments inferred): one of the overloads the
        /// lookup by name and argument count offered (not always the one it put first). A call it did not bind, or one the
        /// reader cannot check (a receiver typed otherwise, a delegate, a local function), is still every overload that fits.
        /// </summary>
        [Fact]
        public void OnTheSample_EveryCallReadFromBinding_IsAnOverloadTheLookupOffered()
        {
            int calls = 0, readFromBinding = 0;
            foreach (var (tree, model, owner, body, lookedUp, bound) in SampleReaders())
            {
                foreach (var invocation in body.DescendantNodes(n => n == body || !BehaviorExtractor.IsRouteHandler(n)).OfType<InvocationExpressionSyntax>())
                {
                    calls++;
                    var offered = lookedUp.TargetsOf(invocation).Methods;
                    var chosen = bound.TargetsOf(invocation).Methods;
                    var compilers = model.GetSymbolInfo(invocation).Symbol;
                    if (chosen.Length != 1 || !SymbolEqualityComparer.Default.Equals(chosen[0], compilers))
                    {
                        // Not read from binding (the receiver's call may have been): every overload that fits, as before.
                        Assert.True(offered.SequenceEqual<IMethodSymbol, IMethodSymbol>(chosen, SymbolEqualityComparer.Default), $"{tree.FilePath}: {invocation}");
                        continue;
                    }

                    readFromBinding++;
                    var method = chosen[0];
                    Assert.True(
                        offered.Any(candidate => SymbolEqualityComparer.Default.Equals(Definition(candidate), Definition(method))),
                        $"{tree.FilePath}: {invocation} in {owner.Name}: bound {method}, offered {string.Join(" | ", offered)}");
                }
            }

            Assert.True(readFromBinding > 250, $"{readFromBinding} of {calls} calls read from binding");
        }

        private static IMethodSymbol Definition(IMethodSymbol method) => (method.ReducedFrom ?? method).OriginalDefinition;

        [Fact]
        public void WhereTheReaderGaveAReceiverAnotherType_ItsMemberIsLookedUp_AndWhereTheLookupCouldNotTell_TheCompilerAnswers()
        {
            const string Source = """
                using System.Collections.Immutable;

                namespace Shop
                {
                    public interface IRepository { string Connection { get; } }
                    public class SqlRepository : IRepository { public string Connection => "sql"; public string Table => "t"; }
                    public class MemoryRepository : IRepository { public string Connection => "memory"; }

                    public sealed class Email
                    {
                        public static Email Create(string text) => new Email();
                    }

                    public class Customer
                    {
                        public Email Email { get; set; } = Email.Create("a@example.com");

                        public string Read(bool cached, SqlRepository sql, MemoryRepository memory)
                        {
                            var connection = (cached ? sql : (IRepository)memory).Connection;
                            var table = sql.Table;
                            var email = Email.Create(connection + table);
                            var empty = ImmutableArray.Create(1);
                            return connection;
                        }
                    }
                }
                """;
            var (method, lookedUp, bound) = Readers(Source, "Read");
            ExpressionSyntax Expression(string text) => method.Body!.DescendantNodes().OfType<ExpressionSyntax>().First(e => e.ToString() == text);

            // The reader types `cached ? sql : (IRepository)memory` as SqlRepository (its first branch), the compiler as
            // IRepository: the member is SqlRepository's, looked up, as before.
            var connection = Expression("(cached ? sql : (IRepository)memory).Connection");
            Assert.True(Same(lookedUp.Resolve(connection), bound.Resolve(connection)));
            Assert.Equal("SqlRepository", bound.Resolve(connection).Symbol!.ContainingType.Name);

            // Where the receiver's types agree, the compiler's member is the lookup's.
            var table = Expression("sql.Table");
            Assert.True(Same(lookedUp.Resolve(table), bound.Resolve(table)));
            Assert.True(bound.NamesReadFromBinding > 0);

            // "Color Color": the lookup finds the property Email, the compiler the type whose static Create is called.
            var receiver = ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)Expression("Email.Create(connection + table)")).Expression).Expression;
            Assert.Equal(BodyReader.ResolvedKind.Value, lookedUp.Resolve(receiver).Kind);
            Assert.Equal(BodyReader.ResolvedKind.Type, bound.Resolve(receiver).Kind);
            Assert.Equal("Shop.Email", bound.Resolve(receiver).Type!.ToDisplayString());

            // A name of several arities (ImmutableArray, ImmutableArray<T>): the compiler's is the static class.
            var arrays = ((MemberAccessExpressionSyntax)((InvocationExpressionSyntax)Expression("ImmutableArray.Create(1)")).Expression).Expression;
            Assert.Equal(BodyReader.ResolvedKind.Type, bound.Resolve(arrays).Kind);
            Assert.Equal(0, ((INamedTypeSymbol)bound.Resolve(arrays).Type!).Arity);
        }

        /// <summary>
        /// A primary constructor's parameter, which every member of the type may use (a service's injected repository), is
        /// read from binding as the lookup finds it: the same parameter, the same type, not looked up at each use.
        /// </summary>
        [Fact]
        public void APrimaryConstructorParameter_IsReadFromBinding_AsTheLookupFindsIt()
        {
            const string Source = """
                namespace Shop
                {
                    public class Repository { public string Find(int id) => "customer"; }

                    public class CustomerService(Repository repository)
                    {
                        public string Get(int id)
                        {
                            var found = repository.Find(id);
                            return found;
                        }
                    }
                }
                """;
            var (method, lookedUp, bound) = Readers(Source, "Get");
            var repository = method.Body!.DescendantNodes().OfType<IdentifierNameSyntax>().First(n => n.Identifier.ValueText == "repository");

            var read = bound.Resolve(repository);
            Assert.Equal(1, bound.NamesReadFromBinding);
            Assert.True(Same(lookedUp.Resolve(repository), read));
            Assert.Equal(BodyReader.ResolvedKind.Value, read.Kind);
            Assert.Equal("repository", Assert.IsAssignableFrom<IParameterSymbol>(read.Symbol).Name);
            Assert.Equal("Shop.Repository", read.Type!.ToDisplayString());
        }

        /// <summary>
        /// An argument the compiler bound to a value is no method group where the body is bound: the lookup by name also
        /// offered a source extension method named like the property (<c>Count(this Bag, int)</c> beside <c>Bag.Count</c>),
        /// which the model then drew as a call. A method group the compiler bound is still read as one.
        /// </summary>
        [Fact]
        public void AnArgumentBoundToAValue_IsNoMethodGroup_ThoughAnExtensionOfItsNameIsInScope()
        {
            const string Source = """
                using System.Collections.Generic;
                using System.Linq;

                namespace Shop
                {
                    public class Bag { public int Count { get; set; } }

                    public static class BagExtensions
                    {
                        public static int Count(this Bag bag, int extra) => bag.Count + extra;
                    }

                    public class Report
                    {
                        public static string Map(int number) => number.ToString();

                        public void Write(Bag bag, List<int> numbers)
                        {
                            Log(bag.Count);
                            var texts = numbers.Select(Map).ToList();
                        }

                        private static void Log(int value) { }
                    }
                }
                """;
            var (method, lookedUp, bound) = Readers(Source, "Write");
            var arguments = method.Body!.DescendantNodes().OfType<ArgumentSyntax>().Select(a => a.Expression).ToList();
            var count = arguments.Single(e => e.ToString() == "bag.Count");
            var map = arguments.Single(e => e.ToString() == "Map");

            Assert.Contains(lookedUp.MethodGroup(count), m => m.Name == "Count" && m.ContainingType.Name == "BagExtensions");
            Assert.Empty(bound.MethodGroup(count));
            Assert.Equal("Map", Assert.Single(bound.MethodGroup(map)).Name);
        }

        [Fact]
        public void ANameIsReadFromBinding_OnlyWhereTheRulesBindTheBodies()
        {
            const string Source = """
                using Microsoft.AspNetCore.Builder;
                var app = WebApplication.Create();
                app.MapGet("/", () => "ok");
                app.Run();
                """;
            var web = ModelHarness.CreateCompilation(new[] { Source }, kind: OutputKind.ConsoleApplication);
            Assert.True(new ModelScope(web).RulesBindBodies);

            // Every threat rule off: the driver runs no rule, so nothing binds the bodies but the model.
            var off = web.WithOptions(web.Options.WithSpecificDiagnosticOptions(
                RuleCatalog.All.Where(rule => rule.IsThreat).ToDictionary(rule => rule.Id, _ => ReportDiagnostic.Suppress)));
            Assert.False(new ModelScope(off).RulesBindBodies);

            // One opt-in rule switched on is enough.
            var optIn = RuleCatalog.All.First(rule => rule.IsThreat && !rule.Descriptor.IsEnabledByDefault).Id;
            var oneOn = web.WithOptions(web.Options.WithSpecificDiagnosticOptions(
                RuleCatalog.All.Where(rule => rule.IsThreat).ToDictionary(rule => rule.Id, rule => rule.Id == optIn ? ReportDiagnostic.Warn : ReportDiagnostic.Suppress)));
            Assert.True(new ModelScope(oneOn).RulesBindBodies);

            // A library where no route can be mapped: the rules' walk is not set up.
            var library = ModelHarness.CreateCompilation(new[] { "public class C { public int M() => 1; }" }, references: TestReferences.Library);
            Assert.False(new ModelScope(library).RulesBindBodies);
        }

        /// <summary>The method named <paramref name="methodName"/> of one compiled file, with a reader that looks names up and one that reads them from binding.</summary>
        private static (MethodDeclarationSyntax Method, BodyReader LookedUp, BodyReader Bound) Readers(string source, string methodName)
        {
            var compilation = ModelHarness.CreateCompilation(new[] { source });
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var tree = compilation.SyntaxTrees.Single();
            var model = compilation.GetSemanticModel(tree);
            var method = tree.GetRoot().DescendantNodes().OfType<MethodDeclarationSyntax>().Single(m => m.Identifier.ValueText == methodName);
            var owner = model.GetDeclaredSymbol(method)!;
            var lookedUp = new BodyReader(model, owner, owner.ContainingType, method.Body!, method.Body!.SpanStart, default);
            var bound = new BodyReader(model, owner, owner.ContainingType, method.Body!, method.Body!.SpanStart, default, sharesBinding: true);
            return (method, lookedUp, bound);
        }

        /// <summary>
        /// Each body of the sample (nullable on, as the sample builds: the compiler's symbols then carry inferred
        /// annotations) with a reader that looks names up and one that reads them from binding.
        /// </summary>
        private static IEnumerable<(SyntaxTree Tree, SemanticModel Model, IMethodSymbol Owner, SyntaxNode Body, BodyReader LookedUp, BodyReader Bound)> SampleReaders()
        {
            var compilation = SampleModelTests.SampleCompilation();
            compilation = compilation.WithOptions(compilation.Options.WithNullableContextOptions(NullableContextOptions.Enable));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            foreach (var tree in compilation.SyntaxTrees)
            {
                var model = compilation.GetSemanticModel(tree);
                foreach (var (owner, body, position) in Bodies(tree, model))
                {
                    yield return (tree, model, owner, body,
                        new BodyReader(model, owner, owner.ContainingType, body, position, default),
                        new BodyReader(model, owner, owner.ContainingType, body, position, default, sharesBinding: true));
                }
            }
        }

        /// <summary>Method, constructor and operator bodies, and route-handler lambdas as the model reads them (lookups before the mapping statement).</summary>
        private static IEnumerable<(IMethodSymbol Owner, SyntaxNode Body, int Position)> Bodies(SyntaxTree tree, SemanticModel model)
        {
            foreach (var node in tree.GetRoot().DescendantNodes())
            {
                switch (node)
                {
                    case BaseMethodDeclarationSyntax method when (method.Body ?? (SyntaxNode?)method.ExpressionBody) is { } body && model.GetDeclaredSymbol(method) is { } symbol:
                        yield return (symbol, body, body.SpanStart);
                        break;
                    case AnonymousFunctionExpressionSyntax lambda when BehaviorExtractor.IsRouteHandler(lambda) && model.GetSymbolInfo(lambda).Symbol is IMethodSymbol handler:
                        var statement = lambda.FirstAncestorOrSelf<StatementSyntax>();
                        yield return (handler, lambda.Body, statement?.SpanStart ?? lambda.SpanStart);
                        break;
                }
            }
        }

        /// <summary>The same generic type, where each type argument the lookup knew is the compiler's and some it left open.</summary>
        private static bool SameButInferred(BodyReader.Resolved before, BodyReader.Resolved after)
            => before.Kind == after.Kind && before.Type is INamedTypeSymbol { IsGenericType: true } open && after.Type is INamedTypeSymbol exact
               && SymbolEqualityComparer.Default.Equals(open.OriginalDefinition, exact.OriginalDefinition)
               && open.TypeArguments.Any(argument => argument is ITypeParameterSymbol)
               && open.TypeArguments.Zip(exact.TypeArguments, (known, inferred) => known is ITypeParameterSymbol || SymbolEqualityComparer.Default.Equals(known, inferred)).All(agrees => agrees)
               && (SymbolEqualityComparer.Default.Equals(before.Symbol, after.Symbol) || SymbolEqualityComparer.Default.Equals(before.Symbol?.OriginalDefinition, after.Symbol?.OriginalDefinition));

        private static bool Same(BodyReader.Resolved before, BodyReader.Resolved after)
            => before.Kind == after.Kind && SymbolEqualityComparer.Default.Equals(before.Type, after.Type)
               && SymbolEqualityComparer.Default.Equals(before.Symbol, after.Symbol)
               && before.Methods.SequenceEqual<IMethodSymbol, IMethodSymbol>(after.Methods, SymbolEqualityComparer.Default);
    }
}
