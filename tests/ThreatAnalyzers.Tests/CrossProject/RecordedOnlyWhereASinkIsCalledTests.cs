using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.DataFlow;
using Xunit;

namespace ThreatAnalyzers.Tests.CrossProject
{
    /// <summary>
    /// The flow recorder binds only the bodies that call a sink by name, or a method that does (read from the text once
    /// per compilation): what it records must be what it would record by walking every public method.
    /// </summary>
    public class RecordedOnlyWhereASinkIsCalledTests
    {
        [Fact]
        public async Task MethodsReachingASinkThroughHelpers_ConstructorsAndInterfaces_AreRecorded_OthersAreNot()
        {
            var (record, _) = await CrossProjectHarness.RecordOfAsync("""
                using System.Collections.Generic;
                using Microsoft.Extensions.Logging;

                namespace Shop.Data
                {
                    public interface ISink { void Put(string value); }

                    public sealed class LoggingSink(ILogger<LoggingSink> logger) : ISink
                    {
                        public void Put(string value) => Emit<string>(value);

                        private void Emit<T>(T value) => logger.LogInformation("Put {Value}", value);
                    }

                    public sealed class Forwarder(ISink sink)
                    {
                        // Through the interface, by name: ISink.Put is what LoggingSink.Put implements.
                        public void Forward(string value) => sink.Put(value.Trim());

                        // Three calls away: Relay → Hop → Forward → Put → Emit → LogInformation.
                        public void Relay(string value) { Hop(value); }

                        private void Hop(string value)
                        {
                            Forward(value);
                        }
                    }

                    public sealed class Audited
                    {
                        // A constructor: known by its type's name, as `new Audited(…)` calls it.
                        public Audited(ILogger logger, string subject) => logger.LogWarning("Audit {Subject}", subject);
                    }

                    public static class Text
                    {
                        // Calls nothing that reaches a sink: not recorded.
                        public static string Normalize(string value) => value.Trim().ToUpperInvariant();

                        public static List<string> Words(string value) => new List<string>(value.Split(' '));
                    }
                }
                """);

            var (_, methods) = FlowRecord.Read(record!);
            var names = methods.Select(m => m.Name).ToHashSet();
            Assert.Contains("LoggingSink.Put", names);
            Assert.Contains("ISink.Put", names);
            Assert.Contains("Forwarder.Forward", names);
            Assert.Contains("Forwarder.Relay", names);
            Assert.Contains("Audited..ctor", names);
            Assert.DoesNotContain("Text.Normalize", names);
            Assert.DoesNotContain("Text.Words", names);
        }

        [Fact]
        public async Task AMethodCallingOnlyAMethodOfTheSameNameAsASink_IsLookedAtButNotRecorded()
        {
            // "Add" is the name of a sink's method: the text says "may", the binder says it is a list's.
            var (record, _) = await CrossProjectHarness.RecordOfAsync("""
                using System.Collections.Generic;

                namespace Shop.Data
                {
                    public sealed class Bag
                    {
                        private readonly List<string> items = new();

                        public void Keep(string value) => items.Add(value);
                    }
                }
                """);

            Assert.Empty(FlowRecord.Read(record!).Methods);
        }
    }
}
