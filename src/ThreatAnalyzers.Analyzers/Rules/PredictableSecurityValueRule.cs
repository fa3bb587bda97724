using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.Cryptography;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1007: a security value (token, password, reset code, one-time password, salt, nonce, session id) made by
    /// <see cref="System.Random"/> or by truncating <c>Guid.NewGuid().ToString()</c>. Intra-method: the value is followed
    /// from the call through conversions, formatting, string building, character picking and local variables (three
    /// hops) to what it is assigned, passed, initialized or returned to; that must be [HandlesSecrets] or named as a
    /// security value. Any such call in a method named as a generator of one (GenerateToken, CreateResetCode, NewSalt)
    /// counts too. Reported on the call; the fix calls RandomNumberGenerator instead.
    /// </summary>
    internal sealed class PredictableSecurityValueRule : OperationRule
    {
        /// <summary>Property telling the code fix what to write.</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>The number of hex characters a truncated Guid kept, for GetHexString.</summary>
        internal const string LengthProperty = "ThreatAnalyzers.Length";

        internal const string FixGetInt32 = "GetInt32";
        internal const string FixFill = "Fill";
        internal const string FixGetHexString = "GetHexString";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.PredictableSecurityValue,
            title: "Predictable security value",
            messageFormat: "{0} ({1}) comes from {2}, which an attacker can predict: use RandomNumberGenerator",
            RuleCategories.Spoofing,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A token, password, reset code, one-time password, salt, nonce or session id is made with System.Random or a truncated Guid. "
                       + "System.Random is not a cryptographic generator: from a few outputs its state, and every value it will give, can be computed; "
                       + "a truncated Guid keeps only a few random bits. Whoever predicts the value can use it as if it had been issued to them.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.PredictableSecurityValue + ".md",
            customTags: "CWE-338");

        private const int MaxLocalHops = 3;

        public PredictableSecurityValueRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which tokens, passwords, codes, salts, nonces or session ids come from System.Random or a truncated Guid?",
                concerns: "the entry point whose code holds it, else the application",
                fix: "`RandomNumberGenerator.GetInt32`, `.Fill` or `.GetHexString`"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Invocation, OperationKind.ImplicitIndexerReference);

        public override bool AppliesTo(CompilationAnalysis analysis)
        {
            var types = CryptographyTypes.For(analysis.Compilation);
            return types.Random is not null || types.Guid is not null;
        }

        /// <summary>
        /// Named in source wherever it can fire: the members it looks at are spelled at every call (Next…, GetItems), and a
        /// Guid is cut with Substring or a range (..), while the types need not be (a Random or a Guid from a referenced
        /// project's property, held in a var).
        /// </summary>
        public override ImmutableArray<string> NamedInSource { get; } = ImmutableArray.Create("Next", "GetItems", "Guid", "Substring", "..");

        /// <summary>The same, at each call: a body that spells none of them (most of a library's) is not walked for the rule.</summary>
        public override ImmutableArray<string> SpelledInBody => NamedInSource;

        /// <summary>A call of one of the methods it looks at, by its exact name, or a range: not "NextToken", nor a word in a string.</summary>
        public override bool MayReportAt(SyntaxToken token)
            => token.IsKind(SyntaxKind.DotDotToken)
               || (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText is "Next" or "NextInt64" or "NextDouble" or "NextSingle" or "NextBytes" or "GetItems" or "Substring");

        public override void Analyze(OperationRuleContext context)
        {
            var crypto = CryptographyTypes.For(context.Analysis.Compilation);
            string source;
            var properties = ImmutableDictionary<string, string?>.Empty;
            IOperation value;
            switch (context.Operation)
            {
                case IInvocationOperation invocation when crypto.IsRandomValue(invocation.TargetMethod):
                    source = "Random." + invocation.TargetMethod.Name;
                    value = invocation;
                    if (invocation.TargetMethod.Name == "NextBytes" && invocation.Arguments.Length == 1)
                    {
                        // The bytes are the buffer it fills.
                        value = invocation.Arguments[0].Value;
                        if (crypto.HasFill)
                        {
                            properties = properties.Add(FixProperty, FixFill);
                        }
                    }
                    else if (invocation.TargetMethod.Name == "Next" && crypto.HasGetInt32 && invocation.TargetMethod.Parameters.All(p => p.Type.SpecialType == SpecialType.System_Int32))
                    {
                        properties = properties.Add(FixProperty, FixGetInt32);
                    }

                    break;

                case IInvocationOperation { TargetMethod.Name: "Substring", Instance: { } instance } substring when IsGuidString(instance, crypto):
                    source = "a truncated Guid";
                    value = substring;
                    if (crypto.HasGetHexString && TruncatedLength(substring.Arguments.Select(a => a.Value).ToArray()) is { } length)
                    {
                        properties = properties.Add(FixProperty, FixGetHexString).Add(LengthProperty, length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;

                case IImplicitIndexerReferenceOperation { Argument: IRangeOperation range } indexer when IsGuidString(indexer.Instance, crypto):
                    source = "a truncated Guid";
                    value = indexer;
                    if (crypto.HasGetHexString && (range.LeftOperand is null || IntConstant(range.LeftOperand) == 0)
                        && range.RightOperand is { } right && right is not IUnaryOperation { OperatorKind: UnaryOperatorKind.Hat } && IntConstant(right) is { } end && end > 0)
                    {
                        properties = properties.Add(FixProperty, FixGetHexString).Add(LengthProperty, end.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    break;

                default:
                    return;
            }

            if (Destination(value, context, crypto) is not { } target)
            {
                return;
            }

            context.Report(this, context.Operation.Syntax.GetLocation(), properties, target.Display, target.Kind!, source);
        }

        /// <summary>Where the value ends up, if that is a security value: followed through carriers and up to three locals.</summary>
        private static SecretTarget? Destination(IOperation value, OperationRuleContext context, CryptographyTypes crypto)
        {
            var annotations = AnnotationTypes.InUse(context.Analysis.Compilation);
            var pending = new Queue<(IOperation Value, int Hops)>();
            var followed = new HashSet<ISymbol>(SymbolEqualityComparer.Default);
            pending.Enqueue((value, 0));
            IOperation? root = null;
            while (pending.Count > 0)
            {
                var (current, hops) = pending.Dequeue();
                ISymbol? into = null;
                var carrier = current;
                if (hops == 0 && current is ILocalReferenceOperation or IMemberReferenceOperation or IParameterReferenceOperation)
                {
                    // The buffer NextBytes fills: its own name, then where it goes.
                    var symbol = current switch
                    {
                        ILocalReferenceOperation l => (ISymbol)l.Local,
                        IMemberReferenceOperation m => m.Member,
                        _ => ((IParameterReferenceOperation)current).Parameter,
                    };
                    var named = symbol.Has(annotations.HandlesSecrets) ? SecretNames.SecretKind(symbol.Name) ?? "secret" : SecretNames.SecurityValueKind(symbol.Name);
                    if (named is not null)
                    {
                        return new SecretTarget(symbol is ILocalSymbol ? $"the variable '{symbol.Name}'" : symbol is IParameterSymbol ? $"the parameter '{symbol.Name}'" : $"'{symbol.ContainingType?.Name}.{symbol.Name}'", named, symbol);
                    }

                    into = symbol as ILocalSymbol;
                }
                else
                {
                    carrier = Carry(current, out into);
                }

                if (into is null && SecretTarget.Of(carrier, context.ContainingSymbol, annotations, crypto, securityValues: true) is { } target)
                {
                    if (target.Kind is not null)
                    {
                        return target;
                    }

                    into = target.Symbol as ILocalSymbol;
                }

                // A local that is not named as a security value: where does it go next?
                if (into is ILocalSymbol local && hops < MaxLocalHops && followed.Add(local))
                {
                    root ??= context.Operation.Root();
                    foreach (var reference in root.DescendantsAndSelf().OfType<ILocalReferenceOperation>())
                    {
                        if (SymbolEqualityComparer.Default.Equals(reference.Local, local) && !IsWrittenTo(reference))
                        {
                            pending.Enqueue((reference, hops + 1));
                        }
                    }
                }
            }

            // A method that says it makes one: GenerateToken, CreateResetCode, NewSalt, GenerateOtpAsync.
            if (context.ContainingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary or MethodKind.LocalFunction } method
                && SecretNames.GeneratorKind(method.Name) is { } kind)
            {
                return new SecretTarget($"the result of '{method.ContainingType.Name}.{method.Name}'", kind, method);
            }

            return null;
        }

        /// <summary>
        /// Climbs from a value through what carries it unchanged in meaning: conversions, formatting (ToString, PadLeft,
        /// interpolation, concatenation, arithmetic), base64/hex encoding, picking a character with it
        /// (<c>chars[random.Next(chars.Length)]</c>), <c>new string(…)</c>. A builder or collection it is appended to,
        /// or the local it is assigned to, is returned in <paramref name="into"/>.
        /// </summary>
        private static IOperation Carry(IOperation value, out ISymbol? into)
        {
            into = null;
            var current = value;
            for (var steps = 0; steps < 32 && current.Parent is { } parent; steps++)
            {
                switch (parent)
                {
                    case IConversionOperation:
                    case IParenthesizedOperation:
                    case IInterpolationOperation:
                    case IInterpolatedStringOperation:
                    case IBinaryOperation:
                    case IArrayElementReferenceOperation element when element.Indices.Contains(current):
                    case IImplicitIndexerReferenceOperation:
                    case IArrayInitializerOperation:
                    case IArrayCreationOperation:
                        current = parent;
                        continue;

                    case IInvocationOperation call when call.Instance == current && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_String:
                        current = parent;
                        continue;

                    case IArgumentOperation { Parent: IObjectCreationOperation { Type.SpecialType: SpecialType.System_String } creation }:
                        current = creation;
                        continue;

                    case IArgumentOperation { Parent: IInvocationOperation call } when call.TargetMethod.IsStatic
                        && (call.TargetMethod.ContainingType.SpecialType == SpecialType.System_String
                            || call.TargetMethod.ContainingType.ToDisplayString() is "System.Convert" or "System.Linq.Enumerable"):
                        current = call;
                        continue;

                    // sb.Append(c), chars.Add(c), buffer[i] = …: the builder or collection carries it on.
                    case IArgumentOperation { Parent: IInvocationOperation { Instance: ILocalReferenceOperation builder } call }
                        when call.TargetMethod.Name is "Append" or "Add" or "Insert" or "AppendFormat":
                        into = builder.Local;
                        return parent;

                    case ISimpleAssignmentOperation { Target: IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation array } } assignment when assignment.Value == current:
                        into = array.Local;
                        return parent;

                    default:
                        return current;
                }
            }

            return current;
        }

        private static bool IsWrittenTo(ILocalReferenceOperation reference)
            => reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference;

        /// <summary><c>Guid.NewGuid().ToString(…)</c>, possibly with <c>.Replace("-", "")</c> or <c>.ToUpper()</c> after it.</summary>
        private static bool IsGuidString(IOperation? operation, CryptographyTypes crypto)
        {
            for (var steps = 0; steps < 4 && operation is not null; steps++)
            {
                operation = operation is IConversionOperation conversion ? conversion.Operand : operation;
                if (operation is not IInvocationOperation call)
                {
                    return false;
                }

                if (call.TargetMethod.Name == "ToString" && call.Instance is IInvocationOperation { TargetMethod.Name: "NewGuid" } newGuid
                    && SymbolEqualityComparer.Default.Equals(newGuid.TargetMethod.ContainingType, crypto.Guid))
                {
                    return true;
                }

                if (call.TargetMethod.ContainingType.SpecialType != SpecialType.System_String || call.TargetMethod.Name is not ("Replace" or "ToUpper" or "ToLower" or "ToUpperInvariant" or "ToLowerInvariant"))
                {
                    return false;
                }

                operation = call.Instance;
            }

            return false;
        }

        /// <summary>An int constant, through the conversion to Index of a range's bound.</summary>
        private static int? IntConstant(IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation.ConstantValue is { HasValue: true, Value: int value } ? value : null;
        }

        /// <summary>Substring(0, n) or Substring(n) keeps n characters when n is a constant (Substring(n) keeps 32 - n of "N" only: not fixed).</summary>
        private static int? TruncatedLength(IOperation[] arguments)
            => arguments.Length == 2 && arguments[0].ConstantValue is { HasValue: true, Value: 0 } && arguments[1].ConstantValue is { HasValue: true, Value: int length } && length > 0
                ? length
                : null;
    }
}
