using HmsTrace.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0019TopLevelCodeTests
{
    private static readonly PolicyCompileOptions Script = new() { Kind = SourceCodeKind.Script, Path = "policy.csx" };

    [Test]
    public Task Script_statements_methods_and_fields_are_reported() => VerifyAsync("""
        using HmsTrace.Policy;

        int {|HMS0019:counter|} = 0;
        int {|HMS0019:Next|}() => counter++;
        {|HMS0019:Next();|}

        public sealed class TestPolicy : PlacementPolicy
        {
        }
        """, Script);

    [Test]
    public Task A_script_with_only_types_is_not_reported() => VerifyAsync("""
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
        }

        public readonly struct Entry
        {
            public readonly long Page;
        }
        """, Script);

    [Test]
    public Task Code_inside_a_script_policy_class_is_analyzed() => VerifyAsync("""
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
            public override void OnUnmap(long start, long length) => {|HMS0001:System.Console.WriteLine|}(start);
        }
        """, Script);

    [Test]
    public Task A_pragma_does_not_hide_top_level_code() => VerifyAsync("""
        {|HMS0012:#pragma warning disable HMS0019|}
        using HmsTrace.Policy;

        {|~HMS0019:System.Console.WriteLine("loaded");|}

        public sealed class TestPolicy : PlacementPolicy
        {
        }
        """, Script);
}
