using HmsTrace.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0015PolicyClassShapeTests
{
    [Test]
    public Task A_second_and_an_unsealed_policy_class_are_reported() => VerifyAsync(PolicyHeader + """
        public class {|HMS0015:FirstPolicy|} : PlacementPolicy
        {
        }

        public sealed class {|HMS0015:SecondPolicy|} : PlacementPolicy
        {
        }
        """);

    [Test]
    public Task A_policy_file_without_a_policy_class_is_reported() => VerifyAsync("""
        using HmsTrace.Policy;

        public sealed class {|HMS0015:NotAPolicy|}
        {
        }
        """, new PolicyCompileOptions { Path = "policies/lru.csx" });

    [Test]
    public Task One_sealed_policy_class_with_helper_types_is_not_reported() => VerifyAsync(PolicyHeader + """
        public sealed class LruPolicy : PlacementPolicy
        {
            private readonly Lru _lru = new();
        }

        internal sealed class Lru
        {
        }
        """, new PolicyCompileOptions { Path = "policies/lru.csx" });

    [Test]
    public Task A_pragma_does_not_hide_an_unsealed_policy() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0015|}
        public class {|~HMS0015:LruPolicy|} : PlacementPolicy
        {
        }
        """);
}
