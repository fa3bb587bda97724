using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.LogForgingRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class LogForgingRuleTests
    {
        [Fact]
        public Task Interpolation_Concatenation_AndStringFormat_InTheMessage_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class AccountsController(ILogger<AccountsController> logger) : ControllerBase
                {
                    public void Interpolated(string {|#1:name|}) => logger.LogInformation({|#0:$"User {name} signed in"|});
                    public void Concatenated(string {|#3:name|}) => logger.LogWarning({|#2:"Failed sign-in for " + name|});
                    public void Formatted(string {|#5:name|}, int attempts) => logger.LogError({|#4:string.Format("User {0} failed {1} times", name, attempts)|});
                    public void WithException(string {|#7:name|}, Exception e) => logger.LogError(e, {|#6:$"Import of {name} failed"|});
                    public void TwoValues(string {|#9:name|}, string {|#10:city|}) => logger.LogInformation({|#8:$"User {name} moved to {city}"|});
                    public void ThroughALocal(string {|#13:name|})
                    {
                        var message = "Deleted " + name;
                        logger.LogInformation({|#12:message|});
                    }
                }
                """,
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", "", "AccountsController.Interpolated"),
                Verify.Diagnostic("TA3002").WithLocation(2).WithLocation(3).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogWarning", "", "AccountsController.Concatenated"),
                Verify.Diagnostic("TA3002").WithLocation(4).WithLocation(5).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogError", "", "AccountsController.Formatted"),
                Verify.Diagnostic("TA3002").WithLocation(6).WithLocation(7).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogError", "", "AccountsController.WithException"),
                Verify.Diagnostic("TA3002").WithLocation(8).WithLocation(9).WithLocation(10).WithArguments("'name', 'city'", "untrusted", "are written into", "ILogger.LogInformation", "", "AccountsController.TwoValues"),
                Verify.Diagnostic("TA3002").WithLocation(12).WithLocation(13).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", "", "AccountsController.ThroughALocal"));

        [Fact]
        public Task MessageTemplates_Sanitized_Constant_AndLocalInput_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class AccountsController(ILogger<AccountsController> logger) : ControllerBase
                {
                    public void Template(string name) => logger.LogInformation("User {Name} signed in", name);
                    public void TemplateWithException(string name, Exception e) => logger.LogError(e, "Import of {Name} failed", name);
                    public void Replaced(string name) => logger.LogInformation($"User {name.Replace("\n", "").Replace("\r", "")} signed in");
                    public void ReplacedChar(string name) => logger.LogInformation("User " + name.Replace('\n', '_'));
                    public void ReplacedNewLine(string name) => logger.LogInformation("User " + name.Replace(Environment.NewLine, " "));
                    public void LineEndings(string name) => logger.LogInformation($"User {name.ReplaceLineEndings("")}");
                    public void Constant() => logger.LogInformation($"Started at {DateTime.UtcNow}");
                    public void Number(int id) => logger.LogInformation("Order {Id} placed", id);
                    public void NumbersAndGuids(int id, Guid key, DateTime at) => logger.LogInformation($"Order {id} ({key}) placed at {at}");
                    public void Generated(string name) => Deleted(logger, name);

                    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Name}")]
                    private static void Deleted(ILogger logger, string name) { }

                    public static void Console(ILogger log) => log.LogInformation("Typed " + System.Console.ReadLine());
                }
                """);

        [Fact]
        public Task AReplaceOfSomethingElse_OrLineEndingsNormalized_StillFires()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class AccountsController(ILogger<AccountsController> logger) : ControllerBase
                {
                    public void Spaces(string {|#1:name|}) => logger.LogInformation({|#0:"User " + name.Replace(" ", "_")|});
                    public void Normalized(string {|#3:name|}) => logger.LogInformation({|#2:"User " + name.ReplaceLineEndings()|});
                }
                """,
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", "", "AccountsController.Spaces"),
                Verify.Diagnostic("TA3002").WithLocation(2).WithLocation(3).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", "", "AccountsController.Normalized"));

        [Fact]
        public Task MinimalApi_RequestValues_AndSerilog_Fire_TemplatesAreSilent()
            => new Verify.Test("""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Serilog;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/orders/{id}", (string {|#1:id|}) =>
                {
                    Log.Information({|#0:"Order " + id + " placed"|});
                    Log.Information("Order {Id} placed", id);
                });
                app.MapGet("/search", (HttpRequest request) =>
                {
                    Log.Logger.Warning({|#2:"Search for " + {|#3:request.Query|}["q"]|});
                });
                app.Run();
                """)
            {
                References = TestReferences.WebWithLibraries,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            }.RunWithAsync(
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithArguments("'id'", "untrusted", "is written into", "Log.Information", "", "POST /orders/{id}"),
                Verify.Diagnostic("TA3002").WithLocation(2).WithLocation(3).WithArguments("'request.Query'", "untrusted", "is written into", "ILogger.Warning", "", "GET /search"));

        [Fact]
        public Task ThroughAHelper_ReportedWhereTheValueEntersTheChain_WithThePath()
            => Verify.VerifyAnalyzerAsync("""
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class Audit(ILogger<Audit> logger)
                {
                    public void Write(string text) => logger.LogInformation({|#2:text|});
                }

                public class AccountsController(Audit audit) : ControllerBase
                {
                    public void Delete(string {|#1:name|}) => audit.Write({|#0:"Deleted " + name|});
                }
                """,
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", " via Audit.Write", "AccountsController.Delete"));
    }
}
