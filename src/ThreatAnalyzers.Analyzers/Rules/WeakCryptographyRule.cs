using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.Cryptography;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4007: weak cryptography where it protects something.
    /// <list type="bullet">
    /// <item>A broken cipher (DES, TripleDES, RC2: <c>DES.Create()</c>, <c>new TripleDESCryptoServiceProvider()</c>) or ECB
    /// mode (<c>CipherMode.ECB</c>, <c>EncryptEcb</c>/<c>DecryptEcb</c>): always, since encryption is only ever there to protect data.</item>
    /// <item>A hash computed (<c>X.HashData</c>, <c>hash.ComputeHash</c>, their Try/Async forms) over a password, or stored as
    /// one: any fast unkeyed hash (MD5, SHA-1, SHA-2, SHA-3) is unfit; the message points to PBKDF2 or PasswordHasher.</item>
    /// <item>MD5 or SHA-1 computed over a secret or personal data, or stored as a secret or signature.</item>
    /// </list>
    /// A password is a value whose name says so (<c>password</c>, <c>passwd</c>, <c>pwd</c>, <c>passphrase</c>: the last
    /// word of a variable, parameter, field or property name, as TA1003 reads names), a <c>[HandlesSecrets]</c> member so
    /// named, or a destination named for a password (<c>PasswordHash</c>, <c>hashedPassword</c>); a secret is any other
    /// such name or <c>[HandlesSecrets]</c>; personal data is <c>[HandlesPii]</c>. The data is read through
    /// <c>Encoding.X.GetBytes</c>, concatenation and interpolation (a salt added to the password) and up to two locals.
    /// MD5 and SHA-1 over anything else (file checksums, ETags, cache keys, content hashes) are left alone, as are HMACs
    /// and <c>HashAlgorithmName.SHA1</c> inside <c>Rfc2898DeriveBytes</c>.
    /// </summary>
    internal sealed class WeakCryptographyRule : OperationRule
    {
        /// <summary>What the code fix writes instead of MD5 or SHA1 (absent when there is no mechanical fix).</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>What each additional location is, in order, comma-separated: "type" (a type name to rename) or "create" (an expression that makes the algorithm).</summary>
        internal const string FixTargetsProperty = "ThreatAnalyzers.FixTargets";

        internal const string FixTargetType = "type";
        internal const string FixTargetCreate = "create";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.WeakCryptography,
            title: "Weak cryptography on sensitive data",
            messageFormat: "{0} is weak for {1}: {2}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A broken algorithm protects data: DES, TripleDES and RC2 keys fall to brute force, ECB mode shows which blocks of "
                       + "the plaintext are equal, MD5 and SHA-1 have practical collisions, and a fast hash of a password (MD5, SHA-1, "
                       + "even SHA-256) is guessed offline by the billion per second once the hashes leak (CWE-916).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.WeakCryptography + ".md",
            customTags: "CWE-327");

        private const string PasswordAdvice = "a fast hash of a password is guessed offline; derive it with Rfc2898DeriveBytes.Pbkdf2 (600,000 iterations of SHA256 and a random salt) or Identity's PasswordHasher<T>";
        private const string HashAdvice = "use SHA256 (or HMACSHA256 with a key, for a signature)";
        private const string CipherAdvice = "use Aes (AesGcm for authenticated encryption)";
        private const string EcbAdvice = "ECB shows which blocks are equal; use CBC with a random IV, or AesGcm";
        private const int MaxLocalHops = 2;

        private static readonly HashSet<string> HashMethods = new(StringComparer.Ordinal)
        {
            "HashData", "HashDataAsync", "TryHashData", "ComputeHash", "ComputeHashAsync", "TryComputeHash",
        };

        private static readonly HashSet<string> EcbMethods = new(StringComparer.Ordinal) { "EncryptEcb", "DecryptEcb", "TryEncryptEcb", "TryDecryptEcb" };

        public WeakCryptographyRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which passwords, secrets or personal data are hashed or encrypted with a weak algorithm?",
                concerns: "the entry point whose code holds it, else the application",
                fix: "MD5/SHA1 → SHA256 for data that is not a password"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.FieldReference);

        public override bool AppliesTo(CompilationAnalysis analysis) => CryptographyTypes.For(analysis.Compilation).HasAlgorithms;

        /// <summary>Named in source wherever it can fire: the hash methods, the broken ciphers (TripleDES names DES) and ECB mode.</summary>
        public override ImmutableArray<string> NamedInSource { get; } = ImmutableArray.Create("HashData", "ComputeHash", "DES", "RC2", "Ecb", "ECB");

        public override void Analyze(OperationRuleContext context)
        {
            var crypto = CryptographyTypes.For(context.Analysis.Compilation);
            switch (context.Operation)
            {
                case IFieldReferenceOperation { Field: { Name: "ECB" } field } reference when SymbolEqualityComparer.Default.Equals(field.ContainingType, crypto.CipherMode):
                    context.Report(this, reference.Syntax.GetLocation(), null, "ECB mode", "the data it encrypts", EcbAdvice);
                    return;

                case IObjectCreationOperation { Type.ContainingNamespace.Name: "Cryptography" } creation when crypto.BrokenCipher(creation.Type) is { } cipher:
                    context.Report(this, creation.Syntax.GetLocation(), null, cipher, "the data it encrypts", CipherAdvice);
                    return;

                case IInvocationOperation invocation:
                    AnalyzeInvocation(context, invocation, crypto);
                    return;
            }
        }

        private void AnalyzeInvocation(OperationRuleContext context, IInvocationOperation invocation, CryptographyTypes crypto)
        {
            var method = invocation.TargetMethod;
            if (method.IsStatic && method.Name == "Create" && crypto.BrokenCipher(method.ContainingType) is { } cipher)
            {
                context.Report(this, invocation.Syntax.GetLocation(), null, cipher, "the data it encrypts", CipherAdvice);
                return;
            }

            if (EcbMethods.Contains(method.Name) && method.ContainingType.InheritsFromOrEquals(crypto.SymmetricAlgorithm))
            {
                context.Report(this, invocation.Syntax.GetLocation(), null, "ECB mode", "the data it encrypts", EcbAdvice);
                return;
            }

            if (!HashMethods.Contains(method.Name) || invocation.Arguments.Length == 0)
            {
                return;
            }

            // The algorithm: the type of a static HashData, else the receiver's type, else what made the receiver.
            IOperation? maker = null;
            ITypeSymbol? algorithm;
            if (method.IsStatic)
            {
                algorithm = method.ContainingType;
            }
            else
            {
                if (invocation.Instance is null || !method.ContainingType.InheritsFromOrEquals(crypto.HashAlgorithm))
                {
                    return;
                }

                maker = Maker(invocation.Instance);
                algorithm = invocation.Instance.WithoutConversions().Type;
                if (crypto.BrokenHash(algorithm) is null && crypto.FastHash(algorithm) is null && maker?.Type is { } made)
                {
                    algorithm = made;
                }
            }

            var broken = crypto.BrokenHash(algorithm);
            var name = broken ?? crypto.FastHash(algorithm);
            if (name is null)
            {
                return;
            }

            var data = invocation.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value ?? invocation.Arguments[0].Value;
            var input = Classify(data, context, 0, new HashSet<ISymbol>(SymbolEqualityComparer.Default));
            var output = Destination(invocation, context);
            if (input?.Kind == Password || output?.Kind == Password)
            {
                var what = input?.Kind == Password ? input.Value : output!.Value;
                context.Report(this, invocation.Syntax.GetLocation(), null, name, what.Display + " (a password)", PasswordAdvice);
                return;
            }

            if (broken is null || (input ?? output) is not { } sensitive)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            var additional = new List<Location>();
            var targets = new List<string>();
            if (method.IsStatic)
            {
                if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access })
                {
                    additional.Add(access.Expression.GetLocation());
                    targets.Add(FixTargetType);
                }
            }
            else if (maker is not null && maker.Syntax.SyntaxTree == invocation.Syntax.SyntaxTree)
            {
                additional.Add(maker.Syntax.GetLocation());
                targets.Add(FixTargetCreate);
                if (DeclaredType(invocation.Instance!, maker) is { } declared)
                {
                    additional.Add(declared.GetLocation());
                    targets.Add(FixTargetType);
                }
            }

            if (targets.Count > 0)
            {
                properties = properties.Add(FixProperty, "SHA256").Add(FixTargetsProperty, string.Join(",", targets));
            }

            context.Report(this, invocation.Syntax.GetLocation(), additional, context.Analysis.ElementOf(context.Operation, context.ContainingSymbol, context.CancellationToken),
                properties, name, sensitive.Display + " (" + sensitive.Kind + ")", HashAdvice);
        }

        private const string Password = "password";

        private readonly record struct Sensitive(string Display, string Kind);

        /// <summary>What the hashed data is: a password, another secret, personal data, or nothing this rule knows of.</summary>
        private static Sensitive? Classify(IOperation data, OperationRuleContext context, int hops, HashSet<ISymbol> followed)
        {
            Sensitive? best = null;
            var annotations = context.Analysis.Annotations;
            foreach (var operation in data.DescendantsAndSelf())
            {
                ISymbol? symbol = operation switch
                {
                    ILocalReferenceOperation local => local.Local,
                    IParameterReferenceOperation parameter => parameter.Parameter,
                    IPropertyReferenceOperation property => property.Property,
                    IFieldReferenceOperation field => field.Field,
                    _ => null,
                };
                if (symbol is null)
                {
                    continue;
                }

                var kind = SecretNames.SecretKind(symbol.Name);
                Sensitive? found = kind == Password ? new Sensitive(Display(operation), Password)
                    : kind is not null || symbol.Has(annotations.HandlesSecrets) ? new Sensitive(Display(operation), "secret")
                    : symbol.Has(annotations.HandlesPii) ? new Sensitive(Display(operation), "PII")
                    : null;
                if (found is null && symbol is ILocalSymbol variable && hops < MaxLocalHops && followed.Add(variable))
                {
                    found = FromLocal(variable, operation, context, hops + 1, followed);
                }

                if (found is { Kind: Password })
                {
                    return found;
                }

                best ??= found;
            }

            return best;
        }

        /// <summary>What a local holds: its initializer and what is assigned to it in the same body.</summary>
        private static Sensitive? FromLocal(ILocalSymbol local, IOperation reference, OperationRuleContext context, int hops, HashSet<ISymbol> followed)
        {
            Sensitive? best = null;
            foreach (var operation in reference.Root().DescendantsAndSelf())
            {
                IOperation? value = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local) => (declarator.Initializer ?? declarator.GetVariableInitializer())?.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, local) => assignment.Value,
                    _ => null,
                };
                if (value is not null && Classify(value, context, hops, followed) is { } found)
                {
                    if (found.Kind == Password)
                    {
                        return found;
                    }

                    best ??= found;
                }
            }

            return best;
        }

        /// <summary>Where the hash goes, through conversions and encodings: a member, variable or method named for a password, a secret or a signature.</summary>
        private static Sensitive? Destination(IOperation hash, OperationRuleContext context)
        {
            var current = hash;
            for (var steps = 0; steps < 8 && current.Parent is { } parent; steps++)
            {
                switch (parent)
                {
                    case IConversionOperation or IParenthesizedOperation or IAwaitOperation:
                        current = parent;
                        continue;
                    case IArgumentOperation { Parent: IInvocationOperation { TargetMethod.IsStatic: true } call }
                        when call.TargetMethod.ContainingType.ToDisplayString() is "System.Convert" or "System.BitConverter" or "string":
                        current = call;
                        continue;
                    case IInvocationOperation call when call.Instance == current && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_String:
                        current = call;
                        continue;
                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        return Named(SymbolOf(assignment.Target), context);
                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return Named(declarator.Symbol, context);
                    case IPropertyInitializerOperation initializer:
                        return Named(initializer.InitializedProperties.FirstOrDefault(), context);
                    case IReturnOperation when context.ContainingSymbol is IMethodSymbol method:
                        return Named(method, context);
                    default:
                        return null;
                }
            }

            return null;
        }

        private static Sensitive? Named(ISymbol? symbol, OperationRuleContext context)
        {
            if (symbol is null)
            {
                return null;
            }

            var display = symbol is IMethodSymbol ? $"the result of '{symbol.ContainingType?.Name}.{symbol.Name}'"
                : symbol is ILocalSymbol ? $"'{symbol.Name}'"
                : $"'{symbol.ContainingType?.Name}.{symbol.Name}'";
            if (symbol.Name.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0 || symbol.Name.IndexOf("passwd", StringComparison.OrdinalIgnoreCase) >= 0)
            {
                return new Sensitive(display, Password);
            }

            if (symbol.Name.EndsWith("Signature", StringComparison.OrdinalIgnoreCase) || SecretNames.SecretKind(symbol.Name) is not null || symbol.Has(context.Analysis.Annotations.HandlesSecrets))
            {
                return new Sensitive(display, "secret");
            }

            return null;
        }

        private static ISymbol? SymbolOf(IOperation target)
            => target.WithoutConversions() switch
            {
                ILocalReferenceOperation local => local.Local,
                IPropertyReferenceOperation property => property.Property,
                IFieldReferenceOperation field => field.Field,
                IParameterReferenceOperation parameter => parameter.Parameter,
                _ => null,
            };

        /// <summary>The expression that made a hash algorithm: the receiver itself (<c>MD5.Create().ComputeHash(…)</c>) or a local's initializer.</summary>
        private static IOperation? Maker(IOperation receiver)
        {
            receiver = receiver.WithoutConversions();
            if (receiver is IInvocationOperation or IObjectCreationOperation)
            {
                return receiver;
            }

            if (receiver is not ILocalReferenceOperation reference)
            {
                return null;
            }

            IOperation? made = null;
            foreach (var operation in receiver.Root().DescendantsAndSelf())
            {
                if (operation is IVariableDeclaratorOperation declarator && SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local))
                {
                    made = (declarator.Initializer ?? declarator.GetVariableInitializer())?.Value.WithoutConversions();
                }
                else if (operation is ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } && SymbolEqualityComparer.Default.Equals(target.Local, reference.Local))
                {
                    // Assigned again: which algorithm it holds is not one expression.
                    return null;
                }
            }

            return made is IInvocationOperation or IObjectCreationOperation ? made : null;
        }

        /// <summary>The type written in the declaration of the local the receiver is (<c>MD5 md5 = MD5.Create()</c>), when it is not <c>var</c> and names the algorithm.</summary>
        private static TypeSyntax? DeclaredType(IOperation receiver, IOperation maker)
        {
            if (receiver.WithoutConversions() is not ILocalReferenceOperation
                || maker.Syntax.Parent is not EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax declaration } }
                || declaration.Type.IsVar)
            {
                return null;
            }

            var name = declaration.Type is QualifiedNameSyntax qualified ? qualified.Right.Identifier.ValueText : (declaration.Type as IdentifierNameSyntax)?.Identifier.ValueText;
            return name is "MD5" or "SHA1" ? declaration.Type : null;
        }

        private static string Display(IOperation operation)
        {
            return "'" + MessageCode.Of(operation.Syntax) + "'";
        }
    }
}
