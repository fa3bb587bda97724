using System.Linq;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Frameworks.AspNetCore
{
    /// <summary>
    /// The checks that code runs in the Development environment (<c>env.IsDevelopment()</c>,
    /// <c>builder.Environment.IsDevelopment()</c>): configuration under such a guard never reaches production.
    /// </summary>
    internal static class DevelopmentEnvironment
    {
        /// <summary>The extension classes that declare IsDevelopment for IHostEnvironment and IWebHostEnvironment / IHostingEnvironment.</summary>
        private static readonly string[] DeclaringTypes =
        {
            "Microsoft.Extensions.Hosting.HostEnvironmentEnvExtensions",
            "Microsoft.Extensions.Hosting.HostingEnvironmentExtensions",
            "Microsoft.AspNetCore.Hosting.HostingEnvironmentExtensions",
        };

        private const string MethodName = "IsDevelopment";

        public static bool IsDevelopmentCheck(IMethodSymbol method)
        {
            var original = (method.ReducedFrom ?? method).OriginalDefinition;
            return original.Name == MethodName
                   && original.ContainingType is { } type
                   && DeclaringTypes.Contains(type.ToDisplayString());
        }
    }
}
