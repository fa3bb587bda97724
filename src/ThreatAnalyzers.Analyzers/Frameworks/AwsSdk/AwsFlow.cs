using ThreatAnalyzers.DataFlow;

namespace ThreatAnalyzers.Frameworks.AwsSdk
{
    /// <summary>The AWS SDK as the flow engine sees it: what is put into S3 is written to a data store.</summary>
    internal static class AwsFlow
    {
        public static readonly SinkRow[] Sinks =
        {
            new("Amazon.S3.IAmazonS3", "PutObjectAsync", SinkKind.DataStoreWrite, "IAmazonS3.PutObjectAsync", "request"),
            new("Amazon.S3.IAmazonS3", "PutObject", SinkKind.DataStoreWrite, "IAmazonS3.PutObject", "request"),
        };
    }
}
