using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// What one file's text says about the calls its bodies make, for <see cref="SinkReachingNames"/>: each method's,
    /// constructor's and primary constructor's body with the names it calls (by <see cref="CalledNames.HashOf"/>), the
    /// aliases the file declares and its [LoggerMessage] methods. A function of the tree alone, so it is kept with the
    /// tree: an edit re-reads only the edited file, and the files of one compilation can be read by several threads.
    /// </summary>
    internal sealed class FileCalls
    {
        private static readonly ConditionalWeakTable<SyntaxTree, FileCalls> Cache = new();

        // What a thread collects while it reads one file, reused for the next one it reads (reading never nests): only
        // what is kept is allocated per file.
        [ThreadStatic]
        private static ReadBuffers? buffers;

        private const int MaxReusedCapacity = 4096;

        private FileCalls(SyntaxTree tree, ImmutableArray<CallingBody> bodies, int[] called, ImmutableArray<string> aliases, ImmutableArray<string> loggerMessages)
        {
            Tree = tree;
            Bodies = bodies;
            this.called = called;
            Aliases = aliases;
            LoggerMessages = loggerMessages;
        }

        public SyntaxTree Tree { get; }

        public ImmutableArray<CallingBody> Bodies { get; }

        // The hashes every body calls, one body's after another's (one array per file, not one per body).
        private readonly int[] called;

        /// <summary>The hash of the <paramref name="index"/>th name the body calls (<see cref="CallingBody.CalledCount"/> of them).</summary>
        public int Called(CallingBody body, int index) => called[body.FirstCalled + index];

        /// <summary>The names of the file's using aliases (<c>using Cmd = …SqlCommand;</c>: <c>new Cmd(…)</c> calls the sink by it).</summary>
        public ImmutableArray<string> Aliases { get; }

        /// <summary>The file's [LoggerMessage] methods: each writes a log entry, its body generated.</summary>
        public ImmutableArray<string> LoggerMessages { get; }

        public static FileCalls Of(SyntaxTree tree, CancellationToken cancellationToken)
        {
            if (Cache.TryGetValue(tree, out var known))
            {
                return known;
            }

            // Two threads may read the same file at once: both get the first one kept.
            var read = Read(tree, cancellationToken);
            return Cache.GetValue(tree, _ => read);
        }

        /// <summary>Whether the tree's calls were read (and are kept with it).</summary>
        internal static bool WasRead(SyntaxTree tree) => Cache.TryGetValue(tree, out _);

        private static FileCalls Read(SyntaxTree tree, CancellationToken cancellationToken)
        {
            var text = tree.GetText(cancellationToken).ToString();
            var otherwise = SourceMentions.MaySpellIdentifiersOtherwise(tree, text);
            var reused = buffers ??= new ReadBuffers();
            var (bodies, called, allCalled) = (reused.Bodies, reused.CalledByOneBody, reused.CalledInFile);
            bodies.Clear();
            allCalled.Clear();
            ImmutableArray<string>.Builder? aliases = null, loggerMessages = null;
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
            {
                switch (node)
                {
                    case UsingDirectiveSyntax { Alias: { } alias }:
                        (aliases ??= ImmutableArray.CreateBuilder<string>()).Add(alias.Name.Identifier.ValueText);
                        break;
                    case MethodDeclarationSyntax method:
                        if (method.AttributeLists.Any(list => text.IndexOf("LoggerMessage", list.Span.Start, list.Span.Length, StringComparison.Ordinal) >= 0))
                        {
                            (loggerMessages ??= ImmutableArray.CreateBuilder<string>()).Add(method.Identifier.ValueText);
                        }

                        if (method.Body is not null || method.ExpressionBody is not null)
                        {
                            bodies.Add(Body(node.SpanStart, method.Identifier.ValueText, BodySpan(method), anyCall: otherwise));
                        }

                        break;
                    case ConstructorDeclarationSyntax constructor:
                        // `: base(…)` and `: this(…)` call a constructor not by its name: such a constructor may call anything.
                        bodies.Add(Body(node.SpanStart, constructor.Identifier.ValueText, BodySpan(constructor), anyCall: otherwise || constructor.Initializer is not null));
                        break;
                    case TypeDeclarationSyntax { ParameterList: not null, BaseList.Types: { Count: > 0 } bases } type when bases[0] is PrimaryConstructorBaseTypeSyntax primary:
                        // A primary constructor's only code is what it hands its base.
                        bodies.Add(Body(node.SpanStart, type.Identifier.ValueText, primary.Span, anyCall: otherwise));
                        break;
                }
            }

            var kept = ImmutableArray.CreateBuilder<CallingBody>(bodies.Count);
            kept.AddRange(bodies);
            var calledHashes = allCalled.ToArray();
            if (bodies.Count > MaxReusedCapacity || allCalled.Count > MaxReusedCapacity)
            {
                // An unusually large file (every body's names are in allCalled): its buffers are not kept alive with the thread
                // (a compiler server's, an IDE's).
                buffers = null;
            }

            return new FileCalls(
                tree,
                kept.MoveToImmutable(),
                calledHashes,
                aliases?.ToImmutable() ?? ImmutableArray<string>.Empty,
                loggerMessages?.ToImmutable() ?? ImmutableArray<string>.Empty);

            CallingBody Body(int start, string name, TextSpan span, bool anyCall)
            {
                cancellationToken.ThrowIfCancellationRequested();
                called.Clear();
                if (anyCall || !CalledNames.TryCollectCalled(text, span.Start, span.End, called))
                {
                    return new CallingBody(start, name, span, 0, -1);
                }

                var first = allCalled.Count;
                allCalled.AddRange(called);
                return new CallingBody(start, name, span, first, called.Count);
            }
        }

        private sealed class ReadBuffers
        {
            public readonly List<CallingBody> Bodies = new();
            public readonly HashSet<int> CalledByOneBody = new();
            public readonly List<int> CalledInFile = new();
        }

        private static TextSpan BodySpan(BaseMethodDeclarationSyntax method)
            => method.Body?.Span ?? method.ExpressionBody?.Span ?? method.Span;
    }

    /// <summary>
    /// A body of a file (<see cref="FileCalls"/>): where its declaration starts (what a symbol's syntax reference
    /// gives), the name it is called by, its span, and where the hashes of the names it calls are in its file's
    /// (<see cref="FileCalls.Called"/>); <see cref="MayCallAny"/> where its text hides its calls (an escaped spelling, a
    /// comment before a parenthesis, a constructor's <c>base(…)</c>).
    /// </summary>
    internal readonly struct CallingBody
    {
        public CallingBody(int start, string name, TextSpan span, int firstCalled, int calledCount)
        {
            Start = start;
            Name = name;
            Span = span;
            FirstCalled = firstCalled;
            CalledCount = calledCount;
        }

        public int Start { get; }

        public string Name { get; }

        public TextSpan Span { get; }

        public int FirstCalled { get; }

        /// <summary>How many names the body calls; -1 where it may call any.</summary>
        public int CalledCount { get; }

        public bool MayCallAny => CalledCount < 0;
    }
}
