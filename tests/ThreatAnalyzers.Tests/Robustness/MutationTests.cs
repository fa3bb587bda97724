using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace ThreatAnalyzers.Tests.Robustness
{
    /// <summary>
    /// Half-typed code as the IDE sees it: every test and sample source, mutated (tokens deleted, lines truncated, braces
    /// removed, random spans cut), seeded so a failure can be replayed. No analyzer or code fix may throw.
    /// </summary>
    public class MutationTests(ITestOutputHelper output)
    {
        public const int Seed = 20261127;
        public const int Documents = 2000;

        [Fact]
        public async Task NothingThrows_OnTwoThousandMutatedDocuments()
        {
            var corpus = RobustnessHarness.Corpus();
            Assert.True(corpus.Count > 100, $"only {corpus.Count} source documents were found");
            var random = new Random(Seed);
            var mutated = new List<(int Index, string Mutation, string Text)>();
            for (var i = 0; i < Documents; i++)
            {
                var source = corpus[random.Next(corpus.Count)];
                var (name, text) = Mutate(source, random);
                mutated.Add((i, name, text));
            }

            var failures = new List<string>();
            await Parallel.ForEachAsync(mutated, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, async (doc, ct) =>
            {
                var found = await RobustnessHarness.FailuresAsync(doc.Text, ct);
                if (found.Count > 0)
                {
                    lock (failures)
                    {
                        failures.Add($"document {doc.Index} (seed {Seed}, {doc.Mutation}):\n{doc.Text}\n--- failures:\n{string.Join("\n", found)}");
                    }
                }
            });

            output.WriteLine($"{mutated.Count} mutated documents from {corpus.Count} sources, seed {Seed}: {failures.Count} failed.");
            Assert.True(failures.Count == 0, string.Join("\n\n", failures.OrderBy(f => f, StringComparer.Ordinal).Take(3)));
        }

        /// <summary>One of the edits a person makes mid-typing, at a random place.</summary>
        public static (string Name, string Text) Mutate(string source, Random random)
        {
            switch (random.Next(4))
            {
                case 0:
                {
                    // Delete a token.
                    var tokens = Microsoft.CodeAnalysis.CSharp.CSharpSyntaxTree.ParseText(source).GetRoot().DescendantTokens().ToList();
                    if (tokens.Count == 0)
                    {
                        return ("empty", source);
                    }

                    var token = tokens[random.Next(tokens.Count)];
                    return ($"token '{token.Text}' deleted at {token.SpanStart}", source.Remove(token.SpanStart, token.Span.Length));
                }

                case 1:
                {
                    // Truncate a line.
                    var lines = source.Split('\n');
                    var line = random.Next(lines.Length);
                    var keep = lines[line].Length == 0 ? 0 : random.Next(lines[line].Length);
                    lines[line] = lines[line].Substring(0, keep);
                    return ($"line {line + 1} truncated to {keep}", string.Join('\n', lines));
                }

                case 2:
                {
                    // Remove a brace.
                    var braces = source.Select((c, i) => (c, i)).Where(p => p.c is '{' or '}').Select(p => p.i).ToList();
                    if (braces.Count == 0)
                    {
                        return ("no brace", source);
                    }

                    var at = braces[random.Next(braces.Count)];
                    return ($"brace removed at {at}", source.Remove(at, 1));
                }

                default:
                {
                    // Cut a random span.
                    var start = random.Next(source.Length + 1);
                    var length = Math.Min(source.Length - start, random.Next(1, 80));
                    return ($"span {start}+{length} cut", source.Remove(start, length));
                }
            }
        }
    }
}
