using System;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using ThreatAnalyzers.Analysis;
using ThreatAnalyzers.Extraction;

namespace ThreatAnalyzers.Frameworks
{
    /// <summary>
    /// The base class library's calls that change state outside the process's memory: starting a process, and creating,
    /// writing, moving or deleting files, and deleting or moving directories. Reading a file is not a state change, and
    /// neither is creating a folder (<c>Directory.CreateDirectory</c> is idempotent: a store's lazy
    /// <c>if (!Directory.Exists(folder)) Directory.CreateDirectory(folder);</c> changes nothing a caller could use).
    /// </summary>
    internal static class SystemEffects
    {
        public static readonly ReachRow[] Rows =
        {
            new("System.Diagnostics.Process", ReachKind.Process, "Start"),

            Files("System.IO.File", "WriteAllText", "WriteAllTextAsync", "WriteAllBytes", "WriteAllBytesAsync", "WriteAllLines", "WriteAllLinesAsync",
                "AppendAllText", "AppendAllTextAsync", "AppendAllLines", "AppendAllLinesAsync", "AppendText", "Create", "CreateText", "Delete", "Move",
                "Copy", "Replace", "OpenWrite", "SetAttributes", "Encrypt", "Decrypt"),
            Files("System.IO.Directory", "Delete", "Move"),
            Files("System.IO.FileInfo", "Create", "CreateText", "AppendText", "Delete", "MoveTo", "CopyTo", "Replace", "OpenWrite", "Encrypt", "Decrypt"),
            Files("System.IO.DirectoryInfo", "Delete", "MoveTo"),
        };

        /// <summary>
        /// Calls that open a file and write it only with some arguments (<see cref="OpensForWriting"/>): a constant
        /// <c>FileMode</c> that creates, truncates or appends, or a constant <c>FileAccess</c> that writes; a
        /// <c>StreamWriter</c> given a path (not a stream) always writes. ".ctor" is a constructor.
        /// </summary>
        public static readonly ReachRow[] Opens =
        {
            Files("System.IO.FileStream", ".ctor"),
            Files("System.IO.File", "Open", "OpenHandle"),
            Files("System.IO.FileInfo", "Open"),
            Files("System.IO.StreamWriter", ".ctor"),
        };

        /// <summary>FileMode.CreateNew, Create, OpenOrCreate, Truncate, Append (FileMode.Open = 3 only opens).</summary>
        private static readonly ImmutableHashSet<long> WritingModes = ImmutableHashSet.Create(1L, 2L, 4L, 5L, 6L);

        /// <summary>FileAccess.Write.</summary>
        private const long WriteAccess = 2;

        /// <summary>
        /// Whether a call of an <see cref="Opens"/> row opens its file for writing: its arguments say so as constants, or it
        /// is a StreamWriter constructor given a path.
        /// </summary>
        public static bool OpensForWriting(IMethodSymbol method, ImmutableArray<IArgumentOperation> arguments)
        {
            if (method.MethodKind == MethodKind.Constructor && method.ContainingType?.Name == "StreamWriter")
            {
                return method.Parameters.Length > 0 && method.Parameters[0].Type.SpecialType == SpecialType.System_String;
            }

            foreach (var argument in arguments)
            {
                if (argument.Parameter?.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } type
                    || !NamespaceNames.Is(type.ContainingNamespace, "System.IO")
                    || argument.Value.WithoutConversions().ConstantValue is not { HasValue: true, Value: { } value })
                {
                    continue;
                }

                var number = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);
                if ((type.Name == "FileMode" && WritingModes.Contains(number)) || (type.Name == "FileAccess" && (number & WriteAccess) != 0))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>Several members of one type that change files.</summary>
        private static ReachRow Files(string type, params string[] members) => new(type, ReachKind.FileWrite, members);
    }
}
