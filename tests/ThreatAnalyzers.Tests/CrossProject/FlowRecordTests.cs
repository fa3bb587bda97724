using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.DataFlow;
using Xunit;

namespace ThreatAnalyzers.Tests.CrossProject
{
    /// <summary>The flow record's text: what is written reads back the same, and it holds no path and no source text.</summary>
    public class FlowRecordTests
    {
        private static readonly RecordedMethod Write = new(
            "M:Shop.Data.AuditLog.Write(Microsoft.Extensions.Logging.ILogger,System.String)",
            "AuditLog.Write",
            FlowLimits.None,
            ImmutableArray.Create(
                new RecordedSink(1, SinkKind.Log, "ILogger.LogInformation", null, SinkKind.None, ImmutableArray.Create("AuditLog.Emit"), "M:Shop.Data.AuditLog.Emit(System.String)"),
                new RecordedSink(1, SinkKind.LogMessage, "ILogger.LogInformation", "Email", SinkKind.Html | SinkKind.Redirect, ImmutableArray<string>.Empty, null)),
            ImmutableArray.Create(
                new RecordedReturn(FactKind.Parameter, 1, "Email", SinkKind.Log, Inferred: false, ByType: false),
                new RecordedReturn(FactKind.Pii, -1, null, SinkKind.None, Inferred: true, ByType: true)));

        private static readonly RecordedMethod Save = new(
            "M:Shop.Data.CustomerRepository.Add(Shop.Data.Customer)",
            "CustomerRepository.Add",
            FlowLimits.CallDepth | FlowLimits.Passes,
            ImmutableArray.Create(new RecordedSink(0, SinkKind.DataStoreWrite, "Shop\tdatabase\\name\n", null, SinkKind.None, ImmutableArray<string>.Empty, null, "T:Shop.Data.ShopContext")),
            ImmutableArray<RecordedReturn>.Empty);

        [Fact]
        public void WhatIsWritten_ReadsBackTheSame()
        {
            var text = FlowRecord.Write("Shop.Data", new[] { Write, Save });

            var (assembly, methods) = FlowRecord.Read(text);

            Assert.Equal("Shop.Data", assembly);
            Assert.Equal(new[] { Write.Id, Save.Id }, methods.Select(m => m.Id));
            AssertSame(Write, methods[0]);
            AssertSame(Save, methods[1]);
            Assert.Equal(text, FlowRecord.Write(assembly, methods));
        }

        [Fact]
        public void TheSameSummaries_InAnyOrder_GiveTheSameBytes()
            => Assert.Equal(
                FlowRecord.Write("Shop.Data", new[] { Write, Save }),
                FlowRecord.Write("Shop.Data", new[] { Save, Write with { Sinks = Write.Sinks.Reverse().ToImmutableArray(), Returns = Write.Returns.Reverse().ToImmutableArray() } }));

        /// <summary>
        /// The lines of a method are in the ordinal order of their text, duplicates dropped, as when each line was written
        /// out first: a field that begins another (<c>Log</c>, <c>LogMessage</c>) comes first, and so does the tab after
        /// it, before any letter.
        /// </summary>
        [Fact]
        public void AMethodsLines_AreInTheOrdinalOrderOfTheirText_EachOnce()
        {
            var sinks = ImmutableArray.Create(
                new RecordedSink(1, SinkKind.Log, "ILogger.LogInformation", "Name", SinkKind.None, ImmutableArray<string>.Empty, null),
                new RecordedSink(1, SinkKind.Log, "ILogger.LogInformation", "NameA", SinkKind.None, ImmutableArray<string>.Empty, null),
                new RecordedSink(1, SinkKind.LogMessage, "ILogger.LogInformation", null, SinkKind.None, ImmutableArray<string>.Empty, null),
                new RecordedSink(1, SinkKind.Log, "ILogger.LogInformation", "Name", SinkKind.None, ImmutableArray<string>.Empty, null),
                new RecordedSink(0, SinkKind.Log, "ILogger.Log", "N\tame", SinkKind.Html, ImmutableArray.Create("A.B", "C.D"), "M:X"),
                new RecordedSink(10, SinkKind.Log, "ILogger.Log", null, SinkKind.None, ImmutableArray<string>.Empty, null));
            var method = Write with { Sinks = sinks, Returns = ImmutableArray<RecordedReturn>.Empty };

            var lines = FlowRecord.Write("Shop.Data", new[] { method }).Split('\n').Where(line => line.StartsWith("sink\t", System.StringComparison.Ordinal)).ToList();

            Assert.Equal(5, lines.Count);
            Assert.Equal(lines.OrderBy(line => line, System.StringComparer.Ordinal), lines);
            Assert.Equal(lines.Distinct(), lines);
            Assert.Equal(sinks.Distinct().Count(), FlowRecord.Read(FlowRecord.Write("Shop.Data", new[] { method })).Methods.Single().Sinks.Length);
        }

