using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.SensitiveDataWrittenToLogRule,
    ThreatAnalyzers.CodeFixes.Rules.SensitiveDataWrittenToLogFixer>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class SensitiveDataWrittenToLogFixerTests
    {
        private const string Customer = """
            public class Customer
            {
                public int Id { get; set; }
                [ThreatAnalyzers.HandlesPii] public string Email { get; set; }
            }
            """;

        [Fact]
        public Task StructuredArgument_AndInterpolationHole_AreRedacted_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email} with id {Id}", {|#0:customer.Email|}, customer.Id);
                                logger.LogWarning({|#1:$"Bounce for {{|#2:customer.Email|}} ({customer.Id})"|});
                            }
                        }
                        """,
                        Customer,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email} with id {Id}", "[redacted]", customer.Id);
                                logger.LogWarning($"Bounce for [redacted] ({customer.Id})");
                            }
                        }
                        """,
                        Customer,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                Verify.Diagnostic("TA4001").WithLocation(1).WithLocation(2).WithArguments("customer.Email", "PII", "ILogger.LogWarning", ""));

        [Fact]
        public Task ThroughAnotherMethod_HasNoMechanicalFix()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer) => Audit({|#0:customer.Email|});

                            private void Audit(string value) => logger.LogInformation("{Value}", {|#1:value|});
                        }
                        """,
                        Customer,
                    },
                },
                FixedState = { InheritanceMode = Microsoft.CodeAnalysis.Testing.StateInheritanceMode.AutoInheritAll, MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow },
            }.RunWithAsync(Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(1).WithArguments("customer.Email", "PII", "ILogger.LogInformation", " via Registration.Audit"));

        [Fact]
        public Task OnlyTheSensitiveOperand_IsRedacted_InAConcatenation_AndAnAnonymousObject_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation({|#0:"Concat " + {|#1:customer.Email|} + " done"|});
                                logger.LogInformation("Registered {@Customer}", {|#2:new { customer.Id, {|#3:customer.Email|} }|});
                            }
                        }
                        """,
                        Customer,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Concat " + "[redacted]" + " done");
                                logger.LogInformation("Registered {@Customer}", new { customer.Id, Email = "[redacted]" });
                            }
                        }
                        """,
                        Customer,
                    },
                },
            }.RunWithAsync(
                Verify.Diagnostic("TA4001").WithLocation(0).WithLocation(1).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                Verify.Diagnostic("TA4001").WithLocation(2).WithLocation(3).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""));

        [Fact]
        public Task WithAnIRedactorProviderInScope_ASecondFix_RedactsThroughIt_FixAllToo()
            => new Verify.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Compliance.Classification;
                        using Microsoft.Extensions.Compliance.Redaction;
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger, IRedactorProvider redactors)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email} with id {Id}", {|#0:customer.Email|}, customer.Id);
                                logger.LogInformation({|#1:"Concat " + {|#2:customer.Email|} + " done"|});
                                logger.LogWarning({|#3:$"Bounce for {{|#4:customer.Email|}}"|});
                            }
                        }
                        """,
                        Customer,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Compliance.Classification;
                        using Microsoft.Extensions.Compliance.Redaction;
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger, IRedactorProvider redactors)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email} with id {Id}", redactors.GetRedactor(DataClassification.Unknown).Redact(customer.Email), customer.Id);
                                logger.LogInformation("Concat " + redactors.GetRedactor(DataClassification.Unknown).Redact(customer.Email) + " done");
                                logger.LogWarning($"Bounce for {redactors.GetRedactor(DataClassification.Unknown).Redact(customer.Email)}");
                            }
                        }
                        """,
                        Customer,
                    },
                },
                References = TestReferences.WebWithLibraries,
                CodeActionEquivalenceKey = "Redact the sensitive value with the registered IRedactorProvider",
                CodeActionIndex = 1,
            }.RunWithAsync(
                Verify.Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                Verify.Diagnostic("TA4001").WithLocation(1).WithLocation(2).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                Verify.Diagnostic("TA4001").WithLocation(3).WithLocation(4).WithArguments("customer.Email", "PII", "ILogger.LogWarning", ""));
    }
}
