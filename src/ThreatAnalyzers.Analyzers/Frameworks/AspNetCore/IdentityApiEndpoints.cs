using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// <c>MapIdentityApi&lt;TUser&gt;()</c> maps ASP.NET Core Identity's endpoints in one call: the table below is what
    /// Identity maps (routes relative to the builder it is called on), which ones it requires an authenticated user for
    /// (the /manage group), what the request and the response carry, and how each uses the user store.
    /// </summary>
    internal static class IdentityApiEndpoints
    {
        public const string MethodName = "MapIdentityApi";

        /// <param name="Reads">Whether the endpoint reads the user from the store.</param>
        /// <param name="Writes">Whether it changes the stored user.</param>
        /// <param name="RequiresAuthentication">Identity maps it in a group with RequireAuthorization().</param>
        internal sealed class Endpoint
        {
            public Endpoint(string verb, string route, bool requiresAuthentication, bool reads, bool writes, string[] request, string[] response)
            {
                Verb = verb;
                Route = route;
                RequiresAuthentication = requiresAuthentication;
                Reads = reads;
                Writes = writes;
                Request = request;
                Response = response;
            }

            public string Verb { get; }

            public string Route { get; }

            public bool RequiresAuthentication { get; }

            public bool Reads { get; }

            public bool Writes { get; }

            /// <summary>What the request carries: e-mail addresses are personal data; passwords, tokens and codes are secrets.</summary>
            public string[] Request { get; }

            /// <summary>What the response carries; empty when Identity answers with a status only.</summary>
            public string[] Response { get; }
        }

        private static readonly string[] None = System.Array.Empty<string>();
        private static readonly string[] Pii = { DataClasses.Pii };
        private static readonly string[] Secrets = { DataClasses.Secrets };
        private static readonly string[] PiiAndSecrets = { DataClasses.Pii, DataClasses.Secrets };

        /// <summary>Identity's endpoints (.NET 8 to 10).</summary>
        public static readonly IReadOnlyList<Endpoint> All = new[]
        {
            new Endpoint("POST", "/register", false, reads: false, writes: true, PiiAndSecrets, None),
            new Endpoint("POST", "/login", false, reads: true, writes: false, PiiAndSecrets, Secrets),
            new Endpoint("POST", "/refresh", false, reads: true, writes: false, Secrets, Secrets),
            new Endpoint("GET", "/confirmEmail", false, reads: true, writes: true, Secrets, None),
            new Endpoint("POST", "/resendConfirmationEmail", false, reads: true, writes: false, Pii, None),
            new Endpoint("POST", "/forgotPassword", false, reads: true, writes: false, Pii, None),
            new Endpoint("POST", "/resetPassword", false, reads: true, writes: true, PiiAndSecrets, None),
            new Endpoint("POST", "/manage/2fa", true, reads: true, writes: true, Secrets, Secrets),
            new Endpoint("GET", "/manage/info", true, reads: true, writes: false, None, Pii),
            new Endpoint("POST", "/manage/info", true, reads: true, writes: true, PiiAndSecrets, Pii),
        };

        /// <summary>The user type of a <c>MapIdentityApi&lt;TUser&gt;()</c> call, or null for any other call.</summary>
        public static ITypeSymbol? UserTypeOf(IInvocationOperation invocation)
        {
            var method = invocation.TargetMethod;
            return method.Name == MethodName && method.TypeArguments.Length == 1
                   && method.ContainingType is { Name: "IdentityApiEndpointRouteBuilderExtensions" } extensions
                   && NamespaceNames.Is(extensions.ContainingNamespace, "Microsoft.AspNetCore.Routing")
                ? method.TypeArguments[0]
                : null;
        }
    }
}
