using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// Console input and command-line arguments: the person at the machine runs their own commands, patterns and plugins,
    /// not a caller across a trust boundary (TA5002, TA6002, TA6003 leave them alone, as TA2005 and TA3002 do).
    /// </summary>
    internal static class LocalUserInput
    {
        public static bool Is(FlowContext context, FlowFact fact)
            => UntrustedFlowFindings.OperationAt(context.Analysis, fact.Location, context.CancellationToken) is IInvocationOperation { TargetMethod.ContainingType: { } type }
               && NamespaceNames.Is(type.ContainingNamespace, "System") && type.Name is "Console" or "Environment";
    }
}
