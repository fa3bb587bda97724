using System;
using System.Collections.Generic;

namespace ThreatAnalyzers.Benchmarks.Corpus
{
    /// <summary>
    /// A class library with nothing to model: no entry point, no ThreatAnalyzers annotation, no web, cloud, database or
    /// file-path API. Per module, four files: a tokenizer and recursive-descent parser, two collections (a ring buffer and
    /// an LRU cache), string and checksum utilities, and async stream wrappers that log through ILogger. Seeded.
    /// </summary>
    public static class LibraryCorpusGenerator
    {
        private const string Usings = "using System;\nusing System.Collections;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Text;\nusing System.Threading;\nusing System.Threading.Tasks;\n";

        public static GeneratedCorpus Generate(int files, int seed)
        {
            var random = new Random(seed);
            var result = new List<CorpusFile>();
            for (var k = 0; k < Math.Max(1, files); k++)
            {
                var module = k / 4;
                result.Add((k % 4) switch
                {
                    0 => Parser(module, random),
                    1 => Collections(module, random),
                    2 => Utilities(module, random),
                    _ => AsyncIo(module, random),
                });
            }

            return new GeneratedCorpus(result, Array.Empty<PlantedFlaw>());
        }

        private static CorpusFile Parser(int i, Random random)
        {
            var op = random.Next(2) == 0 ? "'*'" : "'/'";
            return new($"Module{i}/ExpressionParser{i}.cs", $$"""
                {{Usings}}
                namespace Library.Module{{i}};

                public enum TokenKind{{i}} { Number, Plus, Minus, Star, Slash, Open, Close, End }

                public readonly record struct Token{{i}}(TokenKind{{i}} Kind, double Value, int Position);

                public sealed class Tokenizer{{i}}(string text)
                {
                    private int position;

                    public Token{{i}} Next()
                    {
                        while (position < text.Length && char.IsWhiteSpace(text[position]))
                        {
                            position++;
                        }

                        if (position >= text.Length)
                        {
                            return new Token{{i}}(TokenKind{{i}}.End, 0, position);
                        }

                        var start = position;
                        var c = text[position++];
                        switch (c)
                        {
                            case '+': return new Token{{i}}(TokenKind{{i}}.Plus, 0, start);
                            case '-': return new Token{{i}}(TokenKind{{i}}.Minus, 0, start);
                            case '*': return new Token{{i}}(TokenKind{{i}}.Star, 0, start);
                            case '/': return new Token{{i}}(TokenKind{{i}}.Slash, 0, start);
                            case '(': return new Token{{i}}(TokenKind{{i}}.Open, 0, start);
                            case ')': return new Token{{i}}(TokenKind{{i}}.Close, 0, start);
                        }

                        while (position < text.Length && (char.IsDigit(text[position]) || text[position] == '.'))
                        {
                            position++;
                        }

                        return double.TryParse(text.AsSpan(start, position - start), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var value)
                            ? new Token{{i}}(TokenKind{{i}}.Number, value, start)
                            : throw new FormatException($"Unexpected '{c}' at {start}");
                    }
                }

                public sealed class ExpressionParser{{i}}
                {
                    private readonly Tokenizer{{i}} tokens;
                    private Token{{i}} current;

                    public ExpressionParser{{i}}(string text)
                    {
                        tokens = new Tokenizer{{i}}(text);
                        current = tokens.Next();
                    }

                    public static double Evaluate(string text) => new ExpressionParser{{i}}(text).Sum();

                    private double Sum()
                    {
                        var value = Product();
                        while (current.Kind is TokenKind{{i}}.Plus or TokenKind{{i}}.Minus)
                        {
                            var plus = current.Kind == TokenKind{{i}}.Plus;
                            current = tokens.Next();
                            value = plus ? value + Product() : value - Product();
                        }

                        return value;
                    }

                    private double Product()
                    {
                        var value = Atom();
                        while (current.Kind is TokenKind{{i}}.Star or TokenKind{{i}}.Slash)
                        {
                            var star = current.Kind == TokenKind{{i}}.Star;
                            current = tokens.Next();
                            value = star ? value * Atom() : value / Atom();
                        }

                        return value;
                    }

                    private double Atom()
                    {
                        var token = current;
                        current = tokens.Next();
                        return token.Kind switch
                        {
                            TokenKind{{i}}.Number => token.Value,
                            TokenKind{{i}}.Minus => -Atom(),
                            TokenKind{{i}}.Open => Close(Sum()),
                            _ => throw new FormatException($"Unexpected {token.Kind} at {token.Position} (operator {{op}})"),
                        };
                    }

                    private double Close(double value)
                    {
                        if (current.Kind != TokenKind{{i}}.Close)
                        {
                            throw new FormatException($"Expected ')' at {current.Position}");
                        }

                        current = tokens.Next();
                        return value;
                    }
                }

                """);
        }

