using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4004: an exception's details reach what the caller reads: <c>ex.Message</c>, <c>ex.StackTrace</c>,
    /// <c>ex.ToString()</c> (or the exception in an interpolation or concatenation), or the exception object itself
    /// serialized, in the body of a result factory (<c>Ok</c>, <c>BadRequest</c>, <c>Problem</c>, <c>Content</c>,
    /// <c>StatusCode(code, value)</c>, <c>Results.*</c>, <c>TypedResults.*</c>), of a result object, of a response write
    /// (<c>Response.WriteAsync</c>, <c>WriteAsJsonAsync</c>), of a model-state error, or returned by a handler. Followed
    /// within the method through conversions, string building, object and anonymous-object initializers and up to two
    /// locals; not through calls to the application's own helpers. <c>Message</c> counts only for exceptions whose message
    /// is not written for the caller (see <see cref="ExceptionResponses.MessageIsForTheCaller"/>). Code that runs only in
    /// Development (<c>if (env.IsDevelopment())</c>, a conditional on it) is left alone. Also
    /// <c>UseDeveloperExceptionPage()</c> outside such a branch. Reported on the detail; the fix writes a fixed message.
    /// </summary>
    internal sealed class ExceptionDetailsReturnedRule : OperationRule
    {
        /// <summary>How the code fix replaces the detail: <see cref="FixLiteral"/> or <see cref="FixHole"/>.</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>For the developer exception page: the environment expression to test (<c>app.Environment</c>, <c>env</c>).</summary>
        internal const string EnvironmentProperty = "ThreatAnalyzers.Environment";

        internal const string FixLiteral = "literal";
        internal const string FixHole = "hole";
        internal const string FixDevelopmentOnly = "development";

        /// <summary>What the fix writes instead of the detail.</summary>
        internal const string GenericMessage = "An error occurred.";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.ExceptionDetailsReturned,
            title: "Exception details returned to the caller",
            messageFormat: "'{0}' ({1}) reaches {2} in {3}: the caller learns the application's internals",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An exception's message, stack trace or whole text is sent to the caller. It tells an attacker what the "
                       + "application is made of: SQL text and table names, file paths, host names of internal services, library "
                       + "versions, and which input broke what.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.ExceptionDetailsReturned + ".md",
            customTags: "CWE-209");

        private const int MaxLocalHops = 2;

        public ExceptionDetailsReturnedRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which exception messages, stack traces or exception objects reach a response?",
                concerns: "the entry point whose code holds it, else the application",
                fix: "answer with a fixed message; the developer exception page only in Development"))
        {
        }

        public override ImmutableArray<OperationKind> OperationKinds { get; } = ImmutableArray.Create(OperationKind.Invocation, OperationKind.ObjectCreation, OperationKind.Return);

        public override bool AppliesTo(CompilationAnalysis analysis) => ExceptionResponses.For(analysis.Compilation).Exists;

        public override void Analyze(OperationRuleContext context)
        {
            var responses = ExceptionResponses.For(context.Analysis.Compilation);
            switch (context.Operation)
            {
                case IInvocationOperation invocation when IsDeveloperExceptionPage(invocation.TargetMethod, responses):
                    DeveloperExceptionPage(context, invocation, responses);
                    return;

                case IInvocationOperation invocation when responses.FactoryDisplay(invocation.TargetMethod) is { } sink:
                    foreach (var argument in invocation.Arguments)
                    {
                        if (ExceptionResponses.IsBodyParameter(argument.Parameter) && argument.ArgumentKind != ArgumentKind.DefaultValue)
                        {
                            Check(context, argument.Value, invocation, sink, responses);
                        }
                    }

                    return;

                case IObjectCreationOperation creation when responses.IsResult(creation.Type):
                    var display = "new " + creation.Type!.Name;
                    foreach (var argument in creation.Arguments)
                    {
                        if (ExceptionResponses.IsBodyParameter(argument.Parameter) && argument.ArgumentKind != ArgumentKind.DefaultValue)
                        {
                            Check(context, argument.Value, creation, display, responses);
                        }
                    }

                    foreach (var member in creation.Initializer?.Initializers ?? ImmutableArray<IOperation>.Empty)
                    {
                        if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation property } assignment && ExceptionResponses.IsBodyProperty(property.Property))
                        {
                            Check(context, assignment.Value, creation, display, responses);
                        }
                    }

                    return;

                case IReturnOperation { ReturnedValue: { } returned } @return
                    when !responses.IsResult(returned.WithoutConversions().Type) && Handler(@return, context) is { } handler:
                    Check(context, returned, @return, "the response of " + handler, responses);
                    return;
            }
        }

        private static bool IsDeveloperExceptionPage(IMethodSymbol method, ExceptionResponses responses)
            => method.Name == "UseDeveloperExceptionPage"
               && SymbolEqualityComparer.Default.Equals((method.ReducedFrom ?? method).ContainingType?.OriginalDefinition, responses.DeveloperExceptionPage);

        private void DeveloperExceptionPage(OperationRuleContext context, IInvocationOperation invocation, ExceptionResponses responses)
        {
            if (ConfigurationShapes.OnlyInDevelopment(invocation, DevelopmentEnvironment.IsDevelopmentCheck))
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (invocation.Parent is IExpressionStatementOperation && Environment(invocation, context, responses) is { } environment)
            {
                properties = properties.Add(FixProperty, FixDevelopmentOnly).Add(EnvironmentProperty, environment);
            }

            var element = context.Analysis.ElementOf(invocation, context.ContainingSymbol, context.CancellationToken);
            context.Report(this, invocation.Syntax.GetLocation(), System.Array.Empty<Location>(), element, properties,
                "UseDeveloperExceptionPage()", "stack traces, source and request details of every unhandled exception", "the error page in every environment",
                UntrustedFlowFindings.ElementName(element));
        }

        /// <summary>
        /// The expression that says which environment runs: the WebApplication's <c>Environment</c> when the page is added
        /// to one, else a parameter of the method that is a host environment (<c>env</c> in <c>Configure(app, env)</c>).
        /// </summary>
        private static string? Environment(IInvocationOperation invocation, OperationRuleContext context, ExceptionResponses responses)
        {
            var receiver = (invocation.Instance ?? (invocation.Arguments.Length > 0 ? invocation.Arguments[0].Value : null))?.WithoutConversions();
            if (receiver is ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation or IPropertyReferenceOperation
                && receiver.Type is { } type && type.InheritsFromOrEquals(responses.WebApplication))
            {
                return receiver.Syntax.ToString() + ".Environment";
            }

            if (context.ContainingSymbol is IMethodSymbol method)
            {
                foreach (var parameter in method.Parameters)
                {
                    if (parameter.Type.Implements(responses.HostEnvironment) || SymbolEqualityComparer.Default.Equals(parameter.Type, responses.HostEnvironment))
                    {
                        return parameter.Name;
                    }
                }
            }

            return null;
        }

        /// <summary>The name of the entry point a return statement answers for, when the return is in the handler itself (not in a helper or a nested lambda).</summary>
        private static string? Handler(IReturnOperation @return, OperationRuleContext context)
        {
            var analysis = context.Analysis;
            for (var current = @return.Parent; current is not null; current = current.Parent)
            {
                if (current is IAnonymousFunctionOperation)
                {
                    var element = analysis.ElementOf(@return, context.ContainingSymbol, context.CancellationToken);
                    return IsMappedLambda(current, analysis, context) && !string.IsNullOrEmpty(element.Name) ? element.Name : null;
                }

                if (current is ILocalFunctionOperation local)
                {
                    return analysis.Flow.MappingOf(local.Symbol) is not null ? analysis.ElementOf(@return, context.ContainingSymbol, context.CancellationToken).Name : null;
                }
            }

            if (context.ContainingSymbol is IMethodSymbol method && (analysis.EntryPoints.Recognize(method, context.CancellationToken) is not null || analysis.Flow.MappingOf(method) is not null))
            {
                var element = analysis.ElementOf(@return, method, context.CancellationToken);
                return string.IsNullOrEmpty(element.Name) ? method.ContainingType.Name + "." + method.Name : element.Name;
            }

            return null;
        }

        private static bool IsMappedLambda(IOperation lambda, CompilationAnalysis analysis, OperationRuleContext context)
        {
            if (lambda.Parent is not IDelegateCreationOperation creation)
            {
                return false;
            }

            var parent = creation.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            return parent is IArgumentOperation { Parent: IInvocationOperation mapping } && analysis.EntryPoints.Recognize(mapping, context.CancellationToken) is not null;
        }

        private void Check(OperationRuleContext context, IOperation value, IOperation sink, string sinkDisplay, ExceptionResponses responses)
        {
            if (Detail(value, responses, 0, new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default)) is not { } found)
            {
                return;
            }

            if (ConfigurationShapes.OnlyInDevelopment(sink, DevelopmentEnvironment.IsDevelopmentCheck)
                || ConfigurationShapes.OnlyInDevelopment(found.Operation, DevelopmentEnvironment.IsDevelopmentCheck))
            {
                return;
            }

            var location = found.Operation.Syntax.GetLocation();
            var additional = new List<Location>();
            if (!sink.Syntax.Span.Contains(found.Operation.Syntax.Span) || sink.Syntax.SyntaxTree != found.Operation.Syntax.SyntaxTree)
            {
                additional.Add(sink.Syntax.GetLocation());
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (found.Operation.Parent is IInterpolationOperation)
            {
                properties = properties.Add(FixProperty, FixHole);
            }
            else if (TakesAString(found.Operation))
            {
                properties = properties.Add(FixProperty, FixLiteral);
            }
            var element = context.Analysis.ElementOf(sink, context.ContainingSymbol, context.CancellationToken);
            context.Report(this, location, additional, element, properties, Shorten(found.Operation.Syntax.ToString()), found.Kind, sinkDisplay, UntrustedFlowFindings.ElementName(element));
        }

        /// <summary>Whether a string literal can stand where the detail is: it is a string, or goes where an object or a string goes (not into an Exception-typed member).</summary>
        private static bool TakesAString(IOperation detail)
        {
            if (detail.Type?.SpecialType == SpecialType.System_String)
            {
                return true;
            }

            return detail.Parent switch
            {
                IConversionOperation conversion => conversion.Type?.SpecialType is SpecialType.System_Object or SpecialType.System_String,
                IBinaryOperation => true,
                ISimpleAssignmentOperation { Parent: IAnonymousObjectCreationOperation } => true,
                _ => false,
            };
        }

        private readonly record struct Found(IOperation Operation, string Kind);

        /// <summary>The first exception detail that <paramref name="value"/> carries, in source order.</summary>
        private static Found? Detail(IOperation value, ExceptionResponses responses, int hops, HashSet<ILocalSymbol> followed)
        {
            foreach (var operation in value.DescendantsAndSelf())
            {
                Found? found = null;
                switch (operation)
                {
                    case IPropertyReferenceOperation { Instance: { } instance } property
                        when ExceptionResponses.IsDetailMember(property.Property.Name) && responses.IsException(instance.Type):
                        if (property.Property.Name == "Message" && responses.MessageIsForTheCaller(instance.Type!))
                        {
                            continue;
                        }

                        found = new Found(property, property.Property.Name switch
                        {
                            "Message" => "exception message",
                            "StackTrace" => "stack trace",
                            _ => "exception detail",
                        });
                        break;

                    case IInvocationOperation { TargetMethod.Name: "ToString", Arguments.Length: 0, Instance: { } instance } call when responses.IsException(instance.Type):
                        found = new Found(call, "exception text with its stack trace");
                        break;

                    case ILocalReferenceOperation or IParameterReferenceOperation or IPropertyReferenceOperation or IFieldReferenceOperation or IInvocationOperation
                        when responses.IsException(operation.Type) && Serialized(operation, responses) is { } kind:
                        found = new Found(operation, kind);
                        break;

                    case ILocalReferenceOperation local when hops < MaxLocalHops && !responses.IsException(local.Type) && followed.Add(local.Local):
                        if (FromLocal(local, responses, hops + 1, followed) is { } held && Carried(operation, value))
                        {
                            return held;
                        }

                        continue;
                }

                if (found is { } detail)
                {
                    // ex.InnerException?.Message: the detail is the whole conditional access.
                    var whole = detail.Operation;
                    while (whole.Parent is IConditionalAccessOperation access && access.WhenNotNull == whole)
                    {
                        whole = access;
                    }

                    if (Carried(whole, value))
                    {
                        return new Found(whole, detail.Kind);
                    }
                }
            }

            return null;
        }

        /// <summary>What a local holds that is an exception detail: its initializer and what is assigned to it in the same body.</summary>
        private static Found? FromLocal(ILocalReferenceOperation reference, ExceptionResponses responses, int hops, HashSet<ILocalSymbol> followed)
        {
            var root = reference as IOperation;
            while (root.Parent is { } parent)
            {
                root = parent;
            }

            foreach (var operation in root.DescendantsAndSelf())
            {
                var value = operation switch
                {
                    IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, reference.Local) => (declarator.Initializer ?? declarator.GetVariableInitializer())?.Value,
                    ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when SymbolEqualityComparer.Default.Equals(target.Local, reference.Local) => assignment.Value,
                    _ => null,
                };
                if (value is not null && Detail(value, responses, hops, followed) is { } found)
                {
                    return found;
                }
            }

            return null;
        }

        /// <summary>How an exception object used as a value is sent: as its text (interpolated, concatenated) or serialized (converted to object, put in an object).</summary>
        private static string? Serialized(IOperation exception, ExceptionResponses responses)
            => exception.Parent switch
            {
                IInterpolationOperation => "exception text with its stack trace",
                IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } => "exception text with its stack trace",
                IConversionOperation conversion when !responses.IsException(conversion.Type) => "the exception object",
                ISimpleAssignmentOperation assignment when assignment.Value == exception && assignment.Parent is IObjectOrCollectionInitializerOperation or IAnonymousObjectCreationOperation => "the exception object",
                _ => null,
            };

        /// <summary>Whether <paramref name="detail"/> ends up in <paramref name="root"/> as data (not only tested: <c>ex.Message.Contains("…")</c>, <c>ex.Message.Length</c>).</summary>
        private static bool Carried(IOperation detail, IOperation root)
        {
            for (var current = detail; current != root; current = current.Parent!)
            {
                if (current.Parent is not { } parent)
                {
                    return false;
                }

                var carries = parent switch
                {
                    IConversionOperation or IParenthesizedOperation or IInterpolationOperation or IInterpolatedStringOperation or ICoalesceOperation => true,
                    IArrayInitializerOperation or IArrayCreationOperation or IObjectOrCollectionInitializerOperation or IAnonymousObjectCreationOperation => true,
                    IBinaryOperation { OperatorKind: BinaryOperatorKind.Add, Type.SpecialType: SpecialType.System_String } => true,
                    IConditionalOperation conditional => conditional.Condition != current,
                    ISimpleAssignmentOperation assignment => assignment.Value == current && assignment.Parent is IObjectOrCollectionInitializerOperation or IAnonymousObjectCreationOperation,
                    IInvocationOperation call => call.Instance == current && call.TargetMethod.ReturnType.SpecialType == SpecialType.System_String,
                    IArgumentOperation { Parent: IInvocationOperation call } => call.TargetMethod.ReturnType.SpecialType == SpecialType.System_String || call == root,
                    IArgumentOperation { Parent: IObjectCreationOperation } => true,
                    IObjectCreationOperation => true,
                    _ => false,
                };
                if (!carries)
                {
                    return false;
                }
            }

            return true;
        }

        private static string Shorten(string text)
        {
            text = string.Join(" ", text.Split(new[] { '\r', '\n' }, System.StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()));
            return text.Length > 60 ? text.Substring(0, 57) + "..." : text;
        }
    }
}
