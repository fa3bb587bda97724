using System.Collections.Concurrent;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Frameworks.Logging
{
    /// <summary>
    /// Logs are a data store: what goes in can be read by whoever reads the logs. ILogger (and its Log* extensions and
    /// [LoggerMessage] methods), Serilog, Console, Debug and Trace all write to the one "Logs" store.
    /// </summary>
    internal sealed class LoggingResources : ResourceConvention
    {
        public const string LogsId = ModelText.LogsElementId;

        private readonly INamedTypeSymbol? iLogger;
        private readonly INamedTypeSymbol? loggerExtensions;
        private readonly INamedTypeSymbol? loggerMessageAttribute;
        private readonly INamedTypeSymbol? serilogLogger;
        private readonly INamedTypeSymbol? serilogLog;
        private readonly INamedTypeSymbol? console;
        private readonly INamedTypeSymbol? debug;
        private readonly INamedTypeSymbol? trace;

        // Every call the rules and the model look at is asked whether it logs: the answer for the type that declares it
        // (a logger, a logger's interface, Serilog's static Log) is kept, once per type definition (what it depends on).
        private readonly ConcurrentDictionary<INamedTypeSymbol, bool> loggerTypes = new(SymbolEqualityComparer.Default);

        private LoggingResources(Compilation c, DataClassification classification)
            : base(classification)
        {
            iLogger = c.GetTypeByMetadataName("Microsoft.Extensions.Logging.ILogger");
            loggerExtensions = c.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerExtensions");
            loggerMessageAttribute = c.GetTypeByMetadataName("Microsoft.Extensions.Logging.LoggerMessageAttribute");
            serilogLogger = c.GetTypeByMetadataName("Serilog.ILogger");
            serilogLog = c.GetTypeByMetadataName("Serilog.Log");
            console = c.GetTypeByMetadataName("System.Console");
            debug = c.GetTypeByMetadataName("System.Diagnostics.Debug");
            trace = c.GetTypeByMetadataName("System.Diagnostics.Trace");
        }

        public static LoggingResources Create(Compilation compilation, DataClassification classification) => new(compilation, classification);

        public override TouchFact? TryRecognize(IOperation operation, FlowFacts flow)
            => operation is IInvocationOperation invocation && IsLog(invocation.TargetMethod)
                ? Touch(LogsId, ModelText.LogsElementName, ElementKinds.DataStore, Access.Write, ClassesOf(invocation, Access.Write, flow))
                : null;

        /// <summary>
        /// A log call, seen from declarations. It carries no classes of data: what reaches a log is a question for the
        /// flow engine (TA4001), whose findings the build step puts on the flow into the Logs store.
        /// </summary>
        public override TouchFact? TryRecognize(SyntaxCall call)
            => IsLog(call.Method) ? Touch(LogsId, ModelText.LogsElementName, ElementKinds.DataStore, Access.Write, EquatableArray<string>.Empty) : null;

        /// <summary>A referenced type that takes a logger (ILogger, ILogger&lt;T&gt;, a logger factory, Serilog's) writes to the logs.</summary>
        public override TouchFact? TryRecognizeDependency(ITypeSymbol dependency, INamedTypeSymbol dependent, string access, EquatableArray<string> classes)
            => IsLogger(dependency) ? Touch(LogsId, ModelText.LogsElementName, ElementKinds.DataStore, Access.Write, EquatableArray<string>.Empty) : null;

        private bool IsLogger(ITypeSymbol type)
            => (iLogger is not null && (SymbolEqualityComparer.Default.Equals(type, iLogger) || type.Implements(iLogger)))
               || (serilogLogger is not null && (SymbolEqualityComparer.Default.Equals(type, serilogLogger) || type.Implements(serilogLogger)))
               || type is INamedTypeSymbol { Name: "ILoggerFactory", ContainingNamespace: { Name: "Logging", ContainingNamespace: { Name: "Extensions", ContainingNamespace: { Name: "Microsoft", ContainingNamespace.IsGlobalNamespace: true } } } };

        /// <summary>A method that writes to a log (not BeginScope, IsEnabled, ForContext, which only configure one).</summary>
        private bool IsLog(IMethodSymbol method)
        {
            var definition = method.ReducedFrom ?? method;
            if (definition.ContainingType is not { } declaring || method.Name is "BeginScope" or "IsEnabled" or "ForContext")
            {
                return false;
            }

            return IsLoggerType(declaring)
                   || (definition.Find(loggerMessageAttribute) is not null)
                   || (Is(declaring, console) && method.Name.StartsWith("Write", System.StringComparison.Ordinal))
                   || ((Is(declaring, debug) || Is(declaring, trace)) && method.Name is "Write" or "WriteLine" or "WriteIf" or "WriteLineIf" or "Print"
                       or "TraceInformation" or "TraceWarning" or "TraceError");
        }

        /// <summary>A type whose every method (but the configuring ones) counts as writing to a log: ILogger and its implementations, its extensions, Serilog's.</summary>
        private bool IsLoggerType(INamedTypeSymbol declaring)
        {
            // Both checks compare definitions, so every construction of a generic type has its definition's answer.
            var definition = declaring.OriginalDefinition;
            if (loggerTypes.TryGetValue(definition, out var known))
            {
                return known;
            }

            var logs = Is(definition, iLogger) || definition.Implements(iLogger) || Is(definition, loggerExtensions)
                       || Is(definition, serilogLogger) || definition.Implements(serilogLogger) || Is(definition, serilogLog);
            loggerTypes.TryAdd(definition, logs);
            return logs;
        }

        private static bool Is(INamedTypeSymbol declaring, INamedTypeSymbol? type)
            => type is not null && SymbolEqualityComparer.Default.Equals(declaring.OriginalDefinition, type);
    }
}
