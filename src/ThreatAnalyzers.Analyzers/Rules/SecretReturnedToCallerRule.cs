using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4010 (CWE-200): an entry point, authenticated or not, answers with a secret: a <c>[HandlesSecrets]</c> value, or
    /// an object with a member the serializer writes that is one (ASP.NET Core Identity's <c>PasswordHash</c> and
    /// <c>SecurityStamp</c> on any user type, from <see cref="Frameworks.AspNetCore.ResponseBodies"/>). Reads what the
    /// handler returns, what its result factories carry (<c>Ok(user)</c>, <c>Results.Ok(user)</c>) and what it writes to the
    /// response (<c>WriteAsJsonAsync</c>). An authentication mechanism (sign-in, token issuance) hands the caller their own
    /// new credential: there only the framework's stored secrets count. Reported on the value; a threat of the entry point.
    /// Secrets are this rule's alone: TA4005 reports personal data to anonymous callers, never secrets.
    /// </summary>
    internal sealed class SecretReturnedToCallerRule : EntryPointRule
    {
        /// <summary>The public members to keep, comma-separated, when the value can be projected to an anonymous object.</summary>
        internal const string ProjectionProperty = "ThreatAnalyzers.Projection";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SecretReturnedToCaller,
            title: "Secret returned to the caller",
            messageFormat: "Entry point '{0}' returns '{1}', which carries the secret '{2}'",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A response carries a secret: a password hash, a security stamp, an API key or a token. Whoever receives it, "
                       + "or reads it later from a proxy, a browser cache or a log of responses, can crack or replay it.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SecretReturnedToCaller + ".md",
            customTags: "CWE-200");

        public SecretReturnedToCallerRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which entry points answer with a secret, or with an object that holds one?",
                concerns: "the entry point's process",
                fix: "project the value to a response type without the secret member"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (context.InheritedBy is not null || context.Handler is not { } handler)
            {
                return;
            }

            var disclosure = ResponseDisclosure.Of(context.Analysis);
            if (context.Analysis.Annotations.HandlesSecrets is null && !disclosure.Bodies.HasFrameworkSecrets
                || disclosure.BodyOf(context) is not { } body)
            {
                return;
            }

            bool? authenticates = null;
            foreach (var sent in disclosure.SentValues(body))
            {
                if (disclosure.Secret(sent.Value) is not { } secret)
                {
                    continue;
                }

                // The sign-in or token endpoint answers with the caller's own new credential; a stored password hash is still no one's to receive.
                authenticates ??= UnauthenticatedEntryPointRule.IsNamedForAuthentication(context, handler)
                                  || context.Analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken).Authenticates;
                if (authenticates == true && !IsFrameworkSecret(disclosure, sent.Value))
                {
                    continue;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.DataClasses, DataClasses.Secrets);
                if (Projection(disclosure, sent, secret) is { } projection)
                {
                    properties = properties.Add(ProjectionProperty, projection);
                }

                var at = secret.At ?? sent.Value;
                context.Report(this, at.Syntax.GetLocation(), Enumerable.Empty<Location>(), properties,
                    context.EntryPoint.Name, MessageCode.Of(at.Syntax), secret.What);
            }
        }

        /// <summary>Whether the secret in the value is one the framework stores (Identity's password hash), not one the application issued.</summary>
        private static bool IsFrameworkSecret(ResponseDisclosure disclosure, IOperation value)
        {
            var type = value.Type;
            if (value is IPropertyReferenceOperation { Property: var property })
            {
                return disclosure.Bodies.IsFrameworkSecret(property);
            }

            return type is INamedTypeSymbol named && disclosure.SerializedMembers(named).Any(disclosure.Bodies.IsFrameworkSecret);
        }

        /// <summary>
        /// The members an anonymous object would keep, when projecting is mechanical: the value is a name or a member access
        /// (read twice safely), passed where any object fits, and its own members hold the secret.
        /// </summary>
        private static string? Projection(ResponseDisclosure disclosure, SentValue sent, Carried secret)
        {
            if (!sent.Projectable || !secret.InOwnMembers || sent.Value.Syntax is not (IdentifierNameSyntax or MemberAccessExpressionSyntax)
                || sent.Value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct, IsAnonymousType: false } type
                || type.AllInterfaces.Any(i => i.SpecialType == SpecialType.System_Collections_IEnumerable))
            {
                return null;
            }

            var keep = new List<string>();
            foreach (var member in disclosure.SerializedMembers(type))
            {
                if (disclosure.IsClassified(member, secrets: true))
                {
                    continue;
                }

                var memberType = member is IPropertySymbol p ? p.Type : ((IFieldSymbol)member).Type;
                if (disclosure.FromType(memberType, secrets: true) is null)
                {
                    keep.Add(member.Name);
                }
            }

            return keep.Count == 0 ? null : string.Join(",", keep);
        }
    }
}
