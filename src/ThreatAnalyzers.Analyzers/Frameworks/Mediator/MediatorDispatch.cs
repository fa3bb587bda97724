using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Frameworks.Mediator
{
    /// <summary>
    /// Mediators: <c>mediator.Send(request)</c> (and <c>Publish</c>) hands the request to the handler of its type, which the
    /// code never calls by name. MediatR (<c>IRequest&lt;TResponse&gt;</c> → <c>IRequestHandler&lt;TRequest, TResponse&gt;</c>,
    /// <c>INotification</c> → <c>INotificationHandler&lt;TNotification&gt;</c>) and the Mediator source generator (requests,
    /// commands, queries, notifications): the call reaches the handler interface's <c>Handle</c>, constructed with the
    /// request's static type and the response it declares, and so that construction's implementations. The request and
    /// the cancellation token have the same positions in <c>Send</c> and in <c>Handle</c>.
    /// </summary>
    internal sealed class MediatorDispatch
    {
        /// <summary>The namespaces whose Send/Publish methods dispatch (IMediator, ISender, IPublisher and their classes).</summary>
        private static readonly string[] Namespaces = { "MediatR", "Mediator" };

        private const string Send = "Send";
        private const string Publish = "Publish";
        private const string HandlerMethod = "Handle";

        /// <summary>
        /// What a request declares, the method that dispatches it, and the handler that answers it: a generic request's type
        /// argument is the response. Asked in order, so a request that is both (MediatR 5's and Mediator's IRequest is an
        /// IRequest&lt;Unit&gt;) takes the first; MediatR 12's IRequest is not, and has its own handler.
        /// </summary>
        private static readonly (string Request, string Dispatch, string Handler)[] Rows =
        {
            ("MediatR.IRequest`1", Send, "MediatR.IRequestHandler`2"),
            ("MediatR.IRequest", Send, "MediatR.IRequestHandler`1"),
            ("MediatR.INotification", Publish, "MediatR.INotificationHandler`1"),
            ("Mediator.IRequest`1", Send, "Mediator.IRequestHandler`2"),
            ("Mediator.ICommand`1", Send, "Mediator.ICommandHandler`2"),
            ("Mediator.IQuery`1", Send, "Mediator.IQueryHandler`2"),
            ("Mediator.IRequest", Send, "Mediator.IRequestHandler`1"),
            ("Mediator.ICommand", Send, "Mediator.ICommandHandler`1"),
            ("Mediator.INotification", Publish, "Mediator.INotificationHandler`1"),
        };

        private readonly List<(INamedTypeSymbol Request, string Dispatch, INamedTypeSymbol Handler)> rows;

        private MediatorDispatch(List<(INamedTypeSymbol, string, INamedTypeSymbol)> rows) => this.rows = rows;

        /// <summary>The compilation's mediators, or null when it references none.</summary>
        public static MediatorDispatch? Create(Compilation compilation)
        {
            var found = new List<(INamedTypeSymbol, string, INamedTypeSymbol)>();
            foreach (var (request, dispatch, handler) in Rows)
            {
                if (compilation.GetTypeByMetadataName(request) is { } requestType && compilation.GetTypeByMetadataName(handler) is { } handlerType)
                {
                    found.Add((requestType, dispatch, handlerType));
                }
            }

            return found.Count == 0 ? null : new MediatorDispatch(found);
        }

        /// <summary>Whether a call may be a mediator's dispatch, by its name and its type's namespace: asked first, as every call is.</summary>
        public static bool MayDispatch(IMethodSymbol called)
        {
            var method = called.ReducedFrom ?? called;
            return method.Name is Send or Publish
                   && method.ContainingType?.ContainingNamespace?.ToDisplayString() is { } space && Array.IndexOf(Namespaces, space) >= 0;
        }

        /// <summary>
        /// The handler member a call hands its request to, given the request argument's static type; null when the call is
        /// not a mediator's dispatch, or the request's type says no handler (an <c>object</c>, a type parameter). A request
        /// typed as an interface or an abstract class may be any of its implementations: then the handler interface's
        /// definition answers, that is every handler.
        /// </summary>
        public IMethodSymbol? HandlerOf(IMethodSymbol called, ITypeSymbol? requestType)
        {
            if (!MayDispatch(called) || requestType is not INamedTypeSymbol request)
            {
                return null;
            }

            var dispatch = (called.ReducedFrom ?? called).Name;
            foreach (var (requestInterface, rowDispatch, handler) in rows)
            {
                if (rowDispatch != dispatch)
                {
                    continue;
                }

                INamedTypeSymbol? declared = null;
                foreach (var implemented in request.TypeKind == TypeKind.Interface ? request.AllInterfaces.Add(request) : request.AllInterfaces)
                {
                    if (SymbolEqualityComparer.Default.Equals(implemented.OriginalDefinition, requestInterface))
                    {
                        declared = implemented;
                        break;
                    }
                }

                if (declared is null)
                {
                    continue;
                }

                if (request.TypeKind == TypeKind.Interface || request.IsAbstract)
                {
                    return handler.GetMembers(HandlerMethod).OfType<IMethodSymbol>().FirstOrDefault();
                }

                var arguments = handler.Arity == 1 ? new ITypeSymbol[] { request } : new ITypeSymbol[] { request, declared.TypeArguments.FirstOrDefault() ?? request };
                return handler.Arity == arguments.Length
                    ? handler.Construct(arguments).GetMembers(HandlerMethod).OfType<IMethodSymbol>().FirstOrDefault()
                    : null;
            }

            return null;
        }
    }
}
