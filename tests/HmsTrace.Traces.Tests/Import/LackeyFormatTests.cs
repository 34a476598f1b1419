using HmsTrace.Traces.Import;

namespace HmsTrace.Traces.Tests.Import;

public class LackeyFormatTests
{
    private const string Sample = "lackey/ls-usr-bin.lackey.gz";

    // Expected numbers computed once, independently of HmsTrace, with:
    //   zcat ls-usr-bin.lackey.gz | awk '/^I  /{i++} /^ L /{l++} /^ S /{s++} /^ M /{m++} /^==/{e++}
    //     END{print i, l, s, m, e, NR-i-l-s-m-e}'
    // giving I 3642149, L 1083009, S 670630, M 8526, ==5439== lines 25, other 0.
    private const long Instructions = 3_642_149;
    private const long Loads = 1_083_009;
    private const long Stores = 670_630;
    private const long Modifies = 8_526;

    [Test]
    public void Sample_is_detected_as_lackey()
    {
        using var reader = TraceFile.OpenRead(SampleData.PathOf(Sample));
        Assert.That(reader.Header.Format, Is.EqualTo("lackey"));
        Assert.That(reader.Header.Initiators, Is.EqualTo(new[] { "cpu0" }));
    }

    [Test]
    public void Sample_has_the_counted_loads_stores_and_modifies()
    {
        var counts = SampleData.CountOperations(SampleData.PathOf(Sample));
        Assert.That(counts[(int)TraceOperation.Read], Is.EqualTo(Loads + Modifies));
        Assert.That(counts[(int)TraceOperation.Write], Is.EqualTo(Stores + Modifies));
        Assert.That(counts.Sum(), Is.EqualTo(Loads + Stores + (2 * Modifies)));
    }

    [Test]
    public void Sample_with_instruction_fetches_has_one_read_per_I_line_more()
    {
        var counts = SampleData.CountOperations(SampleData.PathOf(Sample), new TraceReadOptions { IncludeInstructionFetches = true });
        Assert.That(counts[(int)TraceOperation.Read], Is.EqualTo(Instructions + Loads + Modifies));
        Assert.That(counts[(int)TraceOperation.Write], Is.EqualTo(Stores + Modifies));
    }

    [Test]
    public void Sample_first_and_last_records_are_exact()
    {
        // First data access: line 9 ' S 1fff000628,8' after the second I line (clock 1).
        // Last: ' L 04a45de0,8' after I line number 3,642,144 (clock 3,642,143); see the awk above
        // with /^I  /{t++} and t-1 for the clock. The pid comes from the ==5439== lines.
        var all = SampleData.ReadAll(SampleData.PathOf(Sample), new TraceReadOptions { TimeScaleNs = 10 });
        Assert.That(all[0], Is.EqualTo(new TraceRecord(10, 0x1fff000628, 8, 0, 5439, 0, TraceOperation.Write)));
        Assert.That(all[^1], Is.EqualTo(new TraceRecord(36_421_430, 0x04a45de0, 8, 0, 5439, 0, TraceOperation.Read)));
    }

    [Test]
    public void Modify_is_a_read_then_a_write_at_the_instruction_time()
    {
        var records = TextInput.Read(LackeyFormat.Instance, "==7== x\nI  1000,4\nI  1004,2\n M 2000,8\n");
        Assert.That(records, Is.EqualTo(new[]
        {
            new TraceRecord(1, 0x2000, 8, 0, 7, 0, TraceOperation.Read),
            new TraceRecord(1, 0x2000, 8, 0, 7, 0, TraceOperation.Write),
        }));
    }

