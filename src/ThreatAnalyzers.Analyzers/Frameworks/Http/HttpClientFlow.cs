using System.Collections.Generic;
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
            // Where the request goes, never what it carries (a request's Content is not its address): server-side request forgery.
            new(Client, "GetAsync", SinkKind.RequestAddress, "HttpClient.GetAsync", "requestUri"),
            new(Client, "GetStringAsync", SinkKind.RequestAddress, "HttpClient.GetStringAsync", "requestUri"),
            new(Client, "PostAsync", SinkKind.RequestAddress, "HttpClient.PostAsync", "requestUri"),
            new(Client, "PutAsync", SinkKind.RequestAddress, "HttpClient.PutAsync", "requestUri"),
            new(Client, "DeleteAsync", SinkKind.RequestAddress, "HttpClient.DeleteAsync", "requestUri"),
            new(Client, "PatchAsync", SinkKind.RequestAddress, "HttpClient.PatchAsync", "requestUri"),
            new(Client, "GetByteArrayAsync", SinkKind.RequestAddress, "HttpClient.GetByteArrayAsync", "requestUri"),
            new(Client, "GetStreamAsync", SinkKind.RequestAddress, "HttpClient.GetStreamAsync", "requestUri"),
            new(Client, "BaseAddress", SinkKind.RequestAddress, "HttpClient.BaseAddress", "value"),
            new("System.Net.Http.HttpRequestMessage", ".ctor", SinkKind.RequestAddress, "new HttpRequestMessage", "requestUri"),
            new("System.Net.Http.HttpRequestMessage", "RequestUri", SinkKind.RequestAddress, "HttpRequestMessage.RequestUri", "value"),
            new(Json, "GetFromJsonAsync", SinkKind.RequestAddress, "HttpClient.GetFromJsonAsync", "requestUri"),
            new(Json, "PostAsJsonAsync", SinkKind.RequestAddress, "HttpClient.PostAsJsonAsync", "requestUri"),
            new(Json, "PutAsJsonAsync", SinkKind.RequestAddress, "HttpClient.PutAsJsonAsync", "requestUri"),
            new(Json, "PatchAsJsonAsync", SinkKind.RequestAddress, "HttpClient.PatchAsJsonAsync", "requestUri"),
            new(Json, "DeleteFromJsonAsync", SinkKind.RequestAddress, "HttpClient.DeleteFromJsonAsync", "requestUri"),
            new("System.Net.WebRequest", "Create", SinkKind.RequestAddress, "WebRequest.Create", "requestUriString", "requestUri"),
            new("System.Net.WebRequest", "CreateHttp", SinkKind.RequestAddress, "WebRequest.CreateHttp", "requestUriString", "requestUri"),
            new("System.Net.WebClient", "DownloadString", SinkKind.RequestAddress, "WebClient.DownloadString", "address"),
            new("System.Net.WebClient", "DownloadStringTaskAsync", SinkKind.RequestAddress, "WebClient.DownloadStringTaskAsync", "address"),
            new("System.Net.WebClient", "DownloadData", SinkKind.RequestAddress, "WebClient.DownloadData", "address"),
            new("System.Net.WebClient", "DownloadDataTaskAsync", SinkKind.RequestAddress, "WebClient.DownloadDataTaskAsync", "address"),
            new("System.Net.WebClient", "OpenRead", SinkKind.RequestAddress, "WebClient.OpenRead", "address"),
        };

        /// <summary>
        /// Allow-list checks that decide where a request may go, where they guard it: <c>allowedHosts.Contains(uri.Host)</c>,
        /// <c>allowedUrls.Contains(url)</c>, <c>uri.Host == "api.example.com"</c> (a Uri's host, authority or the Uri checked
        /// in a comparison with a constant or a collection's Contains checks the Uri, and the string it was made from).
        /// <c>Uri.IsWellFormedUriString</c> and <c>Uri.TryCreate</c> are not among them: any host is well formed.
        /// </summary>
        public static readonly GuardRow[] Guards =
        {
            new("System.Collections.Generic.ICollection`1", "Contains", SinkKind.RequestAddress, "item"),
            new("System.Collections.Generic.IReadOnlySet`1", "Contains", SinkKind.RequestAddress, "item"),
            new("System.Linq.Enumerable", "Contains", SinkKind.RequestAddress, "value"),
            new("System.String", "Equals", SinkKind.RequestAddress, "a"),
            new("System.Uri", "Host", SinkKind.RequestAddress, null),
            new("System.Uri", "IdnHost", SinkKind.RequestAddress, null),
            new("System.Uri", "DnsSafeHost", SinkKind.RequestAddress, null),
            new("System.Uri", "Authority", SinkKind.RequestAddress, null),
        };

        /// <summary>
        /// Whether text that starts with these pieces (constant text, or null for a computed value) already decides which host
        /// a request to it goes to, whatever follows: an absolute prefix with its scheme, host and the '/', '?' or '#' that
        /// ends the host (<c>"https://api.example.com/items/"</c>), or a relative one (resolved against the client's
        /// BaseAddress) that holds such a delimiter with no ':' before it and does not start with "//" or a backslash
        /// (<c>"/api/items/"</c>, <c>"items/"</c>). <c>"https://api.example.com"</c> alone does not: ".evil.com" or
        /// "@evil.com" after it changes the host.
        /// </summary>
        public static bool FixesTheHost(List<string?> pieces)
        {
            var prefix = new System.Text.StringBuilder();
            foreach (var piece in pieces)
            {
                if (piece is null)
                {
                    break;
                }

                prefix.Append(piece);
            }

            var text = prefix.ToString();
            var delimiter = text.IndexOfAny(new[] { '/', '?', '#' });
            if (delimiter < 0 || text.IndexOf('\\') >= 0)
            {
                return false;
            }

            var scheme = text.IndexOf("://", System.StringComparison.Ordinal);
            if (scheme > 0 && scheme < delimiter)
            {
                // scheme://host then a delimiter: the host is everything between, and must be there.
                var hostStart = scheme + 3;
                var hostEnd = text.IndexOfAny(new[] { '/', '?', '#' }, hostStart);
                return hostEnd > hostStart && text.IndexOf('@', hostStart, hostEnd - hostStart) < 0;
            }

            if (text.IndexOf(':') is var colon && colon >= 0 && colon < delimiter)
            {
                return false;
            }

            return delimiter > 0 || (text.Length >= 2 && text[1] is not ('/' or '\\') && !char.IsWhiteSpace(text[1]));
        }

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
