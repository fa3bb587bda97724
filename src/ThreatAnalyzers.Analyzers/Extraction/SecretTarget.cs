using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Frameworks.Cryptography;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Where a value goes, as far as one expression says: the member, parameter, variable or indexer key it is assigned,
    /// passed, initialized or returned to, through conversions and pass-through calls (<c>Encoding.UTF8.GetBytes(…)</c>).
    /// <see cref="Kind"/> says what secret (or security value) that destination is, from <c>[HandlesSecrets]</c>, its
    /// name, or a key-material parameter; null when it is none.
    /// </summary>
    internal readonly record struct SecretTarget(string Display, string? Kind, ISymbol? Symbol)
    {
        /// <summary>The destination of <paramref name="value"/>, or null when it goes nowhere this code can name.</summary>
        public static SecretTarget? Of(IOperation value, ISymbol containingSymbol, AnnotationTypes annotations, CryptographyTypes crypto, bool securityValues)
        {
            var current = value;
            for (var steps = 0; steps < 16 && current.Parent is { } parent; steps++)
            {
                switch (parent)
                {
                    case IConversionOperation:
                    case IParenthesizedOperation:
                        current = parent;
                        continue;

                    case IArgumentOperation { Parent: IInvocationOperation passThrough } when crypto.IsPassThrough(passThrough.TargetMethod):
                        current = passThrough;
                        continue;

                    case IInvocationOperation passThrough when passThrough.Instance == current && crypto.IsPassThrough(passThrough.TargetMethod):
                        current = passThrough;
                        continue;

                    case IArgumentOperation { Parameter: { } parameter } argument:
                        var method = parameter.ContainingSymbol as IMethodSymbol;
                        var owner = method is null ? string.Empty
                            : method.MethodKind == MethodKind.Constructor ? method.ContainingType.Name
                            : method.ContainingType.Name + "." + method.Name;
                        var display = $"the argument '{parameter.Name}' of '{owner}'";
                        if (crypto.IsKeyMaterial(parameter))
                        {
                            return new SecretTarget(display, "signing key", parameter);
                        }

                        if (argument.Parent is IPropertyReferenceOperation { Property.IsIndexer: true })
                        {
                            return null;
                        }

                        return new SecretTarget(display, KindOf(parameter, parameter.Name, annotations, securityValues), parameter);

                    case ISimpleAssignmentOperation assignment when assignment.Value == current:
                        return OfTarget(assignment.Target, annotations, securityValues);

                    case IFieldInitializerOperation fields when fields.InitializedFields.FirstOrDefault() is { } field:
                        return Named(field, annotations, securityValues);

                    case IPropertyInitializerOperation properties when properties.InitializedProperties.FirstOrDefault() is { } property:
                        return Named(property, annotations, securityValues);

                    case IParameterInitializerOperation parameterInitializer:
                        return Named(parameterInitializer.Parameter, annotations, securityValues);

                    case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                        return new SecretTarget($"the variable '{declarator.Symbol.Name}'", KindOf(declarator.Symbol, declarator.Symbol.Name, annotations, securityValues), declarator.Symbol);

                    case IReturnOperation:
                        return Returned(containingSymbol, annotations, securityValues);

                    default:
                        return null;
                }
            }

            return null;
        }

        private static SecretTarget? OfTarget(IOperation target, AnnotationTypes annotations, bool securityValues)
        {
            switch (target)
            {
                case IPropertyReferenceOperation { Property.IsIndexer: true } indexer:
                    // config["Smtp:Password"] = "…", new Dictionary<string, string> { ["ApiKey"] = "…" }
                    if (indexer.Arguments.Length == 1 && indexer.Arguments[0].Value.ConstantValue is { HasValue: true, Value: string key })
                    {
                        var last = key.Split(':', '.', '/').Last();
                        return new SecretTarget($"'{key}'", KindOf(null, last, annotations, securityValues), null);
                    }

                    return null;

                case IMemberReferenceOperation member:
                    return Named(member.Member, annotations, securityValues);

                case ILocalReferenceOperation local:
                    return new SecretTarget($"the variable '{local.Local.Name}'", KindOf(local.Local, local.Local.Name, annotations, securityValues), local.Local);

                case IParameterReferenceOperation parameter:
                    return new SecretTarget($"the parameter '{parameter.Parameter.Name}'", KindOf(parameter.Parameter, parameter.Parameter.Name, annotations, securityValues), parameter.Parameter);

                default:
                    return null;
            }
        }

        private static SecretTarget Named(ISymbol symbol, AnnotationTypes annotations, bool securityValues)
            => symbol is IParameterSymbol
                ? new SecretTarget($"the parameter '{symbol.Name}'", KindOf(symbol, symbol.Name, annotations, securityValues), symbol)
                : new SecretTarget($"'{symbol.ContainingType?.Name}.{symbol.Name}'", KindOf(symbol, symbol.Name, annotations, securityValues), symbol);

        /// <summary>A value returned from a property getter or a method: the property, or the method (GetApiKey, GenerateToken).</summary>
        private static SecretTarget? Returned(ISymbol containingSymbol, AnnotationTypes annotations, bool securityValues)
        {
            if (containingSymbol is IMethodSymbol { AssociatedSymbol: IPropertySymbol property })
            {
                return Named(property, annotations, securityValues);
            }

            if (containingSymbol is IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                var kind = method.Has(annotations.HandlesSecrets) || method.GetReturnTypeAttributes().Any(a => annotations.Is(a, annotations.HandlesSecrets))
                    ? SecretNames.SecretKind(method.Name) ?? "secret"
                    : SecretNames.GeneratorKind(method.Name, securityValues);
                return new SecretTarget($"the result of '{method.ContainingType.Name}.{method.Name}'", kind, method);
            }

            return null;
        }

        private static string? KindOf(ISymbol? symbol, string name, AnnotationTypes annotations, bool securityValues)
        {
            if (symbol is not null && symbol.Has(annotations.HandlesSecrets))
            {
                return SecretNames.SecretKind(name) ?? "secret";
            }

            return securityValues ? SecretNames.SecurityValueKind(name) : SecretNames.SecretKind(name);
        }
    }
}
