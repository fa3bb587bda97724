using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Rules;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>
    /// Operation rules that look for named types and members are not set up in a compilation that never spells those
    /// names, and a rule about string literals skips bodies with no quote: these gates must never lose a finding, however
    /// the source spells the name.
    /// </summary>
    public class NamedInSourceTests
    {
        [Theory]
        // Spelled plainly.
        [InlineData("var digest = System.Security.Cryptography.MD5.HashData(System.Text.Encoding.UTF8.GetBytes(password));", "")]
        // A Unicode escape: the text does not show "HashData", the identifier is the same.
        [InlineData("var digest = System.Security.Cryptography.MD5.Hash\\u0044ata(System.Text.Encoding.UTF8.GetBytes(password));", "")]
        // A formatting character inside the identifier, which the compiler drops (U+200B, zero width space).
        [InlineData("var digest = System.Security.Cryptography.MD5.Hash\u200BData(System.Text.Encoding.UTF8.GetBytes(password));", "")]
        // An alias declared in another file: this file names neither the algorithm nor DES.
        [InlineData("using var cipher = Cipher.Create(); cipher.Key = System.Text.Encoding.UTF8.GetBytes(password);", "global using Cipher = System.Security.Cryptography.DES;")]
        public async Task AWeakAlgorithmIsFound_HoweverItsNameIsSpelled(string statement, string otherFile)
        {
            var diagnostics = await RunAsync(
                $$"""
                public class Accounts
                {
                    public void Store(string password)
                    {
                        {{statement}}
                    }
                }
                """,
                otherFile);
            Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.WeakCryptography);
        }

        /// <summary>
        /// A file counts as spelling identifiers otherwise (and is then asked through its syntax, its calls taken as
        /// unknown) only where an identifier holds an escape or a formatting character: escapes in strings, characters and
        /// comments, as a parser of escapes writes them, do not count.
        /// </summary>
        [Theory]
        [InlineData("var s = \"caf\\u00e9\";", false)]
        [InlineData("var s = @\"\\u0041\"; // \\u0041 in a comment", false)]
        [InlineData("var c = '\\u0041';", false)]
        [InlineData("var s = $\"\\u00e9{1}\";", false)]
        [InlineData("var s = \"\"\"\n\\u0041\n\"\"\";", false)]
        [InlineData("var s = \"zero\u200Bwidth\";", false)]
        [InlineData("/* \u200B */ var s = 1;", false)]
        [InlineData("var R\\u0061ndom = 1;", true)]
        [InlineData("var Ran\u200Bdom = 1;", true)]
        [InlineData("var s = \"\\u0041\"; var R\\u0061ndom = 1;", true)]
        [InlineData("var s = $\"{R\\u0061ndom}\";", true)]
        [InlineData("#if false\nvar R\\u0061ndom = 1;\n#endif\nvar s = 1;", false)]
        [InlineData("#region R\\u0061ndom\nvar s = 1;\n#endregion", false)]
        [InlineData("/// <see cref=\"R\\u0061ndom\"/>\nvar s = 1;", false)]
        [InlineData("var s = 1; \uFEFF var t = 2;", false)]
        public void OnlyAnIdentifierWrittenWithAnEscape_MakesAFileSpellIdentifiersOtherwise(string statement, bool expected)
        {
            var tree = CSharpSyntaxTree.ParseText($$"""
                public class Parser
                {
                    public void Run()
                    {
                        {{statement}}
                    }
                }
                """);

            Assert.Equal(expected, ThreatAnalyzers.Analysis.SourceMentions.MaySpellIdentifiersOtherwise(tree, tree.GetText().ToString()));
        }

        /// <summary>
        /// A list of words asked of a file: only the words asked are answered, an answer kept with the tree is the same
        /// when asked again, and another list (a compilation whose sinks differ) is answered afresh, not from the first.
        /// </summary>
        [Fact]
        public void WordsAskedTogether_AreAnsweredForThatList_AndAskedAfreshForAnother()
        {
            var tree = CSharpSyntaxTree.ParseText("class C { void M() { System.Text.RegularExpressions.Regex.IsMatch(\"a\", \"b\"); var p\\u0072ocess = 1; } }");
            var text = tree.GetText().ToString();
            var first = new[] { "Regex", "Process", "process", "File" };

            Assert.Equal(0b0101UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, first, 0b1111UL, default));
            Assert.Equal(0b0001UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, first, 0b0011UL, default));
            Assert.Equal(0b0100UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, first, 0b0100UL, default));
            Assert.Equal(0b0011UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, new[] { "process", "Regex", "Directory" }, 0b0111UL, default));
            // Partly known: the known word answered from the memo, the new ones asked.
            var second = new[] { "Regex", "Process", "process", "Console" };
            Assert.Equal(0b0001UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, second, 0b0001UL, default));
            Assert.Equal(0b0101UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, second, 0b1111UL, default));
            Assert.Equal(0b0101UL, ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, first, 0b1111UL, default));
            Assert.Throws<System.ArgumentException>(() => ThreatAnalyzers.Analysis.SourceMentions.SpelledAmong(tree, text, Enumerable.Range(0, 65).Select(i => "W" + i).ToArray(), 1UL, default));
        }

        /// <summary>
        /// Words asked one at a time of one file, from several threads at once and more of them than the memo starts with
        /// room for: every answer is what the file's text says (each word asked of a fresh tree alone), and the same when
        /// asked again from the memo.
        /// </summary>
        [Fact]
        public void WordsAskedOneAtATime_FromManyThreads_AreEachAnsweredAsAlone()
        {
            const string source = "class C { void M() { System.Text.RegularExpressions.Regex.IsMatch(\"a\", \"b\"); var p\\u0072ocess = 1; System.Console.WriteLine(p\\u0072ocess); } }";
            var words = Enumerable.Range(0, 40).Select(i => "Word" + i)
                .Concat(new[] { "Regex", "IsMatch", "process", "Process", "Console", "WriteLine", "File", "Directory" })
                .ToArray();
            var alone = words.ToDictionary(word => word, word => ThreatAnalyzers.Analysis.SourceMentions.Spells(CSharpSyntaxTree.ParseText(source), word, default));
            Assert.True(alone["Regex"] && alone["process"] && alone["WriteLine"]);
            Assert.False(alone["Process"] || alone["File"] || alone["Word7"]);

            var tree = CSharpSyntaxTree.ParseText(source);
            var answers = new System.Collections.Concurrent.ConcurrentBag<(string Word, bool Spelled)>();
            Parallel.For(0, 8, thread =>
            {
                // Each thread asks every word, starting at a different one, so new words arrive from all threads at once.
                for (var i = 0; i < words.Length; i++)
                {
                    var word = words[(i + (thread * 7)) % words.Length];
                    answers.Add((word, ThreatAnalyzers.Analysis.SourceMentions.Spells(tree, word, default)));
                }
            });

            Assert.Equal(8 * words.Length, answers.Count);
            Assert.All(answers, answer => Assert.Equal(alone[answer.Word], answer.Spelled));
            Assert.All(words, word => Assert.Equal(alone[word], ThreatAnalyzers.Analysis.SourceMentions.Spells(tree, word, default)));
        }

        [Theory]
        [InlineData("var r = new System.Random(); var token = r.Next().ToString();")]
        [InlineData("var r = new System.\\u0052andom(); var token = r.Next().ToString();")]
        public async Task APredictableTokenIsFound_HoweverRandomIsSpelled(string statement)
        {
            var diagnostics = await RunAsync(
                $$"""
                public class Tokens
                {
                    public string Issue()
                    {
                        {{statement}}
                        return token;
                    }
                }
                """,
                string.Empty);
            Assert.Contains(diagnostics, d => d.Id == RuleIdentifiers.PredictableSecurityValue);
        }

        [Fact]
        public async Task AHardCodedSecretIsFound_InEveryKindOfBodyThatHoldsALiteral()
        {
            var diagnostics = await RunAsync(
                """
                public class Client
                {
                    private readonly string password = "Tr0ub4dor&3x";

                    public string ApiKey => "sk_live_4eC39HqLyjWDarjtT1zdp7dc";

                    public void Connect(System.Action<string> use)
                    {
                        use(Secret());
                        string Secret() { var clientSecret = "9f8e7d6c5b4a39281706f5e4"; return clientSecret; }
                    }
                }
                """,
                string.Empty);
            Assert.Equal(3, diagnostics.Count(d => d.Id == RuleIdentifiers.HardCodedSecret));
        }

        /// <summary>
        /// Where every rule a body is walked for names what it spells, only the operations around those words are visited:
        /// each finding is still found once, in a long block (found by binary search), inside an interpolated string (whose
        /// text part has no quote), next to another rule's word, and where there are too many words to visit one by one.
        /// </summary>
        [Theory]
        [InlineData(1)]
        [InlineData(40)]
        public async Task FindingsAroundTheSpelledWords_AreEachFoundOnce(int filler)
        {
            string Statements(string prefix) => string.Join("\n", Enumerable.Range(0, filler).Select(i => $"        var {prefix}{i} = \"label {i}\"; Use({prefix}{i});"));
            var diagnostics = await RunAsync(
                $$"""
                public class Tokens
                {
                    private static void Use(string value) { }

                    public string Issue(System.Random rng, string user)
                    {
                {{Statements("before")}}
                        var apiKey = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"; var resetToken = rng.Next().ToString() + "-" + user;
                        Use($"{user} Bearer ghp_1234567890abcdefghijABCDEFGHIJ123456");
                {{Statements("after")}}
                        return resetToken + apiKey;
                    }
                }
                """,
                string.Empty);
            Assert.Equal(2, diagnostics.Count(d => d.Id == RuleIdentifiers.HardCodedSecret));
            Assert.Single(diagnostics, d => d.Id == RuleIdentifiers.PredictableSecurityValue);
        }

        /// <summary>
        /// Operations whose syntax is the whole call (an omitted argument's default, a params array) must not hide the
        /// call's other arguments, and an operation reached from two words is asked once.
        /// </summary>
        [Theory]
        [InlineData("Connect(\"admin\", \"Tr0ub4dor&3xyz\");", 1, 0)]
        [InlineData("Log(\"a\", \"Server=x;Password=Hunter2Secret\", user);", 1, 0)]
        [InlineData("Issue(\"reset\", rng.Next(100000, 999999).ToString());", 0, 1)]
        [InlineData("var resetCode = rng.Next(100000, 999999).ToString().Substring(0, 6); Use(resetCode);", 0, 1)]
        public async Task WordsInsideOneCall_AreEachLookedAt_AndEachFindingReportedOnce(string statement, int secrets, int predictable)
        {
            var diagnostics = await RunAsync(
                $$"""
                public class Accounts
                {
                    private static void Connect(string user, string password, int timeout = 30) { }
                    private static void Log(string a, string b, params object[] rest) { }
                    private static void Issue(string purpose, string resetCode, int minutes = 15) { }
                    private static void Use(string value) { }

                    public void Run(System.Random rng, string user)
                    {
                        {{statement}}
                    }
                }
                """,
                string.Empty);
            Assert.Equal(secrets, diagnostics.Count(d => d.Id == RuleIdentifiers.HardCodedSecret));
            Assert.Equal(predictable, diagnostics.Count(d => d.Id == RuleIdentifiers.PredictableSecurityValue));
        }

        /// <summary>
        /// An omitted argument's default is reported where the parameter declares it, once, whatever else the calling body
        /// spells (a sentence, another literal, nothing). A reference-type parameter other than string cannot have a
        /// string default (CS1763), so the default reaches a call as the literal itself.
        /// </summary>
        [Theory]
        [InlineData("System.Console.WriteLine(\"Connecting to the server\");")]
        [InlineData("var key = \"k1\"; System.Console.WriteLine(key);")]
        [InlineData("")]
        public async Task AnOmittedDefault_IsReportedOnceWhereItIsDeclared(string before)
        {
            var diagnostics = await RunAsync(
                $$"""
                public class Client
                {
                    private static void Connect(string password = "Tr0ub4dor&3xyz") { }

                    public void Run()
                    {
                        {{before}}
                        Connect();
                    }
                }
                """,
                string.Empty);
            var secret = Assert.Single(diagnostics, d => d.Id == RuleIdentifiers.HardCodedSecret);
            Assert.Equal(2, secret.Location.GetLineSpan().StartLinePosition.Line); // the declaration of Connect, counted from 0
        }

        /// <summary>A long string full of quotes is asked about once (each place a word is spelled is one token).</summary>
        [Fact]
        public async Task AStringFullOfQuotes_IsOneSecretAtMost()
        {
            var json = string.Concat(Enumerable.Repeat("\"\"k\"\":\"\"v\"\",", 2000));
            var diagnostics = await RunAsync(
                $$"""
                public class Fixture
                {
                    public string Json() => @"{{{json}}}";

                    public void Run() => Connect(@"{{json}}");

                    private static void Connect(string password) { }
                }
                """,
                string.Empty);
            Assert.Single(diagnostics, d => d.Id == RuleIdentifiers.HardCodedSecret);
        }

        [Fact]
        public async Task ASecretGivenToALocalFunctionsAnnotatedParameter_IsFound()
        {
            var diagnostics = await RunAsync(
                """
                using ThreatAnalyzers;

                public class Client
                {
                    public void Run()
                    {
                        Send("xK9#qLm2vP");
                        static void Send([HandlesSecrets] string value) { }
                    }
                }
                """,
                string.Empty);
            Assert.Single(diagnostics, d => d.Id == RuleIdentifiers.HardCodedSecret);
        }

        private static async Task<ImmutableArray<Diagnostic>> RunAsync(string source, string otherFile)
        {
            var trees = new[] { CSharpSyntaxTree.ParseText(source, path: "/Code.cs") }
                .Concat(otherFile.Length == 0 ? Enumerable.Empty<SyntaxTree>() : new[] { CSharpSyntaxTree.ParseText(otherFile, path: "/Usings.cs") });
            var compilation = CSharpCompilation.Create(
                "Library",
                trees,
                TestReferences.Library,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ThreatRulesAnalyzer())).GetAnalyzerDiagnosticsAsync();
            Assert.DoesNotContain(diagnostics, d => d.Id == "AD0001");
            return diagnostics;
        }
    }
}
