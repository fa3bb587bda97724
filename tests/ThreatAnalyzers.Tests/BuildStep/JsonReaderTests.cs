using System.Collections.Generic;
using ThreatAnalyzers.Reporting.Artifacts;
using Xunit;

namespace ThreatAnalyzers.Tests.BuildStep
{
    /// <summary>The build step's JSON parser: every value kind, and every malformed shape named with its position.</summary>
    public class JsonReaderTests
    {
        [Fact]
        public void Parse_ReadsEveryKindOfValue()
        {
            var value = JsonReader.Parse("""
                { "s": "a\"b\\c\/d\b\f\n\r\t\u00e9\ud83d\ude00", "i": -42, "z": 0, "d": 1.5e2, "e": -0.25E-1,
                  "t": true, "f": false, "n": null, "a": [1, [], {}], "o": { "k": "v" } }
                """);

            var root = Assert.IsType<Dictionary<string, object?>>(value);
            Assert.Equal("a\"b\\c/d\b\f\n\r\té😀", root["s"]);
            Assert.Equal(-42L, root["i"]);
            Assert.Equal(0L, root["z"]);
            Assert.Equal(150.0, root["d"]);
            Assert.Equal(-0.025, root["e"]);
            Assert.Equal(true, root["t"]);
            Assert.Equal(false, root["f"]);
            Assert.Null(root["n"]);
            var array = Assert.IsType<List<object?>>(root["a"]);
            Assert.Equal(1L, array[0]);
            Assert.Empty(Assert.IsType<List<object?>>(array[1]));
            Assert.Empty(Assert.IsType<Dictionary<string, object?>>(array[2]));
            Assert.Equal("v", Assert.IsType<Dictionary<string, object?>>(root["o"])["k"]);
        }

        [Fact]
        public void Parse_ReadsWhatTheRendererWrites()
        {
            var obj = new JsonObject { { "name", "x\u0001\"" }, { "list", new List<object?> { 1, "two", null, true } } };
            var back = Assert.IsType<Dictionary<string, object?>>(JsonReader.Parse(global::ThreatAnalyzers.Reporting.Artifacts.Json.Write(obj)));
            Assert.Equal("x\u0001\"", back["name"]);
            Assert.Equal(new List<object?> { 1L, "two", null, true }, back["list"]);
        }

        [Theory]
        [InlineData("", 1, 1, "unexpected end of input, expected a value")]
        [InlineData("   ", 1, 4, "unexpected end of input, expected a value")]
        [InlineData("{\"a\": 1,}", 1, 9, "trailing comma before '}'")]
        [InlineData("[1, 2,]", 1, 7, "trailing comma before ']'")]
        [InlineData("{\"a\" 1}", 1, 6, "unexpected '1', expected ':' after a property name")]
        [InlineData("{a: 1}", 1, 2, "unexpected 'a', expected a property name in double quotes")]
        [InlineData("{\"a\": 1 \"b\": 2}", 1, 9, "unexpected '\"', expected ',' or '}' in an object")]
        [InlineData("[1 2]", 1, 4, "unexpected '2', expected ',' or ']' in an array")]
        [InlineData("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate property name 'a'")]
        [InlineData("\"abc", 1, 1, "unterminated string")]
        [InlineData("\"a\tb\"", 1, 3, "control character U+0009 in a string (it must be escaped)")]
        [InlineData("\"\\x\"", 1, 3, "invalid escape '\\x'")]
        [InlineData("\"\\u12G4\"", 1, 3, "invalid \\u escape: four hexadecimal digits expected")]
        [InlineData("\"\\u12\"", 1, 3, "invalid \\u escape: four hexadecimal digits expected")]
        [InlineData("012", 1, 1, "a number may not have a leading zero")]
        [InlineData("-", 1, 2, "unexpected end of input, expected a digit")]
        [InlineData("1.", 1, 3, "unexpected end of input, expected a digit after the decimal point")]
        [InlineData("1e+", 1, 4, "unexpected end of input, expected a digit in the exponent")]
        [InlineData("1e999", 1, 1, "number out of range")]
        [InlineData("+1", 1, 1, "unexpected '+', expected a value")]
        [InlineData("tru", 1, 1, "unexpected 'tru', expected a value")]
        [InlineData("nul", 1, 1, "unexpected 'nul', expected a value")]
        [InlineData("undefined", 1, 1, "unexpected 'undefined', expected a value")]
        [InlineData("{} x", 1, 4, "unexpected 'x' after the JSON value")]
        [InlineData("{}\n{}", 2, 1, "unexpected '{' after the JSON value")]
        [InlineData("// c\n{}", 1, 1, "unexpected '/', expected a value")]
        [InlineData("{\n  \"a\": [\n    1,\n    ]\n}", 4, 5, "trailing comma before ']'")]
        [InlineData("{\"a\": ", 1, 7, "unexpected end of input, expected a value")]
        [InlineData("[", 1, 2, "unexpected end of input, expected a value")]
        public void Parse_Malformed_SaysWhatAndWhere(string text, int line, int column, string problem)
        {
            var error = Assert.Throws<JsonFormatException>(() => JsonReader.Parse(text));
            Assert.Equal($"line {line}, column {column}: {problem}", error.Message);
            Assert.Equal(line, error.Line);
            Assert.Equal(column, error.Column);
        }

        [Fact]
        public void Parse_TooDeep_IsAnErrorNotAStackOverflow()
        {
            var text = new string('[', 100_000) + new string(']', 100_000);
            var error = Assert.Throws<JsonFormatException>(() => JsonReader.Parse(text));
            Assert.Contains("nesting deeper than 128 levels", error.Message, System.StringComparison.Ordinal);
        }

        [Fact]
        public void Fields_NameTheJsonPathOfAShapeError()
        {
            var root = (Dictionary<string, object?>)JsonReader.Parse("""{ "items": [ { "name": 3 } ] }""")!;
            var item = JsonFields.AsObject(JsonFields.RequiredArray(root, "items", "$")[0], "$.items[0]");
            Assert.Equal("$.items[0].name: expected a string, found a number", Assert.Throws<JsonFormatException>(() => JsonFields.RequiredString(item, "name", "$.items[0]")).Message);
            Assert.Equal("$.items[0]: required property 'kind' is missing", Assert.Throws<JsonFormatException>(() => JsonFields.RequiredString(item, "kind", "$.items[0]")).Message);
            Assert.Equal("$: expected an array, found an object", Assert.Throws<JsonFormatException>(() => JsonFields.AsArray(root, "$")).Message);
        }
    }
}
