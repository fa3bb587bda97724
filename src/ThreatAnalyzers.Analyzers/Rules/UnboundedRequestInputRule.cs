using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Frameworks.AspNetCore;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA5003 (CWE-400, uncontrolled resource consumption): an ASP.NET Core entry point binds from the request body (a
    /// JSON model, form fields, files, a stream) a string, a collection, a byte array, a stream or a file whose size nothing
    /// limits: no length attribute or FluentValidation length rule on it, no [RequestSizeLimit]/[RequestFormLimits] on the
    /// endpoint, no server body limit or form limit set in the compilation. Route, query and header values are left out:
    /// the server bounds them (Kestrel: 8 KB request line, 32 KB of headers). An endpoint with [DisableRequestSizeLimit]
    /// is always reported when it binds anything from the body. One finding per entry point, on its first unbounded
    /// parameter, naming every unbounded input; what <see cref="RequestBodyLimits"/> knows decides.
    /// </summary>
    internal sealed class UnboundedRequestInputRule : EntryPointRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.UnboundedRequestInput,
            title: "Unbounded request input",
            messageFormat: "'{0}' accepts unbounded request input: {1}",
            RuleCategories.DenialOfService,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An entry point binds a string, collection, byte array, stream or file from the request body with no size limit: "
                       + "a client can send megabytes in one field or millions of items in one list, and the application reads, holds, "
                       + "validates and stores all of it. Limit each value ([StringLength], [MaxLength], [Length], a FluentValidation "
                       + "MaximumLength rule) or the endpoint's body ([RequestSizeLimit], [RequestFormLimits]).",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.UnboundedRequestInput + ".md",
            customTags: "CWE-400");

        public UnboundedRequestInputRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which strings, collections, streams and files an entry point binds from the request body have no size limit?",
                concerns: "the entry point's process",
                fix: null))
        {
        }

        public override void Analyze(EntryPointContext context)
        {
            if (!context.EntryPoint.IsAspNetCoreEndpoint || context.Handler is not IMethodSymbol handler
                || RequestBodyLimits.Of(context.Analysis) is not { } limits)
            {
                return;
            }

            var endpoint = limits.LimitOf(handler, context.Mapping, context.InheritedBy, context.CancellationToken);
            if (endpoint.Disabled is null && (endpoint.Body || limits.ServerLimitsBody))
            {
                return;
            }

            var found = new List<UnboundedInput>();
            var bodyParameters = new List<IParameterSymbol>();
            IParameterSymbol? first = null;
            foreach (var parameter in handler.Parameters)
            {
                var part = limits.PartOf(parameter, handler, context.Mapping, context.EntryPoint.Kind);
                if (part == RequestPart.None)
                {
                    continue;
                }

                bodyParameters.Add(parameter);
                if (endpoint.Disabled is null && part == RequestPart.Form && (endpoint.Form || limits.FormOptionsLimitForms))
                {
                    continue;
                }

                var before = found.Count;
                limits.CollectUnbounded(parameter, handler, found, context.CancellationToken);
                if (first is null && found.Count > before)
                {
                    first = parameter;
                }
            }

            if (endpoint.Disabled is { } disabled)
            {
                // The whole body is read however small each value is meant to be: every body-bound parameter is unbounded.
                if (bodyParameters.Count == 0)
                {
                    return;
                }

                var names = string.Join(", ", bodyParameters.Select(p => Describe(p.Name, p.Type)));
                context.Report(this, context.Location, new[] { disabled }, properties: null, context.EntryPoint.Name,
                    "DisableRequestSizeLimit lifts the body size limit for " + names);
                return;
            }

            if (found.Count == 0)
            {
                return;
            }

            // On the parameter that brings the first unbounded input; an inherited action's on the controller's name.
            var location = context.InheritedBy is null ? first?.Locations.FirstOrDefault(l => l.IsInSource) ?? context.Location : context.Location;
            var additional = found.Select(f => f.Location).Where(l => l is { IsInSource: true } && l != location).Distinct().Select(l => l!).ToList();
            context.Report(this, location, additional, properties: null, context.EntryPoint.Name,
                string.Join(", ", found.Select(f => Describe(f.Path, f.Type))));
        }

        private static string Describe(string path, ITypeSymbol type) => "'" + path + "' (" + type.ToDisplayString(SymbolDisplayFormat.MinimallyQualifiedFormat) + ")";
    }
}
