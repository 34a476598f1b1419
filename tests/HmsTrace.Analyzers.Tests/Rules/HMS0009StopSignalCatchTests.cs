using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0009StopSignalCatchTests
{
    [Test]
    public Task Untyped_general_and_stop_signal_catches_are_reported() => VerifyAsync(InPolicy("""
            public override void OnUnmap(long start, long length)
            {
                try { } {|HMS0009:catch|} { }
                try { } catch ({|HMS0009:Exception|}) { }
                try { } catch ({|HMS0001:{|HMS0009:SystemException|}|} e) { }
                try { } catch ({|HMS0009:PolicyStopException|}) { }
            }
        """));

    [Test]
    public Task Specific_exceptions_are_not_reported() => VerifyAsync(InPolicy("""
            public override void OnUnmap(long start, long length)
            {
                try { } catch (ArgumentOutOfRangeException) { }
                try { } catch (KeyNotFoundException e) { _ = e.Message; }
                try { } finally { }
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_catch_all() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0009|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length)
            {
                try { } {|~HMS0009:catch|} { }
            }
        }
        """);
}
