using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Frameworks;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>One read, change or delete of a user-owned record by an identifier from the request.</summary>
    internal sealed record ObjectAccess(Location Location, string Verb, ITypeSymbol Entity, IPropertySymbol Owner, ImmutableArray<string> Via);

    /// <summary>What an entry point does with the identifiers it takes from the request (TA6005).</summary>
    internal sealed record ObjectAccessResult(ImmutableArray<ObjectAccess> Accesses, bool OwnerChecked);

    /// <summary>
    /// Follows an entry point's identifier parameters through its handler and the methods of the compilation it hands
    /// them to (interface and virtual calls into their implementations, <see cref="MaxDepth"/> calls deep), and finds
    /// where they select a record of a user-owned entity in EF Core (<see cref="OwnerMembers"/>): Find/FindAsync, a
    /// First/Single(OrDefault)(Async) or ExecuteUpdate/ExecuteDelete over a DbSet with the id in the query, Remove/Update
    /// of a stub entity made with it. It also says whether anything on those paths checks ownership: an owner property
    /// compared with a value that is not one of the request's identifiers (the caller's id, in a Where before the load or
    /// an if after it), the identifier itself compared with the caller's id, or a resource-based
    /// IAuthorizationService.AuthorizeAsync. A call that hands the method both the identifier and the caller's identity
    /// (User, a ClaimsPrincipal, UserManager.GetUserId, IHttpContextAccessor, a current-user service) is assumed to scope
    /// the query by it and is not followed: a documented limit.
    /// Syntax-and-operation checks over the bodies; no flow engine, so locals are followed by their assignments only.
    /// </summary>
    internal sealed class ObjectAccessAnalysis
    {
        public const int MaxDepth = 4;

        private static readonly HashSet<string> Reads = new(StringComparer.Ordinal)
        {
            "Find", "FindAsync", "First", "FirstAsync", "FirstOrDefault", "FirstOrDefaultAsync", "Single", "SingleAsync", "SingleOrDefault", "SingleOrDefaultAsync",
        };

        private static readonly HashSet<string> BulkWrites = new(StringComparer.Ordinal) { "ExecuteDelete", "ExecuteDeleteAsync", "ExecuteUpdate", "ExecuteUpdateAsync" };

        private static readonly HashSet<string> StubWrites = new(StringComparer.Ordinal) { "Remove", "Update", "Attach" };

        private readonly CompilationAnalysis analysis;
        private readonly OwnerMembers owners;
        private readonly Frameworks.EntityFrameworkCore.EfCoreResources ef;
        private readonly CancellationToken cancellationToken;
        private readonly HashSet<IMethodSymbol> visited = new(SymbolEqualityComparer.Default);
        private readonly List<ObjectAccess> accesses = new();
        private bool ownerChecked;

        public ObjectAccessAnalysis(CompilationAnalysis analysis, OwnerMembers owners, Frameworks.EntityFrameworkCore.EfCoreResources ef, CancellationToken cancellationToken)
        {
            this.analysis = analysis;
            this.owners = owners;
            this.ef = ef;
            this.cancellationToken = cancellationToken;
        }

        public ObjectAccessResult Run(IOperation body, IEnumerable<ISymbol> identifiers)
        {
            Visit(body, new HashSet<ISymbol>(identifiers, SymbolEqualityComparer.Default), MaxDepth, ImmutableArray<string>.Empty);
            return new ObjectAccessResult(accesses.ToImmutableArray(), ownerChecked);
        }

        private void Visit(IOperation body, HashSet<ISymbol> ids, int depth, ImmutableArray<string> via)
        {
            // Locals that hold an identifier (var key = id;) or something found by one (var order = await db.Orders.FindAsync(id)).
            var callerLocals = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            for (var pass = 0; pass < 2; pass++)
            {
                foreach (var operation in body.DescendantsAndSelf())
                {
                    var (local, value) = operation switch
                    {
                        IVariableDeclaratorOperation { Initializer: { } initializer } declarator => ((ISymbol?)declarator.Symbol, initializer.Value),
                        ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment => (target.Local, assignment.Value),
                        _ => (null, null!),
                    };

                    if (local is null)
                    {
                        continue;
                    }

                    if (References(value, ids))
                    {
                        ids.Add(local);
                    }

                    if (IsCallerIdentity(value, callerLocals))
                    {
                        callerLocals.Add(local);
                    }
                }
            }

            foreach (var operation in body.DescendantsAndSelf())
            {
                cancellationToken.ThrowIfCancellationRequested();
                switch (operation)
                {
                    case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } comparison
                        when ComparesOwner(comparison.LeftOperand, comparison.RightOperand, ids) || ComparesOwner(comparison.RightOperand, comparison.LeftOperand, ids)
                             || ComparesIdentifierWithCaller(comparison.LeftOperand, comparison.RightOperand, ids, callerLocals)
                             || ComparesIdentifierWithCaller(comparison.RightOperand, comparison.LeftOperand, ids, callerLocals):
                        ownerChecked = true;
                        break;
                    case IInvocationOperation invocation:
                        Invocation(invocation, ids, callerLocals, depth, via);
                        break;
                }
            }
        }

        private void Invocation(IInvocationOperation invocation, HashSet<ISymbol> ids, HashSet<ISymbol> callerLocals, int depth, ImmutableArray<string> via)
        {
            var method = invocation.TargetMethod;
            if (IsResourceAuthorization(invocation)
                || (method.Name == "Equals" && invocation.Arguments.Length >= 1
                    && (invocation.Arguments.Length == 2
                        ? ComparesOwner(invocation.Arguments[0].Value, invocation.Arguments[1].Value, ids) || ComparesOwner(invocation.Arguments[1].Value, invocation.Arguments[0].Value, ids)
                        : invocation.Instance is { } instance && (ComparesOwner(instance, invocation.Arguments[0].Value, ids) || ComparesOwner(invocation.Arguments[0].Value, instance, ids)))))
            {
                ownerChecked = true;
                return;
            }

            if (StoreAccess(invocation, ids) is { } found)
            {
                accesses.Add(found with { Via = via });
                return;
            }

            // Into the methods of the compilation the identifier is handed to.
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            if (definition.MethodKind is not (MethodKind.Ordinary or MethodKind.LocalFunction) || depth <= 1)
            {
                return;
            }

            var handed = invocation.Arguments.Where(a => a.Parameter is not null && References(a.Value, ids)).Select(a => a.Parameter!.Ordinal).ToList();
            if (handed.Count == 0 && !MayCheckOwnership(definition))
            {
                return;
            }

            // A method that receives the caller's identity with the identifier is assumed to scope its query by it.
            if (handed.Count > 0 && (invocation.Arguments.Any(a => IsCallerIdentity(a.Value, callerLocals)) || (invocation.Instance is { } receiver && IsCallerIdentity(receiver, callerLocals) && receiver is not IInstanceReferenceOperation)))
            {
                return;
            }

            var callees = new List<IMethodSymbol>();
            if (!definition.IsAbstract && definition.DeclaringSyntaxReferences.Length > 0)
            {
                callees.Add(definition);
            }

            if (definition.IsAbstract || definition.IsVirtual || definition.IsOverride || definition.ContainingType?.TypeKind == TypeKind.Interface)
            {
                // Through the construction the call names: IRepository<Order>'s implementations, not every repository's.
                callees.AddRange(analysis.Flow.ImplementationsOf(method.ReducedFrom ?? method));
            }

            foreach (var callee in callees.Distinct<IMethodSymbol>(SymbolEqualityComparer.Default))
            {
                if (!visited.Add(callee) || analysis.Flow.BodyOf(callee, cancellationToken) is not { } body)
                {
                    continue;
                }

                var calleeIds = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
                foreach (var ordinal in handed)
                {
                    if (ordinal < callee.Parameters.Length)
                    {
                        calleeIds.Add(callee.Parameters[ordinal]);
                    }
                }

                Visit(body, calleeIds, depth - 1, definition.MethodKind == MethodKind.LocalFunction ? via : via.Add(callee.ContainingType?.Name + "." + callee.Name));
            }
        }

        /// <summary>A method of the project taking an entity (or nothing from the request) may be where ownership is checked: EnsureOwner(order).</summary>
        private bool MayCheckOwnership(IMethodSymbol method)
            => method.DeclaringSyntaxReferences.Length > 0 && method.Parameters.Any(p => owners.OwnerOf(p.Type) is not null);

        private ObjectAccess? StoreAccess(IInvocationOperation invocation, HashSet<ISymbol> ids)
        {
            var name = invocation.TargetMethod.Name;
            var reads = Reads.Contains(name);
            var bulk = BulkWrites.Contains(name);
            var stub = StubWrites.Contains(name);
            if (!reads && !bulk && !stub)
            {
                return null;
            }

            // The chain down to the DbSet: db.Orders.Where(…).Include(…).FirstOrDefaultAsync(…).
            ITypeSymbol? entity = null;
            var usesId = false;
            IOperation? current = invocation;
            for (var hops = 0; current is not null && hops < 12; hops++)
            {
                current = Strip(current);
                if (current is IInvocationOperation call)
                {
                    var arguments = call.Arguments;
                    var isExtension = call.TargetMethod.IsExtensionMethod || call.TargetMethod.ReducedFrom is not null;
                    foreach (var argument in isExtension && call.Instance is null ? arguments.Skip(1) : arguments)
                    {
                        usesId |= References(argument.Value, ids);
                    }

                    // db.Find<Order>(id), db.Set<Order>(), db.Remove(new Order { Id = id }) on the context itself.
                    if (ef.IsDbContext(call.Instance?.Type) || ef.IsDbContext(call.TargetMethod.ContainingType))
                    {
                        entity = call.TargetMethod.TypeArguments.FirstOrDefault() ?? (stub ? arguments.FirstOrDefault()?.Value is { } a ? Strip(a).Type : null : null);
                        break;
                    }

                    current = call.Instance ?? (isExtension && arguments.Length > 0 ? arguments[0].Value : null);
                    continue;
                }

                entity = ef.EntityOfDbSet(current.Type) ?? ElementOfQuery(current.Type);
                break;
            }

            if (entity is null || owners.OwnerOf(entity) is not { } owner)
            {
                return null;
            }

            if (stub)
            {
                // Remove/Update of a record loaded first is reported at the load; here only a stub made from the id.
                if (!invocation.Arguments.Any(a => Strip(a.Value) is IObjectCreationOperation creation && References(creation, ids)))
                {
                    return null;
                }
            }
            else if (!usesId)
            {
                return null;
            }

            var verb = name.StartsWith("ExecuteDelete", StringComparison.Ordinal) || name == "Remove" ? "deletes"
                : name.StartsWith("ExecuteUpdate", StringComparison.Ordinal) || name is "Update" or "Attach" ? "changes"
                : "reads";
            return new ObjectAccess(CallLocation(invocation), verb, entity, owner, ImmutableArray<string>.Empty);
        }

        /// <summary>An IQueryable&lt;T&gt; of an owned entity that did not come from a DbSet seen here (a repository's query property).</summary>
        private ITypeSymbol? ElementOfQuery(ITypeSymbol? type)
            => type is INamedTypeSymbol { Name: "IQueryable", TypeArguments.Length: 1 } query && owners.OwnerOf(query.TypeArguments[0]) is not null ? query.TypeArguments[0] : null;

        /// <summary>From the called method's name to the end of the call: <c>FindAsync(id)</c>.</summary>
        private static Location CallLocation(IInvocationOperation invocation)
        {
            if (invocation.Syntax is not InvocationExpressionSyntax syntax)
            {
                return invocation.Syntax.GetLocation();
            }

            var start = syntax.Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.SpanStart,
                MemberBindingExpressionSyntax binding => binding.Name.SpanStart,
                _ => syntax.SpanStart,
            };
            return Location.Create(syntax.SyntaxTree, Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(start, syntax.Span.End));
        }

        /// <summary>
        /// <paramref name="owner"/> reads an owner property (order.UserId, o => o.Customer.Id…) and <paramref name="other"/>
        /// is a value that is not a constant and not one of the request's identifiers: who the record belongs to is
        /// compared with someone, the caller.
        /// </summary>
        private bool ComparesOwner(IOperation owner, IOperation other, HashSet<ISymbol> ids)
        {
            if (!ReadsOwner(owner))
            {
                return false;
            }

            var value = Strip(other);
            return !value.ConstantValue.HasValue && !References(value, ids);
        }

        /// <summary>
        /// The request's identifier compared with the caller's own id (<c>if (id != currentUserId) return Forbid();</c>):
        /// the caller may act only on their own account, or on records under their own id (<c>/users/{userId}/orders</c>).
        /// </summary>
        private static bool ComparesIdentifierWithCaller(IOperation identifier, IOperation other, HashSet<ISymbol> ids, HashSet<ISymbol> callerLocals)
            => References(Strip(identifier), ids) && IsCallerIdentity(Strip(other), callerLocals);

        private bool ReadsOwner(IOperation operation)
        {
            for (var current = Strip(operation); current is not null;)
            {
                switch (current)
                {
                    case IPropertyReferenceOperation property when owners.IsOwnerProperty(property.Property)
                                                                   || (property.Instance is { } instance && owners.OwnerOf(instance.Type) is { } owner && SymbolEqualityComparer.Default.Equals(owner, property.Property)):
                        return true;
                    case IPropertyReferenceOperation property:
                        current = property.Instance is null ? null : Strip(property.Instance);
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ToString" or "ToLowerInvariant" or "ToUpperInvariant" } call:
                        current = call.Instance is null ? null : Strip(call.Instance);
                        continue;
                    default:
                        return false;
                }
            }

            return false;
        }

        private static bool IsResourceAuthorization(IInvocationOperation invocation)
            => invocation.TargetMethod.Name == "AuthorizeAsync"
               && invocation.TargetMethod.ContainingType?.Name is "IAuthorizationService" or "AuthorizationServiceExtensions"
               && invocation.Arguments.Any(a => a.Parameter?.Name == "resource" && !(Strip(a.Value).ConstantValue is { HasValue: true, Value: null }));

        /// <summary>
        /// Whether <paramref name="value"/> carries the caller's identity: the User principal (a controller's, a page's,
        /// HttpContext's), a ClaimsPrincipal or ClaimsIdentity, UserManager.GetUserId/GetUserAsync/GetUserName,
        /// IHttpContextAccessor, a current-user service (ICurrentUser…, IUser, …UserService, …UserContext), or a local
        /// made from one.
        /// </summary>
        private static bool IsCallerIdentity(IOperation? value, HashSet<ISymbol> callerLocals)
        {
            if (value is null)
            {
                return false;
            }

            foreach (var part in value.DescendantsAndSelf())
            {
                switch (part)
                {
                    case ILocalReferenceOperation local when callerLocals.Contains(local.Local):
                        return true;
                    case IInvocationOperation { TargetMethod: { Name: "GetUserId" or "GetUserAsync" or "GetUserName" } method } when method.ContainingType?.Name == "UserManager":
                        return true;
                }

                if (part.Type is { } type && IsIdentityType(type))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsIdentityType(ITypeSymbol type)
        {
            if (type.Name is "ClaimsPrincipal" or "ClaimsIdentity" or "IHttpContextAccessor" or "IUser" or "ICurrentUser" or "ICurrentUserService" or "ICurrentUserAccessor")
            {
                return true;
            }

            var name = type.Name;
            return (type.TypeKind == TypeKind.Interface || name.EndsWith("Service", StringComparison.Ordinal) || name.EndsWith("Context", StringComparison.Ordinal)
                    || name.EndsWith("Accessor", StringComparison.Ordinal) || name.EndsWith("Provider", StringComparison.Ordinal))
                   && name.IndexOf("CurrentUser", StringComparison.Ordinal) >= 0;
        }

        private static bool References(IOperation value, HashSet<ISymbol> symbols)
        {
            if (symbols.Count == 0)
            {
                return false;
            }

            foreach (var part in value.DescendantsAndSelf())
            {
                var symbol = part switch
                {
                    ILocalReferenceOperation local => (ISymbol)local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    _ => null,
                };

                if (symbol is not null && symbols.Contains(symbol))
                {
                    return true;
                }
            }

            return false;
        }

        private static IOperation Strip(IOperation operation)
        {
            while (true)
            {
                switch (operation)
                {
                    case IConversionOperation conversion:
                        operation = conversion.Operand;
                        continue;
                    case IAwaitOperation awaited:
                        operation = awaited.Operation;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        operation = parenthesized.Operand;
                        continue;
                    case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" or "AsTask" } wrapper when wrapper.Instance is not null:
                        operation = wrapper.Instance;
                        continue;
                    default:
                        return operation;
                }
            }
        }
    }
}
