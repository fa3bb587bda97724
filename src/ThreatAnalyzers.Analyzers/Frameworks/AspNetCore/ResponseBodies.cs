using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// What ASP.NET Core sends back as a response body, and which framework members hold data no caller may ever see.
    /// Resolved once per compilation (<see cref="Of"/>); asked by the rules about disclosure in responses (TA4005, TA4010).
    /// </summary>
    internal sealed class ResponseBodies
    {
        /// <summary>
        /// The parameters of ASP.NET Core's result factories and result constructors that hold a serialized body
        /// (<c>Ok(value)</c>, <c>Created(uri, value)</c>, <c>Json(data)</c>, <c>BadRequest(error)</c>, <c>Content(content)</c>);
        /// the others (uri, routeValues, statusCode, contentType) only say where or how.
        /// </summary>
        public static readonly HashSet<string> BodyParameters = new(StringComparer.Ordinal) { "value", "data", "error", "content" };

        /// <summary>The properties of result objects that hold the body, set in an initializer (<c>new ObjectResult(x) { Value = … }</c>).</summary>
        public static readonly HashSet<string> BodyProperties = new(StringComparer.Ordinal) { "Value", "Content" };

        /// <summary>Calls that write a body straight to the response: the argument named here is what the caller receives.</summary>
        private static readonly (string Type, string Member, string Parameter)[] Writes =
        {
            ("Microsoft.AspNetCore.Http.HttpResponseWritingExtensions", "WriteAsync", "text"),
            ("Microsoft.AspNetCore.Http.HttpResponseJsonExtensions", "WriteAsJsonAsync", "value"),
        };

        /// <summary>
        /// Members of framework types that are secrets whatever the application says: ASP.NET Core Identity's password hash
        /// and security stamp (the stamp lets whoever has it forge or keep sessions alive), and a stored user token's value.
        /// Returning an <c>IdentityUser</c> (or an <c>ApplicationUser</c> derived from it) hands them to the caller.
        /// </summary>
        private static readonly (string Type, string[] Members)[] SecretMembers =
        {
            ("Microsoft.AspNetCore.Identity.IdentityUser`1", new[] { "PasswordHash", "SecurityStamp" }),
            ("Microsoft.AspNetCore.Identity.IdentityUserToken`1", new[] { "Value" }),
        };

        private readonly Dictionary<INamedTypeSymbol, string[]> secrets = new(SymbolEqualityComparer.Default);
        private readonly Dictionary<INamedTypeSymbol, (string Member, string Parameter)> writes = new(SymbolEqualityComparer.Default);

        private ResponseBodies(Compilation compilation)
        {
            foreach (var (type, members) in SecretMembers)
            {
                if (compilation.GetTypeByMetadataName(type) is { } symbol)
                {
                    secrets[symbol] = members;
                }
            }

            foreach (var (type, member, parameter) in Writes)
            {
                if (compilation.GetTypeByMetadataName(type) is { } symbol)
                {
                    writes[symbol] = (member, parameter);
                }
            }

            Result = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Http.IResult");
            ActionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.IActionResult");
            ConvertToActionResult = compilation.GetTypeByMetadataName("Microsoft.AspNetCore.Mvc.Infrastructure.IConvertToActionResult");
        }

        public INamedTypeSymbol? Result { get; }

        public INamedTypeSymbol? ActionResult { get; }

        public INamedTypeSymbol? ConvertToActionResult { get; }

        /// <summary>Whether the framework's secret members exist at all (Identity is referenced).</summary>
        public bool HasFrameworkSecrets => secrets.Count > 0;

        public static ResponseBodies Of(Compilation compilation) => Analysis.PerCompilation<ResponseBodies>.Get(compilation, c => new ResponseBodies(c));

        /// <summary>Whether a member is one of the framework's secrets (<c>IdentityUser.PasswordHash</c> on any user type derived from it).</summary>
        public bool IsFrameworkSecret(ISymbol member)
        {
            if (member is not (IPropertySymbol or IFieldSymbol) || member.ContainingType is not { } declaring)
            {
                return false;
            }

            return secrets.TryGetValue(declaring.OriginalDefinition, out var names) && Array.IndexOf(names, member.Name) >= 0;
        }

        /// <summary>The parameter of a call that writes a body straight to the response (<c>Response.WriteAsJsonAsync(value)</c>), or null.</summary>
        public string? WrittenParameter(IMethodSymbol method)
        {
            var definition = (method.ReducedFrom ?? method).OriginalDefinition;
            return definition.ContainingType is { } type && writes.TryGetValue(type, out var write) && write.Member == definition.Name ? write.Parameter : null;
        }

        /// <summary>IResult, IActionResult, ActionResult&lt;T&gt; and everything implementing them (Task and ValueTask unwrapped).</summary>
        public bool IsResult(ITypeSymbol? type)
        {
            if (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1, Name: "Task" or "ValueTask" } task
                && NamespaceNames.Is(task.ContainingNamespace, "System.Threading.Tasks"))
            {
                type = task.TypeArguments[0];
            }

            return type is not null && (Is(type, Result) || Is(type, ActionResult) || Is(type, ConvertToActionResult)
                                        || Extraction.SymbolAttributes.Implements(type, Result)
                                        || Extraction.SymbolAttributes.Implements(type, ActionResult)
                                        || Extraction.SymbolAttributes.Implements(type, ConvertToActionResult));
        }

        private static bool Is(ITypeSymbol type, INamedTypeSymbol? known)
            => known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);
    }
}
