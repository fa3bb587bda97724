using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.Tls;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1004: a server certificate validation callback that accepts every certificate (a lambda, anonymous method,
    /// local function or method whose every return is the constant true, and that never throws), or
    /// HttpClientHandler.DangerousAcceptAnyServerCertificateValidator. A callback that looks at the certificate, the
    /// chain or the errors before answering is a decision of its own and stays silent.
    /// </summary>
    internal sealed class CertificateValidationDisabledRule : OperationRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.CertificateValidationDisabled,
            title: "Server certificate validation disabled",
            messageFormat: "Server certificate validation is turned off by '{0}' in {1}: any certificate is accepted, so anyone on the network path can impersonate the server",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A TLS connection accepts any server certificate: the callback that should validate it always answers true. Whoever sits "
                       + "between the application and the server can present their own certificate, read and change the traffic, and "
                       + "capture the credentials sent over it.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.CertificateValidationDisabled + ".md",
            customTags: "CWE-295");

        private static readonly ImmutableArray<OperationKind> Kinds = ImmutableArray.Create(
            OperationKind.SimpleAssignment, OperationKind.CompoundAssignment, OperationKind.ObjectCreation, OperationKind.PropertyReference);

        public CertificateValidationDisabledRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which certificate validation callbacks accept every server certificate?",
                concerns: "the endpoint whose code holds the setting, else the application",
                fix: "remove the override, so the platform validates the certificate"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds => Kinds;

        public override bool AppliesTo(CompilationAnalysis analysis) => !CertificateValidationSettings.Of(analysis.Compilation).IsEmpty;

        /// <summary>Named in source wherever it can fire: every callback and validator it looks at, and SslStream.</summary>
        public override ImmutableArray<string> NamedInSource { get; } = ImmutableArray.Create("Certificate", "SslStream");

        public override void Analyze(OperationRuleContext context)
        {
            var settings = CertificateValidationSettings.Of(context.Analysis.Compilation);
            switch (context.Operation)
            {
                case IAssignmentOperation assignment when ConfigurationShapes.AssignedProperty(assignment) is { } property && settings.IsCallback(property):
                    if (settings.IsAcceptAny(assignment.Value) || ConfigurationShapes.AlwaysReturnsTrue(assignment.Value, context.Analysis, context.CancellationToken))
                    {
                        var properties = ImmutableDictionary<string, string?>.Empty
                            .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixRemoveAssignment)
                            .Add(ConfigurationShapes.FixTitleProperty, $"Remove the '{property.Name}' override");
                        context.Report(this, assignment.Syntax.GetLocation(), properties, $"{property.ContainingType.Name}.{property.Name}", ConfigurationShapes.Where(context.ContainingSymbol));
                    }

                    break;

                case IObjectCreationOperation creation when settings.SslStream is not null
                                                          && SymbolEqualityComparer.Default.Equals(creation.Constructor?.ContainingType, settings.SslStream):
                    foreach (var argument in creation.Arguments)
                    {
                        if (argument.Parameter?.Name == CertificateValidationSettings.SslStreamCallbackParameter
                            && !argument.IsImplicit
                            && ConfigurationShapes.AlwaysReturnsTrue(argument.Value, context.Analysis, context.CancellationToken))
                        {
                            var properties = ImmutableDictionary<string, string?>.Empty
                                .Add(ConfigurationShapes.FixProperty, ConfigurationShapes.FixRemoveArgument)
                                .Add(ConfigurationShapes.FixTitleProperty, "Remove the certificate validation callback");
                            context.Report(this, argument.Syntax.GetLocation(), properties, "SslStream." + CertificateValidationSettings.SslStreamCallbackParameter, ConfigurationShapes.Where(context.ContainingSymbol));
                        }
                    }

                    break;

                case IPropertyReferenceOperation reference when settings.IsAcceptAny(reference) && !IsAssignedToCallback(reference, settings):
                    context.Report(this, reference.Syntax.GetLocation(), properties: null, $"HttpClientHandler.{CertificateValidationSettings.AcceptAnyName}", ConfigurationShapes.Where(context.ContainingSymbol));
                    break;
            }
        }

        /// <summary>The accept-anything validator assigned straight to a callback: reported on the assignment, where the fix removes it.</summary>
        private static bool IsAssignedToCallback(IOperation reference, CertificateValidationSettings settings)
        {
            var current = reference;
            while (current.Parent is IConversionOperation or IParenthesizedOperation)
            {
                current = current.Parent;
            }

            return current.Parent is IAssignmentOperation assignment && assignment.Value == current
                   && ConfigurationShapes.AssignedProperty(assignment) is { } property && settings.IsCallback(property);
        }
    }
}