        [Fact]
        public async Task TheRecordOfARealLibrary_NamesMethodsAndSinks_NeverAPathOrALineOfSource()
        {
            var library = await CrossProjectHarness.BuildLibraryAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public static class AuditLog
                    {
                        public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit of {Subject} by the audit helper", Describe(subject));

                        private static string Describe(string subject) => "subject " + subject.Trim();
                    }
                }
                """);

            var text = library.Record!;
            var (_, methods) = FlowRecord.Read(text);
            var method = Assert.Single(methods);
            Assert.Equal("M:Shop.Data.AuditLog.Write(Microsoft.Extensions.Logging.ILogger,System.String)", method.Id);
            var sink = Assert.Single(method.Sinks);
            Assert.Equal((1, SinkKind.Log, "ILogger.LogInformation"), (sink.Parameter, sink.Kind, sink.Sink));
            Assert.DoesNotContain("/src/", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("Audit of", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("subject.Trim", text, System.StringComparison.Ordinal);
            Assert.DoesNotContain("\"", text, System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task ALibrarysRecord_IsTheSameOnEveryBuild()
        {
            const string library = """
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public interface IAudit { void Write(string subject); }

                    public sealed class Audit(ILogger<Audit> logger) : IAudit
                    {
                        public void Write(string subject) => Emit(subject, 0);

                        public string Mask(string value, string salt) { logger.LogDebug("Masking {Value}", value); return salt + Emit(value, 1); }

                        private string Emit(string text, int depth) { if (depth < 3) { Emit(text, depth + 1); } logger.LogWarning("{Text}", text); return text; }
                    }
                }
                """;

            var records = new System.Collections.Generic.List<string>();
            for (var i = 0; i < 4; i++)
            {
                records.Add((await CrossProjectHarness.BuildLibraryAsync(library)).Record!);
            }

            Assert.Single(records.Distinct());
            Assert.Equal(3, FlowRecord.Read(records[0]).Methods.Length);
        }

        [Fact]
        public async Task HalfTypedCode_GivesARecord_AndNoAnalyzerFailure()
        {
            var (record, diagnostics) = await CrossProjectHarness.RecordOfAsync("""
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public static class AuditLog
                    {
                        public static void Write(ILogger logger, string subject) => logger.LogInformation("Audit {Subject}", subject
                        public static void Other(ILogger logger, Undeclared value) { logger.LogInformation("{Value}", value.; Write(logger, ) }
                    }
                """);

            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            Assert.NotNull(record);
            FlowRecord.Read(record!);
        }

        [Theory]
        [InlineData("", 1, "the first line is not")]
        [InlineData("threat-analyzers-flow-record\t2\tShop.Data\n", 1, "version 2, not 1")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nsink\t0\tLog\tILogger.Log\t\tNone\t\t\t\n", 2, "before any method line")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nmethod\tT:Shop.Data.AuditLog\tAuditLog\tNone\n", 2, "is not a method's documentation-comment id")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nmethod\tM:A.B\tA.B\tNone\nsink\tx\tLog\tILogger.Log\t\tNone\t\t\t\n", 3, "'x' is not a parameter's ordinal")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nmethod\tM:A.B\tA.B\tNone\nsink\t0\t1\tILogger.Log\t\tNone\t\t\t\n", 3, "'1' is not a sink kind")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nmethod\tM:A.B\tA.B\tNone\nsink\t0\tLog\tILogger.Log\n", 3, "has 9 tab-separated fields, this one 4")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nmethod\tM:A.B\tA.B\tNone\nreturn\tPii\t\t\tNone\tmaybe\tfalse\n", 3, "'maybe' is neither true nor false")]
        [InlineData("threat-analyzers-flow-record\t1\tShop.Data\nwhatever\n", 2, "'whatever' is not a line of a flow record")]
        public void AMalformedRecord_SaysOnWhichLineAndWhatIsWrong(string text, int line, string problem)
        {
            var exception = Assert.Throws<FlowRecordFormatException>(() => FlowRecord.Read(text));
            Assert.Equal(line, exception.Line);
            Assert.Contains(problem, exception.Problem, System.StringComparison.Ordinal);
        }

        private static void AssertSame(RecordedMethod expected, RecordedMethod actual)
        {
            Assert.Equal((expected.Id, expected.Name, expected.Limits), (actual.Id, actual.Name, actual.Limits));
            Assert.Equal(
                expected.Sinks.Select(s => (s.Parameter, s.Kind, s.Sink, s.Member, s.SanitizedFor, string.Join(">", s.Via), s.SinkMethod, s.Store)).OrderBy(s => s.ToString()),
                actual.Sinks.Select(s => (s.Parameter, s.Kind, s.Sink, s.Member, s.SanitizedFor, string.Join(">", s.Via), s.SinkMethod, s.Store)).OrderBy(s => s.ToString()));
            Assert.Equal(expected.Returns.OrderBy(r => r.ToString()), actual.Returns.OrderBy(r => r.ToString()));
        }
    }
}
