using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Whether an endpoint's conventions ask for more than a signed-in caller: a role or a policy, on the Map call, its
    /// local or any group it is mapped in (read by <see cref="EndpointConventions"/>'s one walker). An administrator's
    /// endpoint acts on any record and grants any role by design (TA6004, TA6005 stay silent there).
    /// <list type="bullet">
    /// <item><c>RequireAuthorization("Admin")</c>: a policy name;</item>
    /// <item><c>RequireAuthorization(new AuthorizeAttribute { Roles = "Admin" })</c> (or <c>Policy</c>, or the policy as its
    /// constructor argument), also through <c>WithMetadata</c>;</item>
    /// <item><c>RequireAuthorization(p =&gt; p.RequireRole(…))</c> or <c>RequireClaim(…)</c>; a builder lambda that asks only
    /// for an authenticated user is no role;</item>
    /// <item>an <c>AuthorizationPolicy</c> built elsewhere (unknown: taken as a policy).</item>
    /// </list>
    /// On every path: an endpoint mapped in several places is a role's only when each path requires one.
    /// </summary>
    internal sealed class RoleOrPolicyConventionReader : EndpointConventionReader<bool>
    {
        public static RoleOrPolicyConventionReader Instance { get; } = new();

        public override bool None => false;

        public override bool With(bool gathered, bool more) => gathered || more;

        public override bool OnEveryPath(IReadOnlyList<bool> paths) => paths.Count > 0 && paths.All(p => p);

        public override bool Classify(IInvocationOperation call)
            => call.TargetMethod.Name is "RequireAuthorization" or "WithMetadata"
               && call.Arguments.Skip(call.TargetMethod.IsExtensionMethod && call.Instance is null ? 1 : 0).Any(argument =>
               {
                   var value = argument.Value;
                   if (value is IArrayCreationOperation { Initializer: { } initializer })
                   {
                       return initializer.ElementValues.Any(e => (call.TargetMethod.Name == "RequireAuthorization" && e.ConstantValue is { HasValue: true, Value: string { Length: > 0 } }) || RequiresRoleOrPolicy(e));
                   }

                   return (call.TargetMethod.Name == "RequireAuthorization" && value.ConstantValue is { HasValue: true, Value: string { Length: > 0 } }) || RequiresRoleOrPolicy(value);
               });

        private static bool RequiresRoleOrPolicy(IOperation value)
        {
            foreach (var part in value.DescendantsAndSelf())
            {
                switch (part)
                {
                    case IObjectCreationOperation { Initializer: { } initializer }
                        when initializer.Initializers.OfType<ISimpleAssignmentOperation>().Any(a => a.Target is IPropertyReferenceOperation { Property.Name: "Roles" or "Policy" } && a.Value.ConstantValue is not { HasValue: true, Value: null }):
                        return true;
                    case IObjectCreationOperation { Type.Name: "AuthorizeAttribute", Arguments.Length: > 0 } creation when creation.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string { Length: > 0 } }:
                        return true;
                    case IAnonymousFunctionOperation function:
                        return function.Body.DescendantsAndSelf().OfType<IInvocationOperation>().Any(i => i.TargetMethod.Name is "RequireRole" or "RequireClaim");
                    case IFieldReferenceOperation or IPropertyReferenceOperation or ILocalReferenceOperation when part.Type?.Name == "AuthorizationPolicy":
                        return true;
                }
            }

            return false;
        }
    }
}
