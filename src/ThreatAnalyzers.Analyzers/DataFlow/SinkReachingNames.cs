using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>
    /// The compilation's methods that may hand data to a sink, read from the text alone: a body can reach a sink only by
    /// calling it, or a method that can, by name. Starts from the names sinks are called by (the catalog's, the methods
    /// referenced projects recorded, [LoggerMessage] methods) and adds each method whose body calls one of the names, then
    /// each that calls one of those, and so on (each body's text read once, into an index from a called name to the bodies
    /// that call it). So the flow recorder binds and walks only those bodies (on a library
    /// that logs counts, almost none), and in them only the calls by those names. Over-approximates (names, not symbols:
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

        public static SinkReachingNames Create(Compilation compilation, FlowCatalog catalog, ReferencedSummaries referenced, CancellationToken cancellationToken)
        {
            var (called, assignedSinks) = catalog.SinkNames();

            // A sink whose call can only be written where the code spells a word (Regex.Replace, not string.Replace) seeds
            // its name only where some file spells the word.
            var spelled = SourceMentions.NamedParts(compilation, called.Select(sink => sink.Spelled).OfType<string>(), cancellationToken);
            var names = new HashSet<string>(called.Where(sink => sink.Spelled is null || spelled.Contains(sink.Spelled)).Select(sink => sink.Name), StringComparer.Ordinal);
            names.UnionWith(referenced.MethodNames());
            var assigned = new HashSet<string>(assignedSinks, StringComparer.Ordinal);

            var declarations = new List<Declaration>();
            foreach (var tree in compilation.SyntaxTrees)
            {
                var text = tree.GetText(cancellationToken).ToString();
                var otherwise = SourceMentions.MaySpellIdentifiersOtherwise(tree, text);
                foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes(n => n is CompilationUnitSyntax or BaseNamespaceDeclarationSyntax or TypeDeclarationSyntax))
                {
                    switch (node)
                    {
                        case UsingDirectiveSyntax { Alias: { } alias }:
                            // `new Cmd(…)` with `using Cmd = …SqlCommand;` calls the sink by the alias.
                            names.Add(alias.Name.Identifier.ValueText);
                            break;
                        case MethodDeclarationSyntax method when method.Body is not null || method.ExpressionBody is not null:
                            declarations.Add(new Declaration(tree, text, node.SpanStart, method.Identifier.ValueText, Body(method), otherwise));
                            if (method.AttributeLists.Any(list => list.ToString().IndexOf("LoggerMessage", StringComparison.Ordinal) >= 0))
                            {
                                names.Add(method.Identifier.ValueText);
                            }

                            break;
                        case MethodDeclarationSyntax loggerMessage when loggerMessage.AttributeLists.Any(list => list.ToString().IndexOf("LoggerMessage", StringComparison.Ordinal) >= 0):
                            // Its body is generated: it writes a log entry.
                            names.Add(loggerMessage.Identifier.ValueText);
                            break;
                        case ConstructorDeclarationSyntax constructor:
                            // `: base(…)` and `: this(…)` call a constructor not by its name: such a constructor is taken as reaching.
                            declarations.Add(new Declaration(tree, text, node.SpanStart, constructor.Identifier.ValueText, Body(constructor), otherwise || constructor.Initializer is not null));
                            break;
                        case TypeDeclarationSyntax { ParameterList: not null, BaseList.Types: { Count: > 0 } bases } type when bases[0] is PrimaryConstructorBaseTypeSyntax primary:
                            // A primary constructor's only code is what it hands its base.
                            declarations.Add(new Declaration(tree, text, node.SpanStart, type.Identifier.ValueText, primary.Span, otherwise));
                            break;
                    }
                }
            }

            // One pass over the bodies: each one's called names, by hash, into an index from a name to the bodies that call
            // it; a body whose text hides its calls, or that sets a sink property, reaches outright. Then from the names
            // sinks are called by, each body that calls a reaching name reaches, and its own name reaches in turn.
            var reaching = new HashSet<(SyntaxTree, int)>();
            var callers = new Dictionary<int, List<Declaration>>();
            var newlyReaching = new Queue<string>(names);
            var calledInBody = new HashSet<int>();
            foreach (var declaration in declarations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                calledInBody.Clear();
                if (declaration.SpellsOtherwise || !CalledNames.TryCollectCalled(declaration.Text, declaration.Body.Start, declaration.Body.End, calledInBody) || Assigns(declaration, assigned))
                {
                    Reach(declaration);
                    continue;
                }

                foreach (var hash in calledInBody)
                {
                    if (!callers.TryGetValue(hash, out var list))
                    {
                        callers[hash] = list = new List<Declaration>(1);
                    }

                    list.Add(declaration);
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
                foreach (var declaration in calling)
                {
                    Reach(declaration);
                }
            }

            void Reach(Declaration declaration)
            {
                if (reaching.Add((declaration.Tree, declaration.Start)) && names.Add(declaration.Name))
                {
                    newlyReaching.Enqueue(declaration.Name);
                }
            }

            return new SinkReachingNames(names, assigned, reaching);
        }

        private static TextSpan Body(BaseMethodDeclarationSyntax method)
            => method.Body?.Span ?? method.ExpressionBody?.Span ?? method.Span;

        /// <summary>Whether the body spells a property that is a sink when set (its name; the assignment is the binder's to find).</summary>
        private static bool Assigns(Declaration declaration, HashSet<string> assigned)
        {
            foreach (var name in assigned)
            {
                if (declaration.Text.IndexOf(name, declaration.Body.Start, declaration.Body.Length, StringComparison.Ordinal) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private sealed class Declaration
        {
            public Declaration(SyntaxTree tree, string text, int start, string name, TextSpan body, bool spellsOtherwise)
            {
                Tree = tree;
                Text = text;
                Start = start;
                Name = name;
                Body = body;
                SpellsOtherwise = spellsOtherwise;
            }

            public SyntaxTree Tree { get; }

            public string Text { get; }

            public int Start { get; }

            public string Name { get; }

            public TextSpan Body { get; }

            /// <summary>Taken as reaching: the file may spell a name with escapes, or a constructor calls another by base or this.</summary>
            public bool SpellsOtherwise { get; }
        }
    }
}
