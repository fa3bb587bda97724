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
            foreach (var attribute in symbol.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type)
                {
                    continue;
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
                        into.AddRange(OfPolicy(policy, cancellationToken));
                    }
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

        /// <summary>Whether some role set an entry point requires lets in only callers that a set the method requires lets in.</summary>
        public static bool Satisfies(IReadOnlyList<ImmutableHashSet<string>> entryPoint, ImmutableHashSet<string> required)
            => entryPoint.Any(set => set.Count > 0 && set.IsSubsetOf(required));

        /// <summary>"role 'Admin'", "one of the roles 'Admin, Manager'".</summary>
        public static string Describe(ImmutableHashSet<string> set)
            => set.Count == 1 ? "role '" + set.First() + "'" : "one of the roles '" + string.Join(", ", set.OrderBy(r => r, StringComparer.Ordinal)) + "'";

        private static ImmutableHashSet<string> Split(string roles)
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
                    var value = argument.Value.WithoutConversions();
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
                                sets.Add(roles);
                            }
                        }
                    }
                }

                if (sets.Count > 0 && !found.ContainsKey(name))
                {
                    found[name] = sets;
                }
            }

            return found;
        }
    }
}
