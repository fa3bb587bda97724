using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;
using Fix = ThreatAnalyzers.Tests.Verifiers.ThreatRuleFixVerifier<
    ThreatAnalyzers.Rules.WeakAuthenticationConfigurationRule,
    ThreatAnalyzers.CodeFixes.Rules.WeakAuthenticationConfigurationFixer>;
using Verify = ThreatAnalyzers.Tests.Verifiers.ThreatRuleVerifier<ThreatAnalyzers.Rules.WeakAuthenticationConfigurationRule>;

namespace ThreatAnalyzers.Tests.Rules
{
    public class WeakAuthenticationConfigurationTests
    {
        private const string Where = "'Startup.ConfigureServices'";
        private const string ShortPassword = "passwords shorter than 8 characters are below NIST SP 800-63B's minimum";
        private const string NoLockout = "new accounts are never locked out, so their passwords can be guessed without limit";
        private const string ManyAttempts = "more than 100 failed attempts before lockout is above NIST SP 800-63B's limit";
        private const string ScriptReadable = "script in the page (an XSS payload) can read the session cookie and replay it";
        private const string PlainHttp = "the session cookie is also sent over plain HTTP, where anyone on the path can copy it";
        private const string AnyOrigin = "any web site the user visits can send requests with the user's cookies and read the answers";
        private const string RefusedAtRunTime = "ASP.NET Core refuses this combination at run time (the app fails to start or the policy is unusable); the intent, credentialed requests from any web site, is the hole: list the allowed origins with WithOrigins(...)";

        private static DiagnosticResult Expected(int location, string setting, string cwe, string reason, string where = Where)
            => Verify.Diagnostic().WithLocation(location).WithArguments(setting, where, cwe, reason);

