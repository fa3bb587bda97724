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
    internal abstract class ResourceConvention
    {
        protected ResourceConvention(DataClassification classification) => Classification = classification;

        protected DataClassification Classification { get; }

        public abstract TouchFact? TryRecognize(IOperation operation);

        /// <summary>The data a call carries: its arguments when data goes in, its result when data comes out.</summary>
        protected EquatableArray<string> ClassesOf(IInvocationOperation invocation, string access)
        {
            var classes = new HashSet<string>();
            if (access is Access.Write or Access.Call)
            {
                foreach (var argument in invocation.Arguments)
                {
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
