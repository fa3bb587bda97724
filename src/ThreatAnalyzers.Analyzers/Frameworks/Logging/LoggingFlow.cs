using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.DataFlow;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks.Logging
{
    /// <summary>Log sinks: what goes in can be read by whoever reads the logs. ([LoggerMessage] methods are recognised by their attribute.)</summary>
    internal static class LoggingFlow
    {
        private const string Extensions = "Microsoft.Extensions.Logging.LoggerExtensions";
        private const string LambdaLogger = "Amazon.Lambda.Core.ILambdaLogger";

        public static readonly SinkRow[] Sinks =
        {
            new(Extensions, "Log", SinkKind.Log, "ILogger.Log", "message", "args"),
            new(Extensions, "LogTrace", SinkKind.Log, "ILogger.LogTrace", "message", "args"),
            new(Extensions, "LogDebug", SinkKind.Log, "ILogger.LogDebug", "message", "args"),
            new(Extensions, "LogInformation", SinkKind.Log, "ILogger.LogInformation", "message", "args"),
            new(Extensions, "LogWarning", SinkKind.Log, "ILogger.LogWarning", "message", "args"),
            new(Extensions, "LogError", SinkKind.Log, "ILogger.LogError", "message", "args"),
            new(Extensions, "LogCritical", SinkKind.Log, "ILogger.LogCritical", "message", "args"),
            new("Microsoft.Extensions.Logging.ILogger", "Log", SinkKind.Log, "ILogger.Log", "state"),
            new("System.Console", "Write", SinkKind.Log, "Console.Write"),
            new("System.Console", "WriteLine", SinkKind.Log, "Console.WriteLine"),
            new("System.Diagnostics.Debug", "Write", SinkKind.Log, "Debug.Write"),
            new("System.Diagnostics.Debug", "WriteLine", SinkKind.Log, "Debug.WriteLine"),
            new("System.Diagnostics.Debug", "Print", SinkKind.Log, "Debug.Print"),
            new("System.Diagnostics.Trace", "Write", SinkKind.Log, "Trace.Write"),
            new("System.Diagnostics.Trace", "WriteLine", SinkKind.Log, "Trace.WriteLine"),
            new("System.Diagnostics.Trace", "TraceInformation", SinkKind.Log, "Trace.TraceInformation"),
            new("System.Diagnostics.Trace", "TraceWarning", SinkKind.Log, "Trace.TraceWarning"),
            new("System.Diagnostics.Trace", "TraceError", SinkKind.Log, "Trace.TraceError"),
            new("Serilog.Log", "Verbose", SinkKind.Log, "Log.Verbose"),
            new("Serilog.Log", "Debug", SinkKind.Log, "Log.Debug"),
            new("Serilog.Log", "Information", SinkKind.Log, "Log.Information"),
            new("Serilog.Log", "Warning", SinkKind.Log, "Log.Warning"),
            new("Serilog.Log", "Error", SinkKind.Log, "Log.Error"),
            new("Serilog.Log", "Fatal", SinkKind.Log, "Log.Fatal"),
            new("Serilog.ILogger", "Verbose", SinkKind.Log, "ILogger.Verbose"),
            new("Serilog.ILogger", "Debug", SinkKind.Log, "ILogger.Debug"),
            new("Serilog.ILogger", "Information", SinkKind.Log, "ILogger.Information"),
            new("Serilog.ILogger", "Warning", SinkKind.Log, "ILogger.Warning"),
            new("Serilog.ILogger", "Error", SinkKind.Log, "ILogger.Error"),
            new("Serilog.ILogger", "Fatal", SinkKind.Log, "ILogger.Fatal"),

            // The text of a log message (TA3002, log forging): the message or template parameter, not the arguments a
            // template names (ILogger's params args, Serilog's property values), which structured logging keeps apart.
            Message(Extensions, "Log", "ILogger.Log", "message"),
            Message(Extensions, "LogTrace", "ILogger.LogTrace", "message"),
            Message(Extensions, "LogDebug", "ILogger.LogDebug", "message"),
            Message(Extensions, "LogInformation", "ILogger.LogInformation", "message"),
            Message(Extensions, "LogWarning", "ILogger.LogWarning", "message"),
            Message(Extensions, "LogError", "ILogger.LogError", "message"),
            Message(Extensions, "LogCritical", "ILogger.LogCritical", "message"),
            Message("Serilog.Log", "Write", "Log.Write", "messageTemplate"),
            Message("Serilog.Log", "Verbose", "Log.Verbose", "messageTemplate"),
            Message("Serilog.Log", "Debug", "Log.Debug", "messageTemplate"),
            Message("Serilog.Log", "Information", "Log.Information", "messageTemplate"),
            Message("Serilog.Log", "Warning", "Log.Warning", "messageTemplate"),
            Message("Serilog.Log", "Error", "Log.Error", "messageTemplate"),
            Message("Serilog.Log", "Fatal", "Log.Fatal", "messageTemplate"),
            Message("Serilog.ILogger", "Write", "ILogger.Write", "messageTemplate"),
            Message("Serilog.ILogger", "Verbose", "ILogger.Verbose", "messageTemplate"),
            Message("Serilog.ILogger", "Debug", "ILogger.Debug", "messageTemplate"),
            Message("Serilog.ILogger", "Information", "ILogger.Information", "messageTemplate"),
            Message("Serilog.ILogger", "Warning", "ILogger.Warning", "messageTemplate"),
            Message("Serilog.ILogger", "Error", "ILogger.Error", "messageTemplate"),
            Message("Serilog.ILogger", "Fatal", "ILogger.Fatal", "messageTemplate"),

            // AWS Lambda: context.Logger (ILambdaLogger) and the static LambdaLogger write to CloudWatch Logs.
            new(LambdaLogger, "Log", SinkKind.Log, "ILambdaLogger.Log"),
            new(LambdaLogger, "LogLine", SinkKind.Log, "ILambdaLogger.LogLine"),
            new(LambdaLogger, "LogTrace", SinkKind.Log, "ILambdaLogger.LogTrace"),
            new(LambdaLogger, "LogDebug", SinkKind.Log, "ILambdaLogger.LogDebug"),
            new(LambdaLogger, "LogInformation", SinkKind.Log, "ILambdaLogger.LogInformation"),
            new(LambdaLogger, "LogWarning", SinkKind.Log, "ILambdaLogger.LogWarning"),
            new(LambdaLogger, "LogError", SinkKind.Log, "ILambdaLogger.LogError"),
            new(LambdaLogger, "LogCritical", SinkKind.Log, "ILambdaLogger.LogCritical"),
            new("Amazon.Lambda.Core.LambdaLogger", "Log", SinkKind.Log, "LambdaLogger.Log"),
        };

        /// <summary>
        /// What makes a value safe to log:
        /// - Microsoft.Extensions.Compliance.Redaction: what a redactor returns is no longer the data (erased, masked or an
        ///   HMAC of it), so it may be logged, sent, stored and answered.
        /// - For the text of a log message: taking its line breaks out, so it cannot start a forged entry
        ///   (<c>text.Replace("\n", "")</c>, <c>text.Replace('\r', ' ')</c>, <c>text.Replace(Environment.NewLine, " ")</c>,
        ///   <c>text.ReplaceLineEndings("")</c>). A Replace of anything else, and <c>ReplaceLineEndings()</c> without an
        ///   argument (which only normalizes line breaks to the platform's), are not.
        /// </summary>
        public static readonly SanitizerRow[] Sanitizers =
        {
            new("Microsoft.Extensions.Compliance.Redaction.Redactor", "Redact",
                SinkKind.Log | SinkKind.OutboundHttp | SinkKind.OutboundBody | SinkKind.DataStoreWrite | SinkKind.HttpResponse),
            new("System.String", "Replace", SinkKind.LogMessage, When: ReplacesALineBreak),
            new("System.String", "ReplaceLineEndings", SinkKind.LogMessage, When: call => call.Arguments.Length == 1),
        };

        private static SinkRow Message(string type, string member, string display, string parameter)
            => new(type, member, SinkKind.LogMessage, display, parameter);

        /// <summary>The first argument is a line break: a constant '\n' or '\r' (or text holding one), or Environment.NewLine.</summary>
        private static bool ReplacesALineBreak(IInvocationOperation call)
        {
            var first = call.Arguments.FirstOrDefault(a => a.Parameter?.Ordinal == 0)?.Value;
            while (first is IConversionOperation conversion)
            {
                first = conversion.Operand;
            }

            return first switch
            {
                { ConstantValue: { HasValue: true, Value: char c } } => c is '\n' or '\r',
                { ConstantValue: { HasValue: true, Value: string text } } => text.IndexOf('\n') >= 0 || text.IndexOf('\r') >= 0,
                IPropertyReferenceOperation { Property: { Name: "NewLine", ContainingType: { Name: "Environment" } environment } } => NamespaceNames.Is(environment.ContainingNamespace, "System"),
                _ => false,
            };
        }
    }
}
