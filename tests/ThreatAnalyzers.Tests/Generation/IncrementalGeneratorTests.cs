using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using ThreatAnalyzers.Generation;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Generation
{
    /// <summary>The generator stays incremental: edits that change no fact leave the model cached; real changes come through.</summary>
    public class IncrementalGeneratorTests
    {
        private const string Api = """
            using Microsoft.AspNetCore.Builder;
            using Microsoft.EntityFrameworkCore;
            using ThreatAnalyzers;

            var app = WebApplication.CreateBuilder(args).Build();
            app.MapGet("/customers", (ClinicDb db) => db.Customers.ToListAsync());
            app.Run();

            public class Customer { public int Id { get; set; } [HandlesPii] public string Email { get; set; } }

            public class ClinicDb : DbContext { public DbSet<Customer> Customers { get; set; } }
            """;

        private const string Service = """
            public class Greeter
            {
                public string Greet(string name)
                {
                    var greeting = "Hello";
                    return greeting + ", " + name;
                }
            }
            """;

        private static readonly string[] ModelSteps = { TrackingNames.ModelInputs, TrackingNames.Model, TrackingNames.Artifacts };

        [Fact]
        public void EditInsideAMethodBody_ThatChangesNoFlow_LeavesTheModelStepsCached()
        {
            var first = GeneratorHarness.Run(new[] { Api, Service }, kind: OutputKind.ConsoleApplication);
            var before = first.Artifacts();

            var edited = Replace(first.Compilation, 1, Service.Replace("\"Hello\"", "\"Good morning\""));
            var second = first.RunAgain(edited);

            AssertSteps(second, ModelSteps, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
            Assert.Equal(before, second.Artifacts());
        }

        [Fact]
        public void EditInsideTheEntryPointsBody_ThatChangesNoFlow_LeavesTheModelUnchanged()
        {
            var first = GeneratorHarness.Run(new[] { Api, Service }, kind: OutputKind.ConsoleApplication);
            var edited = Replace(first.Compilation, 0, Api.Replace("db.Customers.ToListAsync()", "db.Customers.AsNoTracking().ToListAsync()"));
            var second = first.RunAgain(edited);

            AssertSteps(second, new[] { TrackingNames.Model, TrackingNames.Artifacts }, IncrementalStepRunReason.Cached, IncrementalStepRunReason.Unchanged);
        }

        [Fact]
        public void AddingAnEntryPoint_ChangesTheOutput()
        {
            var first = GeneratorHarness.Run(new[] { Api, Service }, kind: OutputKind.ConsoleApplication);
            var edited = Replace(first.Compilation, 0, Api.Replace("app.Run();", "app.MapDelete(\"/customers/{id}\", (int id) => id);\napp.Run();"));
            var second = first.RunAgain(edited);

            AssertSteps(second, ModelSteps, IncrementalStepRunReason.Modified);
            Assert.True(second.Model().HasElement("DELETE /customers/{id}"));
            Assert.False(first.Model().HasElement("DELETE /customers/{id}"));
        }

        [Fact]
        public void NoStepOutputOfOurs_HoldsASymbolSyntaxNodeLocationOrCompilation()
        {
            const string repository = """
                using System.Linq;
                public interface IRepo { object All(); }
                public class Repo(ClinicDb db) : IRepo { public object All() => db.Customers.ToList(); }
                """;
            var run = GeneratorHarness.Run(new[] { Api, Service, repository }, kind: OutputKind.ConsoleApplication).Result.Results.Single();
            var forbidden = new[] { typeof(ISymbol), typeof(SyntaxNode), typeof(SyntaxTree), typeof(Location), typeof(Compilation), typeof(SemanticModel), typeof(IOperation) };
            var stepsChecked = 0;
            var ours = typeof(TrackingNames).GetFields().Select(f => (string)f.GetValue(null)!).ToHashSet();
            Assert.True(ours.Count >= 10);
            foreach (var (name, steps) in run.TrackedSteps.Where(s => ours.Contains(s.Key)))
            {
                foreach (var step in steps)
                {
                    foreach (var (value, _) in step.Outputs)
                    {
                        stepsChecked++;
                        var offending = FindForbidden(value, forbidden, new HashSet<object>(ReferenceEqualityComparer.Instance), "output");
                        Assert.True(offending is null, $"Step '{name}' holds {offending}");
                    }
                }
            }

            Assert.True(stepsChecked > 0, "the walk must have looked at the tracked steps");
            Assert.All(new[] { TrackingNames.MethodFacts, TrackingNames.RouteFacts, TrackingNames.ModelInputs, TrackingNames.Model, TrackingNames.Artifacts },
                name => Assert.True(run.TrackedSteps.ContainsKey(name), $"step {name} was not tracked"));
        }

        private static void AssertSteps(GeneratorHarness harness, IEnumerable<string> names, params IncrementalStepRunReason[] allowed)
        {
            var tracked = harness.Result.Results.Single().TrackedSteps;
            foreach (var name in names)
            {
                Assert.True(tracked.ContainsKey(name), $"no tracked step named {name}");
                foreach (var step in tracked[name])
                {
                    foreach (var (_, reason) in step.Outputs)
                    {
                        Assert.True(allowed.Contains(reason), $"step {name} was {reason}, expected {string.Join(" or ", allowed)}");
                    }
                }
            }
        }

        private static CSharpCompilation Replace(CSharpCompilation compilation, int index, string newText)
        {
            var old = compilation.SyntaxTrees.ElementAt(index);
            return compilation.ReplaceSyntaxTree(old, old.WithChangedText(Microsoft.CodeAnalysis.Text.SourceText.From(newText)));
        }

        private static string? FindForbidden(object? value, Type[] forbidden, HashSet<object> seen, string path)
        {
            if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum || !seen.Add(value))
            {
                return null;
            }

            if (forbidden.Any(t => t.IsInstanceOfType(value)))
            {
                return $"{path}: {value.GetType().Name}";
            }

            if (value is IEnumerable items)
            {
                var i = 0;
                foreach (var item in items)
                {
                    if (FindForbidden(item, forbidden, seen, $"{path}[{i++}]") is { } found)
                    {
                        return found;
                    }
                }
            }

            foreach (var field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            {
                if (FindForbidden(field.GetValue(value), forbidden, seen, $"{path}.{field.Name}") is { } found)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
