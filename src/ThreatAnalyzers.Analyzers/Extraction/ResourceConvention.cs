using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
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

    /// <summary>
    /// What one framework knows about data stores and external entities: given a use in a method body, the element it
    /// touches, if any. One implementation per framework, under Frameworks/, with two faces sharing the framework's types
    /// and name tables: operations (bound bodies, for the rules' side) and syntax resolved from declarations (for the
    /// model's side, <see cref="BodyReader"/>).
    /// </summary>
    internal abstract class ResourceConvention
    {
        protected ResourceConvention(DataClassification classification) => Classification = classification;

        protected DataClassification Classification { get; }

        /// <param name="operation">An operation of a method body.</param>
        /// <param name="flow">The flow engine's facts for the values of that body, so flows carry what actually travels on them.</param>
        public abstract TouchFact? TryRecognize(IOperation operation, FlowFacts flow);

        /// <param name="call">A call in a body, resolved from declarations.</param>
        public abstract TouchFact? TryRecognize(SyntaxCall call);

        /// <param name="read">A property or field read in a body; only some frameworks (EF Core's DbSet properties) have such reads.</param>
        public virtual TouchFact? TryRecognizeRead(SyntaxMemberRead read) => null;

        /// <summary>
        /// The element that code whose body cannot be read (a referenced assembly's) reaches by depending on a type: a
        /// constructor or method parameter of that type. Only what the declaration says is known, so the caller gives
        /// the access and classes from the signature of the method called (see <see cref="ReferencedDeclarations"/>).
        /// </summary>
        /// <param name="dependency">The parameter's type.</param>
        /// <param name="dependent">The type whose constructor or method takes it (the typed client, for an HttpClient).</param>
        /// <param name="access">Read or write, as the called method's signature says.</param>
        /// <param name="classes">The classes of data the called method's signature carries that way.</param>
        public virtual TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes) => null;

        /// <summary>
        /// The data a call carries, from declarations: what its arguments' parameters and values declare when data goes
        /// in, what the method declares about its result when data comes out.
        /// </summary>
        protected EquatableArray<string> ClassesOf(SyntaxCall call, string access)
        {
            var classes = new HashSet<string>();
            if (access is Access.Write or Access.Call)
            {
                foreach (var (argument, parameter) in call.ArgumentsWithParameters())
                {
                    Classification.AddFrom(parameter, classes);
                    call.Body.AddClassesOf(argument.Expression, Classification, classes);
                }
            }

            if (access is Access.Read or Access.Call)
            {
                Classification.AddFromResult(call.Method, classes);
            }

            return classes.ToSortedSet();
        }

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
