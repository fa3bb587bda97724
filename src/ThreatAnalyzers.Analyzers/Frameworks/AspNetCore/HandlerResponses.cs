using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>What a handler sends back: whether it answers with data at all, and the classes of that data.</summary>
    /// <param name="Responds">
    /// False when the handler answers nothing but a status: it returns void or a bare Task, or only results without a
    /// body (NoContent(), NotFound(), Ok(), StatusCode(…)). Such an entry point has no response flow.
    /// </param>
    /// <param name="DataClasses">The classes of data the answer carries, from the declared types of what is returned.</param>
    internal sealed record HandlerResponse(bool Responds, EquatableArray<string> DataClasses)
    {
        public static HandlerResponse Nothing { get; } = new(false, EquatableArray<string>.Empty);
    }

    /// <summary>
    /// Reads a handler's answer from declarations and syntax: its declared return type (Task&lt;T&gt; and ValueTask&lt;T&gt;
    /// unwrapped); for ASP.NET Core's result types (IResult, IActionResult, ActionResult&lt;T&gt;) the syntax of its return
    /// expressions: <c>Ok(x)</c>, <c>Results.Ok(x)</c>, <c>TypedResults.Created(uri, x)</c>, <c>new ObjectResult(x)</c> carry
    /// x; <c>NoContent()</c>, <c>NotFound()</c>, <c>Ok()</c>, <c>StatusCode(…)</c> carry nothing; <c>return x;</c> carries
    /// what x's declared type does.
    /// </summary>
    internal sealed class HandlerResponses
    {
        /// <summary>
        /// The parameters of ASP.NET Core's result factories and result constructors that hold the response body
        /// (Ok(value), Created(uri, value), Json(data), BadRequest(error), Content(content), Bytes(contents), Stream(stream),
        /// File(fileContents | fileStream | path, …)); the others (uri, routeValues, statusCode, contentType) only say
        /// where or how.
        /// </summary>
        private static readonly HashSet<string> BodyParameters = new(StringComparer.Ordinal)
        {
            "value", "data", "error", "content", "contents", "utf8Content", "stream", "fileContents", "fileStream", "path", "virtualPath", "physicalPath",
        };

        /// <summary>The properties of result objects that hold the body, set in an initializer (<c>new ContentResult { Content = … }</c>).</summary>
        private static readonly HashSet<string> BodyProperties = new(StringComparer.Ordinal) { "Value", "Content" };

        private readonly INamedTypeSymbol? result;
        private readonly INamedTypeSymbol? actionResult;
        private readonly INamedTypeSymbol? convertToActionResult;
        private readonly DataClassification classification;

        public HandlerResponses(Compilation compilation, DataClassification classification)
        {
            result = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IResult");
            actionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IActionResult");
            convertToActionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Infrastructure.IConvertToActionResult");
            this.classification = classification;
        }

        /// <param name="handler">The handler method or lambda.</param>
        /// <param name="body">A reader of its body, when its syntax is at hand; null for a method seen only through metadata.</param>
        /// <param name="bodySyntax">The body (block, arrow clause or lambda body).</param>
        public HandlerResponse Of(IMethodSymbol handler, BodyReader? body, SyntaxNode? bodySyntax)
        {
            if (handler.ReturnsVoid)
            {
                return HandlerResponse.Nothing;
            }

            var returned = handler.ReturnType;
            if (IsTask(returned))
            {
                returned = BodyReader.Awaited(returned);
                if (returned is null)
                {
                    return HandlerResponse.Nothing;
                }
            }

            var classes = new HashSet<string>();
            if (!IsResult(returned))
            {
                classification.AddFromResult(handler, classes);
                return new HandlerResponse(true, classes.ToSortedSet());
            }

            if (body is null || bodySyntax is null)
            {
                // A result seen only through its declaration: typed results (Ok<Customer>, ActionResult<Customer>) still say what they carry.
                classification.AddFromResult(handler, classes);
                return new HandlerResponse(true, classes.ToSortedSet());
            }

            var responds = false;
            foreach (var expression in BodyReader.ReturnedExpressions(bodySyntax))
            {
                responds |= Examine(expression, body, classes);
            }

            if (!responds)
            {
                return HandlerResponse.Nothing;
            }

            classification.AddFrom(handler, classes);
            return new HandlerResponse(true, classes.ToSortedSet());
        }

        /// <summary>Whether one returned expression sends data back, adding the classes of that data.</summary>
        private bool Examine(ExpressionSyntax expression, BodyReader body, ISet<string> classes)
        {
            switch (expression)
            {
                case ParenthesizedExpressionSyntax parenthesized:
                    return Examine(parenthesized.Expression, body, classes);
                case AwaitExpressionSyntax awaited when awaited.Expression is InvocationExpressionSyntax or ObjectCreationExpressionSyntax:
                    return Examine(awaited.Expression, body, classes);
                case PostfixUnaryExpressionSyntax suppressed when suppressed.IsKind(SyntaxKind.SuppressNullableWarningExpression):
                    return Examine(suppressed.Operand, body, classes);
                case ConditionalExpressionSyntax conditional:
                    return Examine(conditional.WhenTrue, body, classes) | Examine(conditional.WhenFalse, body, classes);
                case BinaryExpressionSyntax coalesce when coalesce.IsKind(SyntaxKind.CoalesceExpression):
                    return Examine(coalesce.Left, body, classes) | Examine(coalesce.Right, body, classes);
                case SwitchExpressionSyntax switchExpression:
                {
                    var any = false;
                    foreach (var arm in switchExpression.Arms)
                    {
                        any |= Examine(arm.Expression, body, classes);
                    }

                    return any;
                }

                case LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.NullLiteralExpression) || literal.IsKind(SyntaxKind.DefaultLiteralExpression):
                    return false;
                case InvocationExpressionSyntax invocation when body.TargetsOf(invocation).Methods is { Length: > 0 } factories && AllReturnResults(factories):
                    return BodyArguments(factories, invocation.ArgumentList, null, body, classes);
                case ObjectCreationExpressionSyntax creation when body.BindType(creation.Type) is { } created && IsResult(created):
                    return BodyArguments(body.ConstructorsOf(creation), creation.ArgumentList, creation.Initializer, body, classes);
            }

            // A plain value (ActionResult<T> converts it), or a result the syntax does not show the making of.
            var type = body.TypeOf(expression);
            if (type is not null && IsResult(type))
            {
                classification.AddFrom(type, classes);
                return true;
            }

            body.AddClassesOf(expression, classification, classes);
            return true;
        }

        /// <summary>A result made with a body argument or body property sends that data; one made without sends only its status.</summary>
        private bool BodyArguments(ImmutableArray<IMethodSymbol> candidates, ArgumentListSyntax? arguments, InitializerExpressionSyntax? initializer, BodyReader body, ISet<string> classes)
        {
            var sends = false;
            if (arguments is not null)
            {
                for (var i = 0; i < arguments.Arguments.Count; i++)
                {
                    var argument = arguments.Arguments[i];
                    foreach (var candidate in candidates)
                    {
                        var name = argument.NameColon?.Name.Identifier.ValueText
                                   ?? (i < candidate.Parameters.Length ? candidate.Parameters[i].Name : null);
                        if (name is not null && BodyParameters.Contains(name))
                        {
                            sends = true;
                            body.AddClassesOf(argument.Expression, classification, classes);
                            break;
                        }
                    }
                }
            }

            foreach (var assignment in initializer?.Expressions ?? default)
            {
                if (assignment is AssignmentExpressionSyntax { Left: IdentifierNameSyntax property } set && BodyProperties.Contains(property.Identifier.ValueText))
                {
                    sends = true;
                    body.AddClassesOf(set.Right, classification, classes);
                }
            }

            return sends;
        }

        private bool AllReturnResults(ImmutableArray<IMethodSymbol> methods)
        {
            foreach (var method in methods)
            {
                if (method.ReturnsVoid || !IsResult(method.ReturnType))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>IResult, IActionResult, ActionResult&lt;T&gt; and everything implementing them.</summary>
        private bool IsResult(ITypeSymbol type)
            => Is(type, result) || Is(type, actionResult) || Is(type, convertToActionResult)
               || type.Implements(result) || type.Implements(actionResult) || type.Implements(convertToActionResult);

        private static bool Is(ITypeSymbol type, INamedTypeSymbol? known)
            => known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

        private static bool IsTask(ITypeSymbol type)
            => type is INamedTypeSymbol { Name: "Task" or "ValueTask", ContainingNamespace: { } ns } && ns.ToDisplayString() == "System.Threading.Tasks";
    }
}
