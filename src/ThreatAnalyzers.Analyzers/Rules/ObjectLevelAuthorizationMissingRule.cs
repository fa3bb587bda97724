using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA6005 (OWASP API1, broken object-level authorization): an authenticated ASP.NET Core entry point takes an
    /// identifier from the request (a parameter named <c>id</c> or <c>…Id</c> of type int, long, Guid or string) and reads,
    /// changes or deletes a record of a user-owned entity (<see cref="OwnerMembers"/>) by it, and nothing on the path
    /// compares the record's owner with the caller (<see cref="ObjectAccessAnalysis"/>): any signed-in user can read or
    /// change anyone's record by trying identifiers. Reported at the store call, naming the endpoint, the entity, its owner
    /// property and the identifier.
    /// Silent on: unauthenticated entry points (TA1001 and TA4005 are about those); entry points that require a role or a
    /// policy (an administrator acts on any record by design); entities without an owner property or with a global query
    /// filter; queries filtered by the caller's id; an owner check anywhere on the path (<c>if (order.UserId != userId)
    /// return Forbid();</c>), or the identifier compared with the caller's id (<c>if (id != userId)</c>); a resource-based
    /// <c>IAuthorizationService.AuthorizeAsync(User, order, …)</c>; a call into a method that receives the caller's
    /// identity as well as the identifier (assumed to scope by it: a limit).
    /// </summary>
    internal sealed class ObjectLevelAuthorizationMissingRule : EntryPointRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.ObjectLevelAuthorizationMissing,
            title: "Object-level authorization missing",
            messageFormat: "'{0}' {1} a record of '{2}' by '{3}' from the request{4}, and nothing on the path compares its owner '{5}' with the caller: any signed-in user can reach anyone's record",
            RuleCategories.ElevationOfPrivilege,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An authenticated entry point selects a record of a user-owned entity by an identifier the caller sends, and nothing checks "
                       + "that the record belongs to the caller (broken object-level authorization, OWASP API1). Any signed-in user can read, change "
                       + "or delete other users' records by trying identifiers. Filter the query by the caller's id, compare the owner with the "
                       + "caller after loading, or use resource-based authorization.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.ObjectLevelAuthorizationMissing + ".md",
            customTags: "CWE-639");

        public ObjectLevelAuthorizationMissingRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which authenticated entry points read, change or delete a user's record by an identifier from the request without checking that it is the caller's?",
                concerns: "the entry point",
                fix: null))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            var analysis = context.Analysis;
            var entryPoint = context.EntryPoint;
            if (analysis.Resources.EntityFrameworkCore is not { } ef
                || !entryPoint.IsAspNetCoreEndpoint
                || !entryPoint.Authorization.RequiresAuthentication || entryPoint.Authorization.AllowsAnonymous
                || context.Handler is not IMethodSymbol handler)
            {
                return;
            }

            var owners = OwnerMembers.For(analysis, context.CancellationToken);
            if (owners.IsEmpty)
            {
                return;
            }

            var identifiers = handler.Parameters.Where(p => IsIdentifier(p, analysis)).ToList();
            if (identifiers.Count == 0 || RequiresRoleOrPolicy(context, handler) || BodyOf(context, handler) is not { } body)
            {
                return;
            }

            var result = new ObjectAccessAnalysis(analysis, owners, ef, context.CancellationToken).Run(body, identifiers);
            if (result.OwnerChecked)
            {
                return;
            }

            var reported = new HashSet<string>(StringComparer.Ordinal);
            bool? changesState = null;
            foreach (var access in result.Accesses)
            {
                // Authored content (a post, a comment) and accounts (a member's profile) are commonly read by others:
                // reading one is no ownership question, loading it in an entry point that changes the store is.
                if (owners.IsReadableByOthers(access.Owner) && access.Verb == "reads"
                    && !(changesState ??= analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken).Reaches(ReachKind.StateChange)))
                {
                    continue;
                }

                if (!reported.Add(FlowFindingSites.KeyOf(access.Location)))
                {
                    continue;
                }

                var identifier = identifiers[0];
                var additional = identifier.Locations.Where(l => l.IsInSource).Take(1);
                context.Report(this, access.Location, additional, properties: null,
                    entryPoint.Name, access.Verb, access.Entity.Name, string.Join("', '", identifiers.Select(i => i.Name)),
                    access.Via.IsEmpty ? string.Empty : " via " + string.Join(" → ", access.Via),
                    access.Entity.Name + "." + access.Owner.Name);
            }
        }

        /// <summary>A parameter named id or …Id of a key type, bound from the request (not a service, not the principal).</summary>
        private static bool IsIdentifier(IParameterSymbol parameter, CompilationAnalysis analysis)
        {
            var type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable ? nullable.TypeArguments[0] : parameter.Type;
            return (string.Equals(parameter.Name, "id", StringComparison.OrdinalIgnoreCase) || (parameter.Name.Length > 2 && parameter.Name.EndsWith("Id", StringComparison.Ordinal)))
                   && (type.SpecialType is SpecialType.System_Int32 or SpecialType.System_Int64 or SpecialType.System_String
                       || type is { Name: "Guid", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } })
                   && !analysis.Flow.Services.IsMarkedAsService(parameter);
        }

        /// <summary>
        /// An entry point that requires a role or a policy ([Authorize(Roles/Policy)], [RequiresRole] on the method, its
        /// class or the controller inheriting it; RequireAuthorization with a policy or roles on the Map call or the group
        /// chain it is mapped on): an administrator acts on any record by design.
        /// </summary>
        private static bool RequiresRoleOrPolicy(EntryPointContext context, IMethodSymbol handler)
        {
            var analysis = context.Analysis;
            if (PrivilegedOperations.IsPrivileged(handler, analysis.Annotations, analysis.EntryPoints.AspNetCore))
            {
                return true;
            }

            if (context.InheritedBy is { } controller && controller.GetAttributes().Any(a => a.NamedArguments.Any(n => n.Key is "Roles" or "Policy" && n.Value.Value is string { Length: > 0 })))
            {
                return true;
            }

            return context.Mapping is { } mapping && MappedWithRoleOrPolicy(analysis, mapping, context.CancellationToken);
        }

        /// <summary>RequireAuthorization with a policy or roles on a Map call, its local or a group it is mapped in (the shared convention walker, <see cref="RoleOrPolicyConventionReader"/>).</summary>
        internal static bool MappedWithRoleOrPolicy(CompilationAnalysis analysis, IInvocationOperation mapping, System.Threading.CancellationToken cancellationToken)
            => analysis.EntryPoints.Application?.Endpoints.ForMapping(mapping, RoleOrPolicyConventionReader.Instance, cancellationToken) == true;

        private static IOperation? BodyOf(EntryPointContext context, IMethodSymbol handler)
        {
            if (handler.MethodKind == MethodKind.AnonymousFunction)
            {
                return context.Mapping?.Arguments.SelectMany(a => a.Value.DescendantsAndSelf()).OfType<IAnonymousFunctionOperation>()
                    .FirstOrDefault(f => SymbolEqualityComparer.Default.Equals(f.Symbol, handler))?.Body;
            }

            return context.Analysis.Flow.BodyOf((handler.ReducedFrom ?? handler).OriginalDefinition, context.CancellationToken);
        }
    }
}
