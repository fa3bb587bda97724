using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace ThreatAnalyzers.Reporting.Artifacts
{
    /// <summary>
    /// A small, strict JSON parser (RFC 8259) into plain values: <see cref="Dictionary{TKey,TValue}"/> for objects,
    /// <see cref="List{T}"/> for arrays, string, bool, null, and long or double for numbers. It exists because the build
    /// task may take no runtime dependency (MSBuild's own System.Text.Json differs between hosts). Strict: no comments,
    /// trailing commas, duplicate names or trailing text, so a truncated or hand-mangled file is reported, not guessed at.
    /// </summary>
    internal static class JsonReader
    {
        /// <summary>Deep enough for any SARIF log or model; a guard against stack overflow on hostile input.</summary>
        public const int MaxDepth = 128;

        /// <exception cref="JsonFormatException">The text is not one well-formed JSON value.</exception>
        public static object? Parse(string text)
        {
            var parser = new Parser(text);
            parser.SkipWhitespace();
            var value = parser.ReadValue(0);
            parser.SkipWhitespace();
            if (!parser.AtEnd)
            {
                throw parser.Error("unexpected " + parser.Describe() + " after the JSON value");
            }

            return value;
        }

        private sealed class Parser
        {
            private readonly string text;
            private int position;

            public Parser(string text) => this.text = text;

            public bool AtEnd => position >= text.Length;

            public object? ReadValue(int depth)
            {
                if (depth > MaxDepth)
                {
                    throw Error("nesting deeper than " + MaxDepth.ToString(CultureInfo.InvariantCulture) + " levels");
                }

                if (AtEnd)
                {
                    throw Error("unexpected end of input, expected a value");
                }

                switch (text[position])
                {
                    case '{': return ReadObject(depth);
                    case '[': return ReadArray(depth);
                    case '"': return ReadString();
                    case 't': ReadLiteral("true"); return true;
                    case 'f': ReadLiteral("false"); return false;
                    case 'n': ReadLiteral("null"); return null;
                    default:
                        if (text[position] == '-' || (text[position] >= '0' && text[position] <= '9'))
                        {
                            return ReadNumber();
                        }

                        throw Error("unexpected " + Describe() + ", expected a value");
                }
            }

            private Dictionary<string, object?> ReadObject(int depth)
            {
                var result = new Dictionary<string, object?>(StringComparer.Ordinal);
                position++;
                SkipWhitespace();
                if (Peek('}'))
                {
                    position++;
                    return result;
                }

                while (true)
                {
                    SkipWhitespace();
                    if (!Peek('"'))
                    {
                        throw Error("unexpected " + Describe() + ", expected a property name in double quotes");
                    }

                    var nameStart = position;
                    var name = ReadString();
                    if (result.ContainsKey(name))
                    {
                        throw Error("duplicate property name '" + name + "'", nameStart);
                    }

                    SkipWhitespace();
                    Expect(':', "':' after a property name");
                    SkipWhitespace();
                    result.Add(name, ReadValue(depth + 1));
                    SkipWhitespace();
                    if (Peek(','))
                    {
                        position++;
                        SkipWhitespace();
                        if (Peek('}'))
                        {
                            throw Error("trailing comma before '}'");
                        }

                        continue;
                    }

                    Expect('}', "',' or '}' in an object");
                    return result;
                }
            }

            private List<object?> ReadArray(int depth)
            {
                var result = new List<object?>();
                position++;
                SkipWhitespace();
                if (Peek(']'))
                {
                    position++;
                    return result;
                }

                while (true)
                {
                    SkipWhitespace();
                    result.Add(ReadValue(depth + 1));
                    SkipWhitespace();
                    if (Peek(','))
                    {
                        position++;
                        SkipWhitespace();
                        if (Peek(']'))
                        {
                            throw Error("trailing comma before ']'");
                        }

                        continue;
                    }

                    Expect(']', "',' or ']' in an array");
                    return result;
                }
            }

            private string ReadString()
            {
                var start = position;
                position++;
                var builder = new StringBuilder();
                while (true)
                {
                    if (AtEnd)
                    {
                        throw Error("unterminated string", start);
                    }

                    var c = text[position];
                    if (c == '"')
                    {
                        position++;
                        return builder.ToString();
                    }

                    if (c < 0x20)
                    {
                        throw Error("control character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) + " in a string (it must be escaped)");
                    }

                    if (c != '\\')
                    {
                        builder.Append(c);
                        position++;
                        continue;
                    }

                    position++;
                    if (AtEnd)
                    {
                        throw Error("unterminated string", start);
                    }

                    switch (text[position])
                    {
                        case '"': builder.Append('"'); break;
                        case '\\': builder.Append('\\'); break;
                        case '/': builder.Append('/'); break;
                        case 'b': builder.Append('\b'); break;
                        case 'f': builder.Append('\f'); break;
                        case 'n': builder.Append('\n'); break;
                        case 'r': builder.Append('\r'); break;
                        case 't': builder.Append('\t'); break;
                        case 'u':
                            if (position + 4 >= text.Length || !ushort.TryParse(text.Substring(position + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                            {
                                throw Error("invalid \\u escape: four hexadecimal digits expected");
                            }

                            builder.Append((char)code);
                            position += 4;
                            break;
                        default:
                            throw Error("invalid escape '\\" + text[position] + "'");
                    }

                    position++;
                }
            }

            private object ReadNumber()
            {
                var start = position;
                if (Peek('-'))
                {
                    position++;
                }

                if (Peek('0'))
                {
                    position++;
                    if (!AtEnd && IsAsciiDigit(text[position]))
                    {
                        throw Error("a number may not have a leading zero", start);
                    }
                }
                else
                {
                    ReadDigits("a digit");
                }

                var integral = true;
                if (Peek('.'))
                {
                    integral = false;
                    position++;
                    ReadDigits("a digit after the decimal point");
                }

                if (Peek('e') || Peek('E'))
                {
                    integral = false;
                    position++;
                    if (Peek('+') || Peek('-'))
                    {
                        position++;
                    }

                    ReadDigits("a digit in the exponent");
                }

                var literal = text.Substring(start, position - start);
                if (integral && long.TryParse(literal, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole))
                {
                    return whole;
                }

                // .NET Framework throws on overflow where .NET returns infinity: a number out of range is an error either way.
                if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) || double.IsInfinity(real))
                {
                    throw Error("number out of range", start);
                }

                return real;
            }

            private void ReadDigits(string expected)
            {
                if (AtEnd || !IsAsciiDigit(text[position]))
                {
                    throw Error("unexpected " + Describe() + ", expected " + expected);
                }

                while (!AtEnd && IsAsciiDigit(text[position]))
                {
                    position++;
                }
            }

            private static bool IsAsciiDigit(char c) => c >= '0' && c <= '9';

            private void ReadLiteral(string literal)
            {
                if (string.CompareOrdinal(text, position, literal, 0, literal.Length) != 0)
                {
                    throw Error("unexpected " + Describe() + ", expected a value");
                }

                position += literal.Length;
            }

            private void Expect(char c, string expected)
            {
                if (!Peek(c))
                {
                    throw Error("unexpected " + Describe() + ", expected " + expected);
                }

                position++;
            }

            private bool Peek(char c) => !AtEnd && text[position] == c;

            public void SkipWhitespace()
            {
                while (!AtEnd && (text[position] == ' ' || text[position] == '\t' || text[position] == '\n' || text[position] == '\r'))
                {
                    position++;
                }
            }

            /// <summary>What stands at the current position, for a message: a character, a word, or the end.</summary>
            public string Describe()
            {
                if (AtEnd)
                {
                    return "end of input";
                }

                var c = text[position];
                if (char.IsLetter(c))
                {
                    var end = position;
                    while (end < text.Length && end - position < 20 && char.IsLetterOrDigit(text[end]))
                    {
                        end++;
                    }

                    return "'" + text.Substring(position, end - position) + "'";
                }

                return c < 0x20 ? "character U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture) : "'" + c + "'";
            }

            public JsonFormatException Error(string problem) => Error(problem, position);

            public JsonFormatException Error(string problem, int at)
            {
                var line = 1;
                var column = 1;
                for (var i = 0; i < at && i < text.Length; i++)
                {
                    if (text[i] == '\n')
                    {
                        line++;
                        column = 1;
                    }
                    else
                    {
                        column++;
                    }
                }

                return new JsonFormatException(problem, line, column);
            }
        }
    }

    /// <summary>Malformed JSON, or JSON of the wrong shape; the message says where (line and column, or a JSON path).</summary>
    internal sealed class JsonFormatException : FormatException
    {
        public JsonFormatException(string problem, int line, int column)
            : base("line " + line.ToString(CultureInfo.InvariantCulture) + ", column " + column.ToString(CultureInfo.InvariantCulture) + ": " + problem)
        {
            Line = line;
            Column = column;
        }

        public JsonFormatException(string path, string problem)
            : base(path + ": " + problem)
        {
        }

        /// <summary>1-based line of a syntax error; 0 for a shape error (then the message names the JSON path).</summary>
        public int Line { get; }

        /// <summary>1-based column of a syntax error; 0 for a shape error.</summary>
        public int Column { get; }
    }

    /// <summary>
    /// Typed access to parsed JSON with messages that name the JSON path ($.elements[2].kind), for the readers of the
    /// model and of the compiler's log.
    /// </summary>
    internal static class JsonFields
    {
        public static Dictionary<string, object?> AsObject(object? value, string path)
            => value as Dictionary<string, object?> ?? throw Mismatch(path, "an object", value);

        public static List<object?> AsArray(object? value, string path)
            => value as List<object?> ?? throw Mismatch(path, "an array", value);

        public static object? Get(Dictionary<string, object?> obj, string name, string path)
            => obj.TryGetValue(name, out var value) ? value : throw new JsonFormatException(path, "required property '" + name + "' is missing");

        public static string RequiredString(Dictionary<string, object?> obj, string name, string path)
            => Get(obj, name, path) as string ?? throw Mismatch(path + "." + name, "a string", obj[name]);

        public static string? OptionalString(Dictionary<string, object?> obj, string name, string path)
        {
            if (!obj.TryGetValue(name, out var value) || value is null)
            {
                return null;
            }

            return value as string ?? throw Mismatch(path + "." + name, "a string or null", value);
        }

        public static bool RequiredBool(Dictionary<string, object?> obj, string name, string path)
            => Get(obj, name, path) is bool flag ? flag : throw Mismatch(path + "." + name, "true or false", obj[name]);

        public static int RequiredInt(Dictionary<string, object?> obj, string name, string path)
            => Get(obj, name, path) is long number && number >= int.MinValue && number <= int.MaxValue
                ? (int)number
                : throw Mismatch(path + "." + name, "a whole number", obj[name]);

        public static Dictionary<string, object?> RequiredObject(Dictionary<string, object?> obj, string name, string path)
            => AsObject(Get(obj, name, path), path + "." + name);

        public static Dictionary<string, object?>? OptionalObject(Dictionary<string, object?> obj, string name, string path)
            => obj.TryGetValue(name, out var value) && value is not null ? AsObject(value, path + "." + name) : null;

        public static List<object?> RequiredArray(Dictionary<string, object?> obj, string name, string path)
            => AsArray(Get(obj, name, path), path + "." + name);

        public static List<object?>? OptionalArray(Dictionary<string, object?> obj, string name, string path)
            => obj.TryGetValue(name, out var value) && value is not null ? AsArray(value, path + "." + name) : null;

        public static List<string> StringArray(Dictionary<string, object?> obj, string name, string path)
        {
            var items = RequiredArray(obj, name, path);
            var result = new List<string>(items.Count);
            for (var i = 0; i < items.Count; i++)
            {
                result.Add(items[i] as string ?? throw Mismatch(Index(path + "." + name, i), "a string", items[i]));
            }

            return result;
        }

        public static string Index(string path, int index) => path + "[" + index.ToString(CultureInfo.InvariantCulture) + "]";

        public static JsonFormatException Mismatch(string path, string expected, object? found)
            => new(path, "expected " + expected + ", found " + Kind(found));

        private static string Kind(object? value) => value switch
        {
            null => "null",
            string => "a string",
            bool => "a boolean",
            long or double => "a number",
            List<object?> => "an array",
            _ => "an object",
        };
    }
}
