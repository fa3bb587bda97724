using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ThreatAnalyzers.DataFlow
{
    /// <summary>A sink a parameter of a recorded method reaches (the record's form of <see cref="SinkReach"/>, without a location).</summary>
    /// <param name="Parameter">The parameter's ordinal.</param>
    /// <param name="Kind">The sink's kind.</param>
    /// <param name="Sink">How messages name the sink (ILogger.LogInformation, a store's name).</param>
    /// <param name="Member">Only this member of the argument reaches it, or null for the whole argument.</param>
    /// <param name="SanitizedFor">Sink kinds the value was made safe for on the way.</param>
    /// <param name="Via">The methods between the recorded method and the sink, outermost first, as messages name them.</param>
    /// <param name="SinkMethod">The documentation-comment id of the method that holds the sink.</param>
    /// <param name="Store">For a write to a data store: the documentation-comment id of the store's type (the EF Core context written to).</param>
    internal sealed record RecordedSink(int Parameter, SinkKind Kind, string Sink, string? Member, SinkKind SanitizedFor, ImmutableArray<string> Via, string? SinkMethod, string? Store = null);

    /// <summary>
    /// Something the recorded method's return value carries: a parameter (<see cref="FactKind.Parameter"/>, with its
    /// ordinal) or data of the method's own sources (personal data, a secret, untrusted data), named by the method.
    /// </summary>
    internal sealed record RecordedReturn(FactKind Kind, int Parameter, string? Member, SinkKind SanitizedFor, bool Inferred, bool ByType);

    /// <summary>One public method's summary as a referencing project reads it.</summary>
    /// <param name="Id">The method's documentation-comment id (M:Shop.Data.AuditLog.Write(…)): how the referencing compilation finds it.</param>
    /// <param name="Name">How messages name it on a path (AuditLog.Write).</param>
    /// <param name="Limits">The engine's limits reached while summarizing it.</param>
    internal sealed record RecordedMethod(string Id, string Name, FlowLimits Limits, ImmutableArray<RecordedSink> Sinks, ImmutableArray<RecordedReturn> Returns);

    /// <summary>A record file that cannot be used, with the line and what is wrong.</summary>
    internal sealed class FlowRecordFormatException : Exception
    {
        public FlowRecordFormatException(int line, string problem)
            : base(problem)
        {
            Line = line;
            Problem = problem;
        }

        /// <summary>1-based; 0 when the problem is the file as a whole.</summary>
        public int Line { get; }

        public string Problem { get; }
    }

    /// <summary>
    /// The text of a project's flow record: what the shared pass computed for its public methods, for the projects that
    /// reference it. Line-based, tab-separated, one method and the lines that follow it:
    /// <code>
    /// threat-analyzers-flow-record	1	Shop.Data
    /// method	M:Shop.Data.AuditLog.Write(…)	AuditLog.Write	None
    /// sink	1	Log	ILogger.LogInformation		None		M:Shop.Data.AuditLog.Write(…)	
    /// return	Parameter	0		None	false	false
    /// </code>
    /// It names methods by documentation-comment id and by display name, sinks by their kind and display name, members by
    /// name and parameters by ordinal: never a path, a location or a line of source, so it discloses nothing the
    /// compiled assembly does not. The order is fixed (by id), so the same code gives the same bytes.
    /// </summary>
    internal static class FlowRecord
    {
        /// <summary>How record files are named: next to the assembly, <c>&lt;assembly name&gt;.threat-flows.txt</c>.</summary>
        public const string FileSuffix = ".threat-flows.txt";

        public const string Header = "threat-analyzers-flow-record";

        public const int Version = 1;

        // The characters a field escapes.
        private static readonly char[] Escaped = { '\t', '\n', '\r', '\\' };

        public static string Write(string assemblyName, IEnumerable<RecordedMethod> methods)
        {
            // Each line's fields are appended to the one text (a record of a large project is long; a string per line, then
            // the lines joined, then the text copied, allocated several times its length). Lines are ordered and made
            // distinct by comparing their fields as the joined lines would compare.
            var text = new StringBuilder();
            AppendLine(text, EscapedFields(Header, Version.ToString(CultureInfo.InvariantCulture), assemblyName));
            foreach (var method in methods.OrderBy(m => m.Id, StringComparer.Ordinal))
            {
                AppendLine(text, EscapedFields("method", method.Id, method.Name, Flags(method.Limits)));
                AppendSorted(text, method.Sinks, SinkFields);
                AppendSorted(text, method.Returns, ReturnFields);
            }

            return text.ToString();
        }

        private static void AppendSorted<T>(StringBuilder text, ImmutableArray<T> items, Func<T, string[]> fieldsOf)
        {
            if (items.IsEmpty)
            {
                return;
            }

            var lines = new string[items.Length][];
            for (var index = 0; index < lines.Length; index++)
            {
                lines[index] = fieldsOf(items[index]);
            }

            Array.Sort(lines, CompareAsJoined);
            for (var index = 0; index < lines.Length; index++)
            {
                if (index == 0 || CompareAsJoined(lines[index - 1], lines[index]) != 0)
                {
                    AppendLine(text, lines[index]);
                }
            }
        }

        /// <summary>
        /// The ordinal order of the lines the fields are written as (each field escaped, tab-separated): the order the
        /// record has always had, without writing the lines first.
        /// </summary>
        private static int CompareAsJoined(string[] left, string[] right)
        {
            var (l, r) = (0, 0);
            var (lField, rField) = (0, 0);
            while (true)
            {
                var lc = Next(left, ref lField, ref l);
                var rc = Next(right, ref rField, ref r);
                if (lc != rc)
                {
                    return lc - rc;
                }

                if (lc < 0)
                {
                    return 0;
                }
            }

            // The next character of the joined line (an escaped field's, or the tab after it), -1 at its end.
            static int Next(string[] fields, ref int field, ref int position)
            {
                if (field >= fields.Length)
                {
                    return -1;
                }

                if (position < fields[field].Length)
                {
                    return fields[field][position++];
                }

                if (field == fields.Length - 1)
                {
                    field++;
                    return -1;
                }

                field++;
                position = 0;
                return '\t';
            }
        }

        private static void AppendLine(StringBuilder text, string[] escapedFields)
        {
            for (var index = 0; index < escapedFields.Length; index++)
            {
                if (index > 0)
                {
                    text.Append('\t');
                }

                text.Append(escapedFields[index]);
            }

            text.Append('\n');
        }

        /// <summary>The assembly a record is of, and its methods.</summary>
        /// <exception cref="FlowRecordFormatException">Not a record of this version, or a line that does not read.</exception>
        public static (string Assembly, ImmutableArray<RecordedMethod> Methods) Read(string text)
        {
            var lines = text.Split('\n');
            var first = Fields(lines[0].TrimEnd('\r'));
            if (first.Length != 3 || first[0] != Header)
            {
                throw new FlowRecordFormatException(1, "the first line is not '" + Header + "<TAB>" + Version.ToString(CultureInfo.InvariantCulture) + "<TAB><assembly>'");
            }

            if (first[1] != Version.ToString(CultureInfo.InvariantCulture))
            {
                throw new FlowRecordFormatException(1, "version " + first[1] + ", not " + Version.ToString(CultureInfo.InvariantCulture) + ": it was written by another version of ThreatAnalyzers; rebuild the referenced project with this one");
            }

            if (first[2].Length == 0)
            {
                throw new FlowRecordFormatException(1, "no assembly name");
            }

            var methods = ImmutableArray.CreateBuilder<RecordedMethod>();
            (string Id, string Name, FlowLimits Limits)? current = null;
            var sinks = ImmutableArray.CreateBuilder<RecordedSink>();
            var returns = ImmutableArray.CreateBuilder<RecordedReturn>();
            for (var i = 1; i < lines.Length; i++)
            {
                var lineNumber = i + 1;
                var line = lines[i].TrimEnd('\r');
                if (line.Length == 0)
                {
                    continue;
                }

                var fields = Fields(line);
                switch (fields[0])
                {
                    case "method":
                        Expect(fields, 4, lineNumber);
                        Flush();
                        if (fields[1].Length < 3 || !fields[1].StartsWith("M:", StringComparison.Ordinal))
                        {
                            throw new FlowRecordFormatException(lineNumber, "'" + fields[1] + "' is not a method's documentation-comment id (M:…)");
                        }

                        current = (fields[1], NonEmpty(fields[2], "method name", lineNumber), ParseLimits(fields[3], lineNumber));
                        break;
                    case "sink":
                        Expect(fields, 9, lineNumber);
                        RequireMethod(lineNumber);
                        sinks.Add(new RecordedSink(
                            Ordinal(fields[1], lineNumber),
                            ParseSinkKind(fields[2], lineNumber, allowNone: false),
                            NonEmpty(fields[3], "sink name", lineNumber),
                            Optional(fields[4]),
                            ParseSinkKind(fields[5], lineNumber, allowNone: true),
                            fields[6].Length == 0 ? ImmutableArray<string>.Empty : fields[6].Split(';').ToImmutableArray(),
                            Optional(fields[7]),
                            Optional(fields[8])));
                        break;
                    case "return":
                        Expect(fields, 7, lineNumber);
                        RequireMethod(lineNumber);
                        if (!Enum.TryParse<FactKind>(fields[1], out var kind) || !Enum.IsDefined(typeof(FactKind), kind) || int.TryParse(fields[1], out _))
                        {
                            throw new FlowRecordFormatException(lineNumber, "'" + fields[1] + "' is not a kind of data (Pii, Secrets, Untrusted, Parameter)");
                        }

                        var parameter = kind == FactKind.Parameter ? Ordinal(fields[2], lineNumber) : -1;
                        returns.Add(new RecordedReturn(kind, parameter, Optional(fields[3]), ParseSinkKind(fields[4], lineNumber, allowNone: true), Bool(fields[5], lineNumber), Bool(fields[6], lineNumber)));
                        break;
                    default:
                        throw new FlowRecordFormatException(lineNumber, "'" + fields[0] + "' is not a line of a flow record (method, sink, return)");
                }
            }

            Flush();
            return (first[2], methods.ToImmutable());

            void RequireMethod(int lineNumber)
            {
                if (current is null)
                {
                    throw new FlowRecordFormatException(lineNumber, "a sink or return line before any method line");
                }
            }

            void Flush()
            {
                if (current is { } method)
                {
                    methods.Add(new RecordedMethod(method.Id, method.Name, method.Limits, sinks.ToImmutable(), returns.ToImmutable()));
                }

                sinks.Clear();
                returns.Clear();
                current = null;
            }
        }

        private static string[] SinkFields(RecordedSink sink)
            => EscapedFields("sink", sink.Parameter.ToString(CultureInfo.InvariantCulture), Flags(sink.Kind), sink.Sink, sink.Member ?? string.Empty, Flags(sink.SanitizedFor),
                sink.Via.IsEmpty ? string.Empty : string.Join(";", sink.Via), sink.SinkMethod ?? string.Empty, sink.Store ?? string.Empty);

        private static string[] ReturnFields(RecordedReturn returned)
            => EscapedFields("return", returned.Kind.ToString(), returned.Kind == FactKind.Parameter ? returned.Parameter.ToString(CultureInfo.InvariantCulture) : string.Empty,
                returned.Member ?? string.Empty, Flags(returned.SanitizedFor), returned.Inferred ? "true" : "false", returned.ByType ? "true" : "false");

        private static string[] EscapedFields(params string[] fields)
        {
            for (var index = 0; index < fields.Length; index++)
            {
                fields[index] = Escape(fields[index]);
            }

            return fields;
        }

        /// <summary>Flags by name, '|'-separated ("None" for none), so the record does not depend on the enums' numbering.</summary>
        private static string Flags<T>(T value)
            where T : struct, Enum
        {
            var number = Convert.ToInt64(value, CultureInfo.InvariantCulture);
            if (number == 0)
            {
                return "None";
            }

            // Few combinations occur, each on many lines: each is written once per type.
            return SingleBits<T>.Written.GetOrAdd(number, FlagsOf<T>);
        }

        private static string FlagsOf<T>(long number)
            where T : struct, Enum
        {
            var names = new List<string>();
            foreach (var (bit, name) in SingleBits<T>.Names)
            {
                if ((number & bit) != 0)
                {
                    names.Add(name);
                }
            }

            return string.Join("|", names);
        }

        /// <summary>The single-bit members of a flags enum and their names, in the order Enum.GetValues gives them (by value), read once per type.</summary>
        private static class SingleBits<T>
            where T : struct, Enum
        {
            public static readonly (long Bit, string Name)[] Names = Enum.GetValues(typeof(T)).Cast<T>()
                .Select(flag => (Bit: Convert.ToInt64(flag, CultureInfo.InvariantCulture), Name: flag.ToString()))
                .Where(flag => flag.Bit != 0 && (flag.Bit & (flag.Bit - 1)) == 0)
                .ToArray();

            public static readonly System.Collections.Concurrent.ConcurrentDictionary<long, string> Written = new();
        }

        private static SinkKind ParseSinkKind(string text, int line, bool allowNone)
        {
            var kind = ParseFlags<SinkKind>(text, line, "sink kind");
            if (kind == SinkKind.None && !allowNone)
            {
                throw new FlowRecordFormatException(line, "a sink of no kind");
            }

            return kind;
        }

        private static FlowLimits ParseLimits(string text, int line) => ParseFlags<FlowLimits>(text, line, "limit");

        private static T ParseFlags<T>(string text, int line, string what)
            where T : struct, Enum
        {
            long value = 0;
            foreach (var name in text.Split('|'))
            {
                // Names only: a number would make the record depend on the enum's numbering.
                if (name.Length == 0 || char.IsDigit(name[0]) || name[0] == '-' || !Enum.TryParse<T>(name, out var flag) || !Enum.IsDefined(typeof(T), flag))
                {
                    throw new FlowRecordFormatException(line, "'" + name + "' is not a " + what);
                }

                value |= Convert.ToInt64(flag, CultureInfo.InvariantCulture);
            }

            return (T)Enum.ToObject(typeof(T), value);
        }

        private static int Ordinal(string text, int line)
            => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ordinal)
                ? ordinal
                : throw new FlowRecordFormatException(line, "'" + text + "' is not a parameter's ordinal");

        private static bool Bool(string text, int line)
            => text switch
            {
                "true" => true,
                "false" => false,
                _ => throw new FlowRecordFormatException(line, "'" + text + "' is neither true nor false"),
            };

        private static string NonEmpty(string text, string what, int line)
            => text.Length > 0 ? text : throw new FlowRecordFormatException(line, "no " + what);

        private static string? Optional(string text) => text.Length == 0 ? null : text;

        private static void Expect(string[] fields, int count, int line)
        {
            if (fields.Length != count)
            {
                throw new FlowRecordFormatException(line, "a '" + fields[0] + "' line has " + count.ToString(CultureInfo.InvariantCulture) + " tab-separated fields, this one " + fields.Length.ToString(CultureInfo.InvariantCulture));
            }
        }

        private static string[] Fields(string line) => line.Split('\t').Select(Unescape).ToArray();

        /// <summary>Names never hold tabs or line breaks; should one, it is escaped rather than break the line.</summary>
        private static string Escape(string field)
            => field.IndexOfAny(Escaped) < 0 ? field : field.Replace("\\", "\\\\").Replace("\t", "\\t").Replace("\n", "\\n").Replace("\r", "\\r");

        private static string Unescape(string field)
        {
            if (field.IndexOf('\\') < 0)
            {
                return field;
            }

            var text = new StringBuilder(field.Length);
            for (var i = 0; i < field.Length; i++)
            {
                if (field[i] == '\\' && i + 1 < field.Length)
                {
                    i++;
                    text.Append(field[i] switch { 't' => '\t', 'n' => '\n', 'r' => '\r', _ => field[i] });
                }
                else
                {
                    text.Append(field[i]);
                }
            }

            return text.ToString();
        }
    }
}
