using HmsTrace.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests;

public sealed class RealisticPolicyTests
{
    /// <summary>An LRU promotion policy the way authors are expected to write one.</summary>
    private const string LruPolicy = """
        #nullable enable
        using System;
        using System.Collections.Generic;
        using HmsTrace.Policy;

        /// <summary>Promotes recently touched pages to the fast tier, demotes the least recently used.</summary>
        public sealed class LruPolicy : PlacementPolicy
        {
            private const int FastTier = 0;
            private const int SlowTier = 1;
            private const int None = -1;
            private static readonly long PageShift = 12;

            private readonly Dictionary<long, int> _slotOfPage = new();
            private long[] _pageOfSlot = Array.Empty<long>();
            private int[] _newer = Array.Empty<int>();
            private int[] _older = Array.Empty<int>();
            private int _newest = None;
            private int _oldest = None;
            private int _used;
            private long _touches;

            public override void Initialize(int targetCount)
            {
                const int capacity = 1 << 16;
                _pageOfSlot = new long[capacity];
                _newer = new int[capacity];
                _older = new int[capacity];
                Array.Fill(_newer, None);
                Array.Fill(_older, None);
            }

            public override int OnFirstTouch(long address, int initiator)
            {
                Touch(address >> (int)PageShift);
                return _used < _pageOfSlot.Length ? FastTier : SlowTier;
            }

            public override void OnAccess(long address, int initiator, bool isWrite)
            {
                _touches++;
                Touch(address >> (int)PageShift);
            }

            public override int OnPressure(int target, long deficitBytes)
            {
                if (target != FastTier || _oldest == None)
                {
                    return None;
                }

                var victim = _oldest;
                Unlink(victim);
                _slotOfPage.Remove(_pageOfSlot[victim]);
                return SlowTier;
            }

            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan)
            {
                var count = Math.Min(ranges.Count, 64);
                for (var i = 0; i < count; i++)
                {
                    if (ranges.AccessCountAt(i) > _touches / Math.Max(1, count))
                    {
                        plan.Migrate(ranges.StartAt(i), 1L << (int)PageShift, FastTier);
                    }
                }
            }

            public override void OnUnmap(long start, long length)
            {
                for (var page = start >> (int)PageShift; page < (start + length) >> (int)PageShift; page++)
                {
                    if (_slotOfPage.TryGetValue(page, out var slot))
                    {
                        Unlink(slot);
                        _slotOfPage.Remove(page);
                    }
                }
            }

            private void Touch(long page)
            {
                if (!_slotOfPage.TryGetValue(page, out var slot))
                {
                    if (_used == _pageOfSlot.Length)
                    {
                        return;
                    }

                    slot = _used++;
                    _slotOfPage[page] = slot;
                    _pageOfSlot[slot] = page;
                }
                else
                {
                    Unlink(slot);
                }

                _older[slot] = _newest;
                _newer[slot] = None;
                if (_newest != None)
                {
                    _newer[_newest] = slot;
                }

                _newest = slot;
                if (_oldest == None)
                {
                    _oldest = slot;
                }
            }

            private void Unlink(int slot)
            {
                var newer = _newer[slot];
                var older = _older[slot];
                if (newer != None) { _older[newer] = older; } else if (_newest == slot) { _newest = older; }
                if (older != None) { _newer[older] = newer; } else if (_oldest == slot) { _oldest = newer; }
                _newer[slot] = _older[slot] = None;
            }
        }
        """;

    [Test]
    public Task An_lru_policy_compiled_as_regular_csharp_has_no_diagnostics() =>
        VerifyAsync(LruPolicy, new PolicyCompileOptions { Path = "policies/lru.csx" });

    [Test]
    public Task An_lru_policy_compiled_as_a_script_has_no_diagnostics() =>
        VerifyAsync(LruPolicy, new PolicyCompileOptions { Kind = SourceCodeKind.Script, Path = "lru.csx" });

    [Test]
    public Task An_lru_policy_compiled_with_the_api_in_source_has_no_diagnostics() =>
        VerifyAsync(LruPolicy, new PolicyCompileOptions { ApiInSource = true });

    [Test]
    public Task An_auto_generated_header_does_not_hide_a_policy_from_the_analyzers() => VerifyAsync("""
        // <auto-generated/>
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length) => {|HMS0001:System.IO.File.Delete|}("/");
        }
        """);
}