        [Fact]
        public Task IdentityPasswordAndLockout_BelowGuidance_AreReported()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.Configure<IdentityOptions>(options =>
                        {
                            {|#0:options.Password.RequiredLength = 6|};
                            options.Password.RequireDigit = false;
                            options.Password.RequireNonAlphanumeric = false;
                            options.Password.RequireUppercase = false;
                            {|#1:options.Lockout.AllowedForNewUsers = false|};
                            {|#2:options.Lockout.MaxFailedAccessAttempts = 1000|};
                        });
                        services.Configure<PasswordOptions>(password => { {|#3:password.RequiredLength = 4|}; });
                    }
                }
                """,
                Expected(0, "RequiredLength = 6", "CWE-521", ShortPassword),
                Expected(1, "AllowedForNewUsers = false", "CWE-307", NoLockout),
                Expected(2, "MaxFailedAccessAttempts = 1000", "CWE-307", ManyAttempts),
                Expected(3, "RequiredLength = 4", "CWE-521", ShortPassword));

        [Fact]
        public Task IdentityWithinGuidance_AndDefaults_AreSilent()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services, int configured)
                    {
                        services.Configure<IdentityOptions>(options =>
                        {
                            options.Password.RequiredLength = 8;
                            options.Password.RequiredLength = configured;
                            options.Password.RequireDigit = false;
                            options.Lockout.AllowedForNewUsers = true;
                            options.Lockout.MaxFailedAccessAttempts = 10;
                        });
                        services.Configure<IdentityOptions>(options => { });
                    }
                }
                """);

        [Fact]
        public Task SessionCookies_ReadableByScriptOrSentOverHttp_AreReported()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.AspNetCore.Antiforgery;
                using Microsoft.AspNetCore.Authentication.Cookies;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.AddAuthentication().AddCookie(options =>
                        {
                            {|#0:options.Cookie.HttpOnly = false|};
                            {|#1:options.Cookie.SecurePolicy = CookieSecurePolicy.None|};
                        });
                        services.AddSession(options => options.Cookie = new CookieBuilder { Name = ".session" });
                        services.Configure<SessionOptions>(options =>
                        {
                            {|#2:options.Cookie.HttpOnly = false|};
                        });
                        services.AddAntiforgery(options => { {|#3:options.Cookie.SecurePolicy = CookieSecurePolicy.None|}; });
                        services.Configure<CookieAuthenticationOptions>("b", new CookieAuthenticationOptions { Cookie = { {|#4:HttpOnly = false|} } }.GetType() is null ? null : (System.Action<CookieAuthenticationOptions>)(_ => { }));
                    }
                }
                """,
                Expected(0, "HttpOnly = false", "CWE-1004", ScriptReadable),
                Expected(1, "SecurePolicy = CookieSecurePolicy.None", "CWE-614", PlainHttp),
                Expected(2, "HttpOnly = false", "CWE-1004", ScriptReadable),
                Expected(3, "SecurePolicy = CookieSecurePolicy.None", "CWE-614", PlainHttp),
                Expected(4, "HttpOnly = false", "CWE-1004", ScriptReadable));

        [Fact]
        public Task AppendedCookies_NamedForASession_AreReported_OthersAreSilent()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Mvc;

                public class SessionController : ControllerBase
                {
                    [HttpPost("/login")]
                    public IActionResult Login(string token)
                    {
                        Response.Cookies.Append("session-id", token, new CookieOptions { {|#0:HttpOnly = false|}, {|#1:Secure = false|} });
                        Response.Cookies.Append("XSRF-TOKEN", token, new CookieOptions { HttpOnly = false, Secure = true });
                        Response.Cookies.Append("theme", "dark", new CookieOptions { HttpOnly = false });
                        Response.Cookies.Append("auth", token, new CookieOptions { HttpOnly = true, Secure = true });
                        return Ok();
                    }
                }
                """,
                Expected(0, "HttpOnly = false", "CWE-1004", "script in the page (an XSS payload) can read the 'session-id' cookie and replay it", "'SessionController.Login'"),
                Expected(1, "Secure = false", "CWE-614", "the 'session-id' cookie is also sent over plain HTTP, where anyone on the path can copy it", "'SessionController.Login'"));

        [Fact]
        public Task SafeCookies_AndCookiesOfOtherFeatures_AreSilent()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.AddAuthentication().AddCookie(options =>
                        {
                            options.Cookie.HttpOnly = true;
                            options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                        });
                        services.Configure<CookiePolicyOptions>(options => options.Secure = CookieSecurePolicy.None);
                        var builder = new CookieBuilder { HttpOnly = false };
                    }
                }
                """);

        [Fact]
        public Task Cors_AnyOriginWithCredentials_IsReported_InAChainAndAcrossStatements()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.AspNetCore.Cors.Infrastructure;
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.AddCors(options =>
                        {
                            options.AddPolicy("reflect", policy => policy.SetIsOriginAllowed(origin => true).AllowAnyHeader().{|#0:AllowCredentials()|});
                            options.AddPolicy("any", policy => policy.AllowAnyOrigin().{|#1:AllowCredentials()|});
                            options.AddPolicy("split", policy =>
                            {
                                policy.{|#2:AllowCredentials()|};
                                policy.SetIsOriginAllowed(AnyOrigin);
                            });
                        });
                    }

                    private static bool AnyOrigin(string origin) => true;
                }
                """,
                Expected(0, "SetIsOriginAllowed(origin => true) with AllowCredentials()", "CWE-942", AnyOrigin),
                Expected(1, "AllowAnyOrigin() with AllowCredentials()", "CWE-942", RefusedAtRunTime),
                Expected(2, "SetIsOriginAllowed(AnyOrigin) with AllowCredentials()", "CWE-942", AnyOrigin));

        [Fact]
        public Task Cors_KnownOrigins_OrNoCredentials_AreSilent()
            => Verify.VerifyAnalyzerAsync(
                """
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.AddCors(options =>
                        {
                            options.AddPolicy("spa", policy => policy.WithOrigins("https://app.example.com").AllowCredentials());
                            options.AddPolicy("public", policy => policy.AllowAnyOrigin().AllowAnyMethod());
                            options.AddPolicy("checked", policy => policy.SetIsOriginAllowed(origin => origin.EndsWith(".example.com")).AllowCredentials());
                            options.AddPolicy("other", policy => policy.AllowCredentials());
                            options.AddPolicy("another", policy => policy.AllowAnyOrigin());
                        });
                    }
                }
                """);

        [Fact]
        public Task HalfTypedCode_DoesNotCrash()
            => new Verify.Test(
                """
                using Microsoft.AspNetCore.Identity;
                using Microsoft.Extensions.DependencyInjection;

                public class Startup
                {
                    public void ConfigureServices(IServiceCollection services)
                    {
                        services.Configure<IdentityOptions>(options =>
                        {
                            options.Password.RequiredLength = "six";
                            options.Password.Missing = 3;
                            options.Lockout.AllowedForNewUsers = ;
                            options.Cookie.HttpOnly = false;
                        });
                        services.AddCors(o => o.AddPolicy("x", p => p.SetIsOriginAllowed().AllowCredentials(true)));
                        services.AddCors(o => o.AddPolicy("y", p => Unknown.AllowAnyOrigin().AllowCredentials()));
                    }
                }
                """)
            {
                CompilerDiagnostics = CompilerDiagnostics.None,
            }.RunWithAsync();

        [Fact]
        public Task Fix_WritesTheSafeValue_AndRemovesAllowCredentials_FixAll()
            => new Fix.Test
            {
                NumberOfFixAllIterations = 2,
                TestCode = """
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.Extensions.DependencyInjection;

                    public class Startup
                    {
                        public void ConfigureServices(IServiceCollection services)
                        {
                            services.Configure<IdentityOptions>(options =>
                            {
                                {|#0:options.Password.RequiredLength = 6|};
                                {|#1:options.Lockout.MaxFailedAccessAttempts = 500|};
                            });
                            services.AddAuthentication().AddCookie(options =>
                            {
                                {|#2:options.Cookie.HttpOnly = false|};
                                {|#3:options.Cookie.SecurePolicy = CookieSecurePolicy.None|};
                            });
                            services.AddCors(options => options.AddPolicy("spa", policy => policy
                                .SetIsOriginAllowed(_ => true)
                                .{|#4:AllowCredentials()|}));
                        }
                    }
                    """,
                FixedCode = """
                    using Microsoft.AspNetCore.Http;
                    using Microsoft.AspNetCore.Identity;
                    using Microsoft.Extensions.DependencyInjection;

                    public class Startup
                    {
                        public void ConfigureServices(IServiceCollection services)
                        {
                            services.Configure<IdentityOptions>(options =>
                            {
                                options.Password.RequiredLength = 8;
                                options.Lockout.MaxFailedAccessAttempts = 5;
                            });
                            services.AddAuthentication().AddCookie(options =>
                            {
                                options.Cookie.HttpOnly = true;
                                options.Cookie.SecurePolicy = CookieSecurePolicy.Always;
                            });
                            services.AddCors(options => options.AddPolicy("spa", policy => policy
                                .SetIsOriginAllowed(_ => true)));
                        }
                    }
                    """,
                ExpectedDiagnostics =
                {
                    Expected(0, "RequiredLength = 6", "CWE-521", ShortPassword),
                    Expected(1, "MaxFailedAccessAttempts = 500", "CWE-307", ManyAttempts),
                    Expected(2, "HttpOnly = false", "CWE-1004", ScriptReadable),
                    Expected(3, "SecurePolicy = CookieSecurePolicy.None", "CWE-614", PlainHttp),
                    Expected(4, "SetIsOriginAllowed(_ => true) with AllowCredentials()", "CWE-942", AnyOrigin),
                },
            }.RunWithAsync();
    }
}
