using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0016HotPathAllocationTests
{
    [Test]
    public Task Allocations_in_a_hot_hook_are_reported() => VerifyAsync(InPolicy("""
            private readonly List<long> _log = new();
            private object? _last;

            public override void OnAccess(long address, int initiator, bool isWrite)
            {
                var pages = {|HMS0016:new long[4]|};
                var seen = {|HMS0016:new List<int>()|};
                _last = {|HMS0016:address|};
                var label = {|HMS0016:"node" + initiator|};
                var text = {|HMS0016:$"{address}"|};
                Func<long, bool> isHuge = {|HMS0016:a => a > 4096|};
                _log.Add(address);
            }
        """));

    [Test]
    public Task Allocations_in_helpers_reachable_from_a_hot_hook_and_LINQ_are_reported() => VerifyAsync(InPolicy("""
            private readonly List<int> _targets = new() { 0, 1 };

            public override int OnFirstTouch(long address, int initiator) => Pick(initiator);

            private int Pick(int initiator) => {|HMS0016:{|HMS0016:_targets.Where({|HMS0016:t => t != initiator|})|}.First()|};
        """).Replace("using System;", "using System;\nusing System.Linq;"));

    [Test]
    public Task Allocations_in_the_constructor_Initialize_and_throw_are_not_reported() => VerifyAsync(InPolicy("""
            private int[] _slots = Array.Empty<int>();
            private readonly Dictionary<long, int> _map;

            public TestPolicy() => _map = new Dictionary<long, int>();

            public override void Initialize(int targetCount) => _slots = new int[targetCount];

            public override int OnFirstTouch(long address, int initiator)
            {
                if (initiator < 0)
                {
                    throw new ArgumentOutOfRangeException(nameof(initiator), $"bad initiator {initiator}");
                }

                Span<int> window = stackalloc int[4];
                window[0] = _slots.Length;
                return _map.TryGetValue(address, out var target) ? target : window[0];
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_hot_allocation() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0016|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnAccess(long address, int initiator, bool isWrite)
            {
                var pages = {|~HMS0016:new long[4]|};
            }
        }
        """);
}
