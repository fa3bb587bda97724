using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// A call in a body as its syntax shows it, with one method it may reach (resolved from declarations by
    /// <see cref="BodyReader"/>) and the declared type of its receiver: what the syntax-side conventions recognise.
    /// </summary>
    internal sealed class SyntaxCall
    {
        public SyntaxCall(BodyReader body, InvocationExpressionSyntax syntax, IMethodSymbol method, ExpressionSyntax? receiver, ITypeSymbol? receiverType)
        {
            Body = body;
            Syntax = syntax;
            Method = method;
            Receiver = receiver;
            ReceiverType = receiverType;
        }

        public BodyReader Body { get; }

        public InvocationExpressionSyntax Syntax { get; }

        /// <summary>The method as called: an extension method in its reduced form (its <c>this</c> parameter is the receiver).</summary>
        public IMethodSymbol Method { get; }

        /// <summary>The type that declares the method (the static class, for an extension method).</summary>
        public INamedTypeSymbol? DeclaringType => Method.ContainingType;

        /// <summary>The receiver as written; null for an implicit <c>this</c> or a static call.</summary>
        public ExpressionSyntax? Receiver { get; }

        /// <summary>The receiver's declared type; null for a static call.</summary>
        public ITypeSymbol? ReceiverType { get; }

        public SeparatedSyntaxList<ArgumentSyntax> Arguments => Syntax.ArgumentList.Arguments;

        /// <summary>The parameter an argument goes to: by its name when named, else by position (the params array takes the rest).</summary>
        public IParameterSymbol? ParameterOf(ArgumentSyntax argument)
        {
            var parameters = Method.Parameters;
            if (argument.NameColon is { } named)
            {
                foreach (var parameter in parameters)
                {
                    if (parameter.Name == named.Name.Identifier.ValueText)
                    {
                        return parameter;
                    }
                }

                return null;
            }

            var index = Arguments.IndexOf(argument);
            if (index < 0 || parameters.Length == 0)
            {
                return null;
            }

            return index < parameters.Length ? parameters[index] : parameters[parameters.Length - 1].IsParams ? parameters[parameters.Length - 1] : null;
        }

        /// <summary>The arguments and the parameters they go to.</summary>
        public IEnumerable<(ArgumentSyntax Argument, IParameterSymbol? Parameter)> ArgumentsWithParameters()
        {
            foreach (var argument in Arguments)
            {
                yield return (argument, ParameterOf(argument));
            }
        }
    }

    /// <summary>A read of a property or field in a body (<c>db.Customers</c>), resolved from declarations.</summary>
    internal sealed class SyntaxMemberRead
    {
        public SyntaxMemberRead(BodyReader body, ExpressionSyntax syntax, ISymbol member, ITypeSymbol? receiverType)
        {
            Body = body;
            Syntax = syntax;
            Member = member;
            ReceiverType = receiverType;
        }

        public BodyReader Body { get; }

        /// <summary>The member access (or the simple name, for an implicit <c>this</c>).</summary>
        public ExpressionSyntax Syntax { get; }

        /// <summary>The property or field.</summary>
        public ISymbol Member { get; }

        public ITypeSymbol? ReceiverType { get; }
    }
}
