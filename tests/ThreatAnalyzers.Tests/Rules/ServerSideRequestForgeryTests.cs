using System.Threading.Tasks;
using Xunit;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.ServerSideRequestForgeryRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class ServerSideRequestForgeryTests
    {
        [Fact]
        public Task HttpClientMethods_WithAnUntrustedUrl_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class PreviewController : ControllerBase
                {
                    private readonly HttpClient client = new HttpClient();

                    public async Task<string> Get(string {|#1:url|}) => await client.GetStringAsync({|#0:url|});
                    public async Task<int> Post(string {|#3:url|}, string body) => (int)(await client.PostAsync({|#2:url|}, new StringContent(body))).StatusCode;
                    public async Task<object?> Json(string {|#5:url|}) => await client.GetFromJsonAsync<object>({|#4:url|});
                    public async Task<byte[]> Bytes(string {|#7:url|}) => await client.GetByteArrayAsync({|#6:url|});
                }
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithArguments("url", "untrusted", "HttpClient.GetStringAsync", "", "PreviewController.Get"),
                Verify.Diagnostic("TA4008").WithLocation(2).WithLocation(3).WithArguments("url", "untrusted", "HttpClient.PostAsync", "", "PreviewController.Post"),
                Verify.Diagnostic("TA4008").WithLocation(4).WithLocation(5).WithArguments("url", "untrusted", "HttpClient.GetFromJsonAsync", "", "PreviewController.Json"),
                Verify.Diagnostic("TA4008").WithLocation(6).WithLocation(7).WithArguments("url", "untrusted", "HttpClient.GetByteArrayAsync", "", "PreviewController.Bytes"));

        [Fact]
        public Task RequestMessage_Uri_AndWebRequest_Fire()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class FetchController : ControllerBase
                {
                    private readonly HttpClient client = new HttpClient();

                    public async Task<int> Send(string {|#1:target|})
                    {
                        var request = new HttpRequestMessage(HttpMethod.Get, {|#0:target|});
                        return (int)(await client.SendAsync(request)).StatusCode;
                    }

                    public async Task<string> ViaUri(string {|#3:target|})
                    {
                        var uri = new Uri(target);
                        return await client.GetStringAsync({|#2:uri|});
                    }

                #pragma warning disable SYSLIB0014
                    public string Legacy(string {|#5:target|}) => WebRequest.Create({|#4:target|}).GetResponse().ContentType;
                #pragma warning restore SYSLIB0014

                    public async Task<string> FromQuery()
                    {
                        string webhook = {|#7:Request.Query|}["callback"]!;
                        return await client.GetStringAsync({|#6:webhook|});
                    }
                }
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithArguments("target", "untrusted", "new HttpRequestMessage", "", "FetchController.Send"),
                Verify.Diagnostic("TA4008").WithLocation(2).WithLocation(3).WithArguments("target", "untrusted", "HttpClient.GetStringAsync", "", "FetchController.ViaUri"),
                Verify.Diagnostic("TA4008").WithLocation(4).WithLocation(5).WithArguments("target", "untrusted", "WebRequest.Create", "", "FetchController.Legacy"),
                Verify.Diagnostic("TA4008").WithLocation(6).WithLocation(7).WithArguments("Request.Query", "untrusted", "HttpClient.GetStringAsync", "", "FetchController.FromQuery"));

        [Fact]
        public Task MinimalApi_HostFromTheCaller_Fires()
            => Verify.VerifyProgramAsync("""
                using System.Net.Http;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;

                var app = WebApplication.Create();
                app.MapGet("/proxy", async (string {|#1:host|}, HttpClient client) => await client.GetStringAsync({|#0:$"https://{host}/status"|}));
                app.Run();
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithArguments("host", "untrusted", "HttpClient.GetStringAsync", "", "GET /proxy"));

        [Fact]
        public Task HostPrefixWithoutItsDelimiter_StillFires()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class ItemsController : ControllerBase
                {
                    private readonly HttpClient client = new HttpClient();

                    // "https://api.example.com" + ".evil.com/…" or "@evil.com/…" is another host; "/" + "/evil.com" is protocol-relative.
                    public Task<string> A(string {|#1:rest|}) => client.GetStringAsync({|#0:"https://api.example.com" + rest|});
                    public Task<string> B(string {|#3:rest|}) => client.GetStringAsync({|#2:$"/{rest}"|});
                }
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithArguments("rest", "untrusted", "HttpClient.GetStringAsync", "", "ItemsController.A"),
                Verify.Diagnostic("TA4008").WithLocation(2).WithLocation(3).WithArguments("rest", "untrusted", "HttpClient.GetStringAsync", "", "ItemsController.B"));

        [Fact]
        public Task FixedHost_AllowLists_AndUntrustedContent_AreSilent()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class SafeController : ControllerBase
                {
                    private static readonly HashSet<string> AllowedHosts = new() { "api.example.com" };
                    private static readonly string[] AllowedUrls = { "https://status.example.com/health" };
                    private readonly HttpClient client = new HttpClient { BaseAddress = new Uri("https://api.example.com/") };

                    // The host is fixed by a constant prefix: only the path comes from the caller.
                    public Task<string> Absolute(string id) => client.GetStringAsync("https://api.example.com/items/" + id);
                    public Task<string> Interpolated(int id, string q) => client.GetStringAsync($"https://api.example.com/items/{id}?q={q}");
                    public Task<string> Relative(string id) => client.GetStringAsync($"/api/items/{id}");
                    public Task<string> RelativeNoSlash(string id) => client.GetStringAsync("items/" + id);

                    public async Task<string> Local(string id)
                    {
                        var url = $"https://api.example.com/items/{id}";
                        return await client.GetStringAsync(url);
                    }

                    // Allow-list checks guarding the call.
                    public async Task<IActionResult> Hosts(string url)
                    {
                        var uri = new Uri(url);
                        if (!AllowedHosts.Contains(uri.Host))
                        {
                            return BadRequest();
                        }

                        return Ok(await client.GetStringAsync(uri));
                    }

                    public async Task<IActionResult> HostsOnTheString(string url)
                    {
                        var uri = new Uri(url);
                        if (!AllowedHosts.Contains(uri.Host)) return BadRequest();
                        return Ok(await client.GetStringAsync(url));
                    }

                    public async Task<IActionResult> Urls(string url)
                    {
                        if (!AllowedUrls.Contains(url)) return BadRequest();
                        return Ok(await client.GetStringAsync(url));
                    }

                    public async Task<IActionResult> Equality(Uri target)
                    {
                        if (target.Host != "api.example.com") return BadRequest();
                        return Ok(await client.GetStringAsync(target));
                    }

                    public async Task<IActionResult> EqualityInside(Uri target)
                    {
                        if (target.Host == "api.example.com")
                        {
                            return Ok(await client.GetStringAsync(target));
                        }

                        return BadRequest();
                    }

                    // What the request carries is not where it goes.
                    public async Task<int> Body(string comment)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Post, "https://api.example.com/comments") { Content = new StringContent(comment) };
                        var a = await client.SendAsync(request);
                        var b = await client.PostAsync("https://api.example.com/comments", new StringContent(comment));
                        return (int)a.StatusCode + (int)b.StatusCode;
                    }
                }
                """);

        [Fact]
        public Task WellFormedCheck_IsNotAnAllowList()
            => Verify.VerifyAnalyzerAsync("""
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class LinkController : ControllerBase
                {
                    private readonly HttpClient client = new HttpClient();

                    public async Task<IActionResult> Preview(string {|#1:url|})
                    {
                        if (!Uri.IsWellFormedUriString(url, UriKind.Absolute)) return BadRequest();
                        return Ok(await client.GetStringAsync({|#0:url|}));
                    }

                    public async Task<IActionResult> Blocked(Uri {|#3:url|})
                    {
                        // A deny-list: anything else still goes.
                        if (url.Host == "169.254.169.254") return BadRequest();
                        return Ok(await client.GetStringAsync({|#2:url|}));
                    }
                }
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithArguments("url", "untrusted", "HttpClient.GetStringAsync", "", "LinkController.Preview"),
                Verify.Diagnostic("TA4008").WithLocation(2).WithLocation(3).WithArguments("url", "untrusted", "HttpClient.GetStringAsync", "", "LinkController.Blocked"));

        /// <summary>
        /// A validated URL is still any URL: [Url] under [ApiController] (TA2001's validation) does not make the address safe,
        /// and TA2001 leaves request addresses to this rule, so this is the one warning about it.
        /// </summary>
        [Fact]
        public Task ValidatedUrl_StillFires()
            => Verify.VerifyAnalyzerAsync("""
                using System.ComponentModel.DataAnnotations;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                [ApiController]
                [Route("links")]
                public class LinkController : ControllerBase
                {
                    private readonly HttpClient client = new HttpClient();

                    [HttpGet("preview")]
                    public async Task<IActionResult> Preview([Required, Url, StringLength(2000)] string {|#1:url|}) => Ok(await client.GetStringAsync({|#0:url|}));
                }
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithArguments("url", "untrusted", "HttpClient.GetStringAsync", "", "LinkController.Preview"));

        [Fact]
        public Task ThroughAHelper_NamesThePath()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class Fetcher
                {
                    private readonly HttpClient client = new HttpClient();
                    public Task<string> Fetch(string address) => client.GetStringAsync({|#2:address|});
                }

                public class WebhookController : ControllerBase
                {
                    private readonly Fetcher fetcher = new Fetcher();
                    public Task<string> Ping(string {|#1:callback|}) => fetcher.Fetch({|#0:callback|});
                }
                """,
                Verify.Diagnostic("TA4008").WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("callback", "untrusted", "HttpClient.GetStringAsync", " via Fetcher.Fetch", "WebhookController.Ping"));

        [Fact]
        public Task DataSentToAnExternalEntity_IsNotItsAddress()
            => Verify.VerifyAnalyzerAsync("""
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using ThreatAnalyzers;

                [ExternalEntity("Credit bureau")]
                public class BureauClient
                {
                    private readonly HttpClient client = new HttpClient();
                    public Task<HttpResponseMessage> ScoreAsync(string fullName) => client.PostAsync("https://bureau.example.com/score", new StringContent(fullName));
                }

                public class CreditController : ControllerBase
                {
                    private readonly BureauClient bureau = new BureauClient();
                    public Task<HttpResponseMessage> Check(string fullName) => bureau.ScoreAsync(fullName);
                }
                """);
    }
}
