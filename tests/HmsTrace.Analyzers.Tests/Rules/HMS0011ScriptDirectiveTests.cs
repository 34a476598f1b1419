using HmsTrace.Analyzers.Tests.Infrastructure;
using Microsoft.CodeAnalysis;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0011ScriptDirectiveTests
{
    private static readonly PolicyCompileOptions Script = new() { Kind = SourceCodeKind.Script, Path = "policy.csx", AllowCompilerErrors = true };

    [Test]
    public Task Reference_and_load_directives_in_a_script_are_reported() => VerifyAsync("""
        {|HMS0011:#r "System.Net.Http.dll"|}
        {|HMS0011:#load "helpers.csx"|}
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
        }
        """, Script);

    [Test]
    public Task A_script_with_usings_and_one_policy_class_is_not_reported() => VerifyAsync("""
        #nullable enable
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
            public override int OnFirstTouch(long address, int initiator) => initiator & 1;
        }
        """, Script with { AllowCompilerErrors = false });

    [Test]
    public Task A_pragma_does_not_hide_a_reference_directive() => VerifyAsync("""
        {|HMS0011:#r "evil.dll"|}
        {|HMS0012:#pragma warning disable HMS0011|}
        using HmsTrace.Policy;

        public sealed class TestPolicy : PlacementPolicy
        {
        }
        """, Script);
}
