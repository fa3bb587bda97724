using System.Threading.Tasks;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.SensitiveMemberPrintedByToStringRule,
    ThreatAnalyzers.CodeFixes.Rules.SensitiveMemberPrintedByToStringFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SensitiveMemberPrintedByToStringRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    /// <summary>TA4006: a [HandlesPii]/[HandlesSecrets] member printed by a record's generated ToString or a written ToString.</summary>
    public class SensitiveMemberPrintedByToStringTests
    {
        [Fact]
        public Task GeneratedAndWrittenToString_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using ThreatAnalyzers;

                public record Customer
                {
                    public int Id { get; init; }
                    [HandlesPii] public string {|#0:Email|} { get; init; } = "";
                }

                public record Credentials(string UserName, [HandlesSecrets] string {|#1:Password|});

                public record struct Card([property: HandlesPii] string {|#2:Number|}, int Expiry);

                public class Patient
                {
                    public int Id { get; set; }
                    [HandlesPii] public string {|#3:Name|} { get; set; } = "";

                    public override string ToString() => $"Patient {Id}: {Name}";
                }
                """,
                Verify.Diagnostic().WithLocation(0).WithArguments("Customer", "Email", "PII", "the record's generated ToString"),
                Verify.Diagnostic().WithLocation(1).WithArguments("Credentials", "Password", "secret", "the record's generated ToString"),
                Verify.Diagnostic().WithLocation(2).WithArguments("Card", "Number", "PII", "the record's generated ToString"),
                Verify.Diagnostic().WithLocation(3).WithArguments("Patient", "Name", "PII", "its written ToString"));

        [Fact]
        public Task MembersLeftOut_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System.Text;
                using ThreatAnalyzers;

                public class Plain
                {
                    [HandlesPii] public string Email { get; set; } = "";
                }

                public class Described
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; } = "";

                    public override string ToString() => $"Described {Id}";
                }

                public record Printed(int Id, [HandlesPii] string Email)
                {
                    protected virtual bool PrintMembers(StringBuilder builder)
                    {
                        builder.Append("Id = ").Append(Id);
                        return true;
                    }
                }

                public record Written(int Id, [HandlesSecrets] string Token)
                {
                    public override string ToString() => $"Written {Id}";
                }

                public record Hidden
                {
                    public int Id { get; init; }
                    [HandlesSecrets] private string token = "";
                    [HandlesPii] internal string Email { get; init; } = "";
                }
                """);

        [Fact]
        public Task PrintMembers_LeavesTheMembersOut_FixAllToo()
            => new Fix.Test
            {
                TestCode = """
                    using ThreatAnalyzers;

                    public record Customer(int Id, [HandlesPii] string {|#0:Email|}, [HandlesPii] string {|#1:Phone|}, string Tier);

                    public sealed record Session
                    {
                        public string User { get; init; } = "";
                        [HandlesSecrets] public string {|#2:Token|} { get; init; } = "";
                    }

                    public record VipCustomer(int Id, string Email, [HandlesSecrets] string {|#3:Pin|}, int Level) : Customer(Id, Email, "", "vip");
                    """,
                FixedCode = """
                    using ThreatAnalyzers;

                    public record Customer(int Id, [HandlesPii] string Email, [HandlesPii] string Phone, string Tier)
                    {
                        protected virtual bool PrintMembers(System.Text.StringBuilder builder)
                        {
                            builder.Append("Id = ");
                            builder.Append(Id);
                            builder.Append(", Tier = ");
                            builder.Append(Tier);
                            return true;
                        }
                    }

                    public sealed record Session
                    {
                        public string User { get; init; } = "";
                        [HandlesSecrets] public string Token { get; init; } = "";

                        private bool PrintMembers(System.Text.StringBuilder builder)
                        {
                            builder.Append("User = ");
                            builder.Append(User);
                            return true;
                        }
                    }

                    public record VipCustomer(int Id, string Email, [HandlesSecrets] string Pin, int Level) : Customer(Id, Email, "", "vip")
                    {
                        protected override bool PrintMembers(System.Text.StringBuilder builder)
                        {
                            if (base.PrintMembers(builder))
                            {
                                builder.Append(", ");
                            }

                            builder.Append("Level = ");
                            builder.Append(Level);
                            return true;
                        }
                    }
                    """,
            }.RunWithAsync(
                Fix.Diagnostic().WithLocation(0).WithArguments("Customer", "Email", "PII", "the record's generated ToString"),
                Fix.Diagnostic().WithLocation(1).WithArguments("Customer", "Phone", "PII", "the record's generated ToString"),
                Fix.Diagnostic().WithLocation(2).WithArguments("Session", "Token", "secret", "the record's generated ToString"),
                Fix.Diagnostic().WithLocation(3).WithArguments("VipCustomer", "Pin", "secret", "the record's generated ToString"));
    }
}
