using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace ThreatAnalyzers.Benchmarks.Corpus
{
    /// <summary>
    /// A small web app (the web corpus at a few files) plus one class with one never-called method of N statements, to
    /// see how the cost of one method grows with its size. The statements cycle through six shapes that keep data flowing
    /// (a new local from the previous one, a branch, a string append, a list add, a log call with plain data, a helper
    /// call), so a flow analysis has real work on every statement; nothing in it is personal data, so nothing is reported.
    /// </summary>
    public static class LongMethodGenerator
    {
        public const int AppFiles = 9;

        public static GeneratedCorpus Generate(int statements, int seed)
        {
            var app = CorpusGenerator.Generate(AppFiles, seed);
            if (statements == 0)
            {
                return app;
            }

            return new GeneratedCorpus(app.Files.Append(Method(statements)).ToList(), app.Flaws);
        }

        private static CorpusFile Method(int statements)
        {
            var body = new StringBuilder();
            var last = "seed";
            var locals = 0;
            for (var k = 0; k < statements; k++)
            {
                switch (k % 6)
                {
                    case 0:
                        var next = "v" + locals++;
                        body.Append($"        var {next} = {last} * 31 + {k % 97};\n");
                        last = next;
                        break;
                    case 1:
                        body.Append($"        if ({last} % 3 == 0) {{ total += {last}; }} else {{ total -= 1; }}\n");
                        break;
                    case 2:
                        body.Append($"        text.Append({last}).Append(',');\n");
                        break;
                    case 3:
                        body.Append($"        items.Add({last});\n");
                        break;
                    case 4:
                        body.Append($"        logger.LogDebug(\"Step {{Step}} total {{Total}}\", {k}, total);\n");
                        break;
                    default:
                        body.Append($"        total = Mix(total, {last});\n");
                        break;
                }
            }

            // The three declarations and the return are the method's frame, not counted in N.
            return new CorpusFile("Reports/ReportBuilder.cs", $$"""
                using System.Collections.Generic;
                using System.Text;
                using Microsoft.Extensions.Logging;

                namespace Corpus.Reports;

                public sealed class ReportBuilder(ILogger<ReportBuilder> logger)
                {
                    public string Build(long seed)
                    {
                        long total = 0;
                        var text = new StringBuilder();
                        var items = new List<long>();
                {{body}}        return text.ToString() + items.Count + total;
                    }

                    private static long Mix(long a, long b) => (a ^ b) * 1099511628211L;
                }

                """);
        }
    }
}
