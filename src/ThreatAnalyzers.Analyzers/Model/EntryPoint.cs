namespace ThreatAnalyzers.Model
{
    /// <summary>
    /// A place where data from outside a trust boundary enters the program, as extracted from the code.
    /// </summary>
    /// <param name="Name">What users call it: <c>Type.Method</c>, or <c>GET /api/patients/{id}</c> for a route.</param>
    /// <param name="Boundary">The trust boundary the data crosses, for example "Internet".</param>
    /// <param name="Kind">How it was recognised.</param>
    /// <param name="Authorization">What the code says about who may call it.</param>
    internal sealed record EntryPoint(string Name, string Boundary, EntryPointKind Kind, AuthorizationEvidence Authorization)
    {
        /// <summary>The boundary used for entry points that frameworks expose to any HTTP client.</summary>
        public const string InternetBoundary = "Internet";

        /// <summary>Unauthenticated means: nothing requires a caller identity, and nobody said it is public on purpose.</summary>
        public bool IsUnauthenticated => Authorization.IsNone;

        /// <summary>True when ASP.NET Core's routing serves it, so ASP.NET Core authorization applies.</summary>
        public bool IsAspNetCoreEndpoint
            => Kind is EntryPointKind.ControllerAction or EntryPointKind.MinimalApiEndpoint or EntryPointKind.RazorPageHandler;
    }
}
