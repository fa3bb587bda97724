using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;
using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Rules
{
    /// <summary>
    /// TA4006 (CWE-532): a type declares a <c>[HandlesPii]</c> or <c>[HandlesSecrets]</c> member (on the property or field,
    /// or on the record's positional parameter that declares it) and its ToString prints it: a record's compiler-generated
    /// ToString prints every public field and readable property (through PrintMembers), a written ToString or
    /// PrintMembers prints what it mentions. Wherever the object is logged, interpolated or shown in a debugger or an
    /// exception message, the value goes with it. A declaration rule (<see cref="SymbolRule"/>): reported on the member's
    /// declaration; a threat of the application.
    /// </summary>
    internal sealed class SensitiveMemberPrintedByToStringRule : SymbolRule
    {
        /// <summary>The record's printable members to keep, comma-separated, when a PrintMembers can be written for it.</summary>
        internal const string KeepProperty = "ThreatAnalyzers.Keep";

        /// <summary>The modifiers the written PrintMembers must have (<c>protected virtual</c>, <c>private</c>, <c>protected override</c>).</summary>
        internal const string ModifiersProperty = "ThreatAnalyzers.Modifiers";

        internal static readonly DiagnosticDescriptor Descriptor = new(
            RuleIdentifiers.SensitiveMemberPrintedByToString,
            title: "Sensitive member printed by ToString",
            messageFormat: "'{0}.{1}' ({2}) is printed by {3}",
            RuleCategories.InformationDisclosure,
            DiagnosticSeverity.Warning,
            isEnabledByDefault: true,
            description: "A member holding personal data or a secret is part of its type's ToString. Logging the object, interpolating it "
                       + "into a message or an exception, or looking at it in a debugger writes the value out with it.",
            helpLinkUri: RuleDefinition.HelpLinkBase + RuleIdentifiers.SensitiveMemberPrintedByToString + ".md",
            customTags: "CWE-532");

        public SensitiveMemberPrintedByToStringRule()
            : base(new RuleDefinition(
                Descriptor,
                risk: RuleRisks.Medium,
                question: "Which personal data or secrets does a type's generated or written ToString print?",
                concerns: "the application",
                fix: "a record's PrintMembers that leaves the member out"))
        {
        }

        public override ImmutableArray<SymbolKind> SymbolKinds { get; } = ImmutableArray.Create(SymbolKind.NamedType);

        public override bool AppliesTo(CompilationAnalysis analysis)
        {
            var usage = AnnotationUsage.Of(analysis.Compilation);
            return (analysis.Annotations.HandlesPii is not null && usage.MayUse("HandlesPii"))
                   || (analysis.Annotations.HandlesSecrets is not null && usage.MayUse("HandlesSecrets"));
        }

        public override void Analyze(SymbolRuleContext context)
        {
            if (context.Symbol is not INamedTypeSymbol { TypeKind: TypeKind.Class or TypeKind.Struct } type || type.IsImplicitlyDeclared)
            {
                return;
            }

            var annotations = context.Analysis.Annotations;
            var sensitive = new List<(ISymbol Member, string Class)>();
            foreach (var member in type.GetMembers())
            {
                if (member.IsStatic || member.IsImplicitlyDeclared && PositionalOf(member) is null || member is not (IPropertySymbol or IFieldSymbol))
                {
                    continue;
                }

                var pii = ResponseDisclosure.HasOnMemberOrParameter(member, annotations.HandlesPii);
                var secret = ResponseDisclosure.HasOnMemberOrParameter(member, annotations.HandlesSecrets);
                if (pii || secret)
                {
                    sensitive.Add((member, pii && secret ? "PII and secret" : secret ? "secret" : "PII"));
                }
            }

            if (sensitive.Count == 0)
            {
                return;
            }

            var toString = Written(type, "ToString", parameters: 0);
            var printMembers = type.IsRecord ? Written(type, "PrintMembers", parameters: 1) : null;
            if (!type.IsRecord && toString is null)
            {
                return;
            }

            var fixable = type.IsRecord && toString is null && printMembers is null && type.DeclaringSyntaxReferences.Length == 1;
            ImmutableDictionary<string, string?>? properties = null;
            if (fixable)
            {
                var keep = Printable(type).Where(m => !sensitive.Any(s => SymbolEqualityComparer.Default.Equals(s.Member, m))).Select(m => m.Name);
                properties = ImmutableDictionary<string, string?>.Empty
                    .Add(KeepProperty, string.Join(",", keep))
                    .Add(ModifiersProperty, Modifiers(type));
            }

            foreach (var (member, dataClass) in sensitive)
            {
                string? by;
                if (toString is not null)
                {
                    by = Mentions(context, toString, member) ? "its written ToString"
                        : printMembers is not null && Mentions(context, toString, "PrintMembers") && Mentions(context, printMembers, member) ? "its written PrintMembers"
                        : null;
                }
                else if (printMembers is not null)
                {
                    by = Mentions(context, printMembers, member) ? "its written PrintMembers" : null;
                }
                else
                {
                    by = Printable(type).Any(m => SymbolEqualityComparer.Default.Equals(m, member)) ? "the record's generated ToString" : null;
                }

                if (by is null || member.Locations.FirstOrDefault(l => l.IsInSource) is not { } location)
                {
                    continue;
                }

                context.Report(this, location, new ISymbol[] { member, type }, properties, type.Name, member.Name, dataClass, by);
            }
        }

        /// <summary>What a record's generated PrintMembers prints: its public instance fields and readable properties, in declaration order.</summary>
        private static IEnumerable<ISymbol> Printable(INamedTypeSymbol type)
            => type.GetMembers().Where(m => !m.IsStatic && m.DeclaredAccessibility == Accessibility.Public && !m.IsOverride
                                            && (m is IFieldSymbol { IsImplicitlyDeclared: false } || m is IPropertySymbol { IsIndexer: false, GetMethod: not null }));

        /// <summary>PrintMembers's required modifiers: private in a sealed record or a record struct deriving from object, protected override in a derived record, else protected virtual.</summary>
        private static string Modifiers(INamedTypeSymbol type)
        {
            var derived = type.TypeKind == TypeKind.Class && type.BaseType is { SpecialType: not SpecialType.System_Object };
            return derived ? "protected override" : type.IsSealed || type.TypeKind == TypeKind.Struct ? "private" : "protected virtual";
        }

        private static IParameterSymbol? PositionalOf(ISymbol member) => ResponseDisclosure.PositionalParameterOf(member);

        private static IMethodSymbol? Written(INamedTypeSymbol type, string name, int parameters)
            => type.GetMembers(name).OfType<IMethodSymbol>().FirstOrDefault(m => m.Parameters.Length == parameters && !m.IsStatic && !m.IsImplicitlyDeclared && m.DeclaringSyntaxReferences.Length > 0);

        private static bool Mentions(SymbolRuleContext context, IMethodSymbol method, ISymbol member)
            => Names(context, method, member.Name).Any(found => SymbolEqualityComparer.Default.Equals(found, member));

        private static bool Mentions(SymbolRuleContext context, IMethodSymbol method, string name)
            => Names(context, method, name).Any(found => found is IMethodSymbol);

        /// <summary>The symbols the identifiers named <paramref name="name"/> in the method's body bind to.</summary>
        private static IEnumerable<ISymbol> Names(SymbolRuleContext context, IMethodSymbol method, string name)
        {
            foreach (var reference in method.DeclaringSyntaxReferences)
            {
                var syntax = reference.GetSyntax(context.CancellationToken);
                if (!context.Analysis.Compilation.ContainsSyntaxTree(syntax.SyntaxTree))
                {
                    continue;
                }

                var model = context.Analysis.Flow.SemanticModelFor(syntax.SyntaxTree);
                foreach (var identifier in syntax.DescendantNodes().OfType<IdentifierNameSyntax>())
                {
                    if (identifier.Identifier.ValueText == name && model.GetSymbolInfo(identifier, context.CancellationToken).Symbol is { } symbol)
                    {
                        yield return symbol.OriginalDefinition;
                    }
                }
            }
        }
    }
}