        private static CorpusFile Collections(int i, Random random)
        {
            var defaultCapacity = 8 << random.Next(4);
            return new($"Module{i}/Collections{i}.cs", $$"""
                {{Usings}}
                namespace Library.Module{{i}};

                public sealed class RingBuffer{{i}}<T> : IEnumerable<T>
                {
                    private readonly T[] items;
                    private int head;

                    public RingBuffer{{i}}(int capacity = {{defaultCapacity}}) => items = new T[capacity];

                    public int Count { get; private set; }

                    public void Add(T item)
                    {
                        items[(head + Count) % items.Length] = item;
                        if (Count == items.Length)
                        {
                            head = (head + 1) % items.Length;
                        }
                        else
                        {
                            Count++;
                        }
                    }

                    public IEnumerator<T> GetEnumerator()
                    {
                        for (var k = 0; k < Count; k++)
                        {
                            yield return items[(head + k) % items.Length];
                        }
                    }

                    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
                }

                public sealed class LruCache{{i}}<TKey, TValue>(int capacity) where TKey : notnull
                {
                    private readonly Dictionary<TKey, LinkedListNode<(TKey Key, TValue Value)>> map = new();
                    private readonly LinkedList<(TKey Key, TValue Value)> order = new();

                    public bool TryGet(TKey key, out TValue value)
                    {
                        if (map.TryGetValue(key, out var node))
                        {
                            order.Remove(node);
                            order.AddFirst(node);
                            value = node.Value.Value;
                            return true;
                        }

                        value = default!;
                        return false;
                    }

                    public void Set(TKey key, TValue value)
                    {
                        if (map.TryGetValue(key, out var existing))
                        {
                            order.Remove(existing);
                        }
                        else if (map.Count >= capacity && order.Last is { } last)
                        {
                            map.Remove(last.Value.Key);
                            order.RemoveLast();
                        }

                        map[key] = order.AddFirst((key, value));
                    }

                    public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
                    {
                        if (!TryGet(key, out var value))
                        {
                            value = factory(key);
                            Set(key, value);
                        }

                        return value;
                    }
                }

                """);
        }

