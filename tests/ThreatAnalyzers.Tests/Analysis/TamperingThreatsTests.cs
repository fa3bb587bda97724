using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>TA2001, TA2002 and TA2006 findings are threats of the entry point whose code has them, in the artifact as in the build.</summary>
    public class TamperingThreatsTests
    {
        [Fact]
        public async Task EachFinding_IsAThreatOfItsEntryPoint_WithTheWarningsMessageAndLine()
        {
            var build = await ThreatModelHarness.RunAsync(
                new[]
                {
                    """
                    using Microsoft.EntityFrameworkCore;

                    namespace Portal
                    {
                        public class Product
                        {
                            public int Id { get; set; }
                            public string Name { get; set; } = "";
                        }

                        public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                        {
                            public DbSet<Product> Products => Set<Product>();
                        }
                    }
                    """,
                    """
                    using System.Linq;
                    using Microsoft.AspNetCore.Builder;
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.EntityFrameworkCore;
                    using Portal;

                    var app = WebApplication.CreateBuilder(args).Build();
                    app.MapGet("/products/search", (string name, ShopDb db) => db.Products.FromSqlRaw("SELECT * FROM Products WHERE Name = '" + name + "'").ToList())
                        .AllowAnonymous();
                    app.MapPut("/products", (Product product, ShopDb db) =>
                    {
                        db.Products.Update(product);
                        return db.SaveChanges();
                    }).AllowAnonymous();
                    app.Run();
                    """,
                },
                kind: OutputKind.ConsoleApplication);

            var search = build.Model.Elements.Single(e => e.Name == "GET /products/search");
            var put = build.Model.Elements.Single(e => e.Name == "PUT /products");
            foreach (var (rule, element) in new[] { ("TA2002", search.Id), ("TA2006", put.Id), ("TA2001", put.Id) })
            {
                var warning = Assert.Single(build.Warnings, d => d.Id == rule);
                var threat = Assert.Single(build.Model.Threats, t => t.RuleId == rule);
                Assert.Equal((element, ThreatStatuses.Open, "Tampering"), (threat.Element, threat.Status, threat.Category));
                Assert.Equal(warning.GetMessage(System.Globalization.CultureInfo.InvariantCulture), threat.Message);
                Assert.Equal(warning.Location.GetLineSpan().StartLinePosition.Line + 1, threat.Location!.Line);
            }

            // The PUT also changes the store with no audit trail (TA3001, Repudiation): a threat of the same entry point.
            Assert.Equal(put.Id, Assert.Single(build.Model.Threats, t => t.RuleId == "TA3001").Element);
            // Neither endpoint is rate-limited (TA5001), and the PUT binds an unbounded Product.Name (TA5003): threats of the same entry points.
            Assert.Equal(put.Id, Assert.Single(build.Model.Threats, t => t.RuleId == "TA5003").Element);
            Assert.Equal(new[] { put.Id, search.Id }.OrderBy(i => i), build.Model.Threats.Where(t => t.RuleId == "TA5001").Select(t => t.Element).OrderBy(i => i));
            Assert.Equal(7, build.Model.Threats.Count);
        }
    }
}
