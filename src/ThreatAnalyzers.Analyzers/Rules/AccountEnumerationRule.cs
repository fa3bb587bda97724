using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4009 (CWE-204): a sign-in or password-reset entry point that anyone may call looks an account up by what the caller
    /// typed (<c>UserManager.FindByEmailAsync/FindByNameAsync</c>, or an EF Core/LINQ <c>FirstOrDefault(u =&gt; u.Email == …)</c>;
    /// rows in <see cref="AccountLookups"/>), branches on the result being null (<c>if (user == null)</c>, <c>is null</c>, and
    /// the else branch of <c>!= null</c>; not a branch that creates the account, which is a registration), and that branch answers with a result that matches none of the answers given once
    /// the account was found: after the credential check (<c>CheckPasswordAsync</c>, <c>PasswordSignInAsync</c>,
    /// <c>VerifyHashedPassword</c>) when there is one, else after the branch. Two answers are the same when they are made by
    /// the same factory or type with the same constants (status codes, messages, page names) and the same
    /// <c>ModelState.AddModelError</c> messages before them. A null test combined with the credential check
    /// (<c>user == null || !await CheckPasswordAsync(…)</c>) shares one answer and is silent. Reported on the answer of the
    /// missing-account branch; a threat of the entry point. No mechanical fix: the answers must be made the same.
    /// </summary>
    internal sealed class AccountEnumerationRule : EntryPointRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.AccountEnumeration,
            title: "Account enumeration",
            messageFormat: "Entry point '{0}' answers '{1}' when '{2}' finds no account, but '{3}' when it finds one: the caller learns which accounts exist",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A sign-in or password-reset endpoint answers differently, in status or message, when no account has the name or "
                       + "e-mail address the caller typed. Anyone can then test addresses to learn who has an account, and aim "
                       + "password guessing or phishing at them.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.AccountEnumeration + ".md",
            customTags: "CWE-204");

        public AccountEnumerationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which sign-in or password-reset entry points answer differently when the account does not exist?",
                concerns: "the entry point's process",
                fix: null))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (context.InheritedBy is not null || !SensitiveDataServedWithoutAuthenticationRule.IsAnonymous(context.EntryPoint) || context.Handler is not { } handler)
            {
                return;
            }

            var lookups = AccountLookups.Of(context.Analysis.Compilation);
            if (!lookups.Exists || ResponseDisclosure.Of(context.Analysis).BodyOf(context) is not { } body)
            {
                return;
            }

            var found = new Dictionary<ILocalSymbol, IInvocationOperation>(SymbolEqualityComparer.Default);
            IInvocationOperation? credential = null;
            var tests = new List<IConditionalOperation>();
            foreach (var operation in body.Descendants())
            {
                if (!Within(operation, body))
                {
                    continue;
                }

                switch (operation)
                {
                    case IVariableDeclaratorOperation { Initializer.Value: { } value } declarator when LookupIn(value, lookups) is { } lookup:
                        found[declarator.Symbol] = lookup;
                        break;
                    case ISimpleAssignmentOperation { Target: ILocalReferenceOperation local, Value: var value } when LookupIn(value, lookups) is { } lookup:
                        found[local.Local] = lookup;
                        break;
                    case IInvocationOperation invocation when credential is null && lookups.IsCredentialCheck(invocation.TargetMethod):
                        credential = invocation;
                        break;
                    case IConditionalOperation { Type: null } conditional:
                        tests.Add(conditional);
                        break;
                }
            }

            bool? isMechanism = null;
            foreach (var test in tests)
            {
                if (NullTest(test.Condition, found, lookups) is not { } nullTest)
                {
                    continue;
                }

                var nullArm = nullTest.NullWhenTrue ? test.WhenTrue : test.WhenFalse;
                if (nullArm is null || FirstReturn(nullArm, body) is not { ReturnedValue: { } nullValue } nullReturn)
                {
                    continue;
                }

                // A missing-account branch that creates the account is a registration: not this rule's question.
                if (nullArm.DescendantsAndSelf().OfType<IInvocationOperation>().Any(call => lookups.IsCreation(call.TargetMethod)))
                {
                    continue;
                }

                isMechanism ??= UnauthenticatedEntryPointRule.IsNamedForAuthentication(context, handler)
                                || context.Analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken).Authenticates;
                if (isMechanism != true)
                {
                    return;
                }

                var nullReply = new Reply(nullReturn, Unwrap(nullValue), nullArm.Syntax.SpanStart);
                var nullAnswer = Answer(nullReply, lookups);
                var anchor = credential is not null && credential.Syntax.SpanStart > test.Syntax.SpanStart ? credential.Syntax.SpanStart : test.Syntax.Span.End;
                var others = new List<Reply>();
                foreach (var operation in body.Descendants())
                {
                    if (operation is not IReturnOperation { ReturnedValue: { } value } other || !Within(other, body) || nullArm.Syntax.Span.Contains(other.Syntax.SpanStart))
                    {
                        continue;
                    }

                    // Answers given once the account is found: from the credential check on (a return that holds the check too), or in the found branch.
                    int from;
                    if (other.Syntax.Span.End > anchor)
                    {
                        from = System.Math.Min(anchor, other.Syntax.SpanStart);
                    }
                    else if (!nullTest.NullWhenTrue && test.WhenTrue.Syntax.Span.Contains(other.Syntax.SpanStart))
                    {
                        from = test.WhenTrue.Syntax.SpanStart;
                    }
                    else
                    {
                        continue;
                    }

                    foreach (var arm in Arms(value))
                    {
                        others.Add(new Reply(other, arm, from));
                    }
                }

                if (others.Count == 0 || others.Any(other => Answer(other, lookups) == nullAnswer))
                {
                    continue;
                }

                // The answer the missing-account branch should have matched: one made the same way (its message differs), else the first.
                var nullKind = nullAnswer.Split('|')[0];
                var shown = others.FirstOrDefault(o => Answer(o, lookups).Split('|')[0] == nullKind) ?? others[0];
                context.Report(this, nullValue.Syntax.GetLocation(), new[] { nullTest.Lookup.Syntax.GetLocation(), shown.Value.Syntax.GetLocation() },
                    ImmutableDictionary<string, string?>.Empty,
                    context.EntryPoint.Name, Display(nullReply, lookups), MessageCode.Of(nullTest.Lookup.Syntax), Display(shown, lookups));
            }
        }

        /// <summary>One answer: a returned value (an arm of a returned conditional), and where the code that leads to it starts.</summary>
        private sealed record Reply(IReturnOperation Return, IOperation Value, int From);

        /// <summary>The values a returned expression may be: each arm of a conditional, else itself.</summary>
        private static IEnumerable<IOperation> Arms(IOperation value)
        {
            value = Unwrap(value);
            if (value is IConditionalOperation { WhenFalse: { } whenFalse } conditional)
            {
                return Arms(conditional.WhenTrue).Concat(Arms(whenFalse));
            }

            return new[] { value };
        }

        /// <summary>An answer as the message shows it: the returned expression, and the ModelState errors added before it.</summary>
        private static string Display(Reply reply, AccountLookups lookups)
        {
            var errors = Answer(reply, lookups).Split('|').Where(p => p.StartsWith("error:", System.StringComparison.Ordinal)).Select(p => p.Substring(6)).ToList();
            var text = MessageCode.Of(reply.Value.Syntax);
            return errors.Count == 0 ? text : text + " with the error \"" + string.Join("\", \"", errors) + "\"";
        }

        /// <summary>The lookup by name a value is the result of (awaited or not), or null.</summary>
        private static IInvocationOperation? LookupIn(IOperation value, AccountLookups lookups)
        {
            value = Unwrap(value);
            if (value is not IInvocationOperation invocation)
            {
                return null;
            }

            if (lookups.IsLookupByName(invocation.TargetMethod))
            {
                return invocation;
            }

            if (!lookups.IsNullableQuery(invocation.TargetMethod))
            {
                return null;
            }

            // The predicate, in the call or in a Where just before it, compares a member that names an account.
            var predicates = invocation.Arguments.Select(a => a.Value)
                .Concat(invocation.Arguments.Take(1).Select(a => Unwrap(a.Value)).OfType<IInvocationOperation>()
                    .Where(where => where.TargetMethod.Name == "Where").SelectMany(where => where.Arguments.Select(a => a.Value)));
            foreach (var predicate in predicates)
            {
                if (predicate.DescendantsAndSelf().OfType<IAnonymousFunctionOperation>().FirstOrDefault() is { } lambda
                    && lambda.Body.Descendants().OfType<IBinaryOperation>().Any(b => b.OperatorKind == BinaryOperatorKind.Equals && (NamesAccount(b.LeftOperand) || NamesAccount(b.RightOperand))))
                {
                    return invocation;
                }
            }

            return null;

            static bool NamesAccount(IOperation side)
                => Unwrap(side) is IPropertyReferenceOperation { Property.Name: var name } && AccountLookups.AccountNames.Contains(name)
                   || Unwrap(side) is IInvocationOperation { Instance: IPropertyReferenceOperation { Property.Name: var inner } } && AccountLookups.AccountNames.Contains(inner);
        }

        private sealed record NullTestResult(IInvocationOperation Lookup, bool NullWhenTrue);

        /// <summary>A condition that is only a null test of a lookup's result: <c>user == null</c>, <c>user is null</c>, <c>user != null</c>, <c>user is not null</c>.</summary>
        private static NullTestResult? NullTest(IOperation condition, Dictionary<ILocalSymbol, IInvocationOperation> found, AccountLookups lookups)
        {
            condition = Unwrap(condition);
            switch (condition)
            {
                case IBinaryOperation { OperatorKind: BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals } binary:
                {
                    var tested = IsNull(binary.RightOperand) ? binary.LeftOperand : IsNull(binary.LeftOperand) ? binary.RightOperand : null;
                    return tested is not null && LookupOf(tested, found, lookups) is { } lookup
                        ? new NullTestResult(lookup, binary.OperatorKind == BinaryOperatorKind.Equals)
                        : null;
                }

                case IIsPatternOperation { Pattern: var pattern } isPattern when LookupOf(isPattern.Value, found, lookups) is { } lookup:
                    return pattern switch
                    {
                        IConstantPatternOperation constant when IsNull(constant.Value) => new NullTestResult(lookup, true),
                        INegatedPatternOperation { Pattern: IConstantPatternOperation constant } when IsNull(constant.Value) => new NullTestResult(lookup, false),
                        _ => null,
                    };
                default:
                    return null;
            }
        }

        private static IInvocationOperation? LookupOf(IOperation tested, Dictionary<ILocalSymbol, IInvocationOperation> found, AccountLookups lookups)
            => Unwrap(tested) is ILocalReferenceOperation local && found.TryGetValue(local.Local, out var lookup) ? lookup : LookupIn(tested, lookups);

        private static bool IsNull(IOperation operation)
            => Unwrap(operation) is { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation;

        private static IReturnOperation? FirstReturn(IOperation arm, IOperation body)
            => arm.DescendantsAndSelf().OfType<IReturnOperation>().FirstOrDefault(r => r.ReturnedValue is not null && Within(r, body));

        /// <summary>
        /// What a return tells the caller: the factory or type that makes the answer, the constants in it (status codes,
        /// messages, page names), and the ModelState error messages added since <paramref name="from"/> in the blocks around it.
        /// </summary>
        private static string Answer(Reply reply, AccountLookups lookups)
        {
            var answer = reply.Return;
            var from = reply.From;
            var value = reply.Value;
            var parts = new List<string>
            {
                value switch
                {
                    IInvocationOperation invocation => invocation.TargetMethod.Name,
                    IObjectCreationOperation creation => creation.Type?.Name ?? "new",
                    _ => value.Type?.ToDisplayString() ?? value.Kind.ToString(),
                },
            };

            foreach (var part in value.DescendantsAndSelf())
            {
                if (part.ConstantValue is { HasValue: true, Value: { } constant } && part.Parent?.ConstantValue.HasValue != true)
                {
                    parts.Add(constant.ToString() ?? string.Empty);
                }
            }

            // Error messages added to the page before it is shown again (Razor Pages, MVC views).
            var blocks = new HashSet<IOperation>();
            for (var current = answer.Parent; current is not null; current = current.Parent)
            {
                if (current is IBlockOperation)
                {
                    blocks.Add(current);
                }
            }

            foreach (var block in blocks)
            {
                foreach (var statement in ((IBlockOperation)block).Operations)
                {
                    if (statement.Syntax.SpanStart < from || statement.Syntax.SpanStart >= answer.Syntax.SpanStart)
                    {
                        continue;
                    }

                    if (Unwrap(statement is IExpressionStatementOperation expression ? expression.Operation : statement) is IInvocationOperation call && lookups.IsModelError(call.TargetMethod))
                    {
                        foreach (var argument in call.Arguments)
                        {
                            if (argument.Value.ConstantValue is { HasValue: true, Value: string message } && message.Length > 0)
                            {
                                parts.Add("error:" + message);
                            }
                        }
                    }
                }
            }

            return string.Join("|", parts);
        }

        private static bool Within(IOperation operation, IOperation body)
        {
            for (var current = operation.Parent; current is not null && current != body; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    return false;
                }
            }

            return true;
        }

        private static IOperation Unwrap(IOperation value)
        {
            while (true)
            {
                switch (value)
                {
                    case IConversionOperation conversion:
                        value = conversion.Operand;
                        continue;
                    case IParenthesizedOperation parenthesized:
                        value = parenthesized.Operand;
                        continue;
                    case IAwaitOperation awaited:
                        value = awaited.Operation;
                        continue;
                    default:
                        return value;
                }
            }
        }
    }
}
