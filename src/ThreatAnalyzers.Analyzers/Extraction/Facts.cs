using ThreatAnalyzers.Model;

namespace ThreatAnalyzers.Extraction
{
    internal static class Access
    {
        /// <summary>Data comes out of the element into the code.</summary>
        public const string Read = "read";

        /// <summary>Data goes from the code into the element.</summary>
        public const string Write = "write";

        /// <summary>A request and its response: data goes both ways.</summary>
        public const string Call = "call";
    }

    /// <summary>A data store or external entity declared by an annotation on a type.</summary>
    internal sealed record ElementFact(
        string Id,
        string Name,
        string Kind,
        string? Boundary,
        SourceLocation? Location,
        EquatableArray<string> DataClasses,
        EquatableArray<string> Controls);

    /// <summary>One use of a data store or external entity in code: which element, which way, carrying what.</summary>
    internal sealed record TouchFact(
        string ElementId,
        string ElementName,
        string ElementKind,
        string Access,
        EquatableArray<string> DataClasses,
        EquatableArray<string> Controls);

    /// <summary>What a body does that matters for flows: the methods it calls and the elements it touches.</summary>
    internal sealed record BehaviorFact(EquatableArray<string> Calls, EquatableArray<TouchFact> Touches)
    {
        public static BehaviorFact Empty { get; } = new(EquatableArray<string>.Empty, EquatableArray<TouchFact>.Empty);

        public bool IsEmpty => Calls.Count == 0 && Touches.Count == 0;
    }

    /// <summary>A method of the compilation: its behavior, and the interface or virtual members it implements.</summary>
    internal sealed record MethodFact(string Id, EquatableArray<string> Implements, BehaviorFact Behavior);

    /// <summary>An entry point as extracted, with everything the model needs to draw it.</summary>
    /// <param name="Responds">Whether the handler answers with data (no response flow when it answers only a status).</param>
    /// <param name="HandlerMethodId">The handler method, when it is a method (its behavior is in the method facts).</param>
    /// <param name="DirectBehavior">What a lambda handler's own body does.</param>
    /// <param name="DirectBehaviorIn">The method whose body holds the lambda handler (it maps the route): the flows' <c>via</c> for its touches.</param>
    /// <param name="ParameterList">A method handler's parameter types (<see cref="EntryPointRecognizer.ParameterListOf"/>), which tell its process apart from a namesake.</param>
    internal sealed record EntryPointFact(
        string Id,
        string Name,
        string Boundary,
        EntryPointKind Kind,
        SourceLocation? Location,
        AuthorizationEvidence Authorization,
        EquatableArray<string> Controls,
        EquatableArray<string> Roles,
        EquatableArray<string> RequestDataClasses,
        bool Responds,
        EquatableArray<string> ResponseDataClasses,
        string? HandlerMethodId,
        BehaviorFact DirectBehavior,
        string? DirectBehaviorIn,
        string? ParameterList = null);

    /// <summary>
    /// An EF Core provider configured for a DbContext (AddDbContext&lt;T&gt;(o =&gt; o.UseSqlite(...)), AddSqlite&lt;T&gt;(...) or
    /// OnConfiguring), and the configuration key its connection string is read from, when the code says
    /// (<c>ConnectionStrings:Default</c> for <c>GetConnectionString("Default")</c>): a raw connection made from the same key is
    /// the same database.
    /// </summary>
    internal sealed record StoreProviderFact(string StoreId, string Provider, string? ConnectionKey = null);

    /// <summary>
    /// A service registration naming its implementation (<c>AddScoped&lt;IRepository, Repository&gt;()</c>), kept when the
    /// service is a referenced assembly's type: a call through it reaches what that implementation depends on.
    /// </summary>
    internal sealed record ServiceRegistrationFact(string ServiceId, string ImplementationId);

    /// <summary>
    /// What the methods of referenced assemblies that the project's code calls reach, read from their declarations
    /// (their bodies are not available), and the DbContexts among what they depend on.
    /// </summary>
    internal sealed record ReferencedFacts(EquatableArray<MethodFact> Methods, EquatableArray<ElementFact> Stores)
    {
        public static ReferencedFacts Empty { get; } = new(EquatableArray<MethodFact>.Empty, EquatableArray<ElementFact>.Empty);
    }
}
