using System.Linq;
using System.Threading.Tasks;
using ThreatAnalyzers.Model;
using ThreatAnalyzers.Tests.Verifiers;
using Xunit;

namespace ThreatAnalyzers.Tests.Analysis
{
    /// <summary>TA4002 and TA4003 in the artifact: each warning is a threat of the element the data goes to, with the same message.</summary>
    public class EncryptionThreatsTests
    {
        [Fact]
        public async Task PlainHttpAndUnencryptedStores_AreThreatsOfTheEntityAndTheStores()
        {
            var build = await ThreatModelHarness.RunAsync(new[]
            {
                """
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading.Tasks;
                using Amazon.S3;
                using Amazon.S3.Model;
                using ThreatAnalyzers;

                namespace Portal
                {
                    public class Customer
                    {
                        public int Id { get; set; }
                        [HandlesPii] public string Email { get; set; }
                    }

                    [DataStore("Archive")]
                    public class Archive
                    {
                        public Task Save(string value) => Task.CompletedTask;
                    }

                    public class Sync(HttpClient http, IAmazonS3 s3, Archive archive)
                    {
                        public async Task Run(Customer customer)
                        {
                            await http.PostAsJsonAsync("http://crm.example.com/contacts", customer.Email);
                            await s3.PutObjectAsync(new PutObjectRequest { BucketName = "exports", ContentBody = customer.Email });
                            await archive.Save(customer.Email);
                        }
                    }
                }
                """,
            });

            foreach (var (rule, element) in new[] { ("TA4002", "entity:http:Portal.Sync"), ("TA4003", "store:s3:exports"), ("TA4003", "T:Portal.Archive") })
            {
                var threat = Assert.Single(build.Model.Threats, t => t.RuleId == rule && t.Element == element);
                Assert.Equal(ThreatStatuses.Open, threat.Status);
                Assert.Contains(build.Model.Elements, e => e.Id == element);
                Assert.Contains(build.Warnings, w => w.Id == rule && w.GetMessage(System.Globalization.CultureInfo.InvariantCulture) == threat.Message);
            }

            Assert.Equal(3, build.Model.Threats.Count(t => t.RuleId is "TA4002" or "TA4003"));
        }
    }
}
