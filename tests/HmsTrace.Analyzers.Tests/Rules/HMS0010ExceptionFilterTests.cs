using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0010ExceptionFilterTests
{
    [Test]
    public Task A_filter_on_a_specific_exception_is_reported() => VerifyAsync(InPolicy("""
            public override void OnUnmap(long start, long length)
            {
                try { } catch (ArgumentException e) {|HMS0010:when (e.ParamName == "start")|} { }
            }
        """));

    [Test]
    public Task A_condition_inside_the_catch_block_is_not_reported() => VerifyAsync(InPolicy("""
            public override void OnUnmap(long start, long length)
            {
                try { } catch (ArgumentException e) { if (e.ParamName == "start") { return; } throw; }
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_filter() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0010|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length)
            {
                try { } catch (ArgumentException) {|~HMS0010:when (start > 0)|} { }
            }
        }
        """);
}
