using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0006NondeterminismTests
{
    [Test]
    public Task Time_randomness_and_guids_are_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                var now = {|HMS0006:DateTime.UtcNow|};
                var ticks = {|HMS0006:Environment.TickCount64|};
                var stamp = {|HMS0006:System.Diagnostics.Stopwatch.GetTimestamp|}();
                var random = new {|HMS0006:Random|}(42);
                var id = {|HMS0006:Guid.NewGuid|}();
            }
        """));

    [Test]
    public Task String_and_tuple_hash_codes_and_HashCode_are_reported() => VerifyAsync(InPolicy("""
            public override int OnFirstTouch(long address, int initiator)
            {
                var a = {|HMS0006:"node".GetHashCode|}();
                var b = {|HMS0006:(address, initiator).GetHashCode|}();
                var c = {|HMS0006:HashCode.Combine|}(address, initiator);
                return a ^ b ^ c;
            }
        """));

    [Test]
    public Task Transcendental_floating_point_is_reported() => VerifyAsync(InPolicy("""
            public override int OnPressure(int target, long deficitBytes)
            {
                var x = {|HMS0006:Math.Log|}(deficitBytes) + {|HMS0006:MathF.Exp|}(1f) + {|HMS0006:double.Sin|}(0.5);
                return (int)x;
            }
        """));

    [Test]
    public Task Integer_hash_codes_own_overrides_and_exact_math_are_not_reported() => VerifyAsync(InPolicy("""
            private readonly struct Key : IEquatable<Key>
            {
                public readonly long Page;
                public Key(long page) => Page = page;
                public bool Equals(Key other) => Page == other.Page;
                public override bool Equals(object? obj) => obj is Key other && Equals(other);
                public override int GetHashCode() => Page.GetHashCode();
            }

            private readonly Dictionary<string, int> _byName = new();

            public override int OnPressure(int target, long deficitBytes)
            {
                var key = new Key(deficitBytes);
                _byName["dram"] = target;
                return key.GetHashCode() ^ target.GetHashCode() ^ (int)Math.Sqrt(deficitBytes) ^ (int)Math.Round(1.5);
            }
        """));

    [Test]
    public Task SuppressMessage_does_not_hide_a_clock_read() => VerifyAsync(InPolicy("""
            [{|HMS0012:System.Diagnostics.CodeAnalysis.SuppressMessage("Determinism", "HMS0006:Nondeterministic API")|}]
            public override void OnUnmap(long start, long length)
            {
                var now = {|~HMS0006:DateTime.Now|};
            }
        """));
}
