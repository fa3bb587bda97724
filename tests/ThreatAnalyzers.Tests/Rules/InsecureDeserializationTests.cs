using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.InsecureDeserializationRule,
    ThreatAnalyzers.CodeFixes.Rules.InsecureDeserializationFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.InsecureDeserializationRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class InsecureDeserializationTests
    {
        private const string TypeNames = "a \"$type\" in the JSON can create any type the application can load; set a SerializationBinder that allows known types if type names are needed";

        /// <summary>
        /// .NET Framework types that .NET 10's reference assemblies do not have (System.Runtime.Serialization.Formatters.Soap,
        /// NetDataContractSerializer, System.Web's LosFormatter, ObjectStateFormatter and JavaScriptSerializer): declared
        /// here with their exact full names and the members the rule looks at.
        /// </summary>
        private const string FrameworkOnlyTypes = """
            namespace System.Runtime.Serialization.Formatters.Soap
            {
                public sealed class SoapFormatter { public object Deserialize(System.IO.Stream serializationStream) => null; }
            }

            namespace System.Runtime.Serialization
            {
                public sealed class NetDataContractSerializer { public object ReadObject(System.IO.Stream stream) => null; public object Deserialize(System.IO.Stream stream) => null; }
            }

            namespace System.Web.UI
            {
                public sealed class LosFormatter { public object Deserialize(string input) => null; }
                public sealed class ObjectStateFormatter { public object Deserialize(string inputString) => null; }
            }

            namespace System.Web.Script.Serialization
            {
                public abstract class JavaScriptTypeResolver { }
                public class SimpleTypeResolver : JavaScriptTypeResolver { }
                public class JavaScriptSerializer
                {
                    public JavaScriptSerializer() { }
                    public JavaScriptSerializer(JavaScriptTypeResolver resolver) { }
                    public T Deserialize<T>(string input) => default;
                }
            }
            """;

        private static DiagnosticResult Expected(int location, string what, string where, string reason)
            => Verify.Diagnostic().WithLocation(location).WithArguments(what, where, reason);

        private static string Formatter(string name)
            => $"{name} cannot be made safe on data an attacker can influence; use System.Text.Json or a DataContractSerializer with known types";

        [Fact]
        public Task EveryFormatter_Deserializing_IsReported()
            => new Verify.Test(
                """
                #pragma warning disable SYSLIB0011
                using System.IO;
                using System.Runtime.Serialization;
                using System.Runtime.Serialization.Formatters.Binary;
                using System.Runtime.Serialization.Formatters.Soap;
                using System.Web.UI;

                public static class Imports
                {
                    public static object Read(Stream stream, string text)
                    {
                        var binary = new BinaryFormatter();
                        binary.Serialize(stream, text);
                        var a = {|#0:binary.Deserialize(stream)|};
                        var b = {|#1:new SoapFormatter().Deserialize(stream)|};
                        var c = {|#2:new NetDataContractSerializer().ReadObject(stream)|};
                        var d = {|#3:new LosFormatter().Deserialize(text)|};
                        var e = {|#4:new ObjectStateFormatter().Deserialize(text)|};
                        return (a, b, c, d, e);
                    }
                }
                """,
                FrameworkOnlyTypes).RunWithAsync(
                Expected(0, "BinaryFormatter.Deserialize", "'Imports.Read'", Formatter("BinaryFormatter")),
                Expected(1, "SoapFormatter.Deserialize", "'Imports.Read'", Formatter("SoapFormatter")),
                Expected(2, "NetDataContractSerializer.ReadObject", "'Imports.Read'", Formatter("NetDataContractSerializer")),
                Expected(3, "LosFormatter.Deserialize", "'Imports.Read'", Formatter("LosFormatter")),
                Expected(4, "ObjectStateFormatter.Deserialize", "'Imports.Read'", Formatter("ObjectStateFormatter")));

        [Fact]
        public Task TypeNameHandling_OtherThanNone_IsReported_SettingsSerializerAndAttributes()
            => new Verify.Test(
                """
                using Newtonsoft.Json;

                public class Envelope
                {
                    [JsonProperty({|#0:TypeNameHandling = TypeNameHandling.Auto|})]
                    public object Payload { get; set; }

                    [JsonProperty({|#1:ItemTypeNameHandling = TypeNameHandling.Objects|})]
                    public object[] Items { get; set; }
                }

                public static class Imports
                {
                    public static T Read<T>(string json)
                    {
                        var settings = new JsonSerializerSettings { {|#2:TypeNameHandling = TypeNameHandling.All|} };
                        return JsonConvert.DeserializeObject<T>(json, settings);
                    }

                    public static JsonSerializer Serializer()
                    {
                        var serializer = new JsonSerializer();
                        {|#3:serializer.TypeNameHandling = TypeNameHandling.Arrays|};
                        return serializer;
                    }
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync(
                Expected(0, "TypeNameHandling = TypeNameHandling.Auto", "'Envelope.Payload'", TypeNames),
                Expected(1, "ItemTypeNameHandling = TypeNameHandling.Objects", "'Envelope.Items'", TypeNames),
                Expected(2, "TypeNameHandling = TypeNameHandling.All", "'Imports.Read'", TypeNames),
                Expected(3, "TypeNameHandling = TypeNameHandling.Arrays", "'Imports.Serializer'", TypeNames));

        [Fact]
        public Task TypeNameHandlingNone_ABinder_SystemTextJson_AndSerializingOnly_AreSilent()
            => new Verify.Test(
                """
                #pragma warning disable SYSLIB0011
                using System.IO;
                using System.Runtime.Serialization.Formatters.Binary;
                using Newtonsoft.Json;
                using Newtonsoft.Json.Serialization;

                public static class Imports
                {
                    public static T Read<T>(string json)
                    {
                        var none = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };
                        var known = new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.Auto, SerializationBinder = new DefaultSerializationBinder() };
                        var text = System.Text.Json.JsonSerializer.Deserialize<T>(json);
                        new BinaryFormatter().Serialize(new MemoryStream(), json);
                        return JsonConvert.DeserializeObject<T>(json, none);
                    }
                }
                """) { References = TestReferences.WebWithLibraries }.RunWithAsync();

        [Fact]
        public Task JavaScriptSerializer_WithSimpleTypeResolver_IsReported_WithoutIsSilent()
            => new Verify.Test(
                """
                using System.Web.Script.Serialization;

                public static class Imports
                {
                    public static T Read<T>(string json) => {|#0:new JavaScriptSerializer(new SimpleTypeResolver())|}.Deserialize<T>(json);

                    public static T Safe<T>(string json) => new JavaScriptSerializer().Deserialize<T>(json);
                }
                """,
                FrameworkOnlyTypes).RunWithAsync(
                Expected(0, "JavaScriptSerializer with SimpleTypeResolver", "'Imports.Read'",
                    "a \"__type\" in the JSON can create any type the application can load; use JavaScriptSerializer without a type resolver"));

        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => new Verify.Test(
                """
                using Newtonsoft.Json;

                public static class Imports
                {
                    public static object Read(string json)
                    {
                        var settings = new JsonSerializerSettings { TypeNameHandling = , Missing = 1 };
                        settings.TypeNameHandling = (TypeNameHandling)Unknown;
                        return new System.Runtime.Serialization.Formatters.Binary.BinaryFormatter().Deserialize();
                    }
                }
                """)
            {
                References = TestReferences.WebWithLibraries,
                CompilerDiagnostics = CompilerDiagnostics.None,
            }.RunWithAsync();

        [Fact]
        public Task Fix_SetsTypeNameHandlingNone_FixAll()
            => new Fix.Test
            {
                References = TestReferences.WebWithLibraries,
                TestCode = """
                    using Newtonsoft.Json;

                    public static class Imports
                    {
                        public static JsonSerializerSettings Settings() => new JsonSerializerSettings { {|#0:TypeNameHandling = TypeNameHandling.All|} };

                        public static void Configure(JsonSerializer serializer)
                        {
                            {|#1:serializer.TypeNameHandling = (TypeNameHandling)3|};
                        }
                    }
                    """,
                FixedCode = """
                    using Newtonsoft.Json;

                    public static class Imports
                    {
                        public static JsonSerializerSettings Settings() => new JsonSerializerSettings { TypeNameHandling = TypeNameHandling.None };

                        public static void Configure(JsonSerializer serializer)
                        {
                            serializer.TypeNameHandling = TypeNameHandling.None;
                        }
                    }
                    """,
                ExpectedDiagnostics =
                {
                    Fix.Diagnostic().WithLocation(0).WithArguments("TypeNameHandling = TypeNameHandling.All", "'Imports.Settings'", TypeNames),
                    Fix.Diagnostic().WithLocation(1).WithArguments("TypeNameHandling = (TypeNameHandling)3", "'Imports.Configure'", TypeNames),
                },
            }.RunWithAsync();
    }
}
