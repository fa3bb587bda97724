using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// What one framework knows about data stores and external entities: given an operation in a method body, the element
    /// it touches, if any. One implementation per framework, under Frameworks/.
    /// </summary>
    /// <summary>The flow engine's view of one body, for extraction: which classes of data a value carries.</summary>
    internal readonly struct FlowFacts
    {
        private readonly DataFlow.IntraproceduralAnalysis? analysis;

        public FlowFacts(DataFlow.IntraproceduralAnalysis? analysis) => this.analysis = analysis;

        public static FlowFacts None => default;

        public void AddClasses(IOperation value, ISet<string> into)
        {
            if (analysis is null)
            {
                return;
            }

            foreach (var fact in analysis.FactsOf(value).Facts)
            {
                if (fact.Kind == DataFlow.FactKind.Pii)
                {
                    into.Add(DataClasses.Pii);
                }
                else if (fact.Kind == DataFlow.FactKind.Secrets)
                {
                    into.Add(DataClasses.Secrets);
                }
            }
        }
    }

    internal abstract class ResourceConvention
    {
        protected ResourceConvention(DataClassification classification) => Classification = classification;

        protected DataClassification Classification { get; }

        /// <param name="operation">An operation of a method body.</param>
        /// <param name="flow">The flow engine's facts for the values of that body, so flows carry what actually travels on them.</param>
        public abstract TouchFact? TryRecognize(IOperation operation, FlowFacts flow);

        /// <summary>The data a call carries: its arguments when data goes in, its result when data comes out.</summary>
        protected EquatableArray<string> ClassesOf(IInvocationOperation invocation, string access, FlowFacts flow)
        {
            var classes = new HashSet<string>();
            if (access is Access.Write or Access.Call)
            {
                foreach (var argument in invocation.Arguments)
                {
                    flow.AddClasses(argument.Value, classes);
                    Classification.AddFrom(argument.Parameter, classes);
                    Classification.AddFrom(argument.Value.WithoutConversions().Type, classes);
                    if (argument.Value.WithoutConversions() is IPropertyReferenceOperation or IFieldReferenceOperation)
                    {
                        Classification.AddFrom(MemberOf(argument.Value.WithoutConversions()), classes);
                    }
                }
            }

            if (access is Access.Read or Access.Call)
            {
                Classification.AddFromResult(invocation.TargetMethod, classes);
                flow.AddClasses(invocation, classes);
            }

            return classes.ToSortedSet();
        }

        protected static TouchFact Touch(string id, string name, string kind, string access, EquatableArray<string> classes, params string[] controls)
            => new(id, name, kind, access, classes, controls.ToSortedSet());

        private static ISymbol? MemberOf(IOperation operation) => operation switch
        {
            IPropertyReferenceOperation property => property.Property,
            IFieldReferenceOperation field => field.Field,
            _ => null,
        };
    }
}
