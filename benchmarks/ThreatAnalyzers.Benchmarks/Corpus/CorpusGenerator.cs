using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ThreatAnalyzers.Benchmarks.Corpus
{
    /// <summary>A kind of flaw the corpus plants, to see which tool finds it.</summary>
    public enum FlawKind
    {
        /// <summary>An endpoint without authorization (TA1001).</summary>
        Unauthenticated,

        /// <summary>Personal data logged through an intermediate method (TA4001).</summary>
        PiiLogging,

        /// <summary>SQL text concatenated from request data (TA2002; what the peers' taint rules look for).</summary>
        SqlInjection,

        /// <summary>A request model without validation written to the store (TA2001).</summary>
        InputWithoutValidation,

        /// <summary>A file name from the request in a file path (TA2005).</summary>
        PathTraversal,

        /// <summary>A return URL from the request redirected to (TA2007).</summary>
        OpenRedirect,

        /// <summary>Request text in an HTML response (TA2008).</summary>
        CrossSiteScripting,

        /// <summary>A caller-supplied header taken as the user's identity (TA1005).</summary>
        IdentityFromClientValue,

        /// <summary>Request text concatenated into the text of a log message (TA3002).</summary>
        LogForging,

        /// <summary>A request record whose generated ToString prints its personal data (TA4006).</summary>
        PiiPrintedByToString,

        /// <summary>Personal data returned by an endpoint that requires no authentication (TA4005).</summary>
        PiiServedWithoutAuthentication,

        /// <summary>Personal data written to an EF Core context that is not encrypted at rest (TA4003; one per store).</summary>
        StoredWithoutEncryption,

        /// <summary>An endpoint that deletes a record and leaves no log entry on its path (TA3001).</summary>
        StateChangeWithoutAuditTrail,

        /// <summary>Personal data posted to a partner over a plain http:// address (TA4002).</summary>
        SentWithoutEncryption,

        /// <summary>An exception's message returned in a response (TA4004).</summary>
        ExceptionDetailsReturned,

        /// <summary>Personal data hashed with MD5 (TA4007).</summary>
        WeakHash,

        /// <summary>A record with a [HandlesSecrets] member returned by an endpoint (TA4010).</summary>
        SecretReturned,

        /// <summary>Endpoints of a feature with no rate limit, where the others require the application's policy (TA5001).</summary>
        WithoutRateLimiting,

        /// <summary>Request text matched by a regular expression with no timeout (TA5002).</summary>
        RegexWithoutTimeout,

        /// <summary>A request body model whose strings have no length limit (TA5003; the unvalidated models).</summary>
        UnboundedRequestInput,

        /// <summary>A count from the request that sizes a sequence, unclamped (TA5004).</summary>
        UntrustedResourceUse,

        /// <summary>A host name from the request passed to Process.Start (TA6002).</summary>
        CommandInjection,

        /// <summary>A type name from the request passed to Type.GetType (TA6003).</summary>
        UntrustedTypeName,

        /// <summary>An action that calls an operation requiring the Admin role, without requiring it (TA6001).</summary>
        WeakerAuthorization,

        /// <summary>An admin action whose [Authorize(Roles = "Admin")] is cancelled by [AllowAnonymous] (TA6006).</summary>
        AuthorizationOverridden,

        /// <summary>A page address from the request fetched by the server with no allow-list or fixed host (TA4008).</summary>
        ServerSideRequestForgery,

        /// <summary>A password-reset endpoint that answers 404 for an unknown e-mail address and 202 for a known one (TA4009).</summary>
        AccountEnumeration,

        /// <summary>A delegate's role copied from the request body into the stored record, unchecked (TA6004).</summary>
        PrivilegeSetFromRequest,

        /// <summary>A delegate record loaded by the id in the route with no check that it is the caller's (TA6005).</summary>
        ObjectLevelAuthorizationMissing,
    }

    /// <summary>Which of the request-handling flaws one feature carries (drawn from their own random stream, so adding kinds leaves the older features as they were).</summary>
    public sealed record RequestFlaws(bool Unvalidated, bool PathTraversal, bool OpenRedirect, bool CrossSiteScripting, bool IdentityFromClientValue)
    {
        public static RequestFlaws Draw(Random random)
            => new(random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1);
    }

    /// <summary>Which of the repudiation and disclosure flaws one feature carries (their own random stream, so the older features stay as they were).</summary>
    public sealed record DisclosureFlaws(bool LogForging, bool RecordPrintsPii)
    {
        public static DisclosureFlaws Draw(Random random) => new(random.NextDouble() < 0.1, random.NextDouble() < 0.1);
    }

    /// <summary>Which of the issue-11 exposure flaws one feature carries (their own random stream, so the older features stay as they were).</summary>
    public sealed record ExposureFlaws(bool Unaudited, bool SentOverHttp, bool ExceptionDetails, bool WeakHash, bool SecretReturned)
    {
        public static ExposureFlaws Draw(Random random)
            => new(random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1);
    }

    /// <summary>Which of the denial-of-service and elevation-of-privilege flaws one feature carries (their own random stream).</summary>
    public sealed record PrivilegeFlaws(bool Unlimited, bool RegexWithoutTimeout, bool ResourceUse, bool CommandInjection, bool TypeName, bool WeakerAuthorization, bool AnonymousOverride)
    {
        public static PrivilegeFlaws Draw(Random random)
        {
            var weaker = random.NextDouble() < 0.1;
            var overridden = random.NextDouble() < 0.1;
            // One admin action: either its role is missing or it is cancelled, never both.
            return new(random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, weaker, overridden && !weaker);
        }
    }

    /// <summary>Which of the request-forgery, account-enumeration and object-access flaws one feature carries (their own random stream, so the older features stay as they were).</summary>
    public sealed record AccessFlaws(bool RequestForgery, bool AccountEnumeration, bool PrivilegeFromRequest, bool ObjectLevelAuthorization)
    {
        public static AccessFlaws Draw(Random random)
            => new(random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1, random.NextDouble() < 0.1);
    }

    /// <summary>A generated file.</summary>
    public sealed record CorpusFile(string Path, string Text);

    /// <summary>Where a flaw was planted: a finding on this file and line counts as finding it.</summary>
    public sealed record PlantedFlaw(string Path, int Line, FlawKind Kind);

    /// <summary>A generated code base.</summary>
    public sealed record GeneratedCorpus(IReadOnlyList<CorpusFile> Files, IReadOnlyList<PlantedFlaw> Flaws)
    {
        public int Lines => Files.Sum(f => f.Text.Count(c => c == '\n'));
    }

    /// <summary>
    /// Writes realistic ASP.NET Core web-API code at scale: per feature, a DTO with personal data, a repository over EF Core
    /// or ADO.NET, a service that logs and calls S3 and a partner over HTTP, and a controller or a minimal-API mapping
    /// method (which also fetches a partner's page, resets a password through ASP.NET Core Identity, and adds and reads the
    /// customer's delegates, a set of the one EF Core context); about one feature in ten carries each kind of flaw, and the
    /// others carry its safe counterpart. Seeded: the same seed and size give the same code.
    /// </summary>
    public static class CorpusGenerator
    {
        public const int FilesPerFeature = 4;

        public static GeneratedCorpus Generate(int files, int seed)
        {
            var random = new Random(seed);
            var requestRandom = new Random(unchecked((seed * 397) ^ 0x5eed));
            var disclosureRandom = new Random(unchecked((seed * 7919) ^ 0x4011));
            var exposureRandom = new Random(unchecked((seed * 104729) ^ 0x0e11));
            var privilegeRandom = new Random(unchecked((seed * 15485863) ^ 0x0e12));
            var accessRandom = new Random(unchecked((seed * 32452843) ^ 0x0e13));
            var anyEf = false;
            var features = Math.Max(1, (files - 1) / FilesPerFeature);
            var result = new List<CorpusFile>();
            var flaws = new List<PlantedFlaw>();
            var minimalApis = new List<(int Feature, bool Open, bool Unlimited)>();

            for (var i = 0; i < features; i++)
            {
                var unauthenticated = random.NextDouble() < 0.1;
                var piiLogging = random.NextDouble() < 0.1;
                var sqlInjection = random.NextDouble() < 0.1;
                var useEf = random.NextDouble() < 0.5;
                var useController = random.NextDouble() < 0.5;
                var request = RequestFlaws.Draw(requestRandom);
                var disclosure = DisclosureFlaws.Draw(disclosureRandom);
                var exposure = ExposureFlaws.Draw(exposureRandom);
                var privilege = PrivilegeFlaws.Draw(privilegeRandom);
                var access = AccessFlaws.Draw(accessRandom);
                anyEf |= useEf;

                // Unvalidated input is only a flaw where the request reaches a write: the EF Core repository adds it.
                var unvalidated = request.Unvalidated && useEf;
                result.Add(Model(i, validated: !unvalidated, disclosure.RecordPrintsPii, exposure.SecretReturned, flaws));
                result.Add(useEf ? EfRepository(i, sqlInjection, flaws) : AdoRepository(i, sqlInjection, flaws));
                result.Add(Service(i, piiLogging, disclosure.LogForging, exposure, flaws));
                if (useController)
                {
                    result.Add(Controller(i, unauthenticated, request with { Unvalidated = unvalidated }, exposure, privilege, access, flaws));
                }
                else
                {
                    result.Add(Endpoints(i, unauthenticated, request with { Unvalidated = unvalidated }, exposure, privilege, access, flaws));
                    minimalApis.Add((i, unauthenticated, privilege.Unlimited));
                }
            }

            result.Add(Program(features, minimalApis, anyEf, flaws));
            return new GeneratedCorpus(result, flaws);
        }

        private const string Usings = "using System;\nusing System.Collections.Generic;\nusing System.Linq;\nusing System.Threading.Tasks;\n";

        private static CorpusFile Model(int i, bool validated, bool printsPii, bool carriesSecret, List<PlantedFlaw> flaws)
        {
            // One customer type in ten keeps its partner API key on the object the endpoints return.
            var secret = carriesSecret ? "\n\n    [HandlesSecrets]\n    public string PartnerApiKey { get; set; } = \"\";" : string.Empty;
            var path = $"Feature{i}/Customer{i}.cs";
            // A request record prints every property in its generated ToString: one in ten keeps that (and its e-mail with it).
            var body = printsPii ? ";" : "\n{\n    protected virtual bool PrintMembers(System.Text.StringBuilder builder)\n    {\n        builder.Append(\"Tier = \").Append(Tier);\n        return true;\n    }\n}";
            var text = $$"""
            {{Usings}}using System.ComponentModel.DataAnnotations;
            using ThreatAnalyzers;

            namespace Corpus.Feature{{i}};

            public class Customer{{i}}
            {
                public int Id { get; set; }

                [HandlesPii]
                public string Email { get; set; } = "";

                [HandlesPii]
                public string FullName { get; set; } = "";

                public string Tier { get; set; } = "standard";{{secret}}
            }

            {{(validated
                ? $"public record Customer{i}Request([property: HandlesPii, Required, EmailAddress, StringLength(254)] string Email, [property: Required, StringLength(20)] string Tier)"
                : $"public record Customer{i}Request([property: HandlesPii] string Email, string Tier)")}}{{body}}

            /// <summary>Someone a customer lets act on their account, with a role: the customer (UserId) owns the record.</summary>
            public class Customer{{i}}Delegate
            {
                public int Id { get; set; }

                public string UserId { get; set; } = "";

                public string Email { get; set; } = "";

                public string Role { get; set; } = "Viewer";
            }

            public record Customer{{i}}DelegateRequest([property: Required, EmailAddress, StringLength(254)] string Email, [property: Required, StringLength(20)] string Role);

            public interface ICustomer{{i}}Repository
            {
                Task<Customer{{i}}?> FindAsync(int id);

                Task AddAsync(Customer{{i}} customer);

                Task<List<Customer{{i}}>> SearchAsync(string tier);

                Task RemoveAsync(int id);
            }

            """;
            if (printsPii)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, $"public record Customer{i}Request"), FlawKind.PiiPrintedByToString));
            }

            return new CorpusFile(path, text);
        }

        private static CorpusFile EfRepository(int i, bool flaw, List<PlantedFlaw> flaws)
        {
            var path = $"Feature{i}/Customer{i}Repository.cs";
            var search = flaw
                ? $"db.Set<Customer{i}>().FromSqlRaw(\"select * from customers where tier = '\" + tier + \"'\").ToListAsync();"
                : $"db.Set<Customer{i}>().Where(c => c.Tier == tier).ToListAsync();";
            var text = $$"""
                {{Usings}}using Microsoft.EntityFrameworkCore;

                namespace Corpus.Feature{{i}};

                public sealed class Customer{{i}}Repository(CorpusDb db) : ICustomer{{i}}Repository
                {
                    public Task<Customer{{i}}?> FindAsync(int id) => db.Set<Customer{{i}}>().FirstOrDefaultAsync(c => c.Id == id);

                    public async Task AddAsync(Customer{{i}} customer)
                    {
                        db.Set<Customer{{i}}>().Add(customer);
                        await db.SaveChangesAsync();
                    }

                    public Task<List<Customer{{i}}>> SearchAsync(string tier)
                        => {{search}}

                    public Task RemoveAsync(int id) => db.Set<Customer{{i}}>().Where(c => c.Id == id).ExecuteDeleteAsync();
                }

                """;
            if (flaw)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, "FromSqlRaw"), FlawKind.SqlInjection));
            }

            return new CorpusFile(path, text);
        }

        private static CorpusFile AdoRepository(int i, bool flaw, List<PlantedFlaw> flaws)
        {
            var path = $"Feature{i}/Customer{i}Repository.cs";
            var sql = flaw ? "\"select id from customers where tier = '\" + tier + \"'\"" : "\"select id from customers where tier = @tier\"";
            var text = $$"""
                {{Usings}}using System.Data.Common;

                namespace Corpus.Feature{{i}};

                public sealed class Customer{{i}}Repository(DbConnection connection) : ICustomer{{i}}Repository
                {
                    public async Task<Customer{{i}}?> FindAsync(int id)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = "select email from customers where id = @id";
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = "@id";
                        parameter.Value = id;
                        command.Parameters.Add(parameter);
                        var email = (string?)await command.ExecuteScalarAsync();
                        return email is null ? null : new Customer{{i}} { Id = id, Email = email };
                    }

                    public async Task AddAsync(Customer{{i}} customer)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = "insert into customers (email, tier) values (@email, @tier)";
                        await command.ExecuteNonQueryAsync();
                    }

                    public async Task<List<Customer{{i}}>> SearchAsync(string tier)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = {{sql}};
                        await using var reader = await command.ExecuteReaderAsync();
                        return new List<Customer{{i}}>();
                    }

                    public async Task RemoveAsync(int id)
                    {
                        using var command = connection.CreateCommand();
                        command.CommandText = "delete from customers where id = @id";
                        var parameter = command.CreateParameter();
                        parameter.ParameterName = "@id";
                        parameter.Value = id;
                        command.Parameters.Add(parameter);
                        await command.ExecuteNonQueryAsync();
                    }
                }

                """;
            if (flaw)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, "where tier = '"), FlawKind.SqlInjection));
            }

            return new CorpusFile(path, text);
        }

        private static CorpusFile Service(int i, bool flaw, bool logForging, ExposureFlaws exposure, List<PlantedFlaw> flaws)
        {
            var removed = exposure.Unaudited ? string.Empty : "\n        logger.LogInformation(\"Removed customer {Id}\", id);";
            var crm = exposure.SentOverHttp ? "http" : "https";
            var hash = exposure.WeakHash ? "MD5" : "SHA256";
            var searchLog = logForging ? "logger.LogInformation(\"Search for tier \" + tier);" : "logger.LogInformation(\"Search for tier {Tier}\", tier);";
            var path = $"Feature{i}/Customer{i}Service.cs";
            var audited = flaw ? "request.Email" : "request.Tier";
            var storage = i % 5 == 0
                ? $"await s3.PutObjectAsync(new PutObjectRequest {{ BucketName = \"corpus-{i}\", Key = customer.Tier, ContentBody = customer.Tier }});"
                : i % 5 == 1
                    ? $"await http.PostAsync(\"https://partner{i}.example.com/notify\", new StringContent(customer.Tier));"
                    : "await Task.CompletedTask;";
            var text = $$"""
                {{Usings}}using System.Net.Http;
                using System.Security.Cryptography;
                using System.Text;
                using Amazon.S3;
                using Amazon.S3.Model;
                using Microsoft.Extensions.Logging;
                using ThreatAnalyzers;

                namespace Corpus.Feature{{i}};

                public sealed class Customer{{i}}Service(ICustomer{{i}}Repository repository, ILogger<Customer{{i}}Service> logger, IAmazonS3 s3, HttpClient http)
                {
                    public async Task<Customer{{i}}?> GetAsync(int id)
                    {
                        var customer = await repository.FindAsync(id);
                        logger.LogInformation("Loaded customer {Id}", id);
                        return customer;
                    }

                    public async Task RegisterAsync(Customer{{i}}Request request)
                    {
                        var customer = new Customer{{i}} { Email = request.Email, Tier = request.Tier };
                        await repository.AddAsync(customer);
                        Audit({{audited}});
                        {{storage}}
                        await http.PostAsync("{{crm}}://crm{{i}}.example.com/contacts", new StringContent(customer.Email));
                    }

                    public async Task RemoveAsync(int id)
                    {
                        await repository.RemoveAsync(id);{{removed}}
                    }

                    public string Fingerprint(Customer{{i}} customer) => Convert.ToHexString({{hash}}.HashData(Encoding.UTF8.GetBytes(customer.Email)));

                    [RequiresRole("Admin")]
                    public Task RebuildIndexAsync() => Task.CompletedTask;

                    public Task<List<Customer{{i}}>> SearchAsync(string tier)
                    {
                        {{searchLog}}
                        return repository.SearchAsync(tier);
                    }

                    public Task<string> FetchPageAsync(string address) => http.GetStringAsync(address);

                    private void Audit(string detail) => logger.LogInformation("Registered {Detail}", detail);
                }

                """;
            if (flaw)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, "Audit(request.Email)"), FlawKind.PiiLogging));
            }

            if (logForging)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, "\"Search for tier \" + tier"), FlawKind.LogForging));
            }

            if (exposure.SentOverHttp)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, "\"http://crm"), FlawKind.SentWithoutEncryption));
            }

            if (exposure.WeakHash)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, "MD5.HashData"), FlawKind.WeakHash));
            }

            return new CorpusFile(path, text);
        }

        private static CorpusFile Controller(int i, bool flaw, RequestFlaws request, ExposureFlaws exposure, PrivilegeFlaws privilege, AccessFlaws access, List<PlantedFlaw> flaws)
        {
            var (check, sample, ping, format) = PrivilegeCode(privilege);
            var code = AccessCode(i, access, controller: true);
            var limit = privilege.Unlimited ? "// no rate limit" : "[EnableRateLimiting(\"api\")]";
            var admin = privilege.WeakerAuthorization ? "// no role required"
                : privilege.AnonymousOverride ? "[Authorize(Roles = \"Admin\")]\n    [AllowAnonymous]"
                : "[Authorize(Roles = \"Admin\")]";
            var failure = exposure.ExceptionDetails ? "ex.Message" : "\"The customer service is unavailable.\"";
            var path = $"Feature{i}/Customer{i}Controller.cs";
            var export = request.PathTraversal ? "Path.Combine(\"/srv/exports\", name)" : "Path.Combine(\"/srv/exports\", Path.GetFileName(name))";
            var back = request.OpenRedirect ? "Redirect(returnUrl)" : "LocalRedirect(returnUrl)";
            var preview = request.CrossSiteScripting ? "\"<p>\" + note + \"</p>\"" : "\"<p>\" + WebUtility.HtmlEncode(note) + \"</p>\"";
            var caller = request.IdentityFromClientValue ? "userId" : "User.FindFirstValue(ClaimTypes.NameIdentifier) ?? \"\"";
            var text = $$"""
                {{Usings}}using System.IO;
                using System.Net;
                using System.Security.Claims;
                using System.Diagnostics;
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Authorization;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;

                namespace Corpus.Feature{{i}};

                [ApiController]
                [Route("api/feature{{i}}")]
                {{(flaw ? "// no [Authorize]" : "[Authorize]")}}
                {{limit}}
                public sealed class Customer{{i}}Controller(Customer{{i}}Service service, CorpusDb db, UserManager<IdentityUser> users, IEmailSender<IdentityUser> mail, ILogger<Customer{{i}}Controller> logger) : ControllerBase
                {{{code.Fields}}
                    [HttpGet("{id}")]
                    public async Task<IActionResult> Get(int id) => await service.GetAsync(id) is { } customer ? Ok(customer) : NotFound();

                    [HttpPost]
                    public async Task<IActionResult> Register(Customer{{i}}Request request)
                    {
                        await service.RegisterAsync(request);
                        return Accepted();
                    }

                    [HttpGet("search")]
                    public async Task<IActionResult> Search(string tier) => Ok(await service.SearchAsync(tier));

                    [HttpDelete("{id}")]
                    public async Task<IActionResult> Remove(int id)
                    {
                        await service.RemoveAsync(id);
                        return NoContent();
                    }

                    [HttpGet("status")]
                    public async Task<IActionResult> Status()
                    {
                        try
                        {
                            await service.GetAsync(0);
                            return Ok();
                        }
                        catch (Exception ex)
                        {
                            return Problem({{failure}});
                        }
                    }

                    [HttpGet("check")]
                    public IActionResult Check(string code) => Ok({{check}});

                    [HttpGet("sample")]
                    public IActionResult Sample(int count) => Ok({{sample}});

                    [HttpPost("ping")]
                    public IActionResult Ping(string host) => Ok({{ping}});

                    [HttpGet("format")]
                    public IActionResult Format(string name) => Ok({{format}});

                    [HttpPost("reindex")]
                    {{admin}}
                    public async Task<IActionResult> Reindex()
                    {
                        await service.RebuildIndexAsync();
                        return Accepted();
                    }

                    [HttpGet("export")]
                    public IActionResult Export(string name) => PhysicalFile({{export}}, "text/csv");

                    [HttpGet("back")]
                    public IActionResult Back(string returnUrl) => {{back}};

                    [HttpGet("preview")]
                    public IActionResult Preview(string note) => Content({{preview}}, "text/html");

                    [HttpGet("whoami")]
                    public IActionResult WhoAmI([FromHeader(Name = "X-User-Id")] string userId)
                    {
                        var identity = new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, {{caller}}) }, "corpus");
                        return Ok(identity.Name);
                    }

                    [HttpGet("partner-page")]
                    public async Task<IActionResult> PartnerPage(string url)
                    {{{code.PageCheck}}
                        return Ok(await service.FetchPageAsync(url));
                    }

                    [HttpPost("password-reset")]
                    [AllowAnonymous]
                    public async Task<IActionResult> RequestPasswordReset(string email)
                    {
                        var user = await users.FindByEmailAsync(email);
                        if (user is null)
                        {
                            return {{code.UnknownAccount}};
                        }

                        var resetCode = await users.GeneratePasswordResetTokenAsync(user);
                        await mail.SendPasswordResetCodeAsync(user, email, resetCode);
                        return Accepted();
                    }

                    [HttpPost("delegates")]
                    public async Task<IActionResult> AddDelegate(Customer{{i}}DelegateRequest request)
                    {{{code.RoleCheck}}
                        var owner = User.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
                        db.Customer{{i}}Delegates.Add(new Customer{{i}}Delegate { UserId = owner, Email = request.Email, Role = request.Role });
                        await db.SaveChangesAsync();
                        logger.LogInformation("Customer {Owner} added a delegate", owner);
                        return Accepted();
                    }

                    [HttpGet("delegates/{delegateId}")]
                    public async Task<IActionResult> GetDelegate(int delegateId){{code.DelegateLookup}}
                }

                """;
            if (flaw)
            {
                // Each reads or changes customers or delegates, starts a process or calls out: critical, so unauthenticated is a finding.
                foreach (var action in new[] { "> Get(", "> Register(", "> Search(", "> Remove(", " Ping(", "> PartnerPage(", "> AddDelegate(" })
                {
                    flaws.Add(new PlantedFlaw(path, LineOf(text, action), FlawKind.Unauthenticated));
                }

                // Get answers with a customer and Search with a list of them: personal data for anyone.
                flaws.Add(new PlantedFlaw(path, LineOf(text, "> Get("), FlawKind.PiiServedWithoutAuthentication));
                flaws.Add(new PlantedFlaw(path, LineOf(text, "> Search("), FlawKind.PiiServedWithoutAuthentication));
            }

            PlantRequestFlaws(path, text, request, flaws, unvalidated: "> Register(", traversal: "PhysicalFile(", redirect: "Redirect(returnUrl)", html: "Content(\"<p>\" + note", identity: "new Claim(ClaimTypes.NameIdentifier, userId)");
            PlantExposureFlaws(path, text, exposure, flaws, removes: "> Remove(", failure: "Problem(ex.Message)", returnsCustomers: new[] { "> Get(", "> Search(" });
            PlantPrivilegeFlaws(path, text, privilege, flaws, controller: true);
            PlantAccessFlaws(path, text, access, flaws, authenticated: !flaw, forgery: "service.FetchPageAsync(url)", unknownAccount: "return NotFound(\"No account", role: "Role = request.Role", lookup: "FindAsync(delegateId)");
            if (flaw && privilege.WeakerAuthorization)
            {
                // With no [Authorize] anywhere, the admin action is also an unauthenticated critical entry point.
                flaws.Add(new PlantedFlaw(path, LineOf(text, "> Reindex("), FlawKind.Unauthenticated));
            }

            return new CorpusFile(path, text);
        }

        private static CorpusFile Endpoints(int i, bool flaw, RequestFlaws request, ExposureFlaws exposure, PrivilegeFlaws privilege, AccessFlaws access, List<PlantedFlaw> flaws)
        {
            var (check, sample, ping, format) = PrivilegeCode(privilege);
            var code = AccessCode(i, access, controller: false);
            var failure = exposure.ExceptionDetails ? "ex.Message" : "\"The customer service is unavailable.\"";
            var path = $"Feature{i}/Customer{i}Endpoints.cs";
            var export = request.PathTraversal ? "Path.Combine(\"/srv/exports\", name)" : "Path.Combine(\"/srv/exports\", Path.GetFileName(name))";
            var back = request.OpenRedirect ? "Results.Redirect(returnUrl)" : "Results.LocalRedirect(returnUrl)";
            var preview = request.CrossSiteScripting ? "\"<p>\" + note + \"</p>\"" : "\"<p>\" + WebUtility.HtmlEncode(note) + \"</p>\"";
            var caller = request.IdentityFromClientValue ? "userId" : "user.FindFirstValue(ClaimTypes.NameIdentifier) ?? \"\"";
            var text = $$"""
                {{Usings}}using System.IO;
                using System.Net;
                using System.Diagnostics;
                using System.Security.Claims;
                using System.Text.RegularExpressions;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.Http;
                using Microsoft.AspNetCore.Identity;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.AspNetCore.Routing;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.Logging;

                namespace Corpus.Feature{{i}};

                public static class Customer{{i}}Endpoints
                {{{code.Fields}}
                    public static RouteGroupBuilder MapCustomer{{i}}(this RouteGroupBuilder group)
                    {
                        group.MapGet("/feature{{i}}/{id}", async (int id, Customer{{i}}Service service) => await service.GetAsync(id) is { } customer ? Results.Ok(customer) : Results.NotFound());
                        group.MapPost("/feature{{i}}", async (Customer{{i}}Request request, Customer{{i}}Service service) =>
                        {
                            await service.RegisterAsync(request);
                            return Results.Accepted();
                        });
                        group.MapGet("/feature{{i}}/search", async (string tier, Customer{{i}}Service service) => Results.Ok(await service.SearchAsync(tier)));
                        group.MapDelete("/feature{{i}}/{id}", async (int id, Customer{{i}}Service service) =>
                        {
                            await service.RemoveAsync(id);
                            return Results.NoContent();
                        });
                        group.MapGet("/feature{{i}}/status", async (Customer{{i}}Service service) =>
                        {
                            try
                            {
                                await service.GetAsync(0);
                                return Results.Ok();
                            }
                            catch (Exception ex)
                            {
                                return Results.Problem({{failure}});
                            }
                        });
                        group.MapGet("/feature{{i}}/check", (string code) => Results.Ok({{check}}));
                        group.MapGet("/feature{{i}}/sample", (int count) => Results.Ok({{sample}}));
                        group.MapPost("/feature{{i}}/ping", (string host) => Results.Ok({{ping}}));
                        group.MapGet("/feature{{i}}/format", (string name) => Results.Ok({{format}}));
                        group.MapGet("/feature{{i}}/export", (string name) => Results.File({{export}}, "text/csv"));
                        group.MapGet("/feature{{i}}/back", (string returnUrl) => {{back}});
                        group.MapGet("/feature{{i}}/preview", (string note) => Results.Content({{preview}}, "text/html"));
                        group.MapGet("/feature{{i}}/whoami", ([FromHeader(Name = "X-User-Id")] string userId, ClaimsPrincipal user) =>
                        {
                            var identity = new ClaimsIdentity(new[] { new Claim(ClaimTypes.NameIdentifier, {{caller}}) }, "corpus");
                            return Results.Ok(identity.Name);
                        });
                        group.MapGet("/feature{{i}}/partner-page", async (string page, Customer{{i}}Service service) => Results.Ok(await service.FetchPageAsync({{code.PageAddress}})));
                        group.MapPost("/feature{{i}}/password-reset", async (string email, [FromServices] UserManager<IdentityUser> users, [FromServices] IEmailSender<IdentityUser> mail) =>
                        {
                            var user = await users.FindByEmailAsync(email);
                            if (user is null)
                            {
                                return {{code.UnknownAccount}};
                            }

                            var resetCode = await users.GeneratePasswordResetTokenAsync(user);
                            await mail.SendPasswordResetCodeAsync(user, email, resetCode);
                            return Results.Accepted();
                        }).AllowAnonymous();
                        group.MapPost("/feature{{i}}/delegates", async (Customer{{i}}DelegateRequest request, ClaimsPrincipal user, CorpusDb db, ILogger<Customer{{i}}Service> logger) =>
                        {{{code.RoleCheck}}
                            var owner = user.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
                            db.Customer{{i}}Delegates.Add(new Customer{{i}}Delegate { UserId = owner, Email = request.Email, Role = request.Role });
                            await db.SaveChangesAsync();
                            logger.LogInformation("Customer {Owner} added a delegate", owner);
                            return Results.Accepted();
                        });
                        group.MapGet("/feature{{i}}/delegates/{delegateId}", {{code.DelegateLookup}});
                        return group;
                    }
                }

                """;
            if (flaw)
            {
                foreach (var route in new[] { $"MapGet(\"/feature{i}/{{id}}\"", $"MapPost(\"/feature{i}\"", $"MapGet(\"/feature{i}/search\"", $"MapDelete(\"/feature{i}/{{id}}\"", $"MapPost(\"/feature{i}/ping\"", $"MapGet(\"/feature{i}/partner-page\"", $"MapPost(\"/feature{i}/delegates\"" })
                {
                    flaws.Add(new PlantedFlaw(path, LineOf(text, route), FlawKind.Unauthenticated));
                }

                flaws.Add(new PlantedFlaw(path, LineOf(text, $"MapGet(\"/feature{i}/{{id}}\""), FlawKind.PiiServedWithoutAuthentication));
                flaws.Add(new PlantedFlaw(path, LineOf(text, $"MapGet(\"/feature{i}/search\""), FlawKind.PiiServedWithoutAuthentication));
            }

            PlantRequestFlaws(path, text, request, flaws, unvalidated: $"MapPost(\"/feature{i}\"", traversal: "Results.File(", redirect: "Results.Redirect(returnUrl)", html: "Results.Content(\"<p>\" + note", identity: "new Claim(ClaimTypes.NameIdentifier, userId)");
            PlantExposureFlaws(path, text, exposure, flaws, removes: $"MapDelete(\"/feature{i}/{{id}}\"", failure: "Results.Problem(ex.Message)", returnsCustomers: new[] { $"MapGet(\"/feature{i}/{{id}}\"", $"MapGet(\"/feature{i}/search\"" });
            PlantPrivilegeFlaws(path, text, privilege, flaws, controller: false);
            PlantAccessFlaws(path, text, access, flaws, authenticated: !flaw, forgery: "service.FetchPageAsync(page)", unknownAccount: "return Results.NotFound(\"No account", role: "Role = request.Role", lookup: "FindAsync(delegateId)");

            return new CorpusFile(path, text);
        }

        private static CorpusFile Program(int features, List<(int Feature, bool Open, bool Unlimited)> minimalApis, bool anyEf, List<PlantedFlaw> flaws)
        {
            // Each feature's delegates are a set of the one context.
            var sets = string.Join("\n", Enumerable.Range(0, features).Select(i => $"    public DbSet<Corpus.Feature{i}.Customer{i}Delegate> Customer{i}Delegates => Set<Corpus.Feature{i}.Customer{i}Delegate>();"));
            var mappings = new StringBuilder();
            foreach (var (feature, open, unlimited) in minimalApis)
            {
                var limit = unlimited ? string.Empty : ".RequireRateLimiting(\"api\")";
                mappings.Append(open
                    ? $"app.MapGroup(\"/open\"){limit}.MapCustomer{feature}();\n"
                    : $"app.MapGroup(\"/api\").RequireAuthorization(){limit}.MapCustomer{feature}();\n");
            }

            var usings = string.Concat(minimalApis.Select(m => $"using Corpus.Feature{m.Feature};\n"));
            var text = $$"""
                using Microsoft.AspNetCore.Builder;
                using Microsoft.AspNetCore.RateLimiting;
                using Microsoft.EntityFrameworkCore;
                using Microsoft.Extensions.DependencyInjection;
                {{usings}}
                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddDbContext<CorpusDb>(o => o.UseSqlite("Data Source=corpus.db"));
                builder.Services.AddControllers();
                builder.Services.AddValidation();
                builder.Services.AddRateLimiter(options => options.AddFixedWindowLimiter("api", window =>
                {
                    window.PermitLimit = 100;
                    window.Window = System.TimeSpan.FromMinutes(1);
                }));
                var app = builder.Build();
                app.UseRateLimiter();
                app.MapControllers();
                {{mappings}}
                app.Run();

                public class CorpusDb(DbContextOptions<CorpusDb> options) : DbContext(options)
                {
                {{sets}}
                }

                """;

            // The EF Core repositories write customers' personal data into a context nobody marked [EncryptedAtRest]: one
            // finding for the store, on its name.
            if (anyEf)
            {
                flaws.Add(new PlantedFlaw("Program.cs", LineOf(text, "public class CorpusDb"), FlawKind.StoredWithoutEncryption));
            }

            return new CorpusFile("Program.cs", text);
        }

        /// <summary>Records the request-handling flaws planted in a controller or endpoints file, each on the line a finding must name.</summary>
        private static void PlantRequestFlaws(string path, string text, RequestFlaws request, List<PlantedFlaw> flaws, string unvalidated, string traversal, string redirect, string html, string identity)
        {
            void Plant(bool planted, string marker, FlawKind kind)
            {
                if (planted)
                {
                    flaws.Add(new PlantedFlaw(path, LineOf(text, marker), kind));
                }
            }

            Plant(request.Unvalidated, unvalidated, FlawKind.InputWithoutValidation);
            // The same model has no length limits either.
            Plant(request.Unvalidated, unvalidated, FlawKind.UnboundedRequestInput);
            Plant(request.PathTraversal, traversal, FlawKind.PathTraversal);
            Plant(request.OpenRedirect, redirect, FlawKind.OpenRedirect);
            Plant(request.CrossSiteScripting, html, FlawKind.CrossSiteScripting);
            Plant(request.IdentityFromClientValue, identity, FlawKind.IdentityFromClientValue);
        }

        /// <summary>The request-driven code of the privilege and resource flaws, vulnerable or safe.</summary>
        private static (string Check, string Sample, string Ping, string Format) PrivilegeCode(PrivilegeFlaws privilege)
            => (privilege.RegexWithoutTimeout ? "Regex.IsMatch(code, @\"^(\\w+\\s?)*$\")" : "Regex.IsMatch(code, @\"^(\\w+\\s?)*$\", RegexOptions.None, TimeSpan.FromMilliseconds(100))",
                privilege.ResourceUse ? "Enumerable.Range(0, count).ToList()" : "Enumerable.Range(0, Math.Clamp(count, 0, 100)).ToList()",
                privilege.CommandInjection ? "Process.Start(\"ping\", host)?.Id" : "Process.Start(\"ping\", \"-c 1 partner.example.com\")?.Id",
                privilege.TypeName ? "Type.GetType(name)?.FullName" : "typeof(StringComparer).FullName");

        /// <summary>The code of the request-forgery, account-enumeration and object-access endpoints, vulnerable or safe (the text is written at the indentation of its place).</summary>
        private sealed record AccessCodeText(string Fields, string PageCheck, string PageAddress, string UnknownAccount, string RoleCheck, string DelegateLookup);

        private static AccessCodeText AccessCode(int i, AccessFlaws access, bool controller)
        {
            // The safe counterparts: an allow-listed host (actions) or a fixed host (minimal APIs); the same answer whether or not
            // the account exists; the role checked against the roles a customer may hand out; the caller's own delegates only.
            var fields = new StringBuilder();
            if (controller && !access.RequestForgery)
            {
                fields.Append($"\n    private static readonly HashSet<string> PartnerHosts = new(StringComparer.OrdinalIgnoreCase) {{ \"partner{i}.example.com\" }};\n");
            }

            if (!access.PrivilegeFromRequest)
            {
                fields.Append("\n    private static readonly string[] DelegateRoles = { \"Viewer\", \"Editor\" };\n");
            }

            var results = controller ? string.Empty : "Results.";
            var body = controller ? "        " : "            ";
            var pageCheck = access.RequestForgery
                ? string.Empty
                : "\n        var uri = new Uri(url);\n        if (!PartnerHosts.Contains(uri.Host))\n        {\n            return BadRequest();\n        }\n";
            var pageAddress = access.RequestForgery ? "page" : $"$\"https://partner{i}.example.com/pages/{{Uri.EscapeDataString(page)}}\"";
            var unknownAccount = access.AccountEnumeration ? results + "NotFound(\"No account uses this address\")" : results + "Accepted()";
            var roleCheck = access.PrivilegeFromRequest
                ? string.Empty
                : $"\n{body}if (!DelegateRoles.Contains(request.Role))\n{body}{{\n{body}    return {results}BadRequest();\n{body}}}\n";
            string lookup;
            if (controller)
            {
                lookup = access.ObjectLevelAuthorization
                    ? $"\n        => await db.Customer{i}Delegates.FindAsync(delegateId) is {{ }} found ? Ok(found) : NotFound();"
                    : $"\n    {{\n        var owner = User.FindFirstValue(ClaimTypes.NameIdentifier);\n        return await db.Customer{i}Delegates.Where(d => d.UserId == owner).FirstOrDefaultAsync(d => d.Id == delegateId) is {{ }} found ? Ok(found) : NotFound();\n    }}";
            }
            else
            {
                lookup = access.ObjectLevelAuthorization
                    ? $"async (int delegateId, CorpusDb db) =>\n            await db.Customer{i}Delegates.FindAsync(delegateId) is {{ }} found ? Results.Ok(found) : Results.NotFound()"
                    : $"async (int delegateId, ClaimsPrincipal user, CorpusDb db) =>\n        {{\n            var owner = user.FindFirstValue(ClaimTypes.NameIdentifier);\n            return await db.Customer{i}Delegates.Where(d => d.UserId == owner).FirstOrDefaultAsync(d => d.Id == delegateId) is {{ }} found ? Results.Ok(found) : Results.NotFound();\n        }}";
            }

            return new AccessCodeText(fields.ToString(), pageCheck, pageAddress, unknownAccount, roleCheck, lookup);
        }

        /// <summary>Records the request-forgery, account-enumeration and object-access flaws planted in a controller or endpoints file, each on the line a finding must name.</summary>
        private static void PlantAccessFlaws(string path, string text, AccessFlaws access, List<PlantedFlaw> flaws, bool authenticated, string forgery, string unknownAccount, string role, string lookup)
        {
            void Plant(bool planted, string marker, FlawKind kind)
            {
                if (planted)
                {
                    flaws.Add(new PlantedFlaw(path, LineOf(text, marker), kind));
                }
            }

            Plant(access.RequestForgery, forgery, FlawKind.ServerSideRequestForgery);
            Plant(access.AccountEnumeration, unknownAccount, FlawKind.AccountEnumeration);
            Plant(access.PrivilegeFromRequest, role, FlawKind.PrivilegeSetFromRequest);
            // Object-level authorization is a question for endpoints that require a signed-in caller; the open ones are TA1001's.
            Plant(access.ObjectLevelAuthorization && authenticated, lookup, FlawKind.ObjectLevelAuthorizationMissing);
        }

        /// <summary>Records the denial-of-service and privilege flaws planted in a controller or endpoints file, each on the line a finding must name.</summary>
        private static void PlantPrivilegeFlaws(string path, string text, PrivilegeFlaws privilege, List<PlantedFlaw> flaws, bool controller)
        {
            void Plant(bool planted, string marker, FlawKind kind)
            {
                if (planted)
                {
                    flaws.Add(new PlantedFlaw(path, LineOf(text, marker), kind));
                }
            }

            Plant(privilege.RegexWithoutTimeout, "Regex.IsMatch(code, @\"^(\\w+\\s?)*$\")", FlawKind.RegexWithoutTimeout);
            Plant(privilege.ResourceUse, "Enumerable.Range(0, count)", FlawKind.UntrustedResourceUse);
            Plant(privilege.CommandInjection, "Process.Start(\"ping\", host)", FlawKind.CommandInjection);
            Plant(privilege.TypeName, "Type.GetType(name)", FlawKind.UntrustedTypeName);
            Plant(controller && privilege.WeakerAuthorization, "await service.RebuildIndexAsync()", FlawKind.WeakerAuthorization);
            Plant(controller && privilege.AnonymousOverride, "[Authorize(Roles = \"Admin\")]", FlawKind.AuthorizationOverridden);
            if (privilege.Unlimited)
            {
                // Every endpoint of the feature: each action, or each Map call of the group that carries no policy.
                var lines = text.Split('\n');
                for (var index = 0; index < lines.Length; index++)
                {
                    var line = lines[index];
                    if (controller ? line.Contains("public ") && line.Contains("IActionResult") : line.TrimStart().StartsWith("group.Map", StringComparison.Ordinal))
                    {
                        flaws.Add(new PlantedFlaw(path, index + 1, FlawKind.WithoutRateLimiting));
                    }
                }
            }
        }

        /// <summary>Records the exposure flaws planted in a controller or endpoints file: the delete without a trail, the exception's message answered, the customers (with their secret) returned.</summary>
        private static void PlantExposureFlaws(string path, string text, ExposureFlaws exposure, List<PlantedFlaw> flaws, string removes, string failure, string[] returnsCustomers)
        {
            if (exposure.Unaudited)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, removes), FlawKind.StateChangeWithoutAuditTrail));
            }

            if (exposure.ExceptionDetails)
            {
                flaws.Add(new PlantedFlaw(path, LineOf(text, failure), FlawKind.ExceptionDetailsReturned));
            }

            if (exposure.SecretReturned)
            {
                foreach (var marker in returnsCustomers)
                {
                    flaws.Add(new PlantedFlaw(path, LineOf(text, marker), FlawKind.SecretReturned));
                }
            }
        }

        private static int LineOf(string text, string marker)
        {
            var index = text.IndexOf(marker, StringComparison.Ordinal);
            if (index < 0)
            {
                throw new InvalidOperationException($"marker '{marker}' not found");
            }

            return text.Take(index).Count(c => c == '\n') + 1;
        }
    }
}
