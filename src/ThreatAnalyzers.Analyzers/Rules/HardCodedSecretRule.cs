using System;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.Cryptography;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1003: a secret written in the source. A non-empty string literal assigned, passed, initialized or returned to
    /// something [HandlesSecrets] or named as a secret (password, API key, token, client secret, signing key…), a key
    /// material argument (<c>new SymmetricSecurityKey(Encoding.UTF8.GetBytes("…"))</c>), a connection string with a
    /// password, or a literal shaped like a well-known credential (AWS access key id, private key block, JWT, GitHub
    /// token). Reported on the literal; the message names where it goes and the kind of secret, never the secret.
    /// </summary>
    internal sealed class HardCodedSecretRule : OperationRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.HardCodedSecret,
            title: "Hard-coded secret",
            messageFormat: "Hard-coded {1} in {0}: read it from configuration or a secret store",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A credential or key is written in the source: everyone who can read the code, its history or the built assembly has it, "
                       + "it is the same in every environment, and it cannot be rotated without a release. Whoever holds it can act as the application.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.HardCodedSecret + ".md",
            customTags: "CWE-798");

        private static readonly ConditionalWeakTable<Compilation, StrongBox<bool>> TestProjects = new();

        public HardCodedSecretRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which string literals are secrets: given to something that holds a secret, or shaped like a well-known credential?",
                concerns: "the entry point whose code holds it, else the application",
                fix: null))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Literal);

        /// <summary>Every string literal spells a quote where it is written.</summary>
        public override ImmutableArray<string> SpelledInBody { get; } = ImmutableArray.Create("\"");

        /// <summary>
        /// A string literal whose value alone rules out a finding: blank, a template reference, or a sentence (a value with
        /// a space is a label wherever it goes) that has neither a credential's shape nor a connection string's password.
        /// An interpolated string only where a piece of its text or a format clause (<c>{x:…}</c>, a literal without a
        /// quote of its own) has a credential's shape or a connection string's password: a message such as
        /// <c>$"Unexpected '{c}' at {start}"</c> is not walked to. A quote in a character literal or a comment is not a string.
        /// </summary>
        public override bool MayReportAt(SyntaxToken token)
        {
            switch ((SyntaxKind)token.RawKind)
            {
                case SyntaxKind.StringLiteralToken:
                case SyntaxKind.SingleLineRawStringLiteralToken:
                case SyntaxKind.MultiLineRawStringLiteralToken:
                    // A value without a space may be a secret wherever it goes; a sentence only by its shape.
                    var value = token.ValueText;
                    return MayBeSecretPiece(value)
                           || (!string.IsNullOrWhiteSpace(value) && !SecretNames.IsTemplateReference(value) && value.Trim().IndexOf(' ') < 0);
                case SyntaxKind.InterpolatedStringStartToken:
                case SyntaxKind.InterpolatedVerbatimStringStartToken:
                case SyntaxKind.InterpolatedSingleLineRawStringStartToken:
                case SyntaxKind.InterpolatedMultiLineRawStringStartToken:
                case SyntaxKind.InterpolatedStringEndToken:
                case SyntaxKind.InterpolatedRawStringEndToken:
                    // The quotes of an interpolated string: its pieces of text and its format clauses can be reported,
                    // each only by its shape (see Analyze).
                    return token.Parent is not InterpolatedStringExpressionSyntax interpolated
                           || interpolated.Contents.Any(content => content switch
                           {
                               InterpolatedStringTextSyntax text => MayBeSecretPiece(text.TextToken.ValueText),
                               InterpolationSyntax { FormatClause: { } format } => MayBeSecretPiece(format.FormatStringToken.ValueText),
                               _ => false,
                           });
                case SyntaxKind.InterpolatedStringTextToken:
                    return MayBeSecretPiece(token.ValueText);
                default:
                    return false;
            }
        }

        /// <summary>
        /// Whether a piece of an interpolated string's text, or its format clause, may be reported: <see cref="Analyze"/>
        /// reports either only for its shape or a connection string's password (a piece is not the whole value, so where
        /// it goes says nothing; a format clause goes to no member that holds a secret).
        /// </summary>
        private static bool MayBeSecretPiece(string text)
            => !string.IsNullOrWhiteSpace(text) && !SecretNames.IsTemplateReference(text)
               && (SecretNames.CredentialShape(text) is not null || SecretNames.ConnectionStringPassword(text) is not null);

        public override void Analyze(OperationRuleContext context)
        {
            // The default of an omitted optional argument is written where the parameter is declared (reported there when
            // that is this compilation's code), not in the call.
            if (context.Operation is not ILiteralOperation { ConstantValue: { HasValue: true, Value: string value } } literal
                || literal.Parent is IArgumentOperation { ArgumentKind: ArgumentKind.DefaultValue }
                || string.IsNullOrWhiteSpace(value)
                || SecretNames.IsTemplateReference(value))
            {
                return;
            }

            // A literal inside an interpolated string is a piece of text, not a value: only its shape can say something.
            // So is the text an interpolated-string handler's AppendLiteral(…) is given (its parameter's name says nothing).
            var isWholeValue = literal.Parent is not IInterpolatedStringTextOperation && literal.Syntax is not InterpolatedStringTextSyntax;
            var analysis = context.Analysis;
            var target = isWholeValue
                ? SecretTarget.Of(literal, context.ContainingSymbol, AnnotationTypes.InUse(analysis.Compilation), CryptographyTypes.For(analysis.Compilation), securityValues: false)
                : null;
            var shape = SecretNames.CredentialShape(value);
            string? kind;
            string? secretPart;
            if (target is { Kind: { } named } && (shape is not null || !IsLabel(value, named)))
            {
                kind = shape ?? named;
                secretPart = value;
            }
            else if (shape is not null)
            {
                kind = shape;
                secretPart = value;
            }
            else if (SecretNames.ConnectionStringPassword(value) is { } password && !SecretNames.IsTemplateReference(password))
            {
                kind = "connection string password";
                secretPart = password;
            }
            else
            {
                return;
            }

            // An inert placeholder holds no secret; a weak default ("changeme") does, except in a test project.
            if (SecretNames.IsInertPlaceholder(secretPart) || (SecretNames.IsPlaceholder(secretPart) && IsTestProject(analysis.Compilation)))
            {
                return;
            }

            var where = target?.Display ?? $"'{Display(context.ContainingSymbol)}'";
            context.Report(this, literal.Syntax.GetLocation(), properties: null, where, kind);
        }

        /// <summary>
        /// A value that names the secret rather than being one: a header, claim, form field or grant type that ends with
        /// the secret's word and has no digit (<c>"X-Api-Key"</c>, <c>"refresh_token"</c>, <c>"__RequestVerificationToken"</c>),
        /// or a sentence (a message).
        /// </summary>
        private static bool IsLabel(string value, string kind)
        {
            var trimmed = value.Trim();
            if (trimmed.IndexOf(' ') >= 0)
            {
                return true;
            }

            var normalized = SecretNames.Normalize(trimmed);
            var word = SecretNames.Normalize(kind.Split(' ').Last());
            // It reads like a secret's name ("X-Api-Key", "refresh_token", "ApiSecret"); a key that merely starts with
            // one ("SecretKeyOfDoomThatMustBeLong") is a secret.
            return !trimmed.Any(char.IsDigit) && (normalized.EndsWith(word, System.StringComparison.Ordinal) || SecretNames.SecretKind(normalized) is not null);
        }

        private static string Display(ISymbol symbol)
            => symbol switch
            {
                IMethodSymbol { MethodKind: MethodKind.Ordinary, Name: "<Main>$" } => "top-level statements",
                IMethodSymbol { MethodKind: MethodKind.Constructor } constructor => constructor.ContainingType.Name + " constructor",
                IMethodSymbol { AssociatedSymbol: { } property } => property.ContainingType?.Name + "." + property.Name,
                _ => symbol.ContainingType is { } type ? type.Name + "." + symbol.Name : symbol.Name,
            };

        /// <summary>A test project: it references xUnit, NUnit or MSTest, or its assembly name ends with .Tests or .Test.</summary>
        internal static bool IsTestProject(Compilation compilation)
            => TestProjects.GetValue(compilation, c => new StrongBox<bool>(
                (c.AssemblyName ?? string.Empty).EndsWith(".Tests", StringComparison.OrdinalIgnoreCase)
                || (c.AssemblyName ?? string.Empty).EndsWith(".Test", StringComparison.OrdinalIgnoreCase)
                || c.ReferencedAssemblyNames.Any(a => a.Name is "xunit.core" or "xunit.v3.core" or "xunit.assert" or "nunit.framework"
                    or "Microsoft.VisualStudio.TestPlatform.TestFramework" or "MSTest.TestFramework"))).Value;
    }
}
