using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// What ASP.NET Core means for cross-site request forgery: which authentication sends credentials automatically (a
    /// cookie: <c>AddCookie</c>, Identity's <c>AddIdentity</c>/<c>AddDefaultIdentity</c>/<c>AddIdentityCookies</c>),
    /// which attributes decide about anti-forgery validation (<c>[ValidateAntiForgeryToken]</c>,
    /// <c>[AutoValidateAntiforgeryToken]</c>, <c>[IgnoreAntiforgeryToken]</c>: every <c>IAntiforgeryPolicy</c>), a global
    /// filter (<c>options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute())</c>), the verbs that change state,
    /// and minimal-API form endpoints that switch validation off (<c>.DisableAntiforgery()</c>).
    /// </summary>
    /// <remarks>
    /// The application-wide facts are found once per compilation, on first need, like
    /// <see cref="ApplicationAuthorization"/>: a syntactic pass picks the few candidate calls by name, and only those are bound.
    /// </remarks>
    internal sealed class Antiforgery
    {
        private static readonly ConditionalWeakTable<Compilation, Antiforgery> Cache = new();

        private static readonly HashSet<string> CookieAuthenticationMethods = new(StringComparer.Ordinal)
        {
            "AddCookie", "AddIdentity", "AddDefaultIdentity", "AddIdentityCookies",
        };

        private static readonly string[] CandidateWords = CookieAuthenticationMethods.Append("ntiforgery").ToArray();

        private static readonly Dictionary<string, string> StateChangingVerbAttributes = new(StringComparer.Ordinal)
        {
            ["Microsoft.AspNetCore.Mvc.HttpPostAttribute"] = "POST",
            ["Microsoft.AspNetCore.Mvc.HttpPutAttribute"] = "PUT",
            ["Microsoft.AspNetCore.Mvc.HttpPatchAttribute"] = "PATCH",
            ["Microsoft.AspNetCore.Mvc.HttpDeleteAttribute"] = "DELETE",
        };

        private readonly Compilation compilation;
        private readonly object gate = new();
        private Facts? facts;

        private Antiforgery(Compilation c)
        {
            compilation = c;
            Controller = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Controller");
            ApiBehaviorMetadata = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Infrastructure.IApiBehaviorMetadata");
            AntiforgeryPolicy = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy");
            policyTypes = new[]
                {
                    "Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute",
                    "Microsoft.AspNetCore.Mvc.AutoValidateAntiforgeryTokenAttribute",
                    "Microsoft.AspNetCore.Mvc.IgnoreAntiforgeryTokenAttribute",
                    "Microsoft.AspNetCore.Antiforgery.RequireAntiforgeryTokenAttribute",
                    "Microsoft.AspNetCore.Mvc.ViewFeatures.IAntiforgeryPolicy",
                    "Microsoft.AspNetCore.Antiforgery.IAntiforgeryMetadata",
                }
                .Select(c.GetTypeByMetadataName)
                .Where(t => t is not null)
                .Select(t => t!)
                .ToArray();
            ValidateAntiForgeryTokenAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.ValidateAntiForgeryTokenAttribute");
            AcceptVerbsAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.AcceptVerbsAttribute");
            FilterCollection = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Filters.FilterCollection");
            FromFormAttribute = c.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.FromFormAttribute");
            FormFile = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IFormFile");
            FormFileCollection = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IFormFileCollection");
            FormCollection = c.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IFormCollection");
            verbAttributes = StateChangingVerbAttributes
                .Select(pair => (Type: c.GetTypeByMetadataName(pair.Key), Verb: pair.Value))
                .Where(pair => pair.Type is not null)
                .Select(pair => (pair.Type!, pair.Verb))
                .ToArray();
        }

        private readonly (INamedTypeSymbol Type, string Verb)[] verbAttributes;

        // The attributes (and the interfaces of attributes) that decide about anti-forgery validation.
        private readonly INamedTypeSymbol[] policyTypes;

        /// <summary>An MVC controller with views (its actions serve browsers and forms).</summary>
        public INamedTypeSymbol? Controller { get; }

        /// <summary>[ApiController] and what implements it: API controllers answer to tokens, not forms.</summary>
        public INamedTypeSymbol? ApiBehaviorMetadata { get; }

        /// <summary>[ValidateAntiForgeryToken], [AutoValidateAntiforgeryToken], [IgnoreAntiforgeryToken].</summary>
        public INamedTypeSymbol? AntiforgeryPolicy { get; }

        public INamedTypeSymbol? ValidateAntiForgeryTokenAttribute { get; }

        public INamedTypeSymbol? AcceptVerbsAttribute { get; }

        public INamedTypeSymbol? FilterCollection { get; }

        public INamedTypeSymbol? FromFormAttribute { get; }

        public INamedTypeSymbol? FormFile { get; }

        public INamedTypeSymbol? FormFileCollection { get; }

        public INamedTypeSymbol? FormCollection { get; }

        /// <summary>Whether anti-forgery exists in this compilation at all.</summary>
        public bool IsAvailable => policyTypes.Length > 0;

        public static Antiforgery For(Compilation compilation) => Cache.GetValue(compilation, c => new Antiforgery(c));

        /// <summary>The application authenticates browsers with a cookie (so a forged cross-site request carries it).</summary>
        public bool UsesCookieAuthentication(CancellationToken cancellationToken) => GetFacts(cancellationToken).Cookie;

        /// <summary>An anti-forgery filter (or an explicit decision against one) is added to MVC's global filters.</summary>
        public bool HasGlobalPolicy(CancellationToken cancellationToken) => GetFacts(cancellationToken).GlobalPolicy;

        /// <summary>The state-changing verbs an action declares (POST, PUT, PATCH, DELETE), empty when none.</summary>
        public IReadOnlyList<string> StateChangingVerbs(IMethodSymbol action)
        {
            var verbs = new List<string>();
            foreach (var attribute in action.GetAttributes())
            {
                if (attribute.AttributeClass is not { } type)
                {
                    continue;
                }

                foreach (var (verbType, verb) in verbAttributes)
                {
                    if (type.InheritsFromOrEquals(verbType) && !verbs.Contains(verb))
                    {
                        verbs.Add(verb);
                    }
                }

                if (type.InheritsFromOrEquals(AcceptVerbsAttribute))
                {
                    foreach (var argument in attribute.ConstructorArguments)
                    {
                        var values = argument.Kind == TypedConstantKind.Array ? argument.Values.ToArray() : new[] { argument };
                        foreach (var value in values)
                        {
                            if (value.Value is string text && text.Trim().ToUpperInvariant() is "POST" or "PUT" or "PATCH" or "DELETE" && !verbs.Contains(text.Trim().ToUpperInvariant()))
                            {
                                verbs.Add(text.Trim().ToUpperInvariant());
                            }
                        }
                    }
                }
            }

            return verbs;
        }

        /// <summary>An MVC action of a controller with views, not an API controller.</summary>
        public bool IsViewControllerAction(IMethodSymbol action)
        {
            var type = action.ContainingType;
            if (type is null || !type.InheritsFromOrEquals(Controller))
            {
                return false;
            }

            return !type.SelfAndBaseTypes().Any(t => t.GetAttributes().Any(a => a.AttributeClass is { } c && c.AllInterfaces.Contains(ApiBehaviorMetadata!, SymbolEqualityComparer.Default)))
                   && !compilation.Assembly.GetAttributes().Any(a => a.AttributeClass is { } c && ApiBehaviorMetadata is not null && c.AllInterfaces.Contains(ApiBehaviorMetadata, SymbolEqualityComparer.Default));
        }

        /// <summary>An anti-forgery attribute (validate, auto-validate or ignore) on the action, its controller or a base controller.</summary>
        public bool HasPolicy(IMethodSymbol action)
        {
            if (action.SelfAndOverridden().Any(m => HasPolicyAttribute(m)))
            {
                return true;
            }

            return action.ContainingType.SelfAndBaseTypes().Any(t => HasPolicyAttribute(t));
        }

        /// <summary>A handler parameter bound from a form: [FromForm], IFormFile, IFormFileCollection, IFormCollection.</summary>
        public bool IsFormParameter(IParameterSymbol parameter)
            => parameter.Has(FromFormAttribute)
               || parameter.Type.InheritsFromOrEquals(FormFile) || SymbolEqualityComparer.Default.Equals(parameter.Type, FormFile)
               || SymbolEqualityComparer.Default.Equals(parameter.Type, FormFileCollection)
               || SymbolEqualityComparer.Default.Equals(parameter.Type, FormCollection);

        /// <summary>The <c>.DisableAntiforgery()</c> call chained on a Map call, or null.</summary>
        public static IInvocationOperation? DisableAntiforgeryOn(IInvocationOperation mapping)
        {
            IOperation current = mapping;
            for (var steps = 0; steps < 16 && current.Parent is { } parent; steps++)
            {
                parent = parent is IConversionOperation conversion ? conversion.Parent ?? parent : parent;
                if (parent is IArgumentOperation { Parent: IInvocationOperation extension } && extension.TargetMethod.IsExtensionMethod && extension.Arguments.Length > 0
                    && extension.Arguments[0].Value.WithoutConversions() == current)
                {
                    if (extension.TargetMethod.Name == "DisableAntiforgery")
                    {
                        return extension;
                    }

                    current = extension;
                    continue;
                }

                if (parent is IInvocationOperation instanceCall && instanceCall.Instance?.WithoutConversions() == current)
                {
                    current = instanceCall;
                    continue;
                }

                break;
            }

            return null;
        }

        private bool HasPolicyAttribute(ISymbol symbol)
            => symbol.GetAttributes().Any(a => IsPolicy(a.AttributeClass));

        private Facts GetFacts(CancellationToken cancellationToken)
        {
            if (facts is { } known)
            {
                return known;
            }

            lock (gate)
            {
                return facts ??= Scan(cancellationToken);
            }
        }

        private Facts Scan(CancellationToken cancellationToken)
        {
            var cookie = false;
            var global = false;
            // A file holding a candidate spells a cookie method's name or, for a filter, "antiforgery" in some case.
            var candidates = Analysis.SyntaxIndex.Of(compilation).InvocationsWhere(
                name => CookieAuthenticationMethods.Contains(name) || name.StartsWith("Add", StringComparison.Ordinal),
                CandidateWords,
                ignoreCase: true,
                cancellationToken);
            foreach (var invocation in candidates)
            {
                var name = Analysis.SyntaxIndex.InvokedName(invocation.Expression)!;
                var isCookie = !cookie && CookieAuthenticationMethods.Contains(name);
                var isFilter = !global && name.StartsWith("Add", StringComparison.Ordinal)
                               && invocation.ToString().IndexOf("ntiforgery", StringComparison.OrdinalIgnoreCase) >= 0;
                if (!isCookie && !isFilter)
                {
                    continue;
                }

                if (SemanticModelFor(invocation.SyntaxTree).GetOperation(invocation, cancellationToken) is not IInvocationOperation call)
                {
                    continue;
                }

                if (isCookie && (call.TargetMethod.ContainingAssembly?.Name ?? string.Empty).StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal))
                {
                    cookie = true;
                }

                if (isFilter && IsGlobalPolicyFilter(call))
                {
                    global = true;
                }
            }

            return new Facts(cookie, global);
        }

        /// <summary><c>Filters.Add(new AutoValidateAntiforgeryTokenAttribute())</c>, <c>Filters.Add&lt;…&gt;()</c>, <c>Filters.Add(typeof(…))</c>.</summary>
        private bool IsGlobalPolicyFilter(IInvocationOperation call)
        {
            // Add(IFilterMetadata) is Collection<IFilterMetadata>'s: look at the receiver.
            if (call.Instance?.Type is not { } receiver || !receiver.InheritsFromOrEquals(FilterCollection))
            {
                return false;
            }

            if (call.TargetMethod.TypeArguments.Any(IsPolicy))
            {
                return true;
            }

            foreach (var argument in call.Arguments)
            {
                var value = argument.Value.WithoutConversions();
                if ((value is ITypeOfOperation typeOf && IsPolicy(typeOf.TypeOperand)) || IsPolicy(value.Type))
                {
                    return true;
                }
            }

            return false;
        }

        private bool IsPolicy(ITypeSymbol? type)
            => type is not null && policyTypes.Any(p => type.InheritsFromOrEquals(p) || type.AllInterfaces.Contains(p, SymbolEqualityComparer.Default));

#pragma warning disable RS1030 // Do not invoke Compilation.GetSemanticModel() method within a diagnostic analyzer: only the few candidate calls are bound, once per compilation.
        private SemanticModel SemanticModelFor(SyntaxTree tree) => compilation.GetSemanticModel(tree);
#pragma warning restore RS1030

        private static string? NameOf(ExpressionSyntax expression) => expression switch
        {
            MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
            MemberBindingExpressionSyntax binding => binding.Name.Identifier.ValueText,
            SimpleNameSyntax simple => simple.Identifier.ValueText,
            _ => null,
        };

        private sealed record Facts(bool Cookie, bool GlobalPolicy);
    }
}
