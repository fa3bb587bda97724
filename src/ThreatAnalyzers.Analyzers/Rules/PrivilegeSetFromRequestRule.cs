using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Frameworks;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA6004: a value from the caller's request is written to something that grants privilege: a role, permission or
    /// admin flag of a persisted entity or Identity user (the names in <see cref="PrivilegeMembers"/>), a role added by
    /// Identity's UserManager (AddToRoleAsync, AddToRolesAsync), or the value of a role, permission or scope claim
    /// (<c>new Claim(ClaimTypes.Role, value)</c>, wherever the claim then goes: an identity, UserManager.AddClaimAsync).
    /// A flow rule on the shared pass (<see cref="SinkKind.Privilege"/>), so a sign-up that hands the request to a service
    /// which copies <c>dto.Role</c> into the user is found at the call, with the path.
    /// Silent on: a constant role; a value checked against an allow-list before it is written (<c>allowed.Contains(v)</c>,
    /// <c>v == "User"</c>, <c>v is "User" or "Editor"</c> in the same function, before the write); an entry point that
    /// itself requires a role or a policy (an administrator granting roles is the privileged path doing its job); values
    /// the request did not carry (a server's answer). An entity bound from the request and saved whole is TA2006's
    /// (over-posting): nothing is assigned, so this rule does not report it again.
    /// </summary>
    internal sealed class PrivilegeSetFromRequestRule : FlowRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.PrivilegeSetFromRequest,
            title: "Privilege set from the request",
            messageFormat: "'{0}'{1}, a value the caller sends, grants privilege through {2}{3} in {4}: whoever sends the request chooses the role or permissions granted",
            RuleCategories.ElevationOfPrivilege,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A value from the request is written to what decides a user's privileges: a role, permission or admin flag of a persisted "
                       + "user or entity, a role added with UserManager, or a role, permission or scope claim. Whoever sends the request can make "
                       + "themselves an administrator. Set privileges from server-side rules (a constant default role), check the value against an "
                       + "allow-list of the roles a caller may choose, or grant roles only from an endpoint that requires an administrator.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.PrivilegeSetFromRequest + ".md",
            customTags: "CWE-269");

        public PrivilegeSetFromRequestRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Critical,
                question: "Which values from the request set a role, a permission, an admin flag or a role claim?",
                concerns: "the entry point",
                fix: null))
        {
        }

        public override SinkKind Sinks => SinkKind.Privilege;

        public override ImmutableArray<FactKind> FactKinds => UntrustedInput;

        /// <summary>Only with a persisted type (EF Core, Identity) or a sink row of the kind in the compilation.</summary>
        public override bool AppliesTo(CompilationAnalysis analysis)
            => (analysis.Flow.Catalog.SinkKinds & Sinks) != 0 || analysis.Flow.Privileges.Exist;

        public override bool Reaches(FlowFact fact) => fact.Kind == FactKind.Untrusted;

        public override void Report(FlowContext context, FlowFinding finding)
        {
            var sink = finding.Sink;
            if (sink == "new Claim")
            {
                if (ClaimTypeAt(context, finding.SinkLocation) is not { } claimType)
                {
                    return;
                }

                sink = "new Claim(" + claimType + ", …)";
            }

            if (!IdentityFromClientValueRule.IsFromTheRequest(context, finding.Fact)
                || (context.Owner is IMethodSymbol owner && PrivilegedOperations.IsPrivileged(owner, context.Analysis.Annotations, context.Analysis.EntryPoints.AspNetCore))
                || InEndpointRequiringRoleOrPolicy(context, finding.ReportLocation)
                || CheckedAgainstAllowList(context, finding.ReportLocation)
                || (finding.SinkLocation != finding.ReportLocation && CheckedAgainstAllowList(context, finding.SinkLocation))
                || !FlowFindingSites.FirstTime(context, this, FlowFindingSites.KeyOf(finding.ReportLocation) + "|" + finding.Fact.Origin))
            {
                return;
            }

            var additional = new List<Location>();
            if (finding.Fact.Location is { IsInSource: true } source && source != finding.ReportLocation)
            {
                additional.Add(source);
            }

            if (finding.SinkLocation != finding.ReportLocation)
            {
                additional.Add(finding.SinkLocation);
            }

            var properties = finding.LimitReached
                ? ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.LimitReached, SensitiveDataWrittenToLogRule.LimitNames(finding.Limits))
                : null;
            var element = context.ElementAt(finding.ReportLocation);
            var flow = finding.MessageArguments();
            var written = ValueAt(context, finding.ReportLocation) ?? finding.Fact.Origin;
            context.Report(this, finding.ReportLocation, additional, element, properties,
                written, written == finding.Fact.Origin ? string.Empty : " (from '" + finding.Fact.Origin + "')", sink, flow[3], UntrustedFlowFindings.ElementName(element));
        }

        /// <summary>
        /// The value is written in a minimal-API handler whose Map call (or the group it is mapped on) requires a role or a
        /// policy, or whose lambda carries [Authorize(Roles/Policy)].
        /// </summary>
        private static bool InEndpointRequiringRoleOrPolicy(FlowContext context, Location location)
        {
            if (location.SourceTree is not { } tree || !context.Analysis.Compilation.ContainsSyntaxTree(tree))
            {
                return false;
            }

            var node = tree.GetRoot(context.CancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            var model = context.Analysis.Flow.SemanticModelFor(tree);
            foreach (var lambda in node.AncestorsAndSelf().OfType<AnonymousFunctionExpressionSyntax>())
            {
                if (model.GetSymbolInfo(lambda, context.CancellationToken).Symbol is IMethodSymbol handler
                    && PrivilegedOperations.IsPrivileged(handler, context.Analysis.Annotations, context.Analysis.EntryPoints.AspNetCore))
                {
                    return true;
                }

                if (lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax map } }
                    && model.GetOperation(map, context.CancellationToken) is IInvocationOperation mapping
                    && mapping.TargetMethod.Name.StartsWith("Map", StringComparison.Ordinal)
                    && ObjectLevelAuthorizationMissingRule.MappedWithRoleOrPolicy(context.Analysis, mapping, context.CancellationToken))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>The value as written where it is reported (<c>dto.Role</c>), on one line.</summary>
        private static string? ValueAt(FlowContext context, Location location)
        {
            if (location.SourceTree is not { } tree)
            {
                return null;
            }

            var node = tree.GetRoot(context.CancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            return MessageCode.Of(node is ArgumentSyntax argument ? argument.Expression : node);
        }

        /// <summary>
        /// The type of the claim whose value is the sink at <paramref name="valueLocation"/>, as written, when it is one that
        /// grants privilege (<see cref="PrivilegeMembers.GrantingClaimTypes"/>); null for a name, an email, an id.
        /// </summary>
        private static string? ClaimTypeAt(FlowContext context, Location valueLocation)
        {
            for (var operation = UntrustedFlowFindings.OperationAt(context.Analysis, valueLocation, context.CancellationToken); operation is not null; operation = operation.Parent)
            {
                if (operation is IObjectCreationOperation creation)
                {
                    var type = creation.Arguments.FirstOrDefault(a => a.Parameter?.Name == "type")?.Value;
                    return type is { ConstantValue: { HasValue: true, Value: string text } } && PrivilegeMembers.IsGrantingClaimType(text)
                        ? type.Syntax.ToString()
                        : null;
                }

                if (operation is not (IArgumentOperation or IConversionOperation) && operation.Syntax.SpanStart != valueLocation.SourceSpan.Start)
                {
                    return null;
                }
            }

            return null;
        }

        /// <summary>
        /// Whether the value written at <paramref name="location"/> was checked against an allow-list before, in the same
        /// function: passed to a <c>Contains</c> (a set of the roles a caller may choose), compared with a constant
        /// (<c>==</c>, <c>!=</c>, <c>Equals</c>, a constant pattern) or switched on. Enum.IsDefined is no allow-list (an
        /// administrator role is defined too).
        /// </summary>
        private static bool CheckedAgainstAllowList(FlowContext context, Location location)
        {
            if (location.SourceTree is not { } tree)
            {
                return false;
            }

            var value = tree.GetRoot(context.CancellationToken).FindNode(location.SourceSpan, getInnermostNodeForTie: true);
            if (value is ArgumentSyntax argument)
            {
                value = argument.Expression;
            }

            var function = value.Ancestors().FirstOrDefault(n => n is BaseMethodDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or AccessorDeclarationSyntax);
            if (function is null)
            {
                return false;
            }

            foreach (var node in function.DescendantNodes())
            {
                if (node.SpanStart >= value.SpanStart)
                {
                    break;
                }

                var checkedValue = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Contains" or "Equals" }, ArgumentList.Arguments: { Count: >= 1 } arguments } => arguments[0].Expression,
                    BinaryExpressionSyntax binary when binary.IsKind(SyntaxKind.EqualsExpression) || binary.IsKind(SyntaxKind.NotEqualsExpression)
                        => IsConstant(binary.Right) ? binary.Left : IsConstant(binary.Left) ? binary.Right : null,
                    IsPatternExpressionSyntax pattern when pattern.Pattern is ConstantPatternSyntax or BinaryPatternSyntax or UnaryPatternSyntax => pattern.Expression,
                    SwitchStatementSyntax switchStatement => switchStatement.Expression,
                    SwitchExpressionSyntax switchExpression => switchExpression.GoverningExpression,
                    _ => null,
                };

                if (checkedValue is not null && SameValue(checkedValue, value))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool IsConstant(ExpressionSyntax expression)
            => expression is LiteralExpressionSyntax && (expression.IsKind(SyntaxKind.StringLiteralExpression) || expression.IsKind(SyntaxKind.NumericLiteralExpression))
               || expression is MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax } member && char.IsUpper(member.Name.Identifier.ValueText.FirstOrDefault());

        private static bool SameValue(ExpressionSyntax checkedValue, SyntaxNode value)
        {
            static SyntaxNode Strip(SyntaxNode node)
            {
                while (true)
                {
                    switch (node)
                    {
                        case ParenthesizedExpressionSyntax parenthesized:
                            node = parenthesized.Expression;
                            continue;
                        case CastExpressionSyntax cast:
                            node = cast.Expression;
                            continue;
                        case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                            node = suppressed.Operand;
                            continue;
                        default:
                            return node;
                    }
                }
            }

            return SyntaxFactory.AreEquivalent(Strip(checkedValue), Strip(value));
        }
    }
}
