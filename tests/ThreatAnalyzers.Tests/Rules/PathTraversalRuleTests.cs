using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.PathTraversalRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class PathTraversalRuleTests
    {
        [Fact]
        public Task FileSystemSinks_FromAParameter_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Mvc;

                public class FilesController : ControllerBase
                {
                    private const string Root = "/srv/files";

                    public string Read(string {|#1:name|}) => System.IO.File.ReadAllText({|#0:Path.Combine(Root, name)|});
                    public void Delete(string {|#3:name|}) => Directory.Delete({|#2:Root + "/" + name|}, true);
                    public Stream Open(string {|#5:name|}) => new FileStream({|#4:$"{Root}/{name}"|}, FileMode.Open);
                    public long Size(string {|#7:name|}) => new FileInfo({|#6:Path.Join(Root, name)|}).Length;
                    public IActionResult Download(string {|#9:name|}) => PhysicalFile({|#8:Path.Combine(Root, name)|}, "application/octet-stream");
                    public void Copy(string {|#11:target|}) => System.IO.File.Copy("/srv/files/a.txt", {|#10:target|});
                    public bool Exists(string {|#13:name|}) => System.IO.File.Exists({|#12:name|});
                }
                """,
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "File.ReadAllText", "", "FilesController.Read"),
                Verify.Diagnostic("TA2005").WithLocation(2).WithLocation(3).WithArguments("name", "untrusted", "Directory.Delete", "", "FilesController.Delete"),
                Verify.Diagnostic("TA2005").WithLocation(4).WithLocation(5).WithArguments("name", "untrusted", "new FileStream", "", "FilesController.Open"),
                Verify.Diagnostic("TA2005").WithLocation(6).WithLocation(7).WithArguments("name", "untrusted", "new FileInfo", "", "FilesController.Size"),
                Verify.Diagnostic("TA2005").WithLocation(8).WithLocation(9).WithArguments("name", "untrusted", "ControllerBase.PhysicalFile", "", "FilesController.Download"),
                Verify.Diagnostic("TA2005").WithLocation(10).WithLocation(11).WithArguments("target", "untrusted", "File.Copy", "", "FilesController.Copy"),
                Verify.Diagnostic("TA2005").WithLocation(12).WithLocation(13).WithArguments("name", "untrusted", "File.Exists", "", "FilesController.Exists"));

        [Fact]
        public Task GetFileName_AndContainmentChecks_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using Microsoft.AspNetCore.Mvc;

                public class FilesController : ControllerBase
                {
                    private const string Root = "/srv/files/";

                    public string ByName(string name) => System.IO.File.ReadAllText(Path.Combine(Root, Path.GetFileName(name)));

                    public IActionResult Contained(string name)
                    {
                        var full = Path.GetFullPath(Path.Combine(Root, name));
                        if (!full.StartsWith(Root, StringComparison.Ordinal))
                        {
                            return BadRequest();
                        }

                        return PhysicalFile(full, "text/plain");
                    }

                    public string ContainedInline(string path)
                    {
                        if (Path.GetFullPath(path).StartsWith(Root, StringComparison.Ordinal))
                        {
                            return System.IO.File.ReadAllText(path);
                        }

                        return "";
                    }

                    public string Constant() => System.IO.File.ReadAllText(Path.Combine(Root, "index.html"));

                    public string ById(int id) => System.IO.File.ReadAllText(Path.Combine(Root, id + ".txt"));
                }
                """);

        [Fact]
        public Task ContainmentCheck_NotGuardingTheUse_Fires()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using Microsoft.AspNetCore.Mvc;

                public class FilesController : ControllerBase
                {
                    private const string Root = "/srv/files/";

                    public string Read(string {|#1:name|})
                    {
                        var full = Path.GetFullPath(Path.Combine(Root, name));
                        var inside = full.StartsWith(Root, StringComparison.Ordinal);
                        return System.IO.File.ReadAllText({|#0:full|});
                    }
                }
                """,
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "File.ReadAllText", "", "FilesController.Read"));

        [Fact]
        public Task ZipSlip_EntryFullName_Fires_EntryNameAndContainment_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.IO;
                using System.IO.Compression;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;

                public class ImportController : ControllerBase
                {
                    private const string Target = "/srv/import/";

                    public void Unsafe(IFormFile {|#1:upload|})
                    {
                        using var archive = new ZipArchive(upload.OpenReadStream());
                        foreach (var entry in archive.Entries)
                        {
                            entry.ExtractToFile({|#0:Path.Combine(Target, entry.FullName)|});
                        }
                    }

                    public void ByName(IFormFile upload)
                    {
                        using var archive = new ZipArchive(upload.OpenReadStream());
                        foreach (var entry in archive.Entries)
                        {
                            entry.ExtractToFile(Path.Combine(Target, entry.Name));
                        }
                    }

                    public void Contained(IFormFile upload)
                    {
                        using var archive = new ZipArchive(upload.OpenReadStream());
                        foreach (var entry in archive.Entries)
                        {
                            var destination = Path.GetFullPath(Path.Combine(Target, entry.FullName));
                            if (!destination.StartsWith(Target, StringComparison.Ordinal))
                            {
                                throw new InvalidOperationException("Entry outside the target folder");
                            }

                            entry.ExtractToFile(destination);
                        }
                    }
                }
                """,
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithArguments("upload", "untrusted", "ZipArchiveEntry.ExtractToFile", "", "ImportController.Unsafe"));

        [Fact]
        public Task ThroughAHelper_ReportedAtTheCall()
            => Verify.VerifyAnalyzerAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Mvc;

                public class FilesController : ControllerBase
                {
                    public string Read(string {|#1:name|}) => Load({|#0:name|});
                    public string Safe(string name) => Load(Path.GetFileName(name));
                    private static string Load(string file) => System.IO.File.ReadAllText({|#2:Path.Combine("/srv/files", file)|});
                }
                """,
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("name", "untrusted", "File.ReadAllText", " via FilesController.Load", "FilesController.Read"));

        [Fact]
        public Task MinimalApi_ResultsFile_AndRequestQuery_Fire()
            => Verify.VerifyProgramAsync("""
                using System.IO;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/files/{name}", (string {|#1:name|}) => Results.File({|#0:Path.Combine("/srv/files", name)|}));
                app.MapGet("/typed/{name}", (string {|#3:name|}) => TypedResults.PhysicalFile({|#2:Path.Combine("/srv/files", name)|}));
                app.MapGet("/query", (HttpContext context) => File.ReadAllText({|#4:{|#5:context.Request.Query|}["f"].ToString()|}));
                app.MapGet("/safe/{name}", (string name) => Results.File(Path.Combine("/srv/files", Path.GetFileName(name))));
                app.Run();
                """,
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithArguments("name", "untrusted", "Results.File", "", "GET /files/{name}"),
                Verify.Diagnostic("TA2005").WithLocation(2).WithLocation(3).WithArguments("name", "untrusted", "TypedResults.PhysicalFile", "", "GET /typed/{name}"),
                Verify.Diagnostic("TA2005").WithLocation(4).WithLocation(5).WithArguments("context.Request.Query", "untrusted", "File.ReadAllText", "", "GET /query"));

        [Fact]
        public Task MinimalApi_TheUsersPrincipal_IsNotRequestInput_AnnotatedNullableOrNot()
            => Verify.VerifyProgramAsync("""
                #nullable enable
                using System.IO;
                using System.Security.Claims;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/mine", (ClaimsPrincipal user) => Results.File(Path.Combine("/srv/files", user.Identity!.Name!)));
                app.MapGet("/maybe", (ClaimsPrincipal? user) => Results.File(Path.Combine("/srv/files", user!.Identity!.Name!)));
                app.Run();
                """);

        [Fact]
        public Task ValueAddedToACollectionMember_DoesNotTaintTheOtherMembers()
            => Verify.VerifyAnalyzerAsync("""
                using System.Collections.Generic;
                using System.IO;
                using System.Linq;
                using System.Text.Json;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class Note { public string Id { get; set; } = ""; public string Text { get; set; } = ""; }
                public class Article { public string Id { get; set; } = ""; public List<Note> Notes { get; } = new(); }
                public interface IArticleStore { Task<Article?> Find(string id); Task Save(Article article); }

                public class FileArticleStore : IArticleStore
                {
                    private readonly List<Article> cache = new();

                    public Task<Article?> Find(string id) => Task.FromResult(cache.FirstOrDefault(a => a.Id == id));

                    public async Task Save(Article article)
                    {
                        using var stream = new FileStream({|#2:PathOf(article)|}, FileMode.Create);
                        await JsonSerializer.SerializeAsync(stream, article);
                    }

                    private static string PathOf(Article article) => Path.Combine("/srv/articles", $"{article.Id}.json");
                }

                public class ArticlesController(IArticleStore store) : Controller
                {
                    // The note goes into article.Notes (the file's content), never into article.Id (its name).
                    [HttpPost]
                    public async Task<IActionResult> AddNote(string id, Note note)
                    {
                        var article = await store.Find(id);
                        if (article is null)
                        {
                            return NotFound();
                        }

                        article.Notes.Add(note);
                        article.Notes.Insert(0, note);
                        article.Notes.AddRange(new[] { note });
                        article.Notes[0] = note;
                        await store.Save(article);
                        return Ok();
                    }

                    // The bound article's own Id names the file.
                    [HttpPost]
                    public async Task<IActionResult> Replace(Article {|#1:article|})
                    {
                        await store.Save({|#0:article|});
                        return Ok();
                    }
                }
                """,
                Verify.Diagnostic("TA2005").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("article", "untrusted", "new FileStream", " via IArticleStore.Save", "ArticlesController.Replace"));

        [Fact]
        public Task ConsoleInput_IsTheLocalUsersOwnChoice_Silent()
            => Verify.VerifyAnalyzerAsync("""
                public static class Tool
                {
                    public static string Show() => System.IO.File.ReadAllText(System.Console.ReadLine()!);
                }
                """);
    }
}
