using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1005: a value the client controls (a header such as X-User-Id, X-Forwarded-For or X-Role, a query, route or body
    /// value) decides an authorization question: the value of a Claim, the name of a GenericIdentity, the roles of a
    /// GenericPrincipal, the principal signed in or set as HttpContext.User, the role or claim a check asks about
    /// (IsInRole, HasClaim, the policy given to AuthorizeAsync), or a condition guarding a call that requires a role or a
    /// policy ([RequiresRole], [Authorize(Roles/Policy)]). Reported once, where the value decides: an identity made from
    /// it is not reported again where it is used.
    /// Not reported where the caller's identity was verified first in the same method (or in the method holding the
    /// sink): a password, code or token checked (UserManager/SignInManager checks, VerifyHashedPassword, Validate…Token,
    /// a method named Verify/Validate/Check…Password/Credential/Token, or …User/Login(name, password)), or an account just created; values the
    /// application protected itself (IDataProtector.Unprotect, a validated JWT) are not the client's; nor in an entry
    /// point that itself requires a role or a policy (an administrator setting someone's claims).
    /// </summary>
    internal sealed class IdentityFromClientValueRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.IdentityFromClientValue,
            title: "Identity taken from a client-controlled value",
            messageFormat: "'{0}' ({1}), a value the client controls, decides who the caller is or what they may do at {2}{3} in {4}",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "Who the caller is, or what they may do, is decided by a value they send (a header, a query or body value) instead of "
                       + "by verified authentication: any caller can claim to be anyone, or to hold any role, by sending that value.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.IdentityFromClientValue + ".md",
            customTags: "CWE-290");

        public IdentityFromClientValueRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which values the client controls decide who the caller is or what they may do?",
                concerns: "the entry point",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.Identity;

        /// <summary>Without any of its sinks in the compilation, the rule has nothing to ask.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis) => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0;
        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;


        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding)
        {
            if (!IsFromTheRequest(context, finding.Fact)
                || (context.Owner is IMethodSymbol owner && PrivilegedOperations.IsPrivileged(owner, context.Analysis.Annotations, context.Analysis.EntryPoints.AspNetCore))
                || VerifiesCredentials(context, finding.ReportLocation, context.CancellationToken)
                || (finding.SinkLocation != finding.ReportLocation && VerifiesCredentials(context, finding.SinkLocation, context.CancellationToken))
                || VerifiedOnThePath(context, finding))
            {
                return;
            }

            UntrustedFlowFindings.Report(this, context, finding);
        }

        /// <summary>
        /// The caller's own request: a parameter bound from it, or a read of the request (HttpRequest, a Lambda proxy
        /// request). What a server answered (an HttpClient response, an external entity) is untrusted for injection, but
        /// not the caller's to choose: a client app asking its API who the user is, is not a spoof.
        /// </summary>
        internal static bool IsFromTheRequest(FlowContext context, FlowFact fact)
        {
            if (fact.Location is not { SourceTree: { } tree } location)
            {
                return false;
            }

            var node = tree.GetRoot(context.CancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            if (node is Microsoft.CodeAnalysis.CSharp.Syntax.ParameterSyntax)
            {
                return true;
            }

            var type = UntrustedFlowFindings.OperationAt(context.Analysis, location, context.CancellationToken) switch
            {
                IPropertyReferenceOperation property => property.Property.ContainingType,
                IInvocationOperation invocation => invocation.TargetMethod.ContainingType,
                _ => null,
            };

            return type?.Name.EndsWith("Request", System.StringComparison.Ordinal) == true;
        }

        /// <summary>
        /// A method between the entry point and the sink verifies the credential (a login action calls a service that
        /// checks the password and then builds the claims): the methods the finding names, found by name in the project.
        /// </summary>
        private static bool VerifiedOnThePath(FlowContext context, FlowFinding finding)
        {
            foreach (var step in finding.Via)
            {
                var dot = step.LastIndexOf('.');
                var typeName = dot > 0 ? step.Substring(0, dot) : null;
                var methodName = step.Substring(dot + 1);
                foreach (var symbol in context.Analysis.Compilation.GetSymbolsWithName(methodName, SymbolFilter.Member, context.CancellationToken))
                {
                    if (symbol is not IMethodSymbol method || method.ContainingType is not { } type
                        || (typeName is not null && type.Name != typeName && !type.AllInterfaces.Any(i => i.Name == typeName)))
                    {
                        continue;
                    }

                    foreach (var reference in method.DeclaringSyntaxReferences)
                    {
                        var syntax = reference.GetSyntax(context.CancellationToken);
                        if (context.Analysis.Compilation.ContainsSyntaxTree(syntax.SyntaxTree)
                            && context.Analysis.Flow.SemanticModelFor(syntax.SyntaxTree).GetOperation(syntax, context.CancellationToken) is { } body
                            && CallsCredentialCheck(body))
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        private static bool CallsCredentialCheck(IOperation root)
        {
            foreach (var part in root.DescendantsAndSelf())
            {
                if (part is IInvocationOperation invocation && PrivilegedOperations.VerifiesCredentials(invocation.TargetMethod))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Whether the function holding <paramref name="location"/> verifies a credential anywhere in it.</summary>
        private static bool VerifiesCredentials(FlowContext context, Location location, CancellationToken cancellationToken)
        {
            if (UntrustedFlowFindings.OperationAt(context.Analysis, location, cancellationToken) is not { } operation)
            {
                return false;
            }

            var root = operation;
            while (root.Parent is not null && root is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                root = root.Parent;
            }

            return CallsCredentialCheck(root);
        }
    }
}
