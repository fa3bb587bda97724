using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using ThreatAnalyzers.Rules;

namespace ThreatAnalyzers.CodeFixes.Rules
{
    /// <summary>
    /// TA4001: redacts the sensitive value where it is an argument of the log call: only the value — the operand of a
    /// concatenation, the member of an anonymous object (which keeps its name), the hole of an interpolated string — becomes
    /// "[redacted]", or the whole argument when it is the value. Offered only where a string fits.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SensitiveDataWrittenToLogFixer))]
    [Shared]
    public sealed class SensitiveDataWrittenToLogFixer : CodeFixProvider
    {
        private const string Title = "Redact the sensitive value in the log";
        private const string Redacted = "[redacted]";
        private const string ProviderTitle = "Redact the sensitive value with the registered IRedactorProvider";
        private const string RedactorProviderType = "Microsoft.Extensions.Compliance.Redaction.IRedactorProvider";
        private const string ClassificationAttributeType = "Microsoft.Extensions.Compliance.Classification.DataClassificationAttribute";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SensitiveDataWrittenToLog);

        public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (!diagnostic.Properties.ContainsKey(SensitiveDataWrittenToLogRule.RedactableProperty)
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression
                    || Replacement(expression, diagnostic, model, context.CancellationToken) is null)
                {
                    continue;
                }

                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => RedactAsync(context.Document, diagnostic, ct), equivalenceKey: Title),
                    diagnostic);

                // Where an IRedactorProvider is in scope (Microsoft.Extensions.Compliance.Redaction registered), redact through it.
                if (RedactorProviderIn(model, expression, context.CancellationToken) is not null)
                {
                    context.RegisterCodeFix(
                        CodeAction.Create(ProviderTitle, ct => RedactWithProviderAsync(context.Document, diagnostic, ct), equivalenceKey: ProviderTitle),
                        diagnostic);
                }
            }
        }

        private static async Task<Document> RedactAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression || model is null)
            {
                return document;
            }

            // Only the sensitive operand: "Concat " + c.Email + " done" keeps its text, new { c.Id, c.Email } keeps Id.
            var operands = Operands(expression, diagnostic, model, cancellationToken);
            if (operands.Count > 0)
            {
                return document.WithSyntaxRoot(root.ReplaceNodes(operands.Keys, (original, _) => operands[original].WithTriviaFrom(original)));
            }

            if (Replacement(expression, diagnostic, model, cancellationToken) is not { } replacement)
            {
                return document;
            }

            return document.WithSyntaxRoot(root.ReplaceNode(expression, replacement.WithTriviaFrom(expression)));
        }

        /// <summary>
        /// The sensitive operands inside the argument (written as the finding's origin) and what each becomes: the literal,
        /// or, for an anonymous object's member, the member with the literal as its value. Empty when the argument is the
        /// value itself or an operand cannot take a string.
        /// </summary>
        private static System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode> Operands(ExpressionSyntax expression, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
            => Operands(expression, diagnostic, model, cancellationToken, _ => SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Redacted)));

        private static System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode> Operands(ExpressionSyntax expression, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken, System.Func<ExpressionSyntax, ExpressionSyntax> redact)
        {
            var replacements = new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
            if (expression is InterpolatedStringExpressionSyntax
                || !diagnostic.Properties.TryGetValue(SensitiveDataWrittenToLogRule.OriginProperty, out var origin) || origin is null
                || expression.ToString() == origin)
            {
                return replacements;
            }

            foreach (var operand in expression.DescendantNodes().OfType<ExpressionSyntax>().Where(e => e.ToString() == origin))
            {
                if (replacements.Keys.Any(r => r.Contains(operand)))
                {
                    continue;
                }

                if (operand.Parent is AnonymousObjectMemberDeclaratorSyntax { NameEquals: null } member)
                {
                    var name = operand switch
                    {
                        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                        IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                        _ => null,
                    };
                    if (name is null)
                    {
                        return new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
                    }

                    replacements[member] = SyntaxFactory.AnonymousObjectMemberDeclarator(SyntaxFactory.NameEquals(name), redact(operand));
                    continue;
                }

                if (operand.Parent is AnonymousObjectMemberDeclaratorSyntax or InterpolationSyntax)
                {
                    replacements[operand] = redact(operand);
                    continue;
                }

                var converted = model.GetTypeInfo(operand, cancellationToken).ConvertedType;
                if (converted?.SpecialType is not (SpecialType.System_String or SpecialType.System_Object))
                {
                    return new System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode>();
                }

                replacements[operand] = redact(operand);
            }

            return replacements;
        }

        private static async Task<Document> RedactWithProviderAsync(Document document, Diagnostic diagnostic, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root?.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not ExpressionSyntax expression || model is null
                || RedactorProviderIn(model, expression, cancellationToken) is not { } provider
                || !diagnostic.Properties.TryGetValue(SensitiveDataWrittenToLogRule.OriginProperty, out var origin) || origin is null)
            {
                return document;
            }

            ExpressionSyntax Redact(ExpressionSyntax value)
            {
                var call = SyntaxFactory.ParseExpression($"{provider}.GetRedactor({ClassificationOf(value, model, cancellationToken)}).Redact({value.WithoutTrivia()})");

                // The fully qualified names are shortened where the file's usings allow.
                var qualified = call.DescendantNodes().OfType<ExpressionSyntax>()
                    .Where(e => e.ToString().StartsWith("global::", System.StringComparison.Ordinal) && !(e.Parent is ExpressionSyntax p && p.ToString().StartsWith("global::", System.StringComparison.Ordinal)))
                    .ToList();
                return call.ReplaceNodes(qualified, (_, rewritten) => rewritten.WithAdditionalAnnotations(Simplifier.Annotation));
            }

            System.Collections.Generic.Dictionary<SyntaxNode, SyntaxNode> replacements;
            if (expression.ToString() == origin)
            {
                replacements = new() { [expression] = Redact(expression) };
            }
            else if (expression is InterpolatedStringExpressionSyntax interpolated)
            {
                replacements = new();
                foreach (var hole in interpolated.Contents.OfType<InterpolationSyntax>().Where(h => h.Expression.ToString() == origin))
                {
                    replacements[hole.Expression] = Redact(hole.Expression);
                }
            }
            else
            {
                replacements = Operands(expression, diagnostic, model, cancellationToken, Redact);
            }

            if (replacements.Count == 0)
            {
                return document;
            }

            var updated = document.WithSyntaxRoot(root.ReplaceNodes(replacements.Keys, (original, _) => replacements[original].WithTriviaFrom(original)));
            return await Simplifier.ReduceAsync(updated, Simplifier.Annotation, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// An IRedactorProvider the code can use where the value is logged: a local, a parameter (a primary constructor's
        /// too), a field or a property (instance ones only outside static code), the first by name for a stable choice.
        /// </summary>
        private static string? RedactorProviderIn(SemanticModel model, SyntaxNode at, CancellationToken cancellationToken)
        {
            if (model.Compilation.GetTypeByMetadataName(RedactorProviderType) is not { } providerType)
            {
                return null;
            }

            var inStatic = model.GetEnclosingSymbol(at.SpanStart, cancellationToken) is { IsStatic: true };
            return model.LookupSymbols(at.SpanStart)
                .Where(symbol => symbol switch
                {
                    ILocalSymbol local => SymbolEqualityComparer.Default.Equals(local.Type, providerType),
                    IParameterSymbol parameter => SymbolEqualityComparer.Default.Equals(parameter.Type, providerType),
                    IFieldSymbol field => SymbolEqualityComparer.Default.Equals(field.Type, providerType) && (field.IsStatic || !inStatic),
                    IPropertySymbol property => SymbolEqualityComparer.Default.Equals(property.Type, providerType) && (property.IsStatic || !inStatic),
                    _ => false,
                })
                .OrderBy(symbol => symbol is ILocalSymbol or IParameterSymbol ? 0 : 1)
                .ThenBy(symbol => symbol.Name, System.StringComparer.Ordinal)
                .Select(symbol => symbol.Name)
                .FirstOrDefault();
        }

        /// <summary>
        /// The value's own compliance classification when it carries one whose attribute takes no arguments
        /// (<c>new PrivateDataAttribute().Classification</c>), else <c>DataClassification.Unknown</c> (the provider's fallback redactor).
        /// </summary>
        private static string ClassificationOf(ExpressionSyntax value, SemanticModel model, CancellationToken cancellationToken)
        {
            var attributeBase = model.Compilation.GetTypeByMetadataName(ClassificationAttributeType);
            if (attributeBase is not null && model.GetSymbolInfo(value, cancellationToken).Symbol is { } symbol)
            {
                foreach (var attribute in symbol.GetAttributes())
                {
                    for (var type = attribute.AttributeClass; type is not null; type = type.BaseType)
                    {
                        if (SymbolEqualityComparer.Default.Equals(type, attributeBase))
                        {
                            if (attribute.ConstructorArguments.Length == 0 && attribute.NamedArguments.Length == 0 && attribute.AttributeClass is { } classified
                                && classified.InstanceConstructors.Any(c => c.Parameters.Length == 0 && c.DeclaredAccessibility == Accessibility.Public))
                            {
                                return "new " + classified.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "().Classification";
                            }

                            break;
                        }
                    }
                }
            }

            return "global::Microsoft.Extensions.Compliance.Classification.DataClassification.Unknown";
        }

        private static ExpressionSyntax? Replacement(ExpressionSyntax expression, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        {
            if (expression is InterpolatedStringExpressionSyntax interpolated)
            {
                var origin = diagnostic.Properties.TryGetValue(SensitiveDataWrittenToLogRule.OriginProperty, out var o) ? o : null;
                var holes = interpolated.Contents.OfType<InterpolationSyntax>().Where(h => h.Expression.ToString() == origin).ToList();
                if (holes.Count == 0)
                {
                    return null;
                }

                // Rewritten as text and parsed again, so the redaction merges with the text around it as the compiler would parse it.
                var text = new System.Text.StringBuilder(interpolated.StringStartToken.Text);
                foreach (var content in interpolated.Contents)
                {
                    text.Append(holes.Contains(content) ? Redacted : content.ToString());
                }

                return SyntaxFactory.ParseExpression(text.Append(interpolated.StringEndToken.Text).ToString());
            }

            // A string literal must fit where the value stood: a string, an object, or a params object[] element.
            var converted = model.GetTypeInfo(expression, cancellationToken).ConvertedType;
            return converted?.SpecialType is SpecialType.System_String or SpecialType.System_Object
                ? SyntaxFactory.LiteralExpression(SyntaxKind.StringLiteralExpression, SyntaxFactory.Literal(Redacted))
                : null;
        }
    }
}
