using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// TA3001 is a threat of the entry point that changes the store unaudited; TA3002 a threat of the Logs store whose
    /// entries can be forged. Both carry the STRIDE letter R and the warning's message; the audited and templated
    /// counterparts give none.
    /// </summary>
    public class RepudiationThreatsTests
    {
        [Fact]
        public async Task UnauditedWrite_IsAThreatOfItsAction_LogForging_AThreatOfTheLogs()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;

                namespace Portal
                {
                    public class Note
                    {
                        public int Id { get; set; }
                        public string Text { get; set; } = "";
                    }

                    public class NotesDb(DbContextOptions<NotesDb> options) : DbContext(options)
                    {
                        public DbSet<Note> Notes => Set<Note>();
                    }

                    [Authorize]
                    public class NotesController(NotesDb db, ILogger<NotesController> logger) : Controller
                    {
                        [HttpPost]
                        public void Add(Note note) { db.Notes.Add(note); db.SaveChanges(); }

                        [HttpPut]
                        public void Edit(Note note) { db.Notes.Update(note); db.SaveChanges(); logger.LogInformation("Note {Id} edited", note.Id); }

                        [HttpGet]
                        public void Search(string text) => logger.LogInformation($"Searched for {text}");

                        [HttpGet]
                        public void Find(string text) => logger.LogInformation("Searched for {Text}", text);
                    }
                }
                """,
            });

            var unaudited = Assert.Single(build.Warnings, d => d.Id == "TA3001");
            var threat = Assert.Single(build.Model.Threats, t => t.RuleId == "TA3001");
            Assert.Equal(unaudited.GetMessage(System.Globalization.CultureInfo.InvariantCulture), threat.Message);
            Assert.Equal(ThreatStatuses.Open, threat.Status);
            Assert.Contains("Repudiation", threat.Category, System.StringComparison.OrdinalIgnoreCase);
            Assert.Contains(build.Model.Elements, e => e.Id == threat.Element && e.Kind == ElementKinds.Process && e.Name == "NotesController.Add");

            var forged = Assert.Single(build.Warnings, d => d.Id == "TA3002");
            var forging = Assert.Single(build.Model.Threats, t => t.RuleId == "TA3002");
            Assert.Equal(forged.GetMessage(System.Globalization.CultureInfo.InvariantCulture), forging.Message);
            Assert.Equal(ModelText.LogsElementId, forging.Element);
            Assert.Contains("Repudiation", forging.Category, System.StringComparison.OrdinalIgnoreCase);
            Assert.Contains("NotesController.Search", forging.Message, System.StringComparison.Ordinal);
        }
    }
}
