using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA2002: untrusted data becomes part of the text of a SQL command (ADO.NET command text, Dapper's SQL argument, EF
    /// Core's raw-SQL methods). Values passed as parameters (DbParameter, Dapper's param object, FromSql/ExecuteSql with
    /// an interpolated string) are not SQL text and are not sinks. Reported at the SQL argument, or at the call where the
    /// value enters a chain of calls that ends in one; a threat of the element the code belongs to.
    /// </summary>
    internal sealed class SqlFromUntrustedInputRule : FlowRule
    {
        /// <summary>Set when the reported expression is the SQL argument itself, so the fix can rewrite it.</summary>
        internal const string DirectProperty = UntrustedFlowFindings.DirectSinkProperty;

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SqlFromUntrustedInput,
            title: "SQL built from untrusted input",
            messageFormat: "{0} ({1}) {2} {3}{4}",
            RuleCategories.Tampering,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Untrusted data becomes part of the text of a SQL command: the caller can change the command (SQL injection). "
                       + "Pass the value as a parameter instead.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SqlFromUntrustedInput + ".md",
            customTags: "CWE-89");

        public SqlFromUntrustedInputRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Critical,
                question: "Which untrusted values reach the text of a SQL command, here or down the calls made from here?",
                concerns: "the entry point (or the application) whose code builds the command",
                fix: "pass the values as parameters (FromSqlInterpolated / ExecuteSqlInterpolated, or DbParameters)"))
        {
        }

        public override SinkKind Sinks => SinkKind.SqlText;

        /// <summary>Nothing to find where no SQL API is referenced (ADO.NET's DbCommand is part of .NET, so nearly always).</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & SinkKind.SqlText) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding) => ReportAll(context, new[] { finding });

        /// <summary>One diagnostic per SQL argument (or call that starts the chain to one), naming every untrusted value in it, their sources as additional locations.</summary>
        public override void ReportAll(FlowContext context, IReadOnlyList<FlowFinding> findings)
        {
            foreach (var argument in UntrustedFlowFindings.PerArgument(findings))
            {
                var (finding, additional, properties, origins) = (argument.First, argument.Additional, argument.Properties, argument.Origins);
                var flow = finding.MessageArguments();
                context.Report(this, finding.ReportLocation, additional, context.ElementAt(finding.ReportLocation), properties,
                    string.Join(", ", origins), flow[1], origins.Count == 1 ? "reaches" : "reach", flow[2], flow[3]);
            }
        }
    }
}
