using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>One argument of an annotation as written: the parameter or property it sets, its syntax and its value.</summary>
    internal readonly record struct AnnotationArgument(string Name, ExpressionSyntax Syntax, bool HasValue, object? Value)
    {
        public string? Text => Value as string;
    }

    /// <summary>
    /// A ThreatAnalyzers annotation as written in source, bound just enough to check its arguments where they stand.
    /// </summary>
    internal sealed class AnnotationUse
    {
        private AnnotationUse(INamedTypeSymbol type, List<AnnotationArgument> arguments)
        {
            Type = type;
            Arguments = arguments;
        }

        public INamedTypeSymbol Type { get; }

        public IReadOnlyList<AnnotationArgument> Arguments { get; }

        public AnnotationArgument? this[string name]
        {
            get
            {
                foreach (var argument in Arguments)
                {
                    if (argument.Name == name)
                    {
                        return argument;
                    }
                }

                return null;
            }
        }

        /// <summary>Null unless the attribute binds to one of the ThreatAnalyzers annotations.</summary>
        public static AnnotationUse? TryRead(AttributeSyntax attribute, SemanticModel model, CancellationToken cancellationToken)
        {
            // Binding every attribute of a project costs more than reading its name: only names that can be ours are bound
            // (an alias of an annotation makes every name a candidate, see AnnotationUsage).
            if (AnnotationUsage.SimpleName(attribute) is { } written && !AnnotationUsage.Of(model.Compilation).IsCandidate(written))
            {
                return null;
            }

            if (model.GetSymbolInfo(attribute, cancellationToken).Symbol is not IMethodSymbol constructor
                || constructor.ContainingType is not { } type
                || type.ContainingNamespace is not { Name: AnnotationTypes.Namespace, ContainingNamespace.IsGlobalNamespace: true })
            {
                return null;
            }

            var arguments = new List<AnnotationArgument>();
            if (attribute.ArgumentList is { } list)
            {
                var position = 0;
                foreach (var argument in list.Arguments)
                {
                    string? name;
                    if (argument.NameEquals is { } property)
                    {
                        name = property.Name.Identifier.ValueText;
                    }
                    else if (argument.NameColon is { } named)
                    {
                        name = named.Name.Identifier.ValueText;
                    }
                    else
                    {
                        name = position < constructor.Parameters.Length ? constructor.Parameters[position].Name : null;
                        position++;
                    }

                    if (name is null)
                    {
                        continue;
                    }

                    var constant = model.GetConstantValue(argument.Expression, cancellationToken);
                    arguments.Add(new AnnotationArgument(name, argument.Expression, constant.HasValue, constant.HasValue ? constant.Value : null));
                }
            }

            return new AnnotationUse(type, arguments);
        }
    }
}
