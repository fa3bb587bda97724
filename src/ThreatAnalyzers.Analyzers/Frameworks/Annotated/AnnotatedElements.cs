using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.Annotated
{
    /// <summary>
    /// Calls into types marked [DataStore] or [ExternalEntity] (in this project or, through metadata, a referenced one):
    /// the annotated type is the element, a black box; the analysis does not follow the call inside it, so an
    /// annotation always wins over what its implementation would let the conventions infer.
    /// </summary>
    internal sealed class AnnotatedElements : ResourceConvention
    {
        private static readonly string[] ReadPrefixes = { "Get", "Find", "Read", "List", "Query", "Search", "Load", "Open", "Fetch", "Count", "Exists", "Try" };

        private readonly AnnotationTypes annotations;

        // Asked for the declaring and receiving type of nearly every call the flow engine evaluates: each type's answer once.
        private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, (INamedTypeSymbol, AttributeData, string)?> directByType = new(SymbolEqualityComparer.Default);
        private readonly System.Collections.Concurrent.ConcurrentDictionary<INamedTypeSymbol, (INamedTypeSymbol, AttributeData, string)?> viaInterfacesByType = new(SymbolEqualityComparer.Default);

        public AnnotatedElements(AnnotationTypes annotations, DataClassification classification)
            : base(classification) => this.annotations = annotations;

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
        {
            if (operation is not IInvocationOperation invocation || invocation.TargetMethod.ContainingType is not { } type
                || AnnotatedElementOf(type, invocation.Instance?.Type as INamedTypeSymbol) is not { } element)
            {
                return null;
            }

            var access = AccessOf(element.Kind, invocation.TargetMethod.Name);
            return TouchOf(element, access, ClassesOf(invocation, access, flow));
        }

        public override TouchFact? TryRecognize(SyntaxCall call)
        {
            if (call.DeclaringType is not { } type || AnnotatedElementOf(type, call.ReceiverType as INamedTypeSymbol) is not { } element)
            {
                return null;
            }

            var access = AccessOf(element.Kind, call.Method.Name);
            return TouchOf(element, access, ClassesOf(call, access));
        }

        /// <summary>A referenced type that takes an annotated type reaches its element.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => dependency is INamedTypeSymbol type && AnnotatedElementOf(type, null) is { } element
                ? TouchOf(element, element.Kind == ElementKinds.ExternalEntity ? Access.Call : access, classes)
                : null;

        /// <summary>An external entity is called (data both ways); a store is read by its Get*/Find*/Read*/… methods and written by the others.</summary>
        private static string AccessOf(string kind, string methodName)
            => kind == ElementKinds.ExternalEntity ? Access.Call : IsRead(methodName) ? Access.Read : Access.Write;

        private TouchFact TouchOf((INamedTypeSymbol Symbol, AttributeData Attribute, string Kind) element, string access, EquatableArray<string> classes)
            => new(IdOf(element.Symbol), element.Attribute.StringArgument(0) ?? element.Symbol.Name, element.Kind, access, classes, ControlsOf(element.Symbol));

        public string IdOf(INamedTypeSymbol type) => type.GetDocumentationCommentId() ?? type.ToDisplayString();

        public EquatableArray<string> ControlsOf(INamedTypeSymbol type)
        {
            var controls = new System.Collections.Generic.List<string>();
            if (type.Has(annotations.EncryptedAtRest))
            {
                controls.Add(Controls.EncryptedAtRest);
            }

            if (type.Has(annotations.EncryptedInTransit))
            {
                controls.Add(Controls.EncryptedInTransit);
            }

            if (type.Has(annotations.Audited))
            {
                controls.Add(Controls.Audited);
            }

            return controls.ToSortedSet();
        }

        /// <summary>The annotated type behind a member: the declaring type, the receiver's type, or an interface of either.</summary>
        public (INamedTypeSymbol Symbol, AttributeData Attribute, string Kind)? AnnotatedElementOf(INamedTypeSymbol declaring, INamedTypeSymbol? receiver)
        {
            if (annotations.DataStore is null && annotations.ExternalEntity is null)
            {
                return null;
            }

            return OfTypeOrInterfaces(declaring) ?? (receiver is null ? null : OfTypeOrInterfaces(receiver));
        }

        /// <summary>The annotated type behind one type: itself or a base type, else an interface it implements. Once per type: every call asks.</summary>
        private (INamedTypeSymbol, AttributeData, string)? OfTypeOrInterfaces(INamedTypeSymbol type)
        {
            if (viaInterfacesByType.TryGetValue(type, out var known))
            {
                return known;
            }

            var found = Direct(type);
            if (found is null)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    if (Direct(implemented) is { } viaInterface)
                    {
                        found = viaInterface;
                        break;
                    }
                }
            }

            return viaInterfacesByType.GetOrAdd(type, found);
        }

        private (INamedTypeSymbol, AttributeData, string)? Direct(INamedTypeSymbol type)
        {
            if (annotations.DataStore is null && annotations.ExternalEntity is null)
            {
                return null;
            }

            return directByType.TryGetValue(type, out var known) ? known : directByType.GetOrAdd(type, FindDirect(type));
        }

        private (INamedTypeSymbol, AttributeData, string)? FindDirect(INamedTypeSymbol type)
        {
            foreach (var t in type.SelfAndBaseTypes())
            {
                if (t.Find(annotations.DataStore) is { } store)
                {
                    return (t, store, ElementKinds.DataStore);
                }

                if (t.Find(annotations.ExternalEntity) is { } entity)
                {
                    return (t, entity, ElementKinds.ExternalEntity);
                }
            }

            return null;
        }

        /// <summary>
        /// For the flow engine: a method of a [DataStore] that writes (any but Get*/Find*/Read*/…) takes data into the store;
        /// a method of an [ExternalEntity] sends its arguments out (an outbound call). Null for anything else.
        /// </summary>
        public (DataFlow.SinkKind Kind, string Display)? SinkOf(IMethodSymbol method, INamedTypeSymbol? receiver)
        {
            if (method.MethodKind != MethodKind.Ordinary || method.ContainingType is not { } type || AnnotatedElementOf(type, receiver) is not { } element)
            {
                return null;
            }

            // Named as the model names the element: CreditBureauClient.ScoreAsync (external entity 'Credit bureau').
            var name = element.Attribute.StringArgument(0) ?? element.Symbol.Name;
            if (element.Kind == ElementKinds.ExternalEntity)
            {
                return (DataFlow.SinkKind.OutboundHttp, type.Name + "." + method.Name + " (external entity '" + name + "')");
            }

            return IsRead(method.Name) ? null : (DataFlow.SinkKind.DataStoreWrite, type.Name + "." + method.Name + " (data store '" + name + "')");
        }

        private static bool IsRead(string name)
        {
            foreach (var prefix in ReadPrefixes)
            {
                if (name.StartsWith(prefix, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
