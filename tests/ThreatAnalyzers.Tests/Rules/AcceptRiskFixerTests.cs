using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.CodeFixes;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>
    /// The generic "accept the risk" code action: offered for every threat rule of the catalog, it adds an [AcceptsRisk]
    /// where the reporter honours it, so the finding becomes accepted (suppressed), and the annotation analyzers
    /// (TA0001, TA0002, TA0003) find nothing wrong with what it wrote.
    /// </summary>
    public class AcceptRiskFixerTests
    {
        private static readonly string Expires = AcceptRiskFixer.DefaultExpiry(DateTime.Today);

        private const string Customer = """
            public class Customer
            {
                public int Id { get; set; }
                [ThreatAnalyzers.HandlesPii] public string Email { get; set; }
            }
            """;

        [Fact]
        public void IsOfferedForEveryThreatRule_AndNoModelDiagnostic()
        {
            var fixer = new AcceptRiskFixer();
            Assert.Equal(RuleCatalog.ThreatRuleIds.OrderBy(id => id, StringComparer.Ordinal), fixer.FixableDiagnosticIds);
            Assert.DoesNotContain("TA0001", fixer.FixableDiagnosticIds);
            Assert.DoesNotContain("TA0002", fixer.FixableDiagnosticIds);
            Assert.DoesNotContain("TA0003", fixer.FixableDiagnosticIds);
            Assert.All(ThreatRules.All, rule => Assert.Contains(rule.Definition.Id, fixer.FixableDiagnosticIds));
        }

        [Fact]
        public void Expiry_IsNinetyDaysAhead()
            => Assert.Equal("2027-03-01", AcceptRiskFixer.DefaultExpiry(new DateTime(2026, 12, 1, 17, 30, 0)));

        [Fact]
        public Task Method_GetsTheAttribute_WithSimplifiedName_AndTheFindingIsAccepted()
            => new Test<SensitiveDataWrittenToLogRule>
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;
                        using ThreatAnalyzers;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                            }
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics = { Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "") },
                },
                FixedState =
                {
                    Sources =
                    {
                        $$"""
                        using Microsoft.Extensions.Logging;
                        using ThreatAnalyzers;

                        public class Registration(ILogger<Registration> logger)
                        {
                            [AcceptsRisk("TA4001", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                            }
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics = { Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true) },
                },
            }.RunAsync();

        [Fact]
        public Task WithoutTheUsing_TheNameIsQualified()
            => new Test<SensitiveDataWrittenToLogRule>
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer) => logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics = { Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "") },
                },
                FixedState =
                {
                    Sources =
                    {
                        $$"""
                        using Microsoft.Extensions.Logging;

                        public class Registration(ILogger<Registration> logger)
                        {
                            [ThreatAnalyzers.AcceptsRisk("TA4001", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]
                            public void Register(Customer customer) => logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics = { Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true) },
                },
            }.RunAsync();

        [Fact]
        public Task FixAll_OneAttributePerMemberAndRule_NotOnePerFinding()
            => new Test<SensitiveDataWrittenToLogRule>
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;
                        using ThreatAnalyzers;

                        public class Registration(ILogger<Registration> logger)
                        {
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                                logger.LogWarning("Again {Email}", {|#1:customer.Email|});
                            }

                            public string Summary
                            {
                                get
                                {
                                    logger.LogInformation("Summary {Email}", {|#2:Current.Email|});
                                    return "";
                                }
                            }

                            public Customer Current { get; set; }

                            public Registration(ILogger<Registration> logger, Customer customer)
                                : this(logger)
                            {
                                logger.LogInformation("Created for {Email}", {|#3:customer.Email|});
                            }
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics =
                    {
                        Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                        Diagnostic("TA4001").WithLocation(1).WithArguments("customer.Email", "PII", "ILogger.LogWarning", ""),
                        Diagnostic("TA4001").WithLocation(2).WithArguments("Current.Email", "PII", "ILogger.LogInformation", ""),
                        Diagnostic("TA4001").WithLocation(3).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        $$"""
                        using Microsoft.Extensions.Logging;
                        using ThreatAnalyzers;

                        [AcceptsRisk("TA4001", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]
                        public class Registration(ILogger<Registration> logger)
                        {
                            [AcceptsRisk("TA4001", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]
                            public void Register(Customer customer)
                            {
                                logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                                logger.LogWarning("Again {Email}", {|#1:customer.Email|});
                            }

                            [AcceptsRisk("TA4001", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]
                            public string Summary
                            {
                                get
                                {
                                    logger.LogInformation("Summary {Email}", {|#2:Current.Email|});
                                    return "";
                                }
                            }

                            public Customer Current { get; set; }

                            public Registration(ILogger<Registration> logger, Customer customer)
                                : this(logger)
                            {
                                logger.LogInformation("Created for {Email}", {|#3:customer.Email|});
                            }
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics =
                    {
                        Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true),
                        Diagnostic("TA4001").WithLocation(1).WithArguments("customer.Email", "PII", "ILogger.LogWarning", "").WithIsSuppressed(true),
                        Diagnostic("TA4001").WithLocation(2).WithArguments("Current.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true),
                        Diagnostic("TA4001").WithLocation(3).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true),
                    },
                },
                NumberOfFixAllIterations = 1,
                NumberOfFixAllInDocumentIterations = 1,
                NumberOfIncrementalIterations = 3,
                CodeActionValidationMode = CodeActionValidationMode.None,
            }.RunAsync();

        [Fact]
        public Task TopLevelStatements_GetAnAssemblyAttribute()
            => new Test<SensitiveDataWrittenToLogRule>
            {
                OutputKind = OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;

                        var customer = new Customer();
                        ILogger logger = null!;
                        logger.LogInformation("Started for {Email}", {|#0:customer.Email|});
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics = { Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "") },
                },
                FixedState =
                {
                    Sources =
                    {
                        $$"""
                        using Microsoft.Extensions.Logging;

                        [assembly: ThreatAnalyzers.AcceptsRisk("TA4001", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]

                        var customer = new Customer();
                        ILogger logger = null!;
                        logger.LogInformation("Started for {Email}", {|#0:customer.Email|});
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics = { Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", "").WithIsSuppressed(true) },
                },
            }.RunAsync();

        [Fact]
        public Task NotOffered_WhereTheSameRuleIsAlreadyAcceptedThere()
            => new Test<SensitiveDataWrittenToLogRule>
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using Microsoft.Extensions.Logging;
                        using ThreatAnalyzers;

                        public class Registration(ILogger<Registration> logger)
                        {
                            [AcceptsRisk("TA4001", "Support needs it", Owner = "Support", Expires = "2026-01-01")]
                            public void Register(Customer customer) => logger.LogInformation("Registered {Email}", {|#0:customer.Email|});
                        }
                        """,
                        Customer,
                    },
                    ExpectedDiagnostics =
                    {
                        Diagnostic("TA4001").WithLocation(0).WithArguments("customer.Email", "PII", "ILogger.LogInformation", ""),
                        new DiagnosticResult("TA0002", DiagnosticSeverity.Warning).WithSpan(6, 77, 6, 89).WithArguments("TA4001", "2026-01-01", " (owner: Support)"),
                    },
                },
                FixedState = { InheritanceMode = StateInheritanceMode.AutoInheritAll, MarkupHandling = MarkupMode.Allow },
            }.RunAsync();

        [Fact]
        public Task FieldInitializer_TheFieldGetsIt_AndTopLevelStatements_TheAssembly()
            => new Test<HardCodedSecretRule>
            {
                OutputKind = OutputKind.ConsoleApplication,
                TestState =
                {
                    Sources =
                    {
                        """
                        var password = {|#0:"hunter22"|};
                        System.Console.WriteLine(password.Length + Relay.RelayPassword.Length);

                        public static class Relay
                        {
                            public const string RelayPassword = {|#1:"Smtp-Relay-2024!"|};
                        }
                        """,
                    },
                    ExpectedDiagnostics =
                    {
                        Diagnostic("TA1003").WithLocation(0).WithArguments("the variable 'password'", "password"),
                        Diagnostic("TA1003").WithLocation(1).WithArguments("'Relay.RelayPassword'", "password"),
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        $$"""
                        [assembly: ThreatAnalyzers.AcceptsRisk("TA1003", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]

                        var password = {|#0:"hunter22"|};
                        System.Console.WriteLine(password.Length + Relay.RelayPassword.Length);

                        public static class Relay
                        {
                            [ThreatAnalyzers.AcceptsRisk("TA1003", "TODO: why this risk is acceptable", Owner = "TODO: who answers for it", Expires = "{{Expires}}")]
                            public const string RelayPassword = {|#1:"Smtp-Relay-2024!"|};
                        }
                        """,
                    },
                    ExpectedDiagnostics =
                    {
                        Diagnostic("TA1003").WithLocation(0).WithArguments("the variable 'password'", "password").WithIsSuppressed(true),
                        Diagnostic("TA1003").WithLocation(1).WithArguments("'Relay.RelayPassword'", "password").WithIsSuppressed(true),
                    },
                },
                CodeActionValidationMode = CodeActionValidationMode.None,
            }.RunAsync();

        private static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

        /// <summary>
        /// The rule on the shared pass with the suppressor, and the annotation analyzers (TA0001, TA0002, TA0003): the
        /// fixed code must hold no finding of theirs.
        /// </summary>
        private sealed class Test<TRule> : CSharpCodeFixTest<ThreatRulesAnalyzer, AcceptRiskFixer, DefaultVerifier>
            where TRule : ThreatAnalyzers.Analysis.ThreatRule, new()
        {
            public Test()
            {
                ReferenceAssemblies = TestReferences.None;
                DisabledDiagnostics.AddRange(ThreatRuleVerifier<TRule>.OtherRules);
            }

            public ImmutableArray<MetadataReference> References { get; set; } = TestReferences.WebWithLibraries;

            public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

            protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers()
                => ThreatRuleVerifier<TRule>.Analyzers().AddRange(new DiagnosticAnalyzer[] { new InvalidAnnotationAnalyzer(), new ExpiredRiskAcceptanceAnalyzer(), new AnnotationPolicyAnalyzer() });

            protected override Task RunImplAsync(CancellationToken cancellationToken)
            {
                TestSetup.Apply(TestState, References, TestSetup.BuildDate, OutputKind);
                return base.RunImplAsync(cancellationToken);
            }
        }
    }
}
