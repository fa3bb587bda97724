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

    /// <summary>
    /// A finding of a flow rule in one body, as the rule reports it: it becomes a threat of the element it concerns.
    /// </summary>
    /// <param name="RuleId">The rule.</param>
    /// <param name="ElementId">The element the threat concerns (the Logs store for TA4001).</param>
    /// <param name="Location">Where the rule reports it.</param>
    /// <param name="Origin">The value as written, to tell findings on one line apart.</param>
    /// <param name="Message">The diagnostic's message.</param>
    /// <param name="Reviews">[Mitigates] and [AcceptsRisk] in scope of the method the rule analyzes.</param>
    internal sealed record FindingFact(string RuleId, string ElementId, SourceLocation? Location, string Origin, string Message, EquatableArray<ReviewAnnotation> Reviews);

    /// <summary>What a body does that matters for flows: the methods it calls, the elements it touches, what flow rules find in it.</summary>
    internal sealed record BehaviorFact(EquatableArray<string> Calls, EquatableArray<TouchFact> Touches, EquatableArray<FindingFact> Findings)
    {
        public static BehaviorFact Empty { get; } = new(EquatableArray<string>.Empty, EquatableArray<TouchFact>.Empty, EquatableArray<FindingFact>.Empty);

        public bool IsEmpty => Calls.Count == 0 && Touches.Count == 0 && Findings.Count == 0;
    }

    /// <summary>A method of the compilation: its behavior, and the interface or virtual members it implements.</summary>
    internal sealed record MethodFact(string Id, EquatableArray<string> Implements, BehaviorFact Behavior);

    /// <summary>An entry point as extracted, with everything the model needs to draw it and judge its threats.</summary>
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
        EquatableArray<string> ResponseDataClasses,
        string? HandlerMethodId,
        BehaviorFact DirectBehavior,
        EquatableArray<ReviewAnnotation> Reviews);

    /// <summary>An EF Core provider configured for a DbContext (AddDbContext&lt;T&gt;(o =&gt; o.UseSqlite(...)) or OnConfiguring).</summary>
    internal sealed record StoreProviderFact(string StoreId, string Provider);
}
