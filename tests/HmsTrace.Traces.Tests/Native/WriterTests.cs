namespace HmsTrace.Traces.Tests.Native;

public sealed class WriterTests
{
    [TestCase("t.hmst")]
    [TestCase("t.hmst.gz")]
    [TestCase("t.csv")]
    [TestCase("t.csv.gz")]
    public void A_writer_disposed_without_complete_leaves_no_file(string name)
    {
        using var dir = new TempDirectory();
        using (var writer = TraceFile.Create(dir.File(name), ["cpu0"]))
        {
            writer.Write([new TraceRecord(0, 4096, 8, 0, 1, 0, TraceOperation.Read)]);
        }

        Assert.That(Directory.GetFileSystemEntries(dir.Path), Is.Empty);
    }

    [TestCase("t.hmst")]
    [TestCase("t.csv.gz")]
    public void A_writer_that_fails_midway_leaves_no_file_and_keeps_an_old_one(string name)
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File(name), "old");

        Assert.Throws<InvalidOperationException>(() =>
        {
            using var writer = TraceFile.Create(dir.File(name), ["cpu0"]);
            writer.Write([new TraceRecord(0, 4096, 8, 0, 1, 0, TraceOperation.Read)]);
            throw new InvalidOperationException("the producer failed");
        });

        Assert.That(Directory.GetFileSystemEntries(dir.Path), Is.EqualTo(new[] { dir.File(name) }));
        Assert.That(File.ReadAllText(dir.File(name)), Is.EqualTo("old"));
    }

    [TestCase("t.hmst")]
    [TestCase("t.hmst.gz")]
    [TestCase("t.csv")]
    [TestCase("t.csv.gz")]
    public void A_completed_writer_can_be_disposed_and_leaves_only_the_final_file(string name)
    {
        using var dir = new TempDirectory();
        var record = new TraceRecord(5, 4096, 8, 0, 1, 0, TraceOperation.Write);
        using (var writer = TraceFile.Create(dir.File(name), ["cpu0"]))
        {
            writer.Write([record]);
            writer.Complete();
        }

        Assert.That(Directory.GetFileSystemEntries(dir.Path), Is.EqualTo(new[] { dir.File(name) }));
        Assert.That(Traces.ReadAll(dir.File(name)), Is.EqualTo(new[] { record }));
    }

    [Test]
    public void An_output_name_without_a_known_extension_is_an_input_error()
    {
        using var dir = new TempDirectory();

        var e = Assert.Throws<InputException>(() => TraceFile.Create(dir.File("t.txt"), ["cpu0"]));

        Assert.That(e!.Source, Is.EqualTo(dir.File("t.txt")));
    }
}
