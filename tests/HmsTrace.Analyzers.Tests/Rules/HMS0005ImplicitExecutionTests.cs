using HmsTrace.Analyzers.Tests.Infrastructure;
using static HmsTrace.Analyzers.Tests.Infrastructure.PolicyVerifier;

namespace HmsTrace.Analyzers.Tests.Rules;

public sealed class HMS0005ImplicitExecutionTests
{
    [Test]
    public Task Static_constructors_finalizers_and_module_initializers_are_reported() => VerifyAsync(InPolicy("""
            static {|HMS0005:TestPolicy|}() { }

            ~{|HMS0005:TestPolicy|}() { }

            [{|HMS0005:System.Runtime.CompilerServices.ModuleInitializer|}]
            internal static void Boot() { }
        """));

    [Test]
    public Task Instance_constructors_are_not_reported() => VerifyAsync(InPolicy("""
            private readonly int[] _slots;

            public TestPolicy() => _slots = new int[16];
        """));

    [Test]
    public Task A_pragma_does_not_hide_a_finalizer() => VerifyAsync(PolicyHeader + """
        {|HMS0012:#pragma warning disable HMS0005|}
        public sealed class TestPolicy : PlacementPolicy
        {
            ~{|~HMS0005:TestPolicy|}() { }
        }
        """);
}
