using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// Explicit type arguments on an extension method whose other type parameters come from the receiver: Roslyn cannot
    /// construct such a method without binding the call. Found on a real minimal-API app, where it crashed the model
    /// (CS8785) and left a stale model behind.
    /// </summary>
    public class ExplicitTypeArgumentTests
    {
        [Fact]
        public void AddEndpointFilterOfT_AndSelectOfTT_DoNotBreakTheModel()
        {
            var harness = ModelHarness.Run(
                new[]
                {
                    """
                    using System.Collections.Generic;
                    using System.Linq;
                    using System.Threading.Tasks;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.Routing;

                    var app = WebApplication.CreateBuilder(args).Build();
                    var group = app.MapGroup("/api");
                    Filters.Configure(group);
                    group.MapGet("/items", () => Filters.Numbers(new List<int> { 1, 2 }));
                    app.Run();

                    public class AuditFilter : IEndpointFilter
                    {
                        public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next) => next(context);
                    }

                    public static class Filters
                    {
                        public static void Configure(RouteGroupBuilder group) => group.AddEndpointFilter<AuditFilter>();

                        public static List<int> Numbers(List<int> xs) => xs.Select<int, int>(x => x * 2).ToList();
                    }
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            Assert.Contains(harness.BuiltModel().Elements, e => e.Name == "GET /api/items");
        }
    }
}
