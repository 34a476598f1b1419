using HmsTrace.Engine.Ranges;

namespace HmsTrace.Engine.Tests.Ranges;

/// <summary>
/// The radix page table against a plain array of labels, one per page: random labelling and
/// conditional replacement of ranges of every size, in a space that spans several top blocks.
/// </summary>
public sealed class PageTableTests
{
    private const int Block = 1 << PageTable.TopBits;

    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_labelling_agrees_with_an_array_and_leaves_no_nodes_behind(int seed)
    {
        var random = new Random(seed);
        const int Space = 3 * Block;
        var model = new int[Space];
        var table = new PageTable();
        for (var step = 0; step < 400; step++)
        {
            // Lengths from one page to most of the space, so that every level is split and merged.
            var length = random.Next(4) switch
            {
                0 => random.Next(1, 3),
                1 => random.Next(1, 200),
                2 => random.Next(1, 20_000),
                _ => random.Next(1, Space),
            };
            var start = random.Next(Space - length);
            var end = start + length;
            var label = random.Next(0, 6);
            if (random.Next(3) == 0)
            {
                var from = random.Next(0, 6);
                table.Replace((ulong)start, (ulong)end, from, label);
                for (var page = start; page < end; page++)
                {
                    if (model[page] == from)
                    {
                        model[page] = label;
                    }
                }
            }
            else
            {
                table.Set((ulong)start, (ulong)end, label);
                model.AsSpan(start, length).Fill(label);
            }

            if (step % 50 == 0)
            {
                Check(table, model, random, $"seed {seed}, step {step}");
            }
        }

        Check(table, model, random, $"seed {seed}, end");
        table.Set(0, Space, 0);
        Assert.That((table.Nodes, table.Blocks), Is.EqualTo((0, 0)), "clearing everything frees every node and block");
    }

    [Test]
    public void A_huge_range_costs_a_few_nodes_and_a_stream_through_it_leaves_none()
    {
        var table = new PageTable();
        const ulong Pages = 1UL << 28; // 1 TiB of 4 KiB pages
        table.Set(0, Pages, 1);
        Assert.That(table.Nodes, Is.Zero);
        Assert.That(table.Blocks, Is.EqualTo((int)(Pages / Block)));

        // A boundary sweeping page by page through the first top blocks, as a stream's first touches do.
        for (ulong page = 0; page < 3 * Block; page++)
        {
            table.Set(page, page + 1, 2);
            Assert.That(table.Nodes, Is.LessThanOrEqualTo(3), "only the nodes along the boundary exist");
        }

        Assert.That(table.Find(3 * Block - 1), Is.EqualTo(2));
        Assert.That(table.Find(3 * Block), Is.EqualTo(1));
        Assert.That(table.Nodes, Is.Zero, "a boundary on a block edge needs no node");
        Assert.That(table.NextLabel(Pages), Is.Zero);
        Assert.That(table.Find(ulong.MaxValue), Is.Zero);
    }

    [Test]
    public void Labels_at_the_top_of_the_address_space_work()
    {
        var table = new PageTable();
        table.Set(ulong.MaxValue - 100, ulong.MaxValue, 7);
        Assert.That(table.Find(ulong.MaxValue - 1), Is.EqualTo(7));
        Assert.That(table.Find(ulong.MaxValue - 101), Is.Zero);
        Assert.That(table.NextLabel(0), Is.EqualTo(7));
        table.Replace(0, ulong.MaxValue, 7, 0);
        Assert.That((table.Nodes, table.Blocks), Is.EqualTo((0, 0)));
    }

