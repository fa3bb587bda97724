using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using ThreatAnalyzers.Configuration;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Reporting;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4001: personal data or a secret reaches a log. Asks the flow engine for sensitive values reaching log sinks in the
    /// method being analyzed, so every finding is reported in the document being edited: at the sink, or at the call where
    /// the value enters a chain of calls that ends in a log (with the sink as an additional location).
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class SensitiveDataWrittenToLogAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Set when the reported expression is the log call's own argument, so the fix can redact it.</summary>
        internal const string RedactableProperty = "ThreatAnalyzers.Redactable";

        /// <summary>The sensitive expression as written, for the fix.</summary>
        internal const string OriginProperty = "ThreatAnalyzers.Origin";

        /// <summary>Set when a limit of the engine cut the analysis of a callee short.</summary>
        internal const string LimitReachedProperty = "ThreatAnalyzers.LimitReached";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(SensitiveDataWrittenToLogRule.Definition.Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var engine = FlowEngine.Create(start.Compilation, FlowOptions.Read(start.Options.AnalyzerConfigOptionsProvider));
                var reporter = new ThreatReporter(AnnotationTypes.Create(start.Compilation), BuildSettings.Read(start.Options), start.Compilation.Assembly);
                start.RegisterOperationBlockAction(block =>
                {
                    foreach (var body in block.OperationBlocks)
                    {
                        foreach (var finding in engine.Find(body, block.OwningSymbol, f => f.IsSensitive, SinkKind.Log, block.CancellationToken))
                        {
                            Report(block, reporter, finding);
                        }
                    }
                });
            });
        }

        private static void Report(OperationBlockAnalysisContext context, ThreatReporter reporter, FlowFinding finding)
        {
            var additional = new List<Location>();
            if (finding.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation)
            {
                additional.Add(source);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = ImmutableDictionary<string, string?>.Empty.Add(OriginProperty, finding.Fact.Origin);
            if (!finding.IsInterprocedural && finding.SinkLocation == finding.ReportLocation)
            {
                properties = properties.Add(RedactableProperty, "true");
            }

            if (finding.LimitReached)
            {
                properties = properties.Add(LimitReachedProperty, "CallDepth");
            }

            reporter.Report(
                context.ReportDiagnostic,
                SensitiveDataWrittenToLogRule.Definition.Descriptor,
                finding.ReportLocation,
                additional,
                new[] { context.OwningSymbol },
                properties,
                finding.MessageArguments());
        }
    }
}
