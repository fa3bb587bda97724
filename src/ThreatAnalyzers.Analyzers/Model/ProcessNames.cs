using System;
using System.Collections.Generic;

namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// How an entry point's process is told apart from a namesake: its parameter types, read from its process id. The
    /// recognizer names overloaded entry points with it (for the rules and the model alike); the model's fallback for
    /// processes that still share a name reads it from the process id too.
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
            var brace = typeId.IndexOf('{');
            var name = brace < 0 ? typeId : typeId.Substring(0, brace);
            name = name.Substring(name.LastIndexOf('.') + 1).TrimEnd('@');
            var backtick = name.IndexOf('`');
            if (backtick >= 0)
            {
                name = name.Substring(0, backtick);
            }

            return name switch
            {
                "Int32" => "int",
                "Int64" => "long",
                "String" => "string",
                "Boolean" => "bool",
                "Decimal" => "decimal",
                "Double" => "double",
                "Object" => "object",
                _ => name,
            } + (brace >= 0 ? "<…>" : string.Empty);
        }
    }
}
