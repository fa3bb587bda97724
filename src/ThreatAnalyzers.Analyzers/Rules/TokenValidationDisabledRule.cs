using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Frameworks.IdentityModel;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1002: a check of incoming tokens switched off: a TokenValidationParameters switch set to the constant false, a
    /// signature validator that wraps the raw token without checking it, or RequireHttpsMetadata = false outside a
    /// Development-only branch. Only explicit settings are reported: a switch left at its default is the library's choice
    /// (ValidateIssuerSigningKey defaults to false, but the handler still checks the signature with the configured keys).
    /// </summary>
    internal sealed class TokenValidationDisabledRule : OperationRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.TokenValidationDisabled,
            title: "Token validation disabled",
            messageFormat: "Token validation is turned off by '{0}' in {1}: {2}",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A check of incoming security tokens is switched off (issuer, audience, lifetime, signing key, signature, expiry, or "
                       + "the HTTPS download of the signing keys): a caller can present a token the application should refuse and be taken "
                       + "for someone else.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.TokenValidationDisabled + ".md",
            customTags: "CWE-347");

        private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(OperationKind.SimpleAssignment);

        public TokenValidationDisabledRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which token validation switches are set to false, and which signature validators accept any token?",
                concerns: "the endpoint whose code holds the setting, else the application",
                fix: "set the switch to true, or remove the signature validator"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds => Kinds;

        public override bool AppliesTo(CompilationAnalysis analysis) => !TokenValidationSettings.Of(analysis.Compilation).IsEmpty;

        public override void Analyze(OperationRuleContext context)
        {
            var assignment = (ISimpleAssignmentOperation)context.Operation;
            if (ConfigurationShapes.AssignedProperty(assignment) is not { } property)
            {
                return;
            }

            var settings = TokenValidationSettings.Of(context.Analysis.Compilation);
            if (ConfigurationShapes.IsOrDerives(property.ContainingType, settings.TokenValidationParameters))
            {
                if (TokenValidationSettings.Switches.TryGetValue(property.Name, out var reason) && ConfigurationShapes.IsConstantFalse(assignment.Value))
                {
                    // Turning the issuer or audience check on without an expected value rejects every token (IDX10204,
                    // IDX10208): the fix is only offered where the same parameters say what to expect.
                    if (ExpectedValues.TryGetValue(property.Name, out var expected) && !SetsAnyOf(assignment, expected))
                    {
                        context.Report(this, assignment.Syntax.GetLocation(), ImmutableDictionary<string, string?>.Empty,
                            ConfigurationShapes.Describe(assignment), ConfigurationShapes.Where(context.ContainingSymbol), reason);
                    }
                    else
                    {
                        ReportSetTrue(context, assignment, property.Name, reason);
                    }
                }
                else if (TokenValidationSettings.SignatureValidators.Contains(property.Name) && WrapsTokenUnchecked(assignment.Value, settings, context))
                {
                    var properties = ImmutableDictionary<string, string?>.Empty
                        .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixRemoveAssignment)
                        .Add(ConfigurationShapes.FixTitleProperty, $"Remove the '{property.Name}' that accepts any token");
                    context.Report(this, assignment.Syntax.GetLocation(), properties, property.Name, ConfigurationShapes.Where(context.ContainingSymbol),
                        "the delegate returns the token without checking its signature, so a forged token is accepted");
                }

                return;
            }

            if (property.Name == TokenValidationSettings.RequireHttpsMetadata
                && settings.MetadataOptionTypes.Any(t => ConfigurationShapes.IsOrDerives(property.ContainingType, t))
                && ConfigurationShapes.IsConstantFalse(assignment.Value)
                && !ConfigurationShapes.OnlyInDevelopment(assignment, DevelopmentEnvironment.IsDevelopmentCheck)
                && !(property.ContainingType.Name == "JwtBearerOptions" && OnlyLocalKeys(assignment)))
            {
                ReportSetTrue(context, assignment, property.Name,
                    "the signing keys may be fetched over plain HTTP, where anyone on the path can replace them (guard it with IsDevelopment() if it is for local work)");
            }
        }

        /// <summary>What makes the handler download metadata (and signing keys): an authority, a metadata address, a configuration source.</summary>
        private static readonly ImmutableArray<string> MetadataSources = ImmutableArray.Create("Authority", "MetadataAddress", "ConfigurationManager", "Configuration");

        /// <summary>Signing keys given in the code, which the handler needs no metadata for.</summary>
        private static readonly ImmutableArray<string> LocalKeys = ImmutableArray.Create("IssuerSigningKey", "IssuerSigningKeys", "IssuerSigningKeyResolver");

        /// <summary>
        /// Whether the JWT bearer options whose RequireHttpsMetadata is turned off are given their signing keys in the same
        /// body and no authority, metadata address or configuration source, and are handed to no call (configuration.Bind
        /// may set an authority): the handler then downloads no metadata, over HTTP or HTTPS, and the switch changes nothing
        /// (a local symmetric key, as many APIs that issue their own tokens use). OpenID Connect always reads metadata.
        /// </summary>
        private static bool OnlyLocalKeys(ISimpleAssignmentOperation assignment)
        {
            if (ConfigurationShapes.ReceiverOf(assignment) is not { } receiver || ConfigurationShapes.Body(assignment) is not { } body)
            {
                return false;
            }

            var options = Receiver(receiver);
            var localKeys = false;
            foreach (var operation in body.Descendants())
            {
                if (operation is IArgumentOperation handed && Receiver(handed.Value) == options)
                {
                    return false;
                }

                if (operation is not ISimpleAssignmentOperation other || ConfigurationShapes.AssignedProperty(other) is not { } property
                    || IsNull(other.Value) || ConfigurationShapes.ReceiverOf(other) is not { } target)
                {
                    continue;
                }

                var on = Receiver(target);
                if (on == options && MetadataSources.Contains(property.Name))
                {
                    return false;
                }

                // The same options' parameters: options.TokenValidationParameters = new() { IssuerSigningKey = … }, or
                // options.TokenValidationParameters.IssuerSigningKey = ….
                localKeys |= (on == options && property.Name == "TokenValidationParameters"
                              && other.Value.DescendantsAndSelf().Any(o => o is ISimpleAssignmentOperation key && !IsNull(key.Value)
                                                                         && ConfigurationShapes.AssignedProperty(key) is { } keyProperty && LocalKeys.Contains(keyProperty.Name)))
                             || (on == options + ".TokenValidationParameters" && LocalKeys.Contains(property.Name));
            }

            return localKeys;
        }

        private static bool IsNull(IOperation value) => value.ConstantValue.HasValue && value.ConstantValue.Value is null;

        /// <summary>What a check needs to be told before it can be turned on: the issuer or audience tokens carry, or a validator.</summary>
        private static readonly ImmutableDictionary<string, ImmutableArray<string>> ExpectedValues = ImmutableDictionary.CreateRange(new[]
        {
            new System.Collections.Generic.KeyValuePair<string, ImmutableArray<string>>("ValidateIssuer", ImmutableArray.Create("ValidIssuer", "ValidIssuers", "IssuerValidator")),
            new System.Collections.Generic.KeyValuePair<string, ImmutableArray<string>>("ValidateAudience", ImmutableArray.Create("ValidAudience", "ValidAudiences", "AudienceValidator")),
        });

        /// <summary>
        /// Whether the parameters the assignment configures also get one of <paramref name="names"/> (to something other than
        /// null): in the same object initializer, or assigned through the same receiver (parameters.X, options.TokenValidationParameters.X) in the same body.
        /// </summary>
        private static bool SetsAnyOf(ISimpleAssignmentOperation assignment, ImmutableArray<string> names)
        {
            bool Sets(IOperation operation)
                => operation is ISimpleAssignmentOperation other && ConfigurationShapes.AssignedProperty(other) is { } property && names.Contains(property.Name)
                   && !(other.Value.ConstantValue.HasValue && other.Value.ConstantValue.Value is null);

            if (assignment.Parent is IObjectOrCollectionInitializerOperation initializer)
            {
                return initializer.Initializers.Any(Sets);
            }

            if (ConfigurationShapes.ReceiverOf(assignment) is not { } receiver || ConfigurationShapes.Body(assignment) is not { } body)
            {
                return false;
            }

            var target = Receiver(receiver);
            return body.Descendants().Any(o => Sets(o) && ConfigurationShapes.ReceiverOf((ISimpleAssignmentOperation)o) is { } other && Receiver(other) == target);
        }

        private static string Receiver(IOperation receiver) => string.Concat(ConfigurationShapes.Unwrap(receiver).Syntax.ToString().Where(c => !char.IsWhiteSpace(c)));

        private void ReportSetTrue(OperationRuleContext context, ISimpleAssignmentOperation assignment, string name, string reason)
        {
            var properties = ImmutableDictionary<string, string?>.Empty
                .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixSetValue)
                .Add(ConfigurationShapes.SafeValueProperty, "true")
                .Add(ConfigurationShapes.FixTitleProperty, $"Set '{name}' to true");
            context.Report(this, assignment.Syntax.GetLocation(), properties, ConfigurationShapes.Describe(assignment), ConfigurationShapes.Where(context.ContainingSymbol), reason);
        }

        /// <summary>The validator only wraps the raw token in a token object: every return is such a creation, and it calls nothing.</summary>
        private static bool WrapsTokenUnchecked(IOperation value, TokenValidationSettings settings, OperationRuleContext context)
        {
            var body = ConfigurationShapes.DelegateBody(value, context.Analysis, context.CancellationToken);
            if (ConfigurationShapes.ReturnedValues(body) is not { } values || settings.TokenTypeSymbols.IsEmpty)
            {
                return false;
            }

            return values.All(v => ConfigurationShapes.Unwrap(v) is IObjectCreationOperation creation
                                   && settings.TokenTypeSymbols.Any(t => SymbolEqualityComparer.Default.Equals(creation.Type, t)))
                   && !body!.Descendants().Any(o => o is IInvocationOperation);
        }
    }
}
