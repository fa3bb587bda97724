using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// What ASP.NET Core sends back to the caller, for TA4004 (exception details returned), resolved once per
    /// compilation: the result factories of controllers, pages and minimal APIs (<c>Ok</c>, <c>BadRequest</c>,
    /// <c>Problem</c>, <c>Content</c>, <c>StatusCode(code, value)</c>, <c>Json</c>, <c>Results.*</c>, <c>TypedResults.*</c>)
    /// with the parameters that hold the body, result objects made with a body (<c>new ObjectResult(x)</c>,
    /// <c>new ContentResult { Content = x }</c>), a body written to the response (<c>Response.WriteAsync</c>,
    /// <c>WriteAsJsonAsync</c>), a model-state error (shown back by a validation summary or ValidationProblem), and
    /// what an exception is: its detail members and the exception types whose message is written for the caller.
    /// </summary>
    internal sealed class ExceptionResponses
    {
        /// <summary>Types whose methods make or write a response: (metadata name, how messages name it).</summary>
        private static readonly (string Type, string Display)[] FactoryTypes =
        {
            ("Microsoft.AspNetCore.Mvc.ControllerBase", "ControllerBase"),
            ("Microsoft.AspNetCore.Mvc.Controller", "Controller"),
            ("Microsoft.AspNetCore.Mvc.RazorPages.PageModel", "PageModel"),
            ("Microsoft.AspNetCore.Http.Results", "Results"),
            ("Microsoft.AspNetCore.Http.TypedResults", "TypedResults"),
            ("Microsoft.AspNetCore.Http.HttpResponseWritingExtensions", "HttpResponse"),
            ("Microsoft.AspNetCore.Http.HttpResponseJsonExtensions", "HttpResponse"),
            ("Microsoft.AspNetCore.Mvc.ModelBinding.ModelStateDictionary", "ModelState"),
        };

        /// <summary>The parameters of those methods and of result constructors that hold what the caller reads.</summary>
        private static readonly HashSet<string> BodyParameters = new(StringComparer.Ordinal)
        {
            "value", "data", "error", "content", "detail", "title", "text", "errors", "problemDetails", "errorMessage", "utf8Content",
        };

        /// <summary>The properties of result objects and problem details set in an initializer that hold what the caller reads.</summary>
        private static readonly HashSet<string> BodyProperties = new(StringComparer.Ordinal) { "Value", "Content", "Detail", "Title" };

        /// <summary>The members of an exception that give away its details (Message is judged by the exception's type).</summary>
        private static readonly HashSet<string> DetailMembers = new(StringComparer.Ordinal) { "Message", "StackTrace", "Source", "TargetSite" };

        /// <summary>
        /// Exceptions whose message is written for the caller: argument and validation errors. Exceptions declared in the
        /// compilation itself (a NotFoundException, a DomainException) are the team's own messages and count too.
        /// </summary>
        private static readonly string[] CallerMessageTypes =
        {
            "System.ArgumentException",
            "System.ComponentModel.DataAnnotations.ValidationException",
            "FluentValidation.ValidationException",
        };

        private readonly (INamedTypeSymbol Type, string Display)[] factories;
        private readonly INamedTypeSymbol[] callerMessageTypes;
        private readonly INamedTypeSymbol? result;
        private readonly INamedTypeSymbol? actionResult;
        private readonly INamedTypeSymbol? convertToActionResult;

        private ExceptionResponses(Compilation compilation)
        {
            Compilation = compilation;
            factories = FactoryTypes.Select(f => (Type: compilation.GetTypeByMetadataName(f.Type), f.Display)).Where(f => f.Type is not null).Select(f => (f.Type!, f.Display)).ToArray();
            callerMessageTypes = CallerMessageTypes.Select(compilation.GetTypeByMetadataName).Where(t => t is not null).Select(t => t!).ToArray();
            Exception = compilation.GetTypeByMetadataName("System.Exception");
            result = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IResult");
            actionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IActionResult");
            convertToActionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Infrastructure.IConvertToActionResult");
            DeveloperExceptionPage = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.DeveloperExceptionPageExtensions");
            WebApplication = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Builder.WebApplication");
            HostEnvironment = compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostEnvironment");
        }

        public Compilation Compilation { get; }

        public INamedTypeSymbol? Exception { get; }

        /// <summary>The class declaring <c>UseDeveloperExceptionPage</c>.</summary>
        public INamedTypeSymbol? DeveloperExceptionPage { get; }

        public INamedTypeSymbol? WebApplication { get; }

        public INamedTypeSymbol? HostEnvironment { get; }

        /// <summary>Whether the compilation has anything that answers a caller (and exceptions to leak into it).</summary>
        public bool Exists => Exception is not null && (factories.Length > 0 || result is not null || actionResult is not null);

        public static ExceptionResponses For(Compilation compilation) => PerCompilation<ExceptionResponses>.Get(compilation, c => new ExceptionResponses(c));

        /// <summary>How messages name a method that makes or writes a response (<c>ControllerBase.BadRequest</c>), or null when it does not.</summary>
        public string? FactoryDisplay(IMethodSymbol method)
        {
            var declaring = (method.ReducedFrom ?? method).ContainingType?.OriginalDefinition;
            if (declaring is null)
            {
                return null;
            }

            foreach (var (type, display) in factories)
            {
                if (SymbolEqualityComparer.Default.Equals(declaring, type))
                {
                    return display + "." + method.Name;
                }
            }

            return null;
        }

        public static bool IsBodyParameter(IParameterSymbol? parameter) => parameter is not null && BodyParameters.Contains(parameter.Name);

        public static bool IsBodyProperty(ISymbol? property) => property is not null && BodyProperties.Contains(property.Name);

        public static bool IsDetailMember(string name) => DetailMembers.Contains(name);

        /// <summary>IResult, IActionResult, ActionResult&lt;T&gt; and what implements them.</summary>
        public bool IsResult(ITypeSymbol? type)
            => type is not null && (Is(type, result) || Is(type, actionResult) || Is(type, convertToActionResult)
               || type.Implements(result) || type.Implements(actionResult) || type.Implements(convertToActionResult));

        public bool IsException(ITypeSymbol? type) => type is not null && Exception is not null && type.InheritsFromOrEquals(Exception);

        /// <summary>Whether the message of an exception of this static type is written for the caller (see <see cref="CallerMessageTypes"/>).</summary>
        public bool MessageIsForTheCaller(ITypeSymbol type)
        {
            if (type.DeclaringSyntaxReferences.Length > 0 && !SymbolEqualityComparer.Default.Equals(type, Exception))
            {
                return true;
            }

            foreach (var known in callerMessageTypes)
            {
                if (type.InheritsFromOrEquals(known))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool Is(ITypeSymbol type, INamedTypeSymbol? known)
            => known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
    }
}
