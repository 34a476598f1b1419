using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0003ConcurrencyTests
{
    [Test]
    public Task Lock_and_volatile_are_reported() => VerifyAsync(InPolicy("""
            private readonly object _gate = new();
            private {|HMS0003:volatile|} int _count;

            public override void OnUnmap(long start, long length)
            {
                {|HMS0003:lock|} (_gate)
                {
                    _count++;
                }
            }
        """));

    [Test]
    public Task Async_lambdas_and_await_are_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                {|HMS0001:Func<System.Threading.Tasks.Task>|} work = {|HMS0003:async|} () => {|HMS0003:await|} {|HMS0001:System.Threading.Tasks.Task.Yield|}();
            }
        """));

    [Test]
    public Task Identifiers_named_async_and_await_are_not_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                var async = targetCount;
                var await = async + 1;
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_lock() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0003|}
        public sealed class TestPolicy : PlacementPolicy
        {
            private readonly object _gate = new();

            public override void OnUnmap(long start, long length)
            {
                {|~HMS0003:lock|} (_gate) { }
            }
        }
        """);
}
