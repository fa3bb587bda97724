using System;
using System.Collections.Generic;
using System.Linq;

namespace ThreatAnalyzers.Analysis
{
    /// <summary>
    /// A set of simple names of methods (and, where asked, of types whose constructors count as calls), and whether a
    /// piece of source text calls one: the name written just before an opening parenthesis (<c>x.Name(</c>,
    /// <c>Name&lt;T&gt;(</c>, <c>new Name(</c>). A target-typed <c>new(…)</c> does not write the type it makes: it may
    /// call any constructor, but none of a set of method names. One pass over the text's
    /// parentheses, no syntax and no strings allocated, so asking it of every file of a compilation costs about what
    /// searching the text for one word does. A first answer, never a missed one: where the text is unusual (a comment
    /// between the name and its parenthesis) it says yes, and a yes is confirmed by the syntax or the binder.
    /// </summary>
    internal sealed class CalledNames
    {
        private const int MaxTypeArgumentsLength = 512;

        private readonly Dictionary<int, string[]> byHash = new();
        private readonly int shortest;
        private readonly int longest;

        private readonly bool mayNameTypes;

        /// <param name="names">The simple names.</param>
        /// <param name="mayNameTypes">Whether some names are types whose constructors are asked about.</param>
        public CalledNames(IEnumerable<string> names, bool mayNameTypes)
        {
            this.mayNameTypes = mayNameTypes;
            foreach (var group in names.Where(name => !string.IsNullOrEmpty(name)).Distinct(StringComparer.Ordinal).GroupBy(name => Hash(name, 0, name.Length)))
            {
                byHash[group.Key] = group.ToArray();
            }

            var all = byHash.Values.SelectMany(names => names).ToList();
            shortest = all.Count == 0 ? 0 : all.Min(name => name.Length);
            longest = all.Count == 0 ? 0 : all.Max(name => name.Length);
        }

        public bool IsEmpty => byHash.Count == 0;

        /// <summary>Whether the text between <paramref name="start"/> and <paramref name="end"/> calls one of the names.</summary>
        public bool AnyCalledIn(string text, int start, int end)
        {
            if (IsEmpty)
            {
                return false;
            }

            var match = new Match(this);
            return Scan(text, start, end, targetTypedNewMayCallAny: mayNameTypes, ref match);
        }

        /// <summary>
        /// The hashes (<see cref="HashOf"/>) of the names the text between <paramref name="start"/> and
        /// <paramref name="end"/> calls, into <paramref name="hashes"/>; false where the text is unusual and any name may be
        /// called (a comment between a name and its parenthesis, a target-typed <c>new(…)</c>).
        /// </summary>
        public static bool TryCollectCalled(string text, int start, int end, HashSet<int> hashes)
        {
            var collect = new Collect(hashes);
            return !Scan(text, start, end, targetTypedNewMayCallAny: true, ref collect);
        }

        /// <summary>The hash a name is collected under by <see cref="TryCollectCalled"/>.</summary>
        public static int HashOf(string name) => Hash(name, 0, name.Length);

        /// <summary>What the scan does with each name written before a parenthesis: true stops it with a yes.</summary>
        private interface INameVisitor
        {
            bool Visit(string text, int first, int length);
        }

        private readonly struct Match : INameVisitor
        {
            private readonly CalledNames names;

            public Match(CalledNames names) => this.names = names;

            public bool Visit(string text, int first, int length)
            {
                if (length >= names.shortest && length <= names.longest && names.byHash.TryGetValue(Hash(text, first, length), out var candidates))
                {
                    foreach (var name in candidates)
                    {
                        if (name.Length == length && string.CompareOrdinal(text, first, name, 0, length) == 0)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }
        }

        private readonly struct Collect : INameVisitor
        {
            private readonly HashSet<int> hashes;

            public Collect(HashSet<int> hashes) => this.hashes = hashes;

            public bool Visit(string text, int first, int length)
            {
                if (length > 0)
                {
                    hashes.Add(Hash(text, first, length));
                }

                return false;
            }
        }

        /// <summary>
        /// Each name written just before an opening parenthesis, to the visitor; true as soon as the visitor says yes, or
        /// where the text is unusual and no name can be read back (then any name may be called there).
        /// </summary>
        private static bool Scan<TVisitor>(string text, int start, int end, bool targetTypedNewMayCallAny, ref TVisitor visitor)
            where TVisitor : struct, INameVisitor
        {
            for (var open = text.IndexOf('(', start, end - start); open >= 0; open = open + 1 < end ? text.IndexOf('(', open + 1, end - open - 1) : -1)
            {
                var last = SkipBack(text, open - 1, start);
                if (last >= start && text[last] == '>')
                {
                    if (last > start && text[last - 1] is '=' or '-')
                    {
                        // A lambda's or a pointer's arrow, then a parenthesis: no name is called here.
                        continue;
                    }

                    // Type arguments: back to the matching '<', not further than type arguments are long.
                    var depth = 0;
                    var limit = Math.Max(start, last - MaxTypeArgumentsLength);
                    for (; last >= limit; last--)
                    {
                        depth += text[last] == '>' ? 1 : text[last] == '<' ? -1 : 0;
                        if (depth == 0)
                        {
                            break;
                        }
                    }

                    if (depth != 0)
                    {
                        return true;
                    }

                    last = SkipBack(text, last - 1, start);
                }

                if (last >= start && text[last] == '/')
                {
                    // A comment between a name and its parenthesis: the name cannot be read from here.
                    return true;
                }

                if (text.IndexOf('\n', last + 1, open - last - 1) >= 0 && LineMayHideName(text, last, start))
                {
                    // The name ends a line that holds a line comment or is a directive: what comes before the
                    // parenthesis is not read back reliably.
                    return true;
                }

                if (last >= 3 && last - 2 >= start && string.CompareOrdinal(text, last - 2, "new", 0, 3) == 0 && (last - 3 < start || !IsIdentifierPart(text[last - 3])))
                {
                    // A target-typed new(…): the type it makes is not written here. It calls a constructor, so it is
                    // no match where only methods are asked about.
                    if (targetTypedNewMayCallAny)
                    {
                        return true;
                    }

                    continue;
                }

                var first = last;
                while (first >= start && IsIdentifierPart(text[first]))
                {
                    first--;
                }

                first++;
                if (visitor.Visit(text, first, last - first + 1))
                {
                    return true;
                }
            }

            return false;
        }

        private static int SkipBack(string text, int at, int start)
        {
            // The compiler's whitespace: also U+FEFF and U+001A, which char.IsWhiteSpace does not count.
            while (at >= start && (char.IsWhiteSpace(text[at]) || text[at] is '\uFEFF' or '\u001A'))
            {
                at--;
            }

            return at;
        }

        private static bool IsIdentifierPart(char c) => c == '_' || char.IsLetterOrDigit(c);

        /// <summary>Whether the line that ends at <paramref name="last"/> has a line comment or is a preprocessor directive.</summary>
        private static bool LineMayHideName(string text, int last, int start)
        {
            var lineStart = last;
            while (lineStart > start && text[lineStart - 1] != '\n')
            {
                lineStart--;
            }

            var line = text.Substring(lineStart, last - lineStart + 1);
            return line.IndexOf("//", StringComparison.Ordinal) >= 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal);
        }

        private static int Hash(string text, int start, int length)
        {
            unchecked
            {
                var hash = (int)2166136261;
                for (var i = start; i < start + length; i++)
                {
                    hash = (hash ^ text[i]) * 16777619;
                }

                return hash;
            }
        }
    }
}
