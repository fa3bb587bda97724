using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.Logging
{
    /// <summary>
    /// Whether a log call writes an entry a production log keeps, so it can be an audit trail (TA3001): Information or
    /// above. ASP.NET Core's and Serilog's default minimum level is Information, so Trace/Debug (Serilog Verbose/Debug)
    /// entries are dropped; <c>System.Diagnostics.Debug</c> calls are compiled out of a release build. A level that is not
    /// a constant (<c>logger.Log(level, …)</c>) is taken as kept; Console and Trace always are.
    /// </summary>
    internal static class LogLevels
    {
        /// <summary>Microsoft.Extensions.Logging.LogLevel.Information, and Serilog's LogEventLevel.Information.</summary>
        private const int Information = 2;

        public static bool KeptInProduction(IMethodSymbol method, IOperation call)
        {
            var definition = method.ReducedFrom ?? method;
            var type = definition.ContainingType;
            if (type is null)
            {
                return true;
            }

            var ns = type.ContainingNamespace?.ToDisplayString();
            if (ns == "System.Diagnostics" && type.Name == "Debug")
            {
                return false;
            }

            if (method.Name is "LogTrace" or "LogDebug" || (ns?.StartsWith("Serilog", System.StringComparison.Ordinal) == true && method.Name is "Verbose" or "Debug"))
            {
                return false;
            }

            // A level passed as a constant: ILogger.Log(LogLevel.Debug, …), Serilog's Write(LogEventLevel.Verbose, …).
            var arguments = call is IInvocationOperation invocation ? invocation.Arguments : default;
            if (!arguments.IsDefaultOrEmpty)
            {
                foreach (var argument in arguments)
                {
                    if (argument.Parameter?.Type is INamedTypeSymbol { TypeKind: TypeKind.Enum, Name: "LogLevel" or "LogEventLevel" }
                        && argument.Value.WithoutConversions().ConstantValue is { HasValue: true, Value: { } level })
                    {
                        return System.Convert.ToInt32(level, System.Globalization.CultureInfo.InvariantCulture) >= Information;
                    }
                }
            }

            // A [LoggerMessage] method: the level its attribute names.
            foreach (var attribute in definition.GetAttributes())
            {
                if (attribute.AttributeClass is not { Name: "LoggerMessageAttribute" })
                {
                    continue;
                }

                var named = attribute.NamedArguments.FirstOrDefault(a => a.Key == "Level").Value;
                var positional = attribute.ConstructorArguments.FirstOrDefault(a => a.Type?.Name == "LogLevel");
                var value = !named.IsNull ? named.Value : !positional.IsNull ? positional.Value : null;
                if (value is not null)
                {
                    return System.Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture) >= Information;
                }
            }

            return true;
        }
    }
}
