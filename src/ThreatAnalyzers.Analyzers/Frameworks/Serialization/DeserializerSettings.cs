using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using ThreatAnalyzers.Analysis;

namespace ThreatAnalyzers.Frameworks.Serialization
{
    /// <summary>
    /// Deserializers that let the data name the types they create: the .NET formatters (BinaryFormatter, SoapFormatter,
    /// NetDataContractSerializer, and ASP.NET Web Forms' LosFormatter and ObjectStateFormatter), Newtonsoft.Json's
    /// TypeNameHandling, and JavaScriptSerializer with a SimpleTypeResolver. Resolved once per compilation.
    /// </summary>
    internal sealed class DeserializerSettings
    {
        /// <summary>(type, display name, the methods that deserialize).</summary>
        private static readonly (string Type, string Name, string[] Methods)[] Formatters =
        {
            ("System.Runtime.Serialization.Formatters.Binary.BinaryFormatter", "BinaryFormatter", new[] { "Deserialize", "UnsafeDeserialize", "UnsafeDeserializeMethodResponse" }),
            ("System.Runtime.Serialization.Formatters.Soap.SoapFormatter", "SoapFormatter", new[] { "Deserialize" }),
            ("System.Runtime.Serialization.NetDataContractSerializer", "NetDataContractSerializer", new[] { "Deserialize", "ReadObject" }),
            ("System.Web.UI.LosFormatter", "LosFormatter", new[] { "Deserialize" }),
            ("System.Web.UI.ObjectStateFormatter", "ObjectStateFormatter", new[] { "Deserialize" }),
        };

        /// <summary>Newtonsoft.Json's settings and attributes whose TypeNameHandling lets a "$type" in the data choose the type.</summary>
        private static readonly (string Type, string[] Properties)[] TypeNameHandlingOwners =
        {
            ("Newtonsoft.Json.JsonSerializerSettings", new[] { "TypeNameHandling" }),
            ("Newtonsoft.Json.JsonSerializer", new[] { "TypeNameHandling" }),
            ("Newtonsoft.Json.JsonPropertyAttribute", new[] { "TypeNameHandling", "ItemTypeNameHandling" }),
            ("Newtonsoft.Json.JsonContainerAttribute", new[] { "ItemTypeNameHandling" }),
        };

        /// <summary>Setting a binder that allows known types only is Newtonsoft's documented mitigation.</summary>
        public static readonly ImmutableArray<string> BinderProperties = ImmutableArray.Create("SerializationBinder", "Binder");

        private DeserializerSettings(Compilation c)
        {
            FormatterTypes = Formatters
                .Select(f => (Type: c.GetTypeByMetadataName(f.Type), f.Name, Methods: f.Methods.ToImmutableArray()))
                .Where(f => f.Type is not null)
                .Select(f => (f.Type!, f.Name, f.Methods))
                .ToImmutableArray();
            TypeNameHandlingTypes = TypeNameHandlingOwners
                .Select(o => (Type: c.GetTypeByMetadataName(o.Type), Properties: o.Properties.ToImmutableArray()))
                .Where(o => o.Type is not null)
                .Select(o => (o.Type!, o.Properties))
                .ToImmutableArray();
            TypeNameHandling = c.GetTypeByMetadataName("Newtonsoft.Json.TypeNameHandling");
            TypeNameHandlingNone = TypeNameHandling?.GetMembers("None").OfType<IFieldSymbol>().FirstOrDefault()?.ConstantValue;
            JavaScriptSerializer = c.GetTypeByMetadataName("System.Web.Script.Serialization.JavaScriptSerializer");
            SimpleTypeResolver = c.GetTypeByMetadataName("System.Web.Script.Serialization.SimpleTypeResolver");
        }

        public ImmutableArray<(INamedTypeSymbol Type, string Name, ImmutableArray<string> Methods)> FormatterTypes { get; }

        public ImmutableArray<(INamedTypeSymbol Type, ImmutableArray<string> Properties)> TypeNameHandlingTypes { get; }

        public INamedTypeSymbol? TypeNameHandling { get; }

        public object? TypeNameHandlingNone { get; }

        public INamedTypeSymbol? JavaScriptSerializer { get; }

        public INamedTypeSymbol? SimpleTypeResolver { get; }

        public bool IsEmpty => FormatterTypes.IsEmpty && TypeNameHandlingTypes.IsEmpty && (JavaScriptSerializer is null || SimpleTypeResolver is null);

        /// <summary>The formatter's display name when the method deserializes with one of them.</summary>
        public string? FormatterOf(IMethodSymbol method)
        {
            foreach (var (type, name, methods) in FormatterTypes)
            {
                if (methods.Contains(method.Name) && ConfigurationShapes.IsOrDerives(method.ContainingType, type))
                {
                    return name;
                }
            }

            return null;
        }

        public bool IsTypeNameHandling(IPropertySymbol property)
            => TypeNameHandlingTypes.Any(o => o.Properties.Contains(property.Name) && ConfigurationShapes.IsOrDerives(property.ContainingType, o.Type));

        public static DeserializerSettings Of(Compilation compilation)
            => PerCompilation<DeserializerSettings>.Get(compilation, c => new DeserializerSettings(c));
    }
}
