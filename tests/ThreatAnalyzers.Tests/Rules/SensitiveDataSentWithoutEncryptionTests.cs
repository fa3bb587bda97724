using System.Threading.Tasks;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.SensitiveDataSentWithoutEncryptionRule,
    ThreatAnalyzers.CodeFixes.Rules.SensitiveDataSentWithoutEncryptionFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.SensitiveDataSentWithoutEncryptionRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class SensitiveDataSentWithoutEncryptionTests
    {
        private const string Types = """
            using ThreatAnalyzers;

            namespace Crm
            {
                public class Customer
                {
                    public int Id { get; set; }
                    [HandlesPii] public string Email { get; set; }
                    [HandlesPii, HandlesSecrets] public string NationalId { get; set; }
                    public string Tier { get; set; }
                }
            }
            """;

        [Fact]
        public Task ConstantHttpUrl_WithPiiInTheBody_IsReportedOnTheValue_WithTheLiteral()
            => new Verify.Test(
                """
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;

                namespace Crm
                {
                    public class Sync(HttpClient http)
                    {
                        public Task Push(Customer customer)
                            => http.PostAsJsonAsync({|#1:"http://crm.example.com/contacts"|}, {|#0:customer.Email|});
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic().WithLocation(0).WithLocation(1)
                    .WithArguments("customer.Email", "PII", "HttpClient.PostAsJsonAsync", "'http://crm.example.com/contacts' over plain HTTP", ""));

        [Fact]
        public Task PiiInTheQueryString_OfAnHttpUrl_IsReported()
            => new Verify.Test(
                """
                using System.Net.Http;
                using System.Threading.Tasks;

                namespace Crm
                {
                    public class Lookup(HttpClient http)
                    {
                        public Task<HttpResponseMessage> Find(Customer customer)
                            => http.GetAsync({|#0:$"{|#2:http://crm.example.com/lookup?email=|}{{|#1:customer.Email|}}"|});
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2)
                    .WithArguments("customer.Email", "PII", "HttpClient.GetAsync", "'http://crm.example.com/lookup?email=' over plain HTTP", ""));

        [Fact]
        public Task ValueThatIsBothPiiAndSecret_IsOneFinding_NamingBoth()
            => new Verify.Test(
                """
                using System.Net.Http;
                using System.Threading.Tasks;

                namespace Crm
                {
                    public class Checks(HttpClient http)
                    {
                        public Task Verify(Customer customer)
                            => http.PostAsync({|#2:"http://id.example.com/verify"|}, {|#0:new StringContent({|#1:customer.NationalId|})|});
                    }
                }
                """,
                Types).RunWithAsync(Verify.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2)
                    .WithArguments("customer.NationalId", "PII and secret", "HttpClient.PostAsync", "'http://id.example.com/verify' over plain HTTP", ""));
    

        [Fact]
        public Task BaseAddress_OfATypedClientRegistration_OfAFieldInitializer_AndOfANamedClient_AreFollowed()
            => new Verify.Test(
                """
                using System;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Microsoft.Extensions.DependencyInjection;

                namespace Crm
                {
                    public static class Setup
                    {
                        public static void Add(IServiceCollection services)
                        {
                            services.AddHttpClient<CrmClient>(c => c.BaseAddress = new Uri({|#1:"http://crm.example.com/"|}));
                            services.AddHttpClient("marketing", c => c.BaseAddress = new Uri({|#5:"http://mail.example.com/"|}));
                        }
                    }

                    public class CrmClient(HttpClient http)
                    {
                        public Task Push(Customer customer) => http.PostAsJsonAsync("contacts", {|#0:customer.Email|});
                    }

                    public class Legacy
                    {
                        private readonly HttpClient http = new HttpClient { BaseAddress = new Uri({|#3:"http://legacy.example.com"|}) };

                        public Task Push(Customer customer) => http.PutAsJsonAsync("contacts/1", {|#2:customer.Email|});
                    }

                    public class Newsletter(IHttpClientFactory factory)
                    {
                        public Task Subscribe(Customer customer) => factory.CreateClient("marketing").PostAsJsonAsync("subscribers", {|#4:customer.Email|});
                    }
                }
                """,
                Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Verify.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("customer.Email", "PII", "HttpClient.PostAsJsonAsync", "'http://crm.example.com/' over plain HTTP", ""),
                Verify.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("customer.Email", "PII", "HttpClient.PutAsJsonAsync", "'http://legacy.example.com' over plain HTTP", ""),
                Verify.Diagnostic().WithLocation(4).WithLocation(5).WithArguments("customer.Email", "PII", "HttpClient.PostAsJsonAsync", "'http://mail.example.com/' over plain HTTP", ""));

        [Fact]
        public Task AnnotatedExternalEntity_NeitherEncryptedInTransitNorRegisteredOverHttps_IsReported_ThroughAChainToo()
            => new Verify.Test(
                """
                using System.Threading.Tasks;
                using ThreatAnalyzers;

                namespace Crm
                {
                    [ExternalEntity("Legacy CRM")]
                    public class LegacyCrm
                    {
                        public Task Push(string email) => Task.CompletedTask;
                    }

                    public class Sync(LegacyCrm crm)
                    {
                        public Task Run(Customer customer) => Forward({|#0:customer.Email|});

                        private Task Forward(string email) => crm.Push({|#1:email|});
                    }
                }
                """,
                Types).RunWithAsync(
                    Verify.Diagnostic().WithLocation(0).WithLocation(1)
                        .WithArguments("customer.Email", "PII", "LegacyCrm.Push", "external entity 'Legacy CRM', which is neither [EncryptedInTransit] nor registered with an https:// address", " via Sync.Forward"));

        [Fact]
        public Task Https_Loopback_UnknownAddresses_EncryptedEntities_AndOrdinaryData_AreSilent()
            => new Verify.Test(
                """
                using System;
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Microsoft.Extensions.Configuration;
                using Microsoft.Extensions.DependencyInjection;
                using ThreatAnalyzers;

                namespace Crm
                {
                    public static class Setup
                    {
                        public static void Add(IServiceCollection services, IConfiguration configuration)
                        {
                            services.AddHttpClient<SecureCrm>(c => c.BaseAddress = new Uri("https://crm.example.com/"));
                            services.AddHttpClient<ConfiguredCrm>(c => c.BaseAddress = new Uri(configuration["Crm:BaseAddress"]!));
                            services.AddHttpClient<RegisteredEntity>(c => c.BaseAddress = new Uri("https://bureau.example.com/"));
                        }
                    }

                    public class SecureCrm(HttpClient http)
                    {
                        public Task Push(Customer customer) => http.PostAsJsonAsync("contacts", customer.Email);
                    }

                    public class ConfiguredCrm(HttpClient http)
                    {
                        public Task Push(Customer customer) => http.PostAsJsonAsync("contacts", customer.Email);
                    }

                    public class Local(HttpClient http)
                    {
                        public async Task Push(Customer customer)
                        {
                            await http.PostAsJsonAsync("http://localhost:5000/contacts", customer.Email);
                            await http.PostAsJsonAsync("http://127.0.0.1/contacts", customer.Email);
                            await http.PostAsJsonAsync("http://[::1]/contacts", customer.Email);
                            await http.PostAsJsonAsync("https://crm.example.com/contacts", customer.Email);
                            await http.PostAsJsonAsync("http://crm.example.com/tiers", customer.Tier);
                            await http.GetAsync($"http://crm.example.com/customers/{customer.Id}");
                        }
                    }

                    [ExternalEntity("Bureau")]
                    [EncryptedInTransit]
                    public class EncryptedEntity(HttpClient http)
                    {
                        public Task Push(string email) => http.PostAsJsonAsync("score", email);
                    }

                    [ExternalEntity("Registered bureau")]
                    public class RegisteredEntity
                    {
                        public Task Push(string email) => Task.CompletedTask;
                    }

                    public class Callers(EncryptedEntity encrypted, RegisteredEntity registered)
                    {
                        public async Task Run(Customer customer)
                        {
                            await encrypted.Push(customer.Email);
                            await registered.Push(customer.Email);
                        }
                    }
                }
                """,
                Types)
            {
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync();

        [Fact]
        public Task Fix_MakesTheLiteralHttps_WhereverItIs_FixAllToo()
            => new Fix.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Net.Http;
                        using System.Net.Http.Json;
                        using System.Threading.Tasks;
                        using Microsoft.Extensions.DependencyInjection;

                        namespace Crm
                        {
                            public static class Setup
                            {
                                public static void Add(IServiceCollection services)
                                    => services.AddHttpClient<CrmClient>(c => c.BaseAddress = new Uri({|#1:"http://crm.example.com/"|}));
                            }

                            public class CrmClient(HttpClient http)
                            {
                                public async Task Push(Customer customer)
                                {
                                    await http.PostAsJsonAsync("contacts", {|#0:customer.Email|});
                                    await http.PostAsJsonAsync({|#3:"http://audit.example.com/log"|}, {|#2:customer.Email|});
                                }
                            }
                        }
                        """,
                        Types,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using System.Net.Http;
                        using System.Net.Http.Json;
                        using System.Threading.Tasks;
                        using Microsoft.Extensions.DependencyInjection;

                        namespace Crm
                        {
                            public static class Setup
                            {
                                public static void Add(IServiceCollection services)
                                    => services.AddHttpClient<CrmClient>(c => c.BaseAddress = new Uri("https://crm.example.com/"));
                            }

                            public class CrmClient(HttpClient http)
                            {
                                public async Task Push(Customer customer)
                                {
                                    await http.PostAsJsonAsync("contacts", customer.Email);
                                    await http.PostAsJsonAsync("https://audit.example.com/log", customer.Email);
                                }
                            }
                        }
                        """,
                        Types,
                    },
                },
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Fix.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("customer.Email", "PII", "HttpClient.PostAsJsonAsync", "'http://crm.example.com/' over plain HTTP", ""),
                Fix.Diagnostic().WithLocation(2).WithLocation(3).WithArguments("customer.Email", "PII", "HttpClient.PostAsJsonAsync", "'http://audit.example.com/log' over plain HTTP", ""));

        [Fact]
        public Task Fix_OfTheInterpolatedStart_KeepsTheHoles()
            => new Fix.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System.Net.Http;
                        using System.Threading.Tasks;

                        namespace Crm
                        {
                            public class Lookup(HttpClient http)
                            {
                                public Task<HttpResponseMessage> Find(Customer customer)
                                    => http.GetAsync({|#0:$"{|#2:http://crm.example.com/lookup?email=|}{{|#1:customer.Email|}}"|});
                            }
                        }
                        """,
                        Types,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System.Net.Http;
                        using System.Threading.Tasks;

                        namespace Crm
                        {
                            public class Lookup(HttpClient http)
                            {
                                public Task<HttpResponseMessage> Find(Customer customer)
                                    => http.GetAsync($"https://crm.example.com/lookup?email={customer.Email}");
                            }
                        }
                        """,
                        Types,
                    },
                },
            }.RunWithAsync(Fix.Diagnostic().WithLocation(0).WithLocation(1).WithLocation(2).WithArguments("customer.Email", "PII", "HttpClient.GetAsync", "'http://crm.example.com/lookup?email=' over plain HTTP", ""));

        [Fact]
        public Task FixAll_OfTwoFindingsOnOneBaseAddress_InAnotherDocument_ChangesItOnce()
            => new Fix.Test
            {
                TestState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using Microsoft.Extensions.DependencyInjection;

                        namespace Crm
                        {
                            public static class Setup
                            {
                                public static void Add(IServiceCollection services)
                                    => services.AddHttpClient<CrmClient>(c => c.BaseAddress = new Uri({|#1:"http://crm.example.com/"|}));
                            }
                        }
                        """,
                        """
                        using System.Net.Http;
                        using System.Net.Http.Json;
                        using System.Threading.Tasks;

                        namespace Crm
                        {
                            public class CrmClient(HttpClient http)
                            {
                                public Task Push(Customer customer) => http.PostAsJsonAsync("contacts", {|#0:customer.Email|});

                                public Task Verify(Customer customer) => http.PutAsJsonAsync("verifications", {|#2:customer.NationalId|});
                            }
                        }
                        """,
                        Types,
                    },
                },
                FixedState =
                {
                    Sources =
                    {
                        """
                        using System;
                        using Microsoft.Extensions.DependencyInjection;

                        namespace Crm
                        {
                            public static class Setup
                            {
                                public static void Add(IServiceCollection services)
                                    => services.AddHttpClient<CrmClient>(c => c.BaseAddress = new Uri("https://crm.example.com/"));
                            }
                        }
                        """,
                        """
                        using System.Net.Http;
                        using System.Net.Http.Json;
                        using System.Threading.Tasks;

                        namespace Crm
                        {
                            public class CrmClient(HttpClient http)
                            {
                                public Task Push(Customer customer) => http.PostAsJsonAsync("contacts", customer.Email);

                                public Task Verify(Customer customer) => http.PutAsJsonAsync("verifications", customer.NationalId);
                            }
                        }
                        """,
                        Types,
                    },
                },
                References = TestReferences.WebWithLibraries,
            }.RunWithAsync(
                Fix.Diagnostic().WithLocation(0).WithLocation(1).WithArguments("customer.Email", "PII", "HttpClient.PostAsJsonAsync", "'http://crm.example.com/' over plain HTTP", ""),
                Fix.Diagnostic().WithLocation(2).WithLocation(1).WithArguments("customer.NationalId", "PII and secret", "HttpClient.PutAsJsonAsync", "'http://crm.example.com/' over plain HTTP", ""));
    }
}
