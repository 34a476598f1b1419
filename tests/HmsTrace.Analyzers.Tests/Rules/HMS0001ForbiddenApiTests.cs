using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0001ForbiddenApiTests
{
    [Test]
    public Task File_io_through_a_fully_qualified_name_is_reported() => VerifyAsync(InPolicy("""
            public override void Initialize(int targetCount)
            {
                var text = {|HMS0001:global::System.IO.File.ReadAllText|}("/etc/passwd");
            }
        """));

    [Test]
    public Task Allowed_collections_and_math_are_not_reported() => VerifyAsync(InPolicy("""
            private readonly Dictionary<long, int> _targets = new();
            private readonly List<int> _order = new();

            public override int OnFirstTouch(long address, int initiator)
            {
                var index = Math.Max(0, initiator);
                _order.Add(index);
                return _targets.TryGetValue(address, out var target) ? target : Math.Min(index, 3);
            }
        """));
}
