using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace ThreatAnalyzers.Tool
{
    /// <summary>
    /// Where the tool's human-readable output goes. Colour (ANSI) only when a person is at a terminal; redirected output,
    /// CI logs and NO_COLOR get the same words without escape codes, so scripts and golden files see plain text.
    /// </summary>
    internal sealed class Terminal
    {
        public Terminal(TextWriter output, bool interactive)
        {
            Output = output;
            Interactive = interactive;
        }

        public TextWriter Output { get; }

        public bool Interactive { get; }

        public string Red(string text) => Paint("31", text);

        public string Green(string text) => Paint("32", text);

        public string Yellow(string text) => Paint("33", text);

        public string Bold(string text) => Paint("1", text);

        public string Dim(string text) => Paint("2", text);

        public string Severity(string severity, string text) => severity switch
        {
            "critical" => Paint("1;31", text),
            "high" => Red(text),
            "medium" => Yellow(text),
            _ => text,
        };

        public void Line(string text = "") => Output.Write(text + "\n");

        /// <summary>A boxed table of plain cells, drawn only when interactive (its columns are padded for a terminal).</summary>
        public void Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
        {
            var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToList();
            string Row(IReadOnlyList<string> cells) => "│ " + string.Join(" │ ", cells.Select((c, i) => c.PadRight(widths[i]))) + " │";
            string Rule(char left, char middle, char right) => left + string.Join(middle.ToString(), widths.Select(w => new string('─', w + 2))) + right;
            var table = new StringBuilder();
            table.Append(Rule('┌', '┬', '┐')).Append('\n');
            table.Append(Bold(Row(header))).Append('\n');
            table.Append(Rule('├', '┼', '┤')).Append('\n');
            foreach (var row in rows)
            {
                table.Append(Row(row)).Append('\n');
            }

            table.Append(Rule('└', '┴', '┘')).Append('\n');
            Output.Write(table.ToString());
        }

        private string Paint(string code, string text) => Interactive ? "\u001b[" + code + "m" + text + "\u001b[0m" : text;
    }
}
