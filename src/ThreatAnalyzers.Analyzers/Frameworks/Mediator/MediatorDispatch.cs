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

        private static readonly string[] DispatchMethods = { "Send", "Publish" };

        private const string HandlerMethod = "Handle";

        /// <summary>
        /// What a request declares, and the handler that answers it: a generic request's type argument is the response.
        /// Asked in order, so a request that is both (Mediator's IRequest is an IRequest&lt;Unit&gt;) takes the first.
        /// </summary>
        private static readonly (string Request, string Handler)[] Rows =
        {
            ("MediatR.IRequest`1", "MediatR.IRequestHandler`2"),
            ("MediatR.INotification", "MediatR.INotificationHandler`1"),
            ("Mediator.IRequest`1", "Mediator.IRequestHandler`2"),
            ("Mediator.ICommand`1", "Mediator.ICommandHandler`2"),
            ("Mediator.IQuery`1", "Mediator.IQueryHandler`2"),
            ("Mediator.IRequest", "Mediator.IRequestHandler`1"),
            ("Mediator.ICommand", "Mediator.ICommandHandler`1"),
            ("Mediator.INotification", "Mediator.INotificationHandler`1"),
        };

        private readonly List<(INamedTypeSymbol Request, INamedTypeSymbol Handler)> rows;

        private MediatorDispatch(List<(INamedTypeSymbol, INamedTypeSymbol)> rows) => this.rows = rows;

        /// <summary>The compilation's mediators, or null when it references none.</summary>
        public static MediatorDispatch? Create(Compilation compilation)
        {
            var found = new List<(INamedTypeSymbol, INamedTypeSymbol)>();
            foreach (var (request, handler) in Rows)
            {
                if (compilation.GetTypeByMetadataName(request) is { } requestType && compilation.GetTypeByMetadataName(handler) is { } handlerType)
                {
                    found.Add((requestType, handlerType));
                }
            }

            return found.Count == 0 ? null : new MediatorDispatch(found);
        }

        /// <summary>
        /// The handler member a call hands its request to, given the request argument's static type; null when the call is
        /// not a mediator's dispatch, or the request's type says no handler (an <c>object</c>, a type parameter).
        /// </summary>
        public IMethodSymbol? HandlerOf(IMethodSymbol called, ITypeSymbol? requestType)
        {
            var method = called.ReducedFrom ?? called;
            if (Array.IndexOf(DispatchMethods, method.Name) < 0 || method.ContainingType?.ContainingNamespace?.ToDisplayString() is not { } space
                || Array.IndexOf(Namespaces, space) < 0 || requestType is not INamedTypeSymbol request)
            {
                return null;
            }

            foreach (var (requestInterface, handler) in rows)
            {
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

                var arguments = handler.Arity == 1 ? new ITypeSymbol[] { request } : new ITypeSymbol[] { request, declared.TypeArguments.FirstOrDefault() ?? request };
                return handler.Arity == arguments.Length
                    ? handler.Construct(arguments).GetMembers(HandlerMethod).OfType<IMethodSymbol>().FirstOrDefault()
                    : null;
            }

            return null;
        }
    }
}
