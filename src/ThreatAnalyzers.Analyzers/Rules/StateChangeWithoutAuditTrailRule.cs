using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA3001 (CWE-778, insufficient logging): an entry point that writes to a data store (itself or down the calls it
    /// makes) and leaves no audit trail: neither it nor anything it calls writes a log entry a production log keeps
    /// (ILogger, Serilog, [LoggerMessage], Console, Trace at Information or above; not Trace/Debug levels, not
    /// System.Diagnostics.Debug, see <see cref="Frameworks.Logging.LogLevels"/>) or is [Audited] (on the method or its
    /// type), and the store is not [Audited] (nor an EF Core context that overrides SaveChanges, where applications write
    /// their audit entries). Asks the shared <see cref="ReachAnalysis"/> (the same walk TA1001 uses); ASP.NET Core
    /// Identity's managers are the authentication mechanism there, not a store write, so account pages are left to
    /// Identity (and its scaffolded pages log each change). One finding per entry point naming the stores, on the
    /// method's name or the Map call's method name; a threat of the entry point's process.
    /// </summary>
    internal sealed class StateChangeWithoutAuditTrailRule : EntryPointRule
    {
        /// <summary>The name of an ILogger the handler can use (a field, property or parameter), for the code fix; absent: no such fix.</summary>
        internal const string LoggerProperty = "ThreatAnalyzers.Logger";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.StateChangeWithoutAuditTrail,
            title: "State change without an audit trail",
            messageFormat: "Entry point '{0}' {1}, and neither it nor anything it calls writes a log entry or is marked Audited",
            RuleCategories.Repudiation,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An entry point changes what a data store holds and leaves no record of it: when the change is disputed or abused, "
                       + "no one can say who made it or when. Write a log entry (ILogger, Serilog) where the change is made, or mark the code "
                       + "or the store [Audited] when it writes an audit record the analyzer cannot see.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.StateChangeWithoutAuditTrail + ".md",
            customTags: "CWE-778");

        public StateChangeWithoutAuditTrailRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which entry points change a data store while neither they nor anything they call writes a log entry or is [Audited]?",
                concerns: "the entry point's process",
                fix: "write a structured log entry where the change is made (offered where an ILogger is in scope)"))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (context.Handler is not { } handler)
            {
                return;
            }

            var audited = context.Analysis.Annotations.Audited;
            if (audited is not null && (handler.Has(audited) || (handler.ContainingType?.Has(audited) ?? false) || (context.InheritedBy?.Has(audited) ?? false)))
            {
                return;
            }

            var reach = context.Analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken);
            if (reach.Audits || LoggedByAnEndpointFilter(context, handler))
            {
                return;
            }

            var unaudited = reach.Effects.Where(e => e.Kind == ReachKind.StateChange && !e.Audited).ToList();
            if (unaudited.Count == 0)
            {
                return;
            }

            var properties = ImmutableDictionary<string, string?>.Empty;
            if (LoggerOf(handler) is { } logger)
            {
                properties = properties.Add(LoggerProperty, logger);
            }

            context.Report(this, properties, context.EntryPoint.Name, string.Join(", ", unaudited.Select(e => e.Describe())));
        }

        /// <summary>
        /// A minimal-API endpoint behind an endpoint filter of the application whose InvokeAsync writes a log entry that
        /// production keeps (a filter that logs every request, its method, path and user): every call leaves a trail.
        /// </summary>
        private static bool LoggedByAnEndpointFilter(EntryPointContext context, ISymbol handler)
        {
            var mapping = context.Mapping ?? (handler is IMethodSymbol named ? context.Analysis.Flow.MappingOf(named) : null);
            if (mapping is null || context.Analysis.EntryPoints.Application is not { } application)
            {
                return false;
            }

            // The filters on its Map call, a local holding the builder, and every group above it, also when the group
            // reaches the mapping method as a parameter (app.MapGroup("").AddEndpointFilter<RequestLog>() passed on).
            var endpoints = application.Endpoints;
            foreach (var filter in endpoints.ForMapping(mapping, endpoints.Filters, context.CancellationToken).Types)
            {
                foreach (var invoke in filter.GetMembers("InvokeAsync").OfType<IMethodSymbol>())
                {
                    if (invoke.DeclaringSyntaxReferences.Length > 0
                        && context.Analysis.Reach.OfMethod(invoke, Analysis.ReachAnalysis.MaxDepth, context.CancellationToken).Audits)
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// An ILogger the handler's body can name: a parameter of the handler, else a field or property of its type (a
        /// primary-constructor parameter captured as one counts). Null for a lambda (its parameters are the request's).
        /// </summary>
        private static string? LoggerOf(ISymbol handler)
        {
            if (handler is not IMethodSymbol { MethodKind: MethodKind.Ordinary } method)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (IsLogger(parameter.Type))
                {
                    return parameter.Name;
                }
            }

            for (var type = method.ContainingType; type is not null && type.DeclaringSyntaxReferences.Length > 0; type = type.BaseType)
            {
                foreach (var member in type.GetMembers())
                {
                    var memberType = member switch
                    {
                        IFieldSymbol { IsImplicitlyDeclared: false } field when method.IsStatic == field.IsStatic => field.Type,
                        IPropertySymbol property when method.IsStatic == property.IsStatic => property.Type,
                        _ => null,
                    };

                    if (memberType is not null && IsLogger(memberType)
                        && (SymbolEqualityComparer.Default.Equals(type, method.ContainingType) || member.DeclaredAccessibility != Accessibility.Private))
                    {
                        return member.Name;
                    }
                }

                // A primary constructor's parameter (class C(ILogger<C> logger)) is in scope of every member.
                foreach (var constructor in type.InstanceConstructors)
                {
                    if (!method.IsStatic && SymbolEqualityComparer.Default.Equals(type, method.ContainingType) && IsPrimary(constructor))
                    {
                        foreach (var parameter in constructor.Parameters)
                        {
                            if (IsLogger(parameter.Type))
                            {
                                return parameter.Name;
                            }
                        }
                    }
                }
            }

            return null;
        }

        private static bool IsPrimary(IMethodSymbol constructor)
            => constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax);

        private static bool IsLogger(ITypeSymbol type)
            => type is INamedTypeSymbol named && NamespaceNames.Is(named.ContainingNamespace, "Microsoft.Extensions.Logging")
               && (named.Name == "ILogger" || named.AllInterfaces.Any(i => i.Name == "ILogger" && NamespaceNames.Is(i.ContainingNamespace, "Microsoft.Extensions.Logging")));
    }
}
