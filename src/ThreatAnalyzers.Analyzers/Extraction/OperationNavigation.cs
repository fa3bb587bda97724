using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ThreatAnalyzers.Extraction
{
    internal static class OperationNavigation
    {
        public static IOperation WithoutConversions(this IOperation operation)
        {
            while (operation is IConversionOperation conversion)
            {
                operation = conversion.Operand;
            }

            return operation;
        }

        /// <summary>The receiver of an instance call, or the <c>this</c> argument of an extension method call.</summary>
        public static IOperation? Receiver(this IInvocationOperation invocation)
        {
            if (invocation.Instance is { } instance)
            {
                return instance;
            }

            if (invocation.TargetMethod.IsExtensionMethod)
            {
                foreach (var argument in invocation.Arguments)
                {
                    if (argument.Parameter?.Ordinal == 0)
                    {
                        return argument.Value;
                    }
                }
            }

            return null;
        }

        public static IOperation? ArgumentValue(this IInvocationOperation invocation, string parameterName)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Name == parameterName)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        public static IOperation? ArgumentValue(this IInvocationOperation invocation, IParameterSymbol parameter)
        {
            foreach (var argument in invocation.Arguments)
            {
                if (argument.Parameter?.Ordinal == parameter.Ordinal)
                {
                    return argument.Value;
                }
            }

            return null;
        }

        /// <summary>The root of the operation tree the operation belongs to (the method body, or the top-level statements).</summary>
        public static IOperation Root(this IOperation operation)
        {
            while (operation.Parent is { } parent)
            {
                operation = parent;
            }

            return operation;
        }

        /// <summary>The value a local is declared with, searched in the operation tree that holds the reference.</summary>
        public static IOperation? InitializerOf(this IOperation root, ILocalSymbol local)
            => LocalsIndex.Of(root).Declarators.TryGetValue(local, out var declarator)
                ? declarator.Initializer?.Value ?? declarator.GetVariableInitializer()?.Value
                : null;

        /// <summary>Every reference to the local in the operation tree <paramref name="root"/>, in tree order.</summary>
        public static IReadOnlyList<ILocalReferenceOperation> ReferencesTo(this IOperation root, ILocalSymbol local)
            => LocalsIndex.Of(root).References.TryGetValue(local, out var references) ? references : Array.Empty<ILocalReferenceOperation>();

        /// <summary>
        /// The locals of one operation tree, indexed in one walk: questions about a local (where it is declared, what is
        /// done to it) are asked once per Map call or per value, and a walk of the whole body for each made a body with
        /// many endpoints quadratic.
        /// </summary>
        private sealed class LocalsIndex
        {
            private static readonly ConditionalWeakTable<IOperation, LocalsIndex> Cache = new();

            private LocalsIndex(IOperation root)
            {
                foreach (var descendant in root.Descendants())
                {
                    switch (descendant)
                    {
                        case IVariableDeclaratorOperation declarator when !Declarators.ContainsKey(declarator.Symbol):
                            Declarators.Add(declarator.Symbol, declarator);
                            break;
                        case ILocalReferenceOperation reference:
                            if (!References.TryGetValue(reference.Local, out var list))
                            {
                                References.Add(reference.Local, list = new List<ILocalReferenceOperation>());
                            }

                            list.Add(reference);
                            break;
                    }
                }
            }

            public Dictionary<ILocalSymbol, IVariableDeclaratorOperation> Declarators { get; } = new(SymbolEqualityComparer.Default);

            public Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> References { get; } = new(SymbolEqualityComparer.Default);

            public static LocalsIndex Of(IOperation root) => Cache.GetValue(root, r => new LocalsIndex(r));
        }
    }
}
