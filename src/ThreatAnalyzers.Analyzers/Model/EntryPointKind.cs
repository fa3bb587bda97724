namespace ThreatAnalyzers.Model
{
    /// <summary>How an entry point was recognised.</summary>
    internal enum EntryPointKind
    {
        /// <summary>A method or type marked [TrustBoundary] that no framework convention recognises.</summary>
        TrustBoundary,

        /// <summary>An ASP.NET Core MVC controller action.</summary>
        ControllerAction,

        /// <summary>An ASP.NET Core minimal API endpoint (MapGet, MapPost, ...).</summary>
        MinimalApiEndpoint,

        /// <summary>An ASP.NET Core Razor Pages handler (OnGet, OnPostAsync, ...).</summary>
        RazorPageHandler,

        /// <summary>An AWS Lambda handler behind API Gateway.</summary>
        LambdaHandler,
    }
}
