using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// The roles code requires, as ASP.NET Core reads them: a list of role sets that must all be met, each met by any
    /// one of its roles (<c>[Authorize(Roles = "Admin,Manager")]</c> is one set of two; two attributes are two sets).
    /// Sources: <c>[Authorize(Roles = …)]</c> and anything implementing IAuthorizeData, <c>[Authorize(Policy = …)]</c>
    /// for a policy the compilation builds with <c>RequireRole</c> (<c>AddPolicy("Admins", p =&gt; p.RequireRole("Admin"))</c>,
    /// found once per compilation), and <c>[RequiresRole]</c>. Role names compare ordinally, as ClaimsPrincipal.IsInRole does.
    /// </summary>
    internal sealed class RoleRequirements
    {
        private readonly Compilation compilation;
        private readonly AspNetCoreTypes? aspNetCore;
        private readonly AnnotationTypes annotations;
        private readonly object gate = new();
        private Dictionary<string, List<ImmutableHashSet<string>>>? policies;
        private RoleConventionReader? conventions;
        private RoleGrant? controllers;
        private RoleGrant? razorPages;

        private RoleRequirements(Compilation compilation, AspNetCoreTypes? aspNetCore, AnnotationTypes annotations)
        {
            this.compilation = compilation;
            this.aspNetCore = aspNetCore;
            this.annotations = annotations;
        }

        public static RoleRequirements Of(CompilationAnalysis analysis)
            => PerCompilation<RoleRequirements>.Get(analysis.Compilation, c => new RoleRequirements(c, analysis.EntryPoints.AspNetCore, analysis.Annotations));

        /// <summary>The role sets the attributes on one symbol require.</summary>
        public void AddFrom(ISymbol symbol, List<ImmutableHashSet<string>> into, CancellationToken cancellationToken)
        {
            var unknown = false;
            AddFrom(symbol, into, ref unknown, cancellationToken);
        }

        /// <summary>
        /// The role sets the attributes on one symbol require; <paramref name="unknown"/> is set when one names a policy
        /// the compilation does not build (a policy provider, another assembly): what it requires cannot be told.
        /// </summary>
        public void AddFrom(ISymbol symbol, List<ImmutableHashSet<string>> into, ref bool unknown, CancellationToken cancellationToken)
        {
            foreach (var attribute in symbol.GetAttributes())
            {
                AddFrom(attribute, into, ref unknown, cancellationToken);
            }
        }

        /// <summary>The role sets one attribute requires.</summary>
        public void AddFrom(AttributeData attribute, List<ImmutableHashSet<string>> into, ref bool unknown, CancellationToken cancellationToken)
        {
            if (attribute.AttributeClass is not { } type)
            {
                return;
            }

            if (annotations.RequiresRole is not null && type.InheritsFromOrEquals(annotations.RequiresRole))
            {
                if (attribute.StringArgument(0) is { Length: > 0 } role)
                {
                    into.Add(Split(role));
                }
            }
            else if (aspNetCore?.IAuthorizeData is { } authorizeData && type.Implements(authorizeData))
            {
                if (attribute.NamedStringArgument("Roles") is { Length: > 0 } roles)
                {
                    into.Add(Split(roles));
                }

                if ((attribute.NamedStringArgument("Policy") ?? attribute.StringArgument(0)) is { Length: > 0 } policy)
                {
                    unknown |= !IsKnownPolicy(policy, cancellationToken);
                    into.AddRange(OfPolicy(policy, cancellationToken));
                }
            }
        }

        /// <summary>The role sets a privileged method requires: its own attributes and its type's.</summary>
        public List<ImmutableHashSet<string>> RequiredBy(IMethodSymbol method, CancellationToken cancellationToken)
        {
            var sets = new List<ImmutableHashSet<string>>();
            AddFrom(method, sets, cancellationToken);
            // A type's requirement covers its operations, not its constructors or static helpers.
            if (method is { MethodKind: MethodKind.Ordinary, IsStatic: false, ContainingType: { } type })
            {
                AddFrom(type, sets, cancellationToken);
            }

            return sets;
        }

        /// <summary>The role sets of a named policy the compilation builds with RequireRole (none for other policies or unknown names).</summary>
        public IReadOnlyList<ImmutableHashSet<string>> OfPolicy(string name, CancellationToken cancellationToken)
            => Policies(cancellationToken).TryGetValue(name, out var sets) ? sets : Array.Empty<ImmutableHashSet<string>>();

        /// <summary>
        /// What the conventions on MapControllers()/MapControllerRoute()/MapDefaultControllerRoute() (or, for pages,
        /// MapRazorPages()) require of every action or page, through <see cref="EndpointConventions"/>; found once.
        /// </summary>
        public RoleGrant ForMappedEndpoints(bool pages, EndpointConventions endpoints, CancellationToken cancellationToken)
        {
            var known = pages ? razorPages : controllers;
            if (known is not null)
            {
                return known;
            }

            var names = pages ? new[] { "MapRazorPages" } : new[] { "MapControllers", "MapControllerRoute", "MapDefaultControllerRoute", "MapAreaControllerRoute" };
            var grants = new List<RoleGrant>();
            foreach (var invocation in SyntaxIndex.Of(compilation).InvocationsNamed(names, cancellationToken))
            {
#pragma warning disable RS1030 // Bound once per candidate, from the shared syntax index.
                var model = compilation.GetSemanticModel(invocation.SyntaxTree);
#pragma warning restore RS1030
                if (model.GetOperation(invocation, cancellationToken) is IInvocationOperation call && names.Contains(call.TargetMethod.Name)
                    && NamespaceNames.Is(call.TargetMethod.ContainingNamespace, "Microsoft.AspNetCore.Builder"))
                {
                    grants.Add(endpoints.ForMapping(call, Conventions, cancellationToken));
                }
            }

            var grant = Conventions.OnEveryPath(grants);
            if (pages)
            {
                razorPages = grant;
            }
            else
            {
                controllers = grant;
            }

            return grant;
        }

        /// <summary>
        /// Adds what a convention grant requires: its role sets, and the roles of the policies it names; <paramref name="unknown"/>
        /// is set when it names a policy the compilation does not build.
        /// </summary>
        public void Resolve(RoleGrant grant, List<ImmutableHashSet<string>> into, ref bool unknown, CancellationToken cancellationToken)
        {
            into.AddRange(grant.Sets);
            foreach (var policy in grant.Policies)
            {
                unknown |= !IsKnownPolicy(policy, cancellationToken);
                into.AddRange(OfPolicy(policy, cancellationToken));
            }
        }

        /// <summary>Whether the compilation builds a policy of that name (AddPolicy), with roles or not.</summary>
        public bool IsKnownPolicy(string name, CancellationToken cancellationToken) => Policies(cancellationToken).ContainsKey(name);

        /// <summary>The role sets that RequireAuthorization(…) and WithMetadata(new AuthorizeAttribute { … }) conventions require, for <see cref="EndpointConventions"/>.</summary>
        public RoleConventionReader Conventions => conventions ??= new RoleConventionReader(aspNetCore);

        /// <summary>Whether some role set an entry point requires lets in only callers that a set the method requires lets in.</summary>
        public static bool Satisfies(IReadOnlyList<ImmutableHashSet<string>> entryPoint, ImmutableHashSet<string> required)
            => entryPoint.Any(set => set.Count > 0 && set.IsSubsetOf(required));

        /// <summary>"role 'Admin'", "one of the roles 'Admin, Manager'".</summary>
        public static string Describe(ImmutableHashSet<string> set)
            => set.Count == 1 ? "role '" + set.First() + "'" : "one of the roles '" + string.Join(", ", set.OrderBy(r => r, StringComparer.Ordinal)) + "'";

        /// <summary>The RequireRole(…) calls on an AuthorizationPolicyBuilder in a policy's definition (a lambda, a built policy, a local holding one).</summary>
        internal static void AddRequiredRoles(IOperation definition, INamedTypeSymbol policyBuilder, List<ImmutableHashSet<string>> into)
        {
            var value = definition.WithoutConversions();
            if (value is ILocalReferenceOperation local && value.Root().InitializerOf(local.Local) is { } initializer)
            {
                value = initializer;
            }

            foreach (var operation in value.DescendantsAndSelf())
            {
                if (operation is IInvocationOperation { TargetMethod.Name: "RequireRole" } requireRole
                    && AspNetCoreTypes.Is(requireRole.TargetMethod.ContainingType, policyBuilder))
                {
                    var roles = requireRole.Arguments.SelectMany(a => a.Value.DescendantsAndSelf())
                        .Select(o => o.ConstantValue).Where(c => c.HasValue && c.Value is string { Length: > 0 })
                        .Select(c => (string)c.Value!).ToImmutableHashSet(StringComparer.Ordinal);
                    if (roles.Count > 0)
                    {
                        into.Add(roles);
                    }
                }
            }
        }

        internal static ImmutableHashSet<string> Split(string roles)
            => roles.Split(',').Select(r => r.Trim()).Where(r => r.Length > 0).ToImmutableHashSet(StringComparer.Ordinal);

        private Dictionary<string, List<ImmutableHashSet<string>>> Policies(CancellationToken cancellationToken)
        {
            if (policies is { } known)
            {
                return known;
            }

            lock (gate)
            {
                return policies ??= Scan(cancellationToken);
            }
        }

        /// <summary>AddPolicy("name", builder =&gt; builder.RequireRole(…)) or AddPolicy("name", policy built with RequireRole), from the syntax index.</summary>
        private Dictionary<string, List<ImmutableHashSet<string>>> Scan(CancellationToken cancellationToken)
        {
            var found = new Dictionary<string, List<ImmutableHashSet<string>>>(StringComparer.Ordinal);
            if (aspNetCore?.AuthorizationPolicyBuilder is not { } policyBuilder)
            {
                return found;
            }

            foreach (var invocation in SyntaxIndex.Of(compilation).InvocationsNamed("AddPolicy", cancellationToken))
            {
#pragma warning disable RS1030 // Bound once per candidate, from the shared syntax index.
                var model = compilation.GetSemanticModel(invocation.SyntaxTree);
#pragma warning restore RS1030
                if (model.GetOperation(invocation, cancellationToken) is not IInvocationOperation call
                    || call.ArgumentValue("name") is not { ConstantValue: { HasValue: true, Value: string name } })
                {
                    continue;
                }

                var sets = new List<ImmutableHashSet<string>>();
                foreach (var argument in call.Arguments)
                {
                    AddRequiredRoles(argument.Value, policyBuilder, sets);
                }

                if (!found.ContainsKey(name))
                {
                    found[name] = sets;
                }
            }

            return found;
        }
    }

    /// <summary>
    /// What endpoint conventions require: role sets written in place, and the names of the policies they require (resolved
    /// by the rule that asks, <see cref="RoleRequirements.Resolve"/>: a reader only reads the calls).
    /// </summary>
    internal sealed class RoleGrant
    {
        public static readonly RoleGrant None = new(ImmutableArray<ImmutableHashSet<string>>.Empty, ImmutableArray<string>.Empty);

        public RoleGrant(ImmutableArray<ImmutableHashSet<string>> sets, ImmutableArray<string> policies)
        {
            Sets = sets;
            Policies = policies;
        }

        public ImmutableArray<ImmutableHashSet<string>> Sets { get; }

        public ImmutableArray<string> Policies { get; }

        public bool IsNone => Sets.IsEmpty && Policies.IsEmpty;
    }

    /// <summary>
    /// RequireAuthorization("policy"), RequireAuthorization(new AuthorizeAttribute { Roles = … }),
    /// RequireAuthorization(policy =&gt; policy.RequireRole(…)) and WithMetadata(new AuthorizeAttribute { … }): the role sets
    /// they require, on the Map call, a local, or the groups above it (one per compilation, so the walker's cache holds).
    /// </summary>
    internal sealed class RoleConventionReader : EndpointConventionReader<RoleGrant>
    {
        private readonly AspNetCoreTypes? aspNetCore;

        public RoleConventionReader(AspNetCoreTypes? aspNetCore) => this.aspNetCore = aspNetCore;

        public override RoleGrant None => RoleGrant.None;

        public override RoleGrant With(RoleGrant gathered, RoleGrant more)
            => more.IsNone ? gathered
                : gathered.IsNone ? more
                : new RoleGrant(gathered.Sets.AddRange(more.Sets), gathered.Policies.AddRange(more.Policies));

        /// <summary>Only what every path requires: the role sets and policies all paths have.</summary>
        public override RoleGrant OnEveryPath(IReadOnlyList<RoleGrant> paths)
        {
            if (paths.Count == 0)
            {
                return None;
            }

            var sets = paths[0].Sets.Where(set => paths.All(p => p.Sets.Any(other => other.SetEquals(set)))).ToImmutableArray();
            var policies = paths[0].Policies.Where(policy => paths.All(p => p.Policies.Contains(policy))).ToImmutableArray();
            return new RoleGrant(sets, policies);
        }

        public override RoleGrant Classify(IInvocationOperation call)
        {
            var method = call.TargetMethod;
            var requires = method.Name == "RequireAuthorization" && AspNetCoreTypes.Is(method.ContainingType, aspNetCore?.AuthorizationEndpointConventionBuilderExtensions);
            var metadata = method.Name == "WithMetadata" && AspNetCoreTypes.Is(method.ContainingType, aspNetCore?.RoutingEndpointConventionBuilderExtensions);
            if ((!requires && !metadata) || aspNetCore is null)
            {
                return None;
            }

            var sets = new List<ImmutableHashSet<string>>();
            var policies = new List<string>();
            foreach (var argument in call.Arguments)
            {
                if (argument.Parameter?.Ordinal == 0)
                {
                    continue;
                }

                foreach (var operation in argument.Value.DescendantsAndSelf())
                {
                    switch (operation)
                    {
                        case ILiteralOperation { ConstantValue: { HasValue: true, Value: string policy } } literal
                            when requires && literal.Parent is not ISimpleAssignmentOperation && !Within<IObjectCreationOperation>(literal) && !Within<IAnonymousFunctionOperation>(literal):
                            policies.Add(policy);
                            break;
                        case IObjectCreationOperation { Type: INamedTypeSymbol created, Initializer: { } initializer } when created.Implements(aspNetCore.IAuthorizeData):
                            foreach (var assignment in initializer.Initializers.OfType<ISimpleAssignmentOperation>())
                            {
                                if (assignment.Target is IPropertyReferenceOperation { Property.Name: var name } && assignment.Value.ConstantValue is { HasValue: true, Value: string text } && text.Length > 0)
                                {
                                    if (name == "Roles")
                                    {
                                        sets.Add(RoleRequirements.Split(text));
                                    }
                                    else if (name == "Policy")
                                    {
                                        policies.Add(text);
                                    }
                                }
                            }

                            break;
                        case IAnonymousFunctionOperation policyBuilder when aspNetCore.AuthorizationPolicyBuilder is { } builderType:
                            RoleRequirements.AddRequiredRoles(policyBuilder, builderType, sets);
                            break;
                    }
                }
            }

            return sets.Count == 0 && policies.Count == 0 ? None : new RoleGrant(sets.ToImmutableArray(), policies.ToImmutableArray());
        }

        private static bool Within<TOperation>(IOperation operation)
            where TOperation : IOperation
        {
            for (var current = operation.Parent; current is not null; current = current.Parent)
            {
                if (current is TOperation)
                {
                    return true;
                }
            }

            return false;
        }
    }
}
