using System.IO;
using System.Linq;
using System.Text.Json;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Emit;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Modeling
{
    /// <summary>
    /// Outbound mail is an external entity, the SMTP server: found missing on a real layered app whose account service
    /// mails confirmation and reset links through MailKit. Compiled against the real MailKit and .NET's System.Net.Mail.
    /// </summary>
    public class MailModelTests
    {
        private const string Contact = """
            using ThreatAnalyzers;

            public class ContactForm
            {
                [HandlesPii] public string Email { get; set; }
                public string Text { get; set; }
            }
            """;

        private static JsonElement Run(string program, params MetadataReference[] more)
        {
            var compilation = ModelHarness.CreateCompilation(
                new[] { program, Contact }, TestReferences.Web.AddRange(TestReferences.Mail).AddRange(more), OutputKind.ConsoleApplication, assemblyName: "Shop.Api");
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
            var harness = ModelHarness.Run(compilation);
            Assert.DoesNotContain(harness.Diagnostics, d => d.Id == "AD0001");
            return harness.Model();
        }

        [Fact]
        public void MailKitsSmtpClient_SendsToTheSmtpServer()
        {
            var model = Run("""
                using MailKit.Net.Smtp;
                using MailKit.Security;
                using Microsoft.AspNetCore.Builder;
                using MimeKit;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/contact", async (ContactForm form) =>
                {
                    var message = new MimeMessage();
                    message.To.Add(MailboxAddress.Parse(form.Email));
                    message.Body = new TextPart("plain") { Text = form.Text };
                    using var smtp = new SmtpClient();
                    await smtp.ConnectAsync("localhost", 587, SecureSocketOptions.StartTls);
                    await smtp.SendAsync(message);
                    await smtp.DisconnectAsync(true);
                });
                app.MapGet("/status", () => "ok");
                app.Run();
                """);

            var smtp = model.Element("SMTP server");
            Assert.Equal("entity:smtp", smtp.GetProperty("id").GetString());
            Assert.Equal("externalEntity", smtp.GetProperty("kind").GetString());
            Assert.NotNull(model.Flow("POST /contact", "SMTP server"));
            // Sending is a write: nothing comes back from the server as data.
            Assert.Null(model.Flow("SMTP server", "POST /contact"));
            Assert.Null(model.Flow("GET /status", "SMTP server"));
        }

        [Fact]
        public void SystemNetMailsSmtpClient_SendsToTheSmtpServer_WithTheDataItIsGiven()
        {
            var model = Run("""
                using System.Net.Mail;
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/contact", async (ContactForm form) =>
                {
                    using var smtp = new SmtpClient("localhost");
                    await smtp.SendMailAsync("shop@example.com", form.Email, "Thanks", form.Text);
                });
                app.Run();
                """);

            Assert.Equal(new[] { "pii" }, model.Flow("POST /contact", "SMTP server")!.Value.Strings("dataClasses"));
        }

        [Fact]
        public void AReferencedServiceThatDependsOnAMailTransport_ReachesTheSmtpServer()
        {
            const string library = """
                using System.Threading.Tasks;
                using MailKit;
                using MimeKit;

                namespace Shop.Mail
                {
                    public class Mailer
                    {
                        private readonly IMailTransport transport;
                        public Mailer(IMailTransport transport) => this.transport = transport;
                        public Task SendAsync(MimeMessage message) => transport.SendAsync(message);
                    }
                }
                """;
            var compiled = ModelHarness.CreateCompilation(new[] { library }, TestReferences.Web.AddRange(TestReferences.Mail), assemblyName: "Shop.Mail");
            using var stream = new MemoryStream();
            Assert.True(compiled.Emit(stream, options: new EmitOptions(metadataOnly: true, includePrivateMembers: false)).Success);

            var model = Run(
                """
                using Microsoft.AspNetCore.Builder;
                using MimeKit;
                using Shop.Mail;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapPost("/newsletter", (Mailer mailer) => mailer.SendAsync(new MimeMessage()));
                app.Run();
                """,
                MetadataReference.CreateFromImage(stream.ToArray()));

            Assert.Equal(new[] { "M:Shop.Mail.Mailer.SendAsync(MimeKit.MimeMessage)" }, model.Flow("POST /newsletter", "SMTP server")!.Value.Via());
        }
    }
}
