using System.Diagnostics;

namespace HmsTrace.Cli.Tests;

/// <summary>
/// SIGTERM (and Ctrl-C, which takes the same path) cancels a replay or a sweep: the command stops
/// within moments, removes the files it was writing, says so, and exits with 128 + the signal's
/// number. SIGTERM is what the tests send, since a shell that starts a job in the background may
/// leave it ignoring SIGINT.
/// </summary>
public sealed class InterruptTests
{
    private const int SigTerm = 15;

    [Test]
    public void A_terminated_replay_stops_soon_leaves_no_file_behind_and_exits_with_143()
    {
        using var dir = new TempFolder();
        Gen(dir, "small", 30_000, 1);

        // A policy that thinks for milliseconds on each of the trace's thousands of first touches:
        // the replay takes many seconds, so the signal surely comes while it runs.
        File.WriteAllText(dir.File("slow.csx"), """
            using HmsTrace.Policy;

            /// <summary>Places like first-touch, after a long think on every first touch.</summary>
            public sealed class Slow : PlacementPolicy
            {
                private long _sum;

                public override TargetId OnFirstTouch(FirstTouchContext context)
                {
                    for (var i = 0; i < 2_000_000; i++)
                    {
                        _sum += i;
                    }

                    return context.DefaultTarget;
                }
            }
            """);
        var outDir = dir.File("out");

        using var child = ChildProcess.Start(dir.Path, "replay", "--trace", dir.File("small.hmst"), "--policy", dir.File("slow.csx"), "--out", outDir);
        var error = child.StandardError.ReadToEndAsync();
        var output = child.StandardOutput.ReadToEndAsync();
        Thread.Sleep(TimeSpan.FromSeconds(3));

        // (No error.Result in the message: evaluating it would wait for the replay to end.)
        Assert.That(child.HasExited, Is.False, "the replay ended before it could be interrupted");
        Assert.That(Kill(child.Id, SigTerm), Is.Zero);
        Assert.That(child.WaitForExit(TimeSpan.FromSeconds(60)), Is.True, "the replay stops after SIGTERM");

        Assert.That(child.ExitCode, Is.EqualTo(143), output.Result + error.Result);
        Assert.That(error.Result, Does.Contain("interrupted"));
        Assert.That(Directory.Exists(outDir) ? Directory.EnumerateFiles(outDir, "*", SearchOption.AllDirectories) : [], Is.Empty, "no staged or half-written file is left");
    }

    [Test]
    public void A_terminated_sweep_keeps_its_finished_runs_and_resumes_to_the_whole_dataset()
    {
        using var dir = new TempFolder();
        Gen(dir, "a", 600_000, 1);
        Gen(dir, "b", 600_000, 2);
        string[] args = ["sweep", "--trace", dir.File("a.hmst"), "--trace", dir.File("b.hmst"), "--topology", "two-tier", "--policy", "first-touch", "--policy", "lru", "--policy", "migrate-on-fault", "--capacity", "fast=80MiB", "--parallel", "1", "--share-decoding", "1"];

        using (var child = ChildProcess.Start(dir.Path, [.. args, "--out", dir.File("stopped")]))
        {
            var error = child.StandardError.ReadToEndAsync();
            string? line;
            while ((line = child.StandardOutput.ReadLine()) is not null && !line.Contains(" done ", StringComparison.Ordinal))
            {
            }

            Assert.That(line, Is.Not.Null, "the sweep ended before its first run finished");
            Assert.That(Kill(child.Id, SigTerm), Is.Zero);
            child.StandardOutput.ReadToEnd();
            Assert.That(child.WaitForExit(TimeSpan.FromSeconds(30)), Is.True, "the sweep stops soon after SIGTERM");
            Assert.That(child.ExitCode, Is.EqualTo(143), error.Result);
            Assert.That(error.Result, Does.Contain("interrupted: the runs that finished are in place"));
        }

        var stopped = dir.File("stopped");
        Assert.That(Directory.Exists(Path.Combine(stopped, ".staging")), Is.False, "files being written were removed");
        var finished = Directory.GetFiles(Path.Combine(stopped, "runs"), "*.parquet", SearchOption.AllDirectories).Length;
        Assert.That(finished, Is.InRange(1, 5), "the signal came after the first run and before the last");

        var resumed = CliRun.Invoke([.. args, "--out", stopped]);
        var whole = CliRun.Invoke([.. args, "--out", dir.File("whole")]);

        Assert.That(resumed.ExitCode, Is.EqualTo(0), resumed.Error);
        Assert.That(resumed.Output, Does.Contain($"{finished} already complete"));
        Assert.That(whole.ExitCode, Is.EqualTo(0), whole.Error);
        Assert.That(ResultDataset.Read(stopped), Is.EqualTo(ResultDataset.Read(dir.File("whole"))));
    }

    private static void Gen(TempFolder dir, string name, int records, int seed)
    {
        var run = CliRun.Invoke("trace", "gen", "zipf", "--records", records.ToString(System.Globalization.CultureInfo.InvariantCulture), "--footprint-pages", "200000", "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", dir.File(name + ".hmst"));
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Error);
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/> with kill(1); returns its exit code.</summary>
    private static int Kill(int pid, int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
        return kill.ExitCode;
    }
}
