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
    /// return Forbid();</c>); a resource-based <c>IAuthorizationService.AuthorizeAsync(User, order, …)</c>; a call into a
    /// method that receives the caller's identity as well as the identifier (assumed to scope by it: a limit).
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
                // Authored content (a post, a comment) is meant to be read by others: reading it is no ownership question,
                // loading it in an entry point that changes the store is.
                if (OwnerMembers.IsAuthorship(access.Owner) && access.Verb == "reads"
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

        /// <summary>RequireAuthorization with a policy or roles on a Map call, after it in its fluent chain, or on the group chain it is mapped on (also through a local).</summary>
        internal static bool MappedWithRoleOrPolicy(CompilationAnalysis analysis, IInvocationOperation mapping, System.Threading.CancellationToken cancellationToken)
        {
            // Up the fluent chain after the Map call, and down the receiver chain it was called on (a group).
            for (IOperation? current = mapping; current is not null; current = current.Parent)
            {
                if (current is IInvocationOperation call && NamesRoleOrPolicy(call))
                {
                    return true;
                }

                if (current is IBlockOperation or IExpressionStatementOperation)
                {
                    break;
                }
            }

            var receiver = mapping.Instance ?? (mapping.Arguments.Length > 0 ? mapping.Arguments[0].Value : null);
            for (var hops = 0; receiver is not null && hops < 16; hops++)
            {
                while (receiver is IConversionOperation conversion)
                {
                    receiver = conversion.Operand;
                }

                if (receiver is ILocalReferenceOperation local
                    && local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: { } initializer } declarator
                    && analysis.Compilation.ContainsSyntaxTree(initializer.SyntaxTree))
                {
                    // group.RequireAuthorization("Admin"); as a statement of its own on the group's local.
                    var model = analysis.Flow.SemanticModelFor(initializer.SyntaxTree);
                    var scope = declarator.FirstAncestorOrSelf<Microsoft.CodeAnalysis.CSharp.Syntax.BlockSyntax>() ?? (SyntaxNode)declarator.SyntaxTree.GetRoot(cancellationToken);
                    foreach (var statement in scope.DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.InvocationExpressionSyntax>())
                    {
                        if (statement.Expression is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RequireAuthorization", Expression: Microsoft.CodeAnalysis.CSharp.Syntax.IdentifierNameSyntax name }
                            && name.Identifier.ValueText == local.Local.Name
                            && model.GetOperation(statement, cancellationToken) is IInvocationOperation onGroup
                            && NamesRoleOrPolicy(onGroup))
                        {
                            return true;
                        }
                    }

                    receiver = model.GetOperation(initializer, cancellationToken);
                    continue;
                }

                if (receiver is not IInvocationOperation call)
                {
                    break;
                }

                if (NamesRoleOrPolicy(call))
                {
                    return true;
                }

                receiver = call.Instance ?? (call.Arguments.Length > 0 ? call.Arguments[0].Value : null);
            }

            return false;
        }

        /// <summary>RequireAuthorization("Admin"), RequireAuthorization(new AuthorizeAttribute { Roles = "Admin" }), RequireAuthorization(policy => policy.RequireRole(…)).</summary>
        private static bool NamesRoleOrPolicy(IInvocationOperation call)
            => call.TargetMethod.Name == "RequireAuthorization"
               && call.Arguments.Skip(call.TargetMethod.IsExtensionMethod && call.Instance is null ? 1 : 0).Any(argument =>
               {
                   var value = argument.Value;
                   if (value is IArrayCreationOperation { Initializer: { } initializer })
                   {
                       return initializer.ElementValues.Any(e => e.ConstantValue is { HasValue: true, Value: string { Length: > 0 } } || e.DescendantsAndSelf().OfType<IObjectCreationOperation>().Any());
                   }

                   return value.ConstantValue is { HasValue: true, Value: string { Length: > 0 } } || RequiresRoleOrPolicy(value);
               });

        /// <summary>
        /// An authorization argument that asks for more than a signed-in user: an AuthorizeAttribute with Roles or Policy,
        /// a policy builder lambda that requires a role, or a policy object built elsewhere (unknown: taken as a policy).
        /// </summary>
        private static bool RequiresRoleOrPolicy(IOperation value)
        {
            foreach (var part in value.DescendantsAndSelf())
            {
                switch (part)
                {
                    case IObjectCreationOperation { Initializer: { } initializer }
                        when initializer.Initializers.OfType<ISimpleAssignmentOperation>().Any(a => a.Target is IPropertyReferenceOperation { Property.Name: "Roles" or "Policy" } && a.Value.ConstantValue is not { HasValue: true, Value: null }):
                        return true;
                    case IObjectCreationOperation { Arguments.Length: > 0 } creation when creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string { Length: > 0 } }:
                        return true;
                    case IAnonymousFunctionOperation function:
                        return function.Body.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => i.TargetMethod.Name is "RequireRole" or "RequireClaim");
                    case IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation when part.Type?.Name == "AuthorizationPolicy":
                        return true;
                }
            }

            return false;
        }

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
