using HmsTrace.Cli;
using HmsTrace.Report.Tests.Infrastructure;

namespace HmsTrace.Report.Tests;

/// <summary><c>hmstrace report</c> end to end, in-process: exit codes, messages, the written file.</summary>
[TestFixture]
public sealed class ReportCommandTests
{
    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = HmsTraceCli.RunAsync(args, output, error).GetAwaiter().GetResult();
        return (code, output.ToString(), error.ToString());
    }

    [Test]
    public void Report_writes_one_html_file_and_says_what_it_covered()
    {
        using var work = new TempDirectory();
        var file = work.File("report.html");
        var (code, output, error) = Run("report", Datasets.Sweep, "--out", file);
        Assert.That(code, Is.Zero, error);
        Assert.That(output, Does.Contain("6 runs of 2 traces"));
        Assert.That(File.ReadAllText(file), Does.StartWith("<!DOCTYPE html>"));
        Assert.That(Directory.GetFiles(work.Path), Has.Length.EqualTo(1), "no temporary files are left behind");
    }

    [Test]
    public void Two_reports_of_the_same_dataset_are_byte_identical()
    {
        using var work = new TempDirectory();
        Assert.That(Run("report", Datasets.Single, "--out", work.File("a.html")).Code, Is.Zero);
        Assert.That(Run("report", Datasets.Single, "--out", work.File("b.html")).Code, Is.Zero);
        Assert.That(File.ReadAllBytes(work.File("b.html")), Is.EqualTo(File.ReadAllBytes(work.File("a.html"))));
    }

    [Test]
    public void A_missing_dataset_is_a_clear_error()
    {
        using var work = new TempDirectory();
        var missing = work.File("no-such-results");
        var (code, _, error) = Run("report", missing, "--out", work.File("r.html"));
        Assert.That(code, Is.EqualTo(HmsTraceCli.UserError));
        Assert.That(error, Does.Contain(missing).And.Contain("no such folder").And.Contain("hmstrace replay --out"));
        Assert.That(File.Exists(work.File("r.html")), Is.False);
    }

    [Test]
    public void An_empty_dataset_is_a_clear_error()
    {
        using var work = new TempDirectory();
        var empty = work.File("results");
        Directory.CreateDirectory(Path.Combine(empty, "runs"));
        var (code, _, error) = Run("report", empty, "--out", work.File("r.html"));
        Assert.That(code, Is.EqualTo(HmsTraceCli.UserError));
        Assert.That(error, Does.Contain("holds no runs").And.Contain("nothing to report"));
        Assert.That(File.Exists(work.File("r.html")), Is.False);
    }

    [Test]
    public void A_file_instead_of_a_dataset_folder_is_a_clear_error()
    {
        using var work = new TempDirectory();
        File.WriteAllText(work.File("results"), "not a folder");
        var (code, _, error) = Run("report", work.File("results"), "--out", work.File("r.html"));
        Assert.That(code, Is.EqualTo(HmsTraceCli.UserError));
        Assert.That(error, Does.Contain("is a file, not a result dataset folder"));
    }

    [Test]
    public void A_corrupt_result_file_is_named_in_the_error()
    {
        using var work = new TempDirectory();
        var folder = Path.Combine(work.Path, "results", "runs", "policy=lru", "trace=t");
        Directory.CreateDirectory(folder);
        var bad = Path.Combine(folder, "part-0.parquet");
        File.WriteAllText(bad, "this is not parquet at all");
        var (code, _, error) = Run("report", Path.Combine(work.Path, "results"), "--out", work.File("r.html"));
        Assert.That(code, Is.EqualTo(HmsTraceCli.UserError));
        Assert.That(error, Does.Contain(bad).And.Contain("not a readable Parquet file"));
    }

    [Test]
    public void Limits_below_one_are_a_usage_error()
    {
        var (code, _, _) = Run("report", Datasets.Single, "--max-lines", "0");
        Assert.That(code, Is.EqualTo(HmsTraceCli.UsageError));
    }
}
