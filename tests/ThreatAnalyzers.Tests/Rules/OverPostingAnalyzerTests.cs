using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.OverPostingRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class OverPostingAnalyzerTests
    {
        private const string Store = """
            using Microsoft.EntityFrameworkCore;

            namespace Shop
            {
                public class Product
                {
                    public int Id { get; set; }
                    public string Name { get; set; } = "";
                    public decimal Price { get; set; }
                    public bool IsApproved { get; set; }
                }

                public class ProductRequest
                {
                    public string Name { get; set; } = "";
                }

                public class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
                {
                    public DbSet<Product> Products => Set<Product>();
                }
            }
            """;

        private static Task Run(string source, params DiagnosticResult[] expected)
            => new Verify.Test(source, Store) { References = TestReferences.WebWithLibraries }.RunWithAsync(expected);

        [Fact]
        public Task ControllerActions_SavingTheBoundEntity_AreReportedOnTheParameter()
            => Run(
                """
                using System.Collections.Generic;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        [HttpPost]
                        public async Task<IActionResult> Create([FromBody] Product {|#0:product|})
                        {
                            db.Products.Add({|#1:product|});
                            await db.SaveChangesAsync();
                            return Ok(product.Id);
                        }

                        [HttpPut("{id}")]
                        public IActionResult Edit(int id, Product {|#2:product|})
                        {
                            db.Update({|#3:product|});
                            db.SaveChanges();
                            return NoContent();
                        }

                        [HttpPost("batch")]
                        public IActionResult Import(List<Product> {|#4:products|})
                        {
                            db.Products.AddRange({|#5:products|});
                            db.SaveChanges();
                            return NoContent();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2006").WithLocation(0).WithLocation(1).WithArguments("product", "Product", "DbSet.Add", ""),
                Verify.Diagnostic("TA2006").WithLocation(2).WithLocation(3).WithArguments("product", "Product", "DbContext.Update", ""),
                Verify.Diagnostic("TA2006").WithLocation(4).WithLocation(5).WithArguments("products", "Product", "DbSet.AddRange", ""));

        [Fact]
        public Task MinimalApi_SavingTheBoundEntity_IsReportedOnTheLambdaParameter()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Shop;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPut("/products/{id}", async (int id, Product {|#0:product|}, ShopDb db) =>
                {
                    db.Products.Attach({|#1:product|});
                    await db.SaveChangesAsync();
                    return Results.NoContent();
                });
                app.MapPost("/products", async (ProductRequest request, ShopDb db) =>
                {
                    var product = new Product { Name = request.Name };
                    db.Products.Add(product);
                    await db.SaveChangesAsync();
                    return Results.Created($"/products/{product.Id}", product.Id);
                });
                app.Run();
                """,
                Store) { References = TestReferences.WebWithLibraries, OutputKind = OutputKind.ConsoleApplication }.RunWithAsync(
                Verify.Diagnostic("TA2006").WithLocation(0).WithLocation(1).WithArguments("product", "Product", "DbSet.Attach", ""));

        [Fact]
        public Task RequestTypes_IncludeLists_AndCopiedValues_AreSilent()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    public class ProductsController(ShopDb db) : Controller
                    {
                        [HttpPost]
                        public IActionResult Create(ProductRequest request)
                        {
                            db.Products.Add(new Product { Name = request.Name });
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpPost]
                        public IActionResult CreateBound([Bind("Name,Price")] Product product)
                        {
                            db.Products.Add(product);
                            db.SaveChanges();
                            return Ok();
                        }

                        [HttpPost]
                        public IActionResult Edit(int id, Product input)
                        {
                            var existing = db.Products.Find(id);
                            if (existing is null)
                            {
                                return NotFound();
                            }

                            existing.Name = input.Name;
                            db.SaveChanges();
                            return Ok();
                        }
                    }
                }
                """);

        [Fact]
        public Task BoundEntity_TouchedUpBeforeItIsSaved_IsStillReported()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        [HttpPut("{id}")]
                        public IActionResult Edit(int id, Product {|#0:product|})
                        {
                            product.Id = id;
                            product.Name = product.Name.Trim();
                            db.Products.Update({|#1:product|});
                            db.SaveChanges();
                            return NoContent();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2006").WithLocation(0).WithLocation(1).WithArguments("product", "Product", "DbSet.Update", ""));

        [Fact]
        public Task ThroughAHelper_IsReportedOnTheParameter_WithThePath()
            => Run(
                """
                using Microsoft.AspNetCore.Mvc;

                namespace Shop
                {
                    [ApiController]
                    [Route("products")]
                    public class ProductsController(ShopDb db) : ControllerBase
                    {
                        [HttpPost]
                        public IActionResult Create(Product {|#0:product|})
                        {
                            Save({|#1:product|});
                            return Ok();
                        }

                        private void Save(Product entity)
                        {
                            db.Add({|#2:entity|});
                            db.SaveChanges();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2006").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("product", "Product", "DbContext.Add", " via ProductsController.Save"));

        [Fact]
        public Task BoundEntity_TouchedUpFromItsOwnMembers_BeforeAdd_IsReported()
            => Run(
                """
                using System;
                using System.Linq;
                using System.Security.Cryptography;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;

                namespace Shop
                {
                    public class ResetRequest
                    {
                        public int Id { get; set; }
                        public string Token { get; set; } = "";
                        public string Email { get; set; } = "";
                        public DateTime CreatedAt { get; set; }
                        public DateTime UpdatedAt { get; set; }
                    }

                    public class ResetDb(DbContextOptions<ResetDb> options) : DbContext(options)
                    {
                        public DbSet<ResetRequest> Resets { get; set; } = null!;
                    }

                    [Route("api/resets")]
                    public class ResetsController(ResetDb db) : Controller
                    {
                        [HttpPost]
                        public IActionResult Post([FromBody] ResetRequest {|#0:reset|})
                        {
                            if (!ModelState.IsValid)
                            {
                                return BadRequest(ModelState);
                            }

                            if (!db.Resets.Any(r => r.Email == reset.Email))
                            {
                                return BadRequest();
                            }

                            var hash = SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(reset.Email));
                            reset.Token = Convert.ToHexString(hash).ToLowerInvariant();
                            reset.CreatedAt = reset.UpdatedAt = DateTime.UtcNow;
                            db.Resets.Add({|#1:reset|});
                            db.SaveChanges();
                            return Ok();
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2006").WithLocation(0).WithLocation(1).WithArguments("reset", "ResetRequest", "DbSet.Add", ""));
    }
}
