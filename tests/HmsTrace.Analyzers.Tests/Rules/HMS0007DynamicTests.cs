using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0007DynamicTests
{
    [Test]
    public Task Dynamic_locals_casts_and_type_arguments_are_reported() => VerifyAsync(InPolicy("""
            private readonly List<{|HMS0007:dynamic|}> _bag = new();

            public override void Initialize(int start)
            {
                {|HMS0007:dynamic|} value = start;
                var other = ({|HMS0007:dynamic|})start;
            }
        """), new PolicyCompileOptions { AllowCompilerErrors = true });

    [Test]
    public Task An_identifier_named_dynamic_is_not_reported() => VerifyAsync(InPolicy("""
            public override void OnUnmap(long start, long length)
            {
                var dynamic = start + length;
            }
        """));

    [Test]
    public Task A_pragma_does_not_hide_dynamic() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0007|}
        public sealed class TestPolicy : PlacementPolicy
        {
            public override void Initialize(int start)
            {
                {|~HMS0007:dynamic|} value = start;
            }
        }
        """, new PolicyCompileOptions { AllowCompilerErrors = true });
}
