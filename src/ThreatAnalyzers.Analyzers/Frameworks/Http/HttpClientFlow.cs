using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.Http
{
    /// <summary>Outbound HTTP: the request URI is a sink; what an external service answers is untrusted.</summary>
    internal static class HttpClientFlow
    {
        private const string Client = "System.Net.Http.HttpClient";
        private const string Json = "System.Net.Http.Json.HttpClientJsonExtensions";

        public static readonly SinkRow[] Sinks =
        {
            new(Client, "GetAsync", SinkKind.OutboundHttp, "HttpClient.GetAsync", "requestUri"),
            new(Client, "GetStringAsync", SinkKind.OutboundHttp, "HttpClient.GetStringAsync", "requestUri"),
            new(Client, "PostAsync", SinkKind.OutboundHttp, "HttpClient.PostAsync", "requestUri"),
            new(Client, "PutAsync", SinkKind.OutboundHttp, "HttpClient.PutAsync", "requestUri"),
            new(Client, "DeleteAsync", SinkKind.OutboundHttp, "HttpClient.DeleteAsync", "requestUri"),

            // What a request carries out (TA4002): the body, the whole request message.
            new(Client, "PostAsync", SinkKind.OutboundBody, "HttpClient.PostAsync", "content"),
            new(Client, "PutAsync", SinkKind.OutboundBody, "HttpClient.PutAsync", "content"),
            new(Client, "PatchAsync", SinkKind.OutboundBody, "HttpClient.PatchAsync", "content"),
            new(Client, "SendAsync", SinkKind.OutboundBody, "HttpClient.SendAsync", "request"),
            new(Client, "Send", SinkKind.OutboundBody, "HttpClient.Send", "request"),
            new(Json, "PostAsJsonAsync", SinkKind.OutboundBody, "HttpClient.PostAsJsonAsync", "value"),
            new(Json, "PutAsJsonAsync", SinkKind.OutboundBody, "HttpClient.PutAsJsonAsync", "value"),
            new(Json, "PatchAsJsonAsync", SinkKind.OutboundBody, "HttpClient.PatchAsJsonAsync", "value"),
        };

        public static readonly SourceRow[] Sources =
        {
            new(Client, "GetStringAsync", FactKind.Untrusted),
            new(Client, "GetByteArrayAsync", FactKind.Untrusted),
            new(Client, "GetStreamAsync", FactKind.Untrusted),
            new("System.Net.Http.HttpContent", "ReadAsStringAsync", FactKind.Untrusted),
            new("System.Net.Http.Json.HttpClientJsonExtensions", "GetFromJsonAsync", FactKind.Untrusted),
            new("System.Net.Http.Json.HttpContentJsonExtensions", "ReadFromJsonAsync", FactKind.Untrusted),
        };
    }
}
