using HmsTrace.Report.Tests.Infrastructure;

namespace HmsTrace.Report.Tests;

/// <summary>Deletes the shared datasets after the last test of the assembly.</summary>
[SetUpFixture]
public sealed class AssemblyCleanup
{
    [OneTimeTearDown]
    public void DeleteDatasets() => Datasets.DeleteAll();
}
