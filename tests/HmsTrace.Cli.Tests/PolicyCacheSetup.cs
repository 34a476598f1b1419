namespace HmsTrace.Cli.Tests;

/// <summary>Points the policy-script cache of this test process at a temporary folder, never the user's.</summary>
[SetUpFixture]
public sealed class PolicyCacheSetup
{
    public static string CacheFolder { get; } = Path.Combine(Path.GetTempPath(), "hmstrace-cli-policy-cache-" + Guid.NewGuid().ToString("N"));

    [OneTimeSetUp]
    public void PointTheCacheAtATemporaryFolder() => Environment.SetEnvironmentVariable("HMSTRACE_POLICY_CACHE", CacheFolder);

    [OneTimeTearDown]
    public void RemoveTheCache()
    {
        try
        {
            Directory.Delete(CacheFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
