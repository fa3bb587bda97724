using System;
using System.Linq;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ThreatAnalyzers.Extraction
{
    /// <summary>
    /// Which ThreatAnalyzers annotations a compilation can actually meet, so that a project that references the package
    /// but uses none of an annotation pays nothing for it: the attribute names written on its declarations (read from
    /// syntax, method bodies skipped, once per file and kept with its tree), and whether a referenced assembly was itself
    /// built against the annotations (its types may carry them). Joined once per compilation, on first use.
    /// </summary>
    internal sealed class AnnotationUsage
    {
        private const string AnnotationsAssembly = "ThreatAnalyzers.Annotations";
        private static readonly ConditionalWeakTable<Compilation, AnnotationUsage> Cache = new();

        private readonly Compilation compilation;
        private readonly Lazy<(HashSet<string> Names, bool Aliased)> declared;
        private readonly Lazy<bool> referencedAssembliesMayCarry;
        private readonly Lazy<HashSet<string>> spelled;

        private AnnotationUsage(Compilation compilation)
        {
            this.compilation = compilation;
            declared = new Lazy<(HashSet<string>, bool)>(ReadDeclared, LazyThreadSafetyMode.ExecutionAndPublication);
            referencedAssembliesMayCarry = new Lazy<bool>(ReadReferences, LazyThreadSafetyMode.ExecutionAndPublication);
            spelled = new Lazy<HashSet<string>>(ReadSpelled, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        public static AnnotationUsage Of(Compilation compilation) => Cache.GetValue(compilation, c => new AnnotationUsage(c));

        /// <summary>
        /// Whether an attribute of this simple name may be written anywhere in the compilation, inside bodies too (a local
        /// function's or a lambda's parameter): some file's text spells it, or a reference may carry it, or an alias may
        /// hide it.
        /// </summary>
        public bool MaySpell(string name)
            => referencedAssembliesMayCarry.Value || declared.Value.Aliased || spelled.Value.Contains(name);

        /// <summary>Whether an attribute of this simple name (without "Attribute") may apply to code of this compilation.</summary>
        public bool MayUse(string name) => referencedAssembliesMayCarry.Value || declared.Value.Aliased || declared.Value.Names.Contains(name);

        /// <summary>Whether an attribute written with this simple name may be one of ours: one of their names, or any name where an alias hides them.</summary>
        public bool IsCandidate(string name) => Array.IndexOf(AllNames, name) >= 0 || declared.Value.Aliased;

        /// <summary>The simple name an attribute is written with, without the "Attribute" suffix (aliases are seen as their alias).</summary>
        public static string? SimpleName(AttributeSyntax attribute)
        {
            var name = attribute.Name switch
            {
                QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
                AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
                SimpleNameSyntax simple => simple.Identifier.ValueText,
                _ => null,
            };
            return name is not null && name.EndsWith("Attribute", StringComparison.Ordinal) && name.Length > "Attribute".Length
                ? name.Substring(0, name.Length - "Attribute".Length)
                : name;
        }

        private (HashSet<string> Names, bool Aliased) ReadDeclared()
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            var aliases = false;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var file = FileDeclarations.Of(tree);
                names.UnionWith(file.Names);
                aliases |= file.Aliased;
            }

            // An alias to an annotation (using Boundary = ThreatAnalyzers.TrustBoundaryAttribute) hides its name: assume any.
            return (names, aliases);
        }

        /// <summary>
        /// The attribute names one file writes on its declarations, and whether it aliases a ThreatAnalyzers name: a
        /// function of the tree alone, kept with it, so a new compilation after an edit re-reads only the edited file.
        /// </summary>
        private sealed class FileDeclarations
        {
            private static readonly ConditionalWeakTable<SyntaxTree, FileDeclarations> Cache = new();
            private static readonly FileDeclarations None = new(Array.Empty<string>(), aliased: false);

            private FileDeclarations(string[] names, bool aliased)
            {
                Names = names;
                Aliased = aliased;
            }

            public string[] Names { get; }

            public bool Aliased { get; }

            public static FileDeclarations Of(SyntaxTree tree) => Cache.GetValue(tree, Read);

            private static FileDeclarations Read(SyntaxTree tree)
            {
                // A file whose text spells none of the names, nor the namespace an alias would name, uses none: its text is
                // searched, not its syntax walked (the names are also parts of longer names, so this only over-counts).
                if (FileSpelling.Of(tree) is { Names: 0, Namespace: false, Otherwise: false })
                {
                    return None;
                }

                var names = new HashSet<string>(StringComparer.Ordinal);
                var aliased = false;

                // Attributes sit on declarations; statements and initializers hold none that matter here (lambdas' are in
                // route mappings, which are recognized by their call).
                foreach (var node in tree.GetRoot().DescendantNodes(n => n is not (BlockSyntax or ArrowExpressionClauseSyntax or EqualsValueClauseSyntax)))
                {
                    if (node is AttributeSyntax attribute && SimpleName(attribute) is { } name)
                    {
                        names.Add(name);
                    }
                    else if (node is UsingDirectiveSyntax { Alias: not null } alias && alias.ToString().IndexOf("ThreatAnalyzers", StringComparison.Ordinal) >= 0)
                    {
                        aliased = true;
                    }
                }

                return names.Count == 0 && !aliased ? None : new FileDeclarations(names.ToArray(), aliased);
            }
        }

        /// <summary>The names some file's text spells (all of them where a file may spell identifiers with escapes).</summary>
        private HashSet<string> ReadSpelled()
        {
            var spelled = 0;
            foreach (var tree in compilation.SyntaxTrees)
            {
                var file = FileSpelling.Of(tree);
                spelled |= file.Otherwise ? (1 << AllNames.Length) - 1 : file.Names;
            }

            return new HashSet<string>(AllNames.Where((_, index) => (spelled & (1 << index)) != 0), StringComparer.Ordinal);
        }

        /// <summary>
        /// Which of the annotations' names a file's text spells (a bit per name of <see cref="AllNames"/>), whether it
        /// spells their namespace, and whether it may spell identifiers otherwise: read once per file for both questions
        /// above and kept with the tree (a function of its text alone), so an edit re-reads only the edited file.
        /// </summary>
        private sealed class FileSpelling
        {
            private static readonly ConditionalWeakTable<SyntaxTree, FileSpelling> Cache = new();

            private FileSpelling(int names, bool @namespace, bool otherwise)
            {
                Names = names;
                Namespace = @namespace;
                Otherwise = otherwise;
            }

            public int Names { get; }

            public bool Namespace { get; }

            public bool Otherwise { get; }

            public static FileSpelling Of(SyntaxTree tree) => Cache.GetValue(tree, Read);

            private static FileSpelling Read(SyntaxTree tree)
            {
                var text = tree.GetText().ToString();
                var names = 0;
                for (var index = 0; index < AllNames.Length; index++)
                {
                    if (text.IndexOf(AllNames[index], StringComparison.Ordinal) >= 0)
                    {
                        names |= 1 << index;
                    }
                }

                return new FileSpelling(names, text.IndexOf(AnnotationTypes.Namespace, StringComparison.Ordinal) >= 0, Analysis.SourceMentions.MaySpellIdentifiersOtherwise(tree, text));
            }
        }

        private bool ReadReferences()
        {
            foreach (var assembly in compilation.SourceModule.ReferencedAssemblySymbols)
            {
                if (assembly.Name == AnnotationsAssembly)
                {
                    continue;
                }

                foreach (var module in assembly.Modules)
                {
                    foreach (var referenced in module.ReferencedAssemblies)
                    {
                        if (referenced.Name == AnnotationsAssembly)
                        {
                            return true;
                        }
                    }
                }
            }

            return false;
        }

        // At most 31 names: FileSpelling keeps a bit per name in an int.
        private static readonly string[] AllNames =
        {
            "TrustBoundary", "DataStore", "ExternalEntity", "HandlesPii", "HandlesSecrets", "Authenticated", "RequiresRole", "Validates",
            "Audited", "RateLimited", "EncryptedAtRest", "EncryptedInTransit", "Mitigates", "AcceptsRisk",
        };
    }
}
