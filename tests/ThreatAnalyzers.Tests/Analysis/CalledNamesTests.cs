using ThreatAnalyzers.Analysis;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// The text search that tells whether a piece of source calls a method by name: it gates which bodies the flow
    /// recorder binds and whether a compilation can read an untrusted source, so it may say yes too often but never no
    /// where the code calls the name.
    /// </summary>
    public class CalledNamesTests
    {
        private static readonly CalledNames Names = new(new[] { "LogInformation", "ReadLine", "SqlCommand" }, mayNameTypes: true);

        [Theory]
        [InlineData("logger.LogInformation(\"x\");")]
        [InlineData("logger.LogInformation (\"x\");")]
        [InlineData("logger.LogInformation\n    (\"x\");")]
        [InlineData("logger?.LogInformation(\"x\");")]
        [InlineData("LogInformation(\"x\");")]
        [InlineData("var line = Console.ReadLine();")]
        [InlineData("var command = new SqlCommand(sql, connection);")]
        [InlineData("var command = new Microsoft.Data.SqlClient.SqlCommand(sql);")]
        [InlineData("logger.LogInformation<string>(\"x\", value);")]
        [InlineData("logger.LogInformation<Dictionary<string, List<int>>>(\"x\", value);")]
        [InlineData("Run(() => logger.LogInformation(\"x\"));")]
        // A comment between the name and its parenthesis: the name cannot be read back, so the answer is yes.
        [InlineData("logger.Other/* why */(\"x\");")]
        // A line comment or a directive between the name and its parenthesis.
        [InlineData("logger.LogInformation // why\n    (\"x\");")]
        [InlineData("logger.LogInformation\n#if DEBUG\n#endif\n    (\"x\");")]
        // A target-typed new: the type is not written, so any may be made.
        [InlineData("SqlCommand command = new(sql);")]
        public void ACall_IsSeen(string code)
            => Assert.True(Names.AnyCalledIn(code, 0, code.Length));

        [Theory]
        [InlineData("logger.LogDebug(\"LogInformation\");")]
        [InlineData("var LogInformation = 3; Use(LogInformation);")]
        [InlineData("Func<int> f = () => (1 + 2);")]
        [InlineData("var x = a > (b);")]
        [InlineData("var readLine = true; ReadLines();")]
        [InlineData("")]
        public void NoCall_IsNotSeen(string code)
        {
            // "a > (b)" finds no type arguments to skip within the text, and says yes: an over-count, never a miss.
            var expected = code == "var x = a > (b);";
            Assert.Equal(expected, Names.AnyCalledIn(code, 0, code.Length));
        }

        [Fact]
        public void OnlyThePartAsked_IsSearched()
        {
            const string code = "First(); logger.LogInformation(\"x\"); Last();";
            var call = code.IndexOf("logger", System.StringComparison.Ordinal);
            Assert.False(Names.AnyCalledIn(code, 0, call));
            Assert.True(Names.AnyCalledIn(code, call, code.Length));
        }

        /// <summary>The same scan, collecting every called name by hash (the flow records' index of callers).</summary>
        [Fact]
        public void CollectedNames_AreTheCalledOnes_AndUnusualTextSaysAnyMayBeCalled()
        {
            const string code = "var list = Make<List<int>>(3); list.Add(1); logger.LogInformation(\"Keep(x)\"); Func<int> f = () => (1);";
            var hashes = new System.Collections.Generic.HashSet<int>();
            Assert.True(CalledNames.TryCollectCalled(code, 0, code.Length, hashes));
            Assert.Contains(CalledNames.HashOf("Make"), hashes);
            Assert.Contains(CalledNames.HashOf("Add"), hashes);
            Assert.Contains(CalledNames.HashOf("LogInformation"), hashes);
            Assert.DoesNotContain(CalledNames.HashOf("List"), hashes);

            const string commented = "logger.LogInformation /* why */ (\"x\");";
            Assert.False(CalledNames.TryCollectCalled(commented, 0, commented.Length, new System.Collections.Generic.HashSet<int>()));
        }

        /// <summary>Asked about methods only (the untrusted sources), a target-typed new is a constructor: no match, and the rest of the text is still read.</summary>
        [Fact]
        public void MethodsOnly_ATargetTypedNewIsNoCall_AndTheTextAfterItIsRead()
        {
            var methods = new CalledNames(new[] { "ReadLine" }, mayNameTypes: false);
            const string made = "List<string> lines = new(); StringBuilder text = new (16);";
            Assert.False(methods.AnyCalledIn(made, 0, made.Length));
            const string madeThenRead = "List<string> lines = new(); lines.Add(Console.ReadLine());";
            Assert.True(methods.AnyCalledIn(madeThenRead, 0, madeThenRead.Length));
        }

        [Fact]
        public void NoNames_NothingIsCalled()
            => Assert.False(new CalledNames(System.Array.Empty<string>(), mayNameTypes: false).AnyCalledIn("Anything();", 0, 11));
    }
}
