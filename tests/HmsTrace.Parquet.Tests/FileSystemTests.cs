namespace HmsTrace.Parquet.Tests;

public sealed class FileSystemTests
{
    private string _dir = "";

    [SetUp]
    public void CreateDirectory()
    {
        _dir = Path.Combine(Path.GetTempPath(), "hmstrace-parquet-fs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(_dir);
    }

    [TearDown]
    public void DeleteDirectory() => Directory.Delete(_dir, recursive: true);

    [Test]
    public void A_committed_atomic_file_appears_under_its_final_name_only()
    {
        var final = Path.Combine(_dir, "t", "part-00000.parquet");
        using (var f = AtomicFile.Create(final))
        {
            Assert.That(Path.GetFileName(f.TemporaryPath), Does.StartWith("part-00000.parquet.partial-"));
            Assert.That(Directory.GetFiles(_dir, "*.parquet", SearchOption.AllDirectories), Is.Empty);
            f.Stream.Write("data"u8);
            f.Commit();
        }

        Assert.That(File.ReadAllText(final), Is.EqualTo("data"));
        Assert.That(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories), Is.EqualTo(new[] { final }));
    }

    [Test]
    public void An_exception_mid_write_leaves_nothing_behind()
    {
        var final = Path.Combine(_dir, "t.parquet");
        var staging = Path.Combine(_dir, "staging");
        Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(final, s =>
        {
            using var w = ParquetWriter.Create(s, new ParquetSchema(ParquetField.Int64("a")));
            s.Write(new byte[1000]);
            throw new InvalidOperationException("engine failed");
        }, staging));
        Assert.That(File.Exists(final), Is.False);
        Assert.That(Directory.GetFiles(_dir, "*", SearchOption.AllDirectories), Is.Empty);
    }

    [Test]
    public void A_staged_file_is_renamed_from_outside_the_dataset()
    {
        var final = Path.Combine(_dir, "dataset", "a.parquet");
        var staging = Path.Combine(_dir, "staging");
        AtomicFile.Write(final, s => s.Write("x"u8), staging);
        Assert.That(File.Exists(final), Is.True);
        Assert.That(Directory.GetFiles(staging), Is.Empty);
    }

    [TestCase("plain", "plain")]
    [TestCase("a/b", "a%2Fb")]
    [TestCase("k=v:w", "k%3Dv%3Aw")]
    [TestCase("50%\"#'*?\\{[]^}", "50%25%22%23%27%2A%3F%5C%7B%5B%5D%5E}")]
    [TestCase("tab\tnl\n\u007f", "tab%09nl%0A%7F")]
    [TestCase("space and ünï", "space and ünï")]
    public void Partition_values_are_escaped_like_Hive(string value, string escaped)
    {
        Assert.That(HivePartitionPath.Escape(value), Is.EqualTo(escaped));
        Assert.That(HivePartitionPath.Unescape(escaped), Is.EqualTo(value));
    }

    [Test]
    public void A_partition_path_nests_keys_in_order_and_numbers_the_part()
        => Assert.That(HivePartitionPath.Build("migrations", [new("policy", "lru/2"), new("trace", null)], 3),
            Is.EqualTo("migrations/policy=lru%2F2/trace=__HIVE_DEFAULT_PARTITION__/part-00003.parquet"));
}
