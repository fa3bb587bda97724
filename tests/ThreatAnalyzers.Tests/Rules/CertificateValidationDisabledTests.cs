using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.CertificateValidationDisabledRule,
    ThreatAnalyzers.CodeFixes.Rules.CertificateValidationDisabledFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.CertificateValidationDisabledRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class CertificateValidationDisabledTests
    {
        private static DiagnosticResult Expected(int location, string setting, string where)
            => Verify.Diagnostic().WithLocation(location).WithArguments(setting, where);

        [Fact]
        public Task EveryCallbackThatReturnsTrue_IsReported()
            => Verify.VerifyAnalyzerAsync(
                """
                using System.Net;
                using System.Net.Http;
                using System.Net.Security;
                using System.Net.Sockets;
                using System.Security.Cryptography.X509Certificates;

                public static class Clients
                {
                    public static HttpClient Handler() => new HttpClient(new HttpClientHandler
                    {
                        {|#0:ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) => true|},
                    });

                    public static HttpClient Sockets() => new HttpClient(new SocketsHttpHandler
                    {
                        SslOptions = new SslClientAuthenticationOptions { {|#1:RemoteCertificateValidationCallback = delegate { return true; }|} },
                    });

                    public static void Legacy()
                    {
                        {|#2:ServicePointManager.ServerCertificateValidationCallback += (sender, certificate, chain, errors) => true|};
                    }

                    public static SslStream Stream(NetworkStream network)
                        => new SslStream(network, false, {|#3:AcceptAll|});

                    public static HttpClient LocalFunction()
                    {
                        var handler = new HttpClientHandler();
                        {|#4:handler.ServerCertificateCustomValidationCallback = Yes|};
                        return new HttpClient(handler);

                        static bool Yes(HttpRequestMessage m, X509Certificate2? c, X509Chain? ch, SslPolicyErrors e)
                        {
                            if (e != SslPolicyErrors.None)
                            {
                                System.Console.WriteLine(e);
                            }

                            return true;
                        }
                    }

                    private static bool AcceptAll(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => true;
                }
                """,
                Expected(0, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'Clients.Handler'"),
                Expected(1, "SslClientAuthenticationOptions.RemoteCertificateValidationCallback", "'Clients.Sockets'"),
                Expected(2, "ServicePointManager.ServerCertificateValidationCallback", "'Clients.Legacy'"),
                Expected(3, "SslStream.userCertificateValidationCallback", "'Clients.Stream'"),
                Expected(4, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'Clients.LocalFunction'"));

        [Fact]
        public Task DangerousAcceptAnyServerCertificateValidator_IsReported_AssignedOrHeld()
            => Verify.VerifyAnalyzerAsync(
                """
                using System.Net.Http;

                public static class Clients
                {
                    public static HttpClient Assigned() => new HttpClient(new HttpClientHandler
                    {
                        {|#0:ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|},
                    });

                    public static HttpClient Held()
                    {
                        var accept = {|#1:HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};
                        return new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = accept });
                    }
                }
                """,
                Expected(0, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'Clients.Assigned'"),
                Expected(1, "HttpClientHandler.DangerousAcceptAnyServerCertificateValidator", "'Clients.Held'"));

        [Fact]
        public Task CallbacksThatDecide_AreSilent()
            => Verify.VerifyAnalyzerAsync(
                """
                using System.Net.Http;
                using System.Net.Security;
                using System.Net.Sockets;
                using System.Security.Cryptography.X509Certificates;

                public static class Clients
                {
                    private const string Pinned = "A1B2C3";

                    public static HttpClient Pinning() => new HttpClient(new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                            errors == SslPolicyErrors.None || certificate?.Thumbprint == Pinned,
                    });

                    public static HttpClient Throws() => new HttpClient(new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = (message, certificate, chain, errors) =>
                        {
                            if (errors != SslPolicyErrors.None)
                            {
                                throw new System.Security.Authentication.AuthenticationException(errors.ToString());
                            }

                            return true;
                        },
                    });

                    public static SslStream Stream(NetworkStream network) => new SslStream(network, false, Check);

                    public static SslStream Plain(NetworkStream network) => new SslStream(network);

                    private static bool Check(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors) => errors == SslPolicyErrors.None;
                }
                """);

        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => new Verify.Test(
                """
                using System.Net.Http;

                public static class Clients
                {
                    public static HttpClient Handler() => new HttpClient(new HttpClientHandler
                    {
                        ServerCertificateCustomValidationCallback = Missing,
                        Callback = (a, b, c, d) => true,
                        {|#0:ServerCertificateCustomValidationCallback = (a, b) => true|},
                    });

                    public static void Stream() => new System.Net.Security.SslStream(network, false, (a, b) => true, );
                    public static void Legacy() => System.Net.ServicePointManager.ServerCertificateValidationCallback += Nothing;
                }
                """)
            {
                CompilerDiagnostics = CompilerDiagnostics.None,
            }.RunWithAsync(Expected(0, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'Clients.Handler'"));

        [Fact]
        public Task Fix_InTopLevelStatements_RemovesTheStatement()
            => new Fix.Test
            {
                OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
                TestCode = """
                    using System.Net;

                    {|#0:ServicePointManager.ServerCertificateValidationCallback += (sender, certificate, chain, errors) => true|};
                    System.Console.WriteLine("started");
                    """,
                FixedCode = """
                    using System.Net;

                    System.Console.WriteLine("started");
                    """,
                ExpectedDiagnostics = { Expected(0, "ServicePointManager.ServerCertificateValidationCallback", "the top-level statements") },
            }.RunWithAsync();

        [Fact]
        public Task Fix_RemovesTheOverride_FixAll()
            => new Fix.Test
            {
                NumberOfFixAllIterations = 2,
                TestCode = """
                    using System.Net.Http;
                    using System.Net.Security;
                    using System.Net.Sockets;

                    public static class Clients
                    {
                        public static HttpClient Handler() => new HttpClient(new HttpClientHandler
                        {
                            {|#0:ServerCertificateCustomValidationCallback = (m, c, ch, e) => true|},
                            UseCookies = false,
                        });

                        public static HttpClient Statement()
                        {
                            var handler = new HttpClientHandler();
                            {|#1:handler.ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator|};
                            return new HttpClient(handler);
                        }

                        public static SslStream Stream(NetworkStream network) => new SslStream(network, false, {|#2:(s, c, ch, e) => true|});
                    }
                    """,
                FixedCode = """
                    using System.Net.Http;
                    using System.Net.Security;
                    using System.Net.Sockets;

                    public static class Clients
                    {
                        public static HttpClient Handler() => new HttpClient(new HttpClientHandler
                        {
                            UseCookies = false,
                        });

                        public static HttpClient Statement()
                        {
                            var handler = new HttpClientHandler();
                            return new HttpClient(handler);
                        }

                        public static SslStream Stream(NetworkStream network) => new SslStream(network, false);
                    }
                    """,
                ExpectedDiagnostics =
                {
                    Expected(0, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'Clients.Handler'"),
                    Expected(1, "HttpClientHandler.ServerCertificateCustomValidationCallback", "'Clients.Statement'"),
                    Expected(2, "SslStream.userCertificateValidationCallback", "'Clients.Stream'"),
                },
            }.RunWithAsync();
    }
}
