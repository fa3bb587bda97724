using System;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>Whether a regular expression's match is bounded in time at a call, as far as the code says.</summary>
    internal enum RegexBound
    {
        /// <summary>The code does not say how the Regex was made (a parameter, an injected service, a mutable field): assumed bounded.</summary>
        Unknown,

        /// <summary>A match timeout (an explicit TimeSpan, a [GeneratedRegex] timeout, the process-wide default) or RegexOptions.NonBacktracking.</summary>
        Bounded,

        /// <summary>Made with no timeout and backtracking (or with Regex.InfiniteMatchTimeout).</summary>
        Unbounded,
    }

    /// <summary>
    /// What bounds the time of a match of System.Text.RegularExpressions (TA5002): a <c>matchTimeout</c> argument that is
    /// not infinite, <c>RegexOptions.NonBacktracking</c>, a <c>[GeneratedRegex]</c> with <c>matchTimeoutMilliseconds</c>, or
    /// the process-wide default (<c>AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", …)</c> anywhere in the
    /// compilation, looked up once). For an instance call, the Regex's construction: inline, a readonly field or getter-only
    /// property initialized where it is declared, a local initialized once, a [GeneratedRegex] method or property.
    /// </summary>
    internal sealed class RegexTimeouts
    {
        private const string DefaultTimeoutKey = "REGEX_DEFAULT_MATCH_TIMEOUT";
        private const int NonBacktracking = 1024;

        private readonly CompilationAnalysis analysis;
        private readonly INamedTypeSymbol? generatedRegex;
        private readonly Lazy<bool> processDefault;

        private RegexTimeouts(CompilationAnalysis analysis)
        {
            this.analysis = analysis;
            Regex = analysis.Compilation.GetTypeByMetadataName("System.Text.RegularExpressions.Regex");
            generatedRegex = analysis.Compilation.GetTypeByMetadataName("System.Text.RegularExpressions.GeneratedRegexAttribute");
            processDefault = new Lazy<bool>(() => FindProcessDefault(CancellationToken.None), LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public INamedTypeSymbol? Regex { get; }

        public static RegexTimeouts Of(CompilationAnalysis analysis) => PerCompilation<RegexTimeouts>.Get(analysis.Compilation, _ => new RegexTimeouts(analysis));

        /// <summary>The process-wide default match timeout is set somewhere in the compilation.</summary>
        public bool HasProcessDefault => processDefault.Value;

        /// <summary>The Regex call or construction whose argument is <paramref name="argument"/>, or null.</summary>
        public IOperation? CallOf(IOperation? argument)
        {
            for (var operation = argument; operation is not null; operation = operation.Parent)
            {
                if (operation is IArgumentOperation { Parent: IInvocationOperation or IObjectCreationOperation } found)
                {
                    return IsRegex(found.Parent is IInvocationOperation invocation ? invocation.TargetMethod.ContainingType : ((IObjectCreationOperation)found.Parent!).Type)
                        ? found.Parent
                        : null;
                }
            }

            return null;
        }

        /// <summary>How the match of a Regex call (static, instance) or construction is bounded.</summary>
        public RegexBound BoundOf(IOperation call, CancellationToken cancellationToken)
        {
            switch (call)
            {
                case IObjectCreationOperation creation:
                    return OfArguments(creation.Arguments, timeoutExpected: true);
                case IInvocationOperation { TargetMethod.IsStatic: true } invocation:
                    return OfArguments(invocation.Arguments, timeoutExpected: true);
                case IInvocationOperation { Instance: { } instance }:
                    return OfInstance(instance, cancellationToken);
                default:
                    return RegexBound.Unknown;
            }
        }

        private RegexBound OfArguments(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments, bool timeoutExpected)
        {
            var linear = false;
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name == "pattern" && argument.Value.ConstantValue is { HasValue: true, Value: string pattern } && !MayBacktrackExponentially(pattern))
                {
                    linear = true;
                }

                if (argument.Parameter?.Name == "matchTimeout")
                {
                    return IsInfinite(argument.Value) ? RegexBound.Unbounded : RegexBound.Bounded;
                }

                if (argument.Parameter?.Name == "options" && argument.Value.ConstantValue is { HasValue: true, Value: int options } && (options & NonBacktracking) != 0)
                {
                    return RegexBound.Bounded;
                }
            }

            return linear || (timeoutExpected && HasProcessDefault) ? RegexBound.Bounded : RegexBound.Unbounded;
        }

        /// <summary>
        /// Whether a pattern has the shape of exponential backtracking: a repeated group (<c>*</c>, <c>+</c>, <c>{n,}</c>,
        /// <c>{n,m}</c>) that itself holds a repetition or an alternation: <c>(a+)+</c>, <c>(\w+\s?)*</c>, <c>(a|aa)*</c>.
        /// Without one, a match is at worst polynomial in the input's length; such a pattern is not reported.
        /// </summary>
        public static bool MayBacktrackExponentially(string pattern)
        {
            var outer = new System.Collections.Generic.Stack<bool>();
            var repeats = false;
            for (var i = 0; i < pattern.Length; i++)
            {
                switch (pattern[i])
                {
                    case '\\':
                        i++;
                        break;
                    case '[':
                        i = EndOfClass(pattern, i);
                        break;
                    case '(':
                        outer.Push(repeats);
                        repeats = false;
                        break;
                    case ')':
                        var inner = repeats;
                        var quantified = IsRepetition(pattern, i + 1);
                        if (inner && quantified)
                        {
                            return true;
                        }

                        repeats = (outer.Count > 0 && outer.Pop()) || inner || quantified;
                        break;
                    case '|':
                        repeats = true;
                        break;
                    default:
                        if (IsRepetition(pattern, i))
                        {
                            repeats = true;
                        }

                        break;
                }
            }

            return false;
        }

        /// <summary><c>*</c>, <c>+</c>, <c>{n,}</c> or <c>{n,m}</c> with m &gt; n at <paramref name="at"/> (not <c>?</c> or <c>{n}</c>).</summary>
        private static bool IsRepetition(string pattern, int at)
        {
            if (at >= pattern.Length)
            {
                return false;
            }

            if (pattern[at] is '*' or '+')
            {
                return true;
            }

            if (pattern[at] != '{')
            {
                return false;
            }

            var close = pattern.IndexOf('}', at);
            if (close < 0)
            {
                return false;
            }

            var parts = pattern.Substring(at + 1, close - at - 1).Split(',');
            return parts.Length == 2 && int.TryParse(parts[0], out var low)
                   && (parts[1].Length == 0 || (int.TryParse(parts[1], out var high) && high > low));
        }

        private static int EndOfClass(string pattern, int open)
        {
            for (var i = open + 1; i < pattern.Length; i++)
            {
                if (pattern[i] == '\\')
                {
                    i++;
                }
                else if (pattern[i] == ']' && i > open + 1)
                {
                    return i;
                }
            }

            return pattern.Length;
        }

        /// <summary>Regex.InfiniteMatchTimeout, Timeout.InfiniteTimeSpan.</summary>
        private static bool IsInfinite(IOperation value)
            => value.WithoutConversions() is IFieldReferenceOperation { Field: { Name: "InfiniteMatchTimeout" or "InfiniteTimeSpan" } };

        private RegexBound OfInstance(IOperation instance, CancellationToken cancellationToken)
        {
            switch (instance.WithoutConversions())
            {
                case IObjectCreationOperation creation when IsRegex(creation.Type):
                    return BoundOf(creation, cancellationToken);
                case IInvocationOperation invocation when Generated(invocation.TargetMethod) is { } attribute:
                    return OfGenerated(attribute);
                case IPropertyReferenceOperation property when Generated(property.Property) is { } attribute:
                    return OfGenerated(attribute);
                case IPropertyReferenceOperation { Property: { IsReadOnly: true } property } when property.GetMethod?.DeclaringSyntaxReferences.Length > 0:
                    // A getter-only auto-property initialized where it is declared.
                    return property.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is PropertyDeclarationSyntax { Initializer.Value: { } value, AccessorList: { } accessors }
                           && accessors.Accessors.All(a => a.Body is null && a.ExpressionBody is null)
                        ? OfInitializer(value, cancellationToken)
                        : RegexBound.Unknown;
                case IFieldReferenceOperation { Field: { IsReadOnly: true } field }:
                    return field.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initial }
                        ? OfInitializer(initial, cancellationToken)
                        : RegexBound.Unknown;
                case ILocalReferenceOperation local:
                    return OfLocal(local, cancellationToken);
                default:
                    return RegexBound.Unknown;
            }
        }

        /// <summary>A local declared with an initializer and never assigned again in its body.</summary>
        private RegexBound OfLocal(ILocalReferenceOperation local, CancellationToken cancellationToken)
        {
            if (local.Local.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax(cancellationToken) is not VariableDeclaratorSyntax { Initializer.Value: { } initial } declarator)
            {
                return RegexBound.Unknown;
            }

            var body = declarator.Ancestors().FirstOrDefault(a => a is BaseMethodDeclarationSyntax or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax or AccessorDeclarationSyntax or CompilationUnitSyntax);
            var name = local.Local.Name;
            if (body is null || body.DescendantNodes().OfType<AssignmentExpressionSyntax>().Any(a => a.Left is IdentifierNameSyntax id && id.Identifier.ValueText == name))
            {
                return RegexBound.Unknown;
            }

            return OfInitializer(initial, cancellationToken);
        }

        private RegexBound OfInitializer(ExpressionSyntax initializer, CancellationToken cancellationToken)
        {
            if (!analysis.Compilation.ContainsSyntaxTree(initializer.SyntaxTree))
            {
                return RegexBound.Unknown;
            }

            var operation = analysis.Flow.SemanticModelFor(initializer.SyntaxTree).GetOperation(initializer, cancellationToken)?.WithoutConversions();
            return operation switch
            {
                IObjectCreationOperation creation when IsRegex(creation.Type) => BoundOf(creation, cancellationToken),
                IInvocationOperation invocation when Generated(invocation.TargetMethod) is { } attribute => OfGenerated(attribute),
                IPropertyReferenceOperation property when Generated(property.Property) is { } attribute => OfGenerated(attribute),
                _ => RegexBound.Unknown,
            };
        }

        private AttributeData? Generated(ISymbol member) => generatedRegex is null ? null : member.Find(generatedRegex);

        /// <summary>[GeneratedRegex(pattern, options, matchTimeoutMilliseconds)]: bounded by a timeout other than -1 or by NonBacktracking.</summary>
        private RegexBound OfGenerated(AttributeData attribute)
        {
            var parameters = attribute.AttributeConstructor?.Parameters ?? default;
            for (var i = 0; i < attribute.ConstructorArguments.Length && !parameters.IsDefault && i < parameters.Length; i++)
            {
                var value = attribute.ConstructorArguments[i].Value;
                switch (parameters[i].Name)
                {
                    case "pattern" when value is string pattern && !MayBacktrackExponentially(pattern):
                        return RegexBound.Bounded;
                    case "matchTimeoutMilliseconds" when value is int milliseconds:
                        return milliseconds == Timeout.Infinite ? RegexBound.Unbounded : RegexBound.Bounded;
                    case "options" when value is int options && (options & NonBacktracking) != 0:
                        return RegexBound.Bounded;
                }
            }

            return HasProcessDefault ? RegexBound.Bounded : RegexBound.Unbounded;
        }

        private bool IsRegex(ITypeSymbol? type)
        {
            for (var current = type; current is not null; current = current.BaseType)
            {
                if (SymbolEqualityComparer.Default.Equals(current, Regex))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>AppDomain.CurrentDomain.SetData("REGEX_DEFAULT_MATCH_TIMEOUT", TimeSpan…) anywhere in the compilation.</summary>
        private bool FindProcessDefault(CancellationToken cancellationToken)
        {
            foreach (var call in SyntaxIndex.Of(analysis.Compilation).InvocationsNamed("SetData", cancellationToken))
            {
                if (call.ArgumentList.Arguments.Count == 2
                    && call.ArgumentList.Arguments[0].Expression is LiteralExpressionSyntax literal && literal.Token.ValueText == DefaultTimeoutKey
                    && analysis.Compilation.ContainsSyntaxTree(call.SyntaxTree)
                    && analysis.Flow.SemanticModelFor(call.SyntaxTree).GetSymbolInfo(call, cancellationToken).Symbol is IMethodSymbol { ContainingType.Name: "AppDomain" })
                {
                    return true;
                }
            }

            return false;
        }
    }
}
