using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The compilation's methods that may hand data to a sink, read from the text alone: a body can reach a sink only by
    /// calling it, or a method that can, by name. Starts from the names sinks are called by (the catalog's, the methods
    /// referenced projects recorded, [LoggerMessage] methods) and adds each method whose body calls one of the names, then
    /// each that calls one of those, and so on (each file's text read once, by several threads, into what its bodies call,
    /// kept with its tree: <see cref="FileCalls"/>; then joined into an index from a called name to the bodies that call
    /// it). So the flow recorder binds and walks only those bodies (on a library that logs counts, almost none), and in
    /// them only the calls by those names. Over-approximates (names, not symbols:
    /// every <c>Add</c> is taken for <c>DbSet.Add</c>). A sink's name counts only where some file spells the word its call
    /// needs (<see cref="SinkRow.OnlyWhereSpelled"/>, a static method's type): the one call this can miss is on an object
    /// of such a type that another assembly's member hands over in a project that never writes the type's name (a
    /// <c>Regex</c> from a shared library's property); otherwise it never misses a method the walk would find.
    /// </summary>
    internal sealed class SinkReachingNames
    {
        private readonly HashSet<string> names;
        private readonly HashSet<string> assigned;
        private readonly HashSet<(SyntaxTree Tree, int Start)> reaching;

        private SinkReachingNames(HashSet<string> names, HashSet<string> assigned, HashSet<(SyntaxTree, int)> reaching)
        {
            this.names = names;
            this.assigned = assigned;
            this.reaching = reaching;
        }

        /// <summary>Whether a call to a method of this name may reach a sink.</summary>
        public bool MayReachThroughCall(string name) => names.Contains(name);

        /// <summary>Whether setting a property of this name may be a sink.</summary>
        public bool IsAssignedSink(string name) => assigned.Contains(name);

        /// <summary>
        /// Whether the method's body may reach a sink: false only for a method, constructor or primary constructor of
        /// this compilation whose body calls no such name. Anything else (a local function) may.
        /// </summary>
        public bool MayReach(IMethodSymbol method)
        {
            if (method.MethodKind is not (MethodKind.Ordinary or MethodKind.Constructor) || method.DeclaringSyntaxReferences.IsEmpty)
            {
                return true;
            }

            foreach (var part in new[] { method, method.PartialImplementationPart })
            {
                if (part is null)
                {
                    continue;
                }

                foreach (var reference in part.DeclaringSyntaxReferences)
                {
                    if (reaching.Contains((reference.SyntaxTree, reference.Span.Start)))
                    {
                        return true;
                    }
                }
            }

            return false;
        }

        /// <summary>
        /// Starts the reading for a compilation: cheap. The threads that need the answer first help read the files
        /// (<see cref="Reading.Help"/>), then one of them joins what was read (<see cref="Reading.Finish"/>).
        /// </summary>
        /// <param name="compilation">The compilation.</param>
        /// <param name="catalog">Its sinks.</param>
        /// <param name="referenced">The records of the projects it references.</param>
        /// <param name="privilegesMayBeGranted">Whether it has persisted types whose members may grant privilege (<see cref="Frameworks.PrivilegeMembers.Exist"/>): a body that sets one then reaches a sink.</param>
        public static Reading Start(Compilation compilation, FlowCatalog catalog, ReferencedSummaries referenced, bool privilegesMayBeGranted = false)
            => new(compilation, catalog, referenced, privilegesMayBeGranted);

        public static SinkReachingNames Create(Compilation compilation, FlowCatalog catalog, ReferencedSummaries referenced, CancellationToken cancellationToken, bool privilegesMayBeGranted = false)
            => Start(compilation, catalog, referenced, privilegesMayBeGranted).Finish(cancellationToken);

        /// <summary>
        /// One compilation's files being read: each file's calls (<see cref="FileCalls"/>, kept with its tree), which of
        /// the words the sinks need some file spells, and which bodies set a sink property. Whichever thread asks takes
        /// the next file no thread has taken, so the threads of the analyzer driver that wait for the answer share the
        /// reading instead of waiting for one of them; a file another thread is still reading when the join starts is
        /// read again (the same answer) rather than waited for.
        /// </summary>
        internal sealed class Reading
        {
            private readonly SyntaxTree[] trees;
            private readonly FileReading?[] read;
            private readonly (string Name, string? Spelled)[] called;
            private readonly string[] words;
            private readonly string[][] wordGroups;
            private readonly int[] wordSpelled;
            private readonly string[] assigned;
            private readonly string[] granting;
            private readonly ReferencedSummaries referenced;
            private int next = -1;

            public Reading(Compilation compilation, FlowCatalog catalog, ReferencedSummaries referenced, bool privilegesMayBeGranted)
            {
                trees = compilation.SyntaxTrees.ToArray();
                read = new FileReading?[trees.Length];
                var (calledSinks, assignedSinks) = catalog.SinkNames();
                called = calledSinks.ToArray();
                words = called.Select(sink => sink.Spelled).OfType<string>().Where(word => word.Length > 0).Distinct(StringComparer.Ordinal).ToArray();
                wordGroups = Enumerable.Range(0, (words.Length + 63) / 64).Select(group => words.Skip(group * 64).Take(64).ToArray()).ToArray();
                wordSpelled = new int[words.Length];
                assigned = assignedSinks.Distinct(StringComparer.Ordinal).ToArray();
                // The words a member that grants privilege is named by (IsAdmin, RoleId, Permissions, AccessLevel), in any case.
                granting = privilegesMayBeGranted
                    ? Frameworks.PrivilegeMembers.GrantingNames.Concat(Frameworks.PrivilegeMembers.GrantingWords.Select(words => words[0])).Distinct(StringComparer.OrdinalIgnoreCase).ToArray()
                    : Array.Empty<string>();
                this.referenced = referenced;
            }

            /// <summary>Reads the files no thread has taken yet, until none is left.</summary>
            public void Help(CancellationToken cancellationToken)
            {
                // Every file taken already: nothing to count past the end (asked on every callback until the join is done).
                if (Volatile.Read(ref next) >= trees.Length - 1)
                {
                    return;
                }

                for (var index = Interlocked.Increment(ref next); index < trees.Length; index = Interlocked.Increment(ref next))
                {
                    ReadFile(index, cancellationToken);
                }
            }

            private FileReading ReadFile(int index, CancellationToken cancellationToken)
            {
                if (Volatile.Read(ref read[index]) is { } known)
                {
                    return known;
                }

                var calls = FileCalls.Of(trees[index], cancellationToken);
                var text = calls.Tree.GetText(cancellationToken).ToString();
                // A word some file was seen to spell is not looked for again (any file spelling it is enough); the rest
                // are asked of this file together, 64 at a time.
                for (var group = 0; group < words.Length; group += 64)
                {
                    var list = wordGroups[group / 64];
                    var asked = 0UL;
                    for (var word = 0; word < list.Length; word++)
                    {
                        if (Volatile.Read(ref wordSpelled[group + word]) == 0)
                        {
                            asked |= 1UL << word;
                        }
                    }

                    var spelled = asked == 0 ? 0 : SourceMentions.SpelledAmong(calls.Tree, text, list, asked, cancellationToken);
                    for (var word = 0; spelled != 0 && word < list.Length; word++)
                    {
                        if ((spelled & (1UL << word)) != 0)
                        {
                            Volatile.Write(ref wordSpelled[group + word], 1);
                        }
                    }
                }

                var assigning = new bool[calls.Bodies.Length];
                for (var body = 0; body < assigning.Length; body++)
                {
                    assigning[body] = Assigns(text, calls.Bodies[body].Span, assigned, StringComparison.Ordinal)
                                      || Assigns(text, calls.Bodies[body].Span, granting, StringComparison.OrdinalIgnoreCase);
                }

                var reading = new FileReading(calls, assigning);
                Volatile.Write(ref read[index], reading);
                return reading;
            }

            /// <summary>
            /// Joins the files: from the names sinks are called by (the catalog's, where their word is spelled; the methods
            /// referenced projects recorded; aliases; [LoggerMessage] methods), each body that calls a reaching name
            /// reaches, and its own name reaches in turn; a body whose text hides its calls, that sets a sink property
            /// or that names a member that may grant privilege (where persisted types exist), reaches outright.
            /// </summary>
            public SinkReachingNames Finish(CancellationToken cancellationToken)
            {
                Help(cancellationToken);
                var files = new FileReading[trees.Length];
                for (var index = 0; index < files.Length; index++)
                {
                    files[index] = ReadFile(index, cancellationToken);
                }

                // Every file was read once all the way (here, if not by another thread), so a word no flag marks is spelled nowhere.
                var spelled = new HashSet<string>(words.Where((_, word) => Volatile.Read(ref wordSpelled[word]) == 1), StringComparer.Ordinal);
                var names = new HashSet<string>(called.Where(sink => sink.Spelled is not { Length: > 0 } word || spelled.Contains(word)).Select(sink => sink.Name), StringComparer.Ordinal);
                names.UnionWith(referenced.MethodNames());
                foreach (var file in files)
                {
                    names.UnionWith(file.Calls.Aliases);
                    names.UnionWith(file.Calls.LoggerMessages);
                }

                // Only a name that reaches is ever looked up: one of those above or a body's own. A call by any other name
                // (a framework method's) is not indexed.
                var mayReach = new HashSet<int>();
                foreach (var name in names)
                {
                    mayReach.Add(CalledNames.HashOf(name));
                }

                foreach (var file in files)
                {
                    foreach (var body in file.Calls.Bodies)
                    {
                        mayReach.Add(CalledNames.HashOf(body.Name));
                    }
                }

                var reaching = new HashSet<(SyntaxTree, int)>();
                var callers = new Dictionary<int, List<(int File, int Body)>>();
                var newlyReaching = new Queue<string>(names);
                for (var fileIndex = 0; fileIndex < files.Length; fileIndex++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var file = files[fileIndex];
                    for (var index = 0; index < file.Calls.Bodies.Length; index++)
                    {
                        var body = file.Calls.Bodies[index];
                        if (body.MayCallAny || file.Assigning[index])
                        {
                            Reach(file.Calls.Tree, body);
                            continue;
                        }

                        for (var call = 0; call < body.CalledCount; call++)
                        {
                            var hash = file.Calls.Called(body, call);
                            if (!mayReach.Contains(hash))
                            {
                                continue;
                            }

                            if (!callers.TryGetValue(hash, out var list))
                            {
                                callers[hash] = list = new List<(int, int)>(1);
                            }

                            list.Add((fileIndex, index));
                        }
                    }
                }

                while (newlyReaching.Count > 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    if (!callers.TryGetValue(CalledNames.HashOf(newlyReaching.Dequeue()), out var calling))
                    {
                        continue;
                    }

                    // A hash shared by two names makes a body reach that does not: more bodies asked, none missed.
                    foreach (var (file, body) in calling)
                    {
                        Reach(files[file].Calls.Tree, files[file].Calls.Bodies[body]);
                    }
                }

                void Reach(SyntaxTree tree, CallingBody body)
                {
                    if (reaching.Add((tree, body.Start)) && names.Add(body.Name))
                    {
                        newlyReaching.Enqueue(body.Name);
                    }
                }

                return new SinkReachingNames(names, new HashSet<string>(assigned, StringComparer.Ordinal), reaching);
            }
        }

        /// <summary>Whether the body spells a property that is a sink when set (its name; the assignment is the binder's to find).</summary>
        private static bool Assigns(string text, TextSpan body, string[] assigned, StringComparison comparison)
        {
            foreach (var name in assigned)
            {
                if (text.IndexOf(name, body.Start, body.Length, comparison) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>One file as read for one compilation: its calls, and which of its bodies set a sink property.</summary>
        private sealed record FileReading(FileCalls Calls, bool[] Assigning);
    }
}
