using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0014HookSignatureTests
{
    [Test]
    public Task Hooks_with_wrong_parameters_or_new_are_reported() => VerifyAsync(InPolicy("""
            public int {|HMS0014:OnFirstTouch|}(long address) => 0;
            public new void {|HMS0014:OnEpoch|}(long epoch, IRangeView ranges, IMigrationPlan plan) { }
            private void {|HMS0014:OnAccess|}(int address) { }
        """));

    [Test]
    public Task Overrides_and_other_names_are_not_reported() => VerifyAsync(InPolicy("""
            public override int OnFirstTouch(long address, int initiator) => 0;
            public override void OnEpoch(long epoch, IRangeView ranges, IMigrationPlan plan) { }
            private static int OnAccessed(int address) => address;
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_mistyped_hook() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0014|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public int {|~HMS0014:OnFirstTouch|}(long address) => 0;
        }
        """);
}