    [TestCase(3UL * Block, RangeMap.MaxTableBlocks - 2, RangeMap.MaxTableBlocks)] // spread over gigabytes: the block bound
    [TestCase(4096UL, RangeMap.TableSlack / 2, RangeMap.TableSlack * 2)]        // 16 MiB apart: the node bound
    public void A_sparse_range_map_hands_its_lookups_over_to_the_search_index_and_stays_right(ulong apart, int switchFrom, int switchTo)
    {
        // One-page ranges far apart: each needs a top block or a chain of nodes of its own.
        var map = new RangeMap();
        var switchedAt = -1;
        for (var i = 0; i < 3000; i++)
        {
            var start = (ulong)i * apart;
            map.Insert(map.LowerBound(start), new RangeEntry { Start = start, End = start + 1, Target = i % 3 });
            if (switchedAt < 0 && !map.UsesPageTable)
            {
                switchedAt = i;
            }
        }

        Assert.That(switchedAt, Is.InRange(switchFrom, switchTo), "the table gives up after a bounded number of sparse ranges");
        Assert.That(map.CheckStructure(), Is.Null);
        for (var i = 0; i < 3000; i += 7)
        {
            var start = (ulong)i * apart;
            Assert.That(map.TryFind(start, out var p) && map[p].Start == start, Is.True, $"range {i}");
            Assert.That(map.TryFind(start + 1, out _), Is.False);
            Assert.That(map[map.LowerBound(start + 1)].Start, Is.EqualTo(start + apart));
        }
    }

    [Test]
    public void A_range_larger_than_the_table_may_cover_goes_to_the_search_index()
    {
        var map = new RangeMap();
        map.Insert(map.EndPosition, new RangeEntry { Start = 10, End = 20 });
        map.Insert(map.EndPosition, new RangeEntry { Start = 1UL << 40, End = 1UL << 52 });
        map.Insert(map.LowerBound(100), new RangeEntry { Start = 100, End = 101 });

        Assert.That(map.UsesPageTable, Is.False);
        Assert.That(map.CheckStructure(), Is.Null);
        Assert.That(map.TryFind((1UL << 51) + 5, out var p) && map[p].Start == 1UL << 40, Is.True);
        Assert.That(map.TryFind(15, out var q) && map[q].Start == 10, Is.True);
        Assert.That(map[map.LowerBound(50)].Start, Is.EqualTo(100));
    }

    [Test]
    public void An_absent_block_ends_a_run_of_labels()
    {
        var table = new PageTable();
        table.Set(0, 3 * Block, 1);
        table.Set(Block, 2 * Block, 0);

        var buffer = new int[4];
        var n = table.CopyLabels(ref buffer);

        Assert.That(table.Blocks, Is.EqualTo(2));
        Assert.That(buffer.Take(n), Is.EqualTo(new[] { 1, 1 }), "two runs of label 1, not one: a range map's check relies on it");
    }

    [TestCase(1)]
    [TestCase(2)]
    public void Top_blocks_created_in_any_order_are_each_found_and_absent_ones_are_not(int seed)
    {
        // Every other block of 2 × MaxTableBlocks, created in a random order: each new block goes
        // between the ones already there, so every insertion point of the sorted top list is used.
        var blocks = Enumerable.Range(0, RangeMap.MaxTableBlocks).Select(i => 2UL * (ulong)i).ToArray();
        new Random(seed).Shuffle(blocks);
        var table = new PageTable();
        foreach (var b in blocks)
        {
            table.Set((b * Block) + 5, (b * Block) + 6, (int)b + 1);
        }

        Assert.That(table.Blocks, Is.EqualTo(RangeMap.MaxTableBlocks));
        for (var b = 0UL; b < 2 * RangeMap.MaxTableBlocks; b++)
        {
            var expected = b % 2 == 0 ? (int)b + 1 : 0;
            Assert.That((table.Find((b * Block) + 5), table.Find((b * Block) + 6)), Is.EqualTo((expected, 0)), $"block {b}");
        }
    }

    private static void Check(PageTable table, int[] model, Random random, string where)
    {
        for (var page = 0; page < model.Length; page++)
        {
            if (table.Find((ulong)page) != model[page])
            {
                Assert.Fail($"{where}: page {page} has label {table.Find((ulong)page)}, expected {model[page]}");
            }
        }

        // Runs of labels in page order, each run once, unlabelled pages skipped.
        var expected = new List<int>();
        var last = 0;
        foreach (var label in model)
        {
            if (label != 0 && label != last)
            {
                expected.Add(label);
            }

            last = label;
        }

        var buffer = new int[4];
        var n = table.CopyLabels(ref buffer);
        Assert.That(buffer.Take(n), Is.EqualTo(expected), where);

        for (var probe = 0; probe < 200; probe++)
        {
            var page = random.Next(model.Length);
            var next = Array.FindIndex(model, page, label => label != 0);
            Assert.That(table.NextLabel((ulong)page), Is.EqualTo(next < 0 ? 0 : model[next]), $"{where}: next label from page {page}");
        }
    }
}