        private static CorpusFile Utilities(int i, Random random)
        {
            var polynomial = (0xEDB88320u ^ (uint)random.Next(1 << 16)).ToString("X8", System.Globalization.CultureInfo.InvariantCulture);
            return new($"Module{i}/TextUtilities{i}.cs", $$"""
                {{Usings}}
                namespace Library.Module{{i}};

                public static class TextUtilities{{i}}
                {
                    public static string Slugify(this string text)
                    {
                        var builder = new StringBuilder(text.Length);
                        var dash = false;
                        foreach (var c in text.Trim().ToLowerInvariant())
                        {
                            if (char.IsLetterOrDigit(c))
                            {
                                builder.Append(c);
                                dash = false;
                            }
                            else if (!dash && builder.Length > 0)
                            {
                                builder.Append('-');
                                dash = true;
                            }
                        }

                        return builder.ToString().TrimEnd('-');
                    }

                    public static string Truncate(this string text, int length) => text.Length <= length ? text : text[..Math.Max(0, length - 1)] + "…";

                    public static uint Checksum(ReadOnlySpan<byte> data)
                    {
                        var crc = 0xFFFFFFFFu;
                        foreach (var b in data)
                        {
                            crc ^= b;
                            for (var bit = 0; bit < 8; bit++)
                            {
                                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x{{polynomial}}u : crc >> 1;
                            }
                        }

                        return ~crc;
                    }

                    public static IReadOnlyList<string> SplitCsvLine(string line)
                    {
                        var fields = new List<string>();
                        var field = new StringBuilder();
                        var quoted = false;
                        for (var k = 0; k < line.Length; k++)
                        {
                            var c = line[k];
                            if (c == '"')
                            {
                                if (quoted && k + 1 < line.Length && line[k + 1] == '"')
                                {
                                    field.Append('"');
                                    k++;
                                }
                                else
                                {
                                    quoted = !quoted;
                                }
                            }
                            else if (c == ',' && !quoted)
                            {
                                fields.Add(field.ToString());
                                field.Clear();
                            }
                            else
                            {
                                field.Append(c);
                            }
                        }

                        fields.Add(field.ToString());
                        return fields;
                    }

                    public static IEnumerable<IReadOnlyList<T>> Batch<T>(this IEnumerable<T> source, int size)
                    {
                        var batch = new List<T>(size);
                        foreach (var item in source)
                        {
                            batch.Add(item);
                            if (batch.Count == size)
                            {
                                yield return batch;
                                batch = new List<T>(size);
                            }
                        }

                        if (batch.Count > 0)
                        {
                            yield return batch;
                        }
                    }
                }

                """);
        }

        private static CorpusFile AsyncIo(int i, Random random)
        {
            var bufferSize = 4096 << random.Next(3);
            return new($"Module{i}/StreamWrappers{i}.cs", $$"""
                {{Usings}}using System.Buffers;
                using System.IO;
                using Microsoft.Extensions.Logging;

                namespace Library.Module{{i}};

                public sealed class StreamCopier{{i}}(ILogger<StreamCopier{{i}}> logger)
                {
                    public async Task<long> CopyAsync(Stream source, Stream destination, IProgress<long>? progress = null, CancellationToken cancellationToken = default)
                    {
                        var buffer = ArrayPool<byte>.Shared.Rent({{bufferSize}});
                        try
                        {
                            long total = 0;
                            int read;
                            while ((read = await source.ReadAsync(buffer.AsMemory(0, buffer.Length), cancellationToken).ConfigureAwait(false)) > 0)
                            {
                                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                                total += read;
                                progress?.Report(total);
                            }

                            logger.LogDebug("Copied {Bytes} bytes", total);
                            return total;
                        }
                        finally
                        {
                            ArrayPool<byte>.Shared.Return(buffer);
                        }
                    }
                }

                public sealed class LineReader{{i}}(Stream stream, ILogger logger) : IAsyncDisposable
                {
                    private readonly StreamReader reader = new(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: {{bufferSize}}, leaveOpen: false);

                    public async IAsyncEnumerable<string> ReadLinesAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
                    {
                        var count = 0;
                        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
                        {
                            count++;
                            yield return line;
                        }

                        logger.LogInformation("Read {Count} lines", count);
                    }

                    public ValueTask DisposeAsync()
                    {
                        reader.Dispose();
                        return ValueTask.CompletedTask;
                    }
                }

                public static class RetryPolicy{{i}}
                {
                    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> operation, int attempts, ILogger logger, CancellationToken cancellationToken = default)
                    {
                        for (var attempt = 1; ; attempt++)
                        {
                            try
                            {
                                return await operation(cancellationToken).ConfigureAwait(false);
                            }
                            catch (IOException exception) when (attempt < attempts)
                            {
                                logger.LogWarning(exception, "Attempt {Attempt} of {Attempts} failed", attempt, attempts);
                                await Task.Delay(TimeSpan.FromMilliseconds(50 * attempt), cancellationToken).ConfigureAwait(false);
                            }
                        }
                    }
                }

                """);
        }
    }
}
