using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.LogForgingRule,
    ThreatAnalyzers.CodeFixes.Rules.LogForgingFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class LogForgingFixerTests
    {
        [Fact]
        public Task Interpolation_Concatenation_AndStringFormat_BecomeTemplates_FixAll()
            => new Verify.Test
            {
                CodeActionEquivalenceKey = "TA3002.Template",
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.Extensions.Logging;

                        public class Order { public string Id { get; set; } = ""; public decimal Total { get; set; } }

                        public class AccountsController(ILogger<AccountsController> logger) : ControllerBase
                        {
                            public void Interpolated(string {|#1:name|}) => logger.LogInformation({|#0:$"User {name} signed in {{at once}}"|});
                            public void Concatenated(string {|#3:userName|}, int attempts) => logger.LogWarning({|#2:"Failed sign-in for " + userName + " after " + attempts + " tries"|});
                            public void Formatted(string {|#5:name|}, decimal total) => logger.LogError({|#4:string.Format("User {0} paid {1:C} ({0})", name, total)|});
                            public void WithException(Order {|#7:order|}, Exception e) => logger.LogError(e, {|#6:$"Import of {order.Id,-10} failed for {order.Total:N2}"|});
                            public void TwoOfTheSameName(Order {|#9:order|}, Order {|#10:other|}) => logger.LogInformation({|#8:$"Merged {order.Id} into {other.Id}"|});
                        }
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.Extensions.Logging;

                        public class Order { public string Id { get; set; } = ""; public decimal Total { get; set; } }

                        public class AccountsController(ILogger<AccountsController> logger) : ControllerBase
                        {
                            public void Interpolated(string name) => logger.LogInformation("User {Name} signed in {{at once}}", name);
                            public void Concatenated(string userName, int attempts) => logger.LogWarning("Failed sign-in for {UserName} after {Attempts} tries", userName, attempts);
                            public void Formatted(string name, decimal total) => logger.LogError("User {Name} paid {Total:C} ({Name})", name, total);
                            public void WithException(Order order, Exception e) => logger.LogError(e, "Import of {Id,-10} failed for {Total:N2}", order.Id, order.Total);
                            public void TwoOfTheSameName(Order order, Order other) => logger.LogInformation("Merged {Id} into {Id2}", order.Id, other.Id);
                        }
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", "", "AccountsController.Interpolated"),
                Verify.Diagnostic("TA3002").WithLocation(2).WithLocation(3).WithArguments("'userName'", "untrusted", "is written into", "ILogger.LogWarning", "", "AccountsController.Concatenated"),
                Verify.Diagnostic("TA3002").WithLocation(4).WithLocation(5).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogError", "", "AccountsController.Formatted"),
                Verify.Diagnostic("TA3002").WithLocation(6).WithLocation(7).WithArguments("'order'", "untrusted", "is written into", "ILogger.LogError", "", "AccountsController.WithException"),
                Verify.Diagnostic("TA3002").WithLocation(8).WithLocation(9).WithLocation(10).WithArguments("'order', 'other'", "untrusted", "are written into", "ILogger.LogInformation", "", "AccountsController.TwoOfTheSameName"));

        [Fact]
        public Task Serilog_MinimalApi_BecomesATemplate()
            => new Verify.Test
            {
                References = TestReferences.WebWithLibraries,
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                CodeActionEquivalenceKey = "TA3002.Template",
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Serilog;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapPost("/orders/{id}", (string {|#1:id|}) => Log.Information({|#0:"Order " + id + " placed"|}));
                        app.Run();
                        """,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Builder;
                        using Serilog;

                        var app = WebApplication.CreateBuilder(args).Build();
                        app.MapPost("/orders/{id}", (string id) => Log.Information("Order {Id} placed", id));
                        app.Run();
                        """,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithArguments("'id'", "untrusted", "is written into", "Log.Information", "", "POST /orders/{id}"));

        [Fact]
        public Task AVariable_OrAHelper_HasNoMechanicalFix()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.AspNetCore.Mvc;
                        using Microsoft.Extensions.Logging;

                        public class Audit(ILogger<Audit> logger)
                        {
                            public void Write(string text) => logger.LogInformation({|#4:text|});
                        }

                        public class AccountsController(ILogger<AccountsController> logger, Audit audit) : ControllerBase
                        {
                            public void Local(string {|#1:name|})
                            {
                                var message = "Deleted " + name;
                                logger.LogInformation({|#0:message|});
                            }

                            public void Helper(string {|#3:name|}) => audit.Write({|#2:"Deleted " + name|});
                        }
                        """,
                    },
                },
                FixedState = { MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(
                Verify.Diagnostic("TA3002").WithLocation(0).WithLocation(1).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", "", "AccountsController.Local"),
                Verify.Diagnostic("TA3002").WithLocation(2).WithLocation(3).WithLocation(4).WithArguments("'name'", "untrusted", "is written into", "ILogger.LogInformation", " via Audit.Write", "AccountsController.Helper"));
    }
}
