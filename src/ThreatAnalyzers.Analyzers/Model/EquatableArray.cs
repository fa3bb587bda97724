using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// An immutable array that compares by content, so pipeline values and model records holding arrays are equal when
    /// their contents are (ImmutableArray compares by reference).
    /// </summary>
    internal readonly struct EquatableArray<T> : IEquatable<EquatableArray<T>>, IReadOnlyList<T>
        where T : IEquatable<T>
    {
        private readonly ImmutableArray<T> items;

        public EquatableArray(ImmutableArray<T> items) => this.items = items;

        public static EquatableArray<T> Empty => new(ImmutableArray<T>.Empty);

        public ImmutableArray<T> AsImmutableArray() => items.IsDefault ? ImmutableArray<T>.Empty : items;

        public int Count => items.IsDefault ? 0 : items.Length;

        public T this[int index] => items[index];

        public bool Equals(EquatableArray<T> other)
        {
            var left = AsImmutableArray();
            var right = other.AsImmutableArray();
            if (left.Length != right.Length)
            {
                return false;
            }

            for (var i = 0; i < left.Length; i++)
            {
                if (!EqualityComparer<T>.Default.Equals(left[i], right[i]))
                {
                    return false;
                }
            }

            return true;
        }

        public override bool Equals(object? obj) => obj is EquatableArray<T> other && Equals(other);

        public override int GetHashCode()
        {
            var hash = 17;
            foreach (var item in AsImmutableArray())
            {
                hash = unchecked((hash * 31) + (item is null ? 0 : item.GetHashCode()));
            }

            return hash;
        }

        public IEnumerator<T> GetEnumerator() => ((IEnumerable<T>)AsImmutableArray()).GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public static bool operator ==(EquatableArray<T> left, EquatableArray<T> right) => left.Equals(right);

        public static bool operator !=(EquatableArray<T> left, EquatableArray<T> right) => !left.Equals(right);
    }

    internal static class EquatableArray
    {
        public static EquatableArray<T> ToEquatableArray<T>(this IEnumerable<T> items)
            where T : IEquatable<T>
            => new(items.ToImmutableArray());

        /// <summary>Sorted and distinct: the canonical form for sets in the model, so output order never depends on input order.</summary>
        public static EquatableArray<string> ToSortedSet(this IEnumerable<string> items)
        {
            // An ordinal set (a body's calls) is already distinct: copied straight into the array, not into another set. The
            // result is sorted in place, not ordered by key.
            var distinct = items is HashSet<string> set && ReferenceEquals(set.Comparer, StringComparer.Ordinal) ? set : new HashSet<string>(items, StringComparer.Ordinal);
            var sorted = new string[distinct.Count];
            distinct.CopyTo(sorted);
            Array.Sort(sorted, StringComparer.Ordinal);
            return new(ImmutableArray.Create(sorted));
        }
    }
}
