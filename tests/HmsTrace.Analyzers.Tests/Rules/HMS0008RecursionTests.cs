using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0008RecursionTests
{
    [Test]
    public Task Direct_recursion_is_reported() => VerifyAsync(InPolicy("""
            private static int Depth(int n) => n <= 0 ? 0 : 1 + {|HMS0008:Depth(n - 1)|};
        """));

    [Test]
    public Task Indirect_recursion_through_a_helper_and_a_property_is_reported() => VerifyAsync(InPolicy("""
            private int _n;

            private int Even => _n == 0 ? 1 : {|HMS0008:Odd()|};

            private int Odd()
            {
                _n--;
                return {|HMS0008:Even|};
            }
        """));

    [Test]
    public Task Recursion_through_a_local_function_and_a_virtual_hook_is_reported_at_every_call_in_the_cycle() => VerifyAsync(InPolicy("""
            public override void OnUnmap(long start, long length)
            {
                {|HMS0008:Split(length)|};

                void Split(long size)
                {
                    if (size > 4096)
                    {
                        {|HMS0008:OnUnmap(start, size / 2)|};
                    }
                }
            }
        """));

    [Test]
    public Task Recursion_through_a_delegate_is_reported_at_every_call_in_the_cycle() => VerifyAsync(InPolicy("""
            private static int Apply(Func<int, int> f, int x) => {|HMS0008:f(x)|};

            public override int OnPressure(int target, long deficitBytes)
            {
                Func<int, int> again = null!;
                again = {|HMS0017:x => x <= 0 ? 0 : {|HMS0008:Apply(again, x - 1)|}|};
                return Apply(again, target);
            }
        """));

    [Test]
    public Task Loops_and_calls_without_a_cycle_are_not_reported() => VerifyAsync(InPolicy("""
            private static int Depth(int n)
            {
                var depth = 0;
                while (n > 0)
                {
                    n = Half(n);
                    depth++;
                }

                return depth;
            }

            private static int Half(int n) => n / 2;

            public override int OnPressure(int target, long deficitBytes) => Depth(target) + base.OnPressure(target, deficitBytes);
        """));

    [Test]
    public Task A_pragma_does_not_hide_recursion() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0008|}
        public sealed class TestPolicy : PlacementPolicy
        {
            private static int Depth(int n) => n <= 0 ? 0 : 1 + {|~HMS0008:Depth(n - 1)|};
        }
        """);
}
