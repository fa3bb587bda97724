using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.StateChangeWithoutAuditTrailRule,
    ThreatAnalyzers.CodeFixes.Rules.StateChangeWithoutAuditTrailFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class StateChangeWithoutAuditTrailFixerTests
    {
        private const string Shop = """
            using Microsoft.EntityFrameworkCore;

            public class Product
            {
                public int Id { get; set; }
                public string Name { get; set; } = "";
            }

            public class ShopDbContext : DbContext
            {
                public DbSet<Product> Products => Set<Product>();
            }
            """;

        [Fact]
        public Task WithALoggerInScope_AStructuredAuditEntryIsWritten_FixAll()
            => new Verify.Test
            {
                References = TestReferences.WebWithLibraries,
                CodeActionEquivalenceKey = "TA3001.LogEntry",
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.Threading.Tasks;
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.AspNetCore.Mvc.RazorPages;

                        public class ProductsController(ShopDbContext db, Microsoft.Extensions.Logging.ILogger<ProductsController> logger) : ControllerBase
                        {
                            [HttpPost]
                            public async Task<IActionResult> {|#0:Save|}(Product product)
                            {
                                db.Products.Add(product);
                                await db.SaveChangesAsync();
                                return NoContent();
                            }

                            [HttpDelete]
                            public void {|#1:Remove|}(Product product)
                            {
                                db.Remove(product);
                                db.SaveChanges();
                            }
                        }

                        public class EditModel : PageModel
                        {
                            private readonly ShopDbContext db;
                            private readonly Microsoft.Extensions.Logging.ILogger<EditModel> _logger;

                            public EditModel(ShopDbContext db, Microsoft.Extensions.Logging.ILogger<EditModel> logger) => (this.db, _logger) = (db, logger);

                            public void {|#2:OnPost|}(Product product)
                            {
                                db.Update(product);
                                db.SaveChanges();
                            }
                        }
                        """,
                        Shop,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System.Threading.Tasks;
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.AspNetCore.Mvc.RazorPages;
                        using Microsoft.Extensions.Logging;

                        public class ProductsController(ShopDbContext db, Microsoft.Extensions.Logging.ILogger<ProductsController> logger) : ControllerBase
                        {
                            [HttpPost]
                            public async Task<IActionResult> Save(Product product)
                            {
                                db.Products.Add(product);
                                await db.SaveChangesAsync();
                                logger.LogInformation("Audit: {Action} by {User}", nameof(Save), User.Identity?.Name);
                                return NoContent();
                            }

                            [HttpDelete]
                            public void Remove(Product product)
                            {
                                db.Remove(product);
                                db.SaveChanges();
                                logger.LogInformation("Audit: {Action} by {User}", nameof(Remove), User.Identity?.Name);
                            }
                        }

                        public class EditModel : PageModel
                        {
                            private readonly ShopDbContext db;
                            private readonly Microsoft.Extensions.Logging.ILogger<EditModel> _logger;

                            public EditModel(ShopDbContext db, Microsoft.Extensions.Logging.ILogger<EditModel> logger) => (this.db, _logger) = (db, logger);

                            public void OnPost(Product product)
                            {
                                db.Update(product);
                                db.SaveChanges();
                                _logger.LogInformation("Audit: {Action} by {User}", nameof(OnPost), User.Identity?.Name);
                            }
                        }
                        """,
                        Shop,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA3001").WithLocation(0).WithArguments("ProductsController.Save", "writes to 'ShopDbContext'"),
                Verify.Diagnostic("TA3001").WithLocation(1).WithArguments("ProductsController.Remove", "writes to 'ShopDbContext'"),
                Verify.Diagnostic("TA3001").WithLocation(2).WithArguments("EditModel.OnPost", "writes to 'ShopDbContext'"));

        [Fact]
        public Task WithoutALogger_OrForAMinimalApi_NoEntryIsOffered()
            => new Verify.Test
            {
                References = TestReferences.WebWithLibraries,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Microsoft.AspNetCore.Mvc;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.{|#1:MapPost|}("/products", (Product product, ShopDbContext db) => { db.Add(product); db.SaveChanges(); });
                        app.Run();

                        public class ProductsController(ShopDbContext db) : ControllerBase
                        {
                            [HttpPost]
                            public void {|#0:Save|}(Product product) { db.Add(product); db.SaveChanges(); }
                        }
                        """,
                        Shop,
                    },
                },
                FixedState = { MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(
                Verify.Diagnostic("TA3001").WithLocation(0).WithArguments("ProductsController.Save", "writes to 'ShopDbContext'"),
                Verify.Diagnostic("TA3001").WithLocation(1).WithArguments("POST /products", "writes to 'ShopDbContext'"));
    }
}
