using HmsTrace.Replay.Sweep;
using HmsTrace.Replay.Tests.Pipeline;

namespace HmsTrace.Replay.Tests.Sweep;

public sealed class RunFilesTests
{
    /// <summary>
    /// A replay that finishes removes the shared staging folder when it is empty, while another run
    /// of the sweep may be removing its own leftovers from it: the folder vanishing between the check
    /// and the listing must not fail that run. (A sweep test failed once in CI on exactly this.)
    /// </summary>
    [Test]
    public void Removing_leftovers_survives_the_staging_folder_vanishing_meanwhile()
    {
        using var dir = new TempDirectory();
        var run = SweepPlan.Create(SweepFixture.Spec(dir.Path)).Runs[0];
        var root = dir.File("out");
        var staging = Path.Combine(root, ".staging");
        using var stop = new CancellationTokenSource();

        // Another writer: the staging folder comes and goes as fast as it can.
        var churn = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                Directory.CreateDirectory(staging);
                File.WriteAllBytes(Path.Combine(staging, "other-run.partial"), [1]);
                File.Delete(Path.Combine(staging, "other-run.partial"));
                Directory.Delete(staging);
            }
        });

        Exception? failure = null;
        try
        {
            for (var i = 0; i < 20_000 && failure is null; i++)
            {
                try
                {
                    RunFiles.RemoveLeftovers(root, run);
                }
                catch (IOException e)
                {
                    failure = e;
                }
            }
        }
        finally
        {
            stop.Cancel();
            churn.Wait();
        }

        Assert.That(failure, Is.Null);
    }
}
