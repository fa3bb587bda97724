using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// What the flow rules about an entry point's input ask of a finding's locations: the parameter a value was bound to,
    /// the method that holds the sink, and whether a finding was already reported for the same site in this body.
    /// </summary>
    internal static class FlowFindingSites
    {
        private static readonly ConditionalWeakTable<FlowContext, HashSet<string>> Reported = new();

        /// <summary>The parameter whose declaration is the fact's source (an entry point's bound parameter), or null.</summary>
        public static IParameterSymbol? ParameterOf(FlowContext context, FlowFact fact)
        {
            if (fact.Location is not { IsInSource: true, SourceTree: { } tree } location || !context.Analysis.Compilation.ContainsSyntaxTree(tree))
            {
                return null;
            }

            var node = tree.GetRoot(context.CancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            return node.FirstAncestorOrSelf<ParameterSyntax>() is { } parameter && parameter.Identifier.Span == location.SourceSpan
                ? context.Analysis.Flow.SemanticModelFor(tree).GetDeclaredSymbol(parameter, context.CancellationToken) as IParameterSymbol
                : null;
        }

        /// <summary>The method or constructor whose argument is the sink at <paramref name="sinkLocation"/>, or null (a property setter, an unknown shape).</summary>
        public static IMethodSymbol? SinkMethodAt(FlowContext context, Location sinkLocation)
        {
            if (sinkLocation.SourceTree is not { } tree || !context.Analysis.Compilation.ContainsSyntaxTree(tree))
            {
                return null;
            }

            var node = tree.GetRoot(context.CancellationToken).FindNode(sinkLocation.SourceSpan, getInnermostNodeForTie: true);
            for (var operation = context.Analysis.Flow.SemanticModelFor(tree).GetOperation(node, context.CancellationToken); operation is not null; operation = operation.Parent)
            {
                switch (operation)
                {
                    case IInvocationOperation invocation:
                        return invocation.TargetMethod;
                    case IObjectCreationOperation creation:
                        return creation.Constructor;
                    case IArgumentOperation or IConversionOperation or IArrayCreationOperation or IArrayInitializerOperation:
                        continue;
                    default:
                        if (operation.Syntax.SpanStart != sinkLocation.SourceSpan.Start)
                        {
                            return null;
                        }

                        continue;
                }
            }

            return null;
        }

        /// <summary>True the first time a rule reports this key for the body being analyzed: one finding per entry point and sink.</summary>
        public static bool FirstTime(FlowContext context, ThreatRule rule, string key)
        {
            var seen = Reported.GetValue(context, _ => new HashSet<string>());
            lock (seen)
            {
                return seen.Add(rule.Definition.Id + "|" + key);
            }
        }

        public static string KeyOf(Location location) => location.SourceTree?.FilePath + ":" + location.SourceSpan.Start + ":" + location.SourceSpan.Length;
    }
}
