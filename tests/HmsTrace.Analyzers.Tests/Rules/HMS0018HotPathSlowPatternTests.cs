using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0018HotPathSlowPatternTests
{
    [Test]
    public Task Interface_foreach_struct_keys_and_allocating_calls_are_warnings() => VerifyAsync(InPolicy("""
            private struct PageKey
            {
                public long Page;
            }

            private readonly IReadOnlyList<int> _tiers = new List<int> { 0, 1 };
            private readonly Dictionary<PageKey, int> _owners = new();
            private readonly LinkedList<long> _recent = new();

            public override int OnFirstTouch(long address, int initiator)
            {
                var sum = 0;
                {|HMS0018:foreach (var tier in _tiers)|}
                {
                    sum += tier;
                }

                var known = {|HMS0018:_owners.ContainsKey(new PageKey { Page = address })|};
                {|HMS0018:_recent.AddFirst(address)|};
                return {|HMS0018:initiator.ToString()|}.Length + sum;
            }
        """));

    [Test]
    public Task Concrete_collections_and_equatable_keys_are_not_reported() => VerifyAsync(InPolicy("""
            private readonly List<int> _tiers = new() { 0, 1 };
            private readonly Dictionary<long, int> _owners = new();
            private readonly int[] _counts = new int[4];

            public override int OnFirstTouch(long address, int initiator)
            {
                var sum = 0;
                foreach (var tier in _tiers)
                {
                    sum += tier;
                }

                foreach (var count in _counts)
                {
                    sum += count;
                }

                return _owners.ContainsKey(address) ? sum : initiator;
            }
        """));

    [Test]
    public Task A_pragma_suppresses_the_warning_but_is_still_reported() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0018|}
        public sealed class TestPolicy : PlacementPolicy
        {
            private readonly IEnumerable<int> _tiers = new List<int>();

            public override void OnAccess(long address, int initiator, bool isWrite)
            {
                {|~HMS0018:foreach (var tier in _tiers)|} { }
            }
        }
        """);
}
