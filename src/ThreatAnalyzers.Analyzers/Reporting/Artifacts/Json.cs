using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>An ordered JSON object: properties are written in the order they are added, so output is deterministic.</summary>
    internal sealed class JsonObject : IEnumerable<KeyValuePair<string, object?>>
    {
        private readonly List<KeyValuePair<string, object?>> properties = new();

        public void Add(string name, object? value) => properties.Add(new KeyValuePair<string, object?>(name, value));

        /// <summary>Replaces a property's value, keeping its place.</summary>
        public object? this[string name]
        {
            set
            {
                var index = properties.FindIndex(p => p.Key == name);
                if (index < 0)
                {
                    Add(name, value);
                }
                else
                {
                    properties[index] = new KeyValuePair<string, object?>(name, value);
                }
            }
        }

        /// <summary>Adds the property only when the value is not null (Threat Dragon's schema rejects nulls in string fields).</summary>
        public void AddIfNotNull(string name, object? value)
        {
            if (value is not null)
            {
                Add(name, value);
            }
        }

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => properties.GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }

    /// <summary>Writes JSON with two-space indentation and "\n" line ends, whatever the platform.</summary>
    internal static class Json
    {
        public static string Write(object? value)
        {
            var builder = new StringBuilder();
            Write(builder, value, 0);
            builder.Append('\n');
            return builder.ToString();
        }

        private static void Write(StringBuilder builder, object? value, int depth)
        {
            switch (value)
            {
                case null:
                    builder.Append("null");
                    break;
                case string text:
                    WriteString(builder, text);
                    break;
                case bool flag:
                    builder.Append(flag ? "true" : "false");
                    break;
                case int number:
                    builder.Append(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case long number:
                    builder.Append(number.ToString(CultureInfo.InvariantCulture));
                    break;
                case double number:
                    builder.Append(number.ToString("R", CultureInfo.InvariantCulture));
                    break;
                case JsonObject obj:
                    WriteObject(builder, obj, depth);
                    break;
                case IEnumerable items:
                    WriteArray(builder, items, depth);
                    break;
                default:
                    WriteString(builder, value.ToString() ?? string.Empty);
                    break;
            }
        }

        private static void WriteObject(StringBuilder builder, JsonObject obj, int depth)
        {
            var first = true;
            builder.Append('{');
            foreach (var property in obj)
            {
                builder.Append(first ? "\n" : ",\n");
                first = false;
                Indent(builder, depth + 1);
                WriteString(builder, property.Key);
                builder.Append(": ");
                Write(builder, property.Value, depth + 1);
            }

            if (!first)
            {
                builder.Append('\n');
                Indent(builder, depth);
            }

            builder.Append('}');
        }

        private static void WriteArray(StringBuilder builder, IEnumerable items, int depth)
        {
            var first = true;
            builder.Append('[');
            foreach (var item in items)
            {
                builder.Append(first ? "\n" : ",\n");
                first = false;
                Indent(builder, depth + 1);
                Write(builder, item, depth + 1);
            }

            if (!first)
            {
                builder.Append('\n');
                Indent(builder, depth);
            }

            builder.Append(']');
        }

        private static void Indent(StringBuilder builder, int depth) => builder.Append(' ', depth * 2);

        /// <summary>A JSON string; a lone surrogate (text UTF-8 cannot carry, which a C# string literal can hold) is written as U+FFFD.</summary>
        private static void WriteString(StringBuilder builder, string text)
        {
            text = RenderedText.WellFormed(text);
            builder.Append('"');

            // Runs of characters that need no escape (nearly all of a model's text) are appended whole.
            var plainFrom = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c >= 0x20 && c != '"' && c != '\\')
                {
                    continue;
                }

                builder.Append(text, plainFrom, i - plainFrom);
                plainFrom = i + 1;
                switch (c)
                {
                    case '"': builder.Append("\\\""); break;
                    case '\\': builder.Append("\\\\"); break;
                    case '\n': builder.Append("\\n"); break;
                    case '\r': builder.Append("\\r"); break;
                    case '\t': builder.Append("\\t"); break;
                    default: builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                }
            }

            builder.Append(text, plainFrom, text.Length - plainFrom).Append('"');
        }
    }
}
