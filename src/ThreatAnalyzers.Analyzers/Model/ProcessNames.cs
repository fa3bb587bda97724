using System;
using System.Collections.Generic;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// How an entry point's process is told apart from a namesake: its parameter types, each by its simple name (a keyword
    /// for the common ones, <c>&lt;…&gt;</c> for a generic's arguments). The recognizer names overloaded entry points from
    /// the method's symbol in the same form (<see cref="Extraction.EntryPointRecognizer"/>, for the rules and the model
    /// alike); the model's fallback for processes that still share a name reads it here from the process id, which spells
    /// a type parameter by its position only.
    /// </summary>
    internal static class ProcessNames
    {
        /// <summary>
        /// <c>(int)</c> for <c>process:M:Shop.ProductController.Get(System.Int32)</c>, <c>(GetAllProductsParameter)</c> for a
        /// parameter of type <c>Shop.GetAllProductsParameter</c>: each parameter type's simple name (a keyword for the
        /// common ones), from the method's id; null for a process that is not a method's (a route's lambda).
        /// </summary>
        public static string? ParameterListOf(string processId)
        {
            const string prefix = "process:M:";
            if (!processId.StartsWith(prefix, StringComparison.Ordinal) || processId.IndexOf('#') >= 0)
            {
                return null;
            }

            var end = processId.IndexOf("@T:", StringComparison.Ordinal);
            var id = end < 0 ? processId : processId.Substring(0, end);
            var open = id.IndexOf('(');
            if (open < 0)
            {
                return "()";
            }

            // Split at the commas between parameters, not those inside a generic type's braces.
            var parameters = new List<string>();
            var depth = 0;
            var start = open + 1;
            for (var i = start; i < id.Length; i++)
            {
                var c = id[i];
                if (c is '{' or '[')
                {
                    depth++;
                }
                else if (c is '}' or ']')
                {
                    depth--;
                }
                else if ((c == ',' && depth == 0) || (c == ')' && depth == 0))
                {
                    parameters.Add(SimpleTypeName(id.Substring(start, i - start)));
                    start = i + 1;
                    if (c == ')')
                    {
                        break;
                    }
                }
            }

            return "(" + string.Join(", ", parameters) + ")";
        }

        private static string SimpleTypeName(string typeId)
        {
            typeId = typeId.TrimEnd('@');
            var arrays = string.Empty;
            while (typeId.EndsWith("[]", StringComparison.Ordinal))
            {
                arrays += "[]";
                typeId = typeId.Substring(0, typeId.Length - 2);
            }

            // A type parameter is spelled by its position (``0 the method's, `0 its type's): its name is not in the id.
            if (typeId.StartsWith("`", StringComparison.Ordinal))
            {
                var position = typeId.TrimStart('`');
                return (position == "0" ? "T" : "T" + position) + arrays;
            }

            var brace = typeId.IndexOf('{');
            var qualified = brace < 0 ? typeId : typeId.Substring(0, brace);
            if (qualified == "System.Nullable" && brace >= 0 && typeId.EndsWith("}", StringComparison.Ordinal))
            {
                return SimpleTypeName(typeId.Substring(brace + 1, typeId.Length - brace - 2)) + "?" + arrays;
            }

            var dot = qualified.LastIndexOf('.');
            var name = qualified.Substring(dot + 1);
            var backtick = name.IndexOf('`');
            if (backtick >= 0)
            {
                name = name.Substring(0, backtick);
            }

            if (brace >= 0)
            {
                return name + "<…>" + arrays;
            }

            return (dot == "System".Length && qualified.StartsWith("System.", StringComparison.Ordinal) ? Keyword(name) ?? name : name) + arrays;
        }

        /// <summary>The C# keyword of a System type the parameters of actions commonly have.</summary>
        internal static string? Keyword(string systemTypeName) => systemTypeName switch
        {
            "Int32" => "int",
            "Int64" => "long",
            "Int16" => "short",
            "Byte" => "byte",
            "String" => "string",
            "Boolean" => "bool",
            "Decimal" => "decimal",
            "Double" => "double",
            "Single" => "float",
            "Char" => "char",
            "Object" => "object",
            _ => null,
        };
    }
}
