using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// What a body does, as far as flows care, read from its syntax with <see cref="BodyReader"/>: the elements it touches
    /// (through the framework conventions) and the methods it may call (including from lambdas and local functions inside
    /// it, constructors, method groups, and interface or virtual members that an implementation in the compilation may
    /// answer). The lambdas it hands to MapGet/MapPost/… are left out: their code runs per request, as entry points of
    /// their own.
    /// </summary>
    internal sealed class BehaviorExtractor
    {
        private readonly ResourceRecognizer resources;
        private readonly Frameworks.Mediator.MediatorDispatch? mediators;

        public BehaviorExtractor(ResourceRecognizer resources, Frameworks.Mediator.MediatorDispatch? mediators)
        {
            this.resources = resources;
            this.mediators = mediators;
        }

        public BehaviorFact Extract(BodyReader body, SyntaxNode root, CancellationToken cancellationToken)
        {
            var calls = new HashSet<string>(System.StringComparer.Ordinal);
            var touches = new List<TouchFact>();
            void Touched(TouchFact touch)
            {
                if (!touches.Contains(touch))
                {
                    touches.Add(touch);
                }
            }

            void Called(IEnumerable<IMethodSymbol> methods)
            {
                foreach (var method in methods)
                {
                    if (MayHaveSummary(method, body.Compilation) && CallKeyOf(method) is { } id)
                    {
                        calls.Add(id);
                    }
                }
            }

            var entityFramework = resources.EntityFrameworkCore;
            foreach (var node in root.DescendantNodesAndSelf(n => n == root || !IsRouteHandler(n)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (node)
                {
                    case InvocationExpressionSyntax invocation:
                    {
                        var targets = body.TargetsOf(invocation);
                        TouchFact? touch = null;
                        foreach (var method in targets.Methods)
                        {
                            touch ??= resources.TryRecognize(new SyntaxCall(body, invocation, method, targets.Receiver, targets.ReceiverType));
                        }

                        if (touch is not null)
                        {
                            Touched(touch);
                            break;
                        }

                        // mediator.Send(request): the handler of the request's type, not the mediator (whose generated
                        // Send would reach every handler).
                        var dispatched = false;
                        if (mediators is not null && invocation.ArgumentList.Arguments.Count > 0 && targets.Methods.Any(Frameworks.Mediator.MediatorDispatch.MayDispatch))
                        {
                            var requestType = body.TypeOf(invocation.ArgumentList.Arguments[0].Expression);
                            foreach (var method in targets.Methods)
                            {
                                if (mediators.HandlerOf(method, requestType) is { } handle)
                                {
                                    Called(new[] { handle });
                                    dispatched = true;
                                }
                            }
                        }

                        if (!dispatched)
                        {
                            Called(targets.Methods);
                        }

                        foreach (var argument in invocation.ArgumentList.Arguments)
                        {
                            if (argument.Expression is SimpleNameSyntax or MemberAccessExpressionSyntax)
                            {
                                Called(body.MethodGroup(argument.Expression));
                            }
                        }

                        break;
                    }

                    case BaseObjectCreationExpressionSyntax creation:
                        Called(body.ConstructorsOf(creation));
                        break;
                    case MemberAccessExpressionSyntax access when entityFramework is not null
                                                                 && !(access.Parent is InvocationExpressionSyntax call && call.Expression == access)
                                                                 && body.TypeOf(access.Expression) is INamedTypeSymbol receiver && entityFramework.IsDbContext(receiver)
                                                                 && body.Resolve(access).Symbol is { } member:
                        if (resources.TryRecognizeRead(new SyntaxMemberRead(body, access, member, receiver)) is { } read)
                        {
                            Touched(read);
                        }

                        break;
                }
            }

            return new BehaviorFact(
                calls.ToSortedSet(),
                touches.OrderBy(t => t.ElementId, System.StringComparer.Ordinal).ThenBy(t => t.Access, System.StringComparer.Ordinal).ToEquatableArray());
        }

        /// <summary>
        /// The methods a method stands in for when called through an interface or a base class, by <see cref="ContractKeys"/>:
        /// through the construction it implements, when that is closed.
        /// </summary>
        public static EquatableArray<string> ImplementedBy(IMethodSymbol method)
        {
            var ids = new HashSet<string>(System.StringComparer.Ordinal);
            for (var overridden = method.OverriddenMethod; overridden is not null; overridden = overridden.OverriddenMethod)
            {
                if (ContractKeys.KeyOf(overridden) is { } id)
                {
                    ids.Add(id);
                }
            }

            // Only the interface members of the same name can be implemented by it: most types and names have none.
            if (method.ContainingType is { AllInterfaces.Length: > 0 } type)
            {
                foreach (var implemented in type.AllInterfaces)
                {
                    foreach (var member in implemented.GetMembers(method.Name))
                    {
                        if (SymbolEqualityComparer.Default.Equals(type.FindImplementationForInterfaceMember(member), method) && ContractKeys.KeyOf(member) is { } id)
                        {
                            ids.Add(id);
                        }
                    }
                }
            }

            return ids.ToSortedSet();
        }

        /// <summary>
        /// How a call names its target: an interface, abstract or virtual member by <see cref="ContractKeys"/> (with the
        /// closed construction it is called through), any other method by its id.
        /// </summary>
        public static string? CallKeyOf(IMethodSymbol method)
        {
            var called = method.ReducedFrom ?? method;
            return called.ContainingType?.TypeKind == TypeKind.Interface || called.IsAbstract || called.IsVirtual || called.IsOverride
                ? ContractKeys.KeyOf(called)
                : IdOf(method);
        }

        public static string? IdOf(ISymbol symbol)
        {
            var definition = (symbol is IMethodSymbol { ReducedFrom: { } reduced } ? reduced : symbol).OriginalDefinition;
            var id = Ids.GetValue(definition, d => d.GetDocumentationCommentId() ?? NoId);
            return ReferenceEquals(id, NoId) ? null : id;
        }

        // A method's id is asked at every call to it, and Roslyn spells it anew each time; a definition's public symbol is
        // one object as long as it lives, so its id is kept beside it (and goes with it).
        private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ISymbol, string> Ids = new();
        private static readonly string NoId = new(' ', 1);

        /// <summary>A lambda handed to a route mapping (<c>app.MapGet("/", () =&gt; …)</c>).</summary>
        public static bool IsRouteHandler(SyntaxNode node)
            => node is AnonymousFunctionExpressionSyntax
               && node.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
               && invocation.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name }
               && RouteMapping.MethodNames.Contains(name);

        /// <summary>
        /// Source methods have summaries; abstract, virtual and interface members may be implemented in source; a referenced
        /// project's methods reach what their types depend on (<see cref="ReferencedDeclarations"/>).
        /// </summary>
        private static bool MayHaveSummary(IMethodSymbol method, Compilation compilation)
        {
            var definition = method.ReducedFrom ?? method.OriginalDefinition;
            return definition.Locations.Any(l => l.IsInSource)
                   || definition.IsAbstract || definition.IsVirtual
                   || definition.ContainingType?.TypeKind == TypeKind.Interface
                   || ReferencedDeclarations.IsReferencedApplicationCode(definition, compilation);
        }
    }
}
