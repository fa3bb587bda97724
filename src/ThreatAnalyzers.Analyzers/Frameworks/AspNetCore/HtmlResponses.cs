using System;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// Whether a response sink sends its text as HTML. Html.Raw, HtmlString and MarkupString always do. Content(…) and
    /// ContentResult do only with an HTML content type written as a constant (without one they answer text/plain); a body
    /// written with Response.WriteAsync does only when the same response's ContentType (or Headers.ContentType) is set to
    /// an HTML type in the same method. A content type that is not a constant is not guessed at.
    /// </summary>
    internal static class HtmlResponses
    {
        /// <summary><paramref name="sinkValue"/>: the value given to the sink (its argument, or the value assigned to ContentResult.Content).</summary>
        public static bool SendsHtml(IOperation sinkValue)
        {
            var argument = sinkValue.Parent as IArgumentOperation ?? sinkValue.Parent?.Parent as IArgumentOperation;
            switch (argument?.Parent)
            {
                case IInvocationOperation invocation when invocation.TargetMethod.Name == "Content":
                    return ContentTypeArgumentIsHtml(invocation.Arguments);
                case IInvocationOperation invocation when invocation.TargetMethod.Name is "WriteAsync" && invocation.Arguments.Length > 0:
                    return ResponseIsHtml(invocation, invocation.Arguments[0].Value);
                case IInvocationOperation or IObjectCreationOperation:
                    return true; // Html.Raw, new HtmlString, new MarkupString
            }

            // contentResult.Content = value / new ContentResult { Content = value, ContentType = "text/html" }
            var parent = sinkValue.Parent;
            while (parent is IConversionOperation)
            {
                parent = parent.Parent;
            }

            if (parent is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "Content" } target } assignment)
            {
                return ContentResultIsHtml(assignment, target);
            }

            return false;
        }

        public static bool IsHtmlType(string? contentType)
        {
            var type = contentType?.TrimStart();
            return type is not null
                   && (type.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/xhtml+xml", StringComparison.OrdinalIgnoreCase));
        }

        private static bool ContentTypeArgumentIsHtml(System.Collections.Immutable.ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Name != "contentType" || argument.ArgumentKind == ArgumentKind.DefaultValue)
                {
                    continue;
                }

                var value = argument.Value.WithoutConversions();

                // new MediaTypeHeaderValue("text/html"), MediaTypeHeaderValue.Parse("text/html")
                if (value is IObjectCreationOperation { Arguments.Length: > 0 } creation)
                {
                    value = creation.Arguments[0].Value.WithoutConversions();
                }
                else if (value is IInvocationOperation { Arguments.Length: > 0 } parse && parse.TargetMethod.Name is "Parse")
                {
                    value = parse.Arguments[0].Value.WithoutConversions();
                }

                return IsHtmlType(value.ConstantValue.HasValue ? value.ConstantValue.Value as string : null);
            }

            return false;
        }

        /// <summary>The response's content type set to HTML in the same method: response.ContentType = "text/html" or response.Headers.ContentType = "text/html".</summary>
        private static bool ResponseIsHtml(IOperation within, IOperation response)
        {
            var responseText = Normalize(response.WithoutConversions().Syntax.ToString());
            // The function that holds the write: the handler lambda, the local function or the method.
            var root = within;
            while (root.Parent is not null && root is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
            {
                root = root.Parent;
            }

            foreach (var operation in root.Descendants())
            {
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ContentType", Instance: { } instance } } assignment
                    && IsConstantHtml(assignment.Value))
                {
                    var owner = Normalize(instance.WithoutConversions().Syntax.ToString());
                    if (owner == responseText || owner == responseText + ".Headers")
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        private static bool ContentResultIsHtml(ISimpleAssignmentOperation contentAssignment, IPropertyReferenceOperation target)
        {
            // In an object initializer: a sibling ContentType = "text/html".
            if (contentAssignment.Parent is IObjectOrCollectionInitializerOperation initializer)
            {
                foreach (var part in initializer.Initializers)
                {
                    if (part is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "ContentType" } } sibling && IsConstantHtml(sibling.Value))
                    {
                        return true;
                    }
                }

                return false;
            }

            // result.Content = value: result.ContentType = "text/html" in the same method.
            return target.Instance is { } instance && ResponseIsHtml(contentAssignment, instance);
        }

        private static bool IsConstantHtml(IOperation value)
        {
            var stripped = value.WithoutConversions();
            if (stripped.ConstantValue.HasValue)
            {
                return IsHtmlType(stripped.ConstantValue.Value as string);
            }

            // StringValues and MediaTypeHeaderValue made from a constant.
            return stripped is IObjectCreationOperation { Arguments.Length: > 0 } creation && IsConstantHtml(creation.Arguments[0].Value);
        }

        private static string Normalize(string text) => text.Replace(" ", string.Empty).Replace("this.", string.Empty);
    }
}
