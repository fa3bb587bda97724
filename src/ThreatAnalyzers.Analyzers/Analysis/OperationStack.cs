using System;
using Microsoft.CodeAnalysis;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// The pending operations of a walk over one body, in source order (the first child is popped first). One per
    /// thread, kept with its capacity: growing a new stack in every body, and enumerating children in reverse, were
    /// most of the walk's cost on a large library. A walk never starts another on the same thread.
    /// </summary>
    internal sealed class OperationStack
    {
        [ThreadStatic]
        private static OperationStack? forThisThread;

        private IOperation?[] items = new IOperation?[64];
        private int count;

        private OperationStack()
        {
        }

        public bool IsEmpty => count == 0;

        /// <summary>This thread's stack, empty.</summary>
        public static OperationStack ForThisThread()
        {
            var stack = forThisThread ??= new OperationStack();
            stack.Clear();
            return stack;
        }

        public void Push(IOperation operation)
        {
            if (count == items.Length)
            {
                Array.Resize(ref items, items.Length * 2);
            }

            items[count++] = operation;
        }

        public IOperation Pop()
        {
            var operation = items[--count]!;
            items[count] = null;
            return operation;
        }

        /// <summary>Pushes the children so that the first is on top: enumerated forward, then the pushed part reversed.</summary>
        public void PushChildrenOf(IOperation operation)
        {
            var first = count;
            foreach (var child in operation.ChildOperations)
            {
                Push(child);
            }

            for (int low = first, high = count - 1; low < high; low++, high--)
            {
                (items[low], items[high]) = (items[high], items[low]);
            }
        }

        /// <summary>Drops what a cancelled walk left, so the thread keeps no compilation alive through it.</summary>
        public void Clear()
        {
            Array.Clear(items, 0, count);
            count = 0;
        }
    }
}
