using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4005 (CWE-359): an entry point that anyone may call (no authentication required, or <c>[AllowAnonymous]</c>,
    /// <c>.AllowAnonymous()</c>: public on purpose still serves the data to everyone, so TA1001's acceptance does not
    /// silence this) answers with personal data: a <c>[HandlesPii]</c> value, or an object with such a member the
    /// serializer writes (Identity's <c>[PersonalData]</c> and compliance classifications count, as for the flow engine).
    /// What the caller sent (a parameter echoed back) is theirs; an authentication mechanism answers the caller about
    /// their own account. Secrets are TA4010's, whoever the caller: this rule reports personal data only, so one value
    /// holding both gets one finding per class. Reported on the value; a threat of the entry point.
    /// </summary>
    internal sealed class SensitiveDataServedWithoutAuthenticationRule : EntryPointRule
    {
        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SensitiveDataServedWithoutAuthentication,
            title: "Sensitive data served without authentication",
            messageFormat: "Entry point '{0}' requires no authentication and returns '{1}', which carries personal data '{2}'",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "An entry point that anyone may call answers with personal data. Whoever finds the address can read it, "
                       + "for every record they can name or guess.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SensitiveDataServedWithoutAuthentication + ".md",
            customTags: "CWE-359");

        public SensitiveDataServedWithoutAuthenticationRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.High,
                question: "Which entry points that require no authentication answer with personal data?",
                concerns: "the entry point's process",
                fix: null))
        {
        }

        /// <summary>Anyone may call it: nothing requires authentication, or something lets anonymous callers in (which wins in ASP.NET Core).</summary>
        internal static bool IsAnonymous(EntryPoint entryPoint) => entryPoint.Authorization.AllowsAnonymous || !entryPoint.Authorization.RequiresAuthentication;

        public override void Analyze(EntryPointContext context)
        {
            if (context.InheritedBy is not null || !IsAnonymous(context.EntryPoint) || context.Handler is not { } handler)
            {
                return;
            }

            // Without a way to classify personal data ([HandlesPii], Identity's [PersonalData], compliance classifications) nothing is personal.
            var analysis = context.Analysis;
            if (analysis.Annotations.HandlesPii is null && analysis.Flow.PersonalData is null && analysis.Flow.DataClassificationAttribute is null)
            {
                return;
            }

            var disclosure = ResponseDisclosure.Of(analysis);
            if (disclosure.BodyOf(context) is not { } body)
            {
                return;
            }

            bool? authenticates = null;
            foreach (var sent in disclosure.SentValues(body))
            {
                if (disclosure.PersonalData(sent.Value) is not { } personal)
                {
                    continue;
                }

                authenticates ??= UnauthenticatedEntryPointRule.IsNamedForAuthentication(context, handler)
                                  || context.Analysis.Reach.OfEntryPoint(handler, context.Mapping, context.CancellationToken).Authenticates;
                if (authenticates == true)
                {
                    return;
                }

                var properties = ImmutableDictionary<string, string?>.Empty.Add(FindingProperties.DataClasses, DataClasses.Pii);
                var at = personal.At ?? sent.Value;
                context.Report(this, at.Syntax.GetLocation(), Enumerable.Empty<Location>(), properties,
                    context.EntryPoint.Name, MessageCode.Of(at.Syntax), personal.What);
            }
        }
    }
}
