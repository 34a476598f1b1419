using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0004StaticMutableStateTests
{
    [Test]
    public Task Static_fields_properties_and_thread_statics_are_reported() => VerifyAsync(InPolicy("""
            private static int {|HMS0004:s_calls|};
            private static readonly int[] {|HMS0004:s_table|} = new int[4];
            private static readonly List<long> {|HMS0004:s_seen|} = new();
            public static int {|HMS0004:Total|} { get; set; }
            [ThreadStatic] private static int {|HMS0004:t_depth|};
        """));

    [Test]
    public Task Constants_and_immutable_static_readonly_fields_are_not_reported() => VerifyAsync(InPolicy("""
            private const int PageShift = 12;
            private static readonly long HugePage = 2L << 20;
            private static readonly string Name = "lru";
            private static readonly (int Fast, int Slow) Tiers = (0, 1);
            private static readonly System.Collections.Immutable.ImmutableArray<int> Weights = System.Collections.Immutable.ImmutableArray.Create(1, 2, 4);
            private static int Shift => PageShift;
            private int _instanceCount;
        """));

    [Test]
    public Task SuppressMessage_does_not_hide_a_static_counter() => VerifyAsync(InPolicy("""
            [{|HMS0012:System.Diagnostics.CodeAnalysis.SuppressMessage("Policy", "HMS0004")|}]
            private static int {|~HMS0004:s_calls|};
        """));
}
