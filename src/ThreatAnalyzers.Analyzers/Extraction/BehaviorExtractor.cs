using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Model;
using DataClasses = ThreatAnalyzers.Model.DataClasses;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// What a body does, as far as flows care: the elements it touches (through the framework conventions) and the
    /// methods it may call (including lambdas and local functions inside it, constructors, method groups, and
    /// interface or virtual members that an implementation in the compilation may answer).
    /// </summary>
    internal sealed class BehaviorExtractor
    {
        private readonly ResourceRecognizer resources;

        public BehaviorExtractor(ResourceRecognizer resources) => this.resources = resources;

        /// <param name="body">The body.</param>
        /// <param name="analysis">The flow engine's analysis of that body: the classes of data on flows come from it.</param>
        /// <param name="cancellationToken">Cancellation.</param>
        public BehaviorFact Extract(IOperation? body, DataFlow.IntraproceduralAnalysis? analysis, CancellationToken cancellationToken)
        {
            if (body is null)
            {
                return BehaviorFact.Empty;
            }

            var flow = new FlowFacts(analysis);
            var calls = new HashSet<string>();
            var touches = new List<TouchFact>();
            foreach (var operation in body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (resources.TryRecognize(operation, flow) is { } touch)
                {
                    if (!touches.Contains(touch))
                    {
                        touches.Add(touch);
                    }

                    continue;
                }

                var target = operation switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod,
                    IObjectCreationOperation creation => creation.Constructor,
                    IMethodReferenceOperation reference => reference.Method,
                    _ => null,
                };

                if (target is not null && MayHaveSummary(target) && IdOf(target) is { } id)
                {
                    calls.Add(id);
                }
            }

            // What the flow engine finds reaching a log from this body (here or down its calls) is on the flow into the Logs
            // store: the same findings TA4001 reports, so the diagram and the warnings agree.
            if (analysis is not null)
            {
                var logged = new HashSet<string>();
                foreach (var finding in analysis.Findings)
                {
                    if ((finding.Kind & DataFlow.SinkKind.Log) != 0)
                    {
                        logged.Add(finding.Fact.Kind == DataFlow.FactKind.Secrets ? DataClasses.Secrets : DataClasses.Pii);
                    }
                }

                if (logged.Count > 0)
                {
                    touches.Add(new TouchFact(Frameworks.Logging.LoggingResources.LogsId, "Logs", ElementKinds.DataStore, Access.Write, logged.ToSortedSet(), EquatableArray<string>.Empty));
                }
            }

            return new BehaviorFact(
                calls.ToSortedSet(),
                touches.OrderBy(t => t.ElementId, System.StringComparer.Ordinal).ThenBy(t => t.Access, System.StringComparer.Ordinal).ToEquatableArray(),
                EquatableArray<FindingFact>.Empty);
        }

        /// <summary>The methods a method stands in for when called through an interface or a base class.</summary>
        public static EquatableArray<string> ImplementedBy(IMethodSymbol method)
        {
            var ids = new HashSet<string>();
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (IdOf(overridden) is { } id)
                {
                    ids.Add(id);
                }
            }

            if (method.ContainingType is { } type)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    foreach (var member in implemented.GetMembers(method.Name))
                    {
                        if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method) && IdOf(member) is { } id)
                        {
                            ids.Add(id);
                        }
                    }
                }
            }

            return ids.ToSortedSet();
        }

        public static string? IdOf(ISymbol symbol)
        {
            var definition = symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol;
            return definition.OriginalDefinition.GetDocumentationCommentId();
        }

        /// <summary>Source methods have summaries; abstract, virtual and interface members may be implemented in source.</summary>
        private static bool MayHaveSummary(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method.OriginalDefinition;
            return definition.Locations.Any(l => l.IsInSource)
                   || definition.IsAbstract || definition.IsVirtual
                   || definition.ContainingType?.TypeKind == TypeKind.Interface;
        }
    }
}
