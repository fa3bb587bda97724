using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1006: authentication configured below current guidance, each explicitly: an Identity password shorter than
    /// NIST SP 800-63B's minimum, account lockout off for new users or allowing more failed attempts than 800-63B's
    /// limit, a session-carrying cookie readable by script or sent over plain HTTP, a CORS policy that lets any origin
    /// make credentialed requests. Defaults are not reported (see docs/rules/TA1006.md for why).
    /// </summary>
    internal sealed class WeakAuthenticationConfigurationRule : OperationRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.WeakAuthenticationConfiguration,
            title: "Weak authentication configuration",
            messageFormat: "'{0}' in {1} weakens authentication ({2}): {3}",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Authentication is configured weaker than current guidance: short passwords, no account lockout, session cookies that "
                       + "script can read or that travel over plain HTTP, or a CORS policy that lets any web site make requests with the "
                       + "user's credentials. Each makes it easier to act as another user.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.WeakAuthenticationConfiguration + ".md",
            customTags: "CWE-521");

        private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(OperationKind.SimpleAssignment, OperationKind.Invocation);

        public WeakAuthenticationConfigurationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which password, lockout, session cookie and CORS settings are set below current guidance?",
                concerns: "the endpoint whose code holds the setting, else the application",
                fix: "write the safe value (or take AllowCredentials() out of an any-origin CORS policy)"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds => Kinds;

        public override bool AppliesTo(CompilationAnalysis analysis) => !AuthenticationSettings.Of(analysis.Compilation).IsEmpty;

        public override void Analyze(OperationRuleContext context)
        {
            var settings = AuthenticationSettings.Of(context.Analysis.Compilation);
            if (context.Operation is ISimpleAssignmentOperation assignment)
            {
                AnalyzeAssignment(context, assignment, settings);
            }
            else if (context.Operation is IInvocationOperation invocation)
            {
                AnalyzeCors(context, invocation, settings);
            }
        }

        private void AnalyzeAssignment(OperationRuleContext context, ISimpleAssignmentOperation assignment, AuthenticationSettings settings)
        {
            if (ConfigurationShapes.AssignedProperty(assignment) is not { } property)
            {
                return;
            }

            var type = property.ContainingType;
            if (ConfigurationShapes.IsOrDerives(type, settings.PasswordOptions))
            {
                if (property.Name == "RequiredLength" && ConfigurationShapes.IntegerOf(assignment.Value) is { } length && length < AuthenticationSettings.MinimumPasswordLength)
                {
                    Report(context, assignment, "CWE-521", $"passwords shorter than {AuthenticationSettings.MinimumPasswordLength} characters are below NIST SP 800-63B's minimum",
                        AuthenticationSettings.MinimumPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else if (ConfigurationShapes.IsOrDerives(type, settings.LockoutOptions))
            {
                if (property.Name == "AllowedForNewUsers" && ConfigurationShapes.IsConstantFalse(assignment.Value))
                {
                    Report(context, assignment, "CWE-307", "new accounts are never locked out, so their passwords can be guessed without limit", "true");
                }
                else if (property.Name == "MaxFailedAccessAttempts" && ConfigurationShapes.IntegerOf(assignment.Value) is { } attempts && attempts > AuthenticationSettings.MaximumFailedAttempts)
                {
                    Report(context, assignment, "CWE-307", $"more than {AuthenticationSettings.MaximumFailedAttempts} failed attempts before lockout is above NIST SP 800-63B's limit",
                        AuthenticationSettings.DefaultFailedAttempts.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            else if (ConfigurationShapes.IsOrDerives(type, settings.CookieBuilder))
            {
                if (!settings.IsSessionCookieBuilder(ConfigurationShapes.OwnerOfInitializedMember(assignment)))
                {
                    return;
                }

                if (property.Name == "HttpOnly" && ConfigurationShapes.IsConstantFalse(assignment.Value))
                {
                    Report(context, assignment, "CWE-1004", "script in the page (an XSS payload) can read the session cookie and replay it", "true");
                }
                else if (property.Name == "SecurePolicy" && settings.SecurePolicyNone is { } none
                         && Equals(ConfigurationShapes.ConstantOf(assignment.Value, out var known), none) && known)
                {
                    Report(context, assignment, "CWE-614", "the session cookie is also sent over plain HTTP, where anyone on the path can copy it",
                        "Microsoft.AspNetCore.Http.CookieSecurePolicy.Always");
                }
            }
            else if (ConfigurationShapes.IsOrDerives(type, settings.CookieOptions))
            {
                if ((property.Name == "HttpOnly" || property.Name == "Secure") && ConfigurationShapes.IsConstantFalse(assignment.Value)
                    && AppendedCookieName(assignment, settings) is { } name && AuthenticationSettings.IsSessionCookieName(name))
                {
                    if (property.Name == "HttpOnly")
                    {
                        Report(context, assignment, "CWE-1004", $"script in the page (an XSS payload) can read the '{name}' cookie and replay it", "true");
                    }
                    else
                    {
                        Report(context, assignment, "CWE-614", $"the '{name}' cookie is also sent over plain HTTP, where anyone on the path can copy it", "true");
                    }
                }
            }
        }

        /// <summary>The name of the cookie when the options are created right in a Response.Cookies.Append call with a constant name.</summary>
        private static string? AppendedCookieName(ISimpleAssignmentOperation assignment, AuthenticationSettings settings)
        {
            if (assignment.Parent is not IObjectOrCollectionInitializerOperation { Parent: IObjectCreationOperation creation })
            {
                return null;
            }

            IOperation current = creation;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            if (current.Parent is not IArgumentOperation { Parent: IInvocationOperation append } || append.TargetMethod.Name != "Append"
                || !ConfigurationShapes.IsOrDerives(append.TargetMethod.ContainingType, settings.ResponseCookies))
            {
                return null;
            }

            var key = append.Arguments.FirstOrDefault(a => a.Parameter?.Name == "key");
            return key is not null && ConfigurationShapes.ConstantOf(key.Value, out _) is string name ? name : null;
        }

        private void Report(OperationRuleContext context, ISimpleAssignmentOperation assignment, string cwe, string reason, string safeValue)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixSetValue)
                .Add(ConfigurationShapes.SafeValueProperty, safeValue)
                .Add(ConfigurationShapes.FixTitleProperty, $"Set '{ConfigurationShapes.AssignedProperty(assignment)!.Name}' to the safe value");
            context.Report(this, assignment.Syntax.GetLocation(), properties, ConfigurationShapes.Describe(assignment), ConfigurationShapes.Where(context.ContainingSymbol), cwe, reason);
        }

        /// <summary>AllowCredentials() on a policy that also allows any origin (AllowAnyOrigin, or SetIsOriginAllowed with an always-true check).</summary>
        private void AnalyzeCors(OperationRuleContext context, IInvocationOperation invocation, AuthenticationSettings settings)
        {
            if (invocation.TargetMethod.Name != "AllowCredentials" || !ConfigurationShapes.IsOrDerives(invocation.TargetMethod.ContainingType, settings.CorsPolicyBuilder))
            {
                return;
            }

            string? anyOrigin = null;
            foreach (var call in PolicyCalls(invocation, settings))
            {
                if (call.TargetMethod.Name == "AllowAnyOrigin")
                {
                    anyOrigin = "AllowAnyOrigin()";
                    break;
                }

                if (call.TargetMethod.Name == "SetIsOriginAllowed" && call.Arguments.Length == 1
                    && ConfigurationShapes.AlwaysReturnsTrue(call.Arguments[0].Value, context.Analysis, context.CancellationToken))
                {
                    anyOrigin = "SetIsOriginAllowed(" + call.Arguments[0].Syntax + ")";
                }
            }

            if (anyOrigin is null)
            {
                return;
            }

            var location = invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax member } syntax
                ? Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(member.Name.SpanStart, syntax.Span.End))
                : invocation.Syntax.GetLocation();
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixRemoveCall)
                .Add(ConfigurationShapes.FixTitleProperty, "Remove AllowCredentials() from the any-origin policy");
            // ASP.NET Core (2.2 and later) refuses AllowAnyOrigin() with AllowCredentials() when the policy is built: what is
            // wrong is the intent, not a hole that is open today. An always-true SetIsOriginAllowed is accepted and exploitable.
            var reason = anyOrigin == "AllowAnyOrigin()"
                ? "ASP.NET Core refuses this combination at run time (the app fails to start or the policy is unusable); the intent, credentialed requests from any web site, is the hole: list the allowed origins with WithOrigins(...)"
                : "any web site the user visits can send requests with the user's cookies and read the answers";
            context.Report(this, location, properties, anyOrigin + " with AllowCredentials()", ConfigurationShapes.Where(context.ContainingSymbol), "CWE-942", reason);
        }

        /// <summary>The calls made on the same policy builder: the fluent chain the call is in, and, for a builder held in a parameter or local, every chain on it in the same body.</summary>
        private static IEnumerable<IInvocationOperation> PolicyCalls(IInvocationOperation invocation, AuthenticationSettings settings)
        {
            // Up to the outermost call of the chain, then down to its root.
            IInvocationOperation top = invocation;
            while (Outer(top) is { } outer && ConfigurationShapes.IsOrDerives(outer.TargetMethod.ContainingType, settings.CorsPolicyBuilder))
            {
                top = outer;
            }

            var calls = new List<IInvocationOperation>();
            IOperation? root = top;
            while (root is IInvocationOperation call && ConfigurationShapes.IsOrDerives(call.TargetMethod.ContainingType, settings.CorsPolicyBuilder))
            {
                calls.Add(call);
                root = call.Instance is null ? null : ConfigurationShapes.Unwrap(call.Instance);
            }

            var symbol = root switch
            {
                IParameterReferenceOperation parameter => (ISymbol)parameter.Parameter,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
            if (symbol is not null && ConfigurationShapes.Body(invocation) is { } body)
            {
                foreach (var other in body.Descendants().OfType<IInvocationOperation>())
                {
                    if (!calls.Contains(other) && ConfigurationShapes.IsOrDerives(other.TargetMethod.ContainingType, settings.CorsPolicyBuilder) && SymbolEqualityComparer.Default.Equals(RootSymbol(other), symbol))
                    {
                        calls.Add(other);
                    }
                }
            }

            return calls;
        }

        private static IInvocationOperation? Outer(IInvocationOperation call)
        {
            IOperation current = call;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IInvocationOperation outer && outer.Instance == current ? outer : null;
        }

        private static ISymbol? RootSymbol(IInvocationOperation call)
        {
            IOperation? current = call;
            while (current is IInvocationOperation invocation)
            {
                current = invocation.Instance is null ? null : ConfigurationShapes.Unwrap(invocation.Instance);
            }

            return current switch
            {
                IParameterReferenceOperation parameter => parameter.Parameter,
                ILocalReferenceOperation local => local.Local,
                _ => null,
            };
        }
    }
}
