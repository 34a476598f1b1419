using HmsTrace.Engine.Policies;

namespace HmsTrace.Engine.Tests.Policies;

/// <summary>The open-addressing page index against a dictionary as the model (seed in the message on failure).</summary>
public sealed class PageIndexTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Random_adds_updates_and_removals_agree_with_a_dictionary(int seed)
    {
        var random = new Random(seed);
        var index = new PageIndex(capacity: 4);
        var model = new Dictionary<(uint, ulong), int>();

        // Few processes and a narrow page range: many equal pages under different processes, long
        // probe runs, and removals from their middle (the backward shift).
        for (var step = 0; step < 60_000; step++)
        {
            var pid = (uint)random.Next(3);
            var page = (ulong)random.Next(5_000);
            var grow = step < 30_000 ? 70 : 30;
            if (random.Next(100) < grow)
            {
                if (random.Next(2) == 0)
                {
                    // Through the reference: adds the key or finds it, and the write sets its value.
                    ref var value = ref index.ValueRefOrAdd(pid, page, out var exists);
                    Assert.That(exists, Is.EqualTo(model.ContainsKey((pid, page))), $"seed {seed}, step {step}: find or add ({pid}, {page})");
                    Assert.That(value, Is.EqualTo(exists ? model[(pid, page)] : 0), $"seed {seed}, step {step}: value of ({pid}, {page})");
                    value = step;
                    model[(pid, page)] = step;
                }
                else if (!model.ContainsKey((pid, page)))
                {
                    index.Add(pid, page, step);
                    model.Add((pid, page), step);
                }
            }
            else
            {
                Assert.That(index.Remove(pid, page), Is.EqualTo(model.Remove((pid, page))), $"seed {seed}, step {step}: remove ({pid}, {page})");
            }

            if (step % 997 == 0)
            {
                AssertSame(index, model, random, $"seed {seed}, step {step}");
            }
        }

        AssertSame(index, model, random, $"seed {seed}, end");
    }

    [Test]
    public void Cleared_index_holds_nothing_and_accepts_new_keys()
    {
        var index = new PageIndex();
        index.Add(1, 10, 0);
        index.Add(2, 10, 1);

        index.Clear();

        Assert.That(index.Count, Is.Zero);
        Assert.That(index.TryGetValue(1, 10, out _), Is.False);
        index.Add(1, 10, 5);
        Assert.That(index.TryGetValue(1, 10, out var value) ? value : -1, Is.EqualTo(5));
    }

    private static void AssertSame(PageIndex index, Dictionary<(uint, ulong), int> model, Random random, string where)
    {
        Assert.That(index.Count, Is.EqualTo(model.Count), where);
        Assert.That(index.Keys(), Is.EquivalentTo(model.Keys), $"{where}: keys");
        foreach (var ((pid, page), value) in model)
        {
            Assert.That(index.TryGetValue(pid, page, out var found) ? found : -1, Is.EqualTo(value), $"{where}: ({pid}, {page})");
        }

        for (var probe = 0; probe < 500; probe++)
        {
            var pid = (uint)random.Next(4);
            var page = (ulong)random.Next(6_000);
            Assert.That(index.TryGetValue(pid, page, out _), Is.EqualTo(model.ContainsKey((pid, page))), $"{where}: lookup ({pid}, {page})");
        }
    }
}
