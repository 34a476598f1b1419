using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0017HookAllocationTests
{
    [Test]
    public Task Allocations_in_an_epoch_hook_are_warnings() => VerifyAsync(InPolicy("""
            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan)
            {
                var hottest = {|HMS0017:new long[ranges.Count]|};
                plan.Migrate(hottest.Length, 4096, 0);
            }
        """));

    [Test]
    public Task A_helper_shared_with_a_hot_hook_is_an_error_not_a_warning() => VerifyAsync(InPolicy("""
            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan) => Scratch();

            public override void OnAccess(long address, int initiator, bool isWrite) => Scratch();

            private static void Scratch()
            {
                var buffer = {|HMS0016:new byte[16]|};
            }
        """));

    [Test]
    public Task An_epoch_hook_reusing_buffers_is_not_reported() => VerifyAsync(InPolicy("""
            private long[] _hottest = Array.Empty<long>();

            public override void Initialize(int targetCount) => _hottest = new long[1024];

            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan)
            {
                var n = Math.Min(ranges.Count, _hottest.Length);
                for (var i = 0; i < n; i++)
                {
                    _hottest[i] = ranges.AccessCountAt(i);
                }
            }
        """));

    [Test]
    public Task A_pragma_suppresses_the_warning_but_is_still_reported() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0017|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length)
            {
                var pages = {|~HMS0017:new long[4]|};
            }
        }
        """);
}
