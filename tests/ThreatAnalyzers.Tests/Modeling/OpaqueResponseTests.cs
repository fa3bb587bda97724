using System.Linq;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// Text, bytes and values whose type only binding could tell carry what they were made of: a CSV export of customers
    /// sends personal data to its caller even though its declared type is a byte array.
    /// </summary>
    public class OpaqueResponseTests
    {
        private const string Shape = """
            using System.Linq;
            using System.Text;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            using Microsoft.EntityFrameworkCore;
            using ThreatAnalyzers;

            public class Customer { public int Id { get; set; } [HandlesPii] public string Email { get; set; } }
            public class Db : DbContext { public DbSet<Customer> Customers => Set<Customer>(); }

            [ApiController]
            public class ReportsController(Db db) : ControllerBase
            {
                [HttpGet("export")]
                public async Task<IActionResult> Export()
                {
                    BODY
                }
            }
            """;

        [Theory]
        [InlineData("var lines = await db.Customers.Select(c => $\"{c.Id},{c.Email}\").ToListAsync(); return File(Encoding.UTF8.GetBytes(string.Join('\\n', lines)), \"text/csv\");")]
        [InlineData("var lines = await db.Customers.Select(c => c.Email).ToListAsync(); return Ok(string.Join(\",\", lines));")]
        public void TextOrBytesMadeFromPersonalData_CarryItToTheCaller(string body)
        {
            var response = ResponseOf(body);
            Assert.Equal(new[] { DataClasses.Pii }, response!.DataClasses);
        }

        [Theory]
        [InlineData("var count = await db.Customers.CountAsync(); return Ok(count.ToString());")]
        [InlineData("await db.Customers.Where(c => c.Id == 0).ExecuteDeleteAsync(); return Ok(\"deleted\");")]
        public void TextNotMadeFromPersonalData_CarriesNothing(string body)
        {
            var response = ResponseOf(body);
            Assert.NotNull(response);
            Assert.Empty(response!.DataClasses);
        }

        /// <summary>Half-typed code reads a local in its own initializer: no type, and no endless walk.</summary>
        [Fact]
        public void ALocalReadInItsOwnInitializer_HasNoTypeFromIt()
        {
            var model = ModelHarness.Run(new[] { Shape.Replace("BODY", "var text = text + \"x\"; return Ok(text);") }).BuiltModel();
            Assert.NotNull(model);
        }

        private static Flow? ResponseOf(string body)
        {
            var model = ModelHarness.Run(new[] { Shape.Replace("BODY", body) }).BuiltModel();
            return model.Flows.SingleOrDefault(f => f.From == "process:M:ReportsController.Export" && f.To == "client:internet");
        }
    }
}