    [Test]
    public void Instruction_fetches_become_reads_when_asked()
    {
        var records = TextInput.Read(LackeyFormat.Instance, "I  1000,4\n L 2000,8\nI  1004,2\n", new TraceReadOptions { IncludeInstructionFetches = true, ProcessId = 3, Initiator = "gpu1" });
        Assert.That(records, Is.EqualTo(new[]
        {
            new TraceRecord(0, 0x1000, 4, 0, 3, 0, TraceOperation.Read),
            new TraceRecord(0, 0x2000, 8, 0, 3, 0, TraceOperation.Read),
            new TraceRecord(1, 0x1004, 2, 0, 3, 0, TraceOperation.Read),
        }));
    }

    [TestCase("I  1000,4\n L 20g0,8\n", 2)]
    [TestCase("I  1000,4\n L 2000\n", 2)]
    [TestCase("I  1000,4\n L 2000,0\n", 2)]
    [TestCase("I  1000,4\n L 2000,99999999999999999999999\n", 2)]
    [TestCase("I  1000,4\n L ffffffffffffffff,8\n", 2)]
    [TestCase("I  1000,4\nhello world\n", 2)]
    [TestCase("I  1000,4\n0x1: R 0x2 8\n", 2)]
    [TestCase("I  1000,4\n X 2000,8\n", 2)]
    [TestCase("I  1000,4\n\0\0\0binary\n", 2)]
    public void Bad_line_is_reported_with_file_line_and_quote(string text, int line)
    {
        var e = TextInput.ReadFails(LackeyFormat.Instance, text);
        Assert.That(e.Source, Is.EqualTo("test.txt"));
        Assert.That(e.Line, Is.EqualTo(line));
        Assert.That(e.Message, Does.StartWith($"test.txt:{line}: "));
        Assert.That(e.Message, Does.Contain("'"));
    }

    [Test]
    public void Truncated_last_line_is_an_error_unless_skipped()
    {
        const string text = "I  1000,4\n L 2000,8\n L 30";
        var e = TextInput.ReadFails(LackeyFormat.Instance, text);
        Assert.That(e.Line, Is.EqualTo(3));
        Assert.That(e.Message, Does.Contain("truncated"));

        using var reader = TextInput.Open(LackeyFormat.Instance, text, new TraceReadOptions { SkipBad = 1 });
        Assert.That(SampleData.ReadAll(reader), Has.Count.EqualTo(1));
        Assert.That(((IReportsSkippedInput)reader).SkippedLines, Is.EqualTo(1));
    }

    [Test]
    public void Skip_bad_skips_up_to_the_limit_and_counts()
    {
        const string text = "I  1000,4\njunk\n L 2000,8\nmore junk\n S 3000,4\n";
        using (var reader = TextInput.Open(LackeyFormat.Instance, text, new TraceReadOptions { SkipBad = 2 }))
        {
            Assert.That(SampleData.ReadAll(reader), Has.Count.EqualTo(2));
            Assert.That(((IReportsSkippedInput)reader).SkippedLines, Is.EqualTo(2));
        }

        var e = TextInput.ReadFails(LackeyFormat.Instance, text, new TraceReadOptions { SkipBad = 1 });
        Assert.That(e.Line, Is.EqualTo(4));
        Assert.That(e.Message, Does.Contain("after skipping 1 bad lines"));
    }

    [Test]
    public void Long_binary_line_is_quoted_short()
    {
        var text = "I  1000,4\n" + new string('\u0001', 100_000) + "\n";
        var e = TextInput.ReadFails(LackeyFormat.Instance, text);
        Assert.That(e.Line, Is.EqualTo(2));
        Assert.That(e.Message, Has.Length.LessThan(600));
    }

    [TestCase("==12== Lackey, an example Valgrind tool\nI  1000,4\n", 100)]
    [TestCase("I  1000,4\n L 2000,8\n S 2008,8\n", 85)]
    [TestCase("0x1: R 0x2 8\n0x1: W 0x2 8\n", 0)]
    [TestCase("t_ns,pid,initiator,op,address,size,arg\n", 0)]
    public void Detection_scores(string head, int score)
        => Assert.That(TextInput.Detect(LackeyFormat.Instance, head), Is.EqualTo(score));
}
