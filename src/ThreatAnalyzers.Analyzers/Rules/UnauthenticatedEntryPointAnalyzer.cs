using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Configuration;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Reporting;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA1001: an entry point that receives data from outside a trust boundary and requires no authentication.
    /// Reported live, on the method or on the Map call, from the symbol or operation being analyzed.
    /// </summary>
    [DiagnosticAnalyzer(LanguageNames.CSharp)]
    public sealed class UnauthenticatedEntryPointAnalyzer : DiagnosticAnalyzer
    {
        /// <summary>Property telling the code fix what to add.</summary>
        internal const string FixProperty = "ThreatAnalyzers.Fix";

        /// <summary>[Authorize] on the method.</summary>
        internal const string FixAuthorizeMethod = "AuthorizeMethod";

        /// <summary>[Authorize] on the containing type (Razor Pages ignore it on handlers).</summary>
        internal const string FixAuthorizeType = "AuthorizeType";

        /// <summary>.RequireAuthorization() on the Map call.</summary>
        internal const string FixRequireAuthorization = "RequireAuthorization";

        /// <summary>[Authenticated] on the method, where ASP.NET Core authorization does not apply.</summary>
        internal const string FixAuthenticated = "Authenticated";

        public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
            ImmutableArray.Create(UnauthenticatedEntryPointRule.Definition.Descriptor);

        public override void Initialize(AnalysisContext context)
        {
            context.EnableConcurrentExecution();
            context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
            context.RegisterCompilationStartAction(start =>
            {
                var recognizer = EntryPointRecognizer.Create(start.Compilation);
                if (!recognizer.CanFindMethodEntryPoints && !recognizer.CanFindRouteMappings)
                {
                    return;
                }

                var reporter = new ThreatReporter(recognizer.Annotations, BuildSettings.Read(start.Options), start.Compilation.Assembly);
                if (recognizer.CanFindMethodEntryPoints)
                {
                    start.RegisterSymbolAction(c => AnalyzeMethod(c, recognizer, reporter), SymbolKind.Method);
                }

                if (recognizer.CanFindRouteMappings)
                {
                    start.RegisterOperationAction(c => AnalyzeInvocation(c, recognizer, reporter), OperationKind.Invocation);
                }
            });
        }

        private static void AnalyzeMethod(SymbolAnalysisContext context, EntryPointRecognizer recognizer, ThreatReporter reporter)
        {
            var method = (IMethodSymbol)context.Symbol;
            if (recognizer.Recognize(method, context.CancellationToken) is not { IsUnauthenticated: true } entryPoint)
            {
                return;
            }

            foreach (var location in method.Locations)
            {
                if (location.IsInSource)
                {
                    reporter.Report(
                        context.ReportDiagnostic,
                        UnauthenticatedEntryPointRule.Definition.Descriptor,
                        location,
                        new ISymbol[] { method },
                        Fix(FixFor(entryPoint, recognizer)),
                        entryPoint.Name,
                        entryPoint.Boundary);
                    return;
                }
            }
        }

        private static void AnalyzeInvocation(OperationAnalysisContext context, EntryPointRecognizer recognizer, ThreatReporter reporter)
        {
            var invocation = (IInvocationOperation)context.Operation;
            if (recognizer.Recognize(invocation, context.CancellationToken) is not { IsUnauthenticated: true } entryPoint)
            {
                return;
            }

            // Review annotations may sit on the handler lambda or method, or on the method that maps the route.
            var flagged = recognizer.HandlerOf(invocation) is { } handler
                ? new[] { handler, context.ContainingSymbol }
                : new[] { context.ContainingSymbol };

            reporter.Report(
                context.ReportDiagnostic,
                UnauthenticatedEntryPointRule.Definition.Descriptor,
                NameLocation(invocation),
                flagged,
                Fix(FixRequireAuthorization),
                entryPoint.Name,
                entryPoint.Boundary);
        }

        private static string FixFor(EntryPoint entryPoint, EntryPointRecognizer recognizer)
        {
            if (recognizer.AspNetCore?.AuthorizeAttribute is null)
            {
                return FixAuthenticated;
            }

            return entryPoint.Kind switch
            {
                EntryPointKind.ControllerAction => FixAuthorizeMethod,
                EntryPointKind.RazorPageHandler => FixAuthorizeType,
                _ => FixAuthenticated,
            };
        }

        private static ImmutableDictionary<string, string?> Fix(string fix)
            => ImmutableDictionary<string, string?>.Empty.Add(FixProperty, fix);

        /// <summary>The squiggle goes on the method name of the Map call: <c>app.MapGet(...)</c> underlines <c>MapGet</c>.</summary>
        private static Location NameLocation(IInvocationOperation invocation)
            => invocation.Syntax is InvocationExpressionSyntax syntax
                ? syntax.Expression switch
                {
                    MemberAccessExpressionSyntax member => member.Name.GetLocation(),
                    SimpleNameSyntax name => name.GetLocation(),
                    _ => syntax.GetLocation(),
                }
                : invocation.Syntax.GetLocation();
    }
}
